"""附件2 整体支出绩效评价基础数据表 (财预〔2013〕53号 layout): 财政供养人员情况,
经费控制情况 (上年决算数 / 本年预算数 / 本年决算数), 楼堂馆所, 厉行节约保障措施."""

from __future__ import annotations

import re

from jixiao.located import Scalar
from jixiao.readers.extract.build import Map
from jixiao.readers.extract.context import Context
from jixiao.readers.extract.labels import label_key, table, wordlist
from jixiao.readers.extract.rows import Header, find_header, row_values

_YEAR_COLUMN = re.compile(r"^((?:19|20)\d{2})年度?(预算|决算)数?$")


def _expense_role_factory(ctx: Context):  # type: ignore[no-untyped-def]
    """Columns named by year (2022年决算数, 2023年预算数, 2023年决算数) are read
    against the evaluation's year."""

    def classify(text: str) -> str | None:
        key = label_key(text)
        m = _YEAR_COLUMN.match(key)
        if not m:
            return None
        year, what = int(m.group(1)), m.group(2)
        if what == "预算":
            return "budget" if ctx.year is None or year >= ctx.year else "prior_budget"
        if ctx.year is not None:
            return "final" if year >= ctx.year else "prior_final"
        return "final_y" + str(year)
    return classify


def _fix_year_roles(header: Header) -> None:
    years = sorted({int(r[7:]) for r in header.roles if r.startswith("final_y")})
    for i, r in enumerate(header.roles):
        if r.startswith("final_y"):
            header.roles[i] = "final" if int(r[7:]) == years[-1] else "prior_final"


def extract_basic_data(ctx: Context, root: Map) -> bool:
    stream = ctx.stream
    staff_anchor = _find(ctx, table("basic_data", "staff", "anchors"))
    expense_anchor = _find(ctx, table("basic_data", "expenses", "anchors"))
    starts = [i for i in (staff_anchor, expense_anchor) if i is not None]
    if not starts:
        return False
    first = min(starts)
    if ctx.year is None:
        _year_from_headers(ctx, first)
    heading = ctx.heading_before(first)
    data = root.map("basic_data", stream[first].piece.location)
    if heading is not None and heading.number is not None and heading.number_piece is not None:
        data.put("attachment_number", Scalar(str(heading.number), heading.number_piece.location))
    if heading is not None and heading.title is not None:
        data.put("title", Scalar(heading.title.text.strip(), heading.title.location))
    end = first
    if staff_anchor is not None:
        end = max(end, _staff(ctx, data, staff_anchor))
    if expense_anchor is not None:
        end = max(end, _expenses(ctx, data, expense_anchor))
    ctx.claim(first, end)
    return True


def _find(ctx: Context, synonyms: object) -> int | None:
    from jixiao.readers.extract.labels import Synonyms

    assert isinstance(synonyms, Synonyms)
    for i, tok in enumerate(ctx.stream.toks):
        if synonyms.exact(tok.text) is not None and not ctx.is_claimed(i):
            return i
    return None


def _year_from_headers(ctx: Context, start: int) -> None:
    for tok in ctx.stream.toks[start:start + 40]:
        m = re.match(r"^((?:19|20)\d{2})年", label_key(tok.text))
        if m:
            year = int(m.group(1))
            ctx.year = year if ctx.year is None or year > ctx.year else ctx.year
    # 2022年决算数 / 2023年预算数: the evaluation year is the latest one named.


def _staff(ctx: Context, data: Map, anchor: int) -> int:
    stream = ctx.stream
    found = find_header(stream, table("basic_data", "staff", "columns"), anchor, anchor + 12, 2, suffix=True)
    if found is None:
        return anchor + 1
    _, header = found
    # The values: the next row (with rows), or the figures after the headers.
    if header.row is not None:
        nxt = header.end
        if nxt >= len(stream):
            return nxt
        label_index = nxt - 1 if False else nxt
        values = _aligned_row(ctx, label_index, header)
        end = stream.next_row_start(label_index)
    else:
        rv = row_values(ctx, header.end - 1, header, "财政供养人员情况")
        values, end = rv.values, rv.end
    staff = data.map("staff", stream[anchor].piece.location)
    for role in ("authorized", "in_service", "control_rate"):
        if role in values:
            staff.put(role, Scalar(values[role].text, values[role].location))
    return end


def _aligned_row(ctx: Context, i: int, header: Header) -> dict[str, object]:
    from jixiao.readers.extract.figures import cell_figure

    stream = ctx.stream
    out: dict[str, object] = {}
    for j in stream.row_cells(i):
        for role, col in zip(header.roles, header.cols, strict=True):
            if col is not None and stream[j].col == col:
                fig = cell_figure(stream[j].piece)
                if fig is not None:
                    out.setdefault(role, fig)
    return out


