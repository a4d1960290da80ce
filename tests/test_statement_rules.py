"""Rules real published reports need (checks/statements.py): each with a case that
triggers it and its mended twin, written as the documents state them."""

from __future__ import annotations

from jixiao.findings import Finding
from tests.conftest import check_text

HEAD = "kind: overall\nframework: hunan-overall\nunit: {name: 测试局, year: 2023}\n"


def found(code: str, body: str) -> list[Finding]:
    return [f for f in check_text(HEAD + body)[1] if f.code == code]


def group(items: str, name: str = "数量指标") -> str:
    return f"""
self_evaluation:
  indicators:
    - name: 产出指标
      groups:
        - name: {name}
          items:
{items}"""


# dup.listed-twice ----------------------------------------------------------------

PROJECTS = """
report:
  performance:
    projects:
      items:
        - {{name: 委员培训项目, final: 42.82}}
        - {{name: {second}, final: 20.00}}
"""


def test_dup_listed_twice_triggered() -> None:
    hits = found("dup.listed-twice", PROJECTS.format(second="委员 培训项目"))
    assert [f.message for f in hits] == ["§六项目支出绩效情况中“委员培训项目”列出了2次"]
    assert len(hits[0].locations) == 2


def test_dup_listed_twice_not_triggered() -> None:
    assert not found("dup.listed-twice", PROJECTS.format(second="专项视察项目"))


def test_an_indicator_named_twice_in_one_group_is_listed_twice() -> None:
    items = ("            - {name: 培训场次, target: 3次, actual: 3次, weight: 5, score: 5}\n"
             "            - {name: 培训场次, target: 3次, actual: 3次, weight: 5, score: 5}\n")
    assert [f.args["where"] for f in found("dup.listed-twice", group(items))] == ["绩效指标“数量指标”"]


# plaus.revenue-below-spending ----------------------------------------------------

def budget(text: str = "") -> str:
    extra = f", text: {text}" if text else ""
    return f"report:\n  public_budget: {{revenue: 800.00, expenditure: 841.25{extra}}}\n"


def test_plaus_revenue_below_spending_triggered() -> None:
    hits = found("plaus.revenue-below-spending", budget())
    assert [f.message for f in hits] == [
        "财政拨款收入800.00万元，支出841.25万元，多支出41.25万元，文中未说明资金来源（如上年结转结余）"]


def test_plaus_revenue_below_spending_not_triggered() -> None:
    assert not found("plaus.revenue-below-spending", budget("差额41.25万元为使用上年结转资金"))
    assert not found("plaus.revenue-below-spending",
                     "report:\n  public_budget: {revenue: 841.25, expenditure: 841.25}\n")


# score.no-table -------------------------------------------------------------------

def test_score_no_table_triggered() -> None:
    hits = found("score.no-table", "self_evaluation:\n  total: {weight: 100, score: 95}\n")
    assert [f.message for f in hits] == ["自评总分95分，但没有逐项评分（指标表或执行率得分未列出），无法复核"]


def test_score_no_table_not_triggered() -> None:
    body = group("            - {name: 培训场次, target: 3次, actual: 3次, weight: 5, score: 5}\n") \
        + "  total: {weight: 100, score: 95}\n"
    assert not found("score.no-table", body)
    # a cut-off copy is not a defect of the report
    assert not found("score.no-table", "completeness: partial\nself_evaluation:\n  total: {weight: 100, score: 95}\n")


# score.unreachable-total --------------------------------------------------------

def test_score_unreachable_total_triggered() -> None:
    hits = found("score.unreachable-total", "self_evaluation:\n  total: {weight: 100, score: 101}\n")
    assert [f.message for f in hits] == ["自评总分101分，超过满分100分（总分值栏100分）"]
    hits = found("score.unreachable-total", "self_evaluation:\n  total: {score: 100.5}\n")
    assert [f.args["basis"] for f in hits] == ["评价框架“hunan-overall”的总分"]


def test_score_unreachable_total_not_triggered() -> None:
    assert not found("score.unreachable-total", "self_evaluation:\n  total: {weight: 100, score: 100}\n")


# score.qualitative-full ----------------------------------------------------------

def row(actual: str, score: str = "5") -> str:
    return group(f"            - {{name: 培训场次, target: ≥3次, actual: {actual}, weight: 5, score: {score}}}\n")


def test_score_qualitative_full_triggered() -> None:
    hits = found("score.qualitative-full", row("完成"))
    assert [f.message for f in hits] == ["“培训场次”指标值为定量的“≥3次”，完成值只写“完成”，没有数字，却得满分5分"]


def test_score_qualitative_full_not_triggered() -> None:
    assert not found("score.qualitative-full", row("3次"))
    assert not found("score.qualitative-full", row("完成", score="4"))


# score.copied-weights -------------------------------------------------------------

def three(last_actual: str) -> str:
    return group("            - {name: 培训场次, target: ≥3次, actual: 3次, weight: 5, score: 5}\n"
                 "            - {name: 视察次数, target: ≥2次, actual: 2次, weight: 5, score: 5}\n"
                 f"            - {{name: 调研报告, target: ≥6个, actual: {last_actual}, weight: 6, score: 6}}\n")


def test_score_copied_weights_triggered() -> None:
    hits = found("score.copied-weights", three("4个"))
    assert [f.message for f in hits] == [
        "3个三级指标的得分都与分值相同，而“调研报告”未达到指标值（复算4分）：得分栏可能照抄了分值栏"]


def test_score_copied_weights_not_triggered() -> None:
    assert not found("score.copied-weights", three("6个"))


# complete.value: required cells left blank ------------------------------------------

def test_a_weighted_indicator_without_its_target_is_reported_at_the_target() -> None:
    hits = found("complete.value", group("            - {name: 培训场次, actual: 3次, weight: 5, score: 5}\n"))
    assert [f.message for f in hits] == ["“培训场次”年度指标值未填，得分无法复算（证据不足）"]
    assert hits[0].locations[0].field == "/self_evaluation/indicators/0/groups/0/items/0/target"
    assert not found("complete.value", row("3次"))


def test_plaus_revenue_below_spending_on_the_year_totals() -> None:
    accounts = "report:\n  accounts: {{revenue: 792.22, expenditure: 799.12{extra}}}\n"
    hits = found("plaus.revenue-below-spending", accounts.format(extra=""))
    assert [f.message for f in hits] == [
        "收入合计792.22万元，支出799.12万元，多支出6.90万元，文中未说明资金来源（如上年结转结余）"]
    assert not found("plaus.revenue-below-spending", accounts.format(extra=", carryover: 6.90"))


# sum.count and dup.listed-twice on the offices a report lists -------------------------

OFFICES = "report:\n  profile:\n    institution_list:\n      count: {count}\n      items: [{items}]\n"


def test_a_count_of_offices_against_their_list() -> None:
    items = "{name: 办公室}, {name: 政治部}, {name: 办公室}"
    assert [f.message for f in found("sum.count", OFFICES.format(count=2, items=items))] == [
        "文中称内设机构共2个，实际列出3个"]
    assert [f.args["where"] for f in found("dup.listed-twice", OFFICES.format(count=3, items=items))] == [
        "§一内设机构"]
    assert not found("sum.count", OFFICES.format(count=3, items=items))


def test_a_partial_copy_listing_fewer_than_its_count_is_not_an_error() -> None:
    items = "{name: 办公室}, {name: 政治部}"
    assert found("sum.count", OFFICES.format(count=8, items=items))
    assert not found("sum.count", "completeness: partial\n" + OFFICES.format(count=8, items=items))
