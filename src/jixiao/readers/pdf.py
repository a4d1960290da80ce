"""PDF reports (pdfplumber): text and tables with their page numbers.

Per page, pdfplumber finds the ruled tables once; their cells are read as a grid
(a merged cell is read once; the positions it covers are marked covered), and the
text outside them is read as lines, joined into paragraphs by their geometry
(indent, gap, a short line ending a paragraph). A table that runs on to the next
page is one table: its rows keep their own page, and a header row repeated at the
top of the new page is skipped. Page-number lines (``— 9 —``) are dropped. Lines
broken by the page width are joined without a space between Chinese characters.
"""

from __future__ import annotations

import io
import itertools
import re
import zlib
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from jixiao.model.location import Location
from jixiao.readers.document import (
    Cell,
    Document,
    Paragraph,
    Piece,
    Rendition,
    Table,
    cell_piece,
)
from jixiao.readers.finish import load_document
from jixiao.readers.load import LoadResult
from jixiao.readers.safety import MAX_PAGE_CHARS, MAX_PDF_PAGES, MAX_PDF_STREAM, MAX_TOTAL, UnsafeInput

MAX_PAGES = MAX_PDF_PAGES
MAX_CHARS_PER_PAGE = MAX_PAGE_CHARS
_PAGE_NUMBER = re.compile(r"^[\s\-—–－·第页共/]*\d{1,4}[\s\-—–－·第页共/\d]*$")
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
_END = tuple("。！？；：.!?;:")


def load(data: bytes, source: str) -> LoadResult:
    return load_document(document, "pdf", data, source)


class _Unreadable(UnsafeInput):
    pass


def document(data: bytes, source: str) -> Document:
    return read_pdf(data, source)


def join_lines(lines: list[str]) -> str:
    """Visual lines into one text: no space between Chinese characters, one space
    between Latin words."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and not (_CJK.match(out[-1]) or _CJK.match(line[0])):
            out += " "
        out += line
    return out


@dataclass(slots=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(slots=True)
class _PageTable:
    top: float
    rows: list[list[str | None]]


_STREAM = re.compile(rb"stream\r?\n")


def check_streams(data: bytes) -> None:
    """Refuse a PDF whose compressed streams inflate beyond the limits, before pdfminer
    parses anything (it calls ``zlib.decompress`` with no bound: 134 KB became 9.6 GB;
    :class:`_BoundedZlib` bounds it too, for what this cannot see: encrypted streams).
    Every ``stream`` keyword is tried as the start of Flate data; the output is counted
    in 1 MB pieces and thrown away. Streams that are not Flate fail at once."""
    total = 0
    for m in _STREAM.finditer(data):
        inflater = zlib.decompressobj()
        stream_size = 0
        position = m.end()
        try:
            while not inflater.eof and position < len(data):
                pending = data[position:position + 65536]
                position += 65536
                while pending:
                    stream_size += len(inflater.decompress(pending, 1 << 20))
                    if stream_size > MAX_PDF_STREAM:
                        raise _Unreadable(f"压缩数据流解压后超过 {MAX_PDF_STREAM // 1048576} MB（疑似压缩炸弹）")
                    pending = inflater.unconsumed_tail
                if inflater.eof:
                    break
        except zlib.error:
            pass  # not Flate, or damaged: pdfminer deals with it (bounded by what is there)
        total += stream_size
        if total > MAX_TOTAL:
            raise _Unreadable(f"压缩数据流解压后合计超过 {MAX_TOTAL // 1048576} MB（疑似压缩炸弹）")


class _Inflated:
    """Output counted across the streams of one document (see :class:`_BoundedZlib`)."""

    total = 0


_INFLATED: ContextVar[_Inflated | None] = ContextVar("jixiao_pdf_inflated", default=None)


def _counted(stream_size: int, added: int) -> None:
    if stream_size > MAX_PDF_STREAM:
        raise _Unreadable(f"压缩数据流解压后超过 {MAX_PDF_STREAM // 1048576} MB（疑似压缩炸弹）")
    inflated = _INFLATED.get()
    if inflated is not None:
        inflated.total += added
        if inflated.total > MAX_TOTAL:
            raise _Unreadable(f"压缩数据流解压后合计超过 {MAX_TOTAL // 1048576} MB（疑似压缩炸弹）")


class _BoundedInflater:
    """``zlib.decompressobj()`` whose output is counted (pdfminer feeds a damaged stream
    to one a byte at a time)."""

    def __init__(self, *args: Any) -> None:
        self._inflater = zlib.decompressobj(*args)
        self._size = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out = self._inflater.decompress(data, MAX_PDF_STREAM + 1 - self._size)
        self._size += len(out)
        _counted(self._size, len(out))
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inflater, name)


class _BoundedZlib:
    """What pdfminer sees as ``zlib``: inflating stops at :data:`MAX_PDF_STREAM` bytes
    for one stream and :data:`MAX_TOTAL` for the document. pdfminer calls
    ``zlib.decompress`` with no bound, after decrypting: the pre-check on the file's bytes
    (:func:`check_streams`) cannot see into an encrypted PDF's streams, this can."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes, *args: Any) -> bytes:
        inflater = zlib.decompressobj(*args[:1])  # wbits, if given
        out = inflater.decompress(data, MAX_PDF_STREAM + 1)
        _counted(len(out), len(out))
        if not inflater.eof:  # truncated or damaged, as zlib.decompress says
            raise zlib.error("incomplete or truncated stream")
        return out

    decompressobj = _BoundedInflater

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


