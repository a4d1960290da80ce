"""Build DOCX, HTML and PDF files the way portals publish them, independently of
jixiao's own writers: python-docx with real merged cells, hand-written HTML in GBK
with rowspan/colspan and a layout table around the content, and WeasyPrint PDFs
with a table long enough to run over several pages.

The content is the reference report (tests/corpus/000_…): its report text, and its
two attached tables as laid out in tests/fixtures/lusong-tables.txt.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
SPEC = HERE / "fixtures" / "lusong-tables.txt"
REFERENCE = HERE / "corpus" / "000_ca49b2c89bc71ff3.txt"
_SPAN = re.compile(r"^(.*?)\{(\d+)\}$")


@dataclass
class SpecCell:
    text: str
    row: int
    col: int
    colspan: int = 1
    rowspan: int = 1


@dataclass
class SpecTable:
    title: str
    width: int
    cells: list[SpecCell]  # origins only
    rows: int


Item = tuple[str, str] | tuple[str, SpecTable]


def report_paragraphs() -> list[str]:
    """The report text of the reference (its title as one paragraph), up to its
    attachment list."""
    lines = REFERENCE.read_text(encoding="utf-8").split("\n")
    title = "".join(ln.strip() for ln in lines[:3])
    out = [title]
    for line in lines[3:]:
        if line.startswith(" 附件2"):
            break
        line = line.replace("[bookmark: _GoBack]", "")
        if line.strip():
            out.append(line.strip())
    return out


def parse_spec(path: Path = SPEC) -> list[Item]:
    items: list[Item] = []
    current: list[list[str]] | None = None
    title = ""

    def close() -> None:
        nonlocal current
        if current is not None:
            items.append(("table", _grid(title, current)))
        current = None

    for raw in path.read_text(encoding="utf-8").split("\n"):
        line = raw.rstrip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("PARA "):
            close()
            items.append(("para", line[5:]))
        elif line.startswith("TABLE "):
            close()
            title = line[6:]
            current = []
        else:
            assert current is not None, line
            current.append([c.strip() for c in line.split(" | ")])
    close()
    return items


def _grid(title: str, rows: list[list[str]]) -> SpecTable:
    cells: list[SpecCell] = []
    above: dict[int, SpecCell] = {}
    width = 0
    for r, row in enumerate(rows):
        col = 0
        for text in row:
            span = 1
            m = _SPAN.match(text)
            if m:
                text, span = m.group(1), int(m.group(2))
            if text == "^":
                above[col].rowspan += 1
                col += above[col].colspan
                continue
            cell = SpecCell("" if text == "(空)" else text, r, col, span)
            cells.append(cell)
            for c in range(col, col + span):
                above.pop(c, None)
            above[col] = cell
            col += span
        width = max(width, col)
    return SpecTable(title, width, cells, len(rows))


def build_docx(path: Path) -> Path:
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "仿宋_GB2312"
    style.element.rPr.get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    for text in report_paragraphs():
        doc.add_paragraph(text)
    for kind, item in parse_spec():
        if kind == "para":
            assert isinstance(item, str)
            doc.add_paragraph(item)
            continue
        assert isinstance(item, SpecTable)
        table = doc.add_table(rows=item.rows, cols=item.width)
        table.style = "Table Grid"
        for cell in item.cells:
            target = table.cell(cell.row, cell.col)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(table.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1))
            lines = cell.text.split("\\n")
            target.text = lines[0]
            for extra in lines[1:]:
                target.add_paragraph(extra)
    doc.save(str(path))
    return path


_CSS = """
@page { size: A4; margin: 18mm 16mm; @bottom-center { content: "— " counter(page) " —"; } }
body { font-family: "Noto Serif CJK SC", serif; font-size: 14pt; line-height: 1.6; }
p { text-indent: 2em; margin: 0 0 4pt 0; }
h1 { font-size: 20pt; text-align: center; font-family: "Noto Sans CJK SC", sans-serif; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; }
td, th { border: 0.8pt solid #000; padding: 5pt 3pt; font-size: 11pt; vertical-align: middle; }
p.att { text-indent: 0; font-family: "Noto Sans CJK SC", sans-serif; }
"""


def html_body(portal: bool) -> str:
    """The report as HTML; ``portal`` wraps it in a page layout table with navigation
    and odd spacing, as portals do."""
    parts: list[str] = []
    paragraphs = report_paragraphs()
    parts.append(f"<h1>{html.escape(paragraphs[0])}</h1>")
    for text in paragraphs[1:]:
        if portal and text.startswith("（三）人员情况"):
            parts.append(f"<p>{html.escape(text)}<br/>")  # unclosed paragraph, as some editors write
            continue
        body = html.escape(text)
        if portal:
            body = body.replace("，", "，&nbsp;", 1)
        parts.append(f"<p>{body}</p>")
    for kind, item in parse_spec():
        if kind == "para":
            assert isinstance(item, str)
            parts.append(f'<p class="att">{html.escape(item)}</p>')
            continue
        assert isinstance(item, SpecTable)
        parts.append(_html_table(item, portal))
    content = "\n".join(parts)
    if not portal:
        return content
    return (
        '<div class="nav">首页 &gt; 信息公开 &gt; 财政预决算</div>\n'
        '<table class="layout" width="100%"><tr><td class="side">栏目导航<br>部门预算<br>部门决算</td>'
        f'<td class="main">\n{content}\n</td></tr></table>\n'
        '<div class="foot">主办单位：政协株洲市芦淞区委员会办公室　 网站标识码：4302030000</div>'
    )


def _html_table(table: SpecTable, portal: bool) -> str:
    rows: list[list[str]] = [[] for _ in range(table.rows)]
    for cell in table.cells:
        attrs = ""
        if cell.rowspan > 1:
            attrs += f' rowspan="{cell.rowspan}"'
        if cell.colspan > 1:
            attrs += f' colspan="{cell.colspan}"'
        text = html.escape(cell.text)
        if portal:
            # Portal editors wrap cell text in spans and leave full-width spaces around it.
            text = f'<span style="font-size:12px">　{text}</span>' if text else "&nbsp;"
            text = text.replace("（", "<br>（", 1) if "分）" in text else text
        rows[cell.row].append(f"<td{attrs}>{text}</td>")
    body = "\n".join("<tr>" + "".join(r) + "</tr>" for r in rows)
    return f'<table border="1" cellspacing="0">\n<tbody>\n{body}\n</tbody>\n</table>'


def build_html(path: Path, encoding: str = "gbk") -> Path:
    page = (f'<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">'
            "<title>芦淞区政协2023年度整体支出绩效自评报告</title>"
            "<script>var x = '<p>不是正文</p>';</script><style>td{padding:2px}</style></head>\n"
            f"<body>\n{html_body(portal=True)}\n</body></html>\n")
    path.write_bytes(page.encode(encoding))
    return path


def build_pdf(path: Path) -> Path:
    from weasyprint import HTML

    page = ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f"<style>{_CSS}</style></head><body>{html_body(portal=False)}</body></html>")
    HTML(string=page).write_pdf(str(path))
    return path
