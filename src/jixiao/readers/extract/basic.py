"""附件2 整体支出绩效评价基础数据表 (财预〔2013〕53号 layout): 财政供养人员情况,
经费控制情况 (上年决算数 / 本年预算数 / 本年决算数), 楼堂馆所, 厉行节约保障措施."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import combinations

from jixiao.located import Scalar
from jixiao.readers.codes import AMBIGUOUS
from jixiao.readers.document import Piece
from jixiao.readers.extract.build import Map
from jixiao.readers.extract.context import Context
from jixiao.readers.extract.figures import cell_figure, is_figure
from jixiao.readers.extract.labels import Synonyms, data, label_key, table, wordlist
from jixiao.readers.extract.rows import Header, find_header, row_values
from jixiao.readers.extract.stream import Tok

_YEAR_COLUMN = re.compile(r"^((?:19|20)\d{2})年度?(预算|决算)数?$")
_CONTROL = ("prior_final", "budget", "final")


def extract_basic_data(ctx: Context, root: Map) -> bool:
    stream = ctx.stream
    staff_anchor = _find(ctx, table("basic_data", "staff", "anchors"))
    expense_anchor = _find(ctx, table("basic_data", "expenses", "anchors"))
    starts = [i for i in (staff_anchor, expense_anchor) if i is not None]
    if not starts:
        return False
    first = min(starts)
    _year_from_headers(ctx, first)
    data = root.map("basic_data", stream[first].piece.location)
    heading = ctx.heading_before(first)
    if heading is not None and heading.number is not None and heading.number_piece is not None:
        data.put("attachment_number", Scalar(str(heading.number), heading.number_piece.location))
    if heading is not None and heading.title is not None:
        data.put("title", Scalar(heading.title.text.strip(), heading.title.location))
    end = first + 1
    if staff_anchor is not None:
        end = max(end, _staff(ctx, data, staff_anchor))
    if expense_anchor is not None:
        end = max(end, _expenses(ctx, data, expense_anchor))
    end = max(end, _buildings(ctx, data, end))
    _austerity(ctx, data, first)
    ctx.claim(first, end)
    return True


def _find(ctx: Context, synonyms: Synonyms) -> int | None:
    return next((i for i in ctx.stream.positions(synonyms) if not ctx.is_claimed(i)), None)


def _year_from_headers(ctx: Context, start: int) -> None:
    """The evaluation year when nothing else gave it: the latest year the column
    headers name (2022年决算数 / 2023年预算数 → 2023)."""
    if ctx.year is not None:
        return
    for tok in ctx.stream.toks[start:start + 40]:
        m = re.match(r"^((?:19|20)\d{2})年", label_key(tok.text))
        if m:
            year = int(m.group(1))
            ctx.year = year if ctx.year is None or year > ctx.year else ctx.year


def _expense_roles(ctx: Context) -> Callable[[str], str | None]:
    """Columns named by year (2022年决算数, 2023年预算数, 2023年决算数) are read
    against the evaluation's year."""

    def classify(text: str) -> str | None:
        m = _YEAR_COLUMN.match(label_key(text))
        if not m:
            return None
        year, what = int(m.group(1)), m.group(2)
        current = ctx.year is None or year >= ctx.year
        if what == "预算":
            return "budget" if current else "prior_budget"
        return "final" if current else "prior_final"

    return classify


def _staff(ctx: Context, data: Map, anchor: int) -> int:
    stream = ctx.stream
    found = find_header(stream, table("basic_data", "staff", "columns"), anchor, anchor + 12, 2, suffix=True)
    if found is None:
        return _staff_pairs(ctx, data, anchor)
    header = found[1]
    if header.row is not None:  # the values are the next row, under their headers
        if header.end >= len(stream):
            return header.end
        values = _aligned(ctx, header.end, header)
        end = stream.next_row_start(header.end)
    else:  # the figures that follow the headers
        rv = row_values(ctx, header.end - 1, header, "财政供养人员情况")
        values, end = rv.values, rv.end
    staff = data.map("staff", stream[anchor].piece.location)
    for role in ("authorized", "in_service", "control_rate"):
        if role in values:
            staff.put(role, Scalar(values[role].text, values[role].location))
    return end


