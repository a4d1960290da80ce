"""The engine calls the web makes, one function each, and the figures it indexes.

Everything the web knows about reading, checking, scoring and rendering passes through
here, and only through :mod:`jixiao.api` (uploads through its
:func:`~jixiao.api.read_untrusted`, which reads documents in a limited child process)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from jixiao import api
from jixiao.store.errors import Invalid
from jixiao.store.evaluations import Figures

UPLOAD_MEMORY = 2 * 1024 * 1024 * 1024  # address space of the reading child
UPLOAD_SECONDS = 60.0


@dataclass
class Reading:
    """What reading an uploaded file gave: the data document (None when nothing usable
    was read), the reading findings, the format, and a message when it failed."""

    data: dict[str, Any] | None
    findings: list[dict[str, Any]] = field(default_factory=list)
    format: str = ""
    message: str = ""


def read_file(content: bytes, filename: str) -> Reading:
    """Read a file into a data document, in this process."""
    try:
        evaluation = api.read(content, filename)
    except api.ReadError as exc:
        return Reading(None, [api.finding_data(f) for f in exc.findings], "", str(exc))
    return Reading(api.to_data(evaluation), [api.finding_data(f) for f in evaluation.findings], evaluation.format)


def read_upload(content: bytes, filename: str) -> Reading:
    """Read an uploaded file; documents read by native libraries (XLSX, DOCX, PDF, HTML,
    text) are read in a child process with memory and time limits
    (:func:`jixiao.api.read_untrusted`), and a child that dies or overruns is a Reading
    with the reason."""
    try:
        evaluation = api.read_untrusted(content, filename, memory_bytes=UPLOAD_MEMORY, seconds=UPLOAD_SECONDS)
    except api.ReadError as exc:
        return Reading(None, [api.finding_data(f) for f in exc.findings], "", str(exc))
    return Reading(api.to_data(evaluation), [api.finding_data(f) for f in evaluation.findings], evaluation.format)


def check(data: dict[str, Any], framework: str | None = None) -> dict[str, Any]:
    """The engine's result for a data document: findings (each with its field), score,
    counts, and the figures computed from their parts (``computed``)."""
    try:
        evaluation = api.from_data(data)
    except api.ReadError as exc:
        findings = [api.finding_data(f) for f in exc.findings]
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in findings:
            counts[f["level"]] += 1
        return {"framework": framework, "findings": findings, "score": None, "resolved": {}, "counts": counts,
                "computed": {}}
    result = api.evaluate(evaluation, framework)
    out = result.to_data()
    out["computed"] = result.computed  # the sums and rates the pages show in their computed cells
    return out


def export(data: dict[str, Any], fmt: str, *, with_findings: bool = False) -> bytes:
    """A data document as the report (docx, pdf, html), the attached tables (xlsx) or the
    filled-in template (template); ``with_findings`` appends the findings to the report,
    each explained one as 错误（已说明） with the unit's explanation."""
    try:
        evaluation = api.from_data(data)
        if fmt == "template":
            return api.fill_in_template(evaluation.framework, evaluation)
        result = api.evaluate(evaluation)
        if fmt == "xlsx":
            return api.attached_tables_xlsx(result)
        if fmt in ("docx", "pdf", "html"):
            return api.render_report(result, fmt, with_findings=with_findings)  # type: ignore[arg-type]
    except api.ApiError as exc:
        raise Invalid(f"无法生成：{exc}") from exc
    raise Invalid(f"不支持的导出格式“{fmt}”")


_FOUR_PLACES = Decimal("0.0001")


def _number(text: Any) -> Decimal | None:
    if text is None:
        return None
    cleaned = "".join(ch for ch in str(text) if ch.isdigit() or ch in ".-")
    try:
        return Decimal(cleaned).quantize(_FOUR_PLACES) if cleaned else None
    except InvalidOperation:
        return None


def figures(result: dict[str, Any]) -> Figures:
    """The figures stored beside a version, from the engine's result document."""
    counts = result.get("counts") or {}
    score = result.get("score") or {}
    reported = _number(score.get("self_total"))
    recomputed = _number(score.get("recomputed_total"))
    resolved = result.get("resolved") or {}
    rate = _number((resolved.get("funds.total.rate") or {}).get("value"))
    budget = _resolved(resolved, "funds.total.full_year")
    by_rule: dict[tuple[str, str], int] = {}
    for finding in result.get("findings") or []:
        key = (str(finding.get("code") or ""), str(finding.get("level") or ""))
        by_rule[key] = by_rule.get(key, 0) + 1
    return Figures(result=result, errors=int(counts.get("error", 0)), warnings=int(counts.get("warning", 0)),
                   infos=int(counts.get("info", 0)), self_score=reported if reported is not None else recomputed,
                   grade=score.get("grade"), reported_total=reported, recomputed_total=recomputed,
                   execution_rate=rate, three_public_expenses=_resolved(resolved, "three_public.total.final"),
                   budget_total=budget if budget is not None else _resolved(resolved, "funds.total.initial"),
                   final_total=_resolved(resolved, "funds.total.final"), findings_by_rule=by_rule)


def _resolved(resolved: dict[str, Any], concept: str) -> Decimal | None:
    """The figure the engine settled on for a concept (the stated one, reconciled), in 万元."""
    fact = resolved.get(concept) or {}
    number = _number(fact.get("value"))
    if number is not None and fact.get("unit") == "元":
        number = (number / 10000).quantize(_FOUR_PLACES)
    return number


def describe(data: dict[str, Any]) -> tuple[str, int | None, str, str]:
    """Kind, year, title and framework named in a data document (for a new evaluation)."""
    # A whole-expenditure document names its year under unit, a project's under project
    # (the other place is looked at too: the findings say where it belongs).
    year = None
    for key in ("project", "unit") if data.get("kind") == "project" else ("unit", "project"):
        subject = data.get(key)
        if year is None and isinstance(subject, dict):
            year = _number(subject.get("year"))
    return (str(data.get("kind") or "overall"), int(year) if year is not None else None,
            str(data.get("title") or ""), str(data.get("framework") or ""))
