"""The half unit in the last place that the score checks compare with."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from jixiao.model import numbers


@given(st.integers(-20, 20))
def test_half_unit_is_half_the_last_place(places_: int) -> None:
    assert numbers.half_unit(places_) == Decimal("0.5").scaleb(-places_)
