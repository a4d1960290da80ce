"""The job pages: the list of jobs with the forms that start them (import published
reports, render a year's PDFs, publish a year's approved evaluations), a job's page with
its progress (an htmx fragment polled every second while it runs, which reloads the page
when the job ends), its items and their findings, cancelling, and the ZIP of PDFs."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from starlette.datastructures import UploadFile

from jixiao.jobs.archive import Upload
from jixiao.jobs.models import ITEM_STATUSES
from jixiao.store import queries
from jixiao.store.errors import StoreError
from jixiao.store.roles import ADMIN, Caller
from jixiao.store.workflow import may_ever
from jixiao.web import bulk
from jixiao.web.api_v1 import MAX_UPLOAD
from jixiao.web.pages.common import PostedForm, check_csrf, database, html_errors, page_context, signed_in
from jixiao.web.pages.evaluations import _form_text
from jixiao.web.pages.render import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(html_errors)])
SHOWN_ITEMS = 500


def _forms(request: Request, caller: Caller) -> dict[str, Any]:
    """What the start forms offer this caller: the yearly tasks it may import drafts into,
    and whether it may publish."""
    with database(request).reading() as session:
        tasks = [t for t in queries.list_tasks(session, caller)
                 if any(g.role == ADMIN and g.organisation_id == t.bureau_id for g in caller.grants)]
    return {"tasks": [{"id": t.id, "label": f"{t.year} 年度（{t.framework}）"} for t in tasks],
            "can_publish": may_ever("publish", caller.roles), "default_year": dt.date.today().year - 1}


def _list_page(request: Request, caller: Caller, error: str = "", status_code: int = 200) -> Response:
    return render(request, "jobs/list.html", page_context(
        request, caller, "jobs", jobs=bulk.list_view(database(request), caller), error=error,
        **_forms(request, caller)), status_code=status_code)


@router.get("/jobs", response_class=HTMLResponse)
def jobs_page(request: Request) -> Response:
    return _list_page(request, signed_in(request))


def _year(form: Any) -> int:
    text = _form_text(form, "year").strip()
    if not text.isdigit() or not 1900 <= int(text) <= 2200:
        from jixiao.store.errors import Invalid

        raise Invalid(f"年度“{text}”不正确，应为四位数字")
    return int(text)


@router.post("/jobs/{kind}", response_class=HTMLResponse)
def start(request: Request, kind: str, form: PostedForm) -> Response:
    caller = signed_in(request)
    check_csrf(request, caller, form)
    queue = bulk.queue_for(request.app)
    try:
        if kind == "import":
            uploads, total = [], 0
            for value in form.getlist("files"):
                if isinstance(value, UploadFile) and value.filename:
                    content = value.file.read(MAX_UPLOAD + 1)
                    total += len(content)
                    if total > MAX_UPLOAD:
                        raise StoreError("上传内容超过 50 MB，请分批上传")
                    uploads.append(Upload(value.filename, content))
            task = _form_text(form, "task_id").strip()
            job = bulk.submit_import(queue, caller, uploads, task_id=int(task) if task.isdigit() else None)
        elif kind == "render":
            job = bulk.submit_render(queue, caller, _year(form))
        elif kind == "publish":
            job = bulk.submit_publish(queue, caller, year=_year(form))
        else:
            from jixiao.store.errors import NotFound

            raise NotFound("未知的作业类别")
    except StoreError as exc:
        return _list_page(request, caller, exc.message, exc.status)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: int, status: str | None = None) -> Response:
    caller = signed_in(request)
    wanted = status if status in ITEM_STATUSES else None
    job = bulk.job_detail(database(request), caller, job_id, status=wanted, limit=SHOWN_ITEMS)
    return render(request, "jobs/detail.html", page_context(
        request, caller, "jobs", job=job, status=wanted, statuses=ITEM_STATUSES, shown=SHOWN_ITEMS))


@router.get("/jobs/{job_id}/progress", response_class=HTMLResponse)
def progress(request: Request, job_id: int) -> Response:
    """The progress fragment; when the job has ended it asks htmx to reload the page,
    which then shows the results."""
    caller = signed_in(request)
    job = bulk.job_detail(database(request), caller, job_id, limit=1)
    headers = {"HX-Refresh": "true"} if job["finished"] else None
    return render(request, "jobs/progress.html", page_context(request, caller, "jobs", job=job), headers=headers)


@router.post("/jobs/{job_id}/cancel", response_class=HTMLResponse)
def cancel(request: Request, job_id: int, form: PostedForm) -> Response:
    caller = signed_in(request)
    check_csrf(request, caller, form)
    bulk.cancel(database(request), caller, job_id)
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


@router.get("/jobs/{job_id}/download")
def download(request: Request, job_id: int) -> Response:
    caller = signed_in(request)
    name, pieces = bulk.download(database(request), caller, job_id)
    return StreamingResponse(pieces, media_type="application/zip",
                             headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})
