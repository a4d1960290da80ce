"""Bulk work as jobs, once for the pages and the JSON API: submitting each kind, the
runners a worker calls for each chunk, and the JSON views of jobs and their items.

The runners act through the same calls as the pages (:mod:`jixiao.web.service`,
:mod:`jixiao.web.reading`), for the job's submitter as they are now: a role taken away
meanwhile is a refused item, not a job acting with rights its submitter no longer has.

- ``import``: published reports (files or ZIP archives) audited in limited child
  processes, several per child (:mod:`jixiao.jobs.batch`), a row per document with its
  findings; optionally the report becomes the unit's draft for a yearly task's year.
- ``render``: the PDF report of every evaluation of a year in the caller's scope, then
  one ZIP to download.
- ``publish``: a batch of approved evaluations published (audited per evaluation)."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import zipfile
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from sqlalchemy import select

from jixiao.jobs import archive, batch, drafts, retention, state
from jixiao.jobs.models import CANCELLED, FAILED, FINISHED, ITEM_STATUSES, JOB_STATUSES, OK, SKIPPED, Job, JobItem
from jixiao.jobs.queue import Chunk, Queue, register
from jixiao.store import auth, queries
from jixiao.store.db import Database
from jixiao.store.errors import Forbidden, Invalid, StoreError
from jixiao.store.roles import Caller
from jixiao.store.workflow import APPROVED, may_ever
from jixiao.web import reading, service

IMPORT_CHUNK = 50  # documents per message, read by reading children of batch.BATCH documents each
RENDER_CHUNK = 5
PUBLISH_CHUNK = 50
MAX_RENDER = 5000
KIND_SHORT = {"overall": "整体支出", "project": "项目支出"}


def queue_for(app: FastAPI) -> Queue:
    """The app's queue (made on first use, from ``$JIXIAO_QUEUE_URL``)."""
    queue = getattr(app.state, "job_queue", None)
    if queue is None:
        queue = app.state.job_queue = Queue(app.state.database)
    assert isinstance(queue, Queue)
    return queue


def _submitted(queue: Queue, caller: Caller, *, kind: str, title: str, params: dict[str, Any],
               items: list[state.NewItem]) -> Job:
    with queue.database.writing() as session:
        job = state.submit(session, caller, kind=kind, title=title, params=params, items=items)
    queue.enqueue(job)
    return job


# --- submitting -------------------------------------------------------------------------

def submit_import(queue: Queue, caller: Caller, uploads: list[archive.Upload], *,
                  task_id: int | None = None) -> Job:
    """Audit the documents (files, or ZIP archives of them); with ``task_id``, make each
    report of a unit of that yearly task the unit's draft for the task's year."""
    if not caller.grants:
        raise Forbidden("您没有任何机构的角色，不能提交作业")
    if not uploads:
        raise Invalid("请选择要导入的文件（可多选，或一个 ZIP 压缩包）")
    params: dict[str, Any] = {"files": [u.filename for u in uploads][:50]}
    if task_id is not None:
        with queue.database.reading() as session:
            task = drafts.task_for(session, caller, task_id)
            params.update(task_id=task.id, year=task.year)
    items = archive.expand(uploads)
    names = "、".join(u.filename for u in uploads[:3]) + ("等" if len(uploads) > 3 else "")
    return _submitted(queue, caller, kind="import", title=f"导入核查：{names}（{len(items)} 份）",
                      params=params, items=items)


def submit_render(queue: Queue, caller: Caller, year: int) -> Job:
    with queue.database.reading() as session:
        rows = queries.list_evaluations(session, caller, year=year, limit=MAX_RENDER)
        items = [state.NewItem(_file_name(e.unit.name, e.year, e.kind, e.id), evaluation_id=e.id)
                 for e in rows]
    if not items:
        raise Invalid(f"{year} 年度在您的范围内没有自评，无可生成的 PDF")
    return _submitted(queue, caller, kind="render", title=f"生成 {year} 年度全部自评报告 PDF（{len(items)} 份）",
                      params={"year": year}, items=items)


