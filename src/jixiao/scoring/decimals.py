"""Decimals as explanations and messages write them: the model's number writers
(:mod:`jixiao.model.numbers`) under the names scoring and the checks use."""

from __future__ import annotations

from jixiao.model.numbers import format_decimal as write_decimal
from jixiao.model.numbers import half_unit, round_half_up

__all__ = ["half_unit", "round_half_up", "write_decimal"]
