"""Rounding-aware arithmetic (XBRL Calc 1.1), with the worked examples of the domain notes."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from jixiao.reconcile.intervals import Interval, sum_tolerance

D = Decimal


def iv(text: str) -> Interval:
    decimals = len(text.split(".")[1]) if "." in text else 0
    return Interval.of(D(text), decimals)


def test_sum_of_basic_expenditure() -> None:
    items = iv("689.35") + iv("63.72")
    assert items.render() == "[753.06, 753.08]"
    assert iv("753.07").render() == "[753.065, 753.075]"
    assert iv("753.07").meets(items)


def test_sum_alone_cannot_catch_the_duplicate() -> None:
    # 689.35 + 63.73 = 753.08 is within rounding of 753.07: the sum check accepts it,
    # which is why text-vs-table identity is a duplicate-fact rule.
    assert iv("753.07").meets(iv("689.35") + iv("63.73"))


def test_different_precision_duplicates() -> None:
    assert iv("753.1").meets(iv("753.07"))
    assert not iv("753.2").meets(iv("753.07"))


def test_touching_closed_intervals_meet_open_ones_do_not() -> None:
    a = Interval(D(0), D(1))
    b = Interval(D(1), D(2))
    assert a.meets(b)
    assert not Interval(D(0), D(1), hi_closed=False).meets(b)


def test_division_for_rates() -> None:
    rate = iv("841.25").divide(iv("850.19"))
    assert rate is not None
    assert iv("98.95").meets(rate.scale(D(100)))
    assert not iv("98.85").meets(rate.scale(D(100)))
    assert iv("1").divide(Interval(D(0), D(1))) is None


cents = st.integers(-10**9, 10**9).map(lambda c: D(c) / 100)


@given(st.lists(cents, min_size=1, max_size=8))
def test_closed_form_tolerance_matches_interval_sum(values: list[Decimal]) -> None:
    total = sum(values, D(0))
    items = Interval.of(values[0], 2)
    for v in values[1:]:
        items = items + Interval.of(v, 2)
    tol = sum_tolerance(len(values), 2)
    for shift in (tol, tol + D("0.01"), -tol, -tol - D("0.01")):
        reported = Interval.of(total + shift, 2)
        assert reported.meets(items) == (abs(shift) <= tol)


@given(cents, cents)
def test_intersection_is_symmetric(a: Decimal, b: Decimal) -> None:
    x, y = Interval.of(a, 2), Interval.of(b, 1)
    assert (x.intersect(y) is None) == (y.intersect(x) is None)


def _divide_by_every_end(a: Interval, b: Interval) -> Interval:
    """Interval division the textbook way: all four quotients of the ends, the first
    smallest and the first largest."""
    ends = [(a.lo / b.lo, a.lo_closed and b.lo_closed), (a.lo / b.hi, a.lo_closed and b.hi_closed),
            (a.hi / b.lo, a.hi_closed and b.lo_closed), (a.hi / b.hi, a.hi_closed and b.hi_closed)]
    lo = min(ends, key=lambda e: e[0])
    hi = max(ends, key=lambda e: e[0])
    return Interval(lo[0], hi[0], lo[1], hi[1])


_ends = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False)


@given(_ends, _ends, _ends, _ends, st.booleans(), st.booleans(), st.booleans(), st.booleans())
def test_division_of_nonnegative_intervals_matches_all_four_quotients(
        a: Decimal, b: Decimal, c: Decimal, d: Decimal,
        a_closed: bool, b_closed: bool, c_closed: bool, d_closed: bool) -> None:
    # The non-negative case computes three quotients; ties and open ends included.
    num = Interval(min(a, b), max(a, b), a_closed, b_closed)
    c, d = c + D("0.01"), d + D("0.01")  # a positive denominator
    den = Interval(min(c, d), max(c, d), c_closed, d_closed)
    assert num.divide(den) == _divide_by_every_end(num, den)
    assert num.divide(Interval(c, c)) == _divide_by_every_end(num, Interval(c, c))
    assert Interval(a, a).divide(den) == _divide_by_every_end(Interval(a, a), den)


_points = st.decimals(min_value=-100, max_value=100, places=1, allow_nan=False)


@given(_points, _points, _points, _points, st.booleans(), st.booleans(), st.booleans(), st.booleans())
def test_intervals_meet_when_they_intersect(a: Decimal, b: Decimal, c: Decimal, d: Decimal,
                                           a_closed: bool, b_closed: bool, c_closed: bool, d_closed: bool) -> None:
    # meets() decides closed intervals from their ends alone; touching ends included.
    x = Interval(min(a, b), max(a, b), a_closed, b_closed)
    y = Interval(min(c, d), max(c, d), c_closed, d_closed)
    assert x.meets(y) == (x.intersect(y) is not None) == y.meets(x)
    assert Interval(x.lo, x.hi).meets(Interval(y.lo, y.hi)) == (max(x.lo, y.lo) <= min(x.hi, y.hi))
