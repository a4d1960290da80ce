"""The JSON API, ``/api/v1``: the contract programs use (and the pages' JSON twins).

Authentication: ``POST /api/v1/tokens`` gives a Bearer token; a browser session cookie
works too, with the ``X-CSRF-Token`` header on writes. Errors answer
``{"error": {"status", "message", …}}`` with the message in Chinese."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile
from fastapi import Path as PathParam
from pydantic import BaseModel, Field

from jixiao.store import queries
from jixiao.store.errors import Invalid, StoreError
from jixiao.store.roles import ROLES
from jixiao.store.workflow import STATUSES
from jixiao.web import exports, service
from jixiao.web.deps import CallerDep, DatabaseDep, OptionalCallerDep, Unauthorised, WriterDep, client_address

router = APIRouter(prefix="/api/v1", tags=["api"])

# Bounds on every number a client sends, so none reaches the database out of its range.
BIG = 2**31 - 1
RowId = Annotated[int, Field(ge=1, le=BIG)]
VersionNumber = Annotated[int, Field(ge=0, le=BIG, description="the version the request is based on")]
Year = Annotated[int, Field(ge=1900, le=2200)]
PathId = Annotated[int, PathParam(ge=1, le=BIG)]
VersionQuery = Annotated[int | None, Query(ge=1, le=BIG)]
YearQuery = Annotated[int | None, Query(ge=1900, le=2200)]
# The score bands of the dashboard's heat map (queries.SCORE_BANDS), spelled out for the schema.
Band = Literal["<50", "50–60", "60–70", "70–80", "80–90", "≥90"]

MAX_UPLOAD = 50 * 1024 * 1024


class TokenRequest(BaseModel):
    username: str = Field(max_length=100)
    password: str = Field(max_length=500)
    name: str = Field("", max_length=100)


class SaveRequest(BaseModel):
    version: VersionNumber
    data: dict[str, Any]


class CreateRequest(BaseModel):
    data: dict[str, Any]
    unit_id: RowId | None = None


class FieldRequest(BaseModel):
    version: VersionNumber
    field: str = Field(max_length=400, description="JSON pointer into the data document")
    value: Any = Field(None, description="the new value (text keeps decimals as written); null removes the field")


class TransitionRequest(BaseModel):
    action: Literal["submit", "forward", "return", "approve", "publish"]
    version: VersionNumber
    comment: str = Field("", max_length=10000)
    review_score: Annotated[str, Field(max_length=20)] | float | None = None


class ExplanationRequest(BaseModel):
    version: VersionNumber
    text: str | None = Field(None, max_length=2000, description="the unit's explanation; empty or null removes it")


class CommentRequest(BaseModel):
    version: VersionNumber
    field: str = Field("", max_length=400)
    text: str = Field(max_length=5000)


class PublishItem(BaseModel):
    id: RowId
    version: VersionNumber


class PublishRequest(BaseModel):
    items: list[PublishItem] = Field(max_length=5000)


class OrganisationRequest(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["department", "unit"]
    parent_id: RowId


class UserRequest(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(max_length=500)
    organisation_id: RowId
    role: Literal["filler", "unit-head", "department-reviewer", "bureau-reviewer", "admin"]
    display_name: str = Field("", max_length=200)


class TaskRequest(BaseModel):
    year: Year
    framework: str = Field("hunan-overall", max_length=100)
    deadline: dt.date | None = None
    unit_ids: list[RowId] = Field(max_length=10000)
    bureau_id: RowId | None = None


def _read_upload(file: UploadFile) -> bytes:
    content = file.file.read(MAX_UPLOAD + 1)
    if len(content) > MAX_UPLOAD:
        raise StoreError("上传文件超过 50 MB")
    return content


# ------------------------------------------------------------------------ auth

@router.post("/tokens", status_code=201, summary="Get a Bearer token for a username and password")
def create_token(body: TokenRequest, request: Request, database: DatabaseDep) -> dict[str, Any]:
    issued = service.issue_token(database, body.username, body.password, client_address(request), body.name,
                                 limits=getattr(request.app.state.settings, "login_limits", None))
    if issued is None:
        raise Unauthorised("用户名或密码不正确")
    token, expires = issued
    return {"token": token, "token_type": "bearer", "expires_at": expires.isoformat()}


@router.get("/me", summary="The caller: user, roles and organisations")
def me(caller: CallerDep, database: DatabaseDep) -> dict[str, Any]:
    with database.reading() as session:
        orgs = {o.id: o for o in queries.list_organisations(session, caller)}
    return {"id": caller.user_id, "username": caller.username,
            "roles": [{"role": g.role, "role_label": ROLES[g.role], "organisation_id": g.organisation_id,
                       "organisation": orgs[g.organisation_id].name if g.organisation_id in orgs else ""}
                      for g in caller.grants]}


# ----------------------------------------------------------------- evaluations

@router.get("/evaluations", summary="Evaluations in the caller's scope")
def list_evaluations(caller: CallerDep, database: DatabaseDep, year: YearQuery = None,
                     status: Annotated[str | None, Query(description="draft, submitted …")] = None,
                     kind: Annotated[str | None, Query(max_length=20)] = None,
                     unit_id: Annotated[int | None, Query(ge=1, le=BIG)] = None,
                     grade: Annotated[Literal["优", "良", "中", "差", "none"] | None,
                                      Query(description="none: not graded")] = None,
                     rule: Annotated[str | None, Query(max_length=80, description="a finding's rule code")] = None,
                     self_band: Annotated[Band | None, Query(description="self score in this band (分)")] = None,
                     review_band: Annotated[Band | None, Query(description="复核得分 in this band (分)")] = None,
                     submitted_on: Annotated[dt.date | None,
                                             Query(description="submitted on this day (China time), "
                                                               "and not sent back since")] = None,
                     limit: Annotated[int, Query(ge=1, le=1000)] = 200,
                     offset: Annotated[int, Query(ge=0, le=BIG)] = 0) -> dict[str, Any]:
    if status is not None and status not in STATUSES:
        raise Invalid(f"未知状态“{status}”；可用：{'、'.join(STATUSES)}")
    filters = queries.EvaluationFilters(year=year, status=status, kind=kind, unit_id=unit_id, grade=grade, rule=rule,
                                        self_band=self_band, review_band=review_band, submitted_on=submitted_on)
    with database.reading() as session:
        by_year = queries.counted_by_year(session, caller, **filters)
        rows = queries.list_rows(session, caller, **filters, limit=limit, offset=offset, by_year=by_year)
        total = sum(n for _year, n in by_year)
        return {"items": [service.list_row_view(caller, row) for row in rows], "total": total, "limit": limit,
                "offset": offset}


@router.post("/evaluations", status_code=201,
             summary="A new evaluation from an uploaded file (multipart 'file') or a data document (JSON)")
async def create_evaluation(request: Request, caller: WriterDep, database: DatabaseDep) -> dict[str, Any]:
    from starlette.concurrency import run_in_threadpool

    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=10)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise Invalid("请上传文件（表单字段 file）")
        unit = form.get("unit_id")
        unit_id = int(unit) if isinstance(unit, str) and unit.isdigit() and len(unit) < 10 else None
        content = await upload.read(MAX_UPLOAD + 1)
        if len(content) > MAX_UPLOAD:
            raise StoreError("上传文件超过 50 MB")
        saved = await run_in_threadpool(service.create_from_upload, database, caller, content,
                                        upload.filename or "上传文件", unit_id=unit_id)
    else:
        try:
            body = CreateRequest.model_validate_json(await request.body())
        except ValueError as exc:
            raise Invalid("请求应为 JSON {data, unit_id} 或上传文件（multipart，字段 file）") from exc
        saved = await run_in_threadpool(service.create_from_data, database, caller, body.data,
                                        unit_id=body.unit_id)
    return service.saved_view(caller, saved)


@router.post("/readings", summary="Read an uploaded file without saving: what was read, and what was not")
def preview_reading(caller: WriterDep, file: Annotated[UploadFile, File()]) -> dict[str, Any]:
    read = service.read_upload(_read_upload(file), file.filename or "上传文件")
    return {"readable": read.data is not None, "format": read.format, "message": read.message,
            "findings": read.findings, "data": read.data}


@router.get("/evaluations/{evaluation_id}", summary="An evaluation with its current data document and result")
def get_evaluation(evaluation_id: PathId, caller: CallerDep, database: DatabaseDep,
                   version: VersionQuery = None) -> dict[str, Any]:
    return service.detail(database, caller, evaluation_id, version)


@router.put("/evaluations/{evaluation_id}", summary="Save a whole data document (409 when the version is stale)")
def put_evaluation(evaluation_id: PathId, body: SaveRequest, caller: WriterDep, database: DatabaseDep
                   ) -> dict[str, Any]:
    saved = service.save_data(database, caller, evaluation_id, based_on=body.version, data=body.data)
    return service.saved_view(caller, saved)


@router.patch("/evaluations/{evaluation_id}/fields",
              summary="Save one field (JSON pointer); answers the new version, that field's findings and the score")
def save_field(evaluation_id: PathId, body: FieldRequest, caller: WriterDep, database: DatabaseDep) -> dict[str, Any]:
    saved = service.save_field(database, caller, evaluation_id, based_on=body.version, pointer=body.field,
                               value=body.value)
    view = service.saved_view(caller, saved)
    view["field"] = body.field
    view["field_findings"] = saved.field_findings
    return view


@router.post("/evaluations/{evaluation_id}/upload", summary="Read an uploaded file into a new version")
def upload_version(evaluation_id: PathId, caller: WriterDep, database: DatabaseDep,
                   file: Annotated[UploadFile, File()], version: Annotated[int, Form(ge=0, le=BIG)]) -> dict[str, Any]:
    saved = service.upload_into(database, caller, evaluation_id, based_on=version, content=_read_upload(file),
                                filename=file.filename or "上传文件")
    return service.saved_view(caller, saved)


@router.post("/evaluations/{evaluation_id}/transitions", summary="Submit, forward, return, approve or publish")
def transition(evaluation_id: PathId, body: TransitionRequest, caller: WriterDep, database: DatabaseDep
               ) -> dict[str, Any]:
    evaluation, row = service.act(database, caller, evaluation_id, action=body.action, version=body.version,
                                  comment=body.comment, review_score=body.review_score)
    view = service.evaluation_view(caller, evaluation)
    view["transition"] = {"action": row.action, "from": row.from_status, "to": row.to_status,
                          "version": row.version, "comment": row.comment}
    return view


@router.post("/publications", summary="Publish a batch of approved evaluations")
def publish(body: PublishRequest, caller: WriterDep, database: DatabaseDep) -> dict[str, Any]:
    return {"items": service.publish(database, caller, [(i.id, i.version) for i in body.items])}


@router.post("/evaluations/{evaluation_id}/comments", status_code=201, summary="Comment on a field of a version")
def add_comment(evaluation_id: PathId, body: CommentRequest, caller: WriterDep, database: DatabaseDep
                ) -> dict[str, Any]:
    row = service.comment(database, caller, evaluation_id, version=body.version, pointer=body.field, text=body.text)
    return service.comment_view(row)


@router.get("/evaluations/{evaluation_id}/comments", summary="Comments on an evaluation")
def list_comments(evaluation_id: PathId, caller: CallerDep, database: DatabaseDep) -> dict[str, Any]:
    with database.reading() as session:
        return {"items": [service.comment_view(c) for c in queries.list_comments(session, caller, evaluation_id)]}


@router.get("/evaluations/{evaluation_id}/versions", summary="The versions of an evaluation")
def list_versions(evaluation_id: PathId, caller: CallerDep, database: DatabaseDep) -> dict[str, Any]:
    with database.reading() as session:
        return {"items": [service.version_view(v) for v in queries.list_versions(session, caller, evaluation_id)]}


@router.get("/evaluations/{evaluation_id}/diff", summary="Field-level differences between two versions")
def diff(evaluation_id: PathId, caller: CallerDep, database: DatabaseDep,
         from_: Annotated[int | None, Query(alias="from", ge=1, le=BIG)] = None,
         to: Annotated[int | None, Query(ge=1, le=BIG)] = None) -> dict[str, Any]:
    return service.diff(database, caller, evaluation_id, from_, to)


@router.get("/evaluations/{evaluation_id}/export.{fmt}", summary="The report (docx, pdf, html), tables (xlsx)")
def export(evaluation_id: PathId, fmt: str, caller: CallerDep, database: DatabaseDep,
           version: VersionQuery = None,
           findings: Annotated[bool, Query(description="append the findings and the unit's explanations "
                                                       "(reports only)")] = False) -> Response:
    with database.reading() as session:
        evaluation = queries.get_evaluation(session, caller, evaluation_id)
        data = queries.version_of(session, evaluation, version).data
        name = f"{evaluation.unit.name}-{evaluation.year}-v{version or evaluation.version}"
    return exports.response(data, fmt, name, with_findings=findings)


@router.get("/evaluations/{evaluation_id}/template.xlsx", summary="The fill-in template, filled from a version")
def template(evaluation_id: PathId, caller: CallerDep, database: DatabaseDep, version: VersionQuery = None) -> Response:
    return export(evaluation_id, "template", caller, database, version)


@router.get("/evaluations/{evaluation_id}/explanations",
            summary="The errors of a version, each with the unit's explanation (问题说明)")
def list_explanations(evaluation_id: PathId, caller: CallerDep, database: DatabaseDep,
                      version: VersionQuery = None) -> dict[str, Any]:
    with database.reading() as session:
        evaluation = queries.get_evaluation(session, caller, evaluation_id)
        row = queries.version_of(session, evaluation, version)
        out = service.explanations_view(row.data, row.result or {})
    return {"id": evaluation_id, "version": row.number, **out}


@router.put("/evaluations/{evaluation_id}/explanations/{finding}",
            summary="Explain one finding (an empty text removes the explanation); 409 when stale")
def put_explanation(evaluation_id: PathId, finding: Annotated[str, PathParam(max_length=64)],
                    body: ExplanationRequest, caller: WriterDep, database: DatabaseDep) -> dict[str, Any]:
    saved = service.explain(database, caller, evaluation_id, based_on=body.version, finding=finding,
                            text=body.text)
    view = service.saved_view(caller, saved)
    view["explanations"] = service.explanations_view(saved.version.data, saved.result)
    return view


# ------------------------------------------------------------ administration

@router.get("/organisations", summary="Organisations in the caller's scope")
def organisations(caller: CallerDep, database: DatabaseDep) -> dict[str, Any]:
    with database.reading() as session:
        return {"items": [{"id": o.id, "name": o.name, "kind": o.kind, "parent_id": o.parent_id}
                          for o in queries.list_organisations(session, caller)]}


@router.post("/organisations", status_code=201, summary="Add a department or unit (administrators)")
def add_organisation(body: OrganisationRequest, caller: WriterDep, database: DatabaseDep) -> dict[str, Any]:
    org = service.add_organisation(database, caller, name=body.name, kind=body.kind, parent_id=body.parent_id)
    return {"id": org.id, "name": org.name, "kind": org.kind, "parent_id": org.parent_id}


@router.post("/users", status_code=201, summary="Add a user, or a role to a user (administrators)")
def add_user(body: UserRequest, caller: WriterDep, database: DatabaseDep) -> dict[str, Any]:
    return dict(service.add_user(database, caller, username=body.username, password=body.password,
                                 organisation_id=body.organisation_id, role=body.role,
                                 display_name=body.display_name))


@router.get("/tasks", summary="Yearly tasks of the caller's bureau")
def list_tasks(caller: CallerDep, database: DatabaseDep) -> dict[str, Any]:
    with database.reading() as session:
        return {"items": [{"id": t.id, "year": t.year, "framework": t.framework, "bureau_id": t.bureau_id,
                           "deadline": t.deadline.isoformat() if t.deadline else None}
                          for t in queries.list_tasks(session, caller)]}


@router.post("/tasks", status_code=201, summary="Open a year for units (administrators)")
def open_task(body: TaskRequest, caller: WriterDep, database: DatabaseDep) -> dict[str, Any]:
    bureau_id = body.bureau_id
    if bureau_id is None:
        bureaus = [g.organisation_id for g in caller.grants if g.role == "admin"]
        if len(bureaus) != 1:
            raise Invalid("请指明财政局（bureau_id）")
        bureau_id = bureaus[0]
    task = service.open_task(database, caller, bureau_id=bureau_id, year=body.year, framework=body.framework,
                             deadline=body.deadline, unit_ids=body.unit_ids)
    return {"id": task.id, "year": task.year, "framework": task.framework}


@router.get("/audit", summary="The audit log (administrators)")
def audit_log(caller: CallerDep, database: DatabaseDep, limit: Annotated[int, Query(ge=1, le=1000)] = 200
              ) -> dict[str, Any]:
    with database.reading() as session:
        return {"items": [{"id": a.id, "at": a.at.isoformat(), "user": a.username, "address": a.address,
                           "action": a.action, "target": a.target, "detail": a.detail}
                          for a in queries.audit_log(session, caller, limit)]}


@router.get("/workflow", summary="The workflow table: which role may take which action in which state")
def workflow() -> dict[str, Any]:
    from jixiao.store.workflow import ACTIONS, TABLE

    return {"statuses": STATUSES, "actions": ACTIONS, "roles": ROLES,
            "steps": [{"action": s.action, "roles": list(s.roles), "from": list(s.from_states), "to": s.to_state,
                       "needs": s.needs} for s in TABLE]}


# -------------------------------------------------------------------- public

@router.get("/public/evaluations", summary="Published evaluations (no login)")
def public_evaluations(database: DatabaseDep, caller: OptionalCallerDep,
                       year: YearQuery = None,
                       limit: Annotated[int, Query(ge=1, le=1000)] = 500,
                       offset: Annotated[int, Query(ge=0, le=BIG)] = 0) -> dict[str, Any]:
    with database.reading() as session:
        rows = queries.public_evaluations(session, year=year, limit=limit, offset=offset)
        return {"items": [_public_view(e) for e in rows]}


def _public_view(e: Any) -> dict[str, Any]:
    return {"id": e.id, "unit": e.unit.name, "year": e.year, "kind": e.kind, "title": e.title,
            "self_score": service._text(e.self_score), "review_score": service._text(e.review_score),
            "grade": e.grade, "published_at": e.published_at.isoformat() if e.published_at else None,
            "exports": {fmt: f"/api/v1/public/evaluations/{e.id}/export.{fmt}" for fmt in ("pdf", "docx", "xlsx")}}


@router.get("/public/evaluations/{evaluation_id}", summary="A published evaluation with its data document")
def public_evaluation(evaluation_id: PathId, database: DatabaseDep) -> dict[str, Any]:
    with database.reading() as session:
        evaluation = queries.public_evaluation(session, evaluation_id)
        version = queries.version_of(session, evaluation)
        out = _public_view(evaluation)
        out.update({"data": version.data, "score": (version.result or {}).get("score")})
        return out


@router.get("/public/evaluations/{evaluation_id}/export.{fmt}", summary="A published report or its tables")
def public_export(evaluation_id: PathId, fmt: str, database: DatabaseDep) -> Response:
    with database.reading() as session:
        evaluation = queries.public_evaluation(session, evaluation_id)
        data = queries.version_of(session, evaluation).data
        name = f"{evaluation.unit.name}-{evaluation.year}"
    return exports.response(data, fmt, name)
