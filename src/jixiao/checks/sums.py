"""Sums: totals against their parts, the Calc 1.1 way (intervals, not tolerances),
and what a reviewer reads between the lines of a budget table."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.checks.common import amount, label_of, locations_of, written
from jixiao.checks.context import CheckContext
from jixiao.findings import Finding, Level
from jixiao.model.fact import Fact
from jixiao.model.overall import OverallEvaluation
from jixiao.reconcile.intervals import Interval
from jixiao.reconcile.network import IdentityInstance
from jixiao.reconcile.resolution import Resolution, evaluate_sum
from jixiao.registry import Rule, check


def _clearly_holds(res: Resolution, inst: IdentityInstance) -> bool:
    """Whether ``total = Σ items`` holds with room to spare, from the bounds alone.

    Most sums hold, and :func:`evaluate_sum` builds an interval per item to say so.
    Here the sum's bounds are added up directly (in the same order, so to the same
    values); when they overlap the total's interval strictly — or, for a one-sided sum
    (其中, or unstated items), stay within its upper end — ``evaluate_sum`` would find the
    sum consistent (or not binding) whatever the closedness of the ends. Anything else
    goes to ``evaluate_sum``.
    """
    values = res.values
    total = values.get(inst.total)
    if total is None:
        return True  # evaluate_sum: no total, does not bind
    total_iv = total.for_sums
    lo = hi = None
    one_sided = inst.identity.partial
    for weight, concept in inst.items:
        part = values.get(concept)
        if part is None:
            one_sided = True
            continue
        iv = part.for_sums
        if weight == 1:  # nearly every weight: the bounds as they are
            part_lo, part_hi = iv.lo, iv.hi
        elif weight >= 0:
            part_lo, part_hi = iv.lo * weight, iv.hi * weight
        else:
            part_lo, part_hi = iv.hi * weight, iv.lo * weight
        lo = part_lo if lo is None else lo + part_lo
        hi = part_hi if hi is None else hi + part_hi
    if lo is None or hi is None:
        return True  # evaluate_sum: no item stated, does not bind
    if one_sided:
        return bool(lo <= total_iv.hi)
    return bool(lo < total_iv.hi and total_iv.lo < hi)


def _over_a_list(inst: IdentityInstance) -> bool:
    """The items are a list of any length (各项目, 各资金来源), not fixed lines."""
    return any("*" in concept for _weight, concept in inst.identity.items)


def _items_text(ctx: CheckContext, concepts: tuple[str, ...]) -> str:
    res = ctx.resolution
    parts = []
    for c in concepts:
        r = res.get(c)
        if r is not None:
            parts.append(f"{label_of(res, c)}{written(r)}")
    return "＋".join(parts)


_COMPONENTS = (("expenditure.basic", "基本支出"), ("expenditure.project", "项目支出"))


@check("sum.budget-execution-mix", Level.ERROR, "预算分解混用执行数",
       "{where}：全年预算{total}按支出性质分解时，{comp}{comp_budget}与{comp}执行数相同，"
       "{other}{other_budget}＝{total}−{comp_budget}；而{other_own}合计为{other_sum}。"
       "分解混用了预算数和执行数",
       "整体支出自评表（湖南表式）按支出性质（基本支出、项目支出）的分项应为全年预算数，"
       "其和等于年度资金总额（由表式推导的核对；表式为实践惯例〔OBS〕）")
def budget_execution_mix(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """全年预算按支出性质分解时，一项填的是执行数，另一项是用预算总数倒减得出的，
    与其自身明细（各项目年初±调整）之和不符。此时不再单独报告该项的合计不符。"""
    res = ctx.resolution
    total_budget, total_final = res.get("funds.total.full_year"), res.get("funds.total.final")
    if total_budget is None or total_final is None or total_budget.interval.meets(total_final.interval):
        return
    for (comp, comp_name), (other, other_name) in (_COMPONENTS, _COMPONENTS[::-1]):
        budget, final = res.get(f"{comp}.full_year"), res.get(f"{comp}.final")
        other_budget = res.get(f"{other}.full_year")
        if budget is None or final is None or other_budget is None or not budget.stated \
                or not other_budget.stated or budget.value != final.value:
            continue
        own = next((i for i in res.instances_with(f"{other}.full_year")
                    if i.total == f"{other}.full_year" and not i.identity.partial), None)
        if own is None:
            continue
        status = evaluate_sum(own, res.sum_interval)
        if status is None or status.consistent:
            continue
        ctx.claim(f"{own.identity.id}:{own.total}")
        decimals = max(r.decimals for r in other_budget.readings)
        where = other_budget.readings[0].fact.place
        yield rule.finding(
            locations_of(res, f"{other}.full_year", f"{comp}.full_year"),
            stated=other_budget.readings[0].fact.text, expected=amount(status.computed.mid, decimals),
            where=where, total=written(total_budget), comp=comp_name, comp_budget=written(budget),
            other=other_name, other_budget=written(other_budget),
            other_own=own.identity.title.split("＝", 1)[-1], other_sum=amount(status.computed.mid, decimals))
        return


@check("sum.inconsistent", Level.ERROR, "合计与分项不符",
       "{title}不成立：{total_label}为{total}，而{items}＝{computed}{note}（合计区间{total_iv}，分项合计区间{computed_iv}）",
       "合计等于分项之和：资金总额行＝各资金来源分项（中央、安徽、云南自评表表式〔C〕）；"
       "三公经费＝公务用车购置及运行维护费＋因公出国（境）费＋公务接待费〔C〕；"
       "基本支出＝人员经费＋公用经费，支出合计＝基本支出＋项目支出（部门决算口径〔C〕）；"
       "按书写精度的区间求和（XBRL Calculation 1.1）")
def inconsistent(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """合计不等于分项之和：每个数按其书写的小数位代表一个区间（如 63.72 代表
    [63.715, 63.725]），合计区间与分项区间之和不相交才报告，四舍五入误差不报。"""
    res = ctx.resolution
    values = res.values
    for inst in res.identities:
        if inst.identity.partial:
            continue
        total = values.get(inst.total)
        if total is None or not total.stated:
            continue
        if total.corrected_from is None and _clearly_holds(res, inst):
            continue
        if ctx.is_claimed(f"{inst.identity.id}:{inst.total}"):
            continue
        get = res.sum_interval
        if total.corrected_from is not None:
            # judge the total row as the document states it (0), not as corrected
            original = total.corrected_from.sum_interval

            def get(concept: str, _t: str = inst.total, _o: Interval = original) -> Interval | None:
                return _o if concept == _t else res.sum_interval(concept)
        status = evaluate_sum(inst, get)
        if status is None or status.consistent:
            continue
        if ctx.partial and _over_a_list(inst) and status.computed.hi < status.total.lo:
            continue  # a partial copy may have lost items of the list: short of the total is no error
        note = ""
        if total.corrected_from is not None:
            note = "；合计行填为0，后续核查按分项合计计算"
        elif status.missing:
            note = "（部分分项未填，已填分项之和已超过合计）"
        decimals = max([r.decimals for r in total.readings]
                       + [res.values[c].decimals for c in status.present if c in res.values])
        yield rule.finding(
            locations_of(res, inst.total, every=True) + locations_of(res, *status.present),
            stated=total.readings[0].fact.text, expected=amount(status.computed.mid, decimals),
            title=inst.identity.title, total_label=label_of(res, inst.total),
            total=total.readings[0].fact.text, items=_items_text(ctx, status.present),
            computed=amount(status.computed.mid, decimals), note=note,
            total_iv=status.total.render(), computed_iv=status.computed.render())


@check("sum.parts-exceed", Level.ERROR, "其中项超过合计",
       "{title}：{items}＝{computed}，超过{total_label}{total}",
       "整体支出绩效评价基础数据表（沿用《预算绩效评价共性指标体系框架》（财预〔2013〕53号）表式）：“其中”所列分项是合计的一部分，不能超过合计")
def parts_exceed(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """“其中”列出的部分分项之和超过了合计（如办公经费等超过公用经费）。"""
    res = ctx.resolution
    values = res.values
    for inst in res.identities:
        if not inst.identity.partial:
            continue
        total = values.get(inst.total)
        if total is None or not total.stated or _clearly_holds(res, inst):
            continue
        status = evaluate_sum(inst, res.sum_interval)
        if status is None or status.consistent:
            continue
        decimals = max(r.decimals for r in total.readings)
        yield rule.finding(
            locations_of(res, *status.present) + locations_of(res, inst.total),
            stated=amount(status.computed.mid, decimals), expected=f"≤{total.readings[0].fact.text}",
            title=inst.identity.title, items=_items_text(ctx, status.present),
            computed=amount(status.computed.mid, decimals), total_label=label_of(res, inst.total),
            total=total.readings[0].fact.text)


@check("sum.unexplained-balance", Level.WARNING, "未执行资金去向不明",
       "全年预算{budget}万元，全年执行{final}万元，有{gap}万元未执行；而所列结余结转合计{carry}万元，"
       "其余{rest}万元未见说明",
       "全年预算＝执行数＋结转结余（部门决算口径，由定义推导的核对）；未执行的资金应有结转结余或说明")
def unexplained_balance(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """全年预算与执行数之差（未执行资金）大于所列结余结转之和，差额没有着落。"""
    res = ctx.resolution
    budget, final = res.get("funds.total.full_year"), res.get("funds.total.final")
    if budget is None or final is None:
        return
    gap = budget.interval + final.interval.scale(Decimal(-1))
    if gap.lo <= 0:
        return
    values = res.values
    # a funds row's carryover is 上年结转 (money brought in), not a year-end balance
    carry = [values[c] for c in ctx.concepts_measuring("carryover")
             if values[c].stated and not c.startswith("funds.")]
    if not carry:
        return
    carried = sum((r.value for r in carry), Decimal(0))
    carry_decimals = max(r.decimals for r in carry)
    carried_hi = sum((r.interval.hi for r in carry), Decimal(0))
    if carried_hi >= gap.lo:
        return
    decimals = max(budget.decimals, final.decimals)
    gap_mid = budget.value - final.value
    yield rule.finding(
        locations_of(res, "funds.total.full_year", "funds.total.final")
        + [r.readings[0].fact.location for r in carry],
        stated=amount(carried, carry_decimals), expected=amount(gap_mid, decimals),
        budget=written(budget), final=written(final), gap=amount(gap_mid, decimals),
        carry=amount(carried, carry_decimals), rest=amount(gap_mid - carried, decimals))


@check("sum.count", Level.ERROR, "个数与所列不符",
       "文中称{what}共{stated_count}个，实际列出{listed}个",
       "报告所称个数应与所列明细一致（jixiao 核查原则）")
def count(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """报告写明的专项个数、内设机构个数与其后逐项列出的个数不同。所据文件不完整时，
    列出的少于所称个数不报（清单可能在截断处之后继续）。"""
    ev = ctx.evaluation
    if not isinstance(ev, OverallEvaluation) or ev.report is None:
        return
    lists: list[tuple[str, Fact | None, int]] = []
    performance, profile = ev.report.performance, ev.report.profile
    if performance is not None and performance.projects is not None:
        lists.append(("专项", performance.projects.count, len(performance.projects.items)))
    if profile is not None and profile.institution_list is not None:
        lists.append(("内设机构", profile.institution_list.count, len(profile.institution_list.items)))
    for what, stated, listed in lists:
        if stated is None or not listed or stated.value == listed:
            continue
        if ctx.partial and listed < stated.value:
            continue
        yield rule.finding([stated.location], stated=stated.text, expected=str(listed),
                           what=what, stated_count=stated.text, listed=listed)