def _bound_pdfminer() -> None:
    """Route pdfminer's inflating through :class:`_BoundedZlib` (once per process)."""
    from pdfminer import pdftypes

    if not isinstance(getattr(pdftypes, "zlib", None), _BoundedZlib):
        setattr(pdftypes, "zlib", _BoundedZlib())  # noqa: B010 - not an attribute mypy knows


def _count_pages(pdf: Any) -> None:
    """Refuse more than :data:`MAX_PAGES` pages before pdfplumber makes an object for each:
    the page tree's declared ``/Count`` first, then the tree itself, walked lazily and
    left at the first page over (a tree may declare fewer pages than it holds)."""
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1

    declared = 0
    try:
        pages = resolve1(pdf.doc.catalog.get("Pages"))
        declared = int(resolve1(pages.get("Count", 0))) if isinstance(pages, dict) else 0
    except (TypeError, ValueError, AttributeError):
        declared = 0
    if declared > MAX_PAGES:
        raise _Unreadable(f"页数过多（声明 {declared} 页，上限 {MAX_PAGES}）")
    held = sum(1 for _ in itertools.islice(PDFPage.create_pages(pdf.doc), MAX_PAGES + 1))
    if held > MAX_PAGES:
        raise _Unreadable(f"页数过多（超过 {MAX_PAGES} 页）")


def _count_chars(pdf: Any, page: Any, number: int) -> None:
    """Refuse a page that draws more than :data:`MAX_CHARS_PER_PAGE` characters, before
    pdfplumber lays it out (an object per character: 300,000 on one page took 30 s and
    600 MB). A page whose content streams are shorter than the limit cannot draw more
    characters than it has bytes; otherwise pdfminer interprets it once with a device
    that only counts the bytes of the strings it shows (at least the characters)."""
    from pdfminer.pdfdevice import PDFDevice
    from pdfminer.pdfinterp import PDFPageInterpreter

    contents = getattr(page.page_obj, "contents", [])
    size = sum(len(stream.get_data()) for stream in contents if hasattr(stream, "get_data"))
    if size <= MAX_CHARS_PER_PAGE:
        return

    class Counter(PDFDevice):
        drawn = 0

        def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
            Counter.drawn += sum(len(item) for item in seq if isinstance(item, bytes))
            if Counter.drawn > MAX_CHARS_PER_PAGE:
                raise _Unreadable(f"第{number}页文字过多（超过 {MAX_CHARS_PER_PAGE} 个字符）")

    PDFPageInterpreter(pdf.rsrcmgr, Counter(pdf.rsrcmgr)).process_page(page.page_obj)


def read_pdf(data: bytes, source: str) -> Document:
    check_streams(data)
    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
    except ModuleNotFoundError as exc:  # pragma: no cover - pdfplumber is a dependency
        raise _Unreadable(f"缺少组件 {exc.name}") from exc
    _bound_pdfminer()
    token = _INFLATED.set(_Inflated())
    try:
        return _read(pdfplumber, PDFSyntaxError, data, source)
    finally:
        _INFLATED.reset(token)


