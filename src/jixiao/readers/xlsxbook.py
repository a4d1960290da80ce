"""Low-level access to an XLSX workbook: values, number formats, formulas, errors
and merged cells, cheaply and safely.

One pass of lxml's iterparse over each sheet's XML reads, per cell, its value, its
style, whether it holds a formula and its error value (see "cells, read as XML"
below); ``xl/styles.xml`` maps styles to number formats. The format is what keeps a figure's
decimals: Excel stores 83.2 and 83.20 as the same double, and a cell formatted
``0.00`` shows — and so states — two decimals.

A workbook is untrusted input: the ZIP's sizes are checked before anything is
inflated, XML entities are never resolved, and an oversized sheet is skipped with a
finding rather than read.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from lxml import etree

from jixiao.findings import Finding
from jixiao.located import SYNTAX, TOO_LARGE
from jixiao.model.location import Location
from jixiao.model.numbers import MAX_DIGITS, MAX_INTEGER_DIGITS
from jixiao.readers.safety import UnsafeInput, read_part
from jixiao.workbook.cells import a1, parse_a1

MAX_UNCOMPRESSED = 400 * 1024 * 1024  # all parts together
MAX_SHEET_BYTES = 16 * 1024 * 1024  # one sheet's XML (a filled template is ~100 KB)
MAX_ROWS = 20_000
MAX_COLS = 200

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                          remove_comments=True, remove_pis=True)
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
    12: "# ?/?", 13: "# ??/??", 37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)", 48: "##0.0E+0", 49: "@",
}
# What a damaged archive or part raises while being inflated or parsed.
_DAMAGE = (etree.XMLSyntaxError, KeyError, ValueError, zipfile.BadZipFile, zlib.error, EOFError, OSError,
           NotImplementedError, RuntimeError, IndexError)
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


@dataclass(frozen=True, slots=True)
class NumFormat:
    """What a number format says about the figures it shows."""

    decimals: int | None  # the places always shown; None for General
    percent: bool = False
    date: bool = False
    text: bool = False


GENERAL = NumFormat(None)


def parse_format(code: str) -> NumFormat:
    """``0.00%`` → 2 decimals, percent; ``#,##0.0#`` → 1; ``General`` → None."""
    if not code or code.lower() == "general":
        return GENERAL
    section = code.split(";", 1)[0]
    bare = _QUOTED.sub("", section)
    if bare.strip() == "@":
        return NumFormat(None, text=True)
    lowered = bare.lower()
    if any(ch in lowered for ch in "ymdhs") and "e+" not in lowered and "e-" not in lowered:
        return NumFormat(None, date=True)
    percent = "%" in bare
    decimals = 0
    if "." in bare:
        after = bare.split(".", 1)[1]
        for ch in after:
            if ch == "0":
                decimals += 1
            elif ch in "#?":
                continue
            else:
                break
    if "0" not in bare and "#" not in bare and "?" not in bare:
        return GENERAL
    return NumFormat(decimals, percent)


@dataclass(slots=True)
class CellInfo:
    style: int = 0
    formula: str | None = None  # the formula text ("" for a shared-formula child)
    error: str | None = None  # "#DIV/0!", "#REF!" … when the cell shows an error


