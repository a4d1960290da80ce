"""What an evaluation page shows at each field: its value, the findings whose field path
points at it, the reviewers' comments on it. Built from the data document and the
engine's findings as the services return them; no checking happens here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from jixiao.web.pages.layout import Cell, Tab, all_cells, display, pointer_get

LEVEL_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
_LEVEL_ORDER = {"error": 0, "warning": 1, "info": 2}
_ARITHMETIC = ("sum.", "ratio.", "dup.", "score.total", "score.weights-sum")


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


def field_id(path: str) -> str:
    """An HTML id for a field path (ids cannot hold '/')."""
    return "f" + "".join(ch if ch.isalnum() or ch in "_-" else "-" for ch in path)


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

    def value(self, cell: Cell) -> str:
        if cell.computed and cell.path in self.computed:
            return display(self.computed[cell.path])
        return display(pointer_get(self.doc, cell.path))

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
