"""The JSON API of jobs, ``/api/v1/jobs``: submit an import (files or ZIP archives), the
rendering of a year's PDFs or a batch publication; follow its progress and its items;
cancel it; download what it produced. A submission answers 202 with the job: the work is
done by ``jixiao worker`` (or at once, with the ``immediate`` queue)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from jixiao.jobs.archive import Upload
from jixiao.jobs.models import ITEM_STATUSES
from jixiao.store.errors import Invalid
from jixiao.web import bulk
from jixiao.web.api_v1 import BIG, MAX_UPLOAD, PathId, RowId, Year
from jixiao.web.deps import CallerDep, DatabaseDep, WriterDep

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])
MAX_FILES = 200


class RenderRequest(BaseModel):
    year: Year


class PublishItem(BaseModel):
    id: RowId
    version: Annotated[int, Field(ge=0, le=BIG)]


class PublishRequest(BaseModel):
    year: Year | None = None
    items: list[PublishItem] | None = Field(None, max_length=5000)


def read_uploads(files: list[UploadFile]) -> list[Upload]:
    if len(files) > MAX_FILES:
        raise Invalid(f"一次最多上传 {MAX_FILES} 个文件，可打包为 ZIP")
    uploads, total = [], 0
    for file in files:
        content = file.file.read(MAX_UPLOAD + 1)
        total += len(content)
        if total > MAX_UPLOAD:
            raise Invalid("上传内容超过 50 MB，请分批上传")
        uploads.append(Upload(file.filename or "上传文件", content))
    return uploads


@router.get("", summary="The jobs the caller can see, newest first")
def list_jobs(caller: CallerDep, database: DatabaseDep) -> dict[str, Any]:
    return {"items": bulk.list_view(database, caller)}


@router.post("/import", status_code=202, summary="Import and audit published reports (files or ZIP archives)")
def submit_import(request: Request, caller: WriterDep, files: Annotated[list[UploadFile], File()],
                  task_id: Annotated[int | None, Form(ge=1, le=BIG)] = None) -> dict[str, Any]:
    job = bulk.submit_import(bulk.queue_for(request.app), caller, read_uploads(files), task_id=task_id)
    return bulk.job_view(caller, job)


@router.post("/render", status_code=202, summary="Render the PDF report of every evaluation of a year")
def submit_render(request: Request, body: RenderRequest, caller: WriterDep) -> dict[str, Any]:
    return bulk.job_view(caller, bulk.submit_render(bulk.queue_for(request.app), caller, body.year))


@router.post("/publish", status_code=202, summary="Publish approved evaluations: those listed, or all of a year")
def submit_publish(request: Request, body: PublishRequest, caller: WriterDep) -> dict[str, Any]:
    chosen = [(i.id, i.version) for i in body.items] if body.items is not None else None
    job = bulk.submit_publish(bulk.queue_for(request.app), caller, year=body.year, chosen=chosen)
    return bulk.job_view(caller, job)


@router.get("/{job_id}", summary="A job: progress, counts by item status, and its items")
def get_job(job_id: PathId, caller: CallerDep, database: DatabaseDep,
            status: Annotated[str | None, Query(max_length=20)] = None,
            limit: Annotated[int, Query(ge=1, le=1000)] = 200,
            offset: Annotated[int, Query(ge=0, le=BIG)] = 0) -> dict[str, Any]:
    if status is not None and status not in ITEM_STATUSES:
        raise Invalid(f"未知的状态“{status}”；可用：{'、'.join(ITEM_STATUSES)}")
    return bulk.job_detail(database, caller, job_id, status=status, limit=limit, offset=offset)


@router.post("/{job_id}/cancel", summary="Cancel a job: items not yet started are left undone")
def cancel_job(job_id: PathId, caller: WriterDep, database: DatabaseDep) -> dict[str, Any]:
    return bulk.job_view(caller, bulk.cancel(database, caller, job_id))


@router.get("/{job_id}/download", summary="What a rendering job produced, as one ZIP")
def download(job_id: PathId, caller: CallerDep, database: DatabaseDep) -> StreamingResponse:
    name, pieces = bulk.download(database, caller, job_id)
    return StreamingResponse(pieces, media_type="application/zip",
                             headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})
