"""Word (.docx) reports: paragraphs and tables in document order.

The main part (``word/document.xml``, or whatever the package relationships name)
is parsed directly with lxml under :mod:`jixiao.readers.safety` (sizes checked
before extraction, DTDs refused). Merged cells are read once: a horizontal merge
(``w:gridSpan``) is one cell spanning grid columns, a vertical merge (``w:vMerge``)
keeps its text in the first row and marks the rows below as covered, so
``产出指标`` is never repeated. Pages are counted from explicit and last-rendered page
breaks when the file has them.
"""

from __future__ import annotations

from lxml import etree

from jixiao.model.location import Location
from jixiao.readers.document import Cell, Document, Paragraph, Rendition, Table, cell_piece, paragraph_piece
from jixiao.readers.finish import load_document
from jixiao.readers.load import LoadResult
from jixiao.readers.safety import UnsafeInput, open_zip, parse_xml, read_part

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (W + n for n in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
_T, _TAB, _BR, _CR = (W + n for n in ("t", "tab", "br", "cr"))
_HYPHEN = W + "noBreakHyphen"
_PAGE_BREAK = W + "lastRenderedPageBreak"
_SKIP = (W + "del", W + "delText", W + "instrText", W + "moveFrom", MC_FALLBACK)
_VAL = W + "val"
MAX_CELLS = 200_000


def document(data: bytes, source: str) -> Document:
    return read_docx(data, source)


def load(data: bytes, source: str) -> LoadResult:
    return load_document(document, "docx", data, source)


def main_part(zf: object) -> str:
    """The main document part named by the package relationships."""
    import zipfile

    assert isinstance(zf, zipfile.ZipFile)
    names = set(zf.namelist())
    if "_rels/.rels" in names:
        try:
            rels = parse_xml(read_part(zf, "_rels/.rels", 1048576), "_rels/.rels")
            for rel in rels.iter(_REL):
                if rel.get("Type") == _OFFICE_DOC:
                    target = (rel.get("Target") or "").lstrip("/")
                    if target in names:
                        return target
        except UnsafeInput:
            pass
    if "word/document.xml" in names:
        return "word/document.xml"
    raise UnsafeInput("不是 Word 文档（缺少 word/document.xml）")


def read_docx(data: bytes, source: str) -> Document:
    zf = open_zip(data)
    name = main_part(zf)
    root = parse_xml(read_part(zf, name), name)
    body = root.find(W + "body")
    if body is None:
        raise UnsafeInput("Word 文档没有正文（w:body）")
    for el in [e for e in body.iter(*_SKIP)]:
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)
    reader = _Reader(source, _has_page_breaks(body))
    reader.blocks(body)
    doc = Document(source, "docx", reader.out, text=reader.rendition.text())
    return doc


def _has_page_breaks(body: etree._Element) -> bool:
    if next(body.iter(_PAGE_BREAK), None) is not None:
        return True
    return any(br.get(W + "type") == "page" for br in body.iter(_BR))


class _Reader:
    def __init__(self, source: str, paged: bool) -> None:
        self.source = source
        self.paged = paged
        self.page = 1
        self.tables = 0
        self.cells = 0
        self.out: list[Paragraph | Table] = []
        self.rendition = Rendition()

    @property
    def _page(self) -> int | None:
        return self.page if self.paged else None

    def blocks(self, parent: etree._Element) -> None:
        for child in parent:
            tag = child.tag
            if tag == _P:
                text = self.paragraph_text(child)
                if text.strip():
                    loc = Location(self.source, page=self._page)
                    self.out.append(Paragraph(paragraph_piece(text, loc, self.rendition)))
            elif tag == _TBL:
                self.table(child)
            elif tag in (_SDT, _SDT_CONTENT) or tag == W + "customXml":
                self.blocks(child if tag != _SDT else (child.find(_SDT_CONTENT) or child))

    def paragraph_text(self, p: etree._Element) -> str:
        parts: list[str] = []
        for el in p.iter(_T, _TAB, _BR, _CR, _HYPHEN, _PAGE_BREAK):
            tag = el.tag
            if tag == _T:
                parts.append(el.text or "")
            elif tag == _TAB:
                parts.append("\t")
            elif tag == _BR:
                if el.get(W + "type") == "page":
                    self.page += 1
                else:
                    parts.append("\n")
            elif tag == _CR:
                parts.append("\n")
            elif tag == _HYPHEN:
                parts.append("-")
            elif (tag == _PAGE_BREAK and parts) or tag == _PAGE_BREAK:
                self.page += 1
        return "".join(parts)

    def cell_text(self, tc: etree._Element) -> str:
        lines: list[str] = []
        for child in tc:
            if child.tag == _P:
                lines.append(self.paragraph_text(child))
            elif child.tag == _TBL:  # a nested table: its text, row by row
                for tr in child.iter(_TR):
                    texts = [self.cell_text(c) for c in tr.iter(_TC)]
                    lines.append(" ".join(t for t in texts if t))
            elif child.tag in (_SDT, W + "customXml"):
                lines.append(self.cell_text(child.find(_SDT_CONTENT) or child))
        while lines and not lines[-1].strip():
            lines.pop()
        return "\n".join(lines)

    def table(self, tbl: etree._Element) -> None:
        self.tables += 1
        index = self.tables
        page = self._page
        rows: list[list[Cell]] = []
        origin_at: dict[int, Cell] = {}  # grid column → the cell a vertical merge continues
        for tr in tbl.iterchildren(_TR, W + "sdt", W + "customXml"):
            if tr.tag != _TR:
                inner = tr.find(".//" + _TR)
                if inner is None:
                    continue
                tr = inner
            r = len(rows)
            row: list[Cell] = []
            col = _int(tr.find(f"{W}trPr/{W}gridBefore"), 0)
            for tc in tr.iterchildren(_TC, W + "sdt", W + "customXml"):
                if tc.tag != _TC:
                    inner = tc.find(".//" + _TC)
                    if inner is None:
                        continue
                    tc = inner
                self.cells += 1
                if self.cells > MAX_CELLS:
                    raise UnsafeInput(f"表格单元格过多（超过 {MAX_CELLS} 个）")
                tcpr = tc.find(W + "tcPr")
                span = max(1, min(_int(tcpr.find(W + "gridSpan") if tcpr is not None else None, 1), 1000))
                vmerge = tcpr.find(W + "vMerge") if tcpr is not None else None
                loc = Location(self.source, page=page, table=index, row=r + 1, col=col + 1)
                if vmerge is not None and vmerge.get(_VAL) != "restart" and col in origin_at:
                    origin = origin_at[col]
                    origin.rowspan += 1
                    row.append(Cell(cell_piece("", loc, self.rendition), r, col, colspan=span, covered=True))
                else:
                    text = self.cell_text(tc)
                    cell = Cell(cell_piece(text, loc, self.rendition), r, col, colspan=span)
                    row.append(cell)
                    for c in range(col, col + span):
                        origin_at.pop(c, None)
                    if vmerge is not None:
                        origin_at[col] = cell
                col += span
            rows.append(row)
            self.rendition.blank()
        self.out.append(Table(index, rows))


def _int(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(_VAL) or default)
    except ValueError:
        return default
