"""JSON: ``{"documents": [...], "findings": [...]}`` (see docs/audit.md)."""

from __future__ import annotations

import json
from pathlib import Path

from jixiao.audit.rows import AuditReport


def dumps(report: AuditReport) -> str:
    return json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n"


def write(report: AuditReport, path: Path) -> list[Path]:
    path.write_text(dumps(report), encoding="utf-8")
    return [path]