def submit_publish(queue: Queue, caller: Caller, *, year: int | None = None,
                   chosen: list[tuple[int, int]] | None = None) -> Job:
    """Publish the chosen (id, version) evaluations, or every approved one of ``year``."""
    if not may_ever("publish", caller.roles):
        raise Forbidden("只有财政审核人可以公开自评")
    with queue.database.reading() as session:
        if chosen is not None:
            items = []
            for ident, version in chosen:
                try:
                    e = queries.get_evaluation(session, caller, ident)
                    items.append(state.NewItem(f"{e.unit.name} {e.year} {e.title or KIND_SHORT.get(e.kind, '')}",
                                               evaluation_id=e.id, version=version))
                except StoreError as exc:
                    items.append(state.NewItem(f"评价 {ident}", status=FAILED, message=exc.message))
        else:
            if year is None:
                raise Invalid("请指明年度，或列出要公开的自评")
            rows = queries.list_evaluations(session, caller, year=year, status=APPROVED, limit=MAX_RENDER)
            items = [state.NewItem(f"{e.unit.name} {e.year} {e.title or KIND_SHORT.get(e.kind, '')}",
                                   evaluation_id=e.id, version=e.version) for e in rows]
    if not items:
        raise Invalid(f"{year} 年度在您的范围内没有已通过、待公开的自评")
    return _submitted(queue, caller, kind="publish", title=f"批量公开（{len(items)} 份）",
                      params={"year": year} if year is not None else {}, items=items)


def cancel(database: Database, caller: Caller, job_id: int) -> Job:
    with database.writing() as session:
        return state.cancel(session, caller, job_id)


def _file_name(unit: str, year: int, kind: str, ident: int) -> str:
    safe = re.sub(r'[\\/:*?"<>|\s]+', "_", unit).strip("_") or "单位"
    return f"{safe}-{year}-{KIND_SHORT.get(kind, kind)}-{ident}.pdf"


# --- running ----------------------------------------------------------------------------

def _caller(chunk: Chunk) -> Caller | None:
    user = chunk.user
    if user is None or not user.active:
        return None
    with chunk.database.reading() as session:
        from jixiao.store.models import User

        fresh = session.get(User, user.id)
        return auth.caller_for(fresh, chunk.job.address, via="job") if fresh is not None else None


def _gone(chunk: Chunk, items: list[JobItem]) -> None:
    chunk.record(state.failed_outcomes(items, "提交作业的用户已不存在或已停用，未处理"))


def run_import(chunk: Chunk) -> None:
    caller = _caller(chunk)
    task_id = chunk.job.params.get("task_id")
    if caller is None:
        _gone(chunk, chunk.items)
        return
    step = batch.BATCH
    for start in range(0, len(chunk.items), step):
        part = chunk.items[start:start + step]
        if chunk.cancelled():
            chunk.record(state.cancelled_outcomes(chunk.items[start:]))
            return
        with chunk.database.reading() as session:
            contents = {ident: content for ident, content in session.execute(
                select(JobItem.id, JobItem.content).where(JobItem.id.in_([i.id for i in part])))}
        rows = batch.audit_documents([(i.name, bytes(contents.get(i.id) or b"")) for i in part],
                                     want_data=task_id is not None)
        chunk.record([_imported(chunk, caller, task_id, item, row) for item, row in zip(part, rows, strict=True)])


def _imported(chunk: Chunk, caller: Caller, task_id: int | None, item: JobItem, row: dict[str, Any]
              ) -> state.Outcome:
    document = row["document"]
    detail = {"document": document, "findings": row.get("findings", []),
              "findings_total": row.get("findings_total", len(row.get("findings", [])))}
    if document["error"] and document["unit"] is None:
        return state.Outcome(item.id, FAILED, document["error"], detail=detail)
    counts = document["counts"]
    message = f"错误 {counts['error']} 项，警告 {counts['warning']} 项，提示 {counts['info']} 项"
    if document["error"]:
        message = f"{document['error']}；{message}"
    evaluation_id = None
    data = row.get("data")
    if task_id is not None and isinstance(data, dict):
        figures = reading.figures(reading.check(data))
        try:
            with chunk.database.writing() as session:
                evaluation_id, done = drafts.import_draft(
                    session, caller, int(task_id), unit_name=document["unit"], year=document["year"],
                    kind=str(document["kind"]), data=data, figures=figures,
                    origin=f"批量导入（作业 {chunk.job.id}）：{item.name}")
        except StoreError as exc:
            done = f"未建草稿：{exc.message}"
        message = f"{message}；{done}"
    return state.Outcome(item.id, OK, message, evaluation_id=evaluation_id, detail=detail)


def run_render(chunk: Chunk) -> None:
    caller = _caller(chunk)
    if caller is None:
        _gone(chunk, chunk.items)
        return
    for index, item in enumerate(chunk.items):
        if chunk.cancelled():
            chunk.record(state.cancelled_outcomes(chunk.items[index:]))
            return
        try:
            with chunk.database.reading() as session:
                evaluation = queries.get_evaluation(session, caller, item.evaluation_id or 0)
                data = queries.version_of(session, evaluation).data
            pdf = reading.export(data, "pdf")
        except StoreError as exc:
            chunk.record([state.Outcome(item.id, FAILED, exc.message)])
            continue
        chunk.record([state.Outcome(item.id, OK, f"已生成（{len(pdf) // 1024} KB）", content=pdf)])


