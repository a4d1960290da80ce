"""The figures of a report's sentences that no field takes (readers/extract/text_figures.py):
each kept as a located fact of the ``text.*`` namespace, with the words before it as its
label; a whole and its parts stated in one sentence linked for ``sum.text-parts``."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from jixiao.engine import evaluate
from jixiao.model.concepts import is_text_figure
from jixiao.model.fact import Fact
from jixiao.model.location import Location
from jixiao.model.text_figures import ALL_PARTS, SOME_PARTS, TextFigure
from jixiao.readers.document import Piece
from jixiao.readers.extract.text_figures import Taken, link_parts, scan_paragraph
from jixiao.readers.load import load_bytes

FUNDS = "年初预算资金120万元，全年预算120万元，实际支出118万元。"


def _report(body: str) -> str:
    funds = "" if "预算" in body else f"二、项目资金情况\n{FUNDS}\n"
    return f"2023年度农村道路建设项目支出绩效自评报告\n一、项目基本情况\n{body}\n{funds}三、存在的问题\n无。\n"


def _read(body: str) -> list[TextFigure]:
    result = load_bytes(_report(body).encode("utf-8"), "report.txt")
    assert result.evaluation is not None, [f.message for f in result.findings]
    return list(result.evaluation.text_figures)


def _facts(body: str) -> list[Fact]:
    return [f for t in _read(body) if (f := t.figure) is not None]


def _scan(sentence: str) -> list[tuple[str, str, str]]:
    """(text as written, normalised unit, label) of each figure of one sentence."""
    piece = Piece(sentence, [(0, Location("s.txt", 1, 1))])
    return [(sentence[f.start:f.end], f.unit, f.label) for f in scan_paragraph(piece, Taken())]


# --- the figures and their labels --------------------------------------------------

def test_every_figure_with_a_unit_is_a_located_fact_with_its_label() -> None:
    facts = _facts("本项目新建村内道路32.63公里，共计救助小学生140人；初中生96人，森林覆盖率达69.83%。")
    assert [(f.concept, f.value, f.unit, f.decimals, f.text, f.label) for f in facts] == [
        ("text.quantity", Decimal("32.63"), "公里", 2, "32.63公里", "正文·本项目新建村内道路"),
        ("text.quantity", Decimal("140"), "人", 0, "140人", "正文·救助小学生"),
        ("text.quantity", Decimal("96"), "人", 0, "96人", "正文·初中生"),
        ("text.percent", Decimal("69.83"), "%", 2, "69.83%", "正文·森林覆盖率"),
    ]
    assert [(f.location.line, f.location.column) for f in facts] == [(3, 10), (3, 25), (3, 33), (3, 43)]


def test_rates_measures_and_traditional_units_are_normalised() -> None:
    got = _scan("补助标准为小学生300元/年，森林蓄积1.26亿立方米，白腦包鎮補助資金10萬元，耕地5畝，事故率0.5‰。")
    assert got == [("300元/年", "元/年", "补助标准为小学生"), ("1.26亿立方米", "亿立方米", "森林蓄积"),
                   ("10萬元", "万元", "白脑包镇补助资金"), ("5畝", "亩", "耕地"), ("0.5‰", "‰", "事故率")]


def test_wan_alone_is_an_amount_only_where_the_clause_speaks_of_money() -> None:
    assert _scan("农机购置补貼資金60萬，覆盖3万，抽查95批次。") == [
        ("60萬", "万元", "农机购置补贴资金"), ("95批次", "批次", "抽查")]


def test_a_figure_after_a_colon_takes_the_words_before_the_colon() -> None:
    assert _scan("（一般公共预算：323.97万元；彩票公益金：452.87万元）") == [
        ("323.97万元", "万元", "一般公共预算"), ("452.87万元", "万元", "彩票公益金")]


def test_numbers_that_are_no_figures_stay_out() -> None:
    got = _scan("根据《关于下达2023年资金的通知》（X财〔2023〕130号），2023年5月起实施，指标1完成；"
                "第3项任务已办结，共300余人参加，1、组织培训，12部门参与，围绕“1453”工作。")
    assert got == []
    assert _scan("残联项目绩效自评报告(精选6篇)") == []  # a content site's words, not the report's
    assert _scan("格式:docx 大小:57KB 页数:17页") == []
    assert _scan("预算执行率(E/C×100%)") == []  # a formula's constant


def test_a_figure_another_reader_took_is_not_read_again() -> None:
    facts = _facts("年初预算资金120万元，全年预算150万元，实际支出142.5万元，预算执行率95%。新建道路12公里。")
    assert [f.text for f in facts] == ["12公里"]


def test_a_total_with_no_other_name_is_labelled_as_the_total() -> None:
    assert _scan("共计1.5亿元，其中中央资金8000万元") == [("1.5亿元", "亿元", "合计"), ("8000万元", "万元", "中央资金")]


def test_a_label_that_is_empty_takes_the_one_before() -> None:
    assert [label for _, _, label in _scan("两镇补助资金分别为10万元、20万元")] == ["两镇补助资金", "两镇补助资金"]


@given(value=st.decimals(min_value=0, max_value=10 ** 7, places=2, allow_nan=False, allow_infinity=False),
       unit=st.sampled_from(["万元", "元", "亿元", "%", "人", "公里", "亩", "个", "㎡", "元/年", "人次"]))
def test_any_number_with_a_unit_is_read_exactly_as_written(value: Decimal, unit: str) -> None:
    written = f"{value}{unit}"
    got = _scan(f"其中示范点资金{written}。")
    assert got == [(written, unit, "示范点资金")]


@given(year=st.integers(min_value=1990, max_value=2035), month=st.integers(min_value=1, max_value=12))
def test_dates_are_never_figures(year: int, month: int) -> None:
    assert _scan(f"于{year}年{month}月{month}日完成，{year}年度共完成") == []


# --- a whole and its parts ---------------------------------------------------------

def _links(sentence: str) -> list[tuple[str, str | None, str]]:
    """(figure, the figure of its whole, some/all) of one sentence."""
    piece = Piece(sentence, [(0, Location("s.txt", 1, 1))])
    figures = scan_paragraph(piece, Taken())
    links = link_parts(sentence, figures)
    out = []
    for i, f in enumerate(figures):
        whole, parts = links.get(i, (None, ""))
        out.append((sentence[f.start:f.end], None if whole is None else sentence[figures[whole].start:figures[whole].end],
                    parts))
    return out


def test_qizhong_lists_some_parts_and_a_parenthesis_the_parts_of_a_part() -> None:
    got = _links("项目资金合计1067.2万元。其中，中央资金776.84万元（一般公共预算：323.97万元；彩票公益金：452.87万元），"
                 "地方资金290.36万元。")
    assert got == [("1067.2万元", None, SOME_PARTS), ("776.84万元", "1067.2万元", SOME_PARTS),
                   ("323.97万元", "776.84万元", ""), ("452.87万元", "776.84万元", ""),
                   ("290.36万元", "1067.2万元", "")]


def test_fenbiewei_lists_all_parts_of_one_unit() -> None:
    assert _links("共救助学生236人，分别为小学生140人、初中生96人。") == [
        ("236人", None, ALL_PARTS), ("140人", "236人", ""), ("96人", "236人", "")]


def test_a_change_a_share_or_another_unit_ends_the_parts() -> None:
    got = _links("共安排资金100万元，其中设备购置60万元、人员培训30万元，比上年增加20万元，新建道路5公里。")
    assert got == [("100万元", None, SOME_PARTS), ("60万元", "100万元", ""), ("30万元", "100万元", ""),
                   ("20万元", None, ""), ("5公里", None, "")]
    # 分别为 cut short by a figure that is no part lists some of the whole only
    assert _links("共投入200万元，分别为甲镇50万元、乙镇60万元，占总额55%。")[0] == ("200万元", None, SOME_PARTS)


def test_a_stronger_separator_than_the_first_ends_the_parts() -> None:
    got = _links("共有职工50人，其中男30人，女20人；大专以上学历15人。")
    assert [(figure, whole) for figure, whole, _ in got] == [("50人", None), ("30人", "50人"), ("20人", "50人"),
                                                            ("15人", None)]
    got = _links("共下达资金100万元，其中：中央资金50万元；省级资金30万元；县级资金20万元。")
    assert [whole for _, whole, _ in got] == [None, "100万元", "100万元", "100万元"]


def test_a_list_the_paragraph_ends_without_a_full_stop_may_go_on() -> None:
    assert _links("共投入200万元，分别为甲镇50万元、乙镇60万元")[0] == ("200万元", None, SOME_PARTS)


def test_a_member_a_field_took_is_listed_again_so_the_sum_can_be_checked() -> None:
    figures = _read("上级下达补助资金合计118万元。其中，中央资金76万元（一般公共预算：30万元；彩票公益金：46万元）；"
                    "省级资金42万元。")
    # 118, 76 and 42 are the funds' full-year budget and its sources: all taken, the outer sum is
    # the funds check's; 76 is listed again as the whole of its parenthesis
    assert [(t.label, t.figure.text if t.figure else None, t.part_of, t.parts) for t in figures] == [
        ("中央资金", "76万元", None, SOME_PARTS), ("一般公共预算", "30万元", 1, None), ("彩票公益金", "46万元", 1, None)]


def test_no_marker_no_whole() -> None:
    assert all(whole is None and not parts for _, whole, parts in
               _links("共计救助小学生140人；初中生96人，补助资金10万元、2万元。"))


def test_parts_are_linked_in_the_evaluation_by_position() -> None:
    figures = _read("新建道路3公里。共培训农民120人，其中男性70人、女性50人。")
    assert [(t.label, t.part_of, t.parts) for t in figures] == [
        ("新建道路", None, None), ("培训农民", None, SOME_PARTS), ("男性", 2, None), ("女性", 2, None)]


# --- kept out of the checks that reconcile concepts ---------------------------------

def test_text_figures_feed_no_resolution_and_no_finding() -> None:
    body = ("补助资金10万元，小学生300元/年，补助资金2万元，发放补贴-5元，覆盖率99%，覆盖率98%。")
    result = load_bytes(_report(body).encode("utf-8"), "report.txt")
    assert result.evaluation is not None
    assert len(result.evaluation.text_figures) >= 5
    evaluated = evaluate(result.evaluation)
    assert evaluated.resolution is not None
    assert not any(is_text_figure(c) for c in evaluated.resolution.values)
    assert [f.code for f in evaluated.findings if f.level.value != "info"
            and any(loc.line == 3 and (loc.column or 0) > 45 for loc in f.locations)] == []


def test_a_standard_per_a_count_whose_own_unit_is_unsaid() -> None:
    """补贴标准89.34/亩: the sentence leaves 元 unsaid; the figure is kept per 亩, as written."""
    got = _scan("补贴标准89.34/亩，每人不超过500/年，完成3万方土方工程，共3/4的村。")
    assert got == [("89.34/亩", "/亩", "补贴标准"), ("500/年", "/年", "每人不超过"),
                   ("3万方", "万方", "完成")]


def test_the_sentences_in_a_tables_cells_are_read_as_the_texts() -> None:
    """A cell that holds sentences (a goal's 实际完成情况, a report laid out as a table) has its
    figures read as a paragraph's; a cell with a figure or a label alone is the table's."""
    body = ("| 年度目标 | 实际完成情况 |\n"
            "| 完成道路建设 | 全年新建道路32.63公里，惠及农户260户。 |\n"
            "| 道路里程 | 30公里 |\n")
    facts = _facts(body)
    assert [(f.text, f.label) for f in facts] == [("32.63公里", "正文·全年新建道路"), ("260户", "正文·惠及农户")]