@dataclass(slots=True)
class Sheet:
    """One worksheet's values and what the reader needs to know about its cells."""

    name: str
    rows: list[list[Any]]
    info: dict[str, CellInfo]  # by A1 reference; only cells that hold something
    merges: list[tuple[int, int, int, int]]  # (r0, c0, r1, c1), inclusive
    formats: list[NumFormat]
    source: str

    @property
    def nrows(self) -> int:
        return len(self.rows)

    def raw(self, r: int, c: int) -> Any:
        if 0 <= r < len(self.rows):
            row = self.rows[r]
            if 0 <= c < len(row):
                return row[c]
        return ""

    def location(self, r: int, c: int, ref: str | None = None) -> Location:
        return Location(self.source, sheet=self.name, cell=ref or a1(r, c))

    def format_of(self, r: int, c: int) -> NumFormat:
        info = self.info.get(a1(r, c))
        if info is None or not 0 <= info.style < len(self.formats):
            return GENERAL
        return self.formats[info.style]

    def is_formula(self, r: int, c: int) -> bool:
        info = self.info.get(a1(r, c))
        return info is not None and info.formula is not None

    def error(self, r: int, c: int) -> str | None:
        info = self.info.get(a1(r, c))
        return info.error if info is not None else None

    def covering_merge(self, r: int, c: int) -> tuple[int, int, int, int] | None:
        """The merged range that hides this cell (covers it, but does not start at it)."""
        for m in self.merges:
            r0, c0, r1, c1 = m
            if r0 <= r <= r1 and c0 <= c <= c1 and (r, c) != (r0, c0):
                return m
        return None

    def text(self, r: int, c: int, info: CellInfo | None = None) -> str:
        """The cell as text, for labels: numbers without float noise, no surrounding space."""
        value = self.raw(r, c)
        if value is None or value == "":
            return ""
        if isinstance(value, str):
            return value.strip()
        if info is None:
            info = self.info.get(a1(r, c))
        fmt = self.formats[info.style] if info is not None and 0 <= info.style < len(self.formats) else GENERAL
        return cell_text(value, fmt, info is not None and info.formula is not None)

    def row_texts(self, r: int) -> list[str]:
        if not 0 <= r < len(self.rows):
            return []
        return [self.text(r, c) for c in range(len(self.rows[r]))]


