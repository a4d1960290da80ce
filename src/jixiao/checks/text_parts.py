"""A whole and its parts stated in one sentence of the report (``text_figures``).

``共安排资金100万元，其中设备购置60万元、人员培训50万元``: the parts listed after 其中
are some of the whole, so their sum must not exceed it; after 分别为 they are all of
it, so their sum must also reach it. Sums are judged on intervals, as every sum check
is (a figure written with *d* decimals stands for ±½·10^−d): only a gap rounding
cannot explain is reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.checks.common import amount
from jixiao.checks.context import CheckContext
from jixiao.findings import Finding, Level
from jixiao.model.fact import Fact
from jixiao.model.text_figures import ALL_PARTS, SOME_PARTS
from jixiao.model.units import AMOUNT_SCALE, convert_amount
from jixiao.reconcile.intervals import Interval
from jixiao.registry import Rule, check


@check("sum.text-parts", Level.ERROR, "文中分项与合计不符",
       "正文同一句中，{whole_label}为{whole}，{listed}{items}，分项之和{computed}，{problem}"
       "（合计区间{total_iv}，分项合计区间{computed_iv}）",
       "合计与分项：“其中”所列分项是合计的一部分，其和不能超过合计；“分别为”所列为全部分项，其和应等于合计"
       "（按书写精度的区间求和，XBRL Calculation 1.1；jixiao 核查原则）",
       "报告正文同一句话先写合计（共、合计、共计……），再用“其中”或括号列出分项：分项之和超过合计时报错误；"
       "用“分别为”列出全部分项而其和少于合计时报警告（所据文件不完整时不报，清单可能在截断处之后继续）。每个数按其书写的小数位代表一个区间，"
       "四舍五入误差不报；金额按万元、元等单位换算后相加，人数等只与同一计量单位相加。"
       "人数等计数在“其中”后所列的可能相互交叉（如党员、女性），只核对“分别为”列出的全部分项。")
def text_parts(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    figures = ctx.evaluation.text_figures
    for position, whole in enumerate(figures, start=1):
        total = whole.figure
        if whole.parts not in (SOME_PARTS, ALL_PARTS) or total is None:
            continue
        if whole.parts == SOME_PARTS and total.unit not in AMOUNT_SCALE:
            continue  # 共有职工50人，其中党员30人、女性25人: counts after 其中 may overlap
        listed = [f for f in figures if f.part_of == position]
        facts = [f.figure for f in listed]
        if not listed or any(f is None for f in facts):
            continue
        parts = [f for f in facts if f is not None]
        sums = _intervals(total, parts)
        if sums is None:
            continue
        total_iv, computed_iv, computed, decimals = sums
        if computed_iv.lo > total_iv.hi:
            problem, level = "超过合计", Level.ERROR
        elif whole.parts == ALL_PARTS and computed_iv.hi < total_iv.lo and not ctx.partial:
            # (a copy cut off may stop inside the list: the parts after the cut are not available)
            problem, level = "少于合计（所列应为全部分项）", Level.WARNING
        else:
            continue
        shown = f"{_shown(computed, decimals, total.decimals)}{total.unit or ''}"
        yield rule.finding(
            [total.location, *(p.location for p in parts)], level=level,
            stated=shown, expected=("≤" if level is Level.ERROR else "＝") + total.display,
            whole_label=whole.label, whole=total.display,
            listed="其中" if whole.parts == SOME_PARTS else "分别为",
            items="、".join(f"{f.label}{p.display}" for f, p in zip(listed, parts, strict=True)),
            computed=shown, problem=problem, total_iv=total_iv.render(), computed_iv=computed_iv.render())


def _shown(value: Decimal, decimals: int, least: int) -> str:
    """The sum to the decimals its parts carry, without the zeros a conversion adds
    (9000元 ＋ 4000元 in 万元: 1.3, not 1.3000), never fewer than the whole's."""
    text = amount(value, decimals)
    if "." not in text:
        return text
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0").ljust(max(least, 0), "0")
    return f"{whole}.{fraction}" if fraction else whole


def _intervals(total: Fact, parts: list[Fact]) -> tuple[Interval, Interval, Decimal, int] | None:
    """The whole's interval, the parts' summed interval and sum (in the whole's unit), and
    the decimals to show the sum with; None when the figures cannot be added (other units)."""
    unit = total.unit
    if unit is None:
        return None
    money = unit in AMOUNT_SCALE
    readings: list[tuple[Decimal, int]] = []
    for part in parts:
        if part.unit is None or (part.unit in AMOUNT_SCALE) != money or (not money and part.unit != unit):
            return None
        readings.append(convert_amount(part.value, part.decimals, part.unit, unit) if money
                        else (part.value, part.decimals))
    total_iv = Interval.of(total.value, total.decimals)
    computed_iv = Interval.point(Decimal(0))
    computed = Decimal(0)
    for value, decimals in readings:
        computed_iv = computed_iv + Interval.of(value, min(max(decimals, -12), 12))
        computed += value
    decimals = max([total.decimals, *(d for _, d in readings)])
    return total_iv, computed_iv, computed, max(decimals, 0)
