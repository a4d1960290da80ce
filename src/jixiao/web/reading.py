"""The engine calls the web makes, one function each, and the figures it indexes.

Everything the web knows about reading, checking, scoring and rendering passes through
here; nothing else in :mod:`jixiao.web` imports the engine."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from jixiao.store.evaluations import Figures


@dataclass
class Reading:
    """What reading an uploaded file gave: the data document (None when nothing usable
    was read), the reading findings, the format, and a message when it failed."""

    data: dict[str, Any] | None
    findings: list[dict[str, Any]] = field(default_factory=list)
    format: str = ""
    message: str = ""


def read_file(content: bytes, filename: str) -> Reading:
    """Read an uploaded file into a data document (runs in the sandbox's child)."""
    from jixiao.readers.load import load_bytes

    loaded = load_bytes(content, filename)
    findings = [_finding(f.as_json()) for f in loaded.findings]
    if loaded.evaluation is None or loaded.format not in ("yaml", "json") or loaded.text is None:
        first = next((f["message"] for f in findings if f["level"] == "error"), "没有可读取的内容")
        if loaded.evaluation is not None:
            first = f"暂不支持从 {loaded.format} 文件生成可编辑的数据"
        return Reading(None, findings, loaded.format, f"无法读取“{filename}”：{first}")
    data = _plain(loaded.text, loaded.format)
    return Reading(data, findings, loaded.format)


def _plain(text: str, fmt: str) -> dict[str, Any]:
    """Every scalar as written (text), so decimals and units survive the round trip."""
    if fmt == "json":
        value = json.loads(text, parse_float=str, parse_int=str)
    else:
        import yaml

        value = yaml.load(text, Loader=yaml.BaseLoader)
    return value if isinstance(value, dict) else {}


def _finding(data: dict[str, Any]) -> dict[str, Any]:
    data.setdefault("field", None)
    data.setdefault("args", {})
    return data


def check(data: dict[str, Any], framework: str | None = None) -> dict[str, Any]:
    """The engine's result for a data document: findings, score, counts."""
    from jixiao.engine import evaluate
    from jixiao.findings import count_levels
    from jixiao.readers.load import load_bytes

    loaded = load_bytes(json.dumps(data, ensure_ascii=False).encode(), "<数据>.json")
    findings = [_finding(f.as_json()) for f in loaded.findings]
    if loaded.evaluation is None:
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in findings:
            counts[f["level"]] += 1
        return {"framework": framework, "findings": findings, "score": None, "resolved": {}, "counts": counts}
    result = evaluate(loaded.evaluation, framework)
    all_findings = [*loaded.findings, *result.findings]
    card = result.card
    score = None
    if card is not None:
        score = {"self_total": card.reported_total.text if card.reported_total is not None else None,
                 "recomputed_total": str(card.recomputed_total), "grade": card.grade.grade,
                 "self_grade": card.reported_grade}
    return {"framework": result.framework.id if result.framework else None,
            "findings": [_finding(f.as_json()) for f in all_findings], "score": score, "resolved": {},
            "counts": count_levels(all_findings)}


def _number(text: Any) -> Decimal | None:
    if text is None:
        return None
    cleaned = "".join(ch for ch in str(text) if ch.isdigit() or ch in ".-")
    try:
        return Decimal(cleaned) if cleaned else None
    except InvalidOperation:
        return None


def figures(result: dict[str, Any]) -> Figures:
    """The figures stored beside a version, from the engine's result document."""
    counts = result.get("counts") or {}
    score = result.get("score") or {}
    reported = _number(score.get("self_total"))
    recomputed = _number(score.get("recomputed_total"))
    resolved = result.get("resolved") or {}
    rate = _number((resolved.get("execution_rate") or {}).get("value"))
    return Figures(result=result, errors=int(counts.get("error", 0)), warnings=int(counts.get("warning", 0)),
                   infos=int(counts.get("info", 0)), self_score=reported if reported is not None else recomputed,
                   grade=score.get("grade"), reported_total=reported, recomputed_total=recomputed,
                   execution_rate=rate)


def describe(data: dict[str, Any]) -> tuple[str, int | None, str, str]:
    """Kind, year, title and framework named in a data document (for a new evaluation)."""
    unit = data.get("unit") if isinstance(data.get("unit"), dict) else {}
    assert isinstance(unit, dict)
    year = _number(unit.get("year"))
    return (str(data.get("kind") or "overall"), int(year) if year is not None else None,
            str(data.get("title") or ""), str(data.get("framework") or ""))


def export(data: dict[str, Any], fmt: str) -> bytes:
    """A data document as the report, the attached tables or the fill-in template."""
    from jixiao.store.errors import StoreError

    raise StoreError("导出功能尚未接入") from None
