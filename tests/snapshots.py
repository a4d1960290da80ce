"""Snapshot tests for outputs people read: compare with ``tests/snapshots/<name>.txt``;
set ``JIXIAO_UPDATE_SNAPSHOTS=1`` to (re)write the snapshot files."""

from __future__ import annotations

import os
from pathlib import Path

SNAPSHOTS = Path(__file__).parent / "snapshots"


def assert_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("JIXIAO_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"snapshot {path} missing: run with JIXIAO_UPDATE_SNAPSHOTS=1"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"output differs from {path} (JIXIAO_UPDATE_SNAPSHOTS=1 to accept)"