def _staff_pairs(ctx: Context, data: Map, anchor: int) -> int:
    """Each label followed by its figure (人员编制 ⏎ 21 ⏎ 实有人数 ⏎ 20), as a table
    copied one cell per line gives them when the header is beside its value."""
    stream = ctx.stream
    columns = table("basic_data", "staff", "columns")
    staff: Map | None = None
    end = anchor + 1
    for i in range(anchor + 1, min(len(stream) - 1, anchor + 12)):
        role = columns.exact(stream[i].text)
        fig = cell_figure(stream[i + 1].piece)
        if role is None or fig is None:
            continue
        if staff is None:
            staff = data.map("staff", stream[anchor].piece.location)
        if role not in staff:
            staff.put(role, Scalar(fig.text, fig.location), stream[i].piece.location)
        end = i + 2
    return end


def _aligned(ctx: Context, i: int, header: Header) -> dict[str, Piece]:
    """The figures of the row of cell ``i`` under the header's columns."""
    stream = ctx.stream
    out: dict[str, Piece] = {}
    for j in stream.row_cells(i):
        for role, col in zip(header.roles, header.cols, strict=True):
            if col is not None and stream[j].col == col:
                fig = cell_figure(stream[j].piece)
                if fig is not None:
                    out.setdefault(role, fig)
    return out


def _stop_words() -> set[str]:
    return (set(wordlist("basic_data", "buildings", "anchors")) | set(wordlist("basic_data", "austerity"))
            | set(wordlist("signoff")))


def _is_other_table_title(key: str) -> bool:
    return any(t in key for t in wordlist("table_titles", "self_evaluation")) and "基础数据" not in key


def _expenses(ctx: Context, data: Map, anchor: int) -> int:
    stream = ctx.stream
    found = find_header(stream, table("basic_data", "expenses", "columns"), anchor, anchor + 12, 2,
                        classify=_expense_roles(ctx))
    if found is None:
        return anchor + 1
    header = found[1]
    rows = table("basic_data", "expenses", "rows")
    stops = _stop_words()
    expenses = data.map("expenses", stream[anchor].piece.location)
    flat = header.row is None
    table_index = stream[header.end - 1].table

    def ends_row(text: str) -> bool:
        key = label_key(text)
        return rows.exact(text) is not None or key in stops or _is_other_table_title(key)

    in_projects = False  # rows after 项目支出 (before the next known row) are its parts
    unplaced: list[_Unplaced] = []
    i = header.end
    end = i
    while i < len(stream):
        tok = stream[i]
        key = tok.key
        if key in stops or _is_other_table_title(key) or key.startswith("说明"):
            break
        if (flat and tok.row is not None) or (not flat and (tok.row is None or tok.table != table_index)):
            break
        if not key or tok.blank or is_figure(tok.text):
            i = i + 1 if flat else stream.next_row_start(i)
            continue
        row_key = rows.exact(tok.text)
        rv = row_values(ctx, i, header, key, roles=list(_CONTROL), stop=ends_row)
        end = max(end, rv.end)
        if row_key is not None:
            in_projects = row_key == "project"
        if not rv.values and flat and row_key is not None:
            figures = [f for k in range(i + 1, rv.end) if (f := cell_figure(stream[k].piece)) is not None]
            if figures:
                unplaced.append(_Unplaced(row_key, tok, figures))
        if rv.values:
            if row_key is not None:
                _fill(expenses.map(row_key, tok.piece.location), rv.values)
            elif in_projects:
                item = expenses.seq("project_categories", tok.piece.location).add(tok.piece.location)
                item.put("name", Scalar(key, tok.piece.location))
                _fill(item, rv.values)
        i = max(rv.end, i + 1) if flat else stream.next_row_start(i)
    _place_by_sums(ctx, expenses, unplaced)
    return max(i, end)


@dataclass(slots=True)
class _Unplaced:
    """A row of fewer figures than columns whose columns the flattening lost."""

    key: str
    label: Tok
    figures: list[Piece]