def _read(pdfplumber: Any, syntax_error: type[Exception], data: bytes, source: str) -> Document:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except _Unreadable:
        raise
    except syntax_error as exc:
        raise _Unreadable(f"文件已损坏（{exc}）") from exc
    except Exception as exc:
        raise _Unreadable(_reason(exc)) from exc
    # Not in `with pdf`: pdfplumber's close() lists every page (to close each), the very
    # work refused here; the file is in memory, so there is nothing to close.
    _count_pages(pdf)
    builder = _Builder(source)
    try:
        with pdf:
            for number, page in enumerate(pdf.pages, start=1):
                try:
                    _count_chars(pdf, page, number)
                    tables, lines = _read_page(page)
                except _Unreadable:
                    raise
                except Exception as exc:
                    builder.broken_pages.append(f"第{number}页（{_reason(exc)}）")
                    continue
                builder.page(number, tables, lines)
    except _Unreadable:
        raise
    except Exception as exc:
        raise _Unreadable(_reason(exc)) from exc
    builder.close()
    doc = Document(source, "pdf", builder.out, text=builder.rendition.text(), wrapped=True)
    if builder.broken_pages and not builder.out:
        raise _Unreadable("各页均无法读取：" + "；".join(builder.broken_pages[:3]))
    return doc


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text[:120]


def _read_page(page: Any) -> tuple[list[_PageTable], list[_Line]]:
    found = page.find_tables(_table_settings(page))
    tables = [_PageTable(t.bbox[1], t.extract()) for t in found]
    boxes = [t.bbox for t in found]

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    text_page = page.filter(outside) if boxes else page
    lines = [_Line(ln["text"], ln["x0"], ln["x1"], ln["top"], ln["bottom"])
             for ln in text_page.extract_text_lines(return_chars=False)]
    return tables, lines


def _table_settings(page: Any) -> dict[str, Any]:
    """A table cut by the page has no ruling where the page cuts it: close it with
    a horizontal line where its vertical rulings start and end."""
    edges = page.edges
    vertical = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 4]
    if not vertical:
        return {}
    horizontal_y = [e["top"] for e in edges if e["orientation"] == "h"]
    ends: set[float] = set()
    for y in {round(e["top"], 1) for e in vertical} | {round(e["bottom"], 1) for e in vertical}:
        if not any(abs(y - h) <= 2 for h in horizontal_y):
            ends.add(y)
    if not ends or len(ends) > 20:
        return {}
    x0 = min(e["x0"] for e in vertical)
    x1 = max(e["x1"] for e in vertical)
    lines = [{"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0,
              "orientation": "h", "object_type": "line"} for y in sorted(ends)]
    return {"explicit_horizontal_lines": lines}


class _Builder:
    def __init__(self, source: str) -> None:
        self.source = source
        self.out: list[Paragraph | Table] = []
        self.rendition = Rendition()
        self.tables = 0
        self.broken_pages: list[str] = []
        self.open_paragraph: tuple[list[str], list[tuple[int, Location]], int] | None = None
        self.last_table: Table | None = None
        self.last_was_table = False

    def page(self, number: int, tables: list[_PageTable], lines: list[_Line]) -> None:
        body = [ln for ln in lines if not _PAGE_NUMBER.match(ln.text.strip())]
        items: list[tuple[float, str, Any]] = [(t.top, "table", t) for t in tables]
        for para in _paragraphs(body):
            items.append((para.top, "para", para))
        items.sort(key=lambda item: item[0])
        for index, (_top, what, item) in enumerate(items):
            if what == "table":
                self.close_paragraph()
                self.table(number, item, continues=index == 0 and self.last_was_table)
            else:
                self.paragraph(number, item, continues=index == 0)

    def paragraph(self, page: int, para: _Para, continues: bool) -> None:
        lines = para.lines
        text = join_lines([ln.text for ln in lines])
        if not text:
            return
        first = lines[0]
        if continues and self.open_paragraph is not None and not self.last_was_table:
            parts, marks, line_no = self.open_paragraph
            prev = "".join(parts)
            # A paragraph running on from the previous page: its first line here is
            # not indented (or, where pages do not indent, the last one did not end
            # a sentence).
            runs_on = not para.indented and not _starts_new(first.text) \
                and (para.uses_indent or not prev.endswith(_END))
            if prev and runs_on:
                joined = prev + ("" if _CJK.match(prev[-1]) or _CJK.match(text[0]) else " ")
                marks.append((len(joined), Location(self.source, page=page, line=line_no,
                                                     column=len(joined) + 1)))
                self.open_paragraph = ([joined + text], marks, line_no)
                return
        self.close_paragraph()
        line_no = self.rendition.next_line
        self.rendition.lines.append("")  # reserved; written when the paragraph closes
        self.open_paragraph = ([text], [(0, Location(self.source, page=page, line=line_no, column=1))], line_no)
        self.last_was_table = False

    def close_paragraph(self) -> None:
        if self.open_paragraph is None:
            return
        parts, marks, line_no = self.open_paragraph
        text = "".join(parts)
        self.rendition.lines[line_no - 1] = text
        self.out.append(Paragraph(Piece(text, marks)))
        self.open_paragraph = None

    def close(self) -> None:
        self.close_paragraph()

    def table(self, page: int, table: _PageTable, continues: bool) -> None:
        rows = [r for r in table.rows if any(c is not None and c.strip() for c in r)]
        if not rows:
            return
        width = max(len(r) for r in rows)
        previous = self.last_table
        if continues and previous is not None and previous.rows \
                and max(len(r) for r in previous.rows) == width:
            # The same table running on: skip a repeated header row.
            first_prev = [c.text for c in previous.rows[0]]
            if [_cell(c) for c in rows[0]][: len(first_prev)] == first_prev:
                rows = rows[1:]
            target = previous
            if rows and _continues_row(target.rows[-1], rows[0]):
                # A row the page break cut in two: its cells go on at the top of this page.
                last = target.rows[-1]
                for c, value in enumerate(rows[0]):
                    text = _cell(value)
                    if text:
                        old = last[c]
                        joined = join_lines([old.text, text]) if old.text else text
                        loc = old.piece.location if old.text else Location(
                            self.source, page=page, table=target.index, row=len(target.rows), col=c + 1)
                        last[c] = Cell(cell_piece(joined, loc, None), old.row, c)
                rows = rows[1:]
        else:
            self.tables += 1
            target = Table(self.tables, [])
            self.out.append(target)
        for raw in rows:
            r = len(target.rows)
            row: list[Cell] = []
            for c, value in enumerate(raw):
                loc = Location(self.source, page=page, table=target.index, row=r + 1, col=c + 1)
                if value is None:
                    row.append(Cell(cell_piece("", loc, self.rendition), r, c, covered=True))
                else:
                    row.append(Cell(cell_piece(_cell(value), loc, self.rendition), r, c))
            target.rows.append(row)
            self.rendition.blank()
        self.last_table = target
        self.last_was_table = True


