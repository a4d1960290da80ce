"""Execution-rate (预算执行率) score policies.

The reference report gives 9 of 10 points for 98.95%, which a linear rule cannot
produce; published practice varies, so the policy is part of the framework and every
other policy is computed alongside to name the one a reported score matches
(财预〔2020〕10号 sets the weight, 10%, but no formula).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)


def _capped(rate_pct: Decimal) -> Decimal:
    return min(max(rate_pct, Decimal(0)), HUNDRED) / HUNDRED


def linear(rate_pct: Decimal, points: Decimal) -> Decimal:
    """min(执行率, 100%) × 分值 (central, Anhui and Yunnan table examples: 100% gives full points)."""
    return _capped(rate_pct) * points


def floor(rate_pct: Decimal, points: Decimal) -> Decimal:
    """Linear, rounded down to whole points."""
    return (_capped(rate_pct) * points).to_integral_value(rounding=ROUND_FLOOR)


def round_points(rate_pct: Decimal, points: Decimal) -> Decimal:
    """Linear, rounded half up to whole points."""
    return (_capped(rate_pct) * points).to_integral_value(rounding=ROUND_HALF_UP)


def step(rate_pct: Decimal, points: Decimal) -> Decimal:
    """100% full; −2 per whole 5 percentage points short, rounded down (a 2018 Hunan basic-data table example)."""
    if rate_pct >= HUNDRED:
        return points
    steps = ((HUNDRED - rate_pct) / 5).to_integral_value(rounding=ROUND_FLOOR)
    return max(Decimal(0), points - 2 * steps)


# Keyed by the names a framework can give (frameworks.model.POLICY_ZH).
POLICIES: dict[str, Callable[[Decimal, Decimal], Decimal] | None] = {
    "linear": linear,
    "floor": floor,
    "round": round_points,
    "step": step,
    "manual": None,
}
