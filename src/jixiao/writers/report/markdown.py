"""The report as Markdown: headings, paragraphs, pipe tables (a merged cell written once; rows
of one column structure grouped into one pipe table), charts as image links."""

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
    """Pipe tables have no merged cells: consecutive rows whose cells start in the same grid
    columns form one pipe table of just those columns (附件2's 4-column rows, then its
    7-column 楼堂馆所 rows), so a merged cell never leaves empty columns beside it."""
    nrows = len(table.rows)
    if not nrows:
        return []
    texts: list[dict[int, str]] = [{} for _ in range(nrows)]
    for r, c, cell in table.grid():
        if r >= nrows or c >= table.ncols:
            continue
        texts[r][c] = _cell(_inline(cell.segs))
        for dr in range(1, cell.rowspan):  # below a cell merged downwards: an empty cell
            if r + dr < nrows:
                texts[r + dr][c] = ""
    out: list[str] = []
    group: list[dict[int, str]] = []
    for row in [*texts, None]:
        if group and (row is None or sorted(row) != sorted(group[0])):
            columns = sorted(group[0])
            if out:
                out.append("")
            out.append("| " + " | ".join(group[0][c] for c in columns) + " |")
            out.append("|" + "|".join(" --- " for _ in columns) + "|")
            out.extend("| " + " | ".join(r[c] for c in columns) + " |" for r in group[1:])
            group = []
        if row is not None:
            group.append(row)
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
