"""What an evaluation page shows at each field: its value, the findings whose field path
points at it, the reviewers' comments on it. Built from the data document and the
engine's findings as the services return them; no checking happens here."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from jixiao.store import explanations
from jixiao.web.pages.layout import Cell, Tab, all_cells, display, pointer_get

LEVEL_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
_LEVEL_ORDER = {"error": 0, "warning": 1, "info": 2}
_ARITHMETIC = ("sum.", "ratio.", "dup.", "score.total", "score.weights-sum")
_NOT_IN_ID = re.compile(r"[^\w-]")  # \w: what str.isalnum() accepts, and "_"


def _as_number(text: str) -> Decimal | None:
    cleaned = text.strip().replace(",", "").replace("，", "").removesuffix("%").removesuffix("万元").strip()
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def finding_fields(finding: Mapping[str, Any]) -> list[str]:
    """Every field path a finding points at (its own and each location's), in order."""
    out: list[str] = []
    own = finding.get("field")
    if isinstance(own, str) and own:
        out.append(own)
    for loc in finding.get("locations") or ():
        path = loc.get("field") if isinstance(loc, Mapping) else None
        if isinstance(path, str) and path and path not in out:
            out.append(path)
    return out


@functools.lru_cache(maxsize=8192)  # every page asks again for the same few hundred paths' ids
def field_id(path: str) -> str:
    """An HTML id for a field path (ids cannot hold '/')."""
    return "f" + _NOT_IN_ID.sub("-", path)


@dataclass
class Comment:
    field: str
    text: str
    author: str
    created: str
    version: int | None = None


@dataclass
class EvaluationView:
    """The data one evaluation page renders, field by field."""

    doc: Mapping[str, Any]
    findings: Sequence[Mapping[str, Any]]
    comments: Sequence[Comment] = ()
    editable: bool = False
    computed: Mapping[str, Any] = field(default_factory=dict)
    _by_field: dict[str, list[Mapping[str, Any]]] = field(init=False, default_factory=dict)
    _comments: dict[str, list[Comment]] = field(init=False, default_factory=dict)
    _explained: dict[str, str] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        by_field: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
        for f in sorted(self.findings, key=lambda f: _LEVEL_ORDER.get(str(f.get("level")), 3)):
            for path in finding_fields(f):
                by_field[path].append(f)
        self._by_field = dict(by_field)
        comments: dict[str, list[Comment]] = defaultdict(list)
        for c in self.comments:
            comments[c.field].append(c)
        self._comments = dict(comments)
        self._explained = explanations.written(self.doc)

    def explanation(self, finding: Mapping[str, Any]) -> str:
        """The unit's written explanation of a finding (问题说明), or ""."""
        return self._explained.get(str(finding.get("id") or ""), "")

    def errors(self) -> list[Mapping[str, Any]]:
        return [f for f in self.findings if f.get("level") == "error"]

    def open_errors(self) -> int:
        """Errors neither fixed nor explained: what keeps the report a draft."""
        return sum(1 for f in self.errors() if not self.explanation(f))

    def stale_explanations(self) -> dict[str, str]:
        """Explanations whose finding this version no longer has (they clear nothing)."""
        ids = {str(f.get("id") or "") for f in self.findings}
        return {k: v for k, v in self._explained.items() if k not in ids}

    def value(self, cell: Cell) -> str:
        """The figure the document states at the cell, as written."""
        return display(pointer_get(self.doc, cell.path))

    def recomputed(self, cell: Cell) -> str:
        """The engine's figure for a computed cell (a rate with its %), or "" when the
        engine could not compute it (a part is missing) or the cell is typed."""
        figure = self.computed.get(cell.source) if cell.source else None
        if figure is None or figure == "":
            return ""
        text = str(figure)
        return f"{text}%" if cell.source.split("|", 1)[-1].endswith("rate") else text

    def differs(self, cell: Cell) -> bool:
        """The document states a figure at a computed cell other than the engine's (compared
        as numbers: “98.95%” and “98.95” agree)."""
        stated, computed = self.value(cell), self.recomputed(cell)
        if not stated or not computed:
            return False
        return _as_number(stated) != _as_number(computed) or _as_number(stated) is None

    def findings_at(self, path: str, skip: Iterable[str] = ()) -> list[Mapping[str, Any]]:
        """The findings at a field, less those already shown at the fields in ``skip``
        (the cells before it in a row whose findings are listed together)."""
        found = self._by_field.get(path, [])
        skipped = set(skip)
        if not skipped:
            return found
        return [f for f in found if not skipped.intersection(finding_fields(f))]

    def comments_at(self, path: str) -> list[Comment]:
        return self._comments.get(path, [])

    def disputed(self, path: str) -> bool:
        """The engine's arithmetic disagrees with the figure stated at this field (a 合计,
        rate or total that does not match its parts, or a figure stated twice differently):
        a computed cell is then open for the clerk to correct."""
        return any(str(f.get("code", "")).startswith(_ARITHMETIC) for f in self.findings_at(path))

    def worst(self, path: str) -> str:
        levels = {str(f.get("level")) for f in self.findings_at(path)}
        return next((lv for lv in ("error", "warning", "info") if lv in levels), "")

    def unplaced(self, tabs: Iterable[Tab]) -> list[Mapping[str, Any]]:
        """Findings pointing at no field shown on these tabs (a whole section, a file)."""
        shown = {c.path for tab in tabs for c in all_cells(tab)}
        out = []
        for f in self.findings:
            if not any(p in shown for p in finding_fields(f)):
                out.append(f)
        return out

    def count(self, level: str, tab: Tab | None = None) -> int:
        if tab is None:
            return sum(1 for f in self.findings if f.get("level") == level)
        paths = {c.path for c in all_cells(tab)}
        return sum(1 for f in self.findings
                   if f.get("level") == level and any(p in paths for p in finding_fields(f)))
