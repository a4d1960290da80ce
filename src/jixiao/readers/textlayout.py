"""Plain text into a :class:`~jixiao.readers.document.Document`.

Published reports reach us as text in several shapes, often mixed in one file:

- the reference's own form: a table cell per tab-indented line, rows separated by
  blank lines; a cell may run on over several lines (even across a blank line) and
  one line may hold two tab-separated cells;
- pipe tables: Markdown rows (``| a | b |``) or one cell per line (``cell |``), or each
  cell on its lines followed by a line of pipes (``cell`` ⏎ ``|``; a further ``|`` is an
  empty cell, ``||||`` ends a row);
- paragraphs, including text flattened by PDF extraction where a whole table sits on
  one line (the extractor splits such lines into tokens when it reads tables).

Conversion artefacts such as ``[bookmark: _GoBack]`` are dropped (their removal is
recorded in the located pieces, so columns stay right).
"""

from __future__ import annotations

import re

from jixiao.located import TOO_LARGE
from jixiao.model.location import Location
from jixiao.readers.document import Cell, Document, Paragraph, Piece, Table, join_pieces
from jixiao.readers.pipeflow import flow_cells, is_cell_flow, separated_block

_ARTEFACT = re.compile(r"\[bookmark:[^\]\n]{0,80}\]|\[/?(?:image|figure|pagebreak)[^\]\n]{0,80}\]")
_CUT = re.compile(r"^\s*[\[［【(（]?\s*"
                  r"(?:text cut off|truncated|以下(?:内容)?(?:缺失|从略|截断)|原文(?:到此|至此)?截断|未完)"
                  r"[^\]］】)）]{0,80}[\]］】)）]?\s*$", re.IGNORECASE)
_META_KEYS = ("source", "title", "kind", "completeness")
_META_LINE = re.compile(r"^([a-z_]+):\s?(.*)$")
_MD_SEPARATOR = re.compile(r"^\|[\s:|\-]+\|$")
MAX_LINE = 100_000


def split_header(text: str) -> tuple[dict[str, str], int]:
    """A metadata header (``source:``, ``title:``, ``kind:``, ``completeness:`` lines
    up to the first blank line), and the number of lines it takes."""
    lines = text.split("\n", 12)
    meta: dict[str, str] = {}
    for i, line in enumerate(lines[:12]):
        stripped = line.rstrip("\r")
        if not stripped.strip():
            if len(meta) >= 2 and ("kind" in meta or "completeness" in meta):
                return meta, i + 1
            return {}, 0
        m = _META_LINE.match(stripped)
        if not m or m.group(1) not in _META_KEYS:
            return {}, 0
        meta[m.group(1)] = m.group(2).strip()
    return {}, 0


def _blank(line: str) -> bool:
    # A line holding only an ideographic space is a (blank-looking) cell line, not a
    # separator: conversions write it for an empty paragraph inside a cell.
    return line.strip(" \r\f\v") == ""


def _clean(piece: Piece) -> Piece:
    """Drop conversion artefacts, keeping the location of what remains."""
    if "[" not in piece.text:
        return piece
    m = _ARTEFACT.search(piece.text)
    if not m:
        return piece
    out_text: list[str] = []
    marks: list[tuple[int, Location]] = []
    pos = 0
    for m in _ARTEFACT.finditer(piece.text):
        if m.start() > pos:
            marks.append((sum(map(len, out_text)), piece.at(pos)))
            out_text.append(piece.text[pos:m.start()])
        pos = m.end()
    if pos < len(piece.text):
        marks.append((sum(map(len, out_text)), piece.at(pos)))
        out_text.append(piece.text[pos:])
    if not marks:
        marks = [(0, piece.location)]
    return Piece("".join(out_text), marks)


class _CellBuilder:
    def __init__(self, text: str, loc: Location) -> None:
        self.parts: list[tuple[str, Location]] = [(text, loc)]

    def add_line(self, text: str, loc: Location) -> None:
        self.parts.append((text, loc))

    def piece(self) -> Piece:
        text_parts: list[str] = []
        marks: list[tuple[int, Location]] = []
        offset = 0
        for i, (text, loc) in enumerate(self.parts):
            if i:
                text_parts.append("\n")
                offset += 1
            marks.append((offset, loc))
            text_parts.append(text)
            offset += len(text)
        return _clean(Piece("".join(text_parts), marks))


