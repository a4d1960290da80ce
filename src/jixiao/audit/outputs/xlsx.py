"""XLSX: a sheet "文档汇总" (one row per document) and a sheet "问题明细" (one row per
finding), written with XlsxWriter: with shared strings (smaller and faster) up to
:data:`LARGE` findings, in constant-memory mode beyond, so that huge runs stay small in
memory.

Scores and counts are numbers (sortable and filterable in Excel); every sheet has a
frozen header row and an autofilter.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import xlsxwriter

from jixiao.audit.outputs.columns import DOCUMENT_COLUMNS, FINDING_COLUMNS, Column, score
from jixiao.audit.rows import AuditReport
from jixiao.writers.atomic import replacing

DOCUMENTS_SHEET = "文档汇总"
FINDINGS_SHEET = "问题明细"
LARGE = 200_000
_LEVEL_COLORS = {"错误": "#B42318", "警告": "#B54708", "提示": "#175CD3"}


def _sheet(book: Any, name: str, columns: tuple[Column, ...], rows: Iterable[Any],
           formats: dict[str, Any]) -> None:
    sheet = book.add_worksheet(name)
    for col, column in enumerate(columns):
        sheet.set_column(col, col, column.width, formats["wrap"] if column.width >= 40 else None)
        sheet.write_string(0, col, column.header, formats["header"])
    sheet.freeze_panes(1, 0)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, column in enumerate(columns):
            value = column.get(row)
            if value is None or value == "":
                continue
            if column.kind == "score":
                number = score(str(value))
                if number is not None:
                    sheet.write_number(count, col, float(number))
                    continue
            if column.kind == "int" and isinstance(value, int):
                sheet.write_number(count, col, value)
                continue
            text = str(value)
            level = formats["levels"].get(text) if column.key == "level" else None
            sheet.write_string(count, col, text, level)
    sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
    for col, column in enumerate(columns):
        if column.header == "错误":
            sheet.conditional_format(1, col, max(count, 1), col, {
                "type": "cell", "criteria": ">", "value": 0, "format": formats["bad"]})


def write(report: AuditReport, path: Path) -> list[Path]:
    with replacing(path) as tmp:
        _write(report, tmp)
    return [path]


def _write(report: AuditReport, path: Path) -> None:
    large = len(report.findings) > LARGE
    # A large run streams rows through temporary files: kept beside the output (not in
    # /tmp, where a full disk or a crash would leave them), small runs stay in memory.
    book = xlsxwriter.Workbook(str(path), {
        "constant_memory": large, "in_memory": not large, "tmpdir": str(path.parent),
        "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False})
    formats: dict[str, Any] = {
        "header": book.add_format({"bold": True, "bg_color": "#EEF2F6", "bottom": 1, "text_wrap": True}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        "bad": book.add_format({"font_color": "#B42318", "bold": True}),
    }
    formats["levels"] = {text: book.add_format({"font_color": color, "bold": True})
                         for text, color in _LEVEL_COLORS.items()}
    _sheet(book, DOCUMENTS_SHEET, DOCUMENT_COLUMNS, report.documents, formats)
    _sheet(book, FINDINGS_SHEET, FINDING_COLUMNS, report.findings, formats)
    book.close()
