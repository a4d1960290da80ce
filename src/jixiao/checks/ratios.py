"""Ratios: a stated rate (执行率, 控制率) against the quotient of its operands, by
interval division, so a rate rounded as written is never reported."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.checks.common import amount, label_of, locations_of, written
from jixiao.checks.context import CheckContext
from jixiao.findings import Finding, Level
from jixiao.reconcile.intervals import Interval
from jixiao.registry import Rule, check

HUNDRED = Decimal(100)


def percent_off(rate: Interval, num: Interval, den: Interval, den_value: Decimal) -> Interval | None:
    """The interval of num ÷ den × 100 when the stated rate's interval does not meet it
    (the rate disagrees with its operands as written); None when they agree or when the
    quotient is not defined (a denominator that is or may be zero)."""
    if den_value <= 0:
        return None
    quotient = num.divide(den)
    if quotient is None:
        return None
    computed = quotient.scale(HUNDRED)
    return None if rate.meets(computed) else computed


@check("ratio.inconsistent", Level.ERROR, "比率与数据不符",
       "{title}：表列{rate_label}{rate}，而{num_label}{num}÷{den_label}{den}＝{computed}%"
       "（表列区间{rate_iv}，计算区间{computed_iv}）",
       "预算执行率＝全年执行数÷全年预算数（调整后预算数；中央、四川、云南自评表表式〔C〕）；"
       "在职人员控制率＝在职人员数÷编制数（财预〔2013〕53号〔C〕）；规模控制率、投资概算控制率按基础数据表栏目推定〔OBS〕；"
       "按书写精度的区间除法核对（XBRL Calculation 1.1 的推广）")
def inconsistent(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """填报的比率与其分子、分母不符：分子分母按各自小数位取区间相除，再与比率按其小数位
    代表的区间比较，不相交才报告。分子或分母已因其他问题被更正的，不再重复报告。"""
    res = ctx.resolution
    get = res.values.get
    for inst in res.ratios:
        rate, num, den = get(inst.rate), get(inst.numerator), get(inst.denominator)
        if rate is None or num is None or den is None or not rate.stated:
            continue
        if num.corrected_from is not None or den.corrected_from is not None:
            continue  # the operand's own finding explains the rate
        computed = percent_off(rate.interval, num.interval, den.interval, den.value)
        if computed is None:
            continue
        fact = rate.readings[0].fact
        exact = num.value / den.value * HUNDRED
        yield rule.finding(
            locations_of(res, inst.rate) + locations_of(res, inst.numerator, inst.denominator),
            stated=fact.text, expected=f"{amount(exact, max(rate.decimals, 0))}%",
            title=inst.ratio.title, rate_label=label_of(res, inst.rate), rate=fact.display,
            num_label=label_of(res, inst.numerator), num=written(num),
            den_label=label_of(res, inst.denominator), den=written(den),
            computed=amount(exact, 2), rate_iv=rate.interval.render(),
            computed_iv=Interval(computed.lo, computed.hi).render(4))
