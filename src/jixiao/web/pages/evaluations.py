"""The clerk's pages: the list of evaluations, the evaluation page with its tabs (附件3
自评表, 附件2 基础数据表, 报告正文 or the project table), saving one field at a time with
its findings swapped in, uploading a file as a new version, the versions and downloads.

Every read and write goes through the service functions the JSON API uses."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from jixiao.store import queries
from jixiao.store.errors import Conflict, Invalid, StoreError
from jixiao.store.models import User
from jixiao.store.roles import BUREAU_REVIEWER, DEPARTMENT_REVIEWER, FILLER, UNIT_HEAD, Caller
from jixiao.store.workflow import STATUSES
from jixiao.web import documents, service
from jixiao.web.pages.common import (
    PAGE_SIZE,
    PostedForm,
    check_csrf,
    database,
    html_errors,
    page_context,
    pager,
    signed_in,
)
from jixiao.web.pages.layout import Tab, all_cells, field_label, findings_below, tabs_for
from jixiao.web.pages.render import points, render, templates
from jixiao.web.pages.view import Comment, EvaluationView

router = APIRouter(include_in_schema=False, dependencies=[Depends(html_errors)])

REVIEWERS = {DEPARTMENT_REVIEWER, BUREAU_REVIEWER}
# Downloads are the JSON API's export routes (the session cookie signs them in).
FORMATS = (("export.docx", "Word"), ("export.pdf", "PDF"), ("export.pdf?findings=true&", "PDF（附核查问题与单位说明）"),
           ("export.xlsx", "附件表格 XLSX"), ("template.xlsx", "填报模板 XLSX"))


def _year(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def row_views(caller: Caller, rows: list[Any]) -> list[dict[str, Any]]:
    """List rows (:func:`queries.list_rows`) as the JSON API describes them, with the names
    the list template reads."""
    out = []
    for row in rows:
        view = service.list_row_view(caller, row)
        view.update(unit_name=view["unit"]["name"], recomputed_score=points(view["recomputed_total"]),
                    self_score=points(view["self_score"]), review_score=points(view["review_score"]),
                    errors=view["counts"]["error"], warnings=view["counts"]["warning"],
                    updated=(view["updated_at"] or "")[:16].replace("T", " "))
        out.append(view)
    return out


@router.get("/evaluations", response_class=HTMLResponse)
def evaluation_list(request: Request, year: str | None = None, status: str | None = None,
                    grade: str | None = None, rule: str | None = None, kind: str | None = None,
                    unit_id: str | None = None, self_band: str | None = None, review_band: str | None = None,
                    submitted_on: str | None = None, page: str | None = None) -> Response:
    """The evaluations in the caller's scope, a page of them at a time; the dashboard's
    drill-downs add grade, rule, kind, unit, score bands and the day of submission."""
    caller = signed_in(request)
    chosen_status = status if status in STATUSES else None
    grade = grade if grade in ("优", "良", "中", "差", "none") else None
    rule, kind = (rule[:80] if rule else None), (kind if kind in ("overall", "project") else None)
    unit = _year(unit_id)
    self_band = self_band if self_band in queries.BAND_LABELS else None
    review_band = review_band if review_band in queries.BAND_LABELS else None
    day = _date(submitted_on)
    extra = {"grade": grade, "rule": rule, "kind": kind, "unit_id": unit, "self_band": self_band,
             "review_band": review_band, "submitted_on": day.isoformat() if day else None}
    with database(request).reading() as session:
        filters = queries.EvaluationFilters(year=_year(year), status=chosen_status, grade=grade, rule=rule,
                                            kind=kind, unit_id=unit, self_band=self_band, review_band=review_band,
                                            submitted_on=day)
        by_year, years = queries.counted_and_years(session, caller, **filters)
        at = pager(request, sum(n for _year, n in by_year), page)
        rows = row_views(caller, queries.list_rows(session, caller, **filters, limit=PAGE_SIZE,
                                                          offset=at.offset, by_year=by_year))
    return render(request, "evaluations.html", page_context(
        request, caller, "evaluations", rows=rows, years=years, year=_year(year), status=chosen_status,
        statuses=list(STATUSES.items()), can_create=bool(caller.roles & {FILLER, UNIT_HEAD}), pager=at,
        drill={k: v for k, v in extra.items() if v is not None}))


@router.get("/evaluations/new", response_class=HTMLResponse)
def new_form(request: Request) -> Response:
    """A new evaluation from a file (a 项目支出 evaluation, or a year the bureau opened
    no task for): the unit to file it under and the file."""
    caller = signed_in(request)
    return render(request, "new.html", page_context(request, caller, "evaluations", units=_units(request, caller)))


def _units(request: Request, caller: Caller) -> list[tuple[int, str]]:
    with database(request).reading() as session:
        return [(u.id, u.name) for u in queries.units_for(session, caller, FILLER, UNIT_HEAD)]


@router.post("/evaluations/new", response_class=HTMLResponse)
def create(request: Request, form: PostedForm) -> Response:
    caller = signed_in(request)
    check_csrf(request, caller, form)
    upload, unit = form.get("file"), _form_text(form, "unit_id")
    error, reading_findings = "请选择要上传的文件", []
    if upload is not None and not isinstance(upload, str):
        try:
            content, name = upload.file.read(), upload.filename or "上传文件"
            saved = service.create_from_upload(database(request), caller, content, name,
                                               unit_id=int(unit) if unit.isdigit() else None)
        except StoreError as exc:
            error, reading_findings = exc.message, list(exc.extra.get("findings") or [])
        else:
            return RedirectResponse(f"/evaluations/{saved.evaluation.id}?msg=saved", status_code=303)
    return render(request, "new.html", page_context(request, caller, "evaluations", units=_units(request, caller),
                                                     error=error, reading=reading_findings), status_code=422)


def _comments(session: Any, caller: Caller, evaluation_id: int) -> list[Comment]:
    return _comment_views(session, queries.list_comments(session, caller, evaluation_id))


def _comment_views(session: Any, rows: list[Any]) -> list[Comment]:
    authors = {c.author_id for c in rows if c.author_id is not None}
    names = {u.id: u.display_name or u.username for u in session.scalars(
        select(User).where(User.id.in_(authors)))} if authors else {}
    return [Comment(c.field, c.text, names.get(c.author_id or 0, ""), c.created_at.strftime("%Y-%m-%d %H:%M"),
                    c.version) for c in rows]


def load_page(request: Request, caller: Caller, evaluation_id: int, need: str = "") -> dict[str, Any]:
    """The evaluation row, its current document and result, comments and allowed actions;
    refused (403, saying why) when the page is for an action the caller cannot take now."""
    with database(request).reading() as session:
        evaluation = queries.get_evaluation(session, caller, evaluation_id)
        if need:
            queries.require(caller, evaluation, need)
        version = queries.version_of(session, evaluation)
        return _page(session, caller, evaluation, version)


def saved_page(request: Request, caller: Caller, saved: service.Saved) -> dict[str, Any]:
    """What :func:`load_page` reads, after a write: the evaluation row and the version come
    from the write itself (the document just checked and its result), so only the comments
    are read, not the whole document again. A save answers with parts of the page, none of
    which shows the history (the reason of the last return heads the whole page only)."""
    with database(request).reading() as session:
        return _page(session, caller, saved.evaluation, saved.version, history=False)


def _page(session: Any, caller: Caller, evaluation: Any, version: Any, *, history: bool = True) -> dict[str, Any]:
    info = service.evaluation_view(caller, evaluation)
    # the row is in the caller's scope (fetched through a scoped query): its comments and history follow
    comments = _comment_views(session, queries.comments_of(session, evaluation))
    last_return = next((t.comment for t in reversed(queries.transitions_of(session, evaluation))
                        if t.action == "return"), "") if history else ""
    info.update(unit_name=info["unit"]["name"], kind_label=_kind_label(info["kind"]), return_reason=last_return)
    return {"info": info, "data": version.data, "result": version.result or {}, "comments": comments}


def _kind_label(kind: str) -> str:
    return {"overall": "部门（单位）整体支出", "project": "项目支出"}.get(kind, kind)


def _score(info: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    score = result.get("score") or {}
    return {"self_total": points(score.get("self_total")),
            "recomputed_total": points(score.get("recomputed_display") or score.get("recomputed_total")),
            "grade": score.get("grade"), "review_score": points(info.get("review_score"))}


def _view_and_ctx(caller: Caller, loaded: dict[str, Any]) -> tuple[EvaluationView, dict[str, Any]]:
    info = loaded["info"]
    actions = info["actions"]
    editable = "edit" in actions
    view = EvaluationView(loaded["data"], loaded["result"].get("findings", []), loaded["comments"], editable=editable,
                          computed=loaded["result"].get("computed") or {})
    ctx = {"save_url": f"/evaluations/{info['id']}/field", "comment_url": f"/evaluations/{info['id']}/comments",
           "rows_url": f"/evaluations/{info['id']}/rows",
           "can_comment": "comment" in actions and bool(caller.roles & REVIEWERS), "plain": False}
    return view, ctx


def _can(info: dict[str, Any], caller: Caller) -> dict[str, bool]:
    actions = set(info["actions"])
    return {"upload": "edit" in actions, "submit": "submit" in actions,
            "review": bool(actions & {"forward", "return", "approve"}),
            "diff": info.get("submitted_version") is not None or info["version"] > 1}


@router.get("/evaluations/{evaluation_id}", response_class=HTMLResponse)
def evaluation_page(request: Request, evaluation_id: int, tab: str = "") -> Response:
    caller = signed_in(request)
    loaded = load_page(request, caller, evaluation_id)
    info = loaded["info"]
    tabs = tabs_for(loaded["data"])
    current = next((t for t in tabs if t.key == tab), None)
    tab_key = "findings" if tab == "findings" else (current or tabs[0]).key
    view, ctx = _view_and_ctx(caller, loaded)
    return render(request, "evaluation.html", page_context(
        request, caller, "evaluations", ev=info, v=view, tabs=tabs, tab=current or tabs[0], tab_key=tab_key,
        ctx=ctx, score=_score(info, loaded["result"]), can=_can(info, caller), title=info["title"]))


def _form_text(form: Any, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _tab(data: dict[str, Any], key: str) -> Tab | None:
    return next((t for t in tabs_for(data) if t.key == key), None)


@router.post("/evaluations/{evaluation_id}/field", response_class=HTMLResponse)
def save_field(request: Request, evaluation_id: int, form: PostedForm) -> Response:
    """Save one field (htmx, on change): answers the field with its findings, and out of
    band the score panel, the new version number and the findings of the tab's other fields."""
    caller = signed_in(request)
    check_csrf(request, caller, form)
    pointer = _form_text(form, "field")
    typed = _form_text(form, pointer).strip()
    based_on = int(_form_text(form, "version") or 0)
    tab_key = _form_text(form, "tab")
    try:
        saved = service.save_field(database(request), caller, evaluation_id, based_on=based_on, pointer=pointer,
                                   value=typed or None)
    except Conflict:
        return _conflict(request, caller, evaluation_id, pointer, typed, based_on, tab_key, fragment=True)
    except StoreError as exc:
        return HTMLResponse(f'<div class="flash error">{_escape(exc.message)}</div>', status_code=exc.status)
    loaded = saved_page(request, caller, saved)
    view, ctx = _view_and_ctx(caller, loaded)
    tabs = tabs_for(loaded["data"])
    tab = next((t for t in tabs if t.key == tab_key), None)
    cell = next((c for c in all_cells(tab) if c.path == pointer), None) if tab else None
    macros = _macros()
    parts: list[str] = []
    if cell is not None and tab is not None:
        below = findings_below(tab)
        parts.append(str(macros.cell(view, cell, ctx, wrap=_in_indicators(tab, pointer), below=pointer in below)))
        # the computed cells (totals, rates) follow their parts: each is swapped in whole
        recomputed = _computed_cells(view, ctx, tab, skip=pointer)
        parts.extend(recomputed.values())
        # a save changes findings elsewhere too (both places of a conflict): refresh them all
        parts.extend(str(macros.findings_list(view, c.path, True, *below.get(c.path, ("", ()))))
                     for c in all_cells(tab)
                     if (c.path != pointer or c.path in below) and (c.path not in recomputed or c.path in below))
    parts.append(templates.env.get_template("parts/score.html").render(
        ev=loaded["info"], v=view, score=_score(loaded["info"], loaded["result"]), oob=True,
        saved_at=saved.version.created_at.strftime("%H:%M:%S")))
    parts.append(templates.env.get_template("parts/tabs.html").render(tabs=tabs, tab_key=tab_key, v=view, oob=True))
    parts.append(f'<input type="hidden" id="base-version" name="version" value="{saved.version.number}" '
                 'hx-swap-oob="true">')
    return HTMLResponse("".join(parts))


