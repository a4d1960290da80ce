"""Checks follow the figures, not one document: consistent evaluations generated from
random figures raise nothing; each injected defect raises exactly its own finding,
and nothing cascades from it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.findings import Finding, Level
from tests.conftest import check_text

CENT = Decimal("0.01")


def money(low: int, high: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda c: Decimal(c) * CENT)


@dataclass
class Figures:
    personnel: Decimal
    public_funds: Decimal
    projects: list[tuple[Decimal, Decimal]]  # (initial, adjustment); final = initial + adjustment
    authorized: int
    in_service: int
    retired: int
    reception: tuple[Decimal, Decimal, Decimal]  # prior_final, budget, final

    @property
    def basic(self) -> Decimal:
        return self.personnel + self.public_funds

    @property
    def project_total(self) -> Decimal:
        return sum((i + a for i, a in self.projects), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.basic + self.project_total


@st.composite
def figures(draw: st.DrawFn) -> Figures:
    projects = []
    for _ in range(draw(st.integers(1, 5))):
        initial = draw(money(100, 500_000))
        adjustment = draw(money(-initial.scaleb(2).to_integral_value().__int__() // 2, 300_000))
        projects.append((initial, adjustment))
    authorized = draw(st.integers(5, 500))
    prior = draw(money(10, 100_000))
    budget = draw(money(10, 100_000))
    final = min(prior, budget) - draw(money(0, int(min(prior, budget) * 100)))
    return Figures(
        personnel=draw(money(10_000, 50_000_000)),
        public_funds=draw(money(1_000, 5_000_000)),
        projects=projects,
        authorized=authorized,
        in_service=draw(st.integers(1, authorized)),
        retired=draw(st.integers(0, 200)),
        reception=(prior, budget, max(final, Decimal(0))),
    )


def render(f: Figures, *, basic_data_public_funds: str | None = None, personnel: str | None = None,
           slip_project: int | None = None, text_project_total: str | None = None,
           sustain_score: str = "3", sustain_reason: str = "") -> str:
    def d(x: Decimal) -> str:
        return f"{x:.2f}"

    spend = []
    detail = []
    for n, (initial, adjustment) in enumerate(f.projects):
        final = initial + adjustment
        spend.append(f"        - {{name: 第{n}号专项, final: {d(final)}}}")
        written_final = f"{d(final)}元" if slip_project == n else d(final)
        detail.append(f"        - {{name: 第{n}号专项经费, initial: {d(initial)}, adjustment: {d(adjustment)}, "
                      f"final: {written_final}, carryover: 0}}")
    rate = Decimal(f.in_service) / Decimal(f.authorized) * 100
    prior, budget, final = f.reception
    reason = f", reason: {sustain_reason}" if sustain_reason else ""
    return f"""
kind: overall
framework: hunan-overall
unit: {{name: 生成单位, year: 2023}}
report:
  profile:
    staff: {{total: {f.in_service + f.retired}, in_service: {f.in_service}, retired: {f.retired}}}
  public_budget:
    expenditure: {d(f.total)}
    project: {text_project_total or d(f.project_total)}
    basic: {d(f.basic)}
    personnel: {personnel or d(f.personnel)}
    public_funds: {d(f.public_funds)}
    projects:
      items:
{chr(10).join(spend)}
  performance:
    projects:
      count: {len(f.projects)}
      items:
{chr(10).join(detail)}
  problems: 无。
  improvements: 无。
  application: 与决算一并公开。
basic_data:
  staff: {{authorized: {f.authorized}, in_service: {f.in_service}, control_rate: {rate:.2f}%}}
  expenses:
    three_public: {{prior_final: {d(prior)}, budget: {d(budget)}, final: {d(final)}}}
    reception: {{prior_final: {d(prior)}, budget: {d(budget)}, final: {d(final)}}}
    project: {{final: {d(f.project_total)}}}
    public_funds: {{final: {basic_data_public_funds or d(f.public_funds)}}}
