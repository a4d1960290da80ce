"""One finding shape for everything: reader errors, framework problems, check results.

A finding never stops a run; bad input yields findings, not tracebacks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from jixiao.model.location import Location
from jixiao.model.record import Record, field, record


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def zh(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@record
class Finding(Record):
    """A problem found in an evaluation (or in its input, or in a framework).

    ``stated`` and ``expected`` are strings that keep the decimals as written
    (``"83.20"``), or ``None``. ``locations`` lists every place involved, the main one
    first.
    """

    code: str
    level: Level
    message: str
    locations: tuple[Location, ...] = ()
    stated: str | None = None
    expected: str | None = None
    citation: str = ""
    args: Mapping[str, str] = field(default_factory=dict)

    @property
    def field(self) -> str | None:
        """The field of the data document the finding is mainly about (its first
        location's JSON Pointer), if known."""
        return self.locations[0].field if self.locations else None

    @property
    def id(self) -> str:
        """A stable identifier: a hash of the code, the fields involved and the values
        (arguments, stated and expected) — not of line numbers, so the same finding
        keeps its id when the document is edited elsewhere. A place without a field
        (a syntax error) counts by its position."""
        import hashlib  # only JSON output needs it

        places = [loc.field if loc.field is not None else loc.render() for loc in self.locations]
        values = [f"{k}={v}" for k, v in sorted(self.args.items())]
        key = "\x1f".join([self.code, *places, "", *values, self.stated or "", self.expected or ""])
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "code": self.code,
            "level": self.level.value,
            "message": self.message,
            "args": dict(self.args),
            "field": self.field,
            "locations": [loc.as_json() for loc in self.locations],
            "stated": self.stated,
            "expected": self.expected,
            "citation": self.citation,
        }

    def sort_key(self) -> tuple[object, ...]:
        first = self.locations[0].sort_key() if self.locations else ("",)
        return (first, self.level.rank, self.code, self.message)


def count_levels(findings: Iterable[Finding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        counts[f.level.value] += 1
    return counts


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.level is Level.ERROR for f in findings)