@router.post("/evaluations/{evaluation_id}/rows", response_class=HTMLResponse)
def change_rows(request: Request, evaluation_id: int, form: PostedForm) -> Response:
    """Add or remove a row of a table (htmx): a new version like a field's save; answers the
    tab re-rendered with its findings, and out of band the score panel, the tabs' counts and
    the new version number. A stale page gets 409 and a message above the tab."""
    caller = signed_in(request)
    check_csrf(request, caller, form)
    pointer, action, tab_key = _form_text(form, "list"), _form_text(form, "action"), _form_text(form, "tab")
    index_text = _form_text(form, "index")
    based_on = int(_form_text(form, "version") or 0) if _form_text(form, "version").isdigit() else 0
    retarget = {"HX-Retarget": "#row-message", "HX-Reswap": "innerHTML"}
    try:
        saved = service.change_rows(database(request), caller, evaluation_id, based_on=based_on, pointer=pointer,
                                    action=action, index=int(index_text) if index_text.isdigit() else None)
    except Conflict as exc:
        current = exc.extra.get("current")
        now = f"已被修改为第 {current} 版" if current else "刚被他人修改"
        message = (f"未保存：此页基于第 {based_on} 版，而评价{now}。"
                   f'<a href="/evaluations/{evaluation_id}?tab={_escape(tab_key)}">重新载入最新版本</a>后再增删行。')
        return HTMLResponse(f'<div class="flash error">{message}</div>', status_code=409, headers=retarget)
    except StoreError as exc:
        return HTMLResponse(f'<div class="flash error">{_escape(exc.message)}</div>', status_code=exc.status,
                            headers=retarget)
    loaded = saved_page(request, caller, saved)
    view, ctx = _view_and_ctx(caller, loaded)
    tabs = tabs_for(loaded["data"])
    tab = next((t for t in tabs if t.key == tab_key), tabs[0])
    parts = [templates.env.get_template("parts/tab.html").render(tab=tab, tab_key=tab.key, v=view, ctx=ctx)]
    parts.append(templates.env.get_template("parts/score.html").render(
        ev=loaded["info"], v=view, score=_score(loaded["info"], loaded["result"]), oob=True,
        saved_at=saved.version.created_at.strftime("%H:%M:%S")))
    parts.append(templates.env.get_template("parts/tabs.html").render(tabs=tabs, tab_key=tab.key, v=view, oob=True))
    parts.append(f'<input type="hidden" id="base-version" name="version" value="{saved.version.number}" '
                 'hx-swap-oob="true">')
    parts.append('<div id="row-message" aria-live="polite" hx-swap-oob="true"></div>')
    return HTMLResponse("".join(parts))


