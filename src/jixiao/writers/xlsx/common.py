"""What the workbook writers share: 仿宋 formats, number formats that keep the
decimals a figure was written with, formula cells with their cached results, A4 page
setup and the hidden sheet that names the workbook's layout.

Every formula is written with its result (XlsxWriter's ``value``), so viewers that
do not recalculate still show the numbers; Excel and LibreOffice recalculate them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from jixiao.model.fact import Fact
from jixiao.model.numbers import parse_number
from jixiao.workbook.layout import META_MARK, META_SHEET
from jixiao.writers.textwidth import break_at_words, width

FONT = "仿宋"
SIZE = 11
TITLE_SIZE = 18
INPUT_FILL = "#FFF2CC"  # light yellow: cells the unit fills in
FORMULA_FILL = "#EDEDED"  # light grey: computed, protected
CHECK_FONT = "#C00000"
HEADER_FILL = "#F2F2F2"
SECTION_FILL = "#DDEBF7"
FORMAT_VERSION = "1"

_PERCENT = "0.00%"


def decimals_format(decimals: int) -> str:
    """A number format that shows at least ``decimals`` places and more when typed:
    83.2 written with one decimal shows ``83.2``; an edit to 83.25 shows ``83.25``."""
    if decimals <= 0:
        return "General"
    return "0." + "0" * decimals + "#" * max(0, 10 - decimals)


MONEY_FORMAT = decimals_format(2)


class Styles:
    """Format objects by their properties; XlsxWriter wants one object per style."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self._cache: dict[tuple[tuple[str, Any], ...], Format] = {}

    def get(self, **props: Any) -> Format:
        base: dict[str, Any] = {"font_name": FONT, "font_size": SIZE, "valign": "vcenter"}
        base.update({k: v for k, v in props.items() if v is not None})
        key = tuple(sorted(base.items()))
        fmt = self._cache.get(key)
        if fmt is None:
            fmt = self.workbook.add_format(base)
            self._cache[key] = fmt
        return fmt

    # Named styles used across the sheets.
    def title(self, size: int = TITLE_SIZE) -> Format:
        return self.get(bold=True, font_size=size, align="center", text_wrap=True)

    def plain(self, **extra: Any) -> Format:
        return self.get(**extra)

    def cell(self, **extra: Any) -> Format:
        """A bordered table cell."""
        props: dict[str, Any] = {"border": 1, "text_wrap": True}
        props.update(extra)
        return self.get(**props)

    def header(self, **extra: Any) -> Format:
        props: dict[str, Any] = {"bold": True, "align": "center", "bg_color": HEADER_FILL}
        props.update(extra)
        return self.cell(**props)

    def input(self, num_format: str | None = None, **extra: Any) -> Format:
        props: dict[str, Any] = {"locked": False, "bg_color": INPUT_FILL, "num_format": num_format}
        props.update(extra)
        return self.cell(**props)

    def formula(self, num_format: str | None = None, **extra: Any) -> Format:
        props: dict[str, Any] = {"bg_color": FORMULA_FILL, "num_format": num_format}
        props.update(extra)
        return self.cell(**props)


@dataclass(frozen=True, slots=True)
class Written:
    """A number as it goes into a cell: the float Excel stores and its display."""

    value: float | str
    num_format: str
    decimals: int


def number_for(value: Decimal, decimals: int | None = None) -> Written:
    """A number that reads back with the decimals it was written with."""
    d = decimals if decimals is not None else _decimals_of(value)
    return Written(float(value), decimals_format(d), d)


def text_or_number(text: str) -> Written:
    """A cell that may hold a number or words (an indicator value): a plain number
    is written as a number (no "number stored as text" marks), anything else as text."""
    number = parse_number(text) if len(text) <= 20 else None
    if number is not None and "," not in text:
        return Written(float(number.value), decimals_format(number.decimals), number.decimals)
    return Written(text, "@", 0)


def number_for_fact(fact: Fact, table_unit: str | None) -> Written:
    if fact.unit_stated and fact.unit != table_unit:
        return Written(fact.text, "@", fact.decimals)
    return Written(float(fact.value), decimals_format(fact.decimals), fact.decimals)


def _decimals_of(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def as_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def cached(value: float | Decimal | None) -> float | str:
    """A formula's cached result: the number, or an empty text for a blank result."""
    if value is None:
        return ""
    f = float(value)
    if math.isnan(f) or math.isinf(f):
        return ""
    return f


def text_height(text: str, column_chars: float, line_height: float = 17.0, minimum: float = 20.0) -> float:
    """A row height that shows wrapped Chinese text whole (Excel does not grow rows
    written by a library on its own)."""
    if not text:
        return minimum
    lines = 0
    usable = max(column_chars * 0.92 - 1.0, 4.0)
    for paragraph in text.split("\n"):
        lines += max(1, math.ceil(width(paragraph) / usable))
    return max(minimum, min(409.0, lines * line_height + 6))


# The headers the workbooks set in narrow columns, with their word ends: a header is broken
# only there (“年度预算／申请／（万元）”, never “申请（万／元）”). The layout keeps the plain
# wording, which the reader matches; a header not listed breaks at its phrases only.
_MARKED = ("年度|预算|申请|（万元）", "年度|总体|目标", "项目|资金|（万元）", "年初|预算数", "全年|预算数",
           "全年|执行数", "一级|指标", "二级|指标", "三级|指标", "年度|指标值", "实际|完成值",
           "偏差原因|分析及|改进措施", "指标|性质", "度量|单位", "年初|预算", "实际|支出", "结余|结转",
           "调整|原因", "资金|用途|及|成效", "批复|规模|（㎡）", "实际|规模|（㎡）", "规模|控制率",
           "预算|投资|（万元）", "实际|投资|（万元）", "投资|概算|控制率", "原文|位置", "附表|单元格")
HEADER_WORDS = {marked.replace("|", ""): marked for marked in _MARKED}


def header_lines(text: str, column_chars: float, font_size: float = 11) -> str:
    """A header that does not fit its column, broken between its words (``HEADER_WORDS``)
    or phrases (“预算投资\n（万元）”, never a line of its own for “）”), in as few and as even
    lines as fit (``textwidth.break_at_words``). A column holds about 0.92 of its width in
    characters of the 11 pt default font, less one for the padding; a CJK character is two."""
    usable_em = (column_chars * 0.92 - 1.0) * 11 / font_size / 2
    return break_at_words(HEADER_WORDS.get(text, text), usable_em)


def a4(ws: Worksheet, *, landscape: bool = False, repeat: tuple[int, int] | None = None,
       footer: bool = True) -> None:
    """A4, one page wide, centred, with page numbers."""
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_margins(left=0.6, right=0.6, top=0.7, bottom=0.7)
    if repeat is not None:
        ws.repeat_rows(*repeat)
    if footer:
        ws.set_footer("&C— &P —")


def write_meta(workbook: Workbook, layout: str, kind: str, framework: str | None) -> None:
    """A very hidden sheet naming the layout, so the reader knows what it reads."""
    ws = workbook.add_worksheet(META_SHEET)
    rows = [(META_MARK, layout), ("kind", kind), ("framework", framework or ""),
            ("version", FORMAT_VERSION)]
    for r, (key, value) in enumerate(rows):
        ws.write_string(r, 0, key)
        ws.write_string(r, 1, value)
    ws.very_hidden()
