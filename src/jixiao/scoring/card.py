"""The score card: every scored row, recomputed and explained, with totals and grade."""

from __future__ import annotations

from decimal import Decimal

from jixiao.frameworks.model import POLICY_ZH, ExecutionCap, Framework, Grade
from jixiao.model.evaluation import Evaluation, all_indicators
from jixiao.model.fact import Fact
from jixiao.model.numbers import format_decimal, round_half_up
from jixiao.model.overall import FundsRow, OverallEvaluation
from jixiao.model.parts import Indicator, TotalScore
from jixiao.model.project import ProjectFundsRow
from jixiao.model.record import Record, record
from jixiao.reconcile.resolution import Resolution
from jixiao.scoring.execution import POLICIES
from jixiao.scoring.indicators import score_indicator
from jixiao.scoring.outcome import Outcome, Score, format_points

HUNDRED = Decimal(100)
_JUDGED = frozenset({Outcome.COMPUTED, Outcome.RANGE, Outcome.NOT_APPLICABLE})  # what makes a card complete


@record
class ScoreRow(Record):
    """One scored line: the execution rate or a 三级指标."""

    kind: str  # "execution" | "indicator"
    category: str
    group: str
    name: str
    target: str
    actual: str
    weight: Decimal | None
    weight_fact: Fact | None
    reported: Fact | None
    score: Score
    indicator: Indicator | None = None
    rate: Decimal | None = None  # the execution row's rate in percent, as scored
    score_decimals: int | None = None  # the framework's rounding of self scores, if it sets one

    @property
    def agrees(self) -> bool | None:
        if self.reported is None:
            return None
        decimals = self.reported.decimals
        if self.score_decimals is not None:
            decimals = max(decimals, self.score_decimals)  # 9 is not 8.62 where scores keep cents
        return self.score.accepts(self.reported.value, decimals)

    @property
    def counted(self) -> Decimal:
        """Points this row contributes to the recomputed total: the recomputed score;
        for a band or insufficient evidence, the reported score (kept, not judged)."""
        return _counted(self.score, self.reported)


def _counted(score: Score, reported: Fact | None) -> Decimal:
    if score.outcome is Outcome.COMPUTED and score.points is not None:
        return score.points
    if score.outcome is Outcome.NOT_APPLICABLE:
        return _ZERO
    if reported is not None:
        if score.outcome is Outcome.RANGE and score.low is not None and score.high is not None:
            return min(max(reported.value, score.low), score.high)
        return reported.value
    return _ZERO


_ZERO = Decimal(0)


@record
class ScoreCard(Record):
    framework: Framework
    rows: tuple[ScoreRow, ...]
    total: TotalScore | None
    weight_sum: Decimal
    reported_sum: Decimal
    recomputed_total: Decimal
    grade: Grade
    complete: bool  # every row recomputed or judged within a band
    execution_rate: Decimal | None = None  # percent
    cap: ExecutionCap | None = None  # the budget system's cap the total fell under
    uncapped_total: Decimal | None = None  # the recomputed total before the cap, when capped

    @property
    def cap_note(self) -> str:
        """The cap in the card's explanation, e.g. 总分按执行率封顶为89分."""
        if self.cap is None or self.execution_rate is None:
            return ""
        return (f"执行率{format_decimal(self.execution_rate, 2)}%低于{format_decimal(self.cap.below)}%，"
                f"总分按执行率封顶为{format_decimal(self.cap.max_total)}分")

    @property
    def reported_total(self) -> Fact | None:
        return self.total.score if self.total else None

    @property
    def reported_grade(self) -> str | None:
        return self.total.grade if self.total else None


def _execution_facts(ev: Evaluation) -> tuple[Fact | None, Fact | None, Fact | None, Fact | None]:
    row: FundsRow | ProjectFundsRow | None
    if isinstance(ev, OverallEvaluation):
        row = ev.self_evaluation.funds if ev.self_evaluation else None
    else:
        row = ev.funds.total if ev.funds else None
    if row is None:
        return None, None, None, None
    return row.weight, row.rate, row.score, row.final


