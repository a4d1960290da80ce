"""Auditing documents from outside in limited child processes, several per child.

Each document of an import is read and checked in a child process with memory and time
limits (:func:`jixiao.readers.isolated.run_isolated`), as every upload is. A child per
document costs about as much as auditing a text report ten times over, so a child takes
a batch of documents: inside it each document has a soft time limit of its own (an alarm
that ends a Python loop and becomes that document's row), and anything worse — a crash,
an abort in native code, the memory limit, the batch's CPU or wall-clock limit — ends the
child. Then the batch is read again one document per child, so the document that killed
it gets the failed row (``input.reader-died`` with the reason) and the others their
results: one bad document is one failed row, never a lost batch or a dead job.

The functions sent to the child are module-level (they travel by reference); this module
imports nothing heavy at import time, for the children's sake."""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable
from typing import Any

# Documents per child (``$JIXIAO_IMPORT_BATCH``): more is faster (docs/benchmarks.md), and a
# cancel request waits for the batch in hand.
BATCH = max(1, int(os.environ.get("JIXIAO_IMPORT_BATCH", "") or 25))
MEMORY = 2 * 1024 * 1024 * 1024  # address space of a reading child
SECONDS = 60.0  # one document's limit (as for an upload)
MAX_FINDINGS = 200  # findings kept per document row
PRELOAD = ["jixiao.jobs.warm"]


class _Timeout(BaseException):
    """The soft limit of one document (a BaseException: ``except Exception`` in a check
    must not swallow it)."""


def _alarm(_signum: int, _frame: Any) -> None:
    raise _Timeout


def _error(name: str, reason: str) -> dict[str, Any]:
    from jixiao.audit.rows import error_document

    row: dict[str, Any] = dict(error_document(name, reason))
    return row


def _audit_one(content: bytes, name: str, framework: str | None, want_data: bool) -> dict[str, Any]:
    from jixiao import api
    from jixiao.audit.rows import audit_loaded
    from jixiao.readers.load import load_bytes

    audited = audit_loaded(load_bytes(content, name), framework)
    out: dict[str, Any] = {"document": audited["document"], "findings": audited["findings"][:MAX_FINDINGS],
                           "findings_total": len(audited["findings"])}
    if want_data and audited["document"]["error"] is None:
        try:
            out["data"] = api.to_data(api.read(content, name))
        except api.ReadError:
            out["data"] = None
    return out


def _audit_batch(payload: bytes, _name: str) -> list[dict[str, Any]]:
    """In the child: every document of the batch, each under its own soft time limit."""
    job = pickle.loads(payload)
    seconds = float(job["seconds"])
    signal.signal(signal.SIGALRM, _alarm)
    rows: list[dict[str, Any]] = []
    for name, content in job["documents"]:
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            try:
                rows.append(_audit_one(content, name, job["framework"], job["want_data"]))
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        except _Timeout:
            rows.append(_error(name, f"处理超时（超过 {seconds:g} 秒），未读取"))
        except RecursionError:
            rows.append(_error(name, "文件结构嵌套过深，无法处理"))
        except Exception as exc:  # one document's failure is its row
            rows.append(_error(name, f"处理出错（{type(exc).__name__}: {str(exc)[:120]}）"))
    return rows


Worker = Callable[[bytes, str], list[dict[str, Any]]]


def audit_documents(documents: list[tuple[str, bytes]], *, framework: str | None = None, want_data: bool = False,
                    memory_bytes: int | None = None, seconds: float | None = None,
                    worker: Worker | None = None) -> list[dict[str, Any]]:
    """One row per document, in order: the audit's document row and findings (and the
    data document when ``want_data``), or a row whose ``error`` says why it was not read.

    ``worker`` (a module-level function, default :func:`_audit_batch`) is what the child runs."""
    from jixiao.readers.isolated import reader_died, run_isolated

    memory_bytes = MEMORY if memory_bytes is None else memory_bytes
    seconds = SECONDS if seconds is None else seconds
    worker = worker or _audit_batch
    if not documents:
        return []
    payload = pickle.dumps({"documents": documents, "framework": framework, "want_data": want_data,
                            "seconds": seconds})
    # The batch's limit: every document may use its share; one that needs more than the
    # rest together is read again alone, with the whole limit.
    budget = seconds if len(documents) == 1 else min(seconds, 5.0 + 2.0 * len(documents))
    outcome = run_isolated(worker, payload, "batch", memory_bytes=memory_bytes, seconds=budget)
    if isinstance(outcome, list) and len(outcome) == len(documents):
        return outcome
    if len(documents) == 1:
        name = documents[0][0]
        finding = reader_died(name, str(outcome)).findings[0]
        return [_error(name, finding.message)]
    rows: list[dict[str, Any]] = []
    for document in documents:
        rows.extend(audit_documents([document], framework=framework, want_data=want_data,
                                    memory_bytes=memory_bytes, seconds=seconds, worker=worker))
    return rows


def prepare_children() -> None:
    """Start the reading children's fork server with the engine loaded and the usual
    frameworks parsed, so a child starts ready instead of paying for them (``jixiao
    worker`` calls this once, before its threads start)."""
    import multiprocessing

    from jixiao.readers import isolated

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return
    from multiprocessing import forkserver

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([*isolated._PRELOAD, *PRELOAD])
    forkserver.ensure_running()
