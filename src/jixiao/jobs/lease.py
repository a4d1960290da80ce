"""Leases: an item a worker took (处理中) carries the worker's name and the time it last
said it is still at it (``taken_at``), renewed by a heartbeat while the chunk runs. A
worker killed in the middle of a chunk stops renewing; once its lease has run out — or at
once, when the worker was on this machine and its process is gone — the item goes back to
待处理 and is queued again. An item whose workers died :data:`MAX_ATTEMPTS` times (a
document that takes its worker down with it) becomes a failed row instead, so it cannot
take down every worker in turn.

Recovery runs when a worker starts and every minute in the workers (a huey periodic task);
it is a conditional UPDATE, so several workers running it at once put each item back once."""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from jixiao.jobs import state
from jixiao.jobs.models import CANCELLED, FAILED, PENDING, RUNNING, Job, JobItem
from jixiao.store.db import Database
from jixiao.store.models import utcnow

LEASE_VARIABLE = "JIXIAO_JOB_LEASE"
DEFAULT_LEASE = 300.0  # seconds without a heartbeat before an item is taken back
MAX_ATTEMPTS = 3
GAVE_UP = "处理此项的作业进程已中断 {n} 次（可能是此文件使进程崩溃），不再重试"


def lease_seconds() -> float:
    """The lease (``$JIXIAO_JOB_LEASE`` seconds, at least 10; default 300)."""
    try:
        value = float(os.environ.get(LEASE_VARIABLE, "") or DEFAULT_LEASE)
    except ValueError:
        value = DEFAULT_LEASE
    return max(10.0, value)


def worker_name() -> str:
    """This process as a worker: ``host:pid``."""
    return f"{socket.gethostname()[:80]}:{os.getpid()}"


def renew(db: Session, item_ids: list[int], worker: str) -> int:
    """Say the worker still holds these items; the number still held."""
    if not item_ids:
        return 0
    changed = db.execute(update(JobItem).where(JobItem.id.in_(item_ids), JobItem.status == RUNNING,
                                               JobItem.worker == worker).values(taken_at=utcnow()))
    return int(getattr(changed, "rowcount", 0) or 0)


class Heartbeat:
    """Renews the lease of a chunk's items every quarter lease while the chunk runs, in a
    thread of its own (a document may take minutes to read)."""

    def __init__(self, database: Database, item_ids: list[int], worker: str, lease: float) -> None:
        self.database, self.item_ids, self.worker, self.every = database, item_ids, worker, lease / 4
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="jixiao-heartbeat", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _beat(self) -> None:
        while not self._stop.wait(self.every):
            try:
                with self.database.writing() as session:
                    if not renew(session, self.item_ids, self.worker):
                        return  # every item recorded (or taken back): nothing left to hold
            except Exception:  # a database hiccup: the next beat tries again, the lease has slack
                continue


@dataclass
class Recovered:
    """What one recovery did: items queued again, by job (the job's kind and the positions),
    and items given up (failed) or closed because their job was cancelled."""

    requeued: dict[int, tuple[str, list[int]]] = field(default_factory=dict)
    failed: int = 0
    cancelled: int = 0

    @property
    def count(self) -> int:
        return sum(len(p) for _k, p in self.requeued.values()) + self.failed + self.cancelled


def _gone(worker: str | None, host: str) -> bool:
    """A worker of this machine whose process no longer runs."""
    if not worker or ":" not in worker:
        return False
    name, _, pid = worker.rpartition(":")
    if name != host or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # it runs, as another user
        return False
    return False


def recover(db: Session, *, lease: float | None = None, now: dt.datetime | None = None) -> Recovered:
    """Take back the items whose worker died: lease run out (or never set, by a version
    before leases), or a worker of this machine whose process is gone."""
    now = now or utcnow()
    cutoff = now - dt.timedelta(seconds=lease_seconds() if lease is None else lease)
    host = socket.gethostname()[:80]
    rows = db.execute(select(JobItem.id, JobItem.job_id, JobItem.attempts, JobItem.worker, JobItem.taken_at)
                      .where(JobItem.status == RUNNING)).all()
    dead = [r for r in rows if r.taken_at is None or _aware(r.taken_at) < cutoff or _gone(r.worker, host)]
    out = Recovered()
    if not dead:
        return out
    jobs = {j.id: j for j in db.scalars(select(Job).where(Job.id.in_({r.job_id for r in dead})))}
    by_job: dict[int, list[int]] = defaultdict(list)
    for r in dead:
        job = jobs.get(r.job_id)
        if job is None:
            continue
        if job.cancel_requested or r.attempts >= MAX_ATTEMPTS:
            # closed here, counted once (record writes only over items still open)
            outcome = (state.Outcome(r.id, CANCELLED, "作业已取消，未处理") if job.cancel_requested
                       else state.Outcome(r.id, FAILED, GAVE_UP.format(n=r.attempts)))
            state.record(db, r.job_id, [outcome], among=(RUNNING,))
            if job.cancel_requested:
                out.cancelled += 1
            else:
                out.failed += 1
            continue
        by_job[r.job_id].append(r.id)
    for job_id, ids in by_job.items():
        back = db.execute(update(JobItem).where(
            JobItem.id.in_(ids), JobItem.status == RUNNING,
            or_(JobItem.taken_at.is_(None), JobItem.taken_at < cutoff, JobItem.worker.in_(
                {r.worker for r in dead if r.job_id == job_id and r.worker}))
        ).values(status=PENDING, worker=None, taken_at=None).returning(JobItem.position)).scalars().all()
        if back:
            out.requeued[job_id] = (jobs[job_id].kind, sorted(back))
    return out


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes (stored in UTC)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
