"""The report as data: blocks of segments, tables with merged cells, chart specs.

Built from a ``Result`` by :mod:`jixiao.writers.report.build` (pure); laid out by the DOCX,
HTML/PDF and Markdown writers, which add no words and no numbers of their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from jixiao.findings import Finding
from jixiao.narrative.segments import Inline, Seg, plain


@dataclass(frozen=True, slots=True)
class Heading:
    """Level 1: 一、 (黑体); level 2: （一） (楷体); level 3: 1. (仿宋, bold)."""

    level: int
    segs: Inline


@dataclass(frozen=True, slots=True)
class Paragraph:
    """style: body (indented, 仿宋 三号) · note (table notes, smaller) · signature (the
    填表人 line under a table) · attachments (the 附件 list) · label (附件1, 黑体) ·
    table-title (an attachment's title) · caption (a chart's caption)."""

    segs: Inline
    style: str = "body"


@dataclass(frozen=True, slots=True)
class Cell:
    segs: Inline = ()
    rowspan: int = 1
    colspan: int = 1
    align: str = "center"  # center | left | right
    header: bool = False
    vertical: bool = False  # one character per line (绩效指标)
    nowrap: bool = False  # kept on one line (a rule code)

    @property
    def text(self) -> str:
        return plain(self.segs)


@dataclass(frozen=True, slots=True)
class Table:
    """Rows list only the cells that start there (HTML's model); ``widths`` are relative
    column widths; the first ``header_rows`` rows repeat on every page. A table ``joined``
    to the previous one continues it (same grid, no gap)."""

    key: str
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]
    header_rows: int = 0
    joined: bool = False
    font: str = "table"  # table | small

    @property
    def ncols(self) -> int:
        return len(self.widths)

    def grid(self) -> list[tuple[int, int, Cell]]:
        """(row, col, cell) of every cell, placing spans as HTML does."""
        taken: set[tuple[int, int]] = set()
        out: list[tuple[int, int, Cell]] = []
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                out.append((r, c, cell))
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, c + dc))
                c += cell.colspan
        return out

    def matrix(self) -> list[list[str]]:
        """Text of every grid position; covered positions are empty."""
        m = [["" for _ in range(self.ncols)] for _ in self.rows]
        for r, c, cell in self.grid():
            if r < len(m) and c < self.ncols:
                m[r][c] = cell.text
        return m


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[Seg | None, ...]


@dataclass(frozen=True, slots=True)
class ChartSpec:
    """A chart, as data. kind: bars (grouped vertical) · hbars (horizontal, e.g. 得分/分值)
    · pie. Values are figure segments (their text labels the bars)."""

    key: str
    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""

    def cache_key(self) -> str:
        parts = [self.kind, self.title, self.unit, "|".join(self.categories)]
        for s in self.series:
            parts.append(s.name + ":" + ",".join("" if v is None else v.text for v in s.values))
        return "\n".join(parts)


@dataclass(frozen=True, slots=True)
class Chart:
    spec: ChartSpec
    caption: Inline
    number: int


@dataclass(frozen=True, slots=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Table | Chart | PageBreak


@dataclass(frozen=True, slots=True)
class ReportDocument:
    """A whole report: title, blocks, and the findings the rendering itself raised."""

    title: Inline
    blocks: tuple[Block, ...]
    kind: str
    source: str
    findings: tuple[Finding, ...] = ()
    choices: tuple[str, ...] = field(default=())  # resolution decisions, one sentence each

    @property
    def title_text(self) -> str:
        return plain(self.title)

    def charts(self) -> list[Chart]:
        return [b for b in self.blocks if isinstance(b, Chart)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def inlines(self) -> Iterator[Inline]:
        """Every inline of the document (title, headings, paragraphs, cells, captions)."""
        yield self.title
        for b in self.blocks:
            if isinstance(b, Heading | Paragraph):
                yield b.segs
            elif isinstance(b, Table):
                for row in b.rows:
                    for cell in row:
                        yield cell.segs
            elif isinstance(b, Chart):
                yield b.caption

    def segments(self) -> Iterator[Seg]:
        for segs in self.inlines():
            yield from segs

    def chart_values(self) -> Iterator[Seg]:
        for chart in self.charts():
            for s in chart.spec.series:
                yield from (v for v in s.values if v is not None)