def _expenses(ctx: Context, data: Map, anchor: int) -> int:
    stream = ctx.stream
    classify = _expense_role_factory(ctx)
    found = find_header(stream, table("basic_data", "expenses", "columns"), anchor, anchor + 12, 2,
                        classify=classify)
    if found is None:
        return anchor + 1
    _, header = found
    _fix_year_roles(header)
    rows = table("basic_data", "expenses", "rows")
    stops = set(wordlist("basic_data", "buildings", "anchors")) | set(wordlist("basic_data", "austerity")) \
        | set(wordlist("table_titles", "self_evaluation")) | set(wordlist("signoff"))
    expenses = data.map("expenses", stream[anchor].piece.location)
    in_projects = False
    i = header.end
    flat = header.row is None
    last = i

    def is_stop(text: str) -> bool:
        key = label_key(text)
        return rows.exact(text) is not None or key in stops or _is_title(key)

    while i < len(stream):
        tok = stream[i]
        key = tok.key
        if key in stops or _is_title(key) or key.startswith("说明"):
            break
        if flat and tok.row is not None:
            break
        if not flat and (tok.row is None or tok.table != stream[header.end - 1].table):
            break
        if not key or tok.blank or cell_is_value(tok.text):
            i += 1 if flat else 0
            if not flat:
                i = stream.next_row_start(i)
            continue
        row_key = rows.exact(tok.text)
        rv = row_values(ctx, i, header, key, stop=is_stop)
        last = rv.end
        if row_key is not None:
            in_projects = row_key == "project"
        if rv.values:
            if row_key is not None:
                row = expenses.map(row_key, tok.piece.location)
                _fill(row, rv.values, header)
            elif in_projects:
                seq = expenses.seq("project_categories", tok.piece.location)
                item = seq.add(tok.piece.location)
                item.put("name", Scalar(key, tok.piece.location))
                _fill(item, rv.values, header)
        i = max(rv.end, i + 1) if flat else stream.next_row_start(i)
    _buildings(ctx, data, i)
    _austerity(ctx, data, i)
    return max(i, last)


def _fill(row: Map, values: dict[str, object], header: Header) -> None:
    from jixiao.readers.document import Piece

    for role in ("prior_final", "budget", "final"):
        p = values.get(role)
        if isinstance(p, Piece):
            row.put(role, Scalar(p.text, p.location))


def cell_is_value(text: str) -> bool:
    from jixiao.readers.extract.figures import is_figure

    return is_figure(text)


def _is_title(key: str) -> bool:
    return any(t in key for t in wordlist("table_titles", "self_evaluation")) and "基础数据" not in key


def _buildings(ctx: Context, data: Map, start: int) -> None:
    stream = ctx.stream
    anchors = table("basic_data", "buildings", "anchors")
    for i in range(start, min(len(stream), start + 30)):
        if anchors.exact(stream[i].text) is None:
            continue
        found = find_header(stream, table("basic_data", "buildings", "columns"), i, i + 12, 3, suffix=True)
        if found is None or found[1].row is None:
            return  # only read with rows: a building row's name is free text
        header = found[1]
        j = header.end
        while j < len(stream) and stream[j].row is not None and stream[j].table == stream[i].table:
            cells = stream.row_cells(j)
            values = _aligned_row(ctx, j, header)
            if values:
                from jixiao.readers.document import Piece

                seq = data.seq("buildings", stream[j].piece.location)
                item = seq.add(stream[j].piece.location)
                name = stream[cells[0]]
                if name.key and not cell_is_value(name.text):
                    item.put("name", Scalar(name.key, name.piece.location))
                for role, p in values.items():
                    if isinstance(p, Piece):
                        item.put(role, Scalar(p.text, p.location))
            if any(table("basic_data", "austerity").exact(stream[c].text) for c in cells):
                break
            j = stream.next_row_start(j)
        return


def _austerity(ctx: Context, data: Map, start: int) -> None:
    stream = ctx.stream
    labels = table("basic_data", "austerity")
    for i in range(start, min(len(stream), start + 80)):
        if labels.exact(stream[i].text) is None:
            continue
        nxt = i + 1
        if nxt < len(stream) and (stream[nxt].row == stream[i].row or stream[i].row is None):
            text = stream[nxt].piece.strip(" \t\r\n\u3000\xa0")
            if text.text and not stream[nxt].blank and labels.exact(text.text) is None:
                data.put("austerity_measures", Scalar(text.text, text.location), stream[i].piece.location)
        return
