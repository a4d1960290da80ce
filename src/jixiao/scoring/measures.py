"""Rates computed from the basic data (财预〔2013〕53号 definitions)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from jixiao.model.numbers import format_decimal
from jixiao.model.record import Record, record
from jixiao.reconcile.resolution import Resolution

HUNDRED = Decimal(100)


@record
class MeasureValue(Record):
    rate_pct: Decimal
    formula: str  # the computation with its numbers, in Chinese
    concepts: tuple[str, ...]


def _v(res: Resolution, concept: str) -> Decimal | None:
    return res.value(concept)


def _f(x: Decimal) -> str:
    return format_decimal(x.normalize()) if x == x.to_integral_value() else format_decimal(x)


def _pct(x: Decimal) -> str:
    return f"{format_decimal(x, 2)}%"


def staff_control_rate(res: Resolution, basis: str = "") -> MeasureValue | None:
    staff, posts = _v(res, "staff.in_service"), _v(res, "staff.authorized")
    if staff is None or not posts:
        return None
    rate = staff / posts * HUNDRED
    return MeasureValue(rate, f"{_f(staff)}÷{_f(posts)}＝{_pct(rate)}",
                        ("staff.in_service", "staff.authorized"))


def three_public_change_rate(res: Resolution, basis: str = "final") -> MeasureValue | None:
    if basis == "budget":
        now, before = _v(res, "three_public.total.budget"), _v(res, "three_public.total.prior_budget")
        concepts = ("three_public.total.budget", "three_public.total.prior_budget")
        what = "预算数"
    else:
        now, before = _v(res, "three_public.total.final"), _v(res, "three_public.total.prior_final")
        concepts = ("three_public.total.final", "three_public.total.prior_final")
        what = "决算数"
    if now is None or not before:
        return None
    rate = (now - before) / before * HUNDRED
    return MeasureValue(rate, f"（{_f(now)}−{_f(before)}）÷{_f(before)}＝{_pct(rate)}（按{what}）",
                        concepts)


def three_public_control_rate(res: Resolution, basis: str = "") -> MeasureValue | None:
    final, budget = _v(res, "three_public.total.final"), _v(res, "three_public.total.budget")
    if final is None or not budget:
        return None
    rate = final / budget * HUNDRED
    return MeasureValue(rate, f"{_f(final)}÷{_f(budget)}＝{_pct(rate)}",
                        ("three_public.total.final", "three_public.total.budget"))


def budget_completion_rate(res: Resolution, basis: str = "") -> MeasureValue | None:
    """预算完成数 ÷ 预算数. When the table gives 全年预算/执行 these are used; otherwise
    预算数 = 年初预算 + 追加 + 年初结余 and 完成数 = 预算数 − 年末结余, as the 2018
    example computes it."""
    final, full = _v(res, "funds.total.final"), _v(res, "funds.total.full_year")
    if final is not None and full:
        rate = final / full * HUNDRED
        return MeasureValue(rate, f"{_f(final)}÷{_f(full)}＝{_pct(rate)}",
                            ("funds.total.final", "funds.total.full_year"))
    initial = _v(res, "funds.total.initial")
    added = _v(res, "funds.total.adjustment")
    ending = _v(res, "balance.ending")
    if initial is None or added is None or ending is None:
        return None
    beginning = _v(res, "balance.beginning") or Decimal(0)
    budget = initial + added + beginning
    if not budget:
        return None
    done = budget - ending
    rate = done / budget * HUNDRED
    return MeasureValue(
        rate, f"（{_f(initial)}＋{_f(added)}＋{_f(beginning)}−{_f(ending)}）÷"
              f"（{_f(initial)}＋{_f(added)}＋{_f(beginning)}）＝{_pct(rate)}",
        ("funds.total.initial", "funds.total.adjustment", "balance.beginning", "balance.ending"))


def budget_adjustment_rate(res: Resolution, basis: str = "") -> MeasureValue | None:
    """预算调整数 ÷ 年初预算数 (53号)."""
    initial = _v(res, "funds.total.initial")
    added = _v(res, "funds.total.adjustment")
    if added is None:
        full = _v(res, "funds.total.full_year")
        if full is not None and initial is not None:
            added = full - initial
    if initial is None or added is None or not initial:
        return None
    rate = abs(added) / initial * HUNDRED
    return MeasureValue(rate, f"{_f(abs(added))}÷{_f(initial)}＝{_pct(rate)}",
                        ("funds.total.adjustment", "funds.total.initial"))


MEASURES: dict[str, Callable[[Resolution, str], MeasureValue | None]] = {
    "staff_control_rate": staff_control_rate,
    "three_public_change_rate": three_public_change_rate,
    "three_public_control_rate": three_public_control_rate,
    "budget_completion_rate": budget_completion_rate,
    "budget_adjustment_rate": budget_adjustment_rate,
}
