"""A reading child that dies on a document: what a crashing native reader does to the
child of an import batch. Module-level, so the child imports it by name."""

from __future__ import annotations

import os
import pickle
from typing import Any

from jixiao.jobs.batch import _audit_batch

CRASH = b"CRASH"


def crashing_batch(payload: bytes, name: str) -> list[dict[str, Any]]:
    """Abort (as a native library's abort does) when the batch holds a document that
    starts with ``CRASH``; otherwise the real batch."""
    documents = pickle.loads(payload)["documents"]
    if any(content.startswith(CRASH) for _name, content in documents):
        os.abort()
    return _audit_batch(payload, name)
