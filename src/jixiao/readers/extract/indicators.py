"""The indicator table (绩效指标): 一级 / 二级 / 三级指标 with target, actual, points,
score and reason, in every layout met so far.

- With rows (DOCX, HTML, PDF, tab text): each row is aligned to the header. Rows
  under merged 一级/二级 cells are shorter or start with empty cells; rows with a
  stray empty cell (a conversion artefact) are aligned by what the columns hold
  (points and scores are numbers).
- Without rows but with empty cells (one cell per line): a row starts at a 一级 or
  二级 name or at a 三级 name, and takes as many cells as the header has after the
  三级 column.
- Without rows and without empty cells (PDF-flattened text): a 三级 row is a name,
  its target and actual, then two numbers (points, score), then maybe a reason; the
  reading that fits is taken, and a row that fits no reading is reported.
- The 财预〔2013〕53号 indicator table (评价标准 / 指标说明 columns) is read by
  indicator names and the numbers around its long texts.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from jixiao.located import Scalar
from jixiao.model.location import Location
from jixiao.readers.codes import AMBIGUOUS
from jixiao.readers.document import Piece
from jixiao.readers.extract.build import Map, Seq
from jixiao.readers.extract.context import Context
from jixiao.readers.extract.figures import is_number, scan
from jixiao.readers.extract.labels import Synonyms, data, label_key, points_of, table, wordlist
from jixiao.readers.extract.rows import assign_by_type, fits
from jixiao.readers.extract.sentences import figure_piece, fix_typos, label_of, match
from jixiao.readers.extract.spanning import merge_by_columns, merge_two_rows
from jixiao.readers.extract.stream import Stream

_NUM = ("weight", "score", "category_weight", "group_weight")
OTHER = "other"  # a known column not read (指标值设置依据, 佐证资料, 完成率 …)


@dataclass(slots=True)
class IndicatorHeader:
    roles: list[str | None]  # per header cell (None: unknown)
    cols: list[int | None]
    start: int
    end: int
    row: int | None
    rubric: bool = False  # 2013 layout: 评价标准 / 指标说明


def _header_roles(texts: list[str]) -> list[str | None]:
    cols = table("indicators", "columns")
    frame = table("indicators", "frame")
    other = wordlist("indicators", "other_columns")
    roles: list[str | None] = []
    prev: str | None = None
    for text in texts:
        key = label_key(text)
        name, _points = points_of(text)
        role = cols.exact(key)
        if role is None and frame.exact(name) is not None:
            role = "frame"
        if role is None and key in other:
            roles.append(OTHER)  # a column of the header whose values are not read
            continue
        if role in ("weight", "score"):
            # 得分 after a 一级/二级 column is that level's points (2013 table);
            # 得分 after 分值 is the score.
            if prev == "category":
                role = "category_weight"
            elif prev == "group":
                role = "group_weight"
            elif prev == "name" and key == "得分":
                role = "weight"
            elif prev in ("weight",) and key == "得分":
                role = "score"
        roles.append(role)
        if role is not None:
            prev = role
    return roles


def find_indicator_header(stream: Stream, start: int = 0, end: int | None = None) -> IndicatorHeader | None:
    cols = table("indicators", "columns")
    anchors = Synonyms({"anchor": [*cols.fields["category"], *cols.fields["name"]]})
    done = -1
    for i in stream.positions(anchors, start, end):
        if i <= done:
            continue
        tok = stream[i]
        if tok.row is not None:
            idxs = stream.row_cells(i)
            roles = _header_roles([stream[j].text for j in idxs])
            if "name" in roles and sum(r not in (None, OTHER) for r in roles) >= 4:
                two = _two_row_header(stream, idxs, roles)
                if two is not None:
                    return two
                return IndicatorHeader(roles, [stream[j].col for j in idxs], idxs[0], idxs[-1] + 1,
                                       tok.row, "standard" in roles or "explanation" in roles)
            done = idxs[-1]
            continue
        texts: list[str] = []
        j = i
        other = wordlist("indicators", "other_columns")
        while j < len(stream) and stream[j].row is None and (cols.exact(stream[j].text) is not None
                                                             or stream[j].key in other):
            texts.append(stream[j].text)
            j += 1
        roles = _header_roles(texts)
        tail = _second_row_after(roles)
        if tail is not None:
            return IndicatorHeader(tail, [None] * len(tail), i, j, None, False)
        top = _row_above(stream, i)
        merged = merge_two_rows(_header_roles([stream[k].text for k in top]), roles) if top else None
        if merged is not None and sum(r not in (None, OTHER) for r in merged) >= 4:
            return IndicatorHeader(merged, [None] * len(merged), top[0], j, None, False)
        if "name" in roles and sum(r != OTHER for r in roles) >= 4:
            if i > 0 and stream[i - 1].row is None and cols.exact(stream[i - 1].text) == "group" \
                    and roles[0] == "name":
                # a header whose 一级指标 cell the copy lost starts at its 二级指标, right before
                roles, i = ["group", *roles], i - 1
            return IndicatorHeader(roles, [None] * len(roles), i, j, None,
                                   "standard" in roles or "explanation" in roles)
        done = j - 1
    return None


def _label_row(stream: Stream, i: int) -> list[int] | None:
    """The cells of the row at ``i`` when every cell holding text is a column label of
    the indicator table (a header row), else None."""
    if not 0 <= i < len(stream) or stream[i].row is None:
        return None
    idxs = stream.row_cells(i)
    cols = table("indicators", "columns")
    other = wordlist("indicators", "other_columns")
    frame = table("indicators", "frame")
    labelled = [j for j in idxs if not stream[j].blank and not stream[j].covered]
    if not labelled or any(cols.exact(stream[j].text) is None and stream[j].key not in other
                           and frame.exact(points_of(stream[j].text)[0]) is None for j in labelled):
        return None
    return idxs


def _two_row_header(stream: Stream, idxs: list[int], roles: list[str | None]) -> IndicatorHeader | None:
    """A header row with a second header row above or below it (``extract/spanning.py``)."""
    grid = stream[idxs[0]].grid
    for above in (True, False):
        other = _label_row(stream, idxs[0] - 1 if above else stream.next_row_start(idxs[-1]))
        if other is None:
            continue
        other_roles = _header_roles([stream[j].text for j in other])
        top, bottom = (other, idxs) if above else (idxs, other)
        top_roles, bottom_roles = (other_roles, roles) if above else (roles, other_roles)
        first, last = min(top[0], bottom[0]), max(top[-1], bottom[-1])
        if grid:
            by_cols = merge_by_columns([(r, stream[j].col) for r, j in zip(top_roles, top, strict=True)],
                                       [(r, stream[j].col) for r, j in zip(bottom_roles, bottom, strict=True)])
            if by_cols is not None and by_cols != [(r, stream[j].col) for r, j in zip(roles, idxs, strict=True)
                                                   if r is not None]:
                return IndicatorHeader([r for r, _ in by_cols], [c for _, c in by_cols], first, last + 1,
                                       stream[last].row)
            continue
        merged = merge_two_rows(top_roles, bottom_roles)
        if merged is not None:
            return IndicatorHeader(merged, [None] * len(merged), first, last + 1, stream[last].row)
    return None


def _second_row_after(roles: list[str | None]) -> list[str | None] | None:
    """A run of header cells naming a column twice (年度指标值 … 指标性质 指标值 度量单位):
    the second row of a two-row header follows the first. It is the longest tail that
    places under the first row's spanning cells (``extract/spanning.py``)."""
    named = [r for r in roles if r not in (None, OTHER)]
    if len(named) == len(set(named)):
        return None
    for k in range(1, len(roles)):
        merged = merge_two_rows(roles[:k], roles[k:])
        if merged is not None and "name" in merged:
            return merged
    return None


