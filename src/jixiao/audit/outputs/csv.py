"""CSV: ``FILE.csv`` lists the documents, ``FILE.findings.csv`` the findings.

UTF-8 with a byte-order mark, so that Excel opens the Chinese text correctly; the
headers are the zh-CN column names of :mod:`jixiao.audit.outputs.columns`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jixiao.audit.outputs.columns import DOCUMENT_COLUMNS, FINDING_COLUMNS, Column
from jixiao.audit.rows import AuditReport
from jixiao.writers.atomic import replacing


def findings_path(path: Path) -> Path:
    """``audit.csv`` → ``audit.findings.csv`` beside it."""
    return path.with_name(f"{path.stem}.findings{path.suffix}")


def _write(path: Path, columns: tuple[Column, ...], rows: Iterable[Any]) -> None:
    with replacing(path) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow([c.header for c in columns])
        for row in rows:
            out.writerow(["" if (v := c.get(row)) is None else v for c in columns])


def write(report: AuditReport, path: Path) -> list[Path]:
    second = findings_path(path)
    _write(path, DOCUMENT_COLUMNS, report.documents)
    _write(second, FINDING_COLUMNS, report.findings)
    return [path, second]
