"""Whole-expenditure reports as portals publish them: the cover (unit, year, title,
the form's maker), the report's own attachment number, headings and cells of
portal tables. Each capability is a small report of its own."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from jixiao.model.overall import OverallEvaluation
from jixiao.readers.document import Paragraph, Table
from jixiao.readers.load import load_bytes
from jixiao.readers.textlayout import read_text_layout


def evaluation(*lines: str) -> OverallEvaluation:
    result = load_bytes("\n".join(lines).encode("utf-8"), "cover.txt")
    ev = result.evaluation
    assert isinstance(ev, OverallEvaluation), [f.message for f in result.findings]
    return ev


def facts(ev: OverallEvaluation) -> dict[str, str]:
    return {f.concept: f.text for f in ev.facts}


PROFILE = ["一、部门(单位)基本概况", "本单位编制15人，实有在职人员14人。"]


def test_the_unit_on_a_cover_line_without_colon_or_with_a_seal_note() -> None:
    ev = evaluation("某县2023年度部门整体支出绩效评价自评报告", "部门(单位)名称 某县水利局", *PROFILE)
    assert ev.unit is not None and ev.unit.name == "某县水利局"
    ev = evaluation("某县2023年度部门整体支出绩效评价自评报告", "部门(单位)全称:某县人民检察院 (公章)", *PROFILE)
    assert ev.unit is not None and ev.unit.name == "某县人民检察院"


def test_cover_lines_of_the_form_are_never_part_of_the_title() -> None:
    ev = evaluation("部门整体支出绩效评价自评报告", "(2023年度)", "部门(单位)全称:某市人民检察院 (公章)",
                    "填报日期 2024年 2月26日", "某市财政局制", "部门整体支出绩效评价报告", "(参考提纲)", *PROFILE)
    assert ev.title == "部门整体支出绩效评价报告"
    assert ev.unit is not None and ev.unit.name == "某市人民检察院" and ev.unit.year == 2023


def test_the_reports_own_attachment_number_above_its_title() -> None:
    """``附件6`` above the report's title numbers the report in a notice; it does not
    start an attachment after the report, so the report is read."""
    ev = evaluation("附件6", "某县2023年度部门(单位)整体支出", "绩效评价自评报告", *PROFILE)
    assert facts(ev) == {"staff.authorized": "15", "staff.in_service": "14"}


def test_an_attachment_heading_naming_a_table_still_ends_the_report() -> None:
    ev = evaluation("某县2023年度部门整体支出绩效评价自评报告", *PROFILE, "附件2", "基础数据表",
                    "一、部门(单位)基本概况", "本单位编制99人。")
    assert facts(ev)["staff.authorized"] == "15"


def test_a_heading_written_as_a_cell_of_a_pipe_table_stays_a_heading() -> None:
    text = "\n".join(["某区2021年度部门(单位)整体支出绩效评价自评报告", "一、部门(单位)基本概况 |", "|||||||",
                      "联系人 |", "张三 |", "人员编制 |", "36 |", "实有人数 |", "38 |", "||||||"])
    doc = read_text_layout(text, "p.txt")
    assert any(isinstance(b, Paragraph) and b.text.startswith("一、") for b in doc.blocks)
    assert facts(evaluation(text)) == {"staff.authorized": "36", "staff.in_service": "38"}


def test_cells_each_followed_by_a_line_of_pipes() -> None:
    """A portal table copied cell by cell: a lone ``|`` after a closed cell is an empty
    cell, a line of several pipes ends a row."""
    text = "\n".join(["一、部门(单位)基本概况", "|", "||||||||", "联系人", "|", "张三", "|", "人员编制", "|", "19",
                      "|", "实有人数", "|", "19", "|", "||||||||", "机构名称", "|", "收入合计", "|", "其他收入", "|",
                      "局机关", "|", "229.46", "|", "|", "|", "86.1", "|", "||||"])
    doc = read_text_layout(text, "p.txt")
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == 1 and tables[0].flat
    cells = [c.text for c in tables[0].rows[0]]
    assert cells == ["联系人", "张三", "人员编制", "19", "实有人数", "19", "机构名称", "收入合计", "其他收入",
                     "局机关", "229.46", "", "", "86.1"]
    assert tables[0].rows[0][11].piece.location.line == 27  # an empty cell is where its pipe is


def test_a_retired_count_labelled_with_renshu_in_a_flattened_line() -> None:
    ev = evaluation("某局2021年部门整体支出绩效自评报告", "一、部门基本情况 (二)设置机构及人员情况 "
                    "我局实有编制数 63 人,2021 年末在职人数 57 人、离 退休人数 94 人。")
    assert facts(ev) == {"staff.authorized": "63", "staff.in_service": "57", "staff.retired": "94"}


# --- revenue and spending as the report states them (report.accounts) ---------------

def test_revenue_and_spending_totals_in_sentences_by_exact_labels() -> None:
    ev = evaluation("某县政协2021年度部门整体支出绩效评价报告", "一、基本情况", "(一)部门整体支出概况。",
                    "1、收入:792.22万元。同比上年度增加189.25万元。其中:财政拨款收入792.22万元。",
                    "2、支出:799.12万元。其中:人员经费支出434.89万元,公用经费支出77.4万元。",
                    "三公经费支出3.5万元。")
    got = facts(ev)
    assert got["revenue.total.final"] == "792.22" and got["expenditure.total.final"] == "799.12"
    assert "3.5" not in got.values()  # 三公经费支出 is not the year's spending


def test_the_revenue_table_of_the_report_and_its_total_row() -> None:
    """A header cell of no known column (here garbled) keeps its place; only the row
    summing the unit is read."""
    text = "\n".join(["某县2016年度部门(单位)整体支出绩效评价自评报告", "一、部门(单位)基本概况", "|", "人员编制", "|",
                      "19", "|", "实有人数", "|", "19", "|", "||||", "二、部门(单位)收支情况", "|",
                      "年度收入情况(万元)", "|", "机构名称", "|", "收入合计", "|", "其中:", "|", "上#结转", "|",
                      "公共财政拨款", "|", "政府基金拨款", "|", "其他收入", "|", "||||",
                      "局机关及二级机构汇总", "|", "229.46", "|", "37.23", "|", "106.13", "|", "|", "86.1", "|", "||||",
                      "1、局机关", "|", "176.26", "|", "35.87", "|", "80.39", "|", "|", "60", "|", "||||"])
    got = facts(evaluation(text))
    assert {k: v for k, v in got.items() if k.startswith("revenue.")} == {
        "revenue.total.final": "229.46", "revenue.public.final": "106.13", "revenue.other.final": "86.1"}
    # a table titled in 元 keeps its amounts in 元
    got = facts(evaluation(text.replace("年度收入情况(万元)", "年度收入情况（元）")))
    assert got["revenue.total.final"] == "229.46元"


def test_the_year_from_the_accounts_the_report_states() -> None:
    ev = evaluation("某县政协部门整体支出绩效评价报告", "部门(单位)名称:某县政协", "一、基本情况",
                    "(一)部门整体支出概况。", "2021年部门决算收支完成情况。", "1、收入:792.22万元。")
    assert ev.unit is not None and ev.unit.year == 2021


# --- 内设机构: the count and its list ---------------------------------------------------

def institutions(sentence: str) -> tuple[str | None, list[str]]:
    ev = evaluation("某县2023年度部门整体支出绩效评价自评报告", "一、部门基本情况", "(一)机构设置", sentence)
    assert ev.report is not None and ev.report.profile is not None
    block = ev.report.profile.institution_list
    assert block is not None
    return (block.count.text if block.count else None), [i.name for i in block.items]


def test_the_count_of_offices_and_their_list() -> None:
    assert institutions("本院内设 8个内设机构,即办公室、第一检察部、政治部、办公室") == (
        "8", ["办公室", "第一检察部", "政治部", "办公室"])
    assert institutions("我局设 17 个内设 机构。") == ("17", [])


def test_a_list_ending_in_deng_is_not_the_whole_list() -> None:
    assert institutions("内设5个股室，包括办公室、财务股等") == ("5", [])


def test_the_last_two_offices_joined_by_he() -> None:
    assert institutions("内设3个股室，分别为办公室、财务股和业务股。") == ("3", ["办公室", "财务股", "业务股"])


# cells, not headings: a heading (三.…, （一）…) ends such a run by design
_CELL = st.text(alphabet="人员编制实有数收入合计其他张三局机关0123456789.（）", min_size=1, max_size=8).filter(
    lambda s: s.strip() == s and not s.startswith(("（", "(")) and not re.match(r"[一二三四五六七八九十]{1,3}[、.．]", s))


@given(st.lists(st.one_of(_CELL, st.just("")), min_size=7, max_size=30).filter(
    lambda cells: bool(cells[0]) and sum(1 for c in cells if c) >= 6))
def test_cells_between_lines_of_pipes_are_read_back_as_written(cells: list[str]) -> None:
    """Any run of cells written one per line, each closed by ``|`` (an empty cell a
    lone ``|`` after the one before), reads back as the same cells."""
    lines = ["|", "||||||"]
    for cell in cells:
        lines += [cell, "|"] if cell else ["|"]
    lines.append("||||")
    doc = read_text_layout("\n".join(lines), "p.txt")
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    assert [c.text for c in tables[0].rows[0]] == cells