def _row_above(stream: Stream, i: int) -> list[int]:
    """The column labels right before ``i`` in a run of cells without rows: the first
    row of a header written over two rows (``extract/spanning.py``)."""
    cols = table("indicators", "columns")
    other = wordlist("indicators", "other_columns")
    frame = table("indicators", "frame")
    k = i - 1
    while k >= 0 and stream[k].row is None and not stream[k].blank and (
            cols.exact(stream[k].text) is not None or stream[k].key in other
            or frame.exact(points_of(stream[k].text)[0]) is not None):
        k -= 1
    return list(range(k + 1, i))


@dataclass(slots=True)
class Row:
    """One row of the indicator table, by role."""

    cells: dict[str, Piece]
    location: Location
    end: int = 0


@dataclass(slots=True)
class Builder:
    """Categories, groups and indicators as the rows are read."""

    seq: Seq
    category: Map | None = None
    group: Map | None = None
    groups: Seq | None = None
    items: Seq | None = None
    names: set[str] = field(default_factory=set)

    def start_category(self, piece: Piece) -> None:
        name, points = points_of(piece.text)
        self.category = self.seq.add(piece.location)
        self.category.put("name", Scalar(name, piece.location))
        if points is not None:
            offset = piece.text.rfind(points)
            loc = piece.at(offset) if offset >= 0 else piece.location
            self.category.put("weight", Scalar(points, loc), loc)
        self.groups = self.category.seq("groups", piece.location)
        self.group = None
        self.items = None

    def category_weight(self, role: str, piece: Piece) -> None:
        target = self.category if role == "category_weight" else self.group
        if target is not None and "weight" not in target:
            # after the name, before the groups or items
            target.entries.insert(1, ("weight", piece.location, Scalar(piece.text.strip(), piece.location)))

    def start_group(self, piece: Piece) -> None:
        if self.category is None:
            self.start_category(Piece("", [(0, piece.location)]))
        assert self.groups is not None
        name, points = points_of(piece.text)
        self.group = self.groups.add(piece.location)
        self.group.put("name", Scalar(name, piece.location))
        if points is not None:
            # located at its figure, as a category's points are (名称(15 分): the 15)
            offset = piece.text.rfind(points)
            loc = piece.at(offset) if offset >= 0 else piece.location
            self.group.put("weight", Scalar(points, loc), loc)
        self.items = self.group.seq("items", piece.location)

    def indicator(self, piece: Piece) -> Map:
        if self.group is None:
            self.start_group(Piece("", [(0, piece.location)]))
        assert self.items is not None
        item = self.items.add(piece.location)
        item.put("name", Scalar(_name(piece.text), piece.location))
        return item


