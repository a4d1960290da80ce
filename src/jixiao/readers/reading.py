"""The ``reading`` entry of a data document: what reading its source noticed.

A document read from a DOCX, PDF, HTML, text or XLSX file comes with findings its data
alone cannot give again (a row the reader could not place, the framework it chose).
``jixiao.api.to_data`` keeps them under ``reading``; the walker turns them back into
findings. Each is rebuilt from its rule and arguments, so the message always comes
from jixiao's own rule text, never from the document.
"""

from __future__ import annotations

from collections.abc import Mapping as MappingABC

from jixiao.findings import Finding, Level
from jixiao.located import Mapping, Node, Scalar, Sequence
from jixiao.model.location import Location
from jixiao.registry import RULES, Rule

TYPE_CHECKING = False  # typing costs milliseconds to import; annotations only need it for mypy
if TYPE_CHECKING:
    from typing import Any

KEY = "reading"
_LOCATION_KEYS = {"file": str, "line": int, "column": int, "sheet": str, "cell": str, "page": int,
                  "table": int, "row": int, "col": int}


def plain(node: Node) -> Any:
    """A located tree as plain data: text for scalars, ``None`` for nulls."""
    if isinstance(node, Scalar):
        return None if node.null else node.text
    if isinstance(node, Mapping):
        return {key: plain(child) for key, _loc, child in node.entries}
    return [plain(item) for item in node.items]


def note_data(f: Finding) -> dict[str, Any]:
    """One reading finding as the data document keeps it."""
    data: dict[str, Any] = {"code": f.code, "level": f.level.value, "args": dict(f.args),
                            "locations": [_location_data(loc) for loc in f.locations]}
    if f.stated is not None:
        data["stated"] = f.stated
    if f.expected is not None:
        data["expected"] = f.expected
    return data


def _location_data(loc: Location) -> dict[str, Any]:
    return {k: v for k, v in loc.as_json().items() if k in _LOCATION_KEYS}


def notes(node: Node | None, source: str) -> list[Finding]:
    """The findings a ``reading`` entry records; an entry with an unknown code or a bad
    shape is left out."""
    if not isinstance(node, Mapping | Sequence | Scalar):
        return []
    reading = plain(node)
    if not isinstance(reading, MappingABC):
        return []
    out: list[Finding] = []
    for item in reading.get("findings") or []:
        if not isinstance(item, MappingABC):
            continue
        rule = _rule(str(item.get("code")))
        args = item.get("args") or {}
        if rule is None or not isinstance(args, MappingABC):
            continue
        try:
            level = Level(str(item.get("level") or rule.level.value))
            locations = [_location(loc, source) for loc in item.get("locations") or []
                         if isinstance(loc, MappingABC)]
            out.append(rule.finding(locations, stated=item.get("stated"), expected=item.get("expected"),
                                    level=level, **{str(k): str(v) for k, v in args.items()}))
        except (ValueError, KeyError, IndexError, TypeError):
            continue
    return out


def _rule(code: str) -> Rule | None:
    if code not in RULES:
        # the codes of the readers and the workbook, not all imported yet
        import jixiao.readers.codes
        import jixiao.readers.tree
        import jixiao.workbook.codes  # noqa: F401
    return RULES.get(code)


def _location(data: MappingABC[str, Any], source: str) -> Location:
    values: dict[str, Any] = {}
    for key, kind in _LOCATION_KEYS.items():
        value = data.get(key)
        if value is not None:
            values[key] = kind(value)
    values.setdefault("file", source)
    return Location(**values)
