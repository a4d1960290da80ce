"""The budget system's warnings and caps (framework ``budget_system``): each rule with a
case that triggers it and a clean twin, the cap in the score card's explanation, and the
rules off in a framework that does not turn them on."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.findings import Finding
from jixiao.frameworks.loader import load_framework, parse_framework
from tests.conftest import check_text

SYSTEM = "hunan-overall-system"


def evaluation(full: str, final: str, exec_score: str, items: str, total: str = "",
               framework: str = SYSTEM) -> str:
    """A small whole-expenditure evaluation: the funds row and one indicator group."""
    total_line = f"  total: {{weight: 100, score: {total}}}\n" if total else ""
    return f"""
kind: overall
framework: {framework}
unit: {{name: 测试局, year: 2023}}
self_evaluation:
  funds: {{initial: {full}, full_year: {full}, final: {final}, weight: 10, score: {exec_score}}}
  indicators:
    - name: 产出指标
      groups:
        - name: 数量指标
          items:
{items}
{total_line}"""


FULL_MARKS = "            - {name: 培训场次, target: ≥10次, actual: 10次, weight: 40, score: 40}\n"


def run(text: str) -> list[Finding]:
    return check_text(text)[1]


def of(code: str, findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.code == code]


# 红色预警：指标得分率高于执行率 5 个百分点以上 --------------------------------------

def test_system_score_over_execution_triggered() -> None:
    # 执行率 90%，指标得分率 100%：高 10 个百分点
    found = of("system.score-over-execution", run(evaluation("100.00", "90.00", "9", FULL_MARKS)))
    assert len(found) == 1
    assert found[0].message == ("红色预警：绩效指标得分率100.00%（得分40÷分值40）比预算执行率90.00%"
                                "高10.00个百分点，超过5个百分点")


def test_system_score_over_execution_not_triggered() -> None:
    # 执行率 96%，指标得分率 100%：高 4 个百分点，不预警
    assert not of("system.score-over-execution", run(evaluation("100.00", "96.00", "9.6", FULL_MARKS)))


# 黄色预警：预算为 0 ----------------------------------------------------------------

def test_system_zero_budget_triggered() -> None:
    found = of("system.zero-budget", run(evaluation("0", "0", "0", FULL_MARKS)))
    assert [f.args["what"] for f in found] == ["年初预算数", "全年预算数"]
    assert "黄色预警：年初预算数为0" in found[0].message


def test_system_zero_budget_not_triggered() -> None:
    assert not of("system.zero-budget", run(evaluation("100.00", "100.00", "10", FULL_MARKS)))


# 黄色预警：结余超过 20% ------------------------------------------------------------

def test_system_unspent_triggered() -> None:
    found = of("system.unspent", run(evaluation("100.00", "75.00", "7.5", FULL_MARKS)))
    assert len(found) == 1
    assert found[0].message == ("黄色预警：全年预算100.00万元，执行75.00万元，未支出25.00万元，"
                                "占预算的25.00%，超过20%")


def test_system_unspent_not_triggered() -> None:
    assert not of("system.unspent", run(evaluation("100.00", "85.00", "8.5", FULL_MARKS)))


# 封顶：执行率 70–80% 总分至多 89 分 ------------------------------------------------

def test_system_execution_cap_triggered() -> None:
    result, findings = check_text(evaluation("100.00", "75.00", "7.5", FULL_MARKS, total="47.5"))
    assert result is not None and result.card is not None
    # The reported total (47.5) is under the cap: the cap only bites on totals above 89.
    assert not of("system.execution-cap", findings)
    big = FULL_MARKS.replace("weight: 40, score: 40", "weight: 90, score: 90")
    result, findings = check_text(evaluation("100.00", "75.00", "7.5", big, total="97.5"))
    found = of("system.execution-cap", findings)
    assert len(found) == 1
    assert found[0].message == "预算执行率75.00%低于80%，总分不应高于89分，自评总分为97.5分"
    assert result is not None and result.card is not None
    card = result.card
    assert card.recomputed_total == Decimal(89)
    assert card.uncapped_total == Decimal("97.5")
    assert card.cap_note == "执行率75.00%低于80%，总分按执行率封顶为89分"


def test_system_execution_cap_not_triggered() -> None:
    big = FULL_MARKS.replace("weight: 40, score: 40", "weight: 90, score: 90")
    result, findings = check_text(evaluation("100.00", "85.00", "8.5", big, total="98.5"))
    assert not of("system.execution-cap", findings)
    assert result is not None and result.card is not None and result.card.cap is None


@pytest.mark.parametrize(("final", "cap"), [("79.99", 89), ("70.00", 89), ("69.99", 79), ("60.00", 79),
                                            ("59.99", 69), ("50.00", 69), ("49.99", 59)])
def test_the_strictest_cap_applies_at_each_boundary(final: str, cap: int) -> None:
    big = FULL_MARKS.replace("weight: 40, score: 40", "weight: 90, score: 90")
    result, _ = check_text(evaluation("100.00", final, "5", big, total="95"))
    assert result is not None and result.card is not None
    assert result.card.cap is not None and result.card.cap.max_total == cap


def test_the_cap_is_explained_in_the_score_table() -> None:
    from jixiao.writers.scorecard_text import render_scorecard, scorecard_json

    big = FULL_MARKS.replace("weight: 40, score: 40", "weight: 90, score: 90")
    result, _ = check_text(evaluation("100.00", "75.00", "7.5", big, total="97.5"))
    assert result is not None and result.card is not None
    text = render_scorecard(result.evaluation, result.card)
    assert "总分按执行率封顶为89分（未封顶为97.5分）" in text
    assert scorecard_json(result.evaluation, result.card)["total"]["cap"] == "执行率75.00%低于80%，总分按执行率封顶为89分"


# 完成值达到指标值 130% 以上扣 2 分 --------------------------------------------------

def test_system_over_target_triggered() -> None:
    items = "            - {name: 培训场次, target: ≥10次, actual: 13次, weight: 40, score: 40}\n"
    result, findings = check_text(evaluation("100.00", "100.00", "10", items))
    found = of("system.over-target", findings)
    assert len(found) == 1
    assert found[0].message == ("“培训场次”完成值13次为指标值≥10次的130.00%，达到130%以上，"
                                "按一体化系统规则视为指标设定偏低，扣2分（复算38分，自评40分）")
    assert result is not None and result.card is not None
    row = next(r for r in result.card.rows if r.name == "培训场次")
    assert row.score.points == Decimal(38)
    assert "扣2分" in row.score.explanation


def test_system_over_target_not_triggered() -> None:
    items = "            - {name: 培训场次, target: ≥10次, actual: 12.9次, weight: 40, score: 40}\n"
    result, findings = check_text(evaluation("100.00", "100.00", "10", items))
    assert not of("system.over-target", findings)
    assert result is not None and result.card is not None
    assert next(r for r in result.card.rows if r.name == "培训场次").score.points == Decimal(40)


def test_a_cost_indicator_far_below_its_ceiling_is_not_over_target() -> None:
    items = "            - {name: 培训成本, target: ≤100万元, actual: 50万元, weight: 40, score: 40}\n"
    assert not of("system.over-target", run(evaluation("100.00", "100.00", "10", items)))


# 自评分 = Σ 指标得分 + 执行率 × 10 -------------------------------------------------

def test_execution_row_is_rate_times_ten_under_the_system_framework() -> None:
    # 执行率 85% → 8.5 分；填 10 分的，按 linear 规则报 score.execution
    findings = run(evaluation("100.00", "85.00", "10", FULL_MARKS))
    assert of("score.execution", findings)
    assert not of("score.execution", run(evaluation("100.00", "85.00", "8.5", FULL_MARKS)))


# Off unless a framework turns them on ------------------------------------------------

def test_the_rules_are_off_in_a_framework_without_the_block() -> None:
    big = FULL_MARKS.replace("weight: 40, score: 40", "weight: 90, score: 90")
    findings = run(evaluation("0", "0", "0", big, total="90", framework="hunan-overall")) + \
        run(evaluation("100.00", "60.00", "6", big, total="96", framework="hunan-overall"))
    assert not [f for f in findings if f.code.startswith("system.")]
    fw, _ = load_framework("hunan-overall")
    assert fw is not None and fw.budget_system is None


def test_grades_are_defined_once_and_include_their_lower_bound() -> None:
    fw, _ = load_framework(SYSTEM)
    assert fw is not None
    assert [fw.grade_for(Decimal(x)).grade for x in ("90", "89.99", "80", "79.99", "60", "59.99")] == \
        ["优", "良", "良", "中", "中", "差"]


def test_a_cap_above_the_total_is_a_framework_finding() -> None:
    fw, _ = load_framework(SYSTEM)
    assert fw is not None
    from pathlib import Path

    from jixiao.frameworks import loader

    text = (Path(loader._DATA_DIR) / f"{SYSTEM}.yaml").read_text(encoding="utf-8")
    _, findings = parse_framework(text.replace("max_total: 89", "max_total: 189"), "broken.yaml")
    assert [f.args["problem"] for f in findings if f.code == "framework.weights"] == \
        ["执行率低于80%时的封顶分189超过总分"]