def _computed_cells(view: EvaluationView, ctx: dict[str, Any], tab: Tab, skip: str = "") -> dict[str, str]:
    """The tab's computed cells (sums and rates), each rendered to be swapped in out of band."""
    macros = _macros()
    below = findings_below(tab)
    return {c.path: str(macros.cell(view, c, ctx, oob=True, wrap=_in_indicators(tab, c.path), below=c.path in below))
            for c in all_cells(tab) if c.computed and c.path != skip}


@router.post("/evaluations/{evaluation_id}/preview", response_class=HTMLResponse)
def preview(request: Request, evaluation_id: int, form: PostedForm) -> Response:
    """While the clerk types a figure (htmx, on input after a pause): the tab's computed
    cells as they would be with the typed value, out of band; nothing is saved (the field
    is saved when it changes). The engine computes them, as for a save."""
    caller = signed_in(request)
    check_csrf(request, caller, form)
    pointer, typed, tab_key = _form_text(form, "field"), _form_text(form, "value").strip(), _form_text(form, "tab")
    loaded = load_page(request, caller, evaluation_id, "edit")
    tab = _tab(loaded["data"], tab_key)
    cell = next((c for c in all_cells(tab) if c.path == pointer), None) if tab else None
    if tab is None or cell is None or cell.kind != "figure" or len(typed) > 40:
        return Response(status_code=204)
    data = documents.set_field(loaded["data"], pointer, typed or None)
    result = service.check_data(data)
    view, ctx = _view_and_ctx(caller, {**loaded, "data": data, "result": result})
    return HTMLResponse("".join(_computed_cells(view, ctx, tab, skip=pointer).values()))


