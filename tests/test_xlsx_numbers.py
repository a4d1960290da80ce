"""Reading numbers out of Excel without losing a cent: floats at 15 significant
digits, decimals from the number format, percentages, cell references."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.model.numbers import parse_number
from jixiao.readers.xlsxbook import GENERAL, NumFormat, number_text, parse_format
from jixiao.workbook.cells import a1, col_letter, parse_a1
from jixiao.writers.xlsx.common import decimals_format


@pytest.mark.parametrize(("code", "decimals", "percent"), [
    ("General", None, False),
    ("0", 0, False),
    ("0.00", 2, False),
    ("#,##0.00", 2, False),
    ("0.00%", 2, True),
    ("0%", 0, True),
    ("0.0#", 1, False),
    ("0.00########", 2, False),
    ('"¥"#,##0.00;[Red]-"¥"#,##0.00', 2, False),
    ("0.00_);(0.00)", 2, False),
])
def test_number_formats(code: str, decimals: int | None, percent: bool) -> None:
    fmt = parse_format(code)
    assert (fmt.decimals, fmt.percent) == (decimals, percent)


def test_date_and_text_formats() -> None:
    assert parse_format("yyyy-mm-dd").date
    assert parse_format('yyyy"年"m"月"d"日"').date
    assert parse_format("@").text


@pytest.mark.parametrize(("value", "fmt", "computed", "text"), [
    (850.1900000000001, GENERAL, False, "850.19"),  # XlsxWriter writes %.16G
    (1.0, NumFormat(2), False, "1.00"),  # the format shows two places: they are stated
    (88.175, NumFormat(2), False, "88.175"),  # a typed value keeps every digit
    (83.2, NumFormat(1), False, "83.2"),
    (0.9894847034192357, NumFormat(2, percent=True), True, "98.95%"),  # a formula as shown
    (1.0, NumFormat(0, percent=True), False, "100%"),
    (1.1111111111111112, NumFormat(2, percent=True), True, "111.11%"),
    (-1.93, GENERAL, False, "-1.93"),
    (-0.0, GENERAL, False, "0"),
    (2023.0, NumFormat(0), False, "2023"),
    (123456789012.34, GENERAL, False, "123456789012.34"),
    (0.1 + 0.2, GENERAL, True, "0.3"),
])
def test_number_text(value: float, fmt: NumFormat, computed: bool, text: str) -> None:
    assert number_text(value, fmt, computed) == text


@given(st.integers(min_value=-10**11, max_value=10**11), st.integers(min_value=0, max_value=4))
def test_written_figures_come_back_exactly(units: int, decimals: int) -> None:
    """A figure written with d decimals into a cell formatted for d decimals reads back
    as the same number with the same decimals (what the template round trip needs)."""
    value = Decimal(units).scaleb(-decimals)
    fmt = parse_format(decimals_format(decimals))
    text = number_text(float(value), fmt, computed=False)
    number = parse_number(text)
    assert number is not None
    assert number.value == value
    assert number.decimals == decimals


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=2))
def test_cents_are_never_lost(cents: int, shown: int) -> None:
    """Whatever the format shows, a typed amount keeps its cents."""
    value = Decimal(cents).scaleb(-2)
    text = number_text(float(value), NumFormat(shown), computed=False)
    number = parse_number(text)
    assert number is not None and number.value == value


@given(st.integers(min_value=0, max_value=20_000), st.integers(min_value=0, max_value=700))
def test_cell_references(row: int, col: int) -> None:
    assert parse_a1(a1(row, col)) == (row, col)


def test_column_letters() -> None:
    assert [col_letter(c) for c in (0, 25, 26, 51, 52, 701, 702)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]
    assert parse_a1("$B$7") == (6, 1)
    assert parse_a1("7B") is None