def _name(text: str) -> str:
    return re.sub(r"\s*\n\s*", "", text).strip(" \t\u3000\xa0")


def _is_category(text: str) -> bool:
    name, _ = points_of(text)
    return name in wordlist("indicators", "categories")


def _starts_category(builder: Builder, text: str) -> bool:
    """A 一级 name starts a category; one that is also a 二级 name in some templates
    (成本指标, 满意度指标) only with its points or before any category."""
    if not _is_category(text):
        return False
    return points_of(text)[1] is not None or not _is_group(text) or builder.category is None


def _is_group(text: str) -> bool:
    name, _ = points_of(text)
    return name in wordlist("indicators", "groups")


def _is_total(text: str) -> bool:
    return label_key(text) in wordlist("indicators", "total")


def _is_stop(text: str) -> bool:
    key = label_key(text)
    return key in wordlist("indicators", "stop") or key.startswith("说明") \
        or any(key.startswith(s) for s in wordlist("signoff"))


def read_indicators(ctx: Context, owner: Map, header: IndicatorHeader, seq_key: str = "indicators") -> int:
    """Read the rows after the header into ``owner[seq_key]``; returns the stream
    index after the table (and reads the total row into ``owner['total']``)."""
    seq = owner.seq(seq_key, ctx.stream[header.start].piece.location)
    builder = Builder(seq)
    if header.rubric:
        end = _read_rubric(ctx, builder, header, owner)
    elif header.row is not None:
        end = _read_rows(ctx, builder, header, owner)
    elif ctx.stream[header.end - 1].explicit:
        end = _read_explicit(ctx, builder, header, owner)
    elif _after_name(header) in (["target", "actual", "weight", "score", "reason"],
                                 ["target", "actual", "weight", "score"]):
        end = _read_flat(ctx, builder, header, owner)
    else:
        end = _read_flat_typed(ctx, builder, header, owner)
    _drop_empty(seq)
    return end


