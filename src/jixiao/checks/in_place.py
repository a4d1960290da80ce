"""到位资金 (funds actually received) against the budget and the spending: the rate a
table states recomputed, and spending that went beyond what arrived.

No regulation text states these as rules; they are the columns the published
project tables carry (计划安排资金 / 实际到位资金 / 实际支出 / 结余; 全年到位资金 (D) /
预算到位 (D/C×100%) / 全年执行资金 (E)), checked for what the columns mean.
"""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks.common import amount, locations_of, title_of, written
from jixiao.checks.context import CheckContext
from jixiao.checks.ratios import HUNDRED, percent_off
from jixiao.findings import Finding, Level
from jixiao.reconcile.intervals import Interval
from jixiao.registry import Rule, check

_FORMS = ("四川省项目支出绩效自评表列“全年到位资金(D)”“预算到位(D/C×100%)”“全年执行资金(E)”"
          "（雅安市名山区2024年公开表〔OBS〕）；湖南项目支出绩效自评表列“计划安排资金”“实际到位资金”“实际支出”“结余”"
          "（岳阳市南湖新区2016年公开表〔OBS〕）")


_DENOMINATORS = {"net_budget": "扣除统筹整合资金后预算金额", "full_year": "全年预算数", "initial": "年初预算数"}


@check("ratio.in-place", Level.ERROR, "资金到位率与数据不符",
       "{name}：所列资金到位率{rate}，而到位资金{in_place}万元÷{den_label}{den}万元＝{computed}%"
       "（所列区间{rate_iv}，计算区间{computed_iv}）",
       "资金到位率＝实际到位资金÷计划投入资金×100%（《预算绩效评价共性指标体系框架》（财预〔2013〕53号）"
       "项目支出共性指标“资金到位率”〔BK〕）；" + _FORMS + "；按书写精度的区间除法核对")
def in_place_rate(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """填报的资金到位率与到位资金÷全年预算数（未列全年预算数时÷年初预算数；转移支付资金表列
    扣除统筹整合资金后预算金额的，÷该数，如其表头 预算到位(D/C×100%)）不符：
    各数按书写的小数位取区间相除，与到位率的区间不相交才报告。"""
    res = ctx.resolution
    for concept in ctx.concepts_measuring("in_place_rate"):
        rate = res.values[concept]
        head = concept.removesuffix(".in_place_rate")
        in_place = res.get(f"{head}.in_place")
        den_role = next((r for r in ("net_budget", "full_year") if res.get(f"{head}.{r}") is not None), "initial")
        den_concept = f"{head}.{den_role}"
        den = res.get(den_concept)
        if not rate.stated or in_place is None or den is None:
            continue
        computed = percent_off(rate.interval, in_place.interval, den.interval, den.value)
        if computed is None:
            continue
        fact = rate.readings[0].fact
        exact = in_place.value / den.value * HUNDRED
        yield rule.finding(
            locations_of(res, concept, f"{head}.in_place", den_concept),
            stated=fact.text, expected=f"{amount(exact, max(rate.decimals, 0))}%",
            name=title_of(head), rate=fact.display, in_place=written(in_place),
            den_label=_DENOMINATORS[den_role], den=written(den), computed=amount(exact, 2),
            rate_iv=rate.interval.render(), computed_iv=Interval(computed.lo, computed.hi).render(4))


@check("plaus.spent-over-in-place", Level.WARNING, "支出超过到位资金",
       "{name}支出{final}万元，超过实际到位资金{in_place}万元（超出{diff}万元）",
       "资金按到位数支出，支出超过到位资金的部分须说明来源（垫付、挪用或填报有误）；" + _FORMS)
def spent_over_in_place(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """全年执行数（实际支出）大于实际到位资金，超出部分在书写精度之外。"""
    res = ctx.resolution
    for concept in ctx.concepts_measuring("in_place"):
        in_place = res.values[concept]
        head = concept.removesuffix(".in_place")
        final = res.get(f"{head}.final")
        if final is None or not final.stated or not in_place.stated:
            continue
        if final.interval.lo <= in_place.interval.hi:
            continue
        yield rule.finding(locations_of(res, f"{head}.final", concept), stated=written(final),
                           expected=f"≤{written(in_place)}", name=title_of(head), final=written(final),
                           in_place=written(in_place), diff=amount(final.value - in_place.value, 2))
