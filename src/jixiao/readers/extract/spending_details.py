"""项目支出明细: a project's spending listed item by item under its own header
(``支出内容 | 实际支出数 | 会计凭证号 | 备注``), as the 湖南 project report template
attaches it, read from the cell stream (one cell per line, pipe rows or a grid).

Each item is a text cell followed by the cell holding its amount; the cells after the
amount (the voucher numbers, a note, a voucher list wrapped over two cells) are skipped
until the next item. A row whose name is a total (支出合计, 合计) gives the total and ends
the list; a section heading, another table's label or a stretch of cells without an
item ends it too. The list is kept as a breakdown of the project (label ``实际支出数``,
the amount column's name), so that the total is checked against the sum of the items;
a list cut off before its total row keeps its items and no total, so nothing is
checked against an incomplete sum. Amounts are in 万元 as the template's funds are; a
header that states another unit (元) is not read, rather than read at the wrong scale.
"""

from __future__ import annotations

import re

from jixiao.located import Scalar
from jixiao.readers.document import Piece
from jixiao.readers.extract.build import Map
from jixiao.readers.extract.figures import cell_figure
from jixiao.readers.extract.labels import is_structure, label_key, table
from jixiao.readers.extract.stream import Stream

_MIN_ITEMS = 2
_GAP = 6  # cells without an item after which the list has ended
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[(（]\s*[一二三四五六七八九十]+\s*[)）])")
_YUAN_ONLY = re.compile(r"(?<!万)元")


def read_spending_details(stream: Stream, owner: Map) -> bool:
    """The first 项目支出明细 list into ``owner['breakdowns']``; True when read."""
    for start in stream.positions(table("spending_details", "content")):
        header = _header(stream, start)
        if header is None:
            continue
        end, amount_label = header
        items, total = _items(stream, end)
        if len(items) < _MIN_ITEMS:
            continue
        label = stream[amount_label].piece.strip()
        breakdown = owner.seq("breakdowns", label.location).add(stream[start].piece.location)
        breakdown.put("label", Scalar(label_key(label.text), label.location))
        if total is not None:
            breakdown.put("total", Scalar(total.text, total.location), total.location)
        parts = breakdown.seq("parts", label.location)
        for name, amount in items:
            part = parts.add(name.location)
            part.put("label", Scalar(label_key(name.text), name.location))
            part.put("amount", Scalar(amount.text, amount.location), name.location)
        return True
    return False


def _header(stream: Stream, start: int) -> tuple[int, int] | None:
    """(the first body cell, the amount column's cell) when the content column's name is
    followed by the amount column's and, optionally, the other columns' names."""
    amount = start + 1
    if amount >= len(stream) or table("spending_details", "amount").exact(stream[amount].text) is None:
        return None
    if _YUAN_ONLY.search(stream[amount].text):
        return None
    end = amount + 1
    while end < len(stream) and table("spending_details", "other").exact(stream[end].text) is not None:
        end += 1
    return end, amount


def _items(stream: Stream, start: int) -> tuple[list[tuple[Piece, Piece]], Piece | None]:
    totals = table("spending_details", "total")
    items: list[tuple[Piece, Piece]] = []
    last = start - 1  # the cell of the last amount taken
    for i in range(start + 1, len(stream)):
        tok, name = stream[i], stream[i - 1]
        if i - last > _GAP or _HEADING.match(tok.text):
            break
        figure = cell_figure(tok.piece)
        if figure is None or name.blank or cell_figure(name.piece) is not None or i - 1 == last:
            continue
        if totals.exact(name.text) is not None:
            return items, figure
        if is_structure(name.text) or _HEADING.match(name.text):
            break
        items.append((name.piece.strip(), figure))
        last = i
    return items, None