def read_text_layout(text: str, source: str, first_line: int = 1) -> Document:
    """Split text into paragraphs and tables (see the module docstring)."""
    doc = Document(source, "text")
    raw_lines = text.split("\n")
    lines = [ln[:-1] if ln.endswith("\r") else ln for ln in raw_lines]
    # The explicit cut-off marker of a truncated copy ends the document.
    for i in range(len(lines) - 1, -1, -1):
        if _blank(lines[i]):
            continue
        # Tested on the stripped line and only when short (a marker is under 120
        # characters): the pattern's leading \s* runs would backtrack quadratically
        # over a long line of whitespace (1 MB of tabs took hours).
        if len(lines[i]) <= 400 and _CUT.match(lines[i].strip()):
            doc.truncated = True
            lines = lines[:i]
        break
    n = len(lines)
    for k, line in enumerate(lines):
        if len(line) > MAX_LINE:
            doc.findings.append(TOO_LARGE.finding([Location(source, first_line + k, 1)],
                                                  limit=f"单行 {MAX_LINE} 字，超出部分未读取"))
            break
    i = 0
    table_index = 0
    no_run_until = 0
    while i < n:
        line = lines[i][:MAX_LINE]
        lineno = first_line + i
        if _blank(line):
            i += 1
            continue
        if line.startswith("\t"):
            table_index += 1
            i = _read_tab_table(lines, i, source, first_line, table_index, doc)
            continue
        bars = _bar_run(lines, i)
        if bars is not None:
            table_index += 1
            groups, i = bars
            doc.blocks.append(Table(table_index, [[Cell(_cell_piece(lines, group, bar, source, first_line), 0, c)
                                                   for c, (group, bar) in enumerate(groups)]],
                                    flat=True, blanks_explicit=True))
            continue
        separated = separated_block(lines, i, lambda s: _NOT_A_CELL.match(s) is not None, _blank)
        if separated is not None:
            table_index += 1
            cells = flow_cells(lines[i:separated], i, source, first_line, _clean)
            doc.blocks.append(Table(table_index, [cells], flat=True, blanks_explicit=True))
            i = separated
            continue
        if _is_pipe_line(line):
            table_index += 1
            end = i
            while end < n and _is_pipe_line(lines[end][:MAX_LINE]):
                end += 1
            block = [ln[:MAX_LINE] for ln in lines[i:end]]
            if is_cell_flow(block, lambda s: _MD_SEPARATOR.match(s) is not None):
                cells = flow_cells(block, i, source, first_line, _clean)
                doc.blocks.append(Table(table_index, [cells], flat=True, blanks_explicit=True))
                i = end
                continue
            i = _read_pipe_table(lines, i, source, first_line, table_index, doc)
            table_index = len(doc.tables())
            continue
        # A look-ahead that found no run from an earlier line finds none from the lines it
        # passed over either (a subset of its lines): not looking again keeps a long text
        # of short lines linear.
        run, scanned = _cell_run(lines, i) if i >= no_run_until else (None, no_run_until)
        if run is None:
            no_run_until = scanned
        if run is not None:
            table_index += 1
            cells = [Cell(_clean(Piece(lines[k].strip(" \u3000"), [(0, Location(source, first_line + k,
                                                                               _lead(lines[k]) + 1))])), 0, c)
                     for c, k in enumerate(run)]
            doc.blocks.append(Table(table_index, [cells], flat=True, blanks_explicit=True))
            i = run[-1] + 1
            continue
        piece = _clean(Piece(line, [(0, Location(source, lineno, 1))]))
        doc.blocks.append(Paragraph(piece))
        i += 1
    return doc


# Headings of the report and of its attachments stay paragraphs.
_NOT_A_CELL = re.compile(r"^\s*(?:附\s*[件表]\s*\d{0,2}\s*[:：]?\s*$|[一二三四五六七八九十]{1,3}[、.．]|"
                         r"[（(][一二三四五六七八九十]{1,3}[)）])")
_CELL_RUN_MIN = 6  # cells in a run before it is read as a table
_CELL_MAX = 60  # a longer line is a paragraph, not a cell


def _lead(line: str) -> int:
    return len(line) - len(line.lstrip(" \u3000"))


def _empty_cell(line: str) -> bool:
    """A line holding only spaces: an empty cell where cells are separated by blank
    lines (the separator lines are empty)."""
    return bool(line) and not line.strip(" \u3000\r\f\v")


