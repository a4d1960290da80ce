"""Rounding-aware arithmetic, as XBRL Calculations 1.1 does it.

A figure written with *d* decimals stands for the closed interval [v − h, v + h] with
h = ½·10^−d. A total agrees with its parts when the total's interval meets the sum of
the parts' intervals; a stated ratio agrees when its interval meets the quotient of
the operands' intervals.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.model.numbers import HALVES, format_decimal
from jixiao.model.record import Record, record

_HALF = Decimal("0.5")
_ONE = Decimal(1)


@record
class Interval(Record):
    """A closed (or half-open) interval of Decimals."""

    lo: Decimal
    hi: Decimal
    lo_closed: bool = True
    hi_closed: bool = True

    @classmethod
    def of(cls, value: Decimal, decimals: int) -> Interval:
        """The interval a figure written with ``decimals`` decimals stands for."""
        half = HALVES[decimals]
        return cls(value - half, value + half, True, True)

    @classmethod
    def point(cls, value: Decimal) -> Interval:
        return cls(value, value, True, True)

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi,
                        self.lo_closed and other.lo_closed, self.hi_closed and other.hi_closed)

    def scale(self, weight: Decimal) -> Interval:
        if weight == _ONE:
            return self
        if weight >= 0:
            return Interval(self.lo * weight, self.hi * weight, self.lo_closed, self.hi_closed)
        return Interval(self.hi * weight, self.lo * weight, self.hi_closed, self.lo_closed)

    def intersect(self, other: Interval) -> Interval | None:
        """The overlap, or ``None`` when empty (a single point with an open side is empty)."""
        if self.lo > other.lo or (self.lo == other.lo and not self.lo_closed):
            lo, lo_closed = self.lo, self.lo_closed
        else:
            lo, lo_closed = other.lo, other.lo_closed
        if self.hi < other.hi or (self.hi == other.hi and not self.hi_closed):
            hi, hi_closed = self.hi, self.hi_closed
        else:
            hi, hi_closed = other.hi, other.hi_closed
        if lo > hi or (lo == hi and not (lo_closed and hi_closed)):
            return None
        return Interval(lo, hi, lo_closed, hi_closed)

    def meets(self, other: Interval) -> bool:
        if self.lo_closed and self.hi_closed and other.lo_closed and other.hi_closed:
            return self.lo <= other.hi and other.lo <= self.hi  # closed: no intersection to build
        return self.intersect(other) is not None

    def contains(self, value: Decimal) -> bool:
        return self.meets(Interval.point(value))

    def divide(self, other: Interval) -> Interval | None:
        """Quotient interval for a positive denominator, else ``None``."""
        if other.lo <= 0:
            return None
        if self.lo >= 0:
            # Nothing negative: the ends are lo/other.hi and hi/other.lo. Written out
            # (three divisions, not four) the way the general case below picks them:
            # the first of the candidates in its order that reaches the bound.
            first = self.lo / other.lo
            low = self.lo / other.hi
            high = self.hi / other.lo
            lo_end = (first, self.lo_closed and other.lo_closed) if first == low \
                else (low, self.lo_closed and other.hi_closed)
            hi_end = (first, self.lo_closed and other.lo_closed) if first == high \
                else (high, self.hi_closed and other.lo_closed)
            return Interval(lo_end[0], hi_end[0], lo_end[1], hi_end[1])
        ends = [(self.lo / other.lo, self.lo_closed and other.lo_closed),
                (self.lo / other.hi, self.lo_closed and other.hi_closed),
                (self.hi / other.lo, self.hi_closed and other.lo_closed),
                (self.hi / other.hi, self.hi_closed and other.hi_closed)]
        lo = min(ends, key=lambda e: e[0])
        hi = max(ends, key=lambda e: e[0])
        return Interval(lo[0], hi[0], lo[1], hi[1])

    @property
    def mid(self) -> Decimal:
        return (self.lo + self.hi) / 2

    def render(self, decimals: int | None = None) -> str:
        """Interval notation, e.g. ``[753.065, 753.075]``."""
        left = "[" if self.lo_closed else "("
        right = "]" if self.hi_closed else ")"
        lo = format_decimal(self.lo.normalize() if decimals is None else self.lo, decimals)
        hi = format_decimal(self.hi.normalize() if decimals is None else self.hi, decimals)
        return f"{left}{lo}, {hi}{right}"


def sum_tolerance(count: int, decimals: int) -> Decimal:
    """The closed-form Calc 1.1 tolerance for ``count`` items and a total all written
    with ``decimals`` decimals: (n + 1)·½·10^−d."""
    return (count + 1) * _HALF.scaleb(-decimals)
