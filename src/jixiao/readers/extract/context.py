"""What the parts of the extractor share while reading one document."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jixiao.findings import Finding
from jixiao.model.location import Location
from jixiao.readers.document import Document, Paragraph, Piece
from jixiao.readers.extract.stream import Stream, build_stream

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


@dataclass(slots=True)
class Heading:
    """An attachment heading (附件2) with its table title, where it starts in the
    stream."""

    number: int | None
    title: Piece | None
    number_piece: Piece | None
    position: int  # stream index of its first word


@dataclass(slots=True)
class Context:
    doc: Document
    stream: Stream
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    year: int | None = None
    headings: list[Heading] = field(default_factory=list)
    # stream ranges [start, end) already read as a table, so others leave them alone
    claimed: list[tuple[int, int]] = field(default_factory=list)
    unit_name: str | None = None
    unit_level: str | None = None
    # a reader found the text to be a fragment of a table (rows without their header)
    fragment: bool = False

    @classmethod
    def of(cls, doc: Document) -> Context:
        stream = build_stream(doc)
        notes = [_doubtful_note(p) for p in stream.doubtful]
        return cls(doc, stream, notes=notes)

    def settle(self, first: Location, last: Location) -> None:
        """Stretches of run-together table text the splitter left out (``stream.doubtful``)
        between ``first`` and ``last`` (lines and columns of a text), which a reader then
        read whole: no longer reported as unread."""
        if first.line is None or last.line is None:
            return
        start, end = (first.line, first.column or 0), (last.line, last.column or 0)

        def inside(piece: Piece) -> bool:
            loc = piece.location
            return loc.line is not None and start <= (loc.line, loc.column or 0) <= end

        for piece in [p for p in self.stream.doubtful if inside(p)]:
            self.stream.doubtful.remove(piece)
            note = _doubtful_note(piece)
            if note in self.notes:
                self.notes.remove(note)

    @property
    def source(self) -> str:
        return self.doc.source

    def paragraphs(self) -> list[tuple[int, Paragraph]]:
        return [(i, b) for i, b in enumerate(self.doc.blocks) if isinstance(b, Paragraph)]

    def paragraph_start(self, block_index: int) -> int:
        """The stream index of a paragraph's first word."""
        for i, tok in enumerate(self.stream.toks):
            if tok.paragraph is not None and tok.paragraph >= block_index:
                return i
        return len(self.stream)

    def claim(self, start: int, end: int) -> None:
        self.claimed.append((start, end))

    def is_claimed(self, i: int) -> bool:
        return any(s <= i < e for s, e in self.claimed)

    def heading_before(self, position: int) -> Heading | None:
        found = None
        for h in self.headings:
            if h.position <= position:
                found = h
        return found


def _doubtful_note(piece: Piece) -> str:
    return f"表格文字连在一起、无法确定如何拆分的部分未读取：“{_short(piece.text)}”"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "……"


def find_year(text: str) -> int | None:
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None
