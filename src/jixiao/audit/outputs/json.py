"""JSON: ``{"documents": [...], "findings": [...]}`` (see docs/audit.md).

One record per line: readable, easy to grep and diff, and written by the C encoder
(``indent=`` would take the pure-Python one, four times slower on a large run).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jixiao.audit.rows import AuditReport
from jixiao.writers.atomic import write_text

_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _records(records: Iterable[Any]) -> str:
    lines = ",\n  ".join(_ENCODER.encode(r) for r in records)
    return f"[\n  {lines}\n]" if lines else "[]"


def dumps(report: AuditReport) -> str:
    return (f'{{"documents": {_records(report.documents)},\n'
            f'"findings": {_records(report.findings)}}}\n')


def write(report: AuditReport, path: Path) -> list[Path]:
    write_text(path, dumps(report))
    return [path]
