"""The queue: huey, with its storage chosen by a URL.

- ``redis://host:port/db`` — Redis (several app processes and workers, any number of machines);
- ``sqlite:///path`` — huey's SQLite storage in that file (one machine);
- ``immediate`` — no queue: a job runs in the process that submits it, at once (tests);
- unset (``$JIXIAO_QUEUE_URL`` empty) — SQLite storage in a file next to the SQLite
  database (``jixiao.db`` → ``jixiao-queue.db``); with PostgreSQL the queue must be named.

A message carries a job's id and the positions of the items to run (a chunk); everything
else is in the database, so a message lost with a dead worker loses no state (the job shows
its pending items; see docs/deploy.md). A job of many items is split into chunks so that
several workers share it.

The kinds of job register a runner here (:func:`register`); the web layer does, since a
kind acts through the same service functions as the pages."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from jixiao.jobs import lease, state
from jixiao.jobs.models import CANCELLED, FAILED, Job, JobItem
from jixiao.store.db import Database

log = logging.getLogger("jixiao.jobs")
QUEUE_VARIABLE = "JIXIAO_QUEUE_URL"
IMMEDIATE = "immediate"


@dataclass
class Chunk:
    """What a kind's runner gets: the database, the job, its pending items of this chunk,
    and a way to record outcomes and to ask whether the job was cancelled."""

    database: Database
    job: Job
    items: list[JobItem]
    user: Any  # the submitter's User row, or None when removed

    def cancelled(self) -> bool:
        with self.database.reading() as session:
            return state.cancel_requested(session, self.job.id)

    def record(self, outcomes: list[state.Outcome]) -> None:
        with self.database.writing() as session:
            state.record(session, self.job.id, outcomes)


Runner = Callable[[Chunk], None]
_RUNNERS: dict[str, tuple[Runner, int]] = {}


def register(kind: str, runner: Runner, chunk_size: int) -> None:
    """The function that runs chunks of ``chunk_size`` items of jobs of ``kind``."""
    _RUNNERS[kind] = (runner, chunk_size)


def queue_url(explicit: str | None, database_url: str) -> str:
    url = explicit or os.environ.get(QUEUE_VARIABLE) or ""
    if url:
        return url
    parsed = make_url(database_url)
    if parsed.get_backend_name() != "sqlite":
        from jixiao.store.errors import Invalid

        raise Invalid("使用 PostgreSQL 时须设置作业队列地址 JIXIAO_QUEUE_URL（如 redis://127.0.0.1:6379/0）")
    if parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database)
        return f"sqlite:///{path.with_name(path.stem + '-queue.db')}"
    return "sqlite:///jixiao-queue.db"


def make_huey(url: str) -> Any:
    """A huey instance for a queue URL (see the module's docstring)."""
    from huey import MemoryHuey, RedisHuey, SqliteHuey

    if url == IMMEDIATE:
        return MemoryHuey("jixiao", immediate=True, results=False)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey("jixiao", url=url, results=False)
    if url.startswith("sqlite:///"):
        return SqliteHuey("jixiao", filename=url.removeprefix("sqlite:///"), results=False)
    from jixiao.store.errors import Invalid

    raise Invalid(f"无法识别的队列地址“{url}”（应为 redis://…、sqlite:///… 或 immediate）")


class Queue:
    """A huey instance bound to a database: submitting enqueues chunks, a worker runs them."""

    def __init__(self, database: Database, url: str | None = None) -> None:
        from huey import crontab

        self.database = database
        self.url = queue_url(url, database.url)
        self.huey = make_huey(self.url)
        self._task = self.huey.task(name="jixiao_run_chunk")(self._run_chunk)
        self._lock = threading.Lock()
        self.worker = lease.worker_name()
        # Run by the workers' schedulers (every worker runs them; both are idempotent).
        self.huey.periodic_task(crontab(minute="*"), name="jixiao_recover")(self.recover)
        self.huey.periodic_task(crontab(hour="3", minute="20"), name="jixiao_clean")(self.clean)

    @property
    def immediate(self) -> bool:
        return bool(self.huey.immediate)

    def enqueue(self, job: Job) -> None:
        """Put a committed job's pending items on the queue, a chunk per message."""
        if job.kind not in _RUNNERS:
            raise KeyError(job.kind)
        from sqlalchemy import select

        from jixiao.jobs.models import PENDING

        with self.database.reading() as session:
            positions = list(session.scalars(select(JobItem.position).where(
                JobItem.job_id == job.id, JobItem.status == PENDING).order_by(JobItem.position)))
        self._enqueue_positions(job.id, job.kind, positions)

    def _enqueue_positions(self, job_id: int, kind: str, positions: list[int]) -> None:
        size = _RUNNERS[kind][1] if kind in _RUNNERS else 50
        for start in range(0, len(positions), size):
            chunk = positions[start:start + size]
            if self.immediate:
                with self._lock:  # one at a time in the submitting process, as a worker would
                    self._task(job_id, chunk)
            else:
                self._task(job_id, chunk)

    def recover(self) -> lease.Recovered:
        """Queue again the items whose worker died (jobs/lease.py): when a worker starts,
        and every minute in the workers."""
        with self.database.writing() as session:
            found = lease.recover(session)
        for job_id, (kind, positions) in found.requeued.items():
            log.warning("job %s: %d item(s) of a dead worker queued again", job_id, len(positions))
            self._enqueue_positions(job_id, kind, positions)
        return found

    def clean(self) -> int:
        """Delete the outputs of jobs finished longer ago than the retention (jobs/retention.py)."""
        from jixiao.jobs import retention

        with self.database.writing() as session:
            return retention.clean(session).items

    def _run_chunk(self, job_id: int, positions: list[int]) -> None:
        with self.database.writing() as session:
            claimed = state.claim(session, job_id, positions, self.worker)
        if claimed is None or not claimed.items:
            return
        chunk = Chunk(self.database, claimed.job, claimed.items, claimed.user)
        if chunk.cancelled():
            chunk.record(state.cancelled_outcomes(claimed.items))
            return
        runner = _RUNNERS.get(claimed.job.kind)
        try:
            if runner is None:
                raise LookupError(f"unknown job kind {claimed.job.kind!r}")
            with lease.Heartbeat(self.database, [i.id for i in claimed.items], self.worker, lease.lease_seconds()):
                runner[0](chunk)
        except Exception as exc:  # a fault of ours: the chunk's items fail, the job goes on
            log.exception("job %s chunk %s failed", job_id, positions[:1])
            message = f"处理出错（{type(exc).__name__}），已记录，请联系管理员"
            with self.database.writing() as session:
                leftover = list(session.scalars(state.open_items(job_id, positions)))
                state.record(session, job_id, state.failed_outcomes(leftover, message))

    def consumer(self, workers: int = 1) -> Any:
        """A huey consumer of this queue, with the periodic recovery and clean-up."""
        return self.huey.create_consumer(workers=workers, worker_type="thread", periodic=True,
                                         initial_delay=0.05, max_delay=1.0)


__all__ = ["CANCELLED", "FAILED", "Chunk", "Queue", "register"]
