"""Jobs in the database: submitting one, the scoped queries the pages read (a job is seen
by whoever sees its organisation, as evaluations are), cancelling, and what a worker
records as it goes.

The worker side (:func:`claim`, :func:`record`) acts for the queue, not for a caller: the
caller's rights are checked again by each kind when it acts on evaluations."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from jixiao.jobs.models import (
    CANCELLED,
    DONE,
    FAILED,
    FINISHED,
    OK,
    OPEN,
    PENDING,
    QUEUED,
    RUNNING,
    SKIPPED,
    Job,
    JobItem,
)
from jixiao.store import audit
from jixiao.store.errors import Conflict, Forbidden, Invalid, NotFound
from jixiao.store.models import Organisation, User, utcnow
from jixiao.store.queries import under
from jixiao.store.roles import ADMIN, Caller

KINDS: dict[str, str] = {"import": "批量导入核查", "render": "批量生成 PDF", "publish": "批量公开"}
NOT_FOUND = "作业不存在，或不在您的查看范围内"
MAX_ITEMS = 20_000


@dataclass
class NewItem:
    """One item of a job being submitted."""

    name: str
    content: bytes | None = None
    evaluation_id: int | None = None
    version: int | None = None
    status: str = PENDING  # SKIPPED or FAILED for an entry refused before any work
    message: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


def home_organisation(db: Session, caller: Caller) -> Organisation:
    """The organisation a caller's job belongs to: the highest one the caller holds a role at."""
    if not caller.grants:
        raise Forbidden("您没有任何机构的角色，不能提交作业")
    grant = min(caller.grants, key=lambda g: (g.path.count("/"), g.path))
    org = db.get(Organisation, grant.organisation_id)
    if org is None:
        raise NotFound("机构不存在")
    return org


def submit(db: Session, caller: Caller, *, kind: str, title: str, params: dict[str, Any],
           items: list[NewItem]) -> Job:
    """A new job with its items, queued (the caller enqueues it after the commit)."""
    if kind not in KINDS:
        raise Invalid(f"未知的作业类别“{kind}”")
    if not items:
        raise Invalid("没有可处理的内容")
    if len(items) > MAX_ITEMS:
        raise Invalid(f"一次作业最多 {MAX_ITEMS} 项，本次 {len(items)} 项")
    org = home_organisation(db, caller)
    job = Job(kind=kind, status=QUEUED, user_id=caller.user_id, username=caller.username,
              address=caller.address[:100], organisation_id=org.id, organisation=org, title=title[:400],
              params=params, total=len(items), processed=0, succeeded=0, failed=0, result={})
    db.add(job)
    db.flush()
    settled = 0
    for position, item in enumerate(items):
        done = item.status != PENDING
        settled += done
        db.add(JobItem(job_id=job.id, position=position, name=item.name[:400], status=item.status,
                       message=item.message, evaluation_id=item.evaluation_id, version=item.version,
                       detail=item.detail, content=None if done else item.content,
                       finished_at=utcnow() if done else None))
    if settled:
        failed = sum(1 for i in items if i.status == FAILED)
        job.processed, job.failed = settled, failed
        if settled == len(items):
            job.status, job.finished_at = DONE, utcnow()
    db.flush()
    audit.record(db, caller, f"job.{kind}", f"job:{job.id}", items=len(items),
                 **{k: v for k, v in params.items() if isinstance(v, int | str | bool)})
    return job


def _visible(caller: Caller) -> Select[Job]:
    return select(Job).join(Organisation, Organisation.id == Job.organisation_id).where(under(caller.paths()))


def list_jobs(db: Session, caller: Caller, *, limit: int = 50, offset: int = 0) -> list[Job]:
    return list(db.scalars(_visible(caller).order_by(Job.id.desc()).limit(limit).offset(offset)))


def get_job(db: Session, caller: Caller, job_id: int) -> Job:
    found = db.scalar(_visible(caller).where(Job.id == job_id))
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def list_items(db: Session, caller: Caller, job_id: int, *, status: str | None = None, limit: int = 200,
               offset: int = 0) -> list[JobItem]:
    get_job(db, caller, job_id)
    query = select(JobItem).where(JobItem.job_id == job_id)
    if status is not None:
        query = query.where(JobItem.status == status)
    return list(db.scalars(query.order_by(JobItem.position).limit(limit).offset(offset)))


def count_items(db: Session, caller: Caller, job_id: int) -> dict[str, int]:
    get_job(db, caller, job_id)
    rows = db.execute(select(JobItem.status, func.count()).where(JobItem.job_id == job_id)
                      .group_by(JobItem.status))
    return {status: int(n) for status, n in rows}


def outputs(db: Session, caller: Caller, job_id: int) -> Iterable[tuple[str, bytes]]:
    """The files the job produced (a rendered PDF per item), one row at a time."""
    get_job(db, caller, job_id)
    ids = list(db.scalars(select(JobItem.id).where(JobItem.job_id == job_id, JobItem.status == OK,
                                                   JobItem.content.is_not(None)).order_by(JobItem.position)))
    for ident in ids:
        row = db.execute(select(JobItem.position, JobItem.name, JobItem.content).where(JobItem.id == ident)).one()
        yield f"{row.position + 1:04d}-{row.name}", bytes(row.content)


