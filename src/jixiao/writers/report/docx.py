"""The report as DOCX in 公文 format (GB/T 9704), from the Word template's styles.

Paragraphs name the template's styles (see ``docx_template``); tables are written as
WordprocessingML directly (borders, fixed grid, merged cells as ``gridSpan``/``vMerge``,
header rows repeated on each page); charts are PNG pictures.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import Any

from jixiao.narrative.segments import Inline, SegKind
from jixiao.writers.report import docx_template as tpl
from jixiao.writers.report.titlelines import title_lines
from jixiao.writers.report.view import Cell, Chart, Heading, PageBreak, Paragraph, ReportDocument, Table

TEXT_WIDTH_TWIPS = 8844  # 156 mm
TABLE_LINE_TWIPS = 300  # the table text's exact 15 pt line
CHART_WIDTH_MM = 150
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_PARAGRAPH_STYLES = {
    "body": tpl.BODY, "note": tpl.NOTE, "signature": tpl.SIGNATURE, "attachments": tpl.ATTACHMENTS,
    "label": tpl.LABEL, "table-title": tpl.TABLE_TITLE, "caption": tpl.CAPTION, "draft": tpl.DRAFT,
}


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _runs_xml(segs: Inline, *, bold: bool = False, vertical: bool = False) -> str:
    out = []
    for s in segs:
        text = s.text
        if not text:
            continue
        props = []
        if bold or s.bold or s.kind is SegKind.PLACEHOLDER:
            props.append("<w:b/><w:bCs/>")
        if s.kind is SegKind.PLACEHOLDER:
            props.append('<w:color w:val="C00000"/>')
        rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
        if vertical:
            chars = [c for c in text if not c.isspace()]
            body = "<w:br/>".join(f'<w:t xml:space="preserve">{_esc(c)}</w:t>' for c in chars)
        else:  # a line break the view asks for (a header broken before its unit)
            body = "<w:br/>".join(f'<w:t xml:space="preserve">{_esc(line)}</w:t>' for line in text.split("\n"))
        out.append(f"<w:r>{rpr}{body}</w:r>")
    return "".join(out)


def _paragraph_xml(segs: Inline, style_id: str, *, align: str | None = None, bold: bool = False,
                   vertical: bool = False, page_break: bool = False, blank_line_before: bool = False) -> str:
    ppr = [f'<w:pStyle w:val="{style_id}"/>']
    if page_break:
        ppr.append("<w:pageBreakBefore/>")
    if blank_line_before:
        ppr.append('<w:spacing w:before="560"/>')
    if align is not None:
        ppr.append(f'<w:jc w:val="{ {"left": "left", "right": "right", "center": "center"}[align]}"/>')
    return f"<w:p><w:pPr>{''.join(ppr)}</w:pPr>{_runs_xml(segs, bold=bold, vertical=vertical)}</w:p>"


def _table_xml(table: Table, style_ids: dict[str, str]) -> str:
    total = sum(table.widths) or 1.0
    cols = [int(TEXT_WIDTH_TWIPS * w / total) for w in table.widths]
    text_style = style_ids[tpl.TABLE_SMALL if table.font == "small" else tpl.TABLE_TEXT]
    nrows = len(table.rows)
    heads = table.header_rows
    # A vertical label starting in a repeated header row and running down the body (绩效指标)
    # is written as two cells without a rule between them: the label, whole in the header
    # rows, and an empty cell merged down the body. Word and LibreOffice repeat only the
    # header rows on a continuation page; a cell merged across the header's end is cut there
    # (the label) or drawn as an extra box under the repeated row.
    placed_cells: list[tuple[int, int, Cell]] = []
    open_below: set[int] = set()  # ids of header labels continued by a body cell
    open_above: set[int] = set()  # ids of those body cells
    for r, c, placed in table.grid():
        if placed.vertical and r < heads < r + placed.rowspan:
            label = replace(placed, rowspan=heads - r)
            rest = Cell(rowspan=r + placed.rowspan - heads, colspan=placed.colspan)
            placed_cells += [(r, c, label), (heads, c, rest)]
            open_below.add(id(label))
            open_above.add(id(rest))
        else:
            placed_cells.append((r, c, placed))
    starts: dict[tuple[int, int], Cell] = {}
    covered: dict[tuple[int, int], Cell] = {}
    for r, c, placed in placed_cells:
        starts[(r, c)] = placed
        for dr in range(1, placed.rowspan):
            if r + dr < nrows:
                covered[(r + dr, c)] = placed
    rows_xml = []
    for r in range(nrows):
        cells = []
        c = 0
        while c < len(cols):
            start = starts.get((r, c))
            merged = covered.get((r, c))
            target = start or merged
            span = target.colspan if target is not None else 1
            width = sum(cols[c:c + span])
            tcpr = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
            if span > 1:
                tcpr.append(f'<w:gridSpan w:val="{span}"/>')
            no_wrap = start is not None and start.nowrap
            if start is not None and start.rowspan > 1:
                tcpr.append('<w:vMerge w:val="restart"/>')
            elif merged is not None:
                tcpr.append("<w:vMerge/>")
            if id(target) in open_below:
                tcpr.append('<w:tcBorders><w:bottom w:val="nil"/></w:tcBorders>')
            elif id(target) in open_above:
                tcpr.append('<w:tcBorders><w:top w:val="nil"/></w:tcBorders>')
            if no_wrap:
                tcpr.append("<w:noWrap/>")
            # a vertical label in a header row sits at its top, over the body's cell below
            label_at_top = target is not None and target.vertical and r < heads
            tcpr.append(f'<w:vAlign w:val="{"top" if label_at_top else "center"}"/>')
            if start is not None:
                content = _paragraph_xml(start.segs, text_style, align=start.align, bold=start.header,
                                         vertical=start.vertical)
            else:
                content = f'<w:p><w:pPr><w:pStyle w:val="{text_style}"/></w:pPr></w:p>'
            cells.append(f"<w:tc><w:tcPr>{''.join(tcpr)}</w:tcPr>{content}</w:tc>")
            c += span
        trpr = "<w:cantSplit/>" + ("<w:tblHeader/>" if r < table.header_rows else "")
        if r < table.header_rows:
            # A vertical label (绩效指标) starting in a repeated header row must fit in that row:
            # Word repeats only the header row, so the row is made tall enough for every character.
            chars = max((len(c.text.replace(" ", "")) for (rr, _c), c in starts.items() if rr == r and c.vertical),
                        default=0)
            if chars:
                trpr += f'<w:trHeight w:val="{(chars + 1) * TABLE_LINE_TWIPS}" w:hRule="atLeast"/>'

        rows_xml.append(f"<w:tr><w:trPr>{trpr}</w:trPr>{''.join(cells)}</w:tr>")
    borders = "".join(f'<w:{side} w:val="single" w:sz="6" w:space="0" w:color="000000"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in cols)
    return (f'<w:tbl xmlns:w="{W}"><w:tblPr><w:tblW w:w="{sum(cols)}" w:type="dxa"/><w:jc w:val="center"/>'
            f"<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
            '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="0000"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows_xml)}</w:tbl>")


def _open(template: Path | None) -> Any:
    import docx

    doc = docx.Document(str(template or tpl.TEMPLATE))
    tpl.ensure_styles(doc)
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    return doc


def to_docx(doc: ReportDocument, *, template: Path | None = None) -> bytes:
    from docx.oxml import parse_xml

    from jixiao.writers.report.charts import render

    word = _open(template)
    styles = word.styles
    style_ids = {name: styles[name].style_id for name in
                 (tpl.BODY, tpl.TITLE, *tpl.HEADINGS.values(), *_PARAGRAPH_STYLES.values(), tpl.TABLE_TEXT,
                  tpl.TABLE_SMALL, tpl.FIGURE)}
    body = word.element.body
    sect = body[-1] if len(body) and body[-1].tag.endswith("}sectPr") else None
    title_runs = '<w:r><w:br/></w:r>'.join(f'<w:r><w:t xml:space="preserve">{_esc(line)}</w:t></w:r>'
                                           for line in title_lines(doc.title_text))
    pieces: list[str] = [f'<w:p><w:pPr><w:pStyle w:val="{style_ids[tpl.TITLE]}"/></w:pPr>{title_runs}</w:p>']
    pictures: list[tuple[int, bytes]] = []
    page_break = False
    previous: object = None
    for block in doc.blocks:
        first_attachment = isinstance(block, Paragraph) and block.style == "attachments" and not (
            isinstance(previous, Paragraph) and previous.style == "attachments")
        previous = block
        if isinstance(block, PageBreak):
            page_break = True
            continue
        if isinstance(block, Heading):
            pieces.append(_paragraph_xml(block.segs, style_ids[tpl.HEADINGS[min(block.level, 3)]],
                                         page_break=page_break))
        elif isinstance(block, Paragraph):
            pieces.append(_paragraph_xml(block.segs, style_ids[_PARAGRAPH_STYLES.get(block.style, tpl.BODY)],
                                         page_break=page_break, blank_line_before=first_attachment))
        elif isinstance(block, Table):
            if page_break:
                pieces.append(f'<w:p><w:pPr><w:pStyle w:val="{style_ids[tpl.NOTE]}"/><w:pageBreakBefore/>'
                              "</w:pPr></w:p>")
            if block.joined:
                # Word merges adjacent tables into one (whose header rows then would not repeat):
                # a hairline paragraph keeps them apart without a visible gap.
                pieces.append(f'<w:p><w:pPr><w:pStyle w:val="{style_ids[tpl.NOTE]}"/><w:spacing w:before="0" '
                              'w:after="0" w:line="20" w:lineRule="exact"/></w:pPr></w:p>')
            pieces.append(_table_xml(block, style_ids))
        elif isinstance(block, Chart):
            pictures.append((len(pieces), render(block.spec, "png")))
            pieces.append("")  # the picture paragraph is added through python-docx below
            pieces.append(_paragraph_xml(block.caption, style_ids[tpl.CAPTION]))
        page_break = False
    xml = f'<w:body xmlns:w="{W}">{"".join(pieces)}</w:body>'
    parsed = parse_xml(xml.encode("utf-8"))
    anchor_positions = {}
    index = 0
    for i, piece in enumerate(pieces):
        if piece == "":
            anchor_positions[i] = index
        else:
            index += 1
    elements = list(parsed)
    for el in elements:
        if sect is not None:
            sect.addprevious(el)
        else:
            body.append(el)
    # Pictures: inserted where their empty piece was (before the caption that follows it).
    from docx.shared import Mm
    from docx.text.paragraph import Paragraph as DocxParagraph

    for piece_index, png in pictures:
        pos = anchor_positions[piece_index]
        p = parse_xml(f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="{style_ids[tpl.FIGURE]}"/></w:pPr></w:p>')
        following = elements[pos] if pos < len(elements) else sect
        if following is not None:
            following.addprevious(p)
        else:
            body.append(p)
        run = DocxParagraph(p, word._body).add_run()  # type: ignore[arg-type]
        run.add_picture(io.BytesIO(png), width=Mm(CHART_WIDTH_MM))
    core = word.core_properties
    core.title = doc.title_text
    core.language = "zh-CN"
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
