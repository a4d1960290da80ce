"""The cell stream: every table cell and every word of the text, in reading order.

Table templates are read from this stream, whatever the format: a DOCX or HTML
table gives cells with their row; tab- or pipe-separated text gives cells (with or
without rows); text flattened by PDF extraction gives words, split at whitespace,
with no row at all and no empty cells. Readers of the templates use the rows when
they exist and fall back to the order of the cells when they do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.readers.document import Document, Paragraph, Piece, Table, join_pieces
from jixiao.readers.extract.fieldruns import split_fields
from jixiao.readers.extract.labels import Synonyms, is_structure, label_key
from jixiao.readers.extract.runtogether import MIN_LENGTH, Split, split_run, table_start

_WORDS_ONLY = re.compile(r"[\u4e00-\u9fff]+")  # a label's first line: words, no figure or number
_SPLIT = re.compile(r"[ \t\u3000\xa0]+")
_WRAPPED_NUMBER_HEAD = re.compile(r"^\d+\.$")
_WRAPPED_NUMBER_TAIL = re.compile(r"^\d+%?$")
_WORD = re.compile(r"[^ \t\u3000\xa0]+")


@dataclass(slots=True)
class Tok:
    """One cell (or one word of flattened text) in the stream."""

    piece: Piece
    row: int | None  # a row id unique in the stream; None for flattened text
    col: int | None
    table: int | None  # the table's index in the document; None for paragraphs
    explicit: bool  # empty cells are present in this part of the stream
    covered: bool = False  # a grid position covered by a merged cell
    line_start: bool = False  # the first word of a line of flattened text
    paragraph: int | None = None  # the paragraph a word came from
    grid: bool = False  # ``col`` is a real grid column
    key: str = ""  # the text as a label (label_key), computed once

    def __post_init__(self) -> None:
        self.key = label_key(self.piece.text) if len(self.piece.text) <= 200 else ""

    @property
    def text(self) -> str:
        return self.piece.text

    @property
    def blank(self) -> bool:
        return not self.key or self.key in _BLANKS


_BLANKS = frozenset({"/", "／", "—", "——", "-", "--", "……", "…", "\\"})


class Stream:
    def __init__(self, toks: list[Tok], doubtful: list[Piece] | None = None) -> None:
        self.toks = toks
        self._index: dict[str, list[int]] | None = None
        # stretches of run-together table text no split of which was certain (not read)
        self.doubtful: list[Piece] = doubtful or []

    @property
    def index(self) -> dict[str, list[int]]:
        """Label key → the positions of the cells with that label."""
        if self._index is None:
            index: dict[str, list[int]] = {}
            for i, tok in enumerate(self.toks):
                if tok.key:
                    index.setdefault(tok.key, []).append(i)
            self._index = index
        return self._index

    def positions(self, synonyms: Synonyms, start: int = 0, end: int | None = None) -> list[int]:
        """Where cells equal to any of the synonyms are, in order."""
        stop = len(self.toks) if end is None else end
        found: list[int] = []
        index = self.index
        for key in synonyms.normal_forms():
            for i in index.get(key, ()):
                if start <= i < stop:
                    found.append(i)
        found.sort()
        return found

    def first(self, synonyms: Synonyms, start: int = 0, end: int | None = None) -> int | None:
        found = self.positions(synonyms, start, end)
        return found[0] if found else None

    def __len__(self) -> int:
        return len(self.toks)

    def __getitem__(self, i: int) -> Tok:
        return self.toks[i]

    def row_cells(self, i: int) -> list[int]:
        """Indexes of the cells in the same row as cell ``i`` (just ``[i]`` without rows)."""
        row = self.toks[i].row
        if row is None:
            return [i]
        lo = i
        while lo > 0 and self.toks[lo - 1].row == row:
            lo -= 1
        hi = i
        while hi + 1 < len(self.toks) and self.toks[hi + 1].row == row:
            hi += 1
        return list(range(lo, hi + 1))

    def next_row_start(self, i: int) -> int:
        row = self.toks[i].row
        if row is None:
            return i + 1
        j = i
        while j < len(self.toks) and self.toks[j].row == row:
            j += 1
        return j


def build_stream(doc: Document) -> Stream:
    toks: list[Tok] = []
    doubtful: list[Piece] = []
    row_id = 0
    # a copy cut off mid-table stops inside its last paragraph
    last = max((k for k, b in enumerate(doc.blocks) if isinstance(b, Paragraph) and b.text.strip()), default=-1) \
        if doc.truncated else -1
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Table):
            if block.flat:
                for piece in _join_wrapped_labels([c.piece for c in block.rows[0]] if block.rows else []):
                    toks.append(Tok(piece, None, None, block.index, block.blanks_explicit))
                continue
            for row in block.rows:
                row_id += 1
                for cell in row:
                    toks.append(Tok(cell.piece, row_id, cell.col, block.index, True, covered=cell.covered,
                                    grid=block.grid))
        elif isinstance(block, Paragraph):
            toks.extend(_words(block, index, doubtful, cut_off=index == last))
    _join_wrapped_numbers(toks)
    return Stream(toks, doubtful)


def _join_wrapped_labels(pieces: list[Piece]) -> list[Piece]:
    """A header cell wrapped over lines (``年初`` ⏎ ``预算数``) where each line became a
    cell: two neighbours that make a label together, neither a label on its own, are
    joined; the second may be a shorter label of its own (预算数) after a first line of
    words only."""
    out: list[Piece] = []
    i = 0
    while i < len(pieces):
        a = pieces[i]
        if i + 1 < len(pieces) and a.text and pieces[i + 1].text and not is_structure(a.text) \
                and (_WORDS_ONLY.fullmatch(a.text) or not is_structure(pieces[i + 1].text)) \
                and is_structure(a.text + pieces[i + 1].text):
            out.append(join_pieces([a, pieces[i + 1]], ""))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _words(block: Paragraph, index: int, doubtful: list[Piece], cut_off: bool = False) -> list[Tok]:
    """``cut_off``: the copy stops at the end of this paragraph."""
    piece = block.piece
    out: list[Tok] = []
    words = list(_WORD.finditer(piece.text))
    tail = len(piece.text.rstrip())
    splits = [split_run(m.group(0), cut_off and m.end() >= tail) if len(m.group(0)) >= MIN_LENGTH else None
              for m in words]
    rest: Piece | None = None
    whole: Split | None = None
    if len(words) > 1 and len(piece.text) >= MIN_LENGTH and not any(splits):
        # a table run together whose labels and cells the copy also cut at spaces
        # (``年度财政 资金总额10001000100%20``, ``产出 指标数量指标…``): from the word its
        # header starts in, split as one run; the words before it as they are
        at = table_start(piece.text)
        if at is not None:
            first_word = next(k for k, m in enumerate(words) if m.end() > at)
            rest = piece.slice(words[first_word].start(), len(piece.text))
            whole = split_run(rest.text, cut_off)
            if whole is not None:
                words = words[:first_word]
    for m, split in zip(words, splits, strict=False):
        word = piece.slice(m.start(), m.end())
        fields = split_fields(word.text) if split is None else None
        if fields is not None:
            # a project table's header fields run together with their values
            for start, end in fields:
                out.append(Tok(word.slice(start, end), None, None, None, False, line_start=not out, paragraph=index))
        elif split is None:
            out.append(Tok(word, None, None, None, False, line_start=not out, paragraph=index))
        else:
            _add_cells(out, word, split, index, doubtful)
    if whole is not None and rest is not None:
        _add_cells(out, rest, whole, index, doubtful)
    return out


def _add_cells(out: list[Tok], run: Piece, split: Split, index: int, doubtful: list[Piece]) -> None:
    """A table whose cells were run together: its cells, empty ones included (a cell of
    spaces only is none)."""
    for start, end in split.cells:
        if end == start:
            out.append(Tok(Piece("", [(0, run.at(start))]), None, None, None, True, line_start=not out,
                           paragraph=index))
            continue
        cell = run.slice(start, end)
        lead = len(cell.text) - len(cell.text.lstrip())
        trail = len(cell.text.rstrip())
        if trail > lead:
            out.append(Tok(cell.slice(lead, trail), None, None, None, True, line_start=not out, paragraph=index))
    doubtful.extend(run.slice(start, end) for start, end in split.doubtful)


def _join_wrapped_numbers(toks: list[Tok]) -> None:
    """``95.`` at the end of a line and ``10%`` at the start of the next are one number
    split by the line wrap of the PDF it was extracted from."""
    i = 0
    while i + 1 < len(toks):
        a, b = toks[i], toks[i + 1]
        if a.row is None and b.row is None and a.table is None and b.line_start \
                and _WRAPPED_NUMBER_HEAD.match(a.text) and _WRAPPED_NUMBER_TAIL.match(b.text):
            marks = [*a.piece.marks, (len(a.text), b.piece.location)]
            toks[i] = Tok(Piece(a.text + b.text, marks), None, None, None, False,
                          line_start=a.line_start, paragraph=a.paragraph)
            del toks[i + 1]
        i += 1
