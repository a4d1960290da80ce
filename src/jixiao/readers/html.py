"""Portal pages (HTML): paragraphs and tables, in the encoding the page declares.

The charset comes from a byte-order mark, ``<meta charset>``, ``<meta http-equiv
content="…; charset=…">`` or the XML declaration; GBK and GB2312 are read as GB18030
(their superset). When the declared charset does not decode the page, UTF-8 and then
GB18030 are tried. Tables holding other tables are layout and are read as blocks;
data tables become grids with ``rowspan``/``colspan`` expanded: a merged cell is read
once, at its first row and column, and the positions below it are marked covered.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from jixiao.model.location import Location
from jixiao.readers.codes import ENCODING
from jixiao.readers.document import Cell, Document, Paragraph, Rendition, Table, cell_piece, paragraph_piece
from jixiao.readers.finish import load_document
from jixiao.readers.load import LoadResult
from jixiao.readers.safety import MAX_TABLE_CELLS, UnsafeInput

_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]{2,40})""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}encoding\s*=\s*["']([A-Za-z0-9_\-.]{2,40})["']""")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_ALIASES = {"gbk": "gb18030", "gb2312": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030",
            "cp936": "gb18030", "euc-cn": "gb18030", "hz-gb-2312": "hz", "utf8": "utf-8",
            "unicode": "utf-8", "x-cp1252": "cp1252"}
_BLOCK = frozenset({"p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "li", "ul",
                    "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
                    "center", "form", "fieldset", "address", "figure", "figcaption", "body", "html", "hr",
                    "caption", "table", "tr", "td", "th", "tbody", "thead", "tfoot"})
_DROP = ("script", "style", "noscript", "template", "head", "iframe", "object", "embed", "svg", "select",
         "button", "textarea", "title")
_WS = re.compile(r"[ \t\r\n\f\v]+")
MAX_SPAN = 200
MAX_CELLS = MAX_TABLE_CELLS


def declared_charset(data: bytes) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:4096]
    m = _XML_ENCODING.match(head) or _CHARSET.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").strip().lower()
    return _ALIASES.get(name, name)


def decode_html(data: bytes) -> tuple[str, str, str | None]:
    """(text, encoding used, declared charset); never raises."""
    declared = declared_charset(data)
    tried: list[str] = []
    for enc in (declared, "utf-8", "gb18030"):
        if not enc or enc in tried:
            continue
        tried.append(enc)
        try:
            return data.decode(enc), enc, declared
        except (UnicodeDecodeError, LookupError):
            continue
    enc = declared if declared and _known(declared) else "utf-8"
    return data.decode(enc, errors="replace"), enc + "!", declared


def _known(enc: str) -> bool:
    import codecs

    try:
        codecs.lookup(enc)
    except LookupError:
        return False
    return True


def document(data: bytes, source: str) -> Document:
    text, used, declared = decode_html(data)
    try:
        doc = read_html(text, source)
    except (etree.ParserError, ValueError) as exc:
        raise UnsafeInput(f"无法解析网页：{exc}") from exc
    if used.endswith("!"):
        doc.findings.append(ENCODING.finding([Location(source)], stated=declared or "未声明", expected=None,
                                             declared=declared or "（未声明）", used=used[:-1]))
    return doc


def load(data: bytes, source: str) -> LoadResult:
    return load_document(document, "html", data, source)


def read_html(text: str, source: str) -> Document:
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        raise ValueError("网页为空")
    root = lxml.html.document_fromstring(text)
    for el in list(root.iter(*_DROP, etree.Comment, etree.ProcessingInstruction)):
        parent = el.getparent()
        if parent is not None:
            tail = el.tail
            parent.remove(el)
            if tail:  # keep the text that followed the removed element
                _append_text(parent, tail)
    reader = _Reader(source)
    body = root.find("body")
    reader.walk(body if body is not None else root)
    reader.flush()
    return Document(source, "html", reader.out, text=reader.rendition.text())


