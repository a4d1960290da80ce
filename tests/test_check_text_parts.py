"""sum.text-parts: a whole and its parts stated in one sentence of a report, read from the
text and judged on intervals (checks/text_parts.py)."""

from __future__ import annotations

from jixiao.engine import evaluate
from jixiao.findings import Finding
from jixiao.readers.load import load_bytes

FUNDS = "年初预算资金120万元，全年预算120万元，实际支出118万元。"


def _findings(sentence: str, header: str = "") -> list[Finding]:
    text = (f"{header}2023年度农村道路建设项目支出绩效自评报告\n一、项目基本情况\n{sentence}\n"
            f"二、项目资金情况\n{FUNDS}\n三、存在的问题\n无。\n")
    result = load_bytes(text.encode("utf-8"), "report.txt")
    assert result.evaluation is not None
    return [f for f in evaluate(result.evaluation).findings if f.code == "sum.text-parts"]


def test_parts_after_qizhong_that_exceed_the_whole_are_an_error_at_both_places() -> None:
    found = _findings("奖补金额共计120万元，其中甲镇70万元、乙镇60万元。")
    assert len(found) == 1
    finding = found[0]
    assert finding.level.value == "error"
    assert finding.message.startswith("正文同一句中，奖补金额为120万元，其中甲镇70万元、乙镇60万元，分项之和130万元，超过合计")
    assert [(loc.line, loc.column) for loc in finding.locations] == [(3, 7), (3, 17), (3, 24)]
    assert (finding.stated, finding.expected) == ("130万元", "≤120万元")


def test_counts_after_qizhong_may_overlap_and_are_not_judged() -> None:
    assert _findings("共有职工50人，其中党员30人、女性25人。") == []


def test_a_second_division_by_use_is_not_added_to_the_division_by_source() -> None:
    assert _findings("奖补金额共计200万元，其中省级资金120万元，市级资金80万元，主要用于购置设备150万元，人员培训50万元。") == []


def test_parts_short_of_their_whole_after_qizhong_are_only_some_of_it() -> None:
    assert _findings("奖补金额共计120万元，其中甲镇70万元、乙镇40万元。") == []


def test_parts_after_fenbiewei_short_of_the_whole_are_a_warning() -> None:
    found = _findings("共救助学生236人，分别为小学生140人、初中生90人。")
    assert [(f.level.value, f.stated, f.expected) for f in found] == [("warning", "230人", "＝236人")]


def test_a_copy_cut_off_may_list_the_rest_after_the_cut() -> None:
    header = "source: https://example.org/report\ncompleteness: partial (the copy stops inside a list)\n\n"
    assert _findings("共救助学生236人，分别为小学生140人、初中生90人。", header) == []


def test_a_part_a_field_took_is_checked_against_the_parts_in_its_parenthesis() -> None:
    found = _findings("上级下达补助资金合计118万元。其中，中央资金76万元（一般公共预算：30万元；彩票公益金：50万元）；"
                      "省级资金42万元。")
    assert [(f.stated, f.expected) for f in found] == [("80万元", "≤76万元")]


def test_rounding_is_no_finding() -> None:
    assert _findings("奖补金额共计100.0万元，其中甲镇33.33万元、乙镇33.33万元、丙镇33.33万元。") == []
    assert _findings("奖补金额共计100万元，分别为甲镇33.33万元、乙镇33.33万元、丙镇33.33万元。") == []


def test_amounts_in_different_money_units_are_converted_before_adding() -> None:
    assert _findings("奖补金额共计1.2万元，其中甲镇8000元、乙镇4000元。") == []
    found = _findings("奖补金额共计1.2万元，其中甲镇9000元、乙镇4000元。")
    assert [f.stated for f in found] == ["1.3万元"]


def test_the_parts_of_a_part_in_parentheses_are_checked_against_that_part() -> None:
    found = _findings("补助资金合计100万元。其中，中央补助60万元（一般公共预算：30万元；彩票公益金：40万元），"
                      "地方补助40万元。")
    assert [(f.stated, f.expected) for f in found] == [("70万元", "≤60万元")]


def test_counts_of_other_units_and_changes_are_not_added() -> None:
    assert _findings("共培训农民120人，其中男性70人，培训场次60次，比上年增加60人。") == []


def test_the_findings_appendix_names_a_relisted_figure_by_its_field() -> None:
    from jixiao.writers.report.appendix import place_in_words, place_labels

    text = ("2023年度农村道路建设项目支出绩效自评报告\n一、项目基本情况\n上级下达补助资金合计118万元。其中，"
            "中央资金76万元（一般公共预算：30万元；彩票公益金：50万元）；省级资金42万元。\n三、存在的问题\n无。\n")
    result = load_bytes(text.encode("utf-8"), "report.txt")
    assert result.evaluation is not None
    finding = next(f for f in evaluate(result.evaluation).findings if f.code == "sum.text-parts")
    labels = place_labels(result.evaluation)
    assert [place_in_words(loc, result.evaluation, labels) for loc in finding.locations] == [
        "自评表／中央财政资金／全年预算数", "正文／一般公共预算", "正文／彩票公益金"]
