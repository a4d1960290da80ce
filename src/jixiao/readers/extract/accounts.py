"""The year's revenue and spending as a whole-expenditure report states them
(``report.accounts``): in sentences of the report's budget paragraphs
(``1、收入:792.22万元……2、支出:799.12万元``), or in the report's own 年度收入情况 table
(机构名称 | 收入合计 | 其中: | 上年结转 | 公共财政拨款 | … and its 汇总 row).

In a sentence the words before the figure must be one of the labels exactly
(``report.yaml`` ``figures.accounts``): ``三公经费支出12万元`` is not the year's total
spending. In the table the columns are the header's cells in order (``labels.yaml``
``revenue_table``); a header cell of no known column keeps its place and is not read,
and only the row that sums the unit (its label names 汇总 / 合计 / 总计) is read.
"""

from __future__ import annotations

from jixiao.located import Scalar
from jixiao.readers.document import Paragraph
from jixiao.readers.extract.build import Map
from jixiao.readers.extract.context import Context
from jixiao.readers.extract.figures import cell_figure, scan, strip_connectors
from jixiao.readers.extract.labels import data, label_key, squash, table
from jixiao.readers.extract.sentences import figure_piece, fix_typos, label_of, scalar

_MONEY_UNITS = ("万元", "元", "亿元")
_HEADER_MAX = 12  # header cells after 收入合计 before its total row


def read_accounts(ctx: Context, report: Map, paragraphs: list[Paragraph]) -> None:
    """Revenue and spending totals into ``report['accounts']``: the table first (its
    figures are the document's own table), then the report's sentences for what it
    left out."""
    accounts = Map(report.location)
    _table(ctx, accounts)
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


def _table(ctx: Context, accounts: Map) -> None:
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
            text = fig.text + "元" if in_yuan and not fig.text.endswith("元") else fig.text
            accounts.put(role, Scalar(text, fig.location), stream[at].piece.location)
        ctx.claim(start, i + 1 + len(header))
        return
