"""Field paths for what a format reader noticed.

The walker gives every value it reads the JSON Pointer of the field it fills. A reader
of a published document (DOCX, PDF, HTML, text, a workbook) also reports things about
places in its file — a row whose figures it could not place under a column — before the
walk. Such a finding gets the field of the value at the same place, or, for a place
holding no value read (a figure left out), the field of the row read on the same line.
"""

from __future__ import annotations

from jixiao.findings import Finding
from jixiao.located import Mapping, Node, Scalar
from jixiao.model.location import Location

TYPE_CHECKING = False  # typing costs milliseconds to import; annotations only need it for mypy
if TYPE_CHECKING:
    from typing import Any

_Line = tuple["Any", ...]


def with_fields(tree: Node | None, findings: list[Finding]) -> list[Finding]:
    """``findings`` with a field on every location that has a place in the file and a
    value read at that place or on its line."""
    if tree is None or all(loc.field is not None for f in findings for loc in f.locations):
        return findings
    at: dict[Location, str] = {}
    lines: dict[_Line, str] = {}
    _index(tree, "", at, lines)
    out = []
    for f in findings:
        if all(loc.field is not None for loc in f.locations):
            out.append(f)
            continue
        located = tuple(_field_for(loc, at, lines) for loc in f.locations)
        out.append(Finding(f.code, f.level, f.message, located, f.stated, f.expected, f.citation, f.args))
    return out


def _field_for(loc: Location, at: dict[Location, str], lines: dict[_Line, str]) -> Location:
    if loc.field is not None:
        return loc
    path = at.get(loc)
    if path is None:
        line = _line(loc)
        if line is None:
            return loc
        row = lines.get(line)
        if row is None:
            return loc
        path = row
    return loc.at_field(path)


def _line(loc: Location) -> _Line | None:
    """The row of a table or the line of text a place is on."""
    if loc.table is not None and loc.row is not None:
        return (loc.file, loc.page, loc.table, loc.row)
    if loc.sheet is not None and loc.cell:
        return (loc.file, loc.sheet, loc.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    if loc.line is not None:
        return (loc.file, loc.page, loc.line)
    return None


def _index(node: Node, path: str, at: dict[Location, str], lines: dict[_Line, str]) -> None:
    if isinstance(node, Scalar):
        at.setdefault(node.location, path)
        line = _line(node.location)
        if line is not None:
            lines.setdefault(line, path.rsplit("/", 1)[0])  # the row object the value is in
        return
    if isinstance(node, Mapping):
        for key, _key_loc, child in node.entries:
            _index(child, f"{path}/{key.replace('~', '~0').replace('/', '~1')}", at, lines)
        return
    for index, item in enumerate(node.items):
        _index(item, f"{path}/{index}", at, lines)
