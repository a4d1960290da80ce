"""A funds block written as label/value pairs, one pair per column, and a row per
source that repeats its label before each column's value.

Some project self-evaluation reports (岳阳 财政支出项目绩效评价自评报告, 附件3-2) state
the project's funds as a grid copied cell by cell::

    计划安排资金(万元) | 1208.75 | 实际到位资金(万元) | 1208.75 | 实际支出(万元) | 991.51 | 结余(万元) | 217.24
    省财政 | 1125 | 省财政 | 1125 | 省财政 | 907.76 | 省财政 | 217.24
    市财政 | 33.75 | 市财政 | 33.75 | 市财政 | 33.75 | 市财政 |
    其它 | 其它 | 9.6 | 其它 | 9.6 | 其它

The header is three or more column labels (``report.yaml`` ``paired_funds.columns``),
each followed by its figure: the total row. Each following source (``paired_funds.sources``)
is its label written once per column, the column's figure (if any) right after it; a
source is read only when its label appears exactly once per column, so a figure is
never given to the wrong column. The cells may come in one run (rows lost) or row by row: only their order counts.
"""

from __future__ import annotations

import re
from functools import cache

from jixiao.located import Scalar
from jixiao.model.sources import SOURCE_TITLES
from jixiao.readers.extract.build import Map
from jixiao.readers.extract.context import Context
from jixiao.readers.extract.figures import is_figure
from jixiao.readers.extract.labels import Synonyms, data, label_key
from jixiao.readers.extract.stream import Tok

_UNIT_NOTE = re.compile(r"^[(（]\s*(?:万元|元)\s*[)）]$")
_MIN_COLUMNS = 3


@cache
def _tables() -> tuple[Synonyms, Synonyms]:
    node = data("report")["paired_funds"]
    return Synonyms(node["columns"]), Synonyms(node["sources"])


def _key(text: str) -> str:
    key = label_key(re.sub(r"[(（]\s*(?:万元|元)\s*[)）]", "", text))
    return key.removeprefix("其中:").removeprefix("其中")


def read_paired_funds(ctx: Context, root: Map) -> bool:
    """The funds block into ``root.funds`` (total and source rows); True when read."""
    toks = [t for t in ctx.stream.toks if not t.blank and not _UNIT_NOTE.match(t.text.strip())]
    columns_table, sources_table = _tables()
    for i in range(len(toks)):
        header = _header(toks, i, columns_table)
        if header is None:
            continue
        columns, end = header
        funds = root.map("funds", toks[i].piece.location)
        total = funds.map("total", toks[i].piece.location)
        for (column, _, value) in columns:
            if value is not None:
                total.put(column, Scalar(value.piece.strip().text, value.piece.location))
        _sources(toks, end, [c for c, _, _ in columns], funds, sources_table)
        return True
    return False


def _header(toks: list[Tok], start: int, table: Synonyms) -> tuple[list[tuple[str, Tok, Tok | None]], int] | None:
    out: list[tuple[str, Tok, Tok | None]] = []
    i = start
    while i + 1 < len(toks):
        column = table.exact(_key(toks[i].text))
        if column is None or not is_figure(toks[i + 1].text):
            break
        out.append((column, toks[i], toks[i + 1]))
        i += 2
    if len(out) < _MIN_COLUMNS:
        return None
    return out, i


def _sources(toks: list[Tok], start: int, columns: list[str], funds: Map, table: Synonyms) -> None:
    i = start
    while i < len(toks):
        label = _key(toks[i].text)
        source = table.exact(label)
        if source is None:
            return
        values: list[Tok | None] = []
        j = i
        while j < len(toks) and _key(toks[j].text) == label and len(values) < len(columns):
            nxt = toks[j + 1] if j + 1 < len(toks) else None
            if nxt is not None and is_figure(nxt.text):
                values.append(nxt)
                j += 2
            else:
                values.append(None)
                j += 1
        if len(values) != len(columns) or (j < len(toks) and _key(toks[j].text) == label):
            return  # the label is not written once per column: the row cannot be placed
        if any(v is not None for v in values):
            row = funds.seq("rows", toks[i].piece.location).add(toks[i].piece.location)
            row.put("source", Scalar(SOURCE_TITLES.get(source, source), toks[i].piece.location))
            for column, value in zip(columns, values, strict=True):
                if value is not None:
                    row.put(column, Scalar(value.piece.strip().text, value.piece.location))
        i = j