def cell_text(value: Any, fmt: NumFormat, computed: bool) -> str:
    """A cell value as the text a person reads in it."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        return number_text(float(value), fmt, computed)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return f"{value.year}年{value.month}月{value.day}日"
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, (dt.time, dt.timedelta)):
        return str(value)
    return str(value).strip()


def number_text(x: float, fmt: NumFormat, computed: bool) -> str:
    """A float from Excel as written text, keeping every cent.

    Excel keeps 15 significant digits, so the float is first read at 15 digits
    (``850.1900000000001`` → ``850.19``). A typed value keeps all its digits and at
    least the places its format shows (``1`` in a ``0.00`` cell reads ``1.00``); a
    formula's result is rounded the way its format shows it (98.948…% → ``98.95%``).
    """
    if x != x or x in (float("inf"), float("-inf")):
        return ""
    try:
        d = Decimal(format(x, ".15g"))
    except InvalidOperation:  # pragma: no cover - format() always gives a valid literal
        return ""
    if fmt.percent:
        d = d.scaleb(2)
    shown = fmt.decimals
    text = _plain(d)
    written = len(text.split(".", 1)[1]) if "." in text else 0
    if shown is not None and (computed or shown > written):
        places = shown if computed else max(shown, written)
        q = Decimal(1).scaleb(-places)
        text = format(d.quantize(q, rounding=ROUND_HALF_UP), "f")
    if text.startswith("-") and not text.strip("-0."):
        text = text[1:]
    return text + ("%" if fmt.percent else "")


def _plain(d: Decimal) -> str:
    if d == 0:
        return "0"
    text = format(d.normalize(), "f")
    return text


@dataclass(slots=True)
class Book:
    """An opened workbook: sheet names and lazily read sheets."""

    source: str
    archive: zipfile.ZipFile
    names: list[str]  # visible sheets, in workbook order
    hidden: set[str]
    parts: dict[str, str]  # sheet name → its XML part in the ZIP
    formats: list[NumFormat]
    shared: list[str] = field(default_factory=list)
    date1904: bool = False
    findings: list[Finding] = field(default_factory=list)
    _cache: dict[str, Sheet | None] = field(default_factory=dict)

    @property
    def all_names(self) -> list[str]:
        return [*self.names, *sorted(self.hidden)]

    def sheet(self, name: str) -> Sheet | None:
        if name in self._cache:
            return self._cache[name]
        sheet = self._read(name)
        self._cache[name] = sheet
        return sheet

    def _read(self, name: str) -> Sheet | None:
        part = self.parts.get(name)
        where = Location(self.source, sheet=name, cell="A1")
        if part is None:
            self.findings.append(SYNTAX.finding([where], problem=f"工作表“{name}”在工作簿中找不到其内容"))
            return None
        try:
            size = self.archive.getinfo(part).file_size
        except KeyError:
            self.findings.append(SYNTAX.finding([where], problem=f"工作表“{name}”在工作簿中找不到其内容"))
            return None
        if size > MAX_SHEET_BYTES:
            self.findings.append(TOO_LARGE.finding(
                [where], limit=f"工作表“{name}”展开后 {size // 1024 // 1024} MB，"
                               f"超过 {MAX_SHEET_BYTES // 1024 // 1024} MB，该表未读取"))
            return None
        try:
            data = read_sheet_xml(read_part(self.archive, part, MAX_SHEET_BYTES), self.shared, self.formats,
                                  self.date1904)
        except UnsafeInput as exc:
            self.findings.append(SYNTAX.finding([where], problem=f"工作表“{name}”无法读取：{exc}"))
            return None
        except _DAMAGE as exc:
            self.findings.append(SYNTAX.finding([where], problem=f"工作表“{name}”的结构无法解析：{exc}"))
            return None
        if data.beyond_rows:
            self.findings.append(TOO_LARGE.finding(
                [Location(self.source, sheet=name, cell=a1(MAX_ROWS, 0))],
                limit=f"工作表“{name}”超过 {MAX_ROWS} 行，其后的行未读取"))
        if data.beyond_columns:
            self.findings.append(TOO_LARGE.finding(
                [Location(self.source, sheet=name, cell=a1(0, MAX_COLS))],
                limit=f"工作表“{name}”超过 {MAX_COLS} 列，其后的列未读取"))
        if data.out_of_range:
            from jixiao.readers.codes import NUMBER_RANGE

            for ref, text in data.out_of_range:
                self.findings.append(NUMBER_RANGE.finding(
                    [Location(self.source, sheet=name, cell=ref)], field=f"{name}!{ref}", text=text,
                    integer=MAX_INTEGER_DIGITS, total=MAX_DIGITS))
        return Sheet(name, data.rows, data.info, data.merges, self.formats, self.source)

    def close(self) -> None:
        self.archive.close()


def open_book(data: bytes, source: str) -> tuple[Book | None, list[Finding]]:
    """Open XLSX bytes; ``None`` with a finding when they are not a readable workbook."""
    where = Location(source)

    def fail(problem: str) -> tuple[None, list[Finding]]:
        return None, [SYNTAX.finding([where], problem=problem)]

    if not data:
        return fail("文件为空（0 字节），不是 Excel 工作簿")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return fail("这是旧版 Excel（.xls）或加密的工作簿；请在 Excel 中另存为 .xlsx 后再读取")
    if not data.startswith(b"PK"):
        return fail("文件内容不是 Excel 工作簿（.xlsx 是 ZIP 格式，此文件不是）")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        return fail(f"工作簿已损坏，无法解压（{exc}）")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        return None, [TOO_LARGE.finding([where], limit=f"工作簿展开后 {total // 1024 // 1024} MB，"
                                                       f"超过 {MAX_UNCOMPRESSED // 1024 // 1024} MB")]
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        return fail("ZIP 文件中没有 xl/workbook.xml，不是 Excel 工作簿")
    try:
        sheets, hidden, parts = _workbook_parts(archive)
        formats = _styles(archive) if "xl/styles.xml" in names else []
        shared = read_shared_strings(read_part(archive, _SHARED)) if _SHARED in names else []
        date1904 = re.search(rb'date1904="(?:1|true)"', read_part(archive, "xl/workbook.xml")) is not None
    except UnsafeInput as exc:
        return fail(f"工作簿无法读取（{exc}）")
    except _DAMAGE as exc:
        return fail(f"工作簿结构无法解析（{exc}）")
    book = Book(source, archive, [n for n in sheets if n not in hidden], hidden, parts, formats, shared, date1904)
    return book, []


_SHARED = "xl/sharedStrings.xml"


def _workbook_parts(archive: zipfile.ZipFile) -> tuple[list[str], set[str], dict[str, str]]:
    root = etree.fromstring(archive.read("xl/workbook.xml"), _PARSER)
    rels: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in archive.namelist():
        rel_root = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"), _PARSER)
        for rel in rel_root:
            target = rel.get("Target") or ""
            target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            rels[rel.get("Id") or ""] = _normpath(target)
    names: list[str] = []
    hidden: set[str] = set()
    parts: dict[str, str] = {}
    for el in root.iter():
        if not isinstance(el.tag, str) or etree.QName(el).localname != "sheet":
            continue
        name = el.get("name") or ""
        names.append(name)
        if el.get("state") in ("hidden", "veryHidden"):
            hidden.add(name)
        rid = el.get(f"{{{_REL_NS}}}id") or el.get("{http://purl.oclc.org/ooxml/officeDocument/relationships}id")
        if rid and rid in rels:
            parts[name] = rels[rid]
    return names, hidden, parts


def _normpath(path: str) -> str:
    out: list[str] = []
    for piece in path.split("/"):
        if piece == "..":
            if out:
                out.pop()
        elif piece and piece != ".":
            out.append(piece)
    return "/".join(out)


def _styles(archive: zipfile.ZipFile) -> list[NumFormat]:
    root = etree.fromstring(archive.read("xl/styles.xml"), _PARSER)
    custom: dict[int, str] = {}
    xfs: list[NumFormat] = []
    for el in root:
        if not isinstance(el.tag, str):
            continue
        local = etree.QName(el).localname
        if local == "numFmts":
            for fmt in el:
                if isinstance(fmt.tag, str):
                    try:
                        custom[int(fmt.get("numFmtId") or -1)] = fmt.get("formatCode") or ""
                    except ValueError:
                        continue
        elif local == "cellXfs":
            for xf in el:
                if not isinstance(xf.tag, str):
                    continue
                try:
                    fid = int(xf.get("numFmtId") or 0)
                except ValueError:
                    fid = 0
                code = custom.get(fid) or _BUILTIN_FORMATS.get(fid)
                if code is None:
                    xfs.append(NumFormat(None, date=14 <= fid <= 22 or 45 <= fid <= 47))
                else:
                    xfs.append(parse_format(code))
    return xfs


# --- cells, read as XML ---------------------------------------------------------------
#
# Each sheet's XML is read with lxml's iterparse, one <row> at a time (cleared once
# read): values, styles, formulas, errors and merged ranges in one pass, whatever the
# order of a cell's attributes (r, s, t may come in any order: equally valid XML, and
# regular expressions that assumed "r s t" misread 7 of 102 figures). The sheet's size
# is what its cells hold, never its declared <dimension> (one cell at XFD1048576 made a
# reader allocate 512 GB); rows past MAX_ROWS and columns past MAX_COLS are a finding.

SHEET_NS = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            "http://purl.oclc.org/ooxml/spreadsheetml/main")
MAX_FIGURE = 1e15  # as model.numbers.MAX_INTEGER_DIGITS: amounts under 10^15


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _xml_events(xml: bytes, tags: tuple[str, ...]) -> Any:
    if b"<!ENTITY" in xml or b"<!DOCTYPE" in xml:
        raise ValueError("工作表含 DTD 声明，拒绝解析")
    return etree.iterparse(io.BytesIO(xml), events=("end",), tag=tags, resolve_entities=False,
                           no_network=True, huge_tree=False, remove_comments=True, remove_pis=True)


def _release(el: Any) -> None:
    """Drop an element read and everything before it, so memory stays one row."""
    el.clear()
    parent = el.getparent()
    while el.getprevious() is not None and parent is not None:
        del parent[0]


def _rich_text(el: Any) -> str:
    """The text of a <si> or <is>: its <t> pieces, without phonetic guides (<rPh>)."""
    parts: list[str] = []
    for node in el.iter():
        if _local(node.tag) == "t" and _local(node.getparent().tag) != "rPh" and node.text:
            parts.append(node.text)
    return "".join(parts)


def read_shared_strings(xml: bytes) -> list[str]:
    strings: list[str] = []
    for _event, el in _xml_events(xml, tuple(f"{{{ns}}}si" for ns in SHEET_NS)):
        strings.append(_rich_text(el))
        _release(el)
    return strings


@dataclass(slots=True)
class SheetData:
    rows: list[list[Any]]
    info: dict[str, CellInfo]
    merges: list[tuple[int, int, int, int]]
    out_of_range: list[tuple[str, str]]  # (A1 reference, value as written)
    beyond_rows: bool = False
    beyond_columns: bool = False


def _serial_date(serial: float, date1904: bool) -> Any:
    base = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
    moment = base + dt.timedelta(days=serial)
    if serial < 1 and not date1904:
        return moment.time()
    return moment


def read_sheet_xml(xml: bytes, shared: list[str], formats: list[NumFormat], date1904: bool = False) -> SheetData:
    """One worksheet's cells (see the comment above)."""
    values: dict[tuple[int, int], Any] = {}
    data = SheetData([], {}, [], [])
    tags = tuple(f"{{{ns}}}{name}" for ns in SHEET_NS for name in ("row", "mergeCell"))
    last_row = -1
    for _event, el in _xml_events(xml, tags):
        if _local(el.tag) == "mergeCell":
            first, _, last = (el.get("ref") or "").partition(":")
            a, b = parse_a1(first), parse_a1(last or first)
            if a is not None and b is not None:
                data.merges.append((a[0], a[1], b[0], b[1]))
            continue
        r = _index(el.get("r"), last_row + 1)
        last_row = r
        col = -1
        for cell in el:
            if _local(cell.tag) != "c":
                continue
            position = parse_a1(cell.get("r") or "")
            row, col = position if position is not None else (r, col + 1)
            if row >= MAX_ROWS:
                data.beyond_rows = True
                continue
            if col >= MAX_COLS:
                data.beyond_columns = True
                continue
            _read_cell(cell, row, col, shared, formats, date1904, values, data)
        _release(el)
    if values:
        height = max(r for r, _ in values) + 1
        width = max(c for _, c in values) + 1
        data.rows = [[""] * width for _ in range(height)]
        for (r, c), value in values.items():
            data.rows[r][c] = value
    return data


