"""The intermediate document every format reader produces.

A :class:`Document` is a list of blocks in reading order: paragraphs and tables.
A table is a grid of cells; a merged cell is recorded once, at its top-left
position, and the positions it covers are marked ``covered`` (their text is never
repeated). Every piece of text knows where each of its characters came from, so a
figure found inside a sentence or a cell gets its own location: file, line and
column for text formats; page, table, row and column for DOCX, PDF and HTML.

One template-agnostic extractor (:mod:`jixiao.readers.extract`) maps a document to
the located tree, whatever the format it was read from.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from jixiao.findings import Finding
from jixiao.model.location import Location


def _offset(mark: tuple[int, Location]) -> int:
    return mark[0]


@dataclass(slots=True)
class Piece:
    """Text with the location of its characters.

    ``marks`` is a sorted list of ``(offset, location)``: the character at
    ``offset`` is at ``location``; later characters on the same line follow it
    (their column is counted on from there when the location has a column).
    """

    text: str
    marks: list[tuple[int, Location]]

    def at(self, offset: int) -> Location:
        """The location of the character at ``offset``."""
        if not self.marks:
            raise ValueError("piece without location")
        i = max(0, bisect.bisect_right(self.marks, offset, key=_offset) - 1)
        start, loc = self.marks[i]
        if loc.column is not None and offset > start:
            return Location(loc.file, loc.line, loc.column + (offset - start), loc.sheet, loc.cell, loc.page,
                            loc.table, loc.row, loc.col)
        return loc

    @property
    def location(self) -> Location:
        return self.marks[0][1]

    def slice(self, start: int, end: int) -> Piece:
        """The piece of text between two offsets, keeping its locations."""
        start = max(0, start)
        end = min(len(self.text), end)
        if start == 0 and end == len(self.text):
            return self
        if len(self.marks) == 1:
            return Piece(self.text[start:end], [(0, self.at(start))])
        marks = [(0, self.at(start))]
        for offset, loc in self.marks:
            if start < offset < end:
                marks.append((offset - start, loc))
        return Piece(self.text[start:end], marks)

    def strip(self, chars: str | None = None) -> Piece:
        text = self.text
        if not text:
            return self
        left = len(text) - len(text.lstrip(chars))
        right = len(text.rstrip(chars))
        if left == 0 and right == len(text):
            return self
        if right <= left:
            return Piece("", [(0, self.at(min(left, len(text) - 1)))])
        return self.slice(left, right)


@dataclass(slots=True)
class Paragraph:
    piece: Piece

    @property
    def text(self) -> str:
        return self.piece.text


@dataclass(slots=True)
class Cell:
    piece: Piece
    row: int  # 0-based grid row within its table
    col: int  # 0-based grid column
    rowspan: int = 1
    colspan: int = 1
    covered: bool = False  # a grid position covered by a merged cell

    @property
    def text(self) -> str:
        return self.piece.text


@dataclass(slots=True)
class Table:
    """A table as rows of cells.

    ``flat`` tables come from text where the row structure is lost (one cell per
    line, ``cell |`` lines): all cells are in ``rows[0]`` in reading order.
    ``blanks_explicit`` says whether empty cells are present as empty cells (they are
    in DOCX, HTML, PDF and tab- or pipe-separated text, not in text flattened by PDF
    extraction).
    """

    index: int  # 1-based, in document order
    rows: list[list[Cell]]
    flat: bool = False
    blanks_explicit: bool = True
    # Cells sit in real grid columns (DOCX, HTML, PDF: merged cells expanded), not
    # just in order as in tab-separated text, where a row may hold fewer or more
    # cells than its header.
    grid: bool = True


Block = Paragraph | Table


@dataclass(slots=True)
class Document:
    """What a format reader read, before any interpretation."""

    source: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # metadata header (source, title, kind, completeness)
    text: str | None = None  # the text shown under findings (for DOCX/PDF/HTML a rendition)
    findings: list[Finding] = field(default_factory=list)
    truncated: bool = False  # the text says it was cut off
    # PDF text wraps lines visually: a line break inside a paragraph or cell is not a
    # break in the text, so CJK lines are joined without a separator.
    wrapped: bool = False

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


class Rendition:
    """Builds the plain-text rendition of a DOCX, PDF or HTML document: one line per
    paragraph, tables as tab-indented cells with blank lines between rows (the form of
    the reference text). Findings quote its lines, so every located piece also gets
    the line it is shown on."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    @property
    def next_line(self) -> int:
        return len(self.lines) + 1

    def paragraph(self, text: str) -> tuple[int, int]:
        """Add a paragraph; returns (line, column of its first character)."""
        self.lines.append(text.replace("\n", " ").replace("\r", " "))
        return len(self.lines), 1

    def cell(self, text: str) -> tuple[int, int]:
        self.lines.append("\t" + text.replace("\n", " ").replace("\r", " "))
        return len(self.lines), 2

    def blank(self) -> None:
        self.lines.append("")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def cell_piece(text: str, base: Location, rendition: Rendition | None) -> Piece:
    """A table cell's piece: the cell location, plus its line in the rendition."""
    if rendition is None:
        return Piece(text, [(0, base)])
    line, column = rendition.cell(text)
    return Piece(text, [(0, _with_line(base, line, column))])


def paragraph_piece(text: str, base: Location, rendition: Rendition | None) -> Piece:
    if rendition is None:
        return Piece(text, [(0, base)])
    line, column = rendition.paragraph(text)
    return Piece(text, [(0, _with_line(base, line, column))])


def _with_line(loc: Location, line: int, column: int) -> Location:
    return Location(loc.file, line, column, loc.sheet, loc.cell, loc.page, loc.table, loc.row, loc.col)


def join_pieces(pieces: list[Piece], sep: str = "\n") -> Piece:
    """Pieces joined into one, each part keeping its locations."""
    text_parts: list[str] = []
    marks: list[tuple[int, Location]] = []
    offset = 0
    for i, p in enumerate(pieces):
        if i:
            text_parts.append(sep)
            offset += len(sep)
        marks.extend((offset + o, loc) for o, loc in p.marks)
        text_parts.append(p.text)
        offset += len(p.text)
    return Piece("".join(text_parts), marks)
