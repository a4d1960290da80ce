"""The report's own date: a labelled date on the cover, else the signature date (落款);
never the portal's publication date. And the date parser behind both."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jixiao.model.dates import StatedDate, parse_date
from jixiao.readers.load import load_bytes

BODY = ["一、部门（单位）基本情况", "本单位编制15人，实有在职人员14人。", "二、存在的问题", "预算编制不够精细。"]


def report_date(*lines: str) -> str | None:
    result = load_bytes("\n".join(lines).encode("utf-8"), "report.txt")
    ev = result.evaluation
    assert ev is not None, [f.message for f in result.findings]
    return ev.report_date.value if ev.report_date is not None else None


def test_a_labelled_date_on_the_cover() -> None:
    assert report_date("某局2023年度部门整体支出绩效自评报告", "报告日期：2024年3月15日", *BODY) == "2024年3月15日"


def test_a_label_spaced_without_colon_and_a_date_spaced_as_the_page_left_it() -> None:
    assert report_date("某局2023年度部门整体支出绩效自评报告", "填 报 日 期 2024年 2月26日", *BODY) == "2024年 2月26日"
    assert report_date("某局2016年度部门整体支出绩效自评报告", "报告期:2017 -7 - 25", *BODY) == "2017 -7 - 25"


def test_a_blank_label_is_skipped() -> None:
    assert report_date("某局2023年度部门整体支出绩效自评报告", *BODY, "填报日期：      联系电话：") is None


def test_the_signature_date_at_the_end_of_the_report() -> None:
    assert report_date("某局2023年度部门整体支出绩效自评报告", *BODY, "某局", "2024年4月2日") == "2024年4月2日"


def test_the_portal_publication_date_is_not_the_report_date() -> None:
    assert report_date("首页 > 通知公告", "发布日期：2023-12-20", "某局2023年度部门整体支出绩效自评报告",
                       "2023-12-20", *BODY) is None


def test_a_date_in_a_sentence_is_not_a_signature() -> None:
    assert report_date("某局2023年度部门整体支出绩效自评报告", *BODY, "于2024年4月2日完成自评。") is None


def test_parse_date_forms() -> None:
    assert parse_date("2022年5月13日") == StatedDate(2022, 5, 13)
    assert parse_date("2019-07-09") == StatedDate(2019, 7, 9)
    assert parse_date("2021.12.31") == StatedDate(2021, 12, 31)
    assert parse_date("2022年5月") == StatedDate(2022, 5, None)
    assert parse_date("2022年13月1日") is None
    assert parse_date("年 月 日") is None


@given(st.integers(1990, 2099), st.integers(1, 12), st.integers(1, 28),
       st.sampled_from(["{y}年{m}月{d}日", "{y}-{m:02d}-{d:02d}", "{y} 年 {m} 月 {d} 日", "{y}/{m}/{d}", "{y} -{m} - {d}"]))
def test_parse_date_reads_every_written_form(y: int, m: int, d: int, form: str) -> None:
    assert parse_date(form.format(y=y, m=m, d=d)) == StatedDate(y, m, d)
