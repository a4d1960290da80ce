"""What the pages and the JSON API do, once each: each function takes the database and
the caller, does the slow engine work (reading, checking) outside any transaction, then
writes in one short transaction through :mod:`jixiao.store`.

A write based on a stale version is refused by the store (409); nothing here overwrites."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from jixiao.store import evaluations as store
from jixiao.store import explanations, queries
from jixiao.store.db import Database
from jixiao.store.errors import Invalid, NotFound
from jixiao.store.models import Comment, Evaluation, Transition, Version
from jixiao.store.roles import FILLER, UNIT_HEAD, Caller
from jixiao.store.workflow import STATUSES, allowed_actions
from jixiao.web import documents, reading

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


@dataclass
class Saved:
    """An evaluation after a write: its row, the version written and the engine's result."""

    evaluation: Evaluation
    version: Version
    result: dict[str, Any]
    reading: reading.Reading | None = None
    field_findings: list[dict[str, Any]] = field(default_factory=list)


def read_upload(content: bytes, filename: str) -> reading.Reading:
    """Read an uploaded file (in a limited child process); failures are a Reading with a message."""
    return reading.read_upload(content, filename or "上传文件")


def _checked(data: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    if not isinstance(data, dict):
        raise Invalid("数据文档应为 JSON 对象")
    import json

    if len(json.dumps(data, ensure_ascii=False)) > MAX_DOCUMENT_BYTES:
        raise Invalid("数据文档过大（超过 5 MB）")
    return data, reading.check(data)


def check_data(data: Any) -> dict[str, Any]:
    """The engine's result for a data document (nothing saved): a preview of a change."""
    return _checked(data)[1]


def _unit_for(db: Database, caller: Caller, unit_id: int | None) -> int:
    if unit_id is not None:
        return unit_id
    with db.reading() as session:
        units = queries.units_for(session, caller, FILLER, UNIT_HEAD)
    if len(units) == 1:
        return units[0].id
    if not units:
        raise Invalid("您没有可填报的单位")
    raise Invalid("您可填报多个单位，请指明单位（unit_id）")


def create_from_data(db: Database, caller: Caller, data: Any, *, unit_id: int | None = None,
                     origin: str = "数据文档") -> Saved:
    data, result = _checked(data)
    kind, year, title, framework = reading.describe(data)
    if year is None:
        raise Invalid("数据文档缺少年度（整体支出写在 unit.year，项目支出写在 project.year）")
    unit = _unit_for(db, caller, unit_id)
    with db.writing() as session:
        evaluation, version = store.create(session, caller, unit_id=unit, kind=kind, year=year, data=data,
                                           figures=reading.figures(result), title=title,
                                           framework=result.get("framework") or framework, origin=origin)
    return Saved(evaluation, version, result)


def create_from_upload(db: Database, caller: Caller, content: bytes, filename: str, *,
                       unit_id: int | None = None) -> Saved:
    read = read_upload(content, filename)
    if read.data is None:
        raise Invalid(read.message, findings=read.findings, format=read.format)
    saved = create_from_data(db, caller, read.data, unit_id=unit_id, origin=f"上传：{filename}"[:400])
    saved.reading = read
    return saved


def save_data(db: Database, caller: Caller, evaluation_id: int, *, based_on: int, data: Any,
              origin: str = "整体保存") -> Saved:
    _check_editable(db, caller, evaluation_id, based_on)
    data, result = _checked(data)
    _kind, _year, title, _framework = reading.describe(data)
    with db.writing() as session:
        evaluation = store.for_writing(session, caller, evaluation_id)
        version = store.save_version(session, caller, evaluation, based_on=based_on, data=data,
                                     figures=reading.figures(result), origin=origin, title=title or None)
    return Saved(evaluation, version, result)


def _check_editable(db: Database, caller: Caller, evaluation_id: int, based_on: int) -> None:
    """Refuse early (before the engine runs) what the store would refuse anyway."""
    with db.reading() as session:
        evaluation = queries.get_evaluation(session, caller, evaluation_id)
        queries.require(caller, evaluation, "edit")
        store.check_current(evaluation, based_on)


def save_field(db: Database, caller: Caller, evaluation_id: int, *, based_on: int, pointer: str,
               value: Any) -> Saved:
    """Set one field (the live form's save): a new version, with the findings at that field."""
    if value is not None and not isinstance(value, str | int | float | bool | list | dict):
        raise Invalid("字段值类型不支持")
    with db.reading() as session:
        evaluation = queries.get_evaluation(session, caller, evaluation_id)
        queries.require(caller, evaluation, "edit")
        store.check_current(evaluation, based_on)
        current = queries.version_of(session, evaluation).data
    data = documents.set_field(current, pointer, value)
    data, result = _checked(data)
    title = reading.describe(data)[2]
    with db.writing() as session:
        evaluation = store.for_writing(session, caller, evaluation_id)
        version = store.save_version(session, caller, evaluation, based_on=based_on, data=data,
                                     figures=reading.figures(result), origin=f"字段：{pointer}",
                                     title=title or None)
    return Saved(evaluation, version, result, field_findings=findings_at(result, pointer))


# The lists of a data document whose rows a clerk adds and removes (docs/input-format.md).
ROW_LISTS = re.compile(r"^(?:/self_evaluation/indicators(?:/\d+/groups(?:/\d+/items)?)?"
                       r"|/indicators(?:/\d+/groups(?:/\d+/items)?)?"
                       r"|/funds/rows|/basic_data/expenses/project_categories|/basic_data/buildings"
                       r"|/report/public_budget/projects/items|/report/performance/projects/items)$")


def change_rows(db: Database, caller: Caller, evaluation_id: int, *, based_on: int, pointer: str, action: str,
                index: int | None = None) -> Saved:
    """Add a row at the end of a list of the document (an indicator, a project, a fund
    source …), or remove row ``index``: a new version, based on ``based_on`` (409 when
    stale), like a field's save. A new row is empty: the findings ask for what it needs."""
    if ROW_LISTS.match(pointer) is None:
        raise Invalid(f"“{pointer}”不是可增删行的表格")
    with db.reading() as session:
        evaluation = queries.get_evaluation(session, caller, evaluation_id)
        queries.require(caller, evaluation, "edit")
        store.check_current(evaluation, based_on)
        current = queries.version_of(session, evaluation).data
    rows = documents.get_field(current, pointer)
    count = len(rows) if isinstance(rows, list) else 0
    if action == "add":
        data, origin = documents.set_field(current, f"{pointer}/-", {}), f"新增行：{pointer}/{count}"
    elif action == "remove":
        if index is None or not 0 <= index < count:
            raise Invalid(f"要删除的行（第 {'?' if index is None else index + 1} 行）不存在，请刷新页面")
        data, origin = documents.set_field(current, f"{pointer}/{index}", None), f"删除行：{pointer}/{index}"
    else:
        raise Invalid(f"未知操作“{action}”：应为 add（新增行）或 remove（删除行）")
    data, result = _checked(data)
    title = reading.describe(data)[2]
    with db.writing() as session:
        evaluation = store.for_writing(session, caller, evaluation_id)
        version = store.save_version(session, caller, evaluation, based_on=based_on, data=data,
                                     figures=reading.figures(result), origin=origin, title=title or None)
    return Saved(evaluation, version, result)


MAX_EXPLANATION = 2000
_FINDING_ID = re.compile(r"^[0-9A-Za-z_.:-]{1,64}$")


def explain(db: Database, caller: Caller, evaluation_id: int, *, based_on: int, finding: str, text: str | None
            ) -> Saved:
    """Write (or, with an empty text, remove) the unit's explanation of one finding of the
    current version — 问题说明, the document's ``explanations`` — as a new version based on
    ``based_on`` (409 when stale), like a field's save. An explained error no longer keeps
    the rendered report a draft, and no longer needs the submission's own explanation."""
    finding, text = (finding or "").strip(), (text or "").strip()
    if _FINDING_ID.match(finding) is None:
        raise Invalid(f"问题编号“{finding[:80]}”无效")
    if len(text) > MAX_EXPLANATION:
        raise Invalid(f"问题说明过长（{len(text)} 字，最多 {MAX_EXPLANATION} 字）")
    with db.reading() as session:
        evaluation = queries.get_evaluation(session, caller, evaluation_id)
        queries.require(caller, evaluation, "edit")
        store.check_current(evaluation, based_on)
        version = queries.version_of(session, evaluation)
        current, result = version.data, version.result or {}
    ids = {str(f.get("id") or "") for f in result.get("findings") or ()}
    had = explanations.with_explanation(current, finding, "") != current
    if text and finding not in ids:
        raise Invalid(f"第 {based_on} 版没有编号为“{finding}”的核查发现（数据修改后问题可能已消失），请刷新页面")
    if not text and not had:
        raise Invalid(f"编号为“{finding}”的问题没有说明可删除")
    data, result = _checked(explanations.with_explanation(current, finding, text))
    title = reading.describe(data)[2]
    origin = f"问题说明：{finding}" if text else f"删除问题说明：{finding}"
    with db.writing() as session:
        evaluation = store.for_writing(session, caller, evaluation_id)
        saved = store.save_version(session, caller, evaluation, based_on=based_on, data=data,
                                   figures=reading.figures(result), origin=origin, title=title or None)
    return Saved(evaluation, saved, result)


def explanations_view(data: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    """The errors of a version, each with the unit's explanation (or null), the number left
    neither fixed nor explained, and the explanations whose finding is gone."""
    written = explanations.written(data)
    items = [{"finding": f.get("id"), "code": f.get("code"), "level": f.get("level"), "message": f.get("message"),
              "field": f.get("field"), "explanation": written.get(str(f.get("id") or ""))}
             for f in explanations.errors(result)]
    return {"items": items, "open": sum(1 for i in items if i["explanation"] is None),
            "stale": [{"finding": k, "text": v} for k, v in explanations.stale(data, result).items()]}


def findings_at(result: dict[str, Any], pointer: str) -> list[dict[str, Any]]:
    """The findings that point at this field (or under it) in any of their locations."""
    out = []
    for finding in result.get("findings", []):
        places = {finding.get("field") or ""} | {loc.get("field") or "" for loc in finding.get("locations", [])}
        if any(p == pointer or p.startswith(pointer + "/") for p in places):
            out.append(finding)
    return out


def upload_into(db: Database, caller: Caller, evaluation_id: int, *, based_on: int, content: bytes,
                filename: str) -> Saved:
    _check_editable(db, caller, evaluation_id, based_on)
    read = read_upload(content, filename)
    if read.data is None:
        raise Invalid(read.message, findings=read.findings, format=read.format)
    saved = save_data(db, caller, evaluation_id, based_on=based_on, data=read.data,
                      origin=f"上传：{filename}"[:400])
    saved.reading = read
    return saved


def act(db: Database, caller: Caller, evaluation_id: int, *, action: str, version: int, comment: str = "",
        review_score: Any = None) -> tuple[Evaluation, Transition]:
    with db.writing() as session:
        evaluation = store.for_writing(session, caller, evaluation_id)
        row = store.transition(session, caller, evaluation, action=action, version=version, comment=comment,
                               review_score=review_score)
    return evaluation, row


def publish(db: Database, caller: Caller, items: list[tuple[int, int]]) -> list[dict[str, Any]]:
    with db.writing() as session:
        return store.publish_batch(session, caller, items)


def comment(db: Database, caller: Caller, evaluation_id: int, *, version: int, pointer: str, text: str) -> Comment:
    with db.writing() as session:
        evaluation = queries.get_evaluation(session, caller, evaluation_id)
        return store.add_comment(session, caller, evaluation, version=version, field=pointer, text=text)


def diff(db: Database, caller: Caller, evaluation_id: int, before: int | None, after: int | None
         ) -> dict[str, Any]:
    """Field-level changes between two versions; by default, from the submission before the
    current version (what the reviewer saw last time) to the current version."""
    with db.reading() as session:
        evaluation = queries.get_evaluation(session, caller, evaluation_id)
        after = evaluation.version if after is None else after
        if before is None:
            submitted = [t.version for t in queries.list_transitions(session, caller, evaluation_id)
                         if t.action == "submit" and t.version < after]
            before = submitted[-1] if submitted else max(after - 1, 1)
        if before < 1:
            raise NotFound("没有可比较的更早版本")
        old = queries.version_of(session, evaluation, before).data
        new = queries.version_of(session, evaluation, after).data
    return {"id": evaluation_id, "from": before, "to": after, "changes": documents.diff(old, new)}


def evaluation_view(caller: Caller, evaluation: Evaluation) -> dict[str, Any]:
    """An evaluation row as JSON (without its document)."""
    return _view(caller, evaluation, evaluation.unit.name, evaluation.unit.path)


def list_row_view(caller: Caller, row: Any) -> dict[str, Any]:
    """A row of :func:`queries.list_rows` as :func:`evaluation_view` gives its evaluation."""
    return _view(caller, row, row.unit_name, row.unit_path)


def _view(caller: Caller, evaluation: Any, unit_name: str, unit_path: str) -> dict[str, Any]:
    roles = caller.roles_at(unit_path) if caller.user_id is not None else set()
    return {
        "id": evaluation.id, "unit": {"id": evaluation.unit_id, "name": unit_name},
        "year": evaluation.year, "kind": evaluation.kind, "title": evaluation.title,
        "framework": evaluation.framework, "status": evaluation.status,
        "status_label": STATUSES[evaluation.status], "version": evaluation.version,
        "submitted_version": evaluation.submitted_version,
        "self_score": _text(evaluation.self_score), "review_score": _text(evaluation.review_score),
        "reported_total": _text(evaluation.reported_total), "recomputed_total": _text(evaluation.recomputed_total),
        "grade": evaluation.grade, "execution_rate": _text(evaluation.execution_rate),
        "counts": {"error": evaluation.errors, "warning": evaluation.warnings, "info": evaluation.infos},
        "times_returned": evaluation.times_returned,
        "updated_at": _utc(evaluation.updated_at).isoformat() if evaluation.updated_at else None,
        "actions": allowed_actions(roles, evaluation.status),
    }


def _utc(moment: dt.datetime) -> dt.datetime:
    """A stored moment with its offset: SQLite gives back naive datetimes (stored in UTC),
    PostgreSQL and a row just written give aware ones; the API answers the same for both."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _text(value: Any) -> str | None:
    return None if value is None else format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)


def saved_view(caller: Caller, saved: Saved) -> dict[str, Any]:
    out = evaluation_view(caller, saved.evaluation)
    out.update({"version": saved.version.number, "findings": saved.result.get("findings", []),
                "score": saved.result.get("score"), "counts": saved.result.get("counts")})
    if saved.reading is not None:
        out["reading"] = {"format": saved.reading.format, "findings": saved.reading.findings}
    return out


def frameworks(kind: str = "overall") -> list[dict[str, Any]]:
    """The built-in frameworks of a kind (a yearly task's 整体支出 evaluations use one)."""
    from jixiao import api

    return [f for f in api.frameworks() if f.get("kind") == kind]


def _task_drafts(db: Database, unit_ids: list[int], year: int, framework: str) -> list[Any]:
    """Each unit's first data document (naming its unit, year and framework) with the
    engine's figures for it."""
    from jixiao.store.models import Organisation

    drafts = []
    with db.reading() as session:
        for unit_id in dict.fromkeys(unit_ids):  # each unit once, in order
            unit = session.get(Organisation, unit_id)
            if unit is None:
                raise NotFound(f"单位 {unit_id} 不存在")
            data = {"kind": "overall", "framework": framework,
                    "title": f"{year}年度{unit.name}整体支出绩效自评报告",
                    "unit": {"name": unit.name, "year": str(year)}}
            drafts.append((unit_id, data, reading.figures(reading.check(data))))
    return drafts


def open_task(db: Database, caller: Caller, *, bureau_id: int, year: int, framework: str,
              deadline: Any, unit_ids: list[int]) -> Any:
    """Open a year for units: each gets a 整体支出 draft naming its unit, year and framework."""
    from jixiao.store import tasks

    known = [f["id"] for f in frameworks()]
    if framework not in known:
        raise Invalid(f"评价框架“{framework}”不是内置的整体支出框架；可选：{'、'.join(known)}")
    drafts = _task_drafts(db, unit_ids, year, framework)
    with db.writing() as session:
        return tasks.open_task(session, caller, bureau_id=bureau_id, year=year, framework=framework,
                               deadline=deadline, units=drafts)


def add_task_units(db: Database, caller: Caller, task_id: int, unit_ids: list[int]) -> list[int]:
    """Include more units in a yearly task, each with its 整体支出 draft."""
    from jixiao.store import admin

    with db.reading() as session:
        task = admin.administered_task(session, caller, task_id)
        year, framework = task.year, task.framework
    drafts = _task_drafts(db, unit_ids, year, framework)
    with db.writing() as session:
        return admin.add_units(session, caller, task_id, drafts)


def login(db: Database, username: str, password: str, address: str = "",
          limits: Any = None) -> tuple[str, str] | None:
    """A new browser session for a good username and password: (cookie value, CSRF token).
    Refused with :class:`~jixiao.store.throttle.TooManyAttempts` after too many failures."""
    from jixiao.store import auth

    opened: tuple[str, str] | None = _signed_in(db, username, password, address, limits, auth.open_session)
    return opened


def _signed_in(db: Database, username: str, password: str, address: str, limits: Any, then: Any) -> Any:
    """``then(session, user, address)`` for a good username and password under the login
    rate limit; None for a bad one (counted)."""
    from jixiao.store import auth, throttle

    limits = limits or throttle.DEFAULT
    with db.writing() as session:
        refused = throttle.check(session, username, address, limits)
        if refused is None:
            user = auth.authenticate(session, username, password)
            if user is None:
                throttle.failed(session, username, address, limits)
                return None
            throttle.succeeded(session, username)
            return then(session, user, address)
    raise refused


def logout(db: Database, secret: str) -> None:
    from jixiao.store import auth

    with db.writing() as session:
        auth.close_session(session, secret)


def issue_token(db: Database, username: str, password: str, address: str = "", name: str = "",
                limits: Any = None) -> tuple[str, Any] | None:
    from jixiao.store import auth

    issued: tuple[str, Any] | None = _signed_in(db, username, password, address, limits,
                                                lambda session, user, addr: auth.issue_token(session, user, addr, name))
    return issued


def detail(db: Database, caller: Caller, evaluation_id: int, number: int | None = None) -> dict[str, Any]:
    """An evaluation with a version's data document and result, its comments, review
    scores and transitions (what the form and the review page show)."""
    with db.reading() as session:
        evaluation = queries.get_evaluation(session, caller, evaluation_id)
        version = queries.version_of(session, evaluation, number)
        out = evaluation_view(caller, evaluation)
        out.update({
            "version": version.number, "current_version": evaluation.version,
            "data": version.data, "result": version.result,
            "version_info": version_view(version),
            "explanations": explanations_view(version.data, version.result or {}),
            "comments": [comment_view(c) for c in queries.list_comments(session, caller, evaluation_id)],
            "review_scores": [{"version": r.version, "score": _text(r.score), "self_score": _text(r.self_score),
                               "reason": r.reason, "reviewer_id": r.reviewer_id,
                               "at": r.created_at.isoformat()}
                              for r in queries.list_review_scores(session, caller, evaluation_id)],
            "transitions": [{"action": t.action, "from": t.from_status, "to": t.to_status, "version": t.version,
                             "comment": t.comment, "user_id": t.user_id, "at": t.created_at.isoformat()}
                            for t in queries.list_transitions(session, caller, evaluation_id)],
        })
    return out


def version_view(version: Version) -> dict[str, Any]:
    counts = (version.result or {}).get("counts") or {}
    return {"number": version.number, "based_on": version.based_on, "content_hash": version.content_hash,
            "origin": version.origin, "author_id": version.author_id, "at": version.created_at.isoformat(),
            "counts": counts}


def comment_view(c: Comment) -> dict[str, Any]:
    return {"id": c.id, "version": c.version, "field": c.field, "text": c.text, "author_id": c.author_id,
            "at": c.created_at.isoformat()}


def add_organisation(db: Database, caller: Caller, *, name: str, kind: str, parent_id: int) -> Any:
    from jixiao.store import auth

    with db.writing() as session:
        parent = auth.administer(session, caller, parent_id)
        return auth.add_organisation(session, name, kind, parent, by=caller)


def add_user(db: Database, caller: Caller, *, username: str, password: str, organisation_id: int,
             role: str, display_name: str = "") -> Any:
    from jixiao.store import auth

    with db.writing() as session:
        org = auth.administer(session, caller, organisation_id)
        user = auth.add_user(session, username, password, org, role, display_name, by=caller)
        return {"id": user.id, "username": user.username, "role": role, "organisation_id": org.id}
