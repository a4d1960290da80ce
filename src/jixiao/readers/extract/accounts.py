"""The year's revenue and spending as a whole-expenditure report states them
(``report.accounts``): in sentences of the report's budget paragraphs
(``1、收入:792.22万元……2、支出:799.12万元``), or in the report's own 年度收入情况 table
(机构名称 | 收入合计 | 其中: | 上年结转 | 公共财政拨款 | … and its 汇总 row).

In a sentence the words before the figure must be one of the labels exactly
(``report.yaml`` ``figures.accounts``): ``三公经费支出12万元`` is not the year's total
spending. In the table the columns are the header's cells in order (``labels.yaml``
``revenue_table``); a header cell of no known column keeps its place and is not read,
and the row that sums the unit (its label names 汇总 / 合计 / 总计) gives the accounts.
The rows after it, one per institution (局机关, 二级机构), are kept as the parts of each
column's total (``report.breakdowns``), so that the 汇总 row is checked against them.
"""

from __future__ import annotations

import re

from jixiao.located import Scalar
from jixiao.readers.document import Paragraph
from jixiao.readers.extract.build import Map
from jixiao.readers.extract.context import Context
from jixiao.readers.extract.figures import cell_figure, scan, strip_connectors
from jixiao.readers.extract.labels import data, is_structure, label_key, squash, table
from jixiao.readers.extract.sentences import figure_piece, fix_typos, label_of, scalar
from jixiao.readers.extract.stream import Tok

_MONEY_UNITS = ("万元", "元", "亿元")
_HEADER_MAX = 12  # header cells after 收入合计 before its total row
_MIN_INSTITUTIONS = 2


def read_accounts(ctx: Context, report: Map, paragraphs: list[Paragraph]) -> None:
    """Revenue and spending totals into ``report['accounts']``: the table first (its
    figures are the document's own table), then the report's sentences for what it
    left out."""
    accounts = Map(report.location)
    _table(ctx, accounts, report)
    _sentences(paragraphs, accounts)
    if not accounts.empty():
        report.put("accounts", accounts, accounts.location)


def _sentences(paragraphs: list[Paragraph], accounts: Map) -> None:
    labels = table("report", "figures", "accounts")
    for para in paragraphs:
        piece = para.piece
        for fig in scan(piece.text):
            if fig.unit not in _MONEY_UNITS:
                continue
            label = label_of(piece, fig)
            field = labels.exact(fix_typos(label.text)) or labels.exact(strip_connectors(label_key(label.text)))
            if field is None or field in accounts:
                continue
            if accounts.empty():
                accounts.location = label.location
            accounts.put(field, scalar(figure_piece(piece, fig, "万元")), label.location)


def _table(ctx: Context, accounts: Map, report: Map) -> None:
    columns = table("revenue_table", "columns")
    skip = tuple(data("labels")["revenue_table"]["skip"])
    totals = table("revenue_table", "total_row")
    stream = ctx.stream
    for start, tok in enumerate(stream.toks):
        if columns.exact(tok.text) != "revenue":
            continue
        header: list[tuple[str | None, int]] = []  # each column's role and its header cell
        i = start
        while i < len(stream) and i - start < _HEADER_MAX:
            cell = stream[i]
            if cell.text.strip(" :：\u3000") in skip:  # 其中: — compared as written: as a label it is nothing
                i += 1
                continue
            role = columns.exact(cell.text)
            if role is None and totals.contains(cell.text) is not None:
                break  # the total row's label
            if cell.blank or cell_figure(cell.piece) is not None:
                return  # figures or empty cells before any total row: not this layout
            header.append((role, i))
            i += 1
        else:
            return
        values = [stream[k] for k in range(i + 1, min(len(stream), i + 1 + len(header)))]
        if len(values) < len(header) or any(not v.blank and cell_figure(v.piece) is None for v in values):
            return
        # the table's title above the header gives its money unit: 年度收入情况(万元)
        in_yuan = any(squash(stream[k].text).endswith("(元)") for k in range(max(0, start - 4), start))
        accounts.location = stream[i].piece.location
        for (role, at), value in zip(header, values, strict=True):
            fig = cell_figure(value.piece)
            if role is None or fig is None or role in accounts:
                continue
            accounts.put(role, Scalar(_money(fig.text, in_yuan), fig.location), stream[at].piece.location)
        end = i + 1 + len(header)
        rows, end = _institution_rows(ctx, end, len(header))
        _institution_breakdowns(report, [stream[at] for _, at in header], values, rows, in_yuan)
        ctx.claim(start, end)
        return


def _money(text: str, in_yuan: bool) -> str:
    return text + "元" if in_yuan and not text.endswith("元") else text


def _institution_rows(ctx: Context, start: int, width: int) -> tuple[list[tuple[Tok, list[Tok]]], int]:
    """The rows after the total row, one per institution (``1、局机关`` and its cells), up
    to the first that is not a label followed by ``width`` cells each a figure or empty."""
    stream = ctx.stream
    rows: list[tuple[Tok, list[Tok]]] = []
    i = start
    while i + width < len(stream):
        label, cells = stream[i], [stream[k] for k in range(i + 1, i + 1 + width)]
        if label.blank or cell_figure(label.piece) is not None or is_structure(label.text) \
                or any(not c.blank and cell_figure(c.piece) is None for c in cells):
            break
        rows.append((label, cells))
        i += 1 + width
    return rows, i


def _institution_breakdowns(report: Map, header: list[Tok], totals: list[Tok],
                            rows: list[tuple[Tok, list[Tok]]], in_yuan: bool) -> None:
    """Each column's total over the institutions' rows, as a breakdown (its sum is checked):
    only a column every institution row with figures fills, so that no empty cell is taken
    for a zero, and with at least two such rows."""
    filled = [(label, cells) for label, cells in rows if any(not c.blank for c in cells)]
    if len(filled) < _MIN_INSTITUTIONS:
        return
    for k, (name, total) in enumerate(zip(header, totals, strict=True)):
        figure = cell_figure(total.piece)
        parts = [(label, cell_figure(cells[k].piece)) for label, cells in filled]
        if figure is None or any(p is None for _, p in parts):
            continue
        item = report.seq("breakdowns", name.piece.location).add(name.piece.location)
        item.put("label", Scalar(name.key, name.piece.location))
        item.put("total", Scalar(_money(figure.text, in_yuan), figure.location), total.piece.location)
        plist = item.seq("parts", name.piece.location)
        for label, amount in parts:
            assert amount is not None
            entry = plist.add(label.piece.location)
            entry.put("label", Scalar(_institution_name(label.key), label.piece.location))
            entry.put("amount", Scalar(_money(amount.text, in_yuan), amount.location), label.piece.location)


def _institution_name(key: str) -> str:
    return re.sub(r"^\d+\s*[、.．]\s*", "", key)