self_evaluation:
  funds: {{initial: {d(f.total)}, full_year: {d(f.total)}, final: {d(f.total)}, weight: 10, rate: 100.00%, score: 10}}
  by_expenditure: {{total: {d(f.total)}, basic: {d(f.basic)}, project: {d(f.project_total)}}}
  indicators:
    - name: 产出指标
      weight: 40
      groups:
        - name: 数量指标
          items:
            - {{name: 专题调研, target: 6个, actual: 6个, weight: 40, score: 40}}
    - name: 效益指标
      weight: 20
      groups:
        - name: 可持续影响指标
          items:
            - {{name: 长效机制, target: 形成制度, actual: 长期坚持, weight: 20, score: {sustain_score}{reason}}}
    - name: 满意度指标
      weight: 10
      groups:
        - name: 服务对象满意度指标
          items:
            - {{name: 满意度, target: ≥95%, actual: 98%, weight: 10, score: 10}}
    - name: 成本指标
      weight: 20
      groups:
        - name: 经济成本指标
          items:
            - {{name: 总成本, target: ≤{d(f.total)}万元, actual: {d(f.total)}万元, weight: 20, score: 20}}
  total: {{weight: 100, score: {80 + int(sustain_score)}}}
"""


def serious(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.level is not Level.INFO]


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(figures())
def test_consistent_evaluations_raise_nothing(f: Figures) -> None:
    _, found = check_text(render(f, sustain_score="20"))
    assert not serious(found), [x.message for x in serious(found)]


@SETTINGS
@given(figures(), st.integers(1, 99).map(lambda c: Decimal(c) * CENT), st.booleans())
def test_conflicting_duplicate_is_one_finding(f: Figures, delta: Decimal, up: bool) -> None:
    wrong = f.public_funds + (delta if up else -delta)
    _, found = check_text(render(f, basic_data_public_funds=f"{wrong:.2f}", sustain_score="20"))
    assert [x.code for x in serious(found)] == ["dup.conflict"]
    conflict = serious(found)[0]
    assert conflict.stated == f"{wrong:.2f}" and conflict.expected == f"{f.public_funds:.2f}"


@SETTINGS
@given(figures(), st.data())
def test_unit_slip_is_corrected_without_cascade(f: Figures, data: st.DataObject) -> None:
    n = data.draw(st.integers(0, len(f.projects) - 1))
    initial, adjustment = f.projects[n]
    if initial + adjustment < Decimal(1):
        return  # a sub-1万元 figure in 元 is not a slip a reader can tell
    _, found = check_text(render(f, slip_project=n, sustain_score="20"))
    assert [x.code for x in serious(found)] == ["unit.slip"], [x.message for x in serious(found)]
    assert serious(found)[0].stated == f"{initial + adjustment:.2f}元"


@SETTINGS
@given(figures())
def test_rounding_in_the_text_is_not_a_finding(f: Figures) -> None:
    rounded = f.project_total.quantize(Decimal("0.1"))
    _, found = check_text(render(f, text_project_total=f"{rounded}", sustain_score="20"))
    assert not serious(found), [x.message for x in serious(found)]


@SETTINGS
@given(figures(), st.integers(2, 10_000).map(lambda c: Decimal(c) * CENT))
def test_broken_sum_is_reported_where_it_breaks(f: Figures, delta: Decimal) -> None:
    _, found = check_text(render(f, personnel=f"{f.personnel + delta:.2f}", sustain_score="20"))
    codes = [x.code for x in serious(found)]
    assert codes == ["sum.inconsistent"], [x.message for x in serious(found)]
    assert "人员经费" in serious(found)[0].message


@SETTINGS
@given(figures(), st.integers(0, 19))
def test_deduction_needs_a_reason(f: Figures, score: int) -> None:
    _, found = check_text(render(f, sustain_score=str(score)))
    assert [x.code for x in serious(found)] == ["score.reason-missing"]
    _, found = check_text(render(f, sustain_score=str(score), sustain_reason="尚在推进"))
    assert not serious(found)
