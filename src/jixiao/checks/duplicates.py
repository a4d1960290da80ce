"""Duplicate facts: one quantity stated in several places must agree (XBRL Calc 1.1
duplicate rule: equal decimals → identical values; else the intervals must meet).

This is what catches 63.72 in the text against 63.73 in the table: summation
tolerance alone would accept either."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks.common import title_of
from jixiao.checks.context import CheckContext
from jixiao.findings import Finding, Level
from jixiao.registry import Rule, check


@check("dup.conflict", Level.ERROR, "同一数字多处不一致",
       "{name}在{count}处数值不一致：{statements}。按{chosen}核算（{reason}）",
       "同一数据在报告正文、基础数据表、自评表中应一致（由决算与自评表口径推导的核对；"
       "XBRL Calculation 1.1 重复事实规则）")
def conflict(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """同一概念（如公用经费决算数）在多处填报，数值不同（同精度时须完全相同，
    不同精度时区间须相交）。核查选用与合计关系相符的数值，否则以附表数为准。"""
    for c in ctx.resolution.conflicts:
        chosen = c.chosen
        differing = [r for r in c.readings if r.value != chosen.value]
        agreeing = [r for r in c.readings if r.value == chosen.value]
        groups: dict[str, list[str]] = {}
        for r in c.readings:
            groups.setdefault(r.fact.display, []).append(r.fact.label)
        statements = "；".join(f"{'、'.join(labels)}为{value}" for value, labels in groups.items())
        reason = c.reason
        if c.agreeing and reason == "与合计关系相符":
            reason = f"{reason}：{'；'.join(c.agreeing)}"
        yield rule.finding(
            [r.fact.location for r in differing] + [r.fact.location for r in agreeing],
            stated=differing[0].fact.text if differing else None, expected=chosen.fact.text,
            name=title_of(c.concept), count=len(c.readings), statements=statements,
            chosen=chosen.fact.display, reason=reason)
