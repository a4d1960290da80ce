"""Deduction rules printed in local indicator tables (岳阳、2018 示例)."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

from jixiao.frameworks.model import DeductionRule


def apply_rule(rule: DeductionRule, rate_pct: Decimal, points: Decimal) -> Decimal:
    """Points for a rate (in percent) under a deduction rule; never below zero."""
    if rule.type == "deduct_per_point_over":
        over = max(Decimal(0), rate_pct - rule.limit)
        return max(Decimal(0), points - rule.per_point * over)
    if rule.type == "step_below":
        if rate_pct >= rule.full_at:
            return points
        steps = ((rule.full_at - rate_pct) / rule.step).to_integral_value(rounding=ROUND_FLOOR)
        return max(Decimal(0), points - rule.deduct * steps)
    if rule.type == "tiers":
        for upper, tier_points in rule.tiers:
            if rate_pct <= upper:
                return tier_points
        return rule.otherwise
    raise ValueError(rule.type)  # pragma: no cover - the loader admits only these