def _drop_empty(seq: Seq) -> None:
    """Groups and categories with nothing read under them go, unless they state
    their own points (a 一级指标（10分） whose rows were cut off still says 10)."""
    for cat in seq.items:
        groups = cat.get("groups")
        if isinstance(groups, Seq):
            groups.items = [g for g in groups.items if _has(g, "items") or "weight" in g]
    seq.items = [c for c in seq.items if _has(c, "groups") or "weight" in c]


def _has(node: Map, key: str) -> bool:
    child = node.get(key)
    return isinstance(child, Seq) and not child.empty()


def _put_row(ctx: Context, builder: Builder, row: Row) -> None:
    cells = row.cells
    if "category" in cells and cells["category"].text.strip():
        builder.start_category(cells["category"])
    if "category_weight" in cells:
        builder.category_weight("category_weight", cells["category_weight"])
    if "group" in cells and cells["group"].text.strip():
        builder.start_group(cells["group"])
    if "group_weight" in cells:
        builder.category_weight("group_weight", cells["group_weight"])
    name = cells.get("name")
    if name is None or not _name(name.text):
        return
    item = builder.indicator(name)
    nature = cells.get("nature")
    if nature is not None and nature.text.strip():
        item.put("nature", Scalar(nature.text.strip(), nature.location))
    for role in ("target", "unit", "actual", "weight", "score", "reason", "standard", "explanation"):
        p = cells.get(role)
        if p is None:
            continue
        p = p.strip(" \t\r\n\u3000\xa0")
        if not p.text:
            continue
        text = p.text if role in ("reason", "standard", "explanation") else _name(p.text)
        item.put(role, Scalar(text, p.location))
    if "explanation" in cells:
        _explanation_figures(ctx, item, cells["explanation"])


# --- with rows ---------------------------------------------------------------------

def _read_rows(ctx: Context, builder: Builder, header: IndicatorHeader, owner: Map) -> int:
    stream = ctx.stream
    roles = [r for r in header.roles]
    i = header.end
    table_index = stream[header.start].table
    while i < len(stream):
        if stream[i].row is None or stream[i].table != table_index:
            # a table broken by a blank line: its rows go on in the next table
            nxt = _after_blanks(stream, i)
            if nxt is None:
                break
            if find_indicator_header(stream, nxt, stream.next_row_start(nxt)) is not None:
                break
            i, table_index = nxt, stream[nxt].table
        idxs = stream.row_cells(i)
        texts = [stream[j] for j in idxs]
        first = next((t for t in texts if t.key and not t.blank), None)
        if first is not None and (_is_total(first.text)):
            _total_row(ctx, owner, [t.piece for t in texts if not t.covered], first.piece)
            return stream.next_row_start(i)
        if first is not None and _is_stop(first.text):
            return i
        cells = _align([t.piece for t in texts], [t.col for t in texts], roles, header.cols,
                       grid=texts[0].grid)
        _put_row(ctx, builder, Row(cells, stream[i].piece.location))
        i = stream.next_row_start(i)
    return i


def _after_blanks(stream: Stream, i: int) -> int | None:
    """The first row of a table that follows ``i`` with nothing but empty cells between
    (a blank line that broke the table), or None."""
    j = i
    while j < len(stream) and stream[j].row is None and stream[j].table is not None and not stream[j].key:
        j += 1
    if j == i or j >= len(stream) or stream[j].row is None:
        return None
    return j


def _align(pieces: list[Piece], cols: list[int | None], roles: list[str | None],
           header_cols: list[int | None], grid: bool) -> dict[str, Piece]:
    """Cells to roles. Same grid columns (DOCX, HTML, PDF): by column. Tab text:
    by position, dropping the merged frame column and stray empty cells so that
    points and scores land on numbers."""
    n = len(roles)
    cells = list(pieces)
    if grid and all(c is not None for c in cols) and all(c is not None for c in header_cols):
        out: dict[str, Piece] = {}
        for piece, col in zip(cells, cols, strict=True):
            for role, hc in zip(roles, header_cols, strict=True):
                if role is not None and hc == col:
                    out.setdefault(role, piece)
        return out
    # Leading empty cells beyond the header's width belong to merged columns.
    while len(cells) > n and not label_key(cells[0].text):
        cells = cells[1:]
    if len(cells) > n:
        cells = _best_drop(cells, roles)
    if len(cells) < n:
        offset = n - len(cells)
        return {r: p for r, p in zip(roles[offset:], cells, strict=True) if r is not None}
    return {r: p for r, p in zip(roles, cells, strict=True) if r is not None}


