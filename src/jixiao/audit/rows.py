"""One document → plain rows: a document row and one row per finding.

Rows are JSON-able dicts, so worker processes return them cheaply and every output
writer (JSON, CSV, XLSX, HTML) reads the same data. Scores are strings that keep the
decimals (``"97"`` as reported, ``"97.06"`` recomputed), never floats.
"""

from __future__ import annotations

from typing import Any, TypedDict

from jixiao.audit.coverage import scan_coverage
from jixiao.engine import evaluate
from jixiao.findings import Finding, Level, count_levels
from jixiao.model.evaluation import Evaluation, year_of
from jixiao.model.numbers import format_decimal, round_half_up
from jixiao.model.overall import OverallEvaluation
from jixiao.readers.load import LoadResult, load_path

LEVELS = ("error", "warning", "info")
KIND_ZH = {"overall": "整体支出", "project": "项目支出"}


class Counts(TypedDict):
    error: int
    warning: int
    info: int


class Coverage(TypedDict):
    """Reading coverage of a published document: facts read / figures in its text."""

    read: int
    figures: int


class DocumentRow(TypedDict):
    file: str
    unit: str | None
    year: int | None
    kind: str | None
    framework: str | None
    score_reported: str | None
    score_recomputed: str | None
    counts: Counts
    coverage: Coverage | None
    error: str | None


class Audited(TypedDict):
    """What a worker returns for one document."""

    document: DocumentRow
    findings: list[dict[str, Any]]


def empty_counts() -> Counts:
    return {"error": 0, "warning": 0, "info": 0}


def unit_of(ev: Evaluation) -> str | None:
    """The budget unit (预算单位): the unit itself, or a project's implementer (实施单位)
    or else its department (主管部门)."""
    if isinstance(ev, OverallEvaluation):
        return ev.unit.name if ev.unit else None
    if ev.project is None:
        return None
    return ev.project.implementer or ev.project.department


def error_document(file: str, reason: str) -> Audited:
    """The row of a document that could not be audited, with the reason (zh-CN)."""
    return {"document": {"file": file, "unit": None, "year": None, "kind": None, "framework": None,
                         "score_reported": None, "score_recomputed": None, "counts": empty_counts(),
                         "coverage": None, "error": reason},
            "findings": []}


def _reason(findings: list[Finding], fallback: str) -> str:
    errors = [f.message for f in findings if f.level is Level.ERROR]
    return "；".join(dict.fromkeys(errors)) or fallback


def audit_loaded(loaded: LoadResult, framework: str | None = None) -> Audited:
    """Evaluate a loaded document and build its rows."""
    findings = list(loaded.findings)
    row: DocumentRow = error_document(loaded.source, "")["document"]
    row["error"] = None
    ev = loaded.evaluation
    if ev is None:
        row["error"] = _reason(findings, "无法读取文件")
    else:
        result = evaluate(ev, framework)
        findings.extend(result.findings)
        row["unit"] = unit_of(ev)
        row["year"] = year_of(ev)
        row["kind"] = ev.kind
        if result.framework is not None:
            row["framework"] = result.framework.id
        card = result.card
        if card is None:
            row["error"] = "无法确定评价框架：" + _reason(result.findings, "未找到适用的评价框架")
        else:
            reported = card.reported_total
            if reported is not None:
                row["score_reported"] = format_decimal(reported.value, reported.decimals)
            row["score_recomputed"] = format_decimal(round_half_up(card.recomputed_total, 2), 2)
    findings.sort(key=lambda f: f.sort_key())
    scanned = scan_coverage(ev, loaded.text, loaded.format)
    if scanned is not None:
        row["coverage"] = {"read": scanned.read, "figures": scanned.figures}
    counts = count_levels(findings)
    row["counts"] = {"error": counts["error"], "warning": counts["warning"], "info": counts["info"]}
    return {"document": row, "findings": [finding_row(f, loaded.source) for f in findings]}


def finding_row(finding: Finding, document: str) -> dict[str, Any]:
    """A finding exactly as ``jixiao check --format json`` gives it, plus its document."""
    data: dict[str, Any] = finding.as_json()
    data["document"] = document
    return data


def audit_document(path: str, framework: str | None = None) -> Audited:
    """Read, evaluate and check one file (the default worker of the audit)."""
    return audit_loaded(load_path(path), framework)


def severity_key(doc: DocumentRow) -> tuple[int, int, int, int, str]:
    """Most severe first: documents that could not be audited, then by errors, warnings
    and notes, then by file name."""
    c = doc["counts"]
    return (0 if doc["error"] else 1, -c["error"], -c["warning"], -c["info"], doc["file"])


def is_failing(item: Audited) -> bool:
    """A document that makes the run exit 1: an error-level finding, or not audited."""
    return item["document"]["counts"]["error"] > 0 or bool(item["document"]["error"])


class AuditReport:
    """The rows of a whole run, in document order (the order of discovery)."""

    def __init__(self, items: list[Audited]) -> None:
        self.items = items

    @property
    def documents(self) -> list[DocumentRow]:
        return [item["document"] for item in self.items]

    @property
    def findings(self) -> list[dict[str, Any]]:
        return [f for item in self.items for f in item["findings"]]

    def totals(self) -> Counts:
        total = empty_counts()
        for doc in self.documents:
            for level in LEVELS:
                total[level] += doc["counts"][level]  # type: ignore[literal-required]
        return total

    @property
    def unaudited(self) -> int:
        return sum(1 for doc in self.documents if doc["error"])

    @property
    def failing(self) -> bool:
        return any(is_failing(item) for item in self.items)

    def as_json(self) -> dict[str, Any]:
        return {"documents": self.documents, "findings": self.findings}
