"""Units: 元 written where 万元 is meant (and the reverse), and indicator targets and
actuals in units that cannot be compared."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks.context import CheckContext
from jixiao.findings import Finding, Level
from jixiao.model.units import AMOUNT_SCALE
from jixiao.model.values import ValueKind
from jixiao.registry import Rule, check


@check("unit.slip", Level.WARNING, "金额单位笔误",
       "{label}写作“{text}”，按上下文应为{value}{meant}（{evidence}）",
       "金额单位须与表头或上下文一致；元/万元按数量级和勾稽关系判断（jixiao 核查原则）",
       "一个金额写的单位（元/万元）与同一数字在别处的写法或与合计关系不符，而换成另一单位后相符："
       "很可能是笔误。后续核查按更正后的单位计算，不重复报告。")
def unit_slip(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    for slip in ctx.resolution.slips:
        fact = slip.reading.fact
        yield rule.finding(
            [fact.location], stated=fact.text, expected=f"{fact.value}{slip.meant_unit}",
            label=fact.label, text=fact.text, value=fact.value, meant=slip.meant_unit,
            evidence="；".join(slip.evidence))


@check("unit.mismatch", Level.WARNING, "指标值与完成值单位不一致",
       "“{name}”的指标值“{target}”与完成值“{actual}”单位不同（{tu}／{au}），无法比较",
       "年度指标值由指标性质、指标值、度量单位组成（四川、云南自评表分列三栏，湖南、安徽表式合写）〔C〕；"
       "完成值须与指标值同一单位才能比较（由此推导的核对）")
def unit_mismatch(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """定量指标的指标值和完成值单位不一致（如“人”与“次”），得分无法复算。"""
    for row in ctx.card.rows:  # a row per indicator, in the evaluation's order
        ind = row.indicator
        if ind is None:
            continue
        t, a = ind.target, ind.actual
        if t is None or a is None or t.kind is not ValueKind.QUANTITATIVE \
                or a.kind is not ValueKind.QUANTITATIVE:
            continue
        if t.unit is None or a.unit is None or t.unit == a.unit:
            continue
        if t.unit in AMOUNT_SCALE and a.unit in AMOUNT_SCALE:
            continue
        yield rule.finding(
            [a.location, t.location], stated=a.text, expected=None, name=ind.name,
            target=t.text, actual=a.text, tu=t.unit, au=a.unit)