def run_publish(chunk: Chunk) -> None:
    caller = _caller(chunk)
    if caller is None:
        _gone(chunk, chunk.items)
        return
    for index, item in enumerate(chunk.items):
        if chunk.cancelled():
            chunk.record(state.cancelled_outcomes(chunk.items[index:]))
            return
        try:
            service.act(chunk.database, caller, item.evaluation_id or 0, action="publish",
                        version=item.version or 0)
        except StoreError as exc:
            chunk.record([state.Outcome(item.id, FAILED, exc.message)])
            continue
        chunk.record([state.Outcome(item.id, OK, "已公开")])


register("import", run_import, IMPORT_CHUNK)
register("render", run_render, RENDER_CHUNK)
register("publish", run_publish, PUBLISH_CHUNK)


# --- views ------------------------------------------------------------------------------

def _at(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def job_view(caller: Caller, job: Job) -> dict[str, Any]:
    percent = 100 if job.total == 0 else int(job.processed * 100 / job.total)
    removed = (job.result or {}).get(retention.REMOVED)
    return {
        "id": job.id, "kind": job.kind, "kind_label": state.KINDS.get(job.kind, job.kind), "title": job.title,
        "status": job.status, "status_label": JOB_STATUSES.get(job.status, job.status),
        "finished": job.status in FINISHED, "total": job.total, "processed": job.processed,
        "succeeded": job.succeeded, "failed": job.failed, "percent": percent,
        "cancel_requested": job.cancel_requested, "can_cancel": state.may_cancel(caller, job),
        "username": job.username, "organisation": {"id": job.organisation_id, "name": job.organisation.name},
        "params": job.params, "created_at": _at(job.created_at), "started_at": _at(job.started_at),
        "finished_at": _at(job.finished_at),
        "download": (f"/api/v1/jobs/{job.id}/download" if job.kind == "render" and job.succeeded
                     and not removed else None),
        "outputs_removed_at": removed,
    }


def item_view(item: JobItem) -> dict[str, Any]:
    document = (item.detail or {}).get("document") or {}
    return {
        "position": item.position, "name": item.name, "status": item.status,
        "status_label": ITEM_STATUSES.get(item.status, item.status), "message": item.message,
        "evaluation_id": item.evaluation_id,
        "unit": document.get("unit"), "year": document.get("year"), "kind": document.get("kind"),
        "counts": document.get("counts"), "score_reported": document.get("score_reported"),
        "score_recomputed": document.get("score_recomputed"),
        "findings": (item.detail or {}).get("findings", []),
        "finished_at": _at(item.finished_at),
        "worker": item.worker, "taken_at": _at(item.taken_at), "attempts": item.attempts,
    }


def job_detail(database: Database, caller: Caller, job_id: int, *, status: str | None = None, limit: int = 200,
               offset: int = 0) -> dict[str, Any]:
    with database.reading() as session:
        job = state.get_job(session, caller, job_id)
        out = job_view(caller, job)
        out["counts"] = state.count_items(session, caller, job_id)
        out["items"] = [item_view(i) for i in state.list_items(session, caller, job_id, status=status,
                                                                limit=limit, offset=offset)]
    return out


def list_view(database: Database, caller: Caller, limit: int = 50) -> list[dict[str, Any]]:
    with database.reading() as session:
        return [job_view(caller, j) for j in state.list_jobs(session, caller, limit=limit)]


def download(database: Database, caller: Caller, job_id: int) -> tuple[str, Iterator[bytes]]:
    """The rendered PDFs as one ZIP (file name, its bytes in pieces), spooled to disk as
    it is written: the PDFs are read from the database one at a time."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 << 20)  # noqa: SIM115 - closed by the stream
    with database.reading() as session:
        job = state.get_job(session, caller, job_id)
        if job.kind != "render":
            raise Invalid("该作业没有可下载的文件")
        removed = (job.result or {}).get(retention.REMOVED)
        if removed:
            days = (job.result or {}).get("retention_days", "")
            raise Invalid(f"该作业生成的文件已于 {str(removed)[:10]} 按保留期限（{days} 天）清理；请重新提交作业")
        written = 0
        with zipfile.ZipFile(spool, "w", zipfile.ZIP_STORED) as out:  # PDFs are compressed already
            for name, content in state.outputs(session, caller, job_id):
                out.writestr(name, content)
                written += 1
    if not written:
        spool.close()
        raise Invalid("该作业还没有生成任何文件")
    spool.seek(0)

    def pieces() -> Iterator[bytes]:
        with spool:
            while piece := spool.read(1 << 20):
                yield piece

    return f"自评报告-{job.params.get('year', '')}-作业{job.id}.zip", pieces()


__all__ = ["CANCELLED", "SKIPPED"]
