"""Snapshot files for outputs people read: ``tests/snapshots/<name>`` (``.txt`` is added
when the name has no extension).

A snapshot that differs fails the test with a diff; run with
``JIXIAO_UPDATE_SNAPSHOTS=1`` to accept the new output (then review the diff in git).
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

SNAPSHOT_DIR = Path(__file__).parent / "snapshots"
SNAPSHOTS = SNAPSHOT_DIR


def assert_snapshot(name: str, actual: str) -> None:
    path = SNAPSHOT_DIR / (name if "." in name else f"{name}.txt")
    if os.environ.get("JIXIAO_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"snapshot {path.name} is missing: run with JIXIAO_UPDATE_SNAPSHOTS=1"
    expected = path.read_text(encoding="utf-8")
    if expected != actual:
        diff = "".join(difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                            f"snapshots/{path.name}", "actual"))
        raise AssertionError(f"snapshot {path.name} differs (JIXIAO_UPDATE_SNAPSHOTS=1 to accept):\n{diff}")
