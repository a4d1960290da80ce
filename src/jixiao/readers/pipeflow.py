"""A web table copied as pipe text with its empty cells written as line breaks.

Some portal pages give a table as its cells in reading order, ``|``-separated, with a
line break wherever the table had an empty cell, so that a line is no row:

    | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | 年度资金总额 |
    | 387664.62 | 387664.62 | 10 | 100% | 10 | 其中:当年财政 拨款 |
    |
    | 生态效益 指标 |

Read line by line this puts the row label at the end of the header line and shifts
every figure by the empty cells. Such a block is recognised by its shape: its lines
are pipe rows (``| … |``) whose widths do not repeat as a table's rows do, with
lines holding a lone pipe among them (runs of empty cells). It is read as one run
of cells: the lines joined where they meet (``|`` ⏎ ``|`` → ``||``, an empty cell),
then split at the pipes. Each cell keeps the location of its characters.

Other pages write each cell on a line of its own with a line of pipes after it, and
close each row with a run of pipes (``联系人`` ⏎ ``|`` ⏎ ``谢艳`` ⏎ ``|`` ⏎ ``||||||``):
the same run of cells, read the same way (``separated_block``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from jixiao.model.location import Location
from jixiao.readers.document import Cell, Piece, join_pieces

_MIN_ROWS = 4  # pipe rows of two or more cells before a block's shape is judged
_SAME_WIDTH = 0.6  # a table whose rows mostly share one width is read line by line
_ROW_FORM = 0.8  # share of its lines written as ``| … |``


def _lone(line: str) -> bool:
    return line.strip() == "|"


def _row_form(line: str) -> bool:
    s = line.strip()
    return len(s) > 1 and s.startswith("|") and s.endswith("|")


def is_cell_flow(lines: list[str], is_separator: Callable[[str], bool]) -> bool:
    """Whether a block of pipe lines is a table's cells in reading order with empty
    cells as line breaks (see the module docstring), not rows."""
    if not any(_lone(ln) for ln in lines) or any(is_separator(ln.strip()) for ln in lines):
        return False
    others = [ln for ln in lines if not _lone(ln)]
    if not others or sum(_row_form(ln) for ln in others) < _ROW_FORM * len(others):
        return False
    widths = [ln.strip().strip("|").count("|") + 1 for ln in others]
    multi = [w for w in widths if w >= 2]
    if len(multi) < _MIN_ROWS:
        return False
    _width, count = Counter(multi).most_common(1)[0]
    return count < _SAME_WIDTH * len(multi)


_PIPES_ONLY = re.compile(r"^\s*\|+\s*$")
_CELL_LINES = 6  # lines one cell of text may take between two separators


def separated_block(lines: list[str], start: int, is_heading: Callable[[str], bool],
                    blank: Callable[[str], bool]) -> int | None:
    """Cells as lines of text with lines of pipes between them (a portal page that
    writes each cell on its own line and closes each row with a run of ``|``):

        联系人
        |
        谢艳
        |
        ||||||||||||||

    From a line of pipes at ``start``: the end of the block (exclusive), or None when
    the lines there are not so. The block ends at a blank line, a heading of the report,
    a line holding a pipe among text, or text running on over more lines than a cell."""
    if not _PIPES_ONLY.match(lines[start]):
        return None
    k = start
    pipes = texts = 0
    end = start
    while k < len(lines):
        line = lines[k]
        if _PIPES_ONLY.match(line):
            pipes += 1
            k += 1
            end = k
            continue
        if blank(line) or is_heading(line) or "|" in line:
            break
        run = k
        while run < len(lines) and run - k < _CELL_LINES and not _PIPES_ONLY.match(lines[run]) \
                and not blank(lines[run]) and not is_heading(lines[run]) and "|" not in lines[run]:
            run += 1
        if run >= len(lines) or not _PIPES_ONLY.match(lines[run]):
            break  # text not closed by a separator: the block ended before it
        texts += 1
        k = run
    return end if pipes >= 3 and texts >= 2 else None


def flow_cells(lines: list[str], start: int, source: str, first_line: int,
               clean: Callable[[Piece], Piece]) -> list[Cell]:
    """The cells of the block ``lines`` (starting at line index ``start``): the lines
    read as one text, split at its pipes (a leading and a trailing pipe are borders);
    text on two lines with no pipe between is one cell (its lines kept). Line by line, so that each
    cell is sliced from its own line."""
    seq: list[Piece | Location] = []  # text, and the pipes (by their location)
    for k, line in enumerate(lines):
        lead = len(line) - len(line.lstrip())
        text = line.strip()
        row = first_line + start + k
        piece = Piece(text, [(0, Location(source, row, lead + 1))])
        pos = 0
        for bar in (n for n, ch in enumerate(text) if ch == "|"):
            if bar > pos:
                seq.append(piece.slice(pos, bar))
            seq.append(Location(source, row, lead + bar + 1))
            pos = bar + 1
        if pos < len(text):
            seq.append(piece.slice(pos, len(text)))
    if seq and isinstance(seq[0], Location):
        seq.pop(0)
    if seq and isinstance(seq[-1], Location):
        seq.pop()
    cells: list[Piece] = []
    parts: list[Piece] = []
    at = Location(source, first_line + start, 1)
    for item in seq:
        if isinstance(item, Location):
            cells.append(_cell(parts, at, clean))
            parts, at = [], item
        else:
            parts.append(item)
    cells.append(_cell(parts, at, clean))
    return [Cell(p, 0, col) for col, p in enumerate(cells)]


def _cell(parts: list[Piece], at: Location, clean: Callable[[Piece], Piece]) -> Piece:
    if not parts:
        return Piece("", [(0, at)])
    return clean(join_pieces(parts, "\n").strip(" \t\u3000\n"))