def _cell_run(lines: list[str], start: int) -> tuple[list[int] | None, int]:
    """One cell per line with blank lines between the cells, as a table copied from a
    Word document gives it: the line numbers of the cells from ``start``, or None, and
    the line the look-ahead stopped at. Read as a table only when a line of spaces (an
    empty cell) is among at least ``_CELL_RUN_MIN`` short lines; without it the lines
    are paragraphs as before."""
    cells: list[int] = []
    k = start
    n = len(lines)
    has_empty = False
    while k < n:
        line = lines[k]
        if line.startswith("\t") or _is_pipe_line(line) or len(line.strip()) > _CELL_MAX or not line \
                or _NOT_A_CELL.match(line):
            break
        if _empty_cell(line):
            has_empty = True
        cells.append(k)
        k += 1
        if k < n and lines[k] and not _empty_cell(lines[k]):
            # cells are separated by blank lines, or each line is one cell (label / value pairs)
            continue
        gap = 0
        while k < n and lines[k] == "" and gap < 3:
            gap += 1
            k += 1
        if gap == 0 and not (k < n and _empty_cell(lines[k])):
            break
    while cells and _empty_cell(lines[cells[-1]]):
        cells.pop()
    if not has_empty or len(cells) < _CELL_RUN_MIN:
        return None, k
    return cells, k


_BARS = re.compile(r"^\s*\|+\s*$")
_BARS_MIN = 3  # lines of pipes in a run before it is read as a table
_BAR_CELL_LINES = 10  # a longer stretch without a line of pipes is text, not a cell (and ends the look-ahead)


def _bar_run(lines: list[str], start: int) -> tuple[list[tuple[list[int], int]], int] | None:
    """Cells each followed by a line of pipes (a portal table copied cell by cell):
    the line numbers of each cell (none for an empty cell) with its closing line of
    pipes, and the line after the run, or None. A cell's lines run until the next line of pipes; a lone ``|`` right
    after another closes an empty cell; a line of several pipes ends a row and adds
    no cell. A report heading or a blank line ends the run."""
    cells: list[tuple[list[int], int]] = []
    current: list[int] = []
    bars = 0
    after_cell = False  # the last thing seen was a cell closed by a bar
    k = start
    while k < len(lines):
        line = lines[k]
        if _BARS.match(line):
            bars += 1
            if current:
                cells.append((current, k))
                current = []
                after_cell = True
            elif line.strip() == "|" and after_cell:
                cells.append(([], k))
            else:
                after_cell = False
            if line.strip() != "|":
                after_cell = False
            k += 1
            continue
        if _blank(line) or _is_pipe_line(line) or line.startswith("\t") or _NOT_A_CELL.match(line) \
                or len(current) >= _BAR_CELL_LINES:
            break
        current.append(k)
        k += 1
    if current:  # the lines after the last bar are not a cell of the run
        k = current[0]
    if bars < _BARS_MIN or sum(1 for group, _bar in cells if group) < _CELL_RUN_MIN:
        return None
    return cells, k


def _cell_piece(lines: list[str], group: list[int], bar: int, source: str, first_line: int) -> Piece:
    if not group:  # an empty cell: where its pipe is
        return Piece("", [(0, Location(source, first_line + bar, _lead(lines[bar]) + 1))])
    cell = _CellBuilder(lines[group[0]].strip(" \u3000"), Location(source, first_line + group[0],
                                                                   _lead(lines[group[0]]) + 1))
    for k in group[1:]:
        cell.add_line(lines[k].strip(" \u3000"), Location(source, first_line + k, _lead(lines[k]) + 1))
    return cell.piece()


def _is_pipe_line(line: str) -> bool:
    """A line of a pipe table: ``| a | b |``, ``a | b |``, ``a | b | c``, ``cell |``, or a
    row wrapped onto the next line (``| a | b`` …)."""
    s = line.strip()
    if s.endswith("|") and (s == "|" or s.endswith(" |") or s.startswith("|") or s.count("|") >= 2):
        return True
    return (s.startswith("|") and s.count("|") >= 2) or s.count(" | ") >= 2


_ROW_CONTINUED_MAX = 6  # lines a wrapped pipe row may run on over


def _logical_line(lines: list[str], i: int, source: str, first_line: int) -> tuple[Piece, int]:
    """The pipe line at ``i`` with the lines it wraps onto: a row that starts with a
    pipe runs on until a line ends with one."""
    line = lines[i][:MAX_LINE]
    pieces = [Piece(line, [(0, Location(source, first_line + i, 1))])]
    j = i + 1
    if line.lstrip().startswith("|") and not line.rstrip().endswith("|"):
        while j < len(lines) and j - i <= _ROW_CONTINUED_MAX and not _blank(lines[j]):
            pieces.append(Piece(lines[j][:MAX_LINE], [(0, Location(source, first_line + j, 1))]))
            j += 1
            if lines[j - 1].rstrip().endswith("|"):
                break
    return join_pieces(pieces, "\n"), j


def _pipe_cells(piece: Piece) -> list[Piece]:
    """The cells of a pipe line, each keeping its location (a leading and a trailing
    pipe are borders, not cell separators)."""
    text = piece.text
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    if text[start:end].startswith("|"):
        start += 1
    if end > start and text[end - 1] == "|":
        end -= 1
    out: list[Piece] = []
    pos = start
    while True:
        bar = text.find("|", pos, end)
        stop = end if bar < 0 else bar
        out.append(_clean(piece.slice(pos, stop).strip(" \t\u3000\n")))
        if bar < 0:
            return out
        pos = bar + 1


