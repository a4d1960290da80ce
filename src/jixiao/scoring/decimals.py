"""Decimals as explanations and messages write them, for the per-evaluation hot path.

The same text and rounding as :func:`jixiao.model.numbers.format_decimal` and
:func:`~jixiao.model.numbers.round_half_up`, which import ``ROUND_HALF_UP`` and build
their quantum on every call: some 4 µs each, and an evaluation writes dozens of
figures. Here the quanta are built once.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_ONE = Decimal(1)
_PLACES = {d: _ONE.scaleb(-d) for d in range(29)}  # places → quantum: 2 → 0.01
_NEGATIVE_ZEROS = frozenset({"-0", "-0.0", "-0.00"})
_HALF = Decimal("0.5")
_HALVES = {d: _HALF.scaleb(-d) for d in range(-12, 13)}


def write_decimal(value: Decimal, decimals: int | None = None) -> str:
    """A Decimal without exponent, with ``decimals`` places (half up) when given;
    none or fewer places round to whole units."""
    if decimals is not None:
        quantum = _PLACES.get(max(decimals, 0))
        if quantum is None:
            quantum = _ONE.scaleb(-decimals)
        value = value.quantize(quantum, rounding=ROUND_HALF_UP)
    text = format(value, "f")
    if text in _NEGATIVE_ZEROS:
        text = text[1:]
    return text


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Round the way Chinese financial tables do (四舍五入); negative places round to
    tens, hundreds …"""
    quantum = _PLACES.get(decimals)
    if quantum is None:
        quantum = _ONE.scaleb(-decimals)
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def half_unit(decimals: int) -> Decimal:
    """Half a unit in the last written place: a figure written with 2 decimals stands
    for anything within ±0.005 of it."""
    found = _HALVES.get(decimals)
    return found if found is not None else _HALF.scaleb(-decimals)
