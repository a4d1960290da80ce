"""The tables of jobs: one row per job, one row per item of its work (a document to
import, an evaluation to render or publish).

Progress is counted on the job row (``processed`` of ``total``) with conditional
``UPDATE … SET processed = processed + n``, so several workers finishing chunks of the same
job at once never lose a count, and the one whose update reaches ``total`` closes it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jixiao.store.models import Base, BigId, Document, Organisation, utcnow

QUEUED, RUNNING, DONE, CANCELLED = "queued", "running", "done", "cancelled"
JOB_STATUSES: dict[str, str] = {QUEUED: "排队中", RUNNING: "进行中", DONE: "已完成", CANCELLED: "已取消"}
FINISHED = (DONE, CANCELLED)

PENDING, OK, FAILED, SKIPPED = "pending", "ok", "failed", "skipped"
ITEM_STATUSES: dict[str, str] = {PENDING: "待处理", RUNNING: "处理中", OK: "成功", FAILED: "失败",
                                 SKIPPED: "跳过", CANCELLED: "已取消"}
OPEN = (PENDING, RUNNING)  # an item not yet finished


class Job(Base):
    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # import | render | publish
    status: Mapped[str] = mapped_column(String(20), default=QUEUED)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    username: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(100), default="")
    # The organisation the job was asked for: who may see it follows from its path.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(String(400), default="")
    params: Mapped[dict[str, Any]] = mapped_column(Document, default=dict)
    total: Mapped[int] = mapped_column(Integer, default=0)
    processed: Mapped[int] = mapped_column(Integer, default=0)
    succeeded: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    result: Mapped[dict[str, Any]] = mapped_column(Document, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    organisation: Mapped[Organisation] = relationship(lazy="joined")


class JobItem(Base):
    __tablename__ = "job_items"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(400))
    status: Mapped[str] = mapped_column(String(20), default=PENDING)
    message: Mapped[str] = mapped_column(Text, default="")
    evaluation_id: Mapped[int | None] = mapped_column(ForeignKey("evaluations.id", ondelete="SET NULL"))
    version: Mapped[int | None] = mapped_column(Integer)  # the version an item acts on (publish)
    detail: Mapped[dict[str, Any]] = mapped_column(Document, default=dict)  # findings, counts, unit, year …
    # The input document (import) until it is processed, or the output (a rendered PDF).
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # The lease of an item a worker took (处理中): which worker, and when it last said it
    # is still at it. A lease not renewed in time means the worker died: the item is put
    # back (待处理) and queued again, at most MAX_ATTEMPTS times (jobs/lease.py).
    taken_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    worker: Mapped[str | None] = mapped_column(String(100))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    __table_args__ = (
        UniqueConstraint("job_id", "position"),
        Index("ix_job_items_job_id_status", "job_id", "status"),
        Index("ix_job_items_status_taken_at", "status", "taken_at"),
    )
