"""The report as one standalone HTML page (inline CSS and images, print CSS). The same
page is what WeasyPrint lays out for the PDF, and what the web app can serve."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from jixiao.narrative.segments import Inline, SegKind, plain
from jixiao.writers.fonts import css_stack
from jixiao.writers.report.titlelines import title_lines
from jixiao.writers.report.view import Cell, Chart, Heading, PageBreak, Paragraph, ReportDocument, Table

TEMPLATES = Path(__file__).with_name("templates")


@lru_cache(maxsize=1)
def _env() -> Any:
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True, auto_reload=False)


@lru_cache(maxsize=1)
def stylesheet() -> str:
    fonts = {name: Markup(css_stack(name)) for name in ("fangsong", "xiaobiaosong", "heiti", "kaiti", "songti")}
    return str(_env().get_template("report.css.j2").render(fonts=fonts))


def inline_html(segs: Inline, *, vertical: bool = False) -> Markup:
    parts = []
    for s in segs:
        text = s.text
        if vertical:
            html = Markup("<br>").join(escape(ch) for ch in text if not ch.isspace())
        else:
            html = Markup("<br>").join(escape(line) for line in text.split("\n"))
        if s.kind is SegKind.PLACEHOLDER:
            html = Markup('<span class="placeholder">') + html + Markup("</span>")
        elif s.bold:
            html = Markup("<strong>") + html + Markup("</strong>")
        parts.append(html)
    return Markup("").join(parts)


_NUMBER_CELL = re.compile(r"-?\d[\d.]*%?")


def _is_number(cell: Cell) -> bool:
    """A cell holding one figure (and maybe a % sign): kept on one line."""
    return _NUMBER_CELL.fullmatch(cell.text.strip()) is not None


def _cell(cell: Cell, rowspan: int, extra: str = "") -> dict[str, Any]:
    classes = [c for c in (cell.align if cell.align != "center" else "", extra,
                           "num" if _is_number(cell) or cell.nowrap else "") if c]
    return {"tag": "th" if cell.header else "td", "rowspan": rowspan, "colspan": cell.colspan,
            "cls": " ".join(classes), "html": inline_html(cell.segs, vertical=cell.vertical)}


def table_model(table: Table) -> dict[str, Any]:
    """thead/tbody rows; a header cell whose span runs into the body is split in two (its
    top part repeats on each page, its bottom border open)."""
    nrows = len(table.rows)
    head_n = min(table.header_rows, nrows)
    placed: dict[int, list[tuple[int, dict[str, Any]]]] = {r: [] for r in range(nrows)}
    for r, c, cell in table.grid():
        if r < head_n < r + cell.rowspan:
            top = head_n - r
            placed[r].append((c, _cell(cell, top, "open-bottom")))
            rest = Cell((), cell.rowspan - top, cell.colspan, cell.align, cell.header)
            placed[head_n].append((c, _cell(rest, rest.rowspan, "open-top")))
        else:
            placed[r].append((c, _cell(cell, cell.rowspan)))
    rows = [[cell for _, cell in sorted(placed[r], key=lambda x: x[0])] for r in range(nrows)]
    total = sum(table.widths) or 1.0
    return {"type": "table", "key": table.key, "font": table.font, "joined": table.joined,
            "widths": [round(w / total * 100, 3) for w in table.widths],
            "thead": rows[:head_n], "tbody": rows[head_n:]}


def to_html(doc: ReportDocument, image: Callable[[Chart], str]) -> str:
    """``image`` gives each chart's ``src`` (a data URI for a standalone page)."""
    blocks: list[dict[str, Any]] = []
    previous: object = None
    for b in doc.blocks:
        if isinstance(b, Heading):
            blocks.append({"type": "heading", "level": b.level, "html": inline_html(b.segs)})
        elif isinstance(b, Paragraph):
            style = b.style
            if style == "attachments" and not (isinstance(previous, Paragraph) and previous.style == style):
                style += " first"  # one blank line above the 附件 list (GB/T 9704 §7.3)
            blocks.append({"type": "para", "style": style, "html": inline_html(b.segs)})
        elif isinstance(b, Table):
            blocks.append(table_model(b))
        elif isinstance(b, Chart):
            blocks.append({"type": "chart", "key": b.spec.key, "src": image(b), "alt": plain(b.caption),
                           "caption": inline_html(b.caption)})
        elif isinstance(b, PageBreak):
            blocks.append({"type": "pagebreak"})
        previous = b
    html = _env().get_template("report.html.j2").render(
        title=Markup("<br>").join(escape(line) for line in title_lines(doc.title_text)),
        title_text=doc.title_text, kind=doc.kind, blocks=blocks,
        css=Markup(stylesheet()))
    return str(html)
