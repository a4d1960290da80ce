"""The workflow pages: submit (with an explanation when errors remain), the review queue,
the reviewer's page (forward, return with a reason, approve with 复核得分), the diff
against the last submission, and the bureau's batch publishing."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from jixiao.store import queries
from jixiao.store.errors import StoreError
from jixiao.store.models import User
from jixiao.store.workflow import ACTIONS, APPROVED, DEPARTMENT_REVIEWED, SUBMITTED, allowed_actions
from jixiao.web import service
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
from jixiao.web.pages.evaluations import _comments, _form_text, _score, _view_and_ctx, load_page, row_views
from jixiao.web.pages.layout import display, field_label, tabs_for
from jixiao.web.pages.render import render
from jixiao.web.pages.view import EvaluationView

router = APIRouter(include_in_schema=False, dependencies=[Depends(html_errors)])


def _errors(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in result.get("findings", []) if f.get("level") == "error"]


@router.get("/evaluations/{evaluation_id}/submit", response_class=HTMLResponse)
def submit_form(request: Request, evaluation_id: int) -> Response:
    caller = signed_in(request)
    loaded = load_page(request, caller, evaluation_id, "submit")
    view, _ctx = _view_and_ctx(caller, loaded)
    return render(request, "submit.html", page_context(request, caller, "evaluations", ev=loaded["info"], v=view,
                                                        errors=_errors(loaded["result"])))


@router.post("/evaluations/{evaluation_id}/submit", response_class=HTMLResponse)
def submit(request: Request, evaluation_id: int, form: PostedForm) -> Response:
    caller = signed_in(request)
    check_csrf(request, caller, form)
    comment = _form_text(form, "comment").strip()
    try:
        service.act(database(request), caller, evaluation_id, action="submit",
                    version=int(_form_text(form, "version") or 0), comment=comment)
    except StoreError as exc:
        loaded = load_page(request, caller, evaluation_id)
        view, _ctx = _view_and_ctx(caller, loaded)
        return render(request, "submit.html", page_context(
            request, caller, "evaluations", ev=loaded["info"], v=view, errors=_errors(loaded["result"]),
            error=exc.message, comment=comment), status_code=exc.status)
    return RedirectResponse(f"/evaluations/{evaluation_id}?msg=submitted", status_code=303)


def _history(session: Any, caller: Any, evaluation_id: int) -> list[dict[str, Any]]:
    rows = queries.list_transitions(session, caller, evaluation_id)
    names = {u.id: u.display_name or u.username for u in session.scalars(
        select(User).where(User.id.in_({t.user_id for t in rows if t.user_id is not None})))}
    return [{"created": t.created_at.strftime("%Y-%m-%d %H:%M"), "action_label": ACTIONS.get(t.action, t.action),
             "user": names.get(t.user_id or 0, ""), "version": t.version, "comment": t.comment} for t in rows]


def _review_page(request: Request, caller: Any, evaluation_id: int, error: str = "", status_code: int = 200
                 ) -> Response:
    loaded = load_page(request, caller, evaluation_id)
    info = loaded["info"]
    actions = set(info["actions"])
    with database(request).reading() as session:
        history = _history(session, caller, evaluation_id)
        comments = _comments(session, caller, evaluation_id)
    submit_comment = next((h["comment"] for h in reversed(history) if h["action_label"] == ACTIONS["submit"]), "")
    view = EvaluationView(loaded["data"], loaded["result"].get("findings", []), comments)
    return render(request, "review.html", page_context(
        request, caller, "review", ev=info, v=view, score=_score(info, loaded["result"]), history=history,
        comments=comments, tabs=tabs_for(loaded["data"]), submit_comment=submit_comment, error=error,
        can={"forward": "forward" in actions, "approve": "approve" in actions, "return_": "return" in actions}),
        status_code=status_code)


@router.get("/evaluations/{evaluation_id}/review", response_class=HTMLResponse)
def review_page(request: Request, evaluation_id: int) -> Response:
    return _review_page(request, signed_in(request), evaluation_id)


@router.post("/evaluations/{evaluation_id}/transitions", response_class=HTMLResponse)
def transition(request: Request, evaluation_id: int, form: PostedForm) -> Response:
    caller = signed_in(request)
    check_csrf(request, caller, form)
    action = _form_text(form, "action")
    score = _form_text(form, "review_score").strip() or None
    try:
        service.act(database(request), caller, evaluation_id, action=action,
                    version=int(_form_text(form, "version") or 0), comment=_form_text(form, "comment").strip(),
                    review_score=score)
    except StoreError as exc:
        return _review_page(request, caller, evaluation_id, exc.message, exc.status)
    target = "/review" if action in ("forward", "return", "approve") else f"/evaluations/{evaluation_id}"
    return RedirectResponse(f"{target}?msg={action}", status_code=303)


@router.get("/evaluations/{evaluation_id}/diff", response_class=HTMLResponse)
def diff_page(request: Request, evaluation_id: int) -> Response:
    caller = signed_in(request)
    loaded = load_page(request, caller, evaluation_id)
    tabs = tabs_for(loaded["data"])
    try:
        found = service.diff(database(request), caller, evaluation_id, None, None)
    except StoreError:
        found = {"from": None, "to": loaded["info"]["version"], "changes": []}
    changes = [{"label": field_label(ch["field"], tabs, loaded["data"]), "before": display(ch["from"]) or "（空）",
                "after": display(ch["to"]) or "（空）"} for ch in found["changes"]]
    return render(request, "diff.html", page_context(
        request, caller, "review", ev=loaded["info"], changes=changes, from_version=found["from"],
        to_version=found["to"], ev_review=bool(set(loaded["info"]["actions"]) & {"approve", "return", "forward"})))


@router.get("/review", response_class=HTMLResponse)
def review_queue(request: Request) -> Response:
    """What waits for this reviewer: submitted (and, for the bureau, forwarded) evaluations."""
    caller = signed_in(request)
    # The states the caller's roles review in (a department reviewer: 已送审; the bureau: both).
    waiting = tuple(s for s in (SUBMITTED, DEPARTMENT_REVIEWED)
                    if set(allowed_actions(caller.roles, s)) & {"forward", "return", "approve"})
    with database(request).reading() as session:
        by_year = queries.counted_by_year(session, caller, status=waiting)
        at = pager(request, sum(n for _year, n in by_year), request.query_params.get("page"))
        rows = queries.list_rows(session, caller, status=waiting, limit=PAGE_SIZE, offset=at.offset, by_year=by_year)
        views = [v for v in row_views(caller, rows) if set(v["actions"]) & {"forward", "return", "approve"}]
    for v in views:
        v["title"] = v["title"] or "（未命名）"
    return render(request, "evaluations.html", page_context(
        request, caller, "review", rows=views, years=[], year=None, status=None, statuses=[],
        heading="待审核", queue=True, pager=at))


@router.get("/publish", response_class=HTMLResponse)
def publish_list(request: Request) -> Response:
    caller = signed_in(request)
    with database(request).reading() as session:
        total = queries.count_evaluations(session, caller, status=APPROVED) if "publish" in allowed_actions(
            caller.roles, APPROVED) else 0
        at = pager(request, total, request.query_params.get("page"))
        rows = queries.list_rows(session, caller, status=APPROVED, limit=PAGE_SIZE, offset=at.offset)
        views = [v for v in row_views(caller, rows if total else []) if "publish" in v["actions"]]
    return render(request, "evaluations.html", page_context(
        request, caller, "publish", rows=views, years=[], year=None, status=None, statuses=[],
        heading="公开发布（已通过的自评）", batch=True, pager=at))


@router.post("/publish", response_class=HTMLResponse)
def publish(request: Request, form: PostedForm) -> Response:
    """Publish the chosen evaluations at once; each carries the version the list showed."""
    caller = signed_in(request)
    check_csrf(request, caller, form)
    items = []
    for value in form.getlist("ids"):
        ident, _, version = str(value).partition(":")
        if ident.isdigit() and version.isdigit():
            items.append((int(ident), int(version)))
    service.publish(database(request), caller, items)
    return RedirectResponse("/publish?msg=publish", status_code=303)
