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

from collections.abc import Iterator
from typing import Any

from lxml import etree

from jixiao.model.location import Location
from jixiao.readers.document import Cell, Document, Paragraph, Piece, Rendition, Table, paragraph_piece
from jixiao.readers.finish import load_document
from jixiao.readers.load import LoadResult
from jixiao.readers.safety import MAX_TABLE_CELLS, UnsafeInput, open_zip, parse_xml, read_part

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
_NS = {"w": W[1:-1]}
# The text of a paragraph's runs and the marks between them, in document order; the
# same for a whole cell with its paragraphs (nested tables included), and for a table
# with its cells. Walked with lxml's iter over these tags, not an XPath union: libxml2
# merges union node sets with a duplicate check per node, quadratic in the table's size
# (a 30,000 × 8 table took more than 400 s).
_MARKS = (_TAB, _BR, _CR, _HYPHEN, _PAGE_BREAK)
_RUN_CONTENT = (_T, *_MARKS)
_CELL_CONTENT = (_P, _T, *_MARKS)
_TABLE_CONTENT = (_TC, _P, _T, *_MARKS)
_COMPLEX = etree.XPath("boolean(.//w:tc//w:tbl|.//w:sdt|.//w:customXml)", namespaces=_NS)
_TYPE = W + "type"
_TCPR, _GRID_SPAN, _VMERGE = W + "tcPr", W + "gridSpan", W + "vMerge"
MAX_CELLS = MAX_TABLE_CELLS


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
        for node in _nodes(_RUN_CONTENT, p):
            if isinstance(node, str):
                parts.append(node)
                continue
            mark = self.run_mark(node)
            if mark:
                parts.append(mark)
        return "".join(parts)

    def run_mark(self, node: etree._Element) -> str:
        """The text a run-level mark stands for (tab, line break, no-break hyphen); a page
        break counts a page and stands for nothing."""
        tag = node.tag
        if tag == _TAB:
            return "\t"
        if (tag == _BR and node.get(_TYPE) == "page") or tag == _PAGE_BREAK:
            self.page += 1
            return ""
        if tag in (_BR, _CR):
            return "\n"
        if tag == _HYPHEN:
            return "-"
        return ""

    def cell_text(self, tc: etree._Element) -> str:
        """A cell's paragraphs, one per line (a nested table's paragraphs too)."""
        lines: list[list[str]] = []
        for node in _nodes(_CELL_CONTENT, tc):
            if isinstance(node, str):
                if lines:
                    lines[-1].append(node)
                continue
            tag = node.tag
            if tag == _P:
                lines.append([])
            elif lines and (mark := self.run_mark(node)):
                lines[-1].append(mark)
        texts = ["".join(parts) for parts in lines]
        while texts and not texts[-1].strip():
            texts.pop()
        return "\n".join(texts)

    def table_texts(self, tbl: etree._Element) -> list[str] | None:
        """Every cell's text, in document order, from one pass over the table (None
        when the table nests tables or content controls: then cell by cell)."""
        if _COMPLEX(tbl):
            return None
        texts: list[str] = []
        lines: list[list[str]] = []

        def close() -> None:
            done = ["".join(parts) for parts in lines]
            while done and not done[-1].strip():
                done.pop()
            texts.append("\n".join(done))

        started = False
        for node in _nodes(_TABLE_CONTENT, tbl):
            if isinstance(node, str):
                if lines:
                    lines[-1].append(node)
                continue
            tag = node.tag
            if tag == _TC:
                if started:
                    close()
                started, lines = True, []
            elif tag == _P:
                lines.append([])
            elif lines and (mark := self.run_mark(node)):
                lines[-1].append(mark)
        if started:
            close()
        return texts

    def table(self, tbl: etree._Element) -> None:
        # The cell limit is checked before any work on the table's content.
        if self.cells + sum(1 for _ in tbl.iter(_TC)) > MAX_CELLS:
            raise UnsafeInput(f"表格单元格过多（超过 {MAX_CELLS} 个）")
        self.tables += 1
        index = self.tables
        page = self._page
        rows: list[list[Cell]] = []
        precomputed = self.table_texts(tbl)
        next_text = iter(precomputed).__next__ if precomputed is not None else None
        cell_line = self.rendition.cell
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
                text = next_text() if next_text is not None else None
                span, vmerge = 1, None
                tcpr = tc[0] if len(tc) and tc[0].tag == _TCPR else tc.find(_TCPR)
                if tcpr is not None:
                    for prop in tcpr:
                        if prop.tag == _GRID_SPAN:
                            span = max(1, min(_int(prop, 1), 1000))
                        elif prop.tag == _VMERGE:
                            vmerge = prop
                if vmerge is not None and vmerge.get(_VAL) != "restart" and col in origin_at:
                    # Covered by the merged cell above: no text of its own, so it is
                    # located where that cell is and takes no line of the rendition.
                    origin = origin_at[col]
                    origin.rowspan += 1
                    row.append(Cell(Piece("", origin.piece.marks), r, col, colspan=span, covered=True))
                else:
                    if text is None:
                        text = self.cell_text(tc)
                    line, column = cell_line(text)
                    loc = Location(self.source, line, column, page=page, table=index, row=r + 1, col=col + 1)
                    cell = Cell(Piece(text, [(0, loc)]), r, col, colspan=span)
                    row.append(cell)
                    for c in range(col, col + span):
                        origin_at.pop(c, None)
                    if vmerge is not None:
                        origin_at[col] = cell
                col += span
            rows.append(row)
            self.rendition.blank()
        self.out.append(Table(index, rows))


def _nodes(tags: tuple[str, ...], el: etree._Element) -> Iterator[Any]:
    """The descendants of ``el`` with these tags in document order, a ``w:t`` as its text."""
    for node in el.iter(*tags):
        if node is el:
            continue
        if node.tag == _T:
            if node.text:
                yield node.text
        else:
            yield node


def _int(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(_VAL) or default)
    except ValueError:
        return default
