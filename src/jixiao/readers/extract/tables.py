"""The self-evaluation table parts shared by the whole-expenditure 附件3 and the
project tables: the funds block (年度资金总额 and its sources), 按收入/支出性质分,
年度总体目标, the indicators and the total, and the project table's header and
closing texts."""

from __future__ import annotations

import re

from jixiao.findings import Finding
from jixiao.located import Scalar
from jixiao.model.sources import fund_source_key
from jixiao.readers.document import Piece
from jixiao.readers.extract.build import Map
from jixiao.readers.extract.context import Context
from jixiao.readers.extract.figures import cell_figure
from jixiao.readers.extract.indicators import find_indicator_header, read_indicators
from jixiao.readers.extract.labels import (
    Synonyms,
    is_note,
    is_structure,
    label_key,
    points_of,
    squash,
    table,
    wordlist,
)
from jixiao.readers.extract.rows import Header, RowValues, find_header, row_values
from jixiao.readers.extract.stream import Stream

_UNIT_NOTE = re.compile(r"[(（]\s*(万元|元)\s*[)）]")
_LEVEL = re.compile(r"^(省|市|区|县|乡镇|乡|镇|州|盟|旗)级")


def funds_header(ctx: Context, start: int = 0, end: int | None = None) -> tuple[int, Header] | None:
    stream = ctx.stream
    columns = table("funds", "columns")
    for i in stream.positions(columns, start, end):
        found = find_header(stream, columns, i, i + 1, 3)
        if found is None:
            # a two-column table (全年预算数(A) 全年执行数(B)) is one only when its
            # first row, 年度资金总额, follows
            found = find_header(stream, columns, i, i + 1, 2)
            if found is not None and not _total_follows(stream, found[1]):
                found = None
        if found is not None:
            return found
    return None


def _total_follows(stream: Stream, header: Header) -> bool:
    if set(header.roles) != {"full_year", "final"}:
        return False
    window = range(header.end, min(len(stream), header.end + 40))
    return any(table("funds", "total").exact(stream[k].text) is not None for k in window)


# the sources a project table lists under its total row
_SOURCE_ROWS = ("fiscal", "carried_over", "special_account", "unit_funds", "other",
                "central", "province", "corps", "city", "county", "district", "local")


def _is_fund_row(text: str) -> str | None:
    """'total' for the total row, a source key for a source row, else None."""
    key = label_key(text)
    if not key:
        return None
    if table("funds", "total").exact(key) is not None:
        return "total"
    source = fund_source_key(key)
    if source != key and (key in wordlist("funds", "sources")
                          or source in _SOURCE_ROWS):
        return source
    return None


def read_funds(ctx: Context, owner: Map, key: str, kind: str) -> int | None:
    """The funds block into ``owner[key]``: the total row (and, for a project table,
    the source rows). Returns the stream index after the block."""
    found = funds_header(ctx)
    if found is None:
        return None
    start, header = found
    stream = ctx.stream
    unit = _unit_near(stream, start, header)
    i = header.end
    end = i
    source_roles = list(wordlist("funds", "source_columns"))

    def is_row_label(text: str) -> bool:
        return _is_fund_row(text) is not None or _goals_anchor(text) or _indicator_anchor(text)

    block: Map | None = None
    limit = min(len(stream), i + 200)
    displaced = _displaced_total(ctx, header, limit)
    while i < limit:
        tok = stream[i]
        if _goals_anchor(tok.text) or _indicator_anchor(tok.text):
            break
        which = _is_fund_row(tok.text)
        if which is None:
            i += 1
            continue
        noticed = len(ctx.findings)
        if which == "total" and displaced is not None and i == displaced[0]:
            rv, tok = displaced[1], stream[header.end - 1]
        else:
            rv = row_values(ctx, i, header, label_key(tok.text),
                            roles=header.roles if which == "total" else source_roles, stop=is_row_label)
        end = max(end, rv.end)
        if not (rv.values or rv.texts):  # nothing read: what was noticed names the row's field
            _at_field(ctx, noticed, _FUNDS_FIELDS[kind, which == "total"])
        else:
            if block is None:
                block = owner.map(key, stream[start].piece.location) if kind == "project" else owner
                if kind == "project" and unit is not None:
                    block.put("unit", Scalar(unit[0], unit[1].location))
            if which == "total":
                row = block.map("total" if kind == "project" else "funds", tok.piece.location)
            else:
                if kind != "project":
                    i = max(rv.end, i + 1)
                    continue
                row = block.seq("rows", tok.piece.location).add(tok.piece.location)
                row.put("source", Scalar(label_key(tok.text), tok.piece.location))
            for role in ("initial", "carryover", "full_year", "pooled", "net_budget", "final", "in_place",
                         "in_place_rate", "rate", "weight", "score"):
                if role in rv.values:
                    p = rv.values[role]
                    row.put(role, Scalar(p.text, p.location))
            if which == "total" and "weight" not in rv.values and "weight" not in header.roles:
                stated = _header_weight(ctx, start, header)
                if stated is not None:
                    row.put("weight", Scalar(stated.text, stated.location))
            if "reason" in rv.texts and which == "total":
                p = rv.texts["reason"]
                row.put("reason", Scalar(p.text, p.location))
        i = max(rv.end, i + 1)
    ctx.claim(start, end)
    return end