def _index(text: str | None, default: int) -> int:
    try:
        return int(text) - 1 if text else default
    except ValueError:
        return default


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text else default
    except ValueError:
        return default


def _read_cell(cell: Any, r: int, c: int, shared: list[str], formats: list[NumFormat], date1904: bool,
               values: dict[tuple[int, int], Any], data: SheetData) -> None:
    kind = cell.get("t") or "n"
    style_text = cell.get("s")
    style = _int(style_text, 0)
    formula: str | None = None
    raw: str | None = None
    inline: Any = None
    for child in cell:
        name = _local(child.tag)
        if name == "v":
            raw = child.text or ""
        elif name == "f":
            formula = child.text or ""
        elif name == "is":
            inline = child
    value: Any = ""
    error: str | None = None
    if kind == "e":
        error = (raw or "").strip() or "#ERROR"
    elif kind == "s" and raw is not None:
        index = _int(raw.strip(), -1)
        value = shared[index] if 0 <= index < len(shared) else ""
    elif kind == "inlineStr":
        value = _rich_text(inline) if inline is not None else ""
    elif kind == "str":
        value = raw or ""
    elif kind == "b":
        value = (raw or "").strip() in ("1", "true")
    elif kind == "d" and raw:
        try:
            value = dt.datetime.fromisoformat(raw.strip())
        except ValueError:
            value = raw.strip()
    elif raw is not None and raw.strip():
        value = _number(raw.strip(), r, c, style, formats, date1904, data)
    ref = a1(r, c)
    if value != "" or error is not None:
        values[(r, c)] = value
    if (value != "" or error is not None or formula is not None) and (style_text or formula is not None or error):
        data.info[ref] = CellInfo(style, formula, error)


def _number(text: str, r: int, c: int, style: int, formats: list[NumFormat], date1904: bool,
            data: SheetData) -> Any:
    """A numeric cell's value; one too large for an amount, infinite or not a number is
    reported on its cell and read as blank (never a whole sheet lost)."""
    try:
        x = float(text)
    except ValueError:
        x = float("nan")
    if not (x == x and -MAX_FIGURE < x < MAX_FIGURE):
        data.out_of_range.append((a1(r, c), text[:40]))
        return ""
    fmt = formats[style] if 0 <= style < len(formats) else GENERAL
    if fmt.date:
        try:
            return _serial_date(x, date1904)
        except (OverflowError, ValueError):
            data.out_of_range.append((a1(r, c), text[:40]))
            return ""
    return x