def _fit(cells: list[Piece], roles: list[str | None]) -> int:
    score = 0
    for piece, role in zip(cells, roles, strict=False):
        text = piece.text.strip(" \t\r\n\u3000\xa0")
        if role in _NUM:
            score += 2 if is_number(text) else (-3 if text else 0)
        elif role == "name":
            score += 2 if text else -3
        elif role in ("target", "actual"):
            score += 1 if text else 0
    return score


def _best_drop(cells: list[Piece], roles: list[str | None]) -> list[Piece]:
    extra = len(cells) - len(roles)
    blanks = [k for k, p in enumerate(cells) if not p.text.strip(" \t\r\n\u3000\xa0")]
    if extra > 3 or len(blanks) < extra:
        return cells[:len(roles)]
    best: list[Piece] | None = None
    best_fit = -10**9
    for drop in itertools.combinations(blanks, extra):
        kept = [p for k, p in enumerate(cells) if k not in drop]
        fit = _fit(kept, roles)
        if fit > best_fit:
            best, best_fit = kept, fit
    assert best is not None
    return best


def _total_row(ctx: Context, owner: Map, pieces: list[Piece], label: Piece) -> None:
    values = [p for p in pieces if is_number(p.text)]
    total = owner.map("total", label.location, label.location)
    for role, p in zip(("weight", "score"), values, strict=False):
        p = p.strip(" \t\r\n\u3000\xa0")
        total.put(role, Scalar(p.text, p.location), p.location)
    grade_words = wordlist("indicators", "grade")
    for k, p in enumerate(pieces):
        if label_key(p.text) in grade_words and k + 1 < len(pieces):
            grade = label_key(pieces[k + 1].text)
            if grade in ("优", "良", "中", "差"):
                total.put("grade", Scalar(grade, pieces[k + 1].location))


# --- one cell per line, empty cells kept -------------------------------------------

def _read_explicit(ctx: Context, builder: Builder, header: IndicatorHeader, owner: Map) -> int:
    stream = ctx.stream
    roles = header.roles
    after_name = roles[roles.index("name") + 1:]
    i = header.end
    while i < len(stream) and stream[i].row is None:
        tok = stream[i]
        if tok.blank:
            i += 1
            continue
        if _is_stop(tok.text):
            return i
        if _is_total(tok.text):
            pieces = [stream[k].piece for k in range(i + 1, min(len(stream), i + 1 + len(after_name)))
                      if stream[k].row is None]
            weight_score = []
            for p in pieces:
                if _is_stop(p.text) or _is_total(p.text):
                    break
                weight_score.append(p)
            total = owner.map("total", tok.piece.location, tok.piece.location)
            for role, p in zip(("weight", "score"), weight_score[:2], strict=False):
                p = p.strip(" \t\r\n\u3000\xa0")
                if p.text and is_number(p.text):
                    total.put(role, Scalar(p.text, p.location), p.location)
            return i + 1 + len(weight_score)
        if "category" in roles and (_starts_category(builder, tok.text) or (
                _is_category(tok.text) and i + 1 < len(stream) and _is_group(stream[i + 1].text))):
            # a name that is a 一级 and a 二级 name (满意度指标) is the 一级 one before a 二级 name
            builder.start_category(tok.piece)
            i += 1
            continue
        if "category" not in roles and _is_category(tok.text) and not _is_group(tok.text):
            # a 一级 name (产出指标) where the header lost its column (一级指标 garbled): no 三级 name
            builder.start_category(tok.piece)
            i += 1
            continue
        if label_key(tok.text) in wordlist("indicators", "note_rows"):
            i += 2  # 其他需要说明事项 and its text: a row of the table that is no indicator
            continue
        if _is_group(tok.text) and "group" in roles:
            builder.start_group(tok.piece)
            i += 1
            continue
        cells: dict[str, Piece] = {"name": tok.piece}
        k = i + 1
        for column in after_name:
            if k >= len(stream) or stream[k].row is not None or _next_row(stream[k].text):
                break
            if column is not None:
                cells[column] = stream[k].piece
            k += 1
        _put_row(ctx, builder, Row(cells, tok.piece.location))
        i = k
    return i


