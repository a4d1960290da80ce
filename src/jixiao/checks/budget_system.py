"""The warnings and caps the integrated budget systems (预算管理一体化) apply when a unit
files its self-evaluation, so that a unit meets them here first.

Observed practice, not written rules: each one runs only when the framework's
``budget_system`` block turns it on (docs/frameworks.md), with the threshold and the
source the framework gives. Every message names the figures it compared.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.checks.context import CheckContext
from jixiao.findings import Finding, Level
from jixiao.model.location import Location
from jixiao.model.numbers import format_decimal
from jixiao.reconcile.resolution import Resolved
from jixiao.registry import Rule, check
from jixiao.scoring.card import ScoreCard, ScoreRow

_CITE = "预算管理一体化系统绩效自评模块的预警与封顶（实践中观察到，框架 budget_system 启用）"
HUNDRED = Decimal(100)


def _pct(x: Decimal) -> str:
    return f"{format_decimal(x, 2)}%"


def _times_hundred(ratio: Decimal) -> str:
    """A ratio of the framework (1.3) as the percent people say (130)."""
    return format_decimal((ratio * HUNDRED).normalize())


def _where(resolved: Resolved | None, ev_source: str) -> list[Location]:
    if resolved is not None and resolved.readings:
        return [r.fact.location for r in resolved.readings]
    return [Location(ev_source)]


def _execution_row(card: ScoreCard) -> ScoreRow | None:
    return next((r for r in card.rows if r.kind == "execution"), None)


def _budget(ctx: CheckContext) -> Resolved | None:
    """The budget the execution rate divides by (全年预算数 unless the framework says otherwise;
    a transfer-payment table's budget net of pooled funds where it states one, as scoring does)."""
    denominator = ctx.framework.execution.denominator if ctx.framework.execution else "full_year"
    net = ctx.resolution.get("funds.total.net_budget")
    if denominator == "full_year" and net is not None:
        return net
    return ctx.resolution.get(f"funds.total.{denominator}")


@check("system.score-over-execution", Level.WARNING, "指标得分率高于执行率（红色预警）",
       "红色预警：绩效指标得分率{score_rate}（得分{earned}÷分值{points}）比预算执行率{rate}"
       "高{gap}个百分点，超过{margin}个百分点",
       _CITE + "：指标得分率高于预算执行率5个百分点以上时红色预警")
def score_over_execution(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """绩效指标得分率（各三级指标自评得分之和 ÷ 其分值之和）比预算执行率高出框架设定的百分点
    以上：钱没有花出去，指标却几乎满分，一体化系统以红色预警提示。"""
    system = ctx.framework.budget_system
    spec = system.score_over_execution if system else None
    rate = ctx.card.execution_rate
    if spec is None or rate is None:
        return
    rows = [r for r in ctx.card.rows if r.kind == "indicator" and r.weight and r.reported is not None]
    points = sum((r.weight for r in rows if r.weight is not None), Decimal(0))
    if points <= 0:
        return
    earned = sum((r.reported.value for r in rows if r.reported is not None), Decimal(0))
    score_rate = earned / points * HUNDRED
    gap = score_rate - min(rate, HUNDRED)
    if gap > spec.value:
        exec_row = _execution_row(ctx.card)
        where = [exec_row.reported.location] if exec_row is not None and exec_row.reported else []
        total = ctx.card.reported_total
        where += [total.location] if total is not None else [r.reported.location for r in rows[:1]
                                                             if r.reported is not None]
        yield rule.finding(where, stated=_pct(score_rate), expected=f"≤{_pct(min(rate, HUNDRED) + spec.value)}",
                           score_rate=_pct(score_rate), earned=format_decimal(earned),
                           points=format_decimal(points), rate=_pct(rate), gap=format_decimal(gap, 2),
                           margin=format_decimal(spec.value))


@check("system.zero-budget", Level.WARNING, "预算数为0（黄色预警）",
       "黄色预警：{what}为{value}，执行率无从计算，请核实预算是否漏填",
       _CITE + "：预算数为0时黄色预警")
def zero_budget(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """资金表的预算数填为0（而执行数或指标有内容）：多为漏填预算，一体化系统以黄色预警提示。"""
    system = ctx.framework.budget_system
    if system is None or system.zero_budget is None:
        return
    for concept, what in (("funds.total.initial", "年初预算数"), ("funds.total.full_year", "全年预算数")):
        resolved = ctx.resolution.get(concept)
        if resolved is not None and resolved.stated and resolved.value == 0:
            yield rule.finding(_where(resolved, ctx.evaluation.source), stated=format_decimal(resolved.value),
                               what=what, value=format_decimal(resolved.value))


@check("system.unspent", Level.WARNING, "预算结余过多（黄色预警）",
       "黄色预警：全年预算{budget}万元，执行{final}万元，未支出{unspent}万元，占预算的{share}，超过{limit}%",
       _CITE + "：预算结余超过20%时黄色预警")
def unspent(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """未支出的预算（预算数 − 执行数）占预算数的比例超过框架设定的上限。"""
    system = ctx.framework.budget_system
    spec = system.unspent if system else None
    budget, final = _budget(ctx), ctx.resolution.get("funds.total.final")
    if spec is None or budget is None or final is None or budget.value <= 0:
        return
    left = budget.value - final.value
    share = left / budget.value * HUNDRED
    if share > spec.value:
        yield rule.finding(_where(final, ctx.evaluation.source) + _where(budget, ctx.evaluation.source)[:1],
                           stated=_pct(share), expected=f"≤{format_decimal(spec.value)}%",
                           budget=format_decimal(budget.value), final=format_decimal(final.value),
                           unspent=format_decimal(left), share=_pct(share), limit=format_decimal(spec.value))


@check("system.execution-cap", Level.WARNING, "总分超过执行率封顶",
       "预算执行率{rate}低于{below}%，总分不应高于{cap}分，自评总分为{total}分",
       _CITE + "：按执行率封顶总分（执行率70%–80%最高89分，60%–70%最高79分，低于60%最高69分，"
               "低于50%最高59分）")
def execution_cap(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """执行率低于框架设定的档次时，一体化系统把总分封顶（如执行率不足80%最高89分）；
    自评总分超过封顶分时提示。复算总分同样按封顶分计，评分表中说明。"""
    system = ctx.framework.budget_system
    rate, total = ctx.card.execution_rate, ctx.card.reported_total
    if system is None or rate is None or total is None:
        return
    cap = system.cap_for(rate)
    if cap is not None and total.value > cap.max_total:
        yield rule.finding([total.location], stated=total.text, expected=f"≤{format_decimal(cap.max_total)}",
                           rate=_pct(rate), below=format_decimal(cap.below), cap=format_decimal(cap.max_total),
                           total=total.text)


@check("system.over-target", Level.WARNING, "完成值远超指标值（指标设定偏低）",
       "“{name}”完成值{actual}为指标值{target}的{share}，达到{limit}%以上，"
       "按一体化系统规则视为指标设定偏低，扣{deduct}分（复算{points}分，自评{reported}分）",
       _CITE + "：完成值达到指标值130%以上扣2分")
def over_target(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """正向定量指标的完成值达到指标值的框架设定倍数（观察到的为130%）以上：目标定得过低，
    一体化系统扣分。复算分已按此扣减；此处列出比较的数字。"""
    system = ctx.framework.budget_system
    spec = system.over_target if system else None
    if spec is None:
        return
    for row in ctx.card.rows:
        indicator = row.indicator
        if indicator is None or row.score.rule != "指标值设定偏低扣分" or row.score.points is None:
            continue
        target, actual = indicator.target, indicator.actual
        if target is None or actual is None or target.number is None or actual.number is None \
                or target.number <= 0 or (target.unit and actual.unit and target.unit != actual.unit):
            continue  # the share is named only where the two figures compare as written
        share = actual.number / target.number * HUNDRED
        where = [actual.location] if actual.location is not None else []
        yield rule.finding(where, stated=actual.text, expected=f"<{_times_hundred(spec.value)}%",
                           name=row.name, actual=actual.text, target=target.text, share=_pct(share),
                           limit=_times_hundred(spec.value), deduct=format_decimal(spec.deduct),
                           points=format_decimal(row.score.points),
                           reported=row.reported.text if row.reported is not None else "未填")