def may_cancel(caller: Caller, job: Job) -> bool:
    return job.status not in FINISHED and (
        job.user_id == caller.user_id or ADMIN in caller.roles_at(job.organisation.path))


def cancel(db: Session, caller: Caller, job_id: int) -> Job:
    """Stop a job: the items no worker has taken are cancelled at once (已取消); a worker
    stops before its next item (it checks between items)."""
    job = get_job(db, caller, job_id)
    if job.status in FINISHED:
        raise Conflict("作业已结束，无法取消")
    if not may_cancel(caller, job):
        raise Forbidden("只有提交人或本机构管理员可以取消作业")
    db.execute(update(Job).where(Job.id == job.id).values(cancel_requested=True))
    waiting = list(db.scalars(select(JobItem).where(JobItem.job_id == job.id, JobItem.status == PENDING)))
    record(db, job.id, cancelled_outcomes(waiting), among=(PENDING,))
    audit.record(db, caller, "job.cancel", f"job:{job.id}", cancelled=len(waiting))
    db.refresh(job)
    return job


# --- the worker side --------------------------------------------------------------------

@dataclass
class Claimed:
    """A chunk a worker is about to run: the job and its items still pending."""

    job: Job
    items: list[JobItem]
    user: User | None


def claim(db: Session, job_id: int, positions: list[int], worker: str = "") -> Claimed | None:
    """The job (marked running) and those of the items at ``positions`` still pending,
    leased to ``worker`` (jobs/lease.py); None when the job no longer exists."""
    job = db.get(Job, job_id)
    if job is None:
        return None
    if job.status == QUEUED:
        db.execute(update(Job).where(Job.id == job_id, Job.status == QUEUED)
                   .values(status=RUNNING, started_at=utcnow()))
    items = list(db.scalars(select(JobItem).where(JobItem.job_id == job_id, JobItem.position.in_(positions),
                                                  JobItem.status == PENDING).order_by(JobItem.position)))
    if items:  # taken: a cancel request no longer closes them, this worker does
        db.execute(update(JobItem).where(JobItem.id.in_([i.id for i in items]), JobItem.status == PENDING)
                   .values(status=RUNNING, worker=worker[:100] or None, taken_at=utcnow(),
                           attempts=JobItem.attempts + 1))
        if worker:  # another worker may have taken some of them first: run only this one's
            mine = set(db.scalars(select(JobItem.id).where(JobItem.id.in_([i.id for i in items]),
                                                           JobItem.worker == worker[:100])))
            items = [i for i in items if i.id in mine]
    user = db.get(User, job.user_id) if job.user_id is not None else None
    return Claimed(job, items, user)


def open_items(job_id: int, positions: list[int]) -> Select[JobItem]:
    return select(JobItem).where(JobItem.job_id == job_id, JobItem.position.in_(positions),
                                 JobItem.status.in_(OPEN))


def cancel_requested(db: Session, job_id: int) -> bool:
    return bool(db.scalar(select(Job.cancel_requested).where(Job.id == job_id)))


@dataclass
class Outcome:
    """What became of one item."""

    item_id: int
    status: str
    message: str = ""
    evaluation_id: int | None = None
    detail: dict[str, Any] | None = None
    content: bytes | None = None  # an output to keep (None clears the input)


def record(db: Session, job_id: int, outcomes: list[Outcome], among: tuple[str, ...] = OPEN) -> bool:
    """Store the outcomes of items still open (``among``) and count them on the job;
    True when this closed the job."""
    if not outcomes:
        return False
    now = utcnow()
    counted: list[Outcome] = []
    for o in outcomes:
        values: dict[str, Any] = {"status": o.status, "message": o.message[:2000], "content": o.content,
                                  "finished_at": now}
        if o.evaluation_id is not None:
            values["evaluation_id"] = o.evaluation_id
        if o.detail is not None:
            values["detail"] = o.detail
        changed = db.execute(update(JobItem).where(JobItem.id == o.item_id, JobItem.status.in_(among))
                             .values(**values))
        if getattr(changed, "rowcount", 1):  # an item recorded already (a chunk run twice) counts once
            counted.append(o)
    ok = sum(1 for o in counted if o.status == OK)
    failed = sum(1 for o in counted if o.status == FAILED)
    db.execute(update(Job).where(Job.id == job_id).values(
        processed=Job.processed + len(counted), succeeded=Job.succeeded + ok, failed=Job.failed + failed))
    row = db.execute(select(Job.processed, Job.total, Job.cancel_requested, Job.status)
                     .where(Job.id == job_id)).one()
    if row.processed >= row.total and row.status not in FINISHED:
        db.execute(update(Job).where(Job.id == job_id).values(
            status=CANCELLED if row.cancel_requested else DONE, finished_at=now))
        return True
    return False


def set_result(db: Session, job_id: int, result: dict[str, Any]) -> None:
    db.execute(update(Job).where(Job.id == job_id).values(result=result))


def cancelled_outcomes(items: Iterable[JobItem]) -> list[Outcome]:
    return [Outcome(i.id, CANCELLED, "作业已取消，未处理") for i in items]


def failed_outcomes(items: Iterable[JobItem], message: str) -> list[Outcome]:
    return [Outcome(i.id, FAILED, message) for i in items]


__all__ = ["CANCELLED", "DONE", "FAILED", "KINDS", "OK", "PENDING", "SKIPPED", "Claimed", "NewItem", "Outcome"]
