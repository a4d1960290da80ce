"""The report as Markdown: headings, paragraphs, pipe tables (merged cells written once,
in their top-left position), charts as image links."""

from __future__ import annotations

from collections.abc import Callable

from jixiao.narrative.segments import Inline, SegKind
from jixiao.writers.report.view import Chart, Heading, PageBreak, Paragraph, ReportDocument, Table


def _inline(segs: Inline) -> str:
    out = []
    for s in segs:
        t = s.text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")
        out.append(f"**{t}**" if s.bold or s.kind is SegKind.PLACEHOLDER else t)
    return "".join(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def _table(table: Table) -> list[str]:
    rows = [["" for _ in range(table.ncols)] for _ in table.rows]
    for r, c, cell in table.grid():
        if r < len(rows) and c < table.ncols:
            rows[r][c] = _cell(_inline(cell.segs))
    if not rows:
        return []
    out = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join(" --- " for _ in range(table.ncols)) + "|"]
    out.extend("| " + " | ".join(r) + " |" for r in rows[1:])
    return out


def to_markdown(doc: ReportDocument, image: Callable[[Chart], str]) -> str:
    """``image`` gives the link target of each chart (a file written next to the text)."""
    lines = [f"# {_inline(doc.title)}", ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines += [f"{'#' * (block.level + 1)} {_inline(block.segs)}", ""]
        elif isinstance(block, Paragraph):
            text = _inline(block.segs)
            if block.style in ("label", "table-title"):
                text = f"**{text}**"
            lines += [text, ""]
        elif isinstance(block, Table):
            if block.joined and lines and lines[-1] == "":
                lines.pop()
                lines.append("")
            lines += [*_table(block), ""]
        elif isinstance(block, Chart):
            lines += [f"![{_inline(block.caption)}]({image(block)})", "", _inline(block.caption), ""]
        elif isinstance(block, PageBreak):
            lines += ["---", ""]
    return "\n".join(lines).rstrip() + "\n"