def _structure(ctx: Context, builder: Builder, header: IndicatorHeader, owner: Map, i: int) -> tuple[bool, int] | None:
    """A stop line, the 合计 row, or a known 一级/二级 name inside a flattened indicator
    table (structure, not a 三级 row): (table ended, next index), else None."""
    stream = ctx.stream
    n = len(stream)
    tok = stream[i]
    text = tok.text
    if _is_stop(text):
        return True, i
    if _is_total(text):
        total = owner.map("total", tok.piece.location, tok.piece.location)
        k = i + 1
        for role in ("weight", "score"):
            if k < n and is_number(stream[k].text):
                total.put(role, Scalar(stream[k].text, stream[k].piece.location))
                k += 1
        return True, k
    if "category" in header.roles and _starts_category(builder, text):
        builder.start_category(tok.piece)
        return False, i + 1
    if "group" in header.roles and _is_group(text):
        builder.start_group(tok.piece)
        return False, i + 1
    return None


# --- flattened text: no empty cells -------------------------------------------------

def _read_flat(ctx: Context, builder: Builder, header: IndicatorHeader, owner: Map) -> int:
    stream = ctx.stream
    roles = header.roles
    i = header.end
    n = len(stream)
    while i < n and stream[i].row is None:
        tok = stream[i]
        text = tok.text
        structure = _structure(ctx, builder, header, owner, i)
        if structure is not None:
            ended, i = structure
            if ended:
                return i
            continue
        span = _row_span(stream, i)
        if span is None:
            if i + 1 >= n or (ctx.doc.truncated and all(not is_number(stream[m].text) for m in range(i, n))):
                ctx.notes.append(f"指标表最后一行“{_name(text)}”在截断处中断，未读取")
                return n
            i += 1
            continue
        cells: dict[str, Piece] = {"name": tok.piece}
        middle = [stream[m].piece for m in range(i + 1, i + span)]
        if len(middle) == 2:
            cells["target"], cells["actual"] = middle
        elif len(middle) == 1:
            cells["target"] = middle[0]
        cells["weight"] = stream[i + span].piece
        cells["score"] = stream[i + span + 1].piece
        j = i + span + 2
        if j < n and "reason" in roles and _is_reason(stream, j):
            cells["reason"] = stream[j].piece
            j += 1
        _put_row(ctx, builder, Row(cells, tok.piece.location))
        i = j
    return i


def _after_name(header: IndicatorHeader) -> list[str]:
    roles = [r for r in header.roles if r is not None]
    return roles[roles.index("name") + 1:] if "name" in roles else []


def _read_flat_typed(ctx: Context, builder: Builder, header: IndicatorHeader, owner: Map) -> int:
    """Flattened text under other column sets (指标性质 / 指标值 / 度量单位 …): after a
    name, the cells that fit the columns in order (an operator for 指标性质, a unit
    word for 度量单位, numbers for points and scores); a value that could sit in more
    than one column is reported, not placed."""
    stream = ctx.stream
    roles = _after_name(header)
    i = header.end
    n = len(stream)
    while i < n and stream[i].row is None:
        tok = stream[i]
        text = tok.text
        structure = _structure(ctx, builder, header, owner, i)
        if structure is not None:
            ended, i = structure
            if ended:
                return i
            continue
        if tok.blank:
            i += 1
            continue
        segment: list[Piece | None] = []
        j = i + 1
        at = 0  # the first column the next cell may take
        while j < n and stream[j].row is None and len(segment) < len(roles):
            nxt = stream[j]
            if _next_row(nxt.text):
                break
            if nxt.blank:
                segment.append(None)
                j += 1
                continue
            fit = next((k for k in range(at, len(roles)) if fits(roles[k], nxt.text)), None)
            if fit is None:
                break
            at = fit + 1
            segment.append(nxt.piece)
            j += 1
        chosen, unsure = assign_by_type(segment, roles)
        cells: dict[str, Piece] = {"name": tok.piece}
        for k, role in chosen.items():
            piece = segment[k]
            if piece is not None:
                cells[role] = piece
        _put_row(ctx, builder, Row(cells, tok.piece.location))
        if unsure:
            shown = " ".join(p.text for k in unsure if (p := segment[k]) is not None)
            ctx.findings.append(AMBIGUOUS.finding(
                [tok.piece.location], stated=shown, expected=None, label=_name(text),
                count=sum(p is not None for p in segment), columns=len(roles), values=shown))
        i = j
    return i