def _append_text(parent: etree._Element, text: str) -> None:
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _tag(el: etree._Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.out: list[Paragraph | Table] = []
        self.rendition = Rendition()
        self.line: list[str] = []
        self.tables = 0
        self.cells = 0

    def flush(self) -> None:
        text = _WS.sub(" ", "".join(self.line)).replace("\xa0", " ").strip()
        self.line = []
        if text:
            loc = Location(self.source)
            self.out.append(Paragraph(paragraph_piece(text, loc, self.rendition)))

    def walk(self, el: etree._Element) -> None:
        tag = _tag(el)
        if tag == "table" and not _is_layout(el):
            self.flush()
            self.table(el)
            if el.tail:
                self.line.append(el.tail)
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        if tag == "br":
            self.flush()
        elif el.text:
            self.line.append(el.text)
        for child in el:
            self.walk(child)
        if block:
            self.flush()
        if el.tail:
            self.line.append(el.tail)

    def table(self, tbl: etree._Element) -> None:
        self.tables += 1
        index = self.tables
        trs = [tr for tr in _rows(tbl)]
        grid: dict[tuple[int, int], bool] = {}
        rows: list[list[Cell]] = []
        pending: dict[int, list[tuple[int, int]]] = {}  # row → covered (col, origin row) positions
        for r, tr in enumerate(trs):
            row: list[Cell] = []
            col = 0
            for c_pos, origin_r in pending.pop(r, []):
                loc = Location(self.source, table=index, row=r + 1, col=c_pos + 1)
                row.append(Cell(cell_piece("", loc, self.rendition), r, c_pos, covered=True))
                del origin_r
            for td in tr:
                if _tag(td) not in ("td", "th"):
                    continue
                # A merged cell takes rowspan × colspan grid positions (each filled and,
                # below its first row, read as a covered cell): the limit counts those,
                # before they are laid out, not the <td> tags (380 KB of large spans
                # asked for 9.6 GB). A rowspan ends with the table, as in browsers.
                rowspan = min(_span(td.get("rowspan")), len(trs) - r)
                colspan = _span(td.get("colspan"))
                self.cells += rowspan * colspan
                if self.cells > MAX_CELLS:
                    raise UnsafeInput(f"表格单元格过多（按合并后的网格位置计，超过 {MAX_CELLS} 个）")
                while grid.get((r, col)):
                    col += 1
                for dr in range(rowspan):
                    for dc in range(colspan):
                        grid[(r + dr, col + dc)] = True
                    if dr:
                        pending.setdefault(r + dr, []).append((col, r))
                loc = Location(self.source, table=index, row=r + 1, col=col + 1)
                text = _cell_text(td)
                row.append(Cell(cell_piece(text, loc, self.rendition), r, col, rowspan, colspan))
                col += colspan
            row.sort(key=lambda cell: cell.col)
            rows.append(row)
            self.rendition.blank()
        self.out.append(Table(index, rows))


def _rows(tbl: etree._Element) -> list[etree._Element]:
    out: list[etree._Element] = []
    for child in tbl:
        tag = _tag(child)
        if tag == "tr":
            out.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            out.extend(c for c in child if _tag(c) == "tr")
    return out


def _is_layout(tbl: etree._Element) -> bool:
    """A table that holds other tables lays out the page; its cells are blocks."""
    return next(tbl.iterdescendants("table"), None) is not None


def _span(value: str | None) -> int:
    try:
        return max(1, min(int((value or "1").strip()), MAX_SPAN))
    except ValueError:
        return 1


def _cell_text(td: etree._Element) -> str:
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        tag = _tag(el)
        if tag == "br" or (tag in _BLOCK and parts):
            parts.append("\n")
        if tag != "br" and el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
        if tag in _BLOCK and tag not in ("td", "th"):
            parts.append("\n")
        if el.tail and el is not td:
            parts.append(el.tail)

    walk(td)
    lines = [_WS.sub(" ", ln).replace("\xa0", " ").strip() for ln in "".join(parts).split("\n")]
    return "\n".join(ln for ln in lines if ln)