def _in_indicators(tab: Tab, pointer: str) -> bool:
    return any(pointer == c.path for section in tab.sections for row in section.indicators for c in row.all())


def _macros() -> Any:
    """The field macros of parts/macros.html, to answer a field alone (htmx): the template's
    module, made once (the macros read nothing but their arguments)."""
    return templates.env.get_template("parts/macros.html").module


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def _conflict(request: Request, caller: Caller, evaluation_id: int, pointer: str, typed: str, based_on: int,
              tab_key: str, *, fragment: bool) -> Response:
    """A stale write: both values side by side, status 409; nothing was saved."""
    with database(request).reading() as session:
        evaluation = queries.get_evaluation(session, caller, evaluation_id)
        current = queries.version_of(session, evaluation)
        theirs, number = documents.get_field(current.data, pointer), current.number
        label = field_label(pointer, tabs_for(current.data), current.data)
    ctx = page_context(request, caller, "evaluations", path=pointer, based_on=based_on, current_version=number,
                       mine=typed or "（空）", theirs="（空）" if theirs in (None, "") else theirs,
                       label=label, ev_id=evaluation_id, tab=tab_key)
    return render(request, "parts/conflict_cell.html" if fragment else "conflict.html", ctx, status_code=409)


@router.post("/evaluations/{evaluation_id}/comments", response_class=HTMLResponse)
def add_comment(request: Request, evaluation_id: int, form: PostedForm) -> Response:
    """A reviewer's comment on a field (htmx): answers the field with the comment shown."""
    caller = signed_in(request)
    check_csrf(request, caller, form)
    pointer, text = _form_text(form, "field"), _form_text(form, "text").strip()
    version = int(_form_text(form, "version") or 0)
    try:
        service.comment(database(request), caller, evaluation_id, version=version, pointer=pointer, text=text)
    except StoreError as exc:
        return HTMLResponse(f'<div class="flash error">{_escape(exc.message)}</div>', status_code=exc.status)
    loaded = load_page(request, caller, evaluation_id)
    view, ctx = _view_and_ctx(caller, loaded)
    for tab in tabs_for(loaded["data"]):
        for c in all_cells(tab):
            if c.path == pointer:
                return HTMLResponse(str(_macros().cell(view, c, ctx)))
    return HTMLResponse('<div class="flash ok">已保存审核意见。</div>')