def _next_row(text: str) -> bool:
    """A cell that starts another row, not a value of this one: structure (一级/二级, 合计,
    the end of the table) or the name of a known indicator."""
    return _structural(text) or label_key(text) in wordlist("indicators", "names_2013")


def _structural(text: str) -> bool:
    return _is_category(text) or _is_group(text) or _is_total(text) or _is_stop(text)


def _row_span(stream: Stream, i: int) -> int | None:
    """How far after a name its two numbers (points, score) are: 3 when a target and
    an actual come between, fewer when they are missing."""
    n = len(stream)
    for k in (3, 2, 1):
        if i + k + 1 >= n:
            continue
        if not (is_number(stream[i + k].text) and is_number(stream[i + k + 1].text)):
            continue
        if any(_structural(stream[m].text) for m in range(i + 1, i + k)):
            continue
        return k
    return None


def _row_fits(stream: Stream, i: int) -> bool:
    return _row_span(stream, i) == 3


def _is_reason(stream: Stream, j: int) -> bool:
    text = stream[j].text
    if _structural(text) or is_number(text):
        return False
    return not _row_fits(stream, j)


# --- 财预〔2013〕53号 indicator table (评价标准 / 指标说明) -------------------------------

def _read_rubric(ctx: Context, builder: Builder, header: IndicatorHeader, owner: Map) -> int:
    """投入 16 预算配置 16 在职人员控制率 8 <评价标准> <指标说明> 8 ……: names are known,
    the number after a category, group or indicator name is its points, and the lone
    number after the texts is the indicator's score."""
    stream = ctx.stream
    categories = set(wordlist("indicators", "categories"))
    groups = set(wordlist("indicators", "groups"))
    names = set(wordlist("indicators", "names_2013")) | categories | groups
    n = len(stream)
    i = header.end
    current: Map | None = None
    texts: list[Piece] = []

    def finish(score: Piece | None) -> None:
        nonlocal current, texts
        if current is not None:
            if texts:
                _split_rubric_text(ctx, current, join_words(texts))
            if score is not None:
                current.put("score", Scalar(score.text, score.location))
        current, texts = None, []

    while i < n:
        tok = stream[i]
        if (tok.row is not None) != (header.row is not None) or _is_stop(tok.text) or _is_total(tok.text):
            break
        joined, width = _joined_name(stream, i, names)
        after = i + width
        if joined is not None and after < n and is_number(stream[after].text):
            # A name followed by its points; a lone number before it was the score
            # of the indicator before.
            score = texts.pop() if current is not None and texts and _standalone(texts[-1]) else None
            finish(score)
            piece = Piece(joined, join_words([stream[m].piece for m in range(i, after)]).marks)
            points = stream[after].piece
            if joined in categories:
                builder.start_category(piece)
                builder.category_weight("category_weight", points)
            elif joined in groups:
                builder.start_group(piece)
                builder.category_weight("group_weight", points)
            else:
                current = builder.indicator(piece)
                current.put("weight", Scalar(points.text, points.location))
            i = after + 1
            continue
        if current is not None:
            texts.append(tok.piece)
        i += 1
    # A lone number at the very end is the last score, unless the text was cut off
    # there (it may then be the start of a longer number or of the next row).
    last_score = texts.pop() if current is not None and texts and _standalone(texts[-1]) \
        and not (ctx.doc.truncated and i >= n) else None
    finish(last_score)
    return i