def score_execution(framework: Framework, resolution: Resolution, ev: Evaluation) -> ScoreRow | None:
    execution = framework.execution
    if execution is None:
        return None
    weight_fact, rate_fact, reported, final_fact = _execution_facts(ev)
    if weight_fact is None and rate_fact is None and reported is None and final_fact is None \
            and resolution.get("funds.total.full_year") is None:
        return None  # the evaluation has no funds row: nothing to score
    weight = weight_fact.value if weight_fact is not None else execution.points
    final = resolution.get("funds.total.final")
    full = resolution.get(f"funds.total.{execution.denominator}")
    net = resolution.get("funds.total.net_budget")
    if execution.denominator == "full_year" and net is not None:
        # a transfer-payment table computes execution over the budget net of pooled funds
        # (预算执行(E/C×100%)), the column it states for that
        full = net
    cite = execution.policy_source.cite()
    policy_fn = POLICIES[execution.policy]
    rate: Decimal | None = None
    how = ""
    if final is not None and full is not None and full.value > 0:
        rate = final.value / full.value * HUNDRED
        how = (f"执行率＝{format_decimal(final.value)}÷{format_decimal(full.value)}"
               f"＝{format_decimal(rate, 2)}%")
    elif rate_fact is not None:
        rate = rate_fact.value
        how = f"执行率按表列{rate_fact.display}"
    actual = f"{format_decimal(rate, 2)}%" if rate is not None else (rate_fact.display if rate_fact else "—")
    if rate is None:
        score = Score(Outcome.INSUFFICIENT, "全年预算数或全年执行数未填，无法计算执行率", citation=cite)
    elif policy_fn is None:
        score = Score(Outcome.MANUAL, f"{how}；框架规定人工评分", citation=cite)
    else:
        points = policy_fn(rate, weight)
        alternatives = []
        for name in execution.compare:
            fn = POLICIES[name]
            if fn is not None:
                alternatives.append((name, fn(rate, weight)))
        rounded = round_half_up(rate, 2)
        if rounded != rate:
            alternatives.append((f"{execution.policy}@rounded", policy_fn(rounded, weight)))
        score = Score(Outcome.COMPUTED,
                      f"{how}；按{POLICY_ZH[execution.policy]}规则得"
                      f"{format_points(points)}分",
                      rule=POLICY_ZH[execution.policy], citation=cite, points=points,
                      met=rate >= execution.reason_below, alternatives=tuple(alternatives))
    return ScoreRow("execution", "预算执行率", "", "预算执行率", "100%", actual, weight, weight_fact,
                    reported, score, rate=rate, score_decimals=framework.score_decimals)


def build_score_card(framework: Framework, resolution: Resolution, ev: Evaluation) -> ScoreCard:
    rows: list[ScoreRow] = []
    exec_row = score_execution(framework, resolution, ev)
    if exec_row is not None:
        rows.append(exec_row)
    for category, group, indicator in all_indicators(ev):
        score = score_indicator(framework, resolution, category, group, indicator)
        rows.append(ScoreRow(
            "indicator", category.name, group.name, indicator.name,
            indicator.target.display() if indicator.target else "—",
            indicator.actual.display() if indicator.actual else "—",
            indicator.weight.value if indicator.weight else None, indicator.weight,
            indicator.score, score, indicator, score_decimals=framework.score_decimals))
    # One pass for the four totals (the rows are many and the card is built per evaluation).
    weight_sum = reported_sum = recomputed = Decimal(0)
    complete = True
    for r in rows:
        if r.weight is not None:
            weight_sum += r.weight
        if r.reported is not None:
            reported_sum += r.reported.value
        recomputed += _counted(r.score, r.reported)
        if complete and r.score.outcome not in _JUDGED:
            complete = False
    total = ev.self_evaluation.total if isinstance(ev, OverallEvaluation) and ev.self_evaluation \
        else (ev.total if not isinstance(ev, OverallEvaluation) else None)
    rate = exec_row.rate if exec_row is not None else None
    cap = _cap(framework, rate, recomputed)
    uncapped = None
    if cap is not None:
        uncapped, recomputed = recomputed, cap.max_total
    return ScoreCard(framework, tuple(rows), total, weight_sum, reported_sum, recomputed,
                     framework.grade_for(round_half_up(recomputed, 2)), complete,
                     execution_rate=rate, cap=cap, uncapped_total=uncapped)


def _cap(framework: Framework, rate: Decimal | None, total: Decimal) -> ExecutionCap | None:
    """The budget system's cap on the total by execution rate, when it lowers the total."""
    system = framework.budget_system
    if system is None or rate is None:
        return None
    cap = system.cap_for(rate)
    return cap if cap is not None and total > cap.max_total else None