def _read_pipe_table(lines: list[str], start: int, source: str, first_line: int, index: int,
                     doc: Document) -> int:
    """Pipe lines, the layout decided per line: a line of two or more cells is a row,
    a line of one cell (``cell |``) is a cell of a table read one cell per line. A
    Markdown separator line (``|---|``) makes the row above it the header of a new
    table; a report heading written as a cell (``一、部门(单位)基本概况 |``) stays a
    paragraph between the tables. Returns the line after the table."""
    i = start
    tables: list[Table | Paragraph] = []
    rows: list[list[Cell]] = []
    flat: list[Cell] = []

    def close() -> None:
        nonlocal rows, flat
        if rows:
            tables.append(Table(0, rows, grid=False))
        if flat:
            tables.append(Table(0, [flat], flat=True, blanks_explicit=True))
        rows, flat = [], []

    while i < len(lines):
        line = lines[i][:MAX_LINE]
        if _blank(line):
            # Blank lines between pipe lines do not end the table; anything else does.
            j = i
            while j < len(lines) and _blank(lines[j]):
                j += 1
            if j < len(lines) and _is_pipe_line(lines[j]) and j - i <= 1:
                i = j
                continue
            break
        if not _is_pipe_line(line):
            break
        if _MD_SEPARATOR.match(line.strip()):
            if len(rows) > 1:
                header = rows.pop()
                close()
                rows = [header]
            i += 1
            continue
        piece, i = _logical_line(lines, i, source, first_line)
        cells = _pipe_cells(piece)
        if len(cells) >= 2:
            if flat:
                close()
            rows.append([Cell(c, len(rows), col) for col, c in enumerate(cells)])
        elif _NOT_A_CELL.match(cells[0].text) and cells[0].text.strip():
            close()  # a heading of the report (一、… |) stays a paragraph, as in a cell run
            tables.append(Paragraph(cells[0]))
        else:
            if rows:
                close()
            flat.append(Cell(cells[0], 0, len(flat)))
    close()
    k = 0
    for t in tables:
        if isinstance(t, Table):
            t.index = index + k
            k += 1
        doc.blocks.append(t)
    return i


def _read_tab_table(lines: list[str], start: int, source: str, first_line: int, index: int,
                    doc: Document) -> int:
    """Tab-indented cells; a blank line followed by a tab line starts a new row; a
    line without a tab continues the cell before it when the table goes on after it."""
    rows: list[list[_CellBuilder]] = [[]]
    i = start
    n = len(lines)
    while i < n:
        line = lines[i][:MAX_LINE]
        lineno = first_line + i
        if line.startswith("\t"):
            pos = 2  # 1-based column of the character after the tab
            for part in line[1:].split("\t"):
                rows[-1].append(_CellBuilder(part, Location(source, lineno, pos)))
                pos += len(part) + 1
            i += 1
            continue
        if _blank(line):
            j = i
            while j < n and _blank(lines[j]):
                j += 1
            if j >= n:
                i = j
                break
            if lines[j].startswith("\t"):
                if rows[-1]:
                    rows.append([])
                i = j
                continue
            # Text after a single blank line that the table resumes after: a cell
            # running on (产出指标 / (40分)).
            if j - i == 1 and rows[-1] and _resumes(lines, j):
                k = j
                while k < n and not lines[k].startswith("\t") and not _blank(lines[k]):
                    rows[-1][-1].add_line(lines[k][:MAX_LINE], Location(source, first_line + k, 1))
                    k += 1
                i = k
                continue
            break
        # A line without a tab right after a cell line.
        if rows[-1] and _resumes(lines, i):
            rows[-1][-1].add_line(line, Location(source, lineno, 1))
            i += 1
            continue
        break
    grid: list[list[Cell]] = []
    for builders in rows:
        if not builders:
            continue
        r = len(grid)
        grid.append([Cell(b.piece(), r, c) for c, b in enumerate(builders)])
    doc.blocks.append(Table(index, grid, grid=False))
    return i


def _resumes(lines: list[str], k: int) -> bool:
    """Whether the table goes on after the run of plain lines starting at ``k``
    (at most one blank line before the next tab line)."""
    n = len(lines)
    while k < n and not lines[k].startswith("\t") and not _blank(lines[k]):
        k += 1
    blanks = 0
    while k < n and _blank(lines[k]):
        blanks += 1
        k += 1
    return k < n and lines[k].startswith("\t") and blanks <= 1
