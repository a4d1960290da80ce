"""Low-level access to an XLSX workbook: values, number formats, formulas, errors
and merged cells, cheaply and safely.

Values come from python-calamine (Rust, fast). Calamine gives no number formats and
turns error cells (``#DIV/0!``) into blanks, so one pass of lxml over each sheet's
XML records, per cell, its style, whether it holds a formula and its error value;
``xl/styles.xml`` maps styles to number formats. The format is what keeps a figure's
decimals: Excel stores 83.2 and 83.20 as the same double, and a cell formatted
``0.00`` shows — and so states — two decimals.

A workbook is untrusted input: the ZIP's sizes are checked before anything is
inflated, XML entities are never resolved, and an oversized sheet is skipped with a
finding rather than read.
"""

from __future__ import annotations

import contextlib
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
    calamine: Any
    names: list[str]  # visible sheets, in workbook order
    hidden: set[str]
    parts: dict[str, str]  # sheet name → its XML part in the ZIP
    formats: list[NumFormat]
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
        if part is not None:
            try:
                size = self.archive.getinfo(part).file_size
            except KeyError:
                size = 0
            if size > MAX_SHEET_BYTES:
                self.findings.append(TOO_LARGE.finding(
                    [where], limit=f"工作表“{name}”展开后 {size // 1024 // 1024} MB，"
                                   f"超过 {MAX_SHEET_BYTES // 1024 // 1024} MB，该表未读取"))
                return None
        try:
            values = self.calamine.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=MAX_ROWS + 1)
        except Exception as exc:
            self.findings.append(SYNTAX.finding([where], problem=f"工作表“{name}”无法读取：{exc}"))
            return None
        if len(values) > MAX_ROWS:
            self.findings.append(TOO_LARGE.finding(
                [Location(self.source, sheet=name, cell=a1(MAX_ROWS, 0))],
                limit=f"工作表“{name}”超过 {MAX_ROWS} 行，其后的行未读取"))
            values = values[:MAX_ROWS]
        if values and len(values[0]) > MAX_COLS:
            values = [row[:MAX_COLS] for row in values]
        info: dict[str, CellInfo] = {}
        merges: list[tuple[int, int, int, int]] = []
        if part is not None:
            try:
                info, merges = _scan_sheet(self.archive.read(part))
            except _DAMAGE as exc:
                self.findings.append(SYNTAX.finding([where], problem=f"工作表“{name}”的结构无法解析：{exc}"))
        return Sheet(name, values, info, merges, self.formats, self.source)

    def close(self) -> None:
        with contextlib.suppress(Exception):  # closing twice is harmless
            self.calamine.close()
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
    except _DAMAGE as exc:
        return fail(f"工作簿结构无法解析（{exc}）")
    try:
        import python_calamine

        calamine = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except ModuleNotFoundError:
        return fail("缺少组件 python-calamine，无法读取 Excel")
    except Exception as exc:
        return fail(f"工作簿无法读取（{exc}）")
    book = Book(source, archive, calamine, [n for n in sheets if n not in hidden], hidden, parts, formats)
    return book, []


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


# Sheet XML is machine-written and regular, so a pass of regular expressions over the
# bytes finds what calamine leaves out, several times faster than building a DOM; no
# entity is ever expanded. Cells without an ``r`` are positioned by calamine alone.
_CELL_TAIL = rb'r="([A-Z]{1,3}\d{1,7})"(?: s="(\d+)")?(?: t="(\w+)")?([^>]*?)(/?)>(\s*<(?:\w+:)?f[\s>/])?'
_CELL = re.compile(rb"<c " + _CELL_TAIL)  # a literal start lets the engine skip ahead fast
_PREFIXED_CELL = re.compile(rb"<\w+:c " + _CELL_TAIL)
_STYLE = re.compile(rb's="(\d+)"')
_FORMULA = re.compile(rb"\s*<(?:\w+:)?f(?:\s[^>]*)?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?>(.*?)</(?:\w+:)?v>", re.S)
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+\d+):([A-Z]+\d+)"')
_ENTITIES = ((b"&lt;", b"<"), (b"&gt;", b">"), (b"&quot;", b'"'), (b"&apos;", b"'"), (b"&amp;", b"&"))


def _unescape(raw: bytes) -> str:
    for entity, char in _ENTITIES:
        raw = raw.replace(entity, char)
    return raw.decode("utf-8", "replace")


def _scan_sheet(xml: bytes) -> tuple[dict[str, CellInfo], list[tuple[int, int, int, int]]]:
    """Styles, formulas and errors of the cells that hold something (an empty styled
    cell ``<c …/>`` is skipped), and the merged ranges."""
    if b"<!ENTITY" in xml or b"<!DOCTYPE" in xml:
        raise ValueError("工作表含 DTD 声明，拒绝解析")
    info: dict[str, CellInfo] = {}
    pattern = _CELL if b"<c " in xml else _PREFIXED_CELL
    for m in pattern.finditer(xml):
        ref, style, kind, rest, closed, has_formula = m.groups()
        if closed:
            continue
        if rest and (style is None or kind is None):  # attributes in another order
            found = _STYLE.search(rest)
            style = style or (found.group(1) if found else None)
            kind = kind or (b"e" if b't="e"' in rest else None)
        if style is None and has_formula is None and kind != b"e":
            continue
        formula = None if has_formula is None else ""
        error = None
        if kind == b"e":  # rare: only then is the formula's text worth reading
            v = _VALUE.search(xml, m.end(), m.end() + 4096)
            error = _unescape(v.group(1)).strip() if v is not None else "#ERROR"
            if has_formula is not None:
                f = _FORMULA.match(xml, m.end() - len(has_formula))
                formula = _unescape(f.group(1) or b"") if f is not None else ""
        info[ref.decode("ascii")] = CellInfo(int(style) if style else 0, formula, error)
    merges: list[tuple[int, int, int, int]] = []
    for m in _MERGE.finditer(xml):
        first = parse_a1(m.group(1).decode("ascii"))
        last = parse_a1(m.group(2).decode("ascii"))
        if first is not None and last is not None:
            merges.append((first[0], first[1], last[0], last[1]))
    return info, merges