# Where a funds row lives in the data document (a source row of an overall table is not
# kept: the funds block it belongs to).
_FUNDS_FIELDS = {("project", True): "/funds/total", ("project", False): "/funds/rows",
                 ("overall", True): "/self_evaluation/funds", ("overall", False): "/self_evaluation/funds"}


def _at_field(ctx: Context, since: int, field: str) -> None:
    """The findings noticed since ``since`` about a row that was not read, given the field
    the row would fill (``fields.with_fields`` finds no value at their place)."""
    for n in range(since, len(ctx.findings)):
        f = ctx.findings[n]
        located = tuple(loc if loc.field is not None else loc.at_field(field) for loc in f.locations)
        ctx.findings[n] = Finding(f.code, f.level, f.message, located, f.stated, f.expected, f.citation, f.args)


# the points a score column's header states: 得分(20分*执行率), 得分（20分）
_HEADER_POINTS = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分")


def _header_weight(ctx: Context, start: int, header: Header) -> Piece | None:
    """The funds block's points where the table has no 分值 column but its score
    header states them (得分(20分*执行率)): the weight of the total row."""
    columns = table("funds", "columns")
    for k in range(start, header.end):
        tok = ctx.stream[k]
        m = _HEADER_POINTS.search(tok.text)
        if m and columns.exact(tok.text) == "score":
            return tok.piece.slice(m.start(1), m.end(1))
    return None


def _displaced_total(ctx: Context, header: Header, limit: int) -> tuple[int, RowValues] | None:
    """Flattened text that put the 年度资金总额 label after the rows: figures right after
    the header (before any row label) are the first row's, which in every funds table
    is 年度资金总额, when that label comes later with no figures of its own. (index of
    the label, the row's values)"""
    stream = ctx.stream
    if header.row is not None or header.end >= len(stream) or cell_figure(stream[header.end].piece) is None:
        return None
    for k in range(header.end, limit):
        if _is_fund_row(stream[k].text) != "total":
            continue
        nxt = stream[k + 1] if k + 1 < len(stream) else None
        if nxt is not None and cell_figure(nxt.piece) is not None:
            return None  # the label has its own figures
        rv = row_values(ctx, header.end - 1, header, "年度资金总额", stop=lambda t: _is_fund_row(t) is not None)
        return (k, rv) if rv.values else None
    return None


def _unit_near(stream: Stream, start: int, header: Header) -> tuple[str, Piece] | None:
    lo = max(0, start - 3)
    for k in range(lo, min(len(stream), header.end)):
        m = _UNIT_NOTE.search(squash(stream[k].text).replace("(", "（").replace(")", "）"))
        if m:
            return m.group(1), stream[k].piece
    return None


def _goals_anchor(text: str) -> bool:
    key = label_key(text)
    return key in wordlist("goals", "anchors") or key in wordlist("goals", "expected")


def _indicator_anchor(text: str) -> bool:
    key = label_key(text)
    name, _ = points_of(text)
    return key in ("一级指标", "三级指标") or name in wordlist("indicators", "frame")


def read_breakdown_cells(ctx: Context, owner: Map, start: int, end: int) -> None:
    """按收入性质分：850.19 / 其中：基本支出：753.07 — a label and its figure in one cell."""
    stream = ctx.stream
    revenue = table("by_revenue")
    expenditure = table("by_expenditure")
    for i in range(start, min(end, len(stream))):
        tok = stream[i]
        text = tok.text
        cut = max(text.rfind("："), text.rfind(":"))
        if cut < 0:
            continue
        label = text[:cut]
        value = tok.piece.slice(cut + 1, len(text))
        fig = cell_figure(value)
        if fig is None:
            continue
        for key, synonyms in (("by_revenue", revenue), ("by_expenditure", expenditure)):
            field = synonyms.exact(label)
            if field is not None:
                section = owner.map(key, tok.piece.location)
                if field not in section:
                    section.put(field, Scalar(fig.text, fig.location), tok.piece.location)
                break