def join_words(pieces: list[Piece]) -> Piece:
    """Words of flattened text joined back: no space between Chinese characters
    (extraction put spaces around quoted words), one space between Latin ones."""
    if not pieces:
        return Piece("", [])
    text = pieces[0].text
    marks = list(pieces[0].marks)
    for p in pieces[1:]:
        if text and p.text and text[-1].isascii() and text[-1].isalnum() and p.text[0].isascii() \
                and p.text[0].isalnum():
            text += " "
        marks.extend((len(text) + o, loc) for o, loc in p.marks)
        text += p.text
    return Piece(text, marks)


def _standalone(piece: Piece) -> bool:
    return bool(re.fullmatch(r"\d+(?:\.\d+)?", piece.text.strip()))


def _joined_name(stream: Stream, i: int, names: set[str]) -> tuple[str | None, int]:
    """A known name, written in up to three words (“三公经费 变动率”)."""
    text = ""
    for width in range(1, 4):
        if i + width - 1 >= len(stream):
            break
        text += label_key(stream[i + width - 1].text)
        if text in names:
            return text, width
    return None, 1


def _split_rubric_text(ctx: Context, item: Map, piece: Piece) -> None:
    """评价标准 ends with its last rule (“扣完为止.” “不得分”); the rest is 指标说明."""
    text = piece.text
    cut: int | None = None
    for end in wordlist("indicators", "standard_ends"):
        for m in re.finditer(re.escape(end) + r"[.。;；]?", text):
            cut = max(cut or 0, m.end())
    if cut is None:
        item.put("standard", Scalar(text.strip(), piece.location))
        return
    standard = piece.slice(0, cut).strip()
    explanation = piece.slice(cut, len(text)).strip()
    if standard.text:
        item.put("standard", Scalar(standard.text, standard.location))
    if explanation.text:
        item.put("explanation", Scalar(explanation.text, explanation.location))
        _explanation_figures(ctx, item, explanation)


def _explanation_synonyms(year: int | None) -> Synonyms:
    """The explanation labels, with {year} and {prior} filled in (labels naming a
    year are left out when the year is not known)."""
    raw = data("report")["figures"]["explanation"]
    table_: dict[str, list[str]] = {}
    for concept, syns in raw.items():
        kept: list[str] = []
        for s in syns:
            if "{year}" in s or "{prior}" in s:
                if year is None:
                    continue
                s = s.replace("{year}", str(year)).replace("{prior}", str(year - 1))
            kept.append(s)
        table_[str(concept)] = kept
    return Synonyms(table_)


def _explanation_figures(ctx: Context, item: Map, piece: Piece) -> None:
    """The figures an explanation states (在职人员136人, 三公经费预算63.46万元 …) under
    their concepts, and the rate it arrives at as the indicator's actual value."""
    synonyms = _explanation_synonyms(ctx.year)
    at_end = ctx.doc.truncated and _ends_document(ctx, piece)
    figures = Map(piece.location)
    for fig in scan(piece.text):
        if at_end and fig.unit is None and fig.end >= len(piece.text.rstrip()):
            continue  # cut off right after this number: it may be incomplete
        label = label_of(piece, fig)
        concept = match(synonyms, label.text)
        if concept is None or concept in figures:
            continue
        # The walker reads every figure of an explanation in 万元 unless it says
        # otherwise, so other units stay written (136人).
        p = figure_piece(piece, fig, "万元")
        figures.put(concept, Scalar(p.text, p.location), label.location)
    if not figures.empty():
        item.put("figures", figures, piece.location)
    rates = [f for f in scan(piece.text) if f.unit == "%"]
    if rates and "actual" not in item:
        last = rates[-1]
        words = fix_typos(piece.text[last.label_start:last.start]).rstrip()
        if words.endswith(("率", "为", "是")) or piece.text[last.start - 1:last.start] in ("=", "＝"):
            p = figure_piece(piece, last, None)
            item.put("actual", Scalar(p.text, p.location))


def _ends_document(ctx: Context, piece: Piece) -> bool:
    """Whether the piece runs to the last word of the document."""
    if not len(ctx.stream):
        return False
    last = ctx.stream[len(ctx.stream) - 1].piece
    end = piece.at(max(len(piece.text) - 1, 0))
    tail = last.at(max(len(last.text) - 1, 0))
    return end == tail