@router.post("/evaluations/{evaluation_id}/explanations", response_class=HTMLResponse)
def explain(request: Request, evaluation_id: int, form: PostedForm) -> Response:
    """Save the unit's explanation of one finding (htmx): answers its box, and out of band
    the new version number, the summary of errors left and the score panel's counts. A
    stale page gets 409 with the box and a message; nothing is written."""
    caller = signed_in(request)
    check_csrf(request, caller, form)
    finding = _form_text(form, "finding").strip()
    text = "" if _form_text(form, "remove") else _form_text(form, "text")
    based_on = int(_form_text(form, "version")) if _form_text(form, "version").isdigit() else 0
    explanations = _explanation_macros()
    try:
        saved = service.explain(database(request), caller, evaluation_id, based_on=based_on, finding=finding,
                                text=text)
    except Conflict as exc:
        current = exc.extra.get("current")
        now = f"已被修改为第 {current} 版" if current else "刚被他人修改"
        message = (f"未保存：此页基于第 {based_on} 版，而评价{now}。"
                   f'<a href="{request.url.path.rsplit("/", 1)[0]}?tab=findings">重新载入最新版本</a>后再写说明。')
        box = explanations.box(evaluation_id, {"id": finding}, text, True, message)
        return HTMLResponse(str(box), status_code=409)
    except StoreError as exc:
        box = explanations.box(evaluation_id, {"id": finding}, text, True, _escape(exc.message))
        return HTMLResponse(str(box), status_code=exc.status)
    loaded = saved_page(request, caller, saved)
    view, _ctx = _view_and_ctx(caller, loaded)
    said = view.explanation({"id": finding})
    parts = [str(explanations.box(evaluation_id, {"id": finding}, said, view.editable)),
             str(explanations.summary(view, oob=True)),
             f'<input type="hidden" id="base-version" name="version" value="{saved.version.number}" '
             'hx-swap-oob="true">',
             f'<span id="submit-version" hx-swap-oob="true">{saved.version.number}</span>',
             templates.env.get_template("parts/score.html").render(
                 ev=loaded["info"], v=view, score=_score(loaded["info"], loaded["result"]), oob=True,
                 saved_at=saved.version.created_at.strftime("%H:%M:%S"))]
    return HTMLResponse("".join(parts))


