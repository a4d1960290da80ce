"""Writers of an audit report: the output format follows the ``--to`` file's suffix."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from jixiao.audit.rows import AuditReport

Writer = Callable[[AuditReport, Path], list[Path]]

FORMATS = {".json": "json", ".csv": "csv", ".xlsx": "xlsx", ".html": "html", ".htm": "html"}


def writer_for(path: str | Path) -> Writer | None:
    """The writer for a target file, or None for an unknown suffix. A writer returns the
    files it wrote (CSV writes two)."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        return None
    module = importlib.import_module(f"jixiao.audit.outputs.{fmt}")
    write: Writer = module.write
    return write
