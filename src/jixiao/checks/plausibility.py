"""Plausibility: figures that add up but that a reviewer would still question."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.checks.common import amount, label_of, locations_of, title_of, written
from jixiao.checks.context import CheckContext
from jixiao.findings import Finding, Level
from jixiao.model.concepts import is_text_figure
from jixiao.model.units import AMOUNT_SCALE, convert_amount
from jixiao.model.values import ValueKind
from jixiao.reconcile.intervals import Interval
from jixiao.reconcile.resolution import Resolved
from jixiao.registry import Rule, check
from jixiao.scoring.indicators import is_reverse
from jixiao.scoring.outcome import format_points

HUNDRED = Decimal(100)
_ZERO = Decimal(0)

# Rows of the basic-data table whose 决算 should not exceed 预算 (三公经费 and 公用经费 control rates, 政府采购执行率).
_CONTROLLED = ("three_public.", "expenditure.public_funds", "public_funds.", "procurement")


def _over(final: Resolved, budget: Resolved) -> bool:
    return final.interval.lo > budget.interval.hi


@check("plaus.over-staff", Level.WARNING, "超编",
       "实际在职{staff}人，超过编制数{posts}人（人员控制率{rate}%）",
       "《预算绩效评价共性指标体系框架》（财预〔2013〕53号）：在职人员控制率＝在职人员数÷编制数，标准为≤100%〔C〕")
def over_staff(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """实际在职人数超过编制数（人员控制率大于100%）。"""
    res = ctx.resolution
    staff, posts = res.get("staff.in_service"), res.get("staff.authorized")
    if staff is None or posts is None or posts.value <= 0 or staff.value <= posts.value:
        return
    rate = staff.value / posts.value * HUNDRED
    yield rule.finding(locations_of(res, "staff.in_service", "staff.authorized", "staff.control_rate"),
                       stated=f"{amount(rate, 2)}%", expected="≤100%", staff=written(staff),
                       posts=written(posts), rate=amount(rate, 2))


@check("plaus.over-budget", Level.WARNING, "支出超预算",
       "{name}本年决算{final}万元，超过本年预算{budget}万元（超出{diff}万元，{pct}%）",
       "“三公经费”控制率＝本年决算数÷本年预算数，标准为≤100%（岳阳市部门整体支出评分标准〔C〕）；"
       "公用经费控制率、政府采购执行率（财预〔2013〕53号〔BK〕）")
def over_budget(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """三公经费、公用经费（含其中各项）、政府采购的本年决算数超过本年预算数。"""
    res = ctx.resolution
    for concept in ctx.concepts_measuring("final"):
        final = res.values[concept]
        if not concept.startswith(_CONTROLLED) or not final.stated:
            continue
        head = concept.removesuffix(".final")
        budget = res.get(f"{head}.budget")
        if budget is None or not budget.stated or not _over(final, budget):
            continue
        adjusted = res.get(f"{head}.full_year")
        if adjusted is not None and not _over(final, adjusted):
            continue
        diff = final.value - budget.value
        pct = diff / budget.value * HUNDRED if budget.value else Decimal(0)
        final_text, budget_text = written(final), written(budget)
        yield rule.finding(locations_of(res, concept, f"{head}.budget"), stated=final_text,
                           expected=f"≤{budget_text}", name=title_of(head), final=final_text,
                           budget=budget_text, diff=amount(diff, 2), pct=f"{amount(pct, 1)}")


@check("plaus.executed-exceeds-budget", Level.WARNING, "执行数超过全年预算",
       "{name}全年执行{final}万元，超过全年预算{budget}万元（执行率{rate}%）",
       "执行数不应超过全年预算数（由执行率定义推导的核对）；部分公开表例注明执行率不超过100%〔C〕")
def executed_exceeds(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """资金的全年执行数超过全年（调整后）预算数。"""
    res = ctx.resolution
    for concept in ctx.concepts_measuring("final"):
        final = res.values[concept]
        if not concept.startswith("funds.") or not final.stated:
            continue
        head = concept.removesuffix(".final")
        budget = res.get(f"{head}.full_year")
        if budget is None or budget.value <= 0 or not _over(final, budget):
            continue
        rate = final.value / budget.value * HUNDRED
        final_text, budget_text = written(final), written(budget)
        yield rule.finding(locations_of(res, concept, f"{head}.full_year"), stated=final_text,
                           expected=f"≤{budget_text}", name=title_of(head), final=final_text,
                           budget=budget_text, rate=amount(rate, 2))


@check("plaus.three-public-increase", Level.WARNING, "三公经费增长",
       "三公经费本年决算{final}万元，比上年决算{prior}万元增长{pct}%",
       "《预算绩效评价共性指标体系框架》（财预〔2013〕53号）：“三公经费”变动率＝（本年度−上年度）÷上年度，标准为≤0〔C〕")
def three_public_increase(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """三公经费本年决算数高于上年决算数（变动率大于0）。"""
    res = ctx.resolution
    final, prior = res.get("three_public.total.final"), res.get("three_public.total.prior_final")
    if final is None or prior is None or prior.value <= 0 or not _over(final, prior):
        return
    pct = (final.value - prior.value) / prior.value * HUNDRED
    yield rule.finding(locations_of(res, "three_public.total.final", "three_public.total.prior_final"),
                       stated=written(final), expected=f"≤{written(prior)}", final=written(final),
                       prior=written(prior), pct=amount(pct, 2))


@check("plaus.over-achievement", Level.INFO, "完成值远超指标值",
       "“{name}”完成{actual}，为指标值{target}的{pct}%；请复核年初指标是否设定偏低",
       "《项目支出绩效评价管理办法》（财预〔2020〕10号）第二十一条：完成值高于指标值较多的，要分析原因，年初指标值设定明显偏低的按偏离度适度调减分值〔BK〕；"
       "“较多”无明文阈值，由评价框架设定〔UNCONFIRMED〕")
def over_achievement(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """定量指标的完成值远超指标值（超过框架设定的倍数，默认150%），可能是年初指标设定偏低。"""
    ratio = ctx.framework.over_achievement_ratio
    if ratio is None:
        return
    for row in ctx.card.rows:
        ind = row.indicator
        if ind is None or ind.target is None or ind.actual is None:
            continue
        t, a = ind.target, ind.actual
        if t.kind is not ValueKind.QUANTITATIVE or a.kind is not ValueKind.QUANTITATIVE:
            continue
        assert t.number is not None and a.number is not None
        if t.unit is not None and a.unit is not None and t.unit != a.unit:
            continue
        if t.number <= 0 or a.number <= 0 or t.unit == "%":
            continue
        reverse = is_reverse(ctx.framework, row.category, row.group, t)
        share = (t.number / a.number) if reverse else (a.number / t.number)
        if share >= ratio:
            yield rule.finding([a.location, t.location], stated=a.text, expected=t.text, name=ind.name,
                               actual=a.text, target=t.text, pct=amount(share * HUNDRED, 0))


_BUDGET_CONCEPTS = ("funds.total.full_year", "funds.total.initial")


@check("plaus.cost-actual-budget", Level.WARNING, "成本指标完成值取了预算数",
       "“{name}”的完成值{actual}等于{budget_label}（{budget}万元），不是实际支出{final}万元；"
       "按实际支出复算应得{points}分",
       "《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号）：成本指标反映项目实际发生的经济、社会、生态环境成本〔BK〕；完成值应取执行（决算）数")
def cost_actual_budget(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """成本类（反向、金额）指标的完成值等于预算数而不等于执行数：把预算当成了实际成本。"""
    res = ctx.resolution
    final = res.get("funds.total.final")
    if final is None:
        return
    for row in ctx.card.rows:
        ind = row.indicator
        if ind is None or ind.actual is None or ind.target is None or row.weight is None:
            continue
        a, t = ind.actual, ind.target
        if a.kind is not ValueKind.QUANTITATIVE or t.kind is not ValueKind.QUANTITATIVE \
                or a.number is None or t.number is None:
            continue
        unit = a.unit or t.unit  # a bare completion value is in the target's unit
        if unit not in AMOUNT_SCALE:
            continue
        if not is_reverse(ctx.framework, row.category, row.group, t):
            continue
        assert unit is not None
        actual_wan, decimals = convert_amount(a.number, a.decimals or 0, unit, "万元")
        actual_iv = Interval.of(actual_wan, decimals)
        if actual_iv.meets(final.interval):
            continue
        for concept in _BUDGET_CONCEPTS:
            budget = res.get(concept)
            if budget is None or not actual_iv.meets(budget.interval):
                continue
            target_wan = t.number
            if t.unit in AMOUNT_SCALE:
                target_wan, _ = convert_amount(t.number, t.decimals or 0, t.unit, "万元")
            points = row.weight if final.value <= target_wan else row.weight * target_wan / final.value
            yield rule.finding([a.location, *locations_of(res, concept, "funds.total.final")],
                               stated=a.text, expected=f"{written(final)}万元", name=ind.name,
                               actual=a.text, budget_label=label_of(res, concept), budget=written(budget),
                               final=written(final), points=format_points(points))
            break


@check("plaus.negative", Level.ERROR, "金额为负数",
       "{label}为负数（{text}）",
       "预算、执行、结余等金额不应为负；调减请写在“年中调整”中（jixiao 核查原则）")
def negative(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """不应为负的金额或人数填了负数（年中调整数除外）。"""
    # is_signed() first: it rules out nearly every fact without comparing Decimals
    for fact in [f for f in ctx.evaluation.facts if f.value.is_signed() and f.value < _ZERO]:
        if not fact.concept.endswith(".adjustment") and not fact.concept.startswith("budget_adjustment") \
                and not is_text_figure(fact.concept):  # a change stated in a sentence may be negative
            yield rule.finding([fact.location], stated=fact.text, expected="≥0", label=fact.label,
                               text=fact.text)
