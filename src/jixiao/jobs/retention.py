"""How long a finished job keeps its outputs: the rendered PDFs (the ZIP is made from them
on download), the documents an import kept, and each item's list of findings. After
``$JIXIAO_JOB_RETENTION_DAYS`` days (default 30) they are deleted; the job and its rows
stay — name, status, message, figures, the evaluation made — as its history, and the job
says when its outputs went.

Only jobs that ended (已完成, 已取消) are touched, counted from when they ended: a job
that runs, or waits, keeps everything. ``jixiao jobs clean`` runs it by hand; the workers
run it every night (a huey periodic task)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from jixiao.jobs.models import FINISHED, Job, JobItem
from jixiao.store.errors import Invalid
from jixiao.store.models import utcnow

RETENTION_VARIABLE = "JIXIAO_JOB_RETENTION_DAYS"
DEFAULT_DAYS = 30
REMOVED = "outputs_removed_at"


def retention_days(explicit: int | None = None) -> int:
    """The retention in days: ``explicit``, else ``$JIXIAO_JOB_RETENTION_DAYS``, else 30."""
    raw: object = explicit if explicit is not None else os.environ.get(RETENTION_VARIABLE, "") or DEFAULT_DAYS
    try:
        days = int(str(raw).strip())
    except ValueError:
        raise Invalid(f"作业输出保留天数“{raw}”不是整数（{RETENTION_VARIABLE}）") from None
    if days < 1:
        raise Invalid(f"作业输出保留天数应至少为 1 天（现为 {days}）")
    return days


@dataclass
class Cleaned:
    jobs: int = 0
    items: int = 0
    bytes: int = 0


def clean(db: Session, *, days: int | None = None, now: dt.datetime | None = None, dry_run: bool = False
          ) -> Cleaned:
    """Delete the outputs of the jobs that ended more than ``days`` days before ``now``."""
    kept = retention_days(days)
    now = now or utcnow()
    cutoff = now - dt.timedelta(days=kept)
    out = Cleaned()
    for job in db.scalars(select(Job).where(Job.status.in_(FINISHED), Job.finished_at.is_not(None),
                                            Job.finished_at < cutoff).order_by(Job.id)):
        if (job.result or {}).get(REMOVED):
            continue
        count, size = db.execute(select(func.count(), func.coalesce(func.sum(func.length(JobItem.content)), 0))
                                 .where(JobItem.job_id == job.id, JobItem.content.is_not(None))).one()
        out.jobs += 1
        out.items += int(count)
        out.bytes += int(size)
        if dry_run:
            continue
        for item in db.scalars(select(JobItem).where(JobItem.job_id == job.id)):
            if isinstance(item.detail, dict) and "findings" in item.detail:
                item.detail = {k: v for k, v in item.detail.items() if k != "findings"}
        db.execute(update(JobItem).where(JobItem.job_id == job.id, JobItem.content.is_not(None)).values(content=None))
        job.result = {**(job.result or {}), REMOVED: now.isoformat(), "retention_days": kept}
    db.flush()
    return out
