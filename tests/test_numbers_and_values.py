"""Parsing numbers, figures and indicator values (property tests for the parsers)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.model.fact import parse_figure
from jixiao.model.numbers import format_decimal, parse_chinese_count, parse_number
from jixiao.model.values import Operator, ValueKind, parse_value, with_nature


@given(st.integers(0, 6).flatmap(lambda places: st.decimals(min_value=-10**9, max_value=10**9, places=places,
                                                            allow_nan=False)))
def test_written_numbers_round_trip(value: Decimal) -> None:
    text = format_decimal(value)
    parsed = parse_number(text)
    assert parsed is not None and parsed.value == value
    assert parsed.decimals == (len(text.split(".")[1]) if "." in text else 0)


@given(st.integers(0, 10**12), st.integers(0, 4))
def test_decimals_are_kept_as_written(cents: int, places: int) -> None:
    value = Decimal(cents).scaleb(-places)
    text = f"{value:.{places}f}"
    parsed = parse_number(text)
    assert parsed is not None and parsed.decimals == places and parsed.value == value


@given(st.text(max_size=60))
def test_parsers_never_raise(text: str) -> None:
    parse_number(text)
    parse_figure(text, "万元")
    v = parse_value(text)
    assert v.kind in ValueKind
    with_nature(text[:2], text, text[-2:])


@pytest.mark.parametrize(("text", "value", "decimals", "unit"), [
    ("63.72", "63.72", 2, "万元"), ("1.00", "1.00", 2, "万元"), ("42.82元", "42.82", 2, "元"),
    ("850.19万", "850.19", 2, "万元"), ("111%", "111", 0, "%"), ("１２３．４", "123.4", 1, "万元"),
    ("1,234.50", "1234.50", 2, "万元"), ("-1.93", "-1.93", 2, "万元"), ("－1.93", "-1.93", 2, "万元"),
])
def test_figures(text: str, value: str, decimals: int, unit: str) -> None:
    fig = parse_figure(text, "万元")
    assert fig is not None
    assert fig.number.value == Decimal(value) and fig.number.decimals == decimals and fig.unit == unit


@pytest.mark.parametrize("text", ["abc", "1.2.3", "12 34", "约5", "5万元左右", ""])
def test_not_figures(text: str) -> None:
    assert parse_figure(text, "万元") is None


@pytest.mark.parametrize(("text", "kind", "op", "number", "unit"), [
    ("≤772.37万元", ValueKind.QUANTITATIVE, Operator.LE, "772.37", "万元"),
    ("不少于3次", ValueKind.QUANTITATIVE, Operator.GE, "3", "次"),
    ("≥95%", ValueKind.QUANTITATIVE, Operator.GE, "95", "%"),
    ("6个", ValueKind.QUANTITATIVE, None, "6", "个"),
    ("48人", ValueKind.QUANTITATIVE, None, "48", "人"),
    ("1次", ValueKind.QUANTITATIVE, None, "1", "次"),
    ("100%", ValueKind.QUANTITATIVE, None, "100", "%"),
    ("≥100百分比", ValueKind.QUANTITATIVE, Operator.GE, "100", "%"),
    ("10万元以内", ValueKind.QUANTITATIVE, Operator.LE, "10", "万元"),
    ("3次及以上", ValueKind.QUANTITATIVE, Operator.GE, "3", "次"),
    ("不少于三次", ValueKind.QUANTITATIVE, Operator.GE, "3", "次"),
    ("全年", ValueKind.QUALITATIVE, None, None, None),
    ("2023年全年", ValueKind.QUALITATIVE, None, None, None),
    ("达成预期指标", ValueKind.QUALITATIVE, None, None, None),
    ("", ValueKind.BLANK, None, None, None),
    ("/", ValueKind.NOT_APPLICABLE, None, None, None),
    ("——", ValueKind.NOT_APPLICABLE, None, None, None),
    ("3-5次", ValueKind.UNPARSED, None, None, None),
    ("完成2个调研报告", ValueKind.UNPARSED, None, None, None),
])
def test_indicator_values(text: str, kind: ValueKind, op: Operator | None, number: str | None,
                          unit: str | None) -> None:
    v = parse_value(text)
    assert v.kind is kind and v.operator is op and v.unit == unit
    assert v.number == (Decimal(number) if number else None)
    assert v.text == text.strip()


def test_period_values_normalise() -> None:
    assert parse_value("2023年全年").normalized == parse_value("全年").normalized


def test_split_columns() -> None:
    v = with_nature("=", "100", "%")
    assert v.kind is ValueKind.QUANTITATIVE and v.operator is Operator.EQ and v.number == 100 and v.unit == "%"
    assert with_nature("定性", "效果明显", "").kind is ValueKind.QUALITATIVE


@pytest.mark.parametrize(("text", "n"), [("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("九十九", 99),
                                          ("一百", None), ("三三", None)])
def test_chinese_counts(text: str, n: int | None) -> None:
    assert parse_chinese_count(text) == n


@given(st.decimals(min_value=-10**12, max_value=10**12, allow_nan=False, allow_infinity=False),
       st.one_of(st.none(), st.integers(-3, 8)))
def test_decimals_are_written_without_exponent(value: Decimal, decimals: int | None) -> None:
    # format_decimal takes a short cut through str(); it must write what format(…, "f") does.
    text = format_decimal(value, decimals)
    if decimals is not None:
        value = value.quantize(Decimal(1).scaleb(-max(decimals, 0)), rounding=ROUND_HALF_UP)
    expected = format(value, "f")
    assert text == (expected[1:] if expected in ("-0", "-0.0", "-0.00") else expected)
    assert "E" not in text and "e" not in text
