"""The report's own date (``report_date``): the date the document gives itself.

Which date that is, in order:

1. a labelled date anywhere in the document — the cover's 报告日期, 填报日期, 报告期
   (``report.yaml`` ``report_date``), with or without a colon, spaced as the page left
   it (``报告期:2017 -7 - 25``, ``填报日期 2024年 2月26日``); a label with no date after
   it (a form's blank 填报日期：) is skipped;
2. else the signature date (落款) of the report text: the last line in the report's
   sections that is nothing but a date written with 年, 月 and 日, as 公文 dates are.

A portal's 发布日期 / 发布时间 is never the report's date: it is the page's, often of a
repost years later, and the page prints it whatever the report says. A line that is
only a date in another form (``2022-04-15``) is left alone for the same reason.
"""

from __future__ import annotations

import re
from functools import cache

from jixiao.located import Scalar
from jixiao.model.dates import DATE_PATTERN, parse_date
from jixiao.readers.document import Paragraph, Piece, Table
from jixiao.readers.extract.build import Map
from jixiao.readers.extract.context import Context
from jixiao.readers.extract.labels import data
from jixiao.readers.extract.report import split_report

# 2021年部门决算收支完成情况, 2021年度部门整体支出: the year the figures are the accounts of
_ACCOUNTS_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?\s*(?:部门|单位|本部门|本单位)?\s*(?:整体支出|决算)")
_SIGNATURE = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")


@cache
def _labelled() -> re.Pattern[str]:
    labels = sorted(data("report")["report_date"], key=len, reverse=True)
    words = "|".join(r"\s*".join(re.escape(ch) for ch in w) for w in labels)
    return re.compile(rf"(?:{words})\s*[:：]?\s*(?P<date>{DATE_PATTERN})")


def labelled_date_spans(line: str) -> list[tuple[int, int]]:
    """Where a line states the report's date under its label, spaced as the page left it
    (``报告期:2017 -7 - 25``, ``报告日期:2017 年7 月 15  日``): the date's own span."""
    return [m.span("date") for m in _labelled().finditer(line)]


def read_report_date(ctx: Context, root: Map) -> None:
    """Put the report's own date into ``root['report_date']`` when the document gives one."""
    piece = _labelled_date(ctx) or _signature_date(ctx)
    if piece is not None:
        root.put("report_date", Scalar(piece.text, piece.location))


def _pieces(ctx: Context) -> list[Piece]:
    out: list[Piece] = []
    for block in ctx.doc.blocks:
        if isinstance(block, Paragraph):
            out.append(block.piece)
        elif isinstance(block, Table):
            out.extend(cell.piece for row in block.rows for cell in row)
    return out


def _labelled_date(ctx: Context) -> Piece | None:
    pattern = _labelled()
    for piece in _pieces(ctx):
        for m in pattern.finditer(piece.text):
            if parse_date(m.group("date")) is not None:
                return piece.slice(m.start("date"), m.end("date")).strip()
    return None


def _signature_date(ctx: Context) -> Piece | None:
    _before, parts, _attachments = split_report(ctx)
    found: Piece | None = None
    for part in parts:
        for para in part.paragraphs:
            text = para.text.strip()
            if _SIGNATURE.fullmatch(text) and parse_date(text) is not None:
                found = para.piece.strip()
    return found


def accounts_year(ctx: Context) -> int | None:
    """The year a report without a dated title or cover evaluates, from its first
    sentence naming a year's 决算 or 整体支出 (``2021年部门决算收支完成情况``); a year's
    budget (预算) is not taken: reports state the next year's budget too."""
    _before, parts, _attachments = split_report(ctx)
    for part in parts:
        for para in [*([part.heading] if part.heading else []), *part.paragraphs]:
            m = _ACCOUNTS_YEAR.search(para.text)
            if m:
                return int(m.group(1))
    return None
