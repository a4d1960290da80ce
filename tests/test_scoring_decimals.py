"""The hot-path decimal writers write exactly what the model's number helpers write."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from jixiao.model import numbers
from jixiao.scoring import decimals

values = st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**9, max_value=10**9, places=6) | \
    st.sampled_from([Decimal("-0"), Decimal("-0.00"), Decimal("-0.004"), Decimal("1E+3"), Decimal("0E-5")])
places = st.none() | st.integers(-3, 14)


@given(values, places)
def test_write_decimal_matches_format_decimal(value: Decimal, places_: int | None) -> None:
    assert decimals.write_decimal(value, places_) == numbers.format_decimal(value, places_)


@given(values, st.integers(-3, 14))
def test_round_half_up_matches_the_model(value: Decimal, places_: int) -> None:
    ours, theirs = decimals.round_half_up(value, places_), numbers.round_half_up(value, places_)
    assert (ours, str(ours)) == (theirs, str(theirs))



@given(st.integers(-20, 20))
def test_half_unit_is_half_the_last_place(places_: int) -> None:
    assert decimals.half_unit(places_) == Decimal("0.5").scaleb(-places_)