def _continues_row(last: list[Cell], first: list[str | None]) -> bool:
    """Whether a page's first row is the rest of the previous page's last row: it
    fills fewer cells, and only empty cells or text cells of that row (a new row
    would bring its own points and scores)."""
    if len(last) != len(first):
        return False
    filled_now = [c for c, v in enumerate(first) if _cell(v)]
    filled_before = [c for c, cell in enumerate(last) if cell.text]
    if not filled_now or not filled_before or len(filled_now) >= len(filled_before):
        return False
    for c in filled_now:
        if last[c].text and (_NUMBER.match(last[c].text) or _NUMBER.match(_cell(first[c]))):
            return False
    return True


_NUMBER = re.compile(r"^[\d.,%％\s]+$")


def _cell(value: str | None) -> str:
    if value is None:
        return ""
    return join_lines(value.split("\n"))


def _starts_new(text: str) -> bool:
    return bool(re.match(r"^\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|"
                         r"\d{1,2}[.、．](?!\d)|附件)", text))


@dataclass(slots=True)
class _Para:
    lines: list[_Line]
    indented: bool  # its first line is indented (or centred)
    uses_indent: bool  # the page marks paragraphs by indenting their first line

    @property
    def top(self) -> float:
        return self.lines[0].top


def _paragraphs(lines: list[_Line]) -> list[_Para]:
    """Lines into paragraphs. A paragraph starts after a wide gap, at an indented
    line, at a heading; on a page that does not indent, after a short line that
    ends a sentence."""
    if not lines:
        return []
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    heights = sorted(ln.bottom - ln.top for ln in lines)
    height = heights[len(heights) // 2] or 10.0

    def indented(ln: _Line) -> bool:
        return ln.x0 > left + height * 1.2

    uses_indent = sum(1 for ln in lines if indented(ln)) >= 2
    out: list[_Para] = []
    prev: _Line | None = None
    for ln in lines:
        new = prev is None
        if prev is not None:
            gap = ln.top - prev.bottom
            short_end = prev.x1 < right - height * 1.5 and prev.text.rstrip().endswith(_END)
            if gap > height * 0.9 or indented(ln) or _starts_new(ln.text) or (not uses_indent and short_end):
                new = True
        if new:
            out.append(_Para([ln], indented(ln), uses_indent))
        else:
            out[-1].lines.append(ln)
        prev = ln
    return out