def _explanation_macros() -> Any:
    return templates.env.get_template("parts/explanations.html").module


# ------------------------------------------------------------------ upload

@router.get("/evaluations/{evaluation_id}/upload", response_class=HTMLResponse)
def upload_form(request: Request, evaluation_id: int) -> Response:
    caller = signed_in(request)
    info = load_page(request, caller, evaluation_id, "edit")["info"]
    return render(request, "upload.html", page_context(request, caller, "evaluations", ev=info, preview=None))


@router.post("/evaluations/{evaluation_id}/upload", response_class=HTMLResponse)
def upload_preview(request: Request, evaluation_id: int, form: PostedForm) -> Response:
    """Read the file (in the limited child process) and show what was read and what was
    not; nothing is saved until the clerk confirms."""
    caller = signed_in(request)
    check_csrf(request, caller, form)
    upload = form.get("file")
    info = load_page(request, caller, evaluation_id, "edit")["info"]
    if upload is None or isinstance(upload, str):
        preview = {"filename": "", "error": "请选择要上传的文件"}
    else:
        content = upload.file.read()
        name = upload.filename or "上传文件"
        read = service.read_upload(content, name)
        preview = _preview(name, read.data, read.findings, read.message)
    return render(request, "upload.html", page_context(request, caller, "evaluations", ev=info, preview=preview))


_PARTS = (("unit", "预算单位"), ("report", "报告正文"), ("basic_data", "附件2 基础数据表"),
          ("self_evaluation", "附件3 自评表"), ("project", "项目信息"), ("funds", "项目资金"),
          ("indicators", "绩效指标"), ("goals", "年度总体目标"))


def _preview(name: str, data: dict[str, Any] | None, findings: list[dict[str, Any]], message: str
             ) -> dict[str, Any]:
    if data is None:
        return {"filename": name, "error": message or "没有可读取的内容", "reading": findings}
    flat = documents.flatten(data)
    parts = []
    for key, label in _PARTS:
        n = sum(1 for p, v in flat.items() if p.startswith(f"/{key}/") and v not in (None, "", [], {}))
        if n:
            parts.append((label, n))
    return {"filename": name, "error": "", "reading": findings, "parts": parts,
            "read_count": sum(n for _, n in parts), "title": data.get("title") or "",
            "token": json.dumps({"name": name, "data": data}, ensure_ascii=False)}


@router.post("/evaluations/{evaluation_id}/upload/confirm")
def upload_confirm(request: Request, evaluation_id: int, form: PostedForm) -> Response:
    """Save the document read from the upload as a new version (it travels in the form,
    so no server process keeps it between the two requests)."""
    caller = signed_in(request)
    check_csrf(request, caller, form)
    try:
        token = json.loads(_form_text(form, "token"))
        name, data = str(token["name"]), token["data"]
    except (ValueError, KeyError, TypeError):
        raise Invalid("上传内容无效，请重新上传") from None
    based_on = int(_form_text(form, "version") or 0)
    try:
        service.save_data(database(request), caller, evaluation_id, based_on=based_on, data=data,
                          origin=f"上传：{name}"[:400])
    except Conflict:
        return _conflict(request, caller, evaluation_id, "", f"上传的文件“{name}”", based_on, "", fragment=False)
    return RedirectResponse(f"/evaluations/{evaluation_id}?msg=saved", status_code=303)


# ------------------------------------------------------------------ versions and downloads

@router.get("/evaluations/{evaluation_id}/versions", response_class=HTMLResponse)
def versions_page(request: Request, evaluation_id: int) -> Response:
    caller = signed_in(request)
    with database(request).reading() as session:
        evaluation = queries.get_evaluation(session, caller, evaluation_id)
        info = service.evaluation_view(caller, evaluation)
        rows = queries.list_versions(session, caller, evaluation_id)
        names = {u.id: u.display_name or u.username for u in session.scalars(
            select(User).where(User.id.in_({v.author_id for v in rows if v.author_id is not None})))}
        versions = [{"number": v.number, "origin": v.origin, "author": names.get(v.author_id or 0, ""),
                     "created": v.created_at.strftime("%Y-%m-%d %H:%M"),
                     "errors": ((v.result or {}).get("counts") or {}).get("error")} for v in reversed(rows)]
    return render(request, "versions.html", page_context(request, caller, "evaluations", ev=info,
                                                          versions=versions, formats=FORMATS))