def read_goals(ctx: Context, owner: Map, start: int = 0) -> dict[str, Piece]:
    """年度总体目标: 预期目标 and 实际完成情况, into ``owner['goals']``. Returns the
    texts read (to look for figures in them)."""
    stream = ctx.stream
    expected_labels = table("goals", "expected")
    actual_labels = table("goals", "actual")
    e_idx = a_idx = None
    actual_at = stream.positions(actual_labels, start)
    for i in stream.positions(expected_labels, start):
        a_idx = next((a for a in actual_at if i < a <= i + 6), None)
        if a_idx is not None:
            e_idx = i
            break
    if e_idx is None or a_idx is None:
        return {}
    found: dict[str, Piece] = {}
    if stream[a_idx].row is not None:
        # The texts are in the next row, under their labels.
        nxt = stream.next_row_start(a_idx)
        if nxt < len(stream):
            cols = {stream[e_idx].col: "expected", stream[a_idx].col: "actual"}
            for j in stream.row_cells(nxt):
                role = cols.get(stream[j].col)
                p = stream[j].piece.strip(" \t\r\n\u3000\xa0")
                if role is not None and p.text and not stream[j].blank:
                    found[role] = p
    else:
        texts: list[Piece] = []
        j = a_idx + 1
        while j < len(stream) and len(texts) < 2:
            tok = stream[j]
            if _indicator_anchor(tok.text) or table("indicators", "columns").exact(tok.text):
                break
            if not tok.blank or tok.explicit:
                texts.append(tok.piece.strip(" \t\r\n\u3000\xa0"))
            j += 1
        found = {role: p for role, p in zip(("expected", "actual"), texts, strict=False) if p.text}
    if found:
        goals = owner.map("goals", stream[e_idx].piece.location)
        for role in ("expected", "actual"):
            if role in found:
                goals.put(role, Scalar(_join_wrapped(ctx, found[role].text), found[role].location))
    return found


def _join_wrapped(ctx: Context, text: str) -> str:
    if ctx.doc.wrapped:
        return re.sub(r"(?<=[^\x00-\x7f])\n(?=[^\x00-\x7f])", "", text)
    return text


def read_indicator_table(ctx: Context, owner: Map, start: int = 0) -> int | None:
    header = find_indicator_header(ctx.stream, start)
    if header is None:
        return None
    end = read_indicators(ctx, owner, header)
    ctx.claim(header.start, end)
    return end


def label_value(ctx: Context, labels: Synonyms, start: int = 0, end: int | None = None,
                skip_blank: bool = True) -> tuple[Piece, Piece] | None:
    """The first cell matching a label and the cell holding its value (the next
    non-empty cell of its row, or the next word)."""
    stream = ctx.stream
    stop = len(stream) if end is None else min(end, len(stream))
    for i in stream.positions(labels, start, stop):
        j = i + 1
        while j < len(stream):
            tok = stream[j]
            if stream[i].row is not None and tok.row != stream[i].row:
                break
            if (tok.blank and skip_blank and (tok.row is not None or not tok.explicit)) or is_note(tok.text):
                j += 1
                continue
            if tok.blank or is_structure(tok.text):
                break  # a column header (项目名称 over a list's column): the label's next place
            return stream[i].piece, tok.piece.strip(" \t\r\n\u3000\xa0")
    return None


def unit_name(ctx: Context, owner: Map) -> tuple[str | None, str | None]:
    """The unit name cell of 附件3 (区级预算部门（单位）名称) → (name, level)."""
    labels = table("unit_name")
    stream = ctx.stream
    for i, tok in enumerate(stream.toks):
        key = label_key(tok.text)
        if not key.endswith("名称") or tok.row is None:
            continue
        if labels.suffix(key) is None:
            continue
        level_m = _LEVEL.match(key)
        for j in stream.row_cells(i):
            if j <= i or stream[j].blank:
                continue
            p = stream[j].piece.strip(" \t\r\n\u3000\xa0")
            owner.put("unit_name", Scalar(p.text, p.location), tok.piece.location)
            return p.text, level_m.group(1) + "级" if level_m else None
    return None, None