def _place_by_sums(ctx: Context, expenses: Map, unplaced: list[_Unplaced]) -> None:
    """A row that is one of the parts of another (公车购置 of 公务用车购置和维护经费,
    ``sums`` in ``labels.yaml``) is placed where the whole less its other parts gives
    each of its figures, and 0 (or nothing known) in the columns left empty — only when
    exactly one placement fits; then the row is no longer reported as ambiguous."""
    sums: dict[str, list[str]] = data("labels")["basic_data"]["expenses"]["sums"]
    for row in unplaced:
        whole = next((w for w, parts in sums.items() if row.key in parts), None)
        if whole is None or row.key in expenses:
            continue
        rest = {role: _remainder(expenses, whole, [p for p in sums[whole] if p != row.key], role)
                for role in _CONTROL}
        values = [_amount(f.text) for f in row.figures]
        fits = [cols for cols in combinations(_CONTROL, len(values))
                if all(rest[c] is not None and rest[c] == v for c, v in zip(cols, values, strict=True))
                and all(rest[c] in (None, Decimal(0)) for c in _CONTROL if c not in cols)]
        if len(fits) != 1:
            continue
        _fill(expenses.map(row.key, row.label.piece.location), dict(zip(fits[0], row.figures, strict=True)))
        ctx.findings[:] = [f for f in ctx.findings
                           if not (f.code == AMBIGUOUS.code and row.label.piece.location in f.locations)]


def _remainder(expenses: Map, whole: str, others: list[str], role: str) -> Decimal | None:
    """The whole row's figure in a column less the other parts' (None when one is not known)."""
    total = _cell(expenses, whole, role)
    if total is None:
        return None
    for other in others:
        part = _cell(expenses, other, role)
        if part is None:
            return None
        total -= part
    return total


def _cell(expenses: Map, key: str, role: str) -> Decimal | None:
    row = expenses.get(key)
    value = row.get(role) if isinstance(row, Map) else None
    return _amount(value.text) if isinstance(value, Scalar) else None


def _amount(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _fill(row: Map, values: dict[str, Piece]) -> None:
    for role in _CONTROL:
        p = values.get(role)
        if p is not None:
            row.put(role, Scalar(p.text, p.location))


def _buildings(ctx: Context, data: Map, start: int) -> int:
    """楼堂馆所控制情况: read only with rows (a building's name is free text)."""
    stream = ctx.stream
    anchors = table("basic_data", "buildings", "anchors")
    austerity = table("basic_data", "austerity")
    for i in range(start, min(len(stream), start + 40)):
        if anchors.exact(stream[i].text) is None:
            continue
        found = find_header(stream, table("basic_data", "buildings", "columns"), i, i + 12, 3, suffix=True)
        if found is None or found[1].row is None:
            return i + 1
        header = found[1]
        j = header.end
        while j < len(stream) and stream[j].row is not None and stream[j].table == stream[i].table:
            cells = stream.row_cells(j)
            if any(austerity.exact(stream[c].text) for c in cells):
                break
            values = _aligned(ctx, j, header)
            if values:
                item = data.seq("buildings", stream[j].piece.location).add(stream[j].piece.location)
                name = stream[cells[0]]
                if name.key and not is_figure(name.text):
                    item.put("name", Scalar(name.key, name.piece.location))
                for role, p in values.items():
                    item.put(role, Scalar(p.text, p.location))
            j = stream.next_row_start(j)
        return j
    return start


def _austerity(ctx: Context, data: Map, start: int) -> None:
    """厉行节约保障措施 and its text, when the text says something."""
    stream = ctx.stream
    labels = table("basic_data", "austerity")
    for i in range(start, min(len(stream), start + 400)):
        if labels.exact(stream[i].text) is None:
            continue
        nxt = i + 1
        if nxt < len(stream) and (stream[i].row is None or stream[nxt].row == stream[i].row):
            tok = stream[nxt]
            text = tok.piece.strip(" \t\r\n\u3000\xa0")
            if text.text and not tok.blank and labels.exact(text.text) is None \
                    and not any(text.text.startswith(s) for s in ("说明", "填表人")):
                data.put("austerity_measures", Scalar(text.text, text.location), stream[i].piece.location)
        return
