"""The administrator's pages: the organisation tree (add, rename, move), users (add with a
role, grant and revoke roles, deactivate, reset a password) and yearly tasks (open a year,
add units later).

Plain forms (POST, then a redirect back with a message); every form carries the CSRF
token, every write goes through :mod:`jixiao.store.admin` (scoped by the administrator's
organisations, audited) and a refused write shows the page again with the message, the
status of the refusal and what was typed (never a password)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from jixiao.store import admin
from jixiao.store.errors import Invalid, StoreError
from jixiao.store.roles import ORGANISATION_KINDS, ROLE_ORGANISATION_KIND, ROLES, Caller
from jixiao.store.workflow import STATUSES
from jixiao.web import service
from jixiao.web.pages.common import PostedForm, check_csrf, database, html_errors, page_context, signed_in
from jixiao.web.pages.render import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(html_errors)])

SECTIONS = (("organisations", "/admin/organisations", "组织机构"), ("users", "/admin/users", "用户"),
            ("tasks", "/admin/tasks", "年度任务"))
DONE = {
    "org-added": "已新增机构。", "org-renamed": "已改名。", "org-moved": "已移动机构（连同其下级）。",
    "user-added": "已新增用户。", "role-granted": "已添加角色。", "role-revoked": "已撤销角色。",
    "user-deactivated": "已停用该用户，其登录和令牌已失效。", "user-activated": "已启用该用户。",
    "password-reset": "已重设密码，该用户的登录和令牌已失效。",
    "task-opened": "已开启年度任务，所选单位已生成整体支出草稿。", "units-added": "已加入单位，并生成整体支出草稿。",
}


def _admin(request: Request) -> Caller:
    caller = signed_in(request)
    admin.require_admin(caller)
    return caller


def _text(form: Any, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _id(form: Any, name: str, what: str) -> int:
    value = _text(form, name)
    if not value.isdigit() or len(value) > 9:
        raise Invalid(f"{what}：请选择")
    return int(value)


def _ids(form: Any, name: str) -> list[int]:
    return [int(v) for v in form.getlist(name) if isinstance(v, str) and v.isdigit() and len(v) <= 9]


def _depth(path: str) -> int:
    return path.strip("/").count("/")


def _context(request: Request, caller: Caller, section: str, **extra: Any) -> dict[str, Any]:
    done = DONE.get(request.query_params.get("done", ""))
    return page_context(request, caller, "admin", sections=SECTIONS, section=section, done=done,
                        kinds=ORGANISATION_KINDS, roles=ROLES, role_kinds=ROLE_ORGANISATION_KIND, **extra)


# ------------------------------------------------------------------ organisations

def _organisations_page(request: Request, caller: Caller, *, error: str = "", status: int = 200,
                        typed: dict[str, str] | None = None) -> Response:
    with database(request).reading() as session:
        rows = admin.organisations(session, caller)
        tree: list[dict[str, Any]] = [
            {"id": o.id, "name": o.name, "kind": o.kind, "depth": _depth(o.path), "parent_id": o.parent_id,
                 "parents": [(p.id, "　" * _depth(p.path) + p.name) for p in rows
                             if o.kind in admin.PARENT_KINDS and p.kind in admin.PARENT_KINDS[o.kind]
                             and not p.path.startswith(o.path)]}
                for o in rows]
    parents = [(o["id"], "　" * int(o["depth"]) + str(o["name"]), o["kind"]) for o in tree if o["kind"] != "unit"]
    return render(request, "admin/organisations.html", _context(
        request, caller, "organisations", title="组织机构", tree=tree, parents=parents, error=error,
        typed=typed or {}), status_code=status)


@router.get("/admin", response_class=HTMLResponse)
def admin_home(request: Request) -> Response:
    _admin(request)
    return RedirectResponse("/admin/organisations", status_code=303)


@router.get("/admin/organisations", response_class=HTMLResponse)
def organisations_page(request: Request) -> Response:
    return _organisations_page(request, _admin(request))




@router.post("/admin/organisations", response_class=HTMLResponse)
def add_organisation(request: Request, form: PostedForm) -> Response:
    caller = _admin(request)
    check_csrf(request, caller, form)
    typed = {"name": _text(form, "name"), "kind": _text(form, "kind"), "parent_id": _text(form, "parent_id")}
    try:
        parent_id = _id(form, "parent_id", "上级机构")
        with database(request).writing() as session:
            admin.add_organisation(session, caller, name=typed["name"], kind=typed["kind"], parent_id=parent_id)
    except StoreError as exc:
        return _organisations_page(request, caller, error=exc.message, status=exc.status, typed=typed)
    return RedirectResponse("/admin/organisations?done=org-added", status_code=303)


@router.post("/admin/organisations/{organisation_id}/rename", response_class=HTMLResponse)
def rename_organisation(request: Request, organisation_id: int, form: PostedForm) -> Response:
    caller = _admin(request)
    check_csrf(request, caller, form)
    try:
        with database(request).writing() as session:
            admin.rename_organisation(session, caller, organisation_id, _text(form, "name"))
    except StoreError as exc:
        return _organisations_page(request, caller, error=exc.message, status=exc.status)
    return RedirectResponse("/admin/organisations?done=org-renamed", status_code=303)


@router.post("/admin/organisations/{organisation_id}/move", response_class=HTMLResponse)
def move_organisation(request: Request, organisation_id: int, form: PostedForm) -> Response:
    caller = _admin(request)
    check_csrf(request, caller, form)
    try:
        parent_id = _id(form, "parent_id", "新的上级机构")
        with database(request).writing() as session:
            admin.move_organisation(session, caller, organisation_id, parent_id)
    except StoreError as exc:
        return _organisations_page(request, caller, error=exc.message, status=exc.status)
    return RedirectResponse("/admin/organisations?done=org-moved", status_code=303)


# ------------------------------------------------------------------ users

def _users_page(request: Request, caller: Caller, *, error: str = "", status: int = 200,
                typed: dict[str, str] | None = None) -> Response:
    with database(request).reading() as session:
        rows = [{"id": r.user.id, "username": r.user.username, "display_name": r.user.display_name,
                 "active": r.user.active, "manageable": r.manageable, "me": r.user.id == caller.user_id,
                 "roles": [{"role": role, "org_id": org.id, "org": org.name} for role, org in r.roles]}
                for r in admin.users(session, caller)]
        orgs = [(o.id, "　" * _depth(o.path) + o.name, o.kind) for o in admin.organisations(session, caller)]
    return render(request, "admin/users.html", _context(
        request, caller, "users", title="用户", rows=rows, orgs=orgs, error=error, typed=typed or {}),
        status_code=status)


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request) -> Response:
    return _users_page(request, _admin(request))


@router.post("/admin/users", response_class=HTMLResponse)
def add_user(request: Request, form: PostedForm) -> Response:
    caller = _admin(request)
    check_csrf(request, caller, form)
    typed = {k: _text(form, k) for k in ("username", "display_name", "organisation_id", "role")}
    try:
        organisation_id = _id(form, "organisation_id", "机构")
        with database(request).writing() as session:
            admin.create_user(session, caller, username=typed["username"], password=str(form.get("password") or ""),
                              organisation_id=organisation_id, role=typed["role"],
                              display_name=typed["display_name"])
    except StoreError as exc:
        return _users_page(request, caller, error=exc.message, status=exc.status, typed=typed)
    return RedirectResponse("/admin/users?done=user-added", status_code=303)


@router.post("/admin/users/{user_id}/roles", response_class=HTMLResponse)
def grant_role(request: Request, user_id: int, form: PostedForm) -> Response:
    caller = _admin(request)
    check_csrf(request, caller, form)
    revoke = _text(form, "revoke") == "1"
    try:
        organisation_id = _id(form, "organisation_id", "机构")
        with database(request).writing() as session:
            if revoke:
                admin.revoke_role(session, caller, user_id, organisation_id=organisation_id, role=_text(form, "role"))
            else:
                admin.grant_role(session, caller, user_id, organisation_id=organisation_id, role=_text(form, "role"))
    except StoreError as exc:
        return _users_page(request, caller, error=exc.message, status=exc.status)
    return RedirectResponse(f"/admin/users?done={'role-revoked' if revoke else 'role-granted'}", status_code=303)


@router.post("/admin/users/{user_id}/active", response_class=HTMLResponse)
def set_active(request: Request, user_id: int, form: PostedForm) -> Response:
    caller = _admin(request)
    check_csrf(request, caller, form)
    active = _text(form, "active") == "1"
    try:
        with database(request).writing() as session:
            admin.set_active(session, caller, user_id, active)
    except StoreError as exc:
        return _users_page(request, caller, error=exc.message, status=exc.status)
    return RedirectResponse(f"/admin/users?done={'user-activated' if active else 'user-deactivated'}",
                            status_code=303)


@router.post("/admin/users/{user_id}/password", response_class=HTMLResponse)
def reset_password(request: Request, user_id: int, form: PostedForm) -> Response:
    caller = _admin(request)
    check_csrf(request, caller, form)
    try:
        with database(request).writing() as session:
            admin.reset_password(session, caller, user_id, str(form.get("password") or ""))
    except StoreError as exc:
        return _users_page(request, caller, error=exc.message, status=exc.status)
    return RedirectResponse("/admin/users?done=password-reset", status_code=303)


# ------------------------------------------------------------------ yearly tasks

def _tasks_page(request: Request, caller: Caller, *, error: str = "", status: int = 200,
                typed: dict[str, Any] | None = None) -> Response:
    with database(request).reading() as session:
        bureaus = [(b.id, b.name) for b in admin.bureaus(session, caller)]
        units = [{"id": u.id, "name": u.name, "department": u.parent.name if u.parent else ""}
                 for u in admin.units(session, caller)]
        rows = []
        for row in admin.tasks(session, caller):
            included = {u.id for u, _e in row.units}
            rows.append({
                "id": row.task.id, "year": row.task.year, "framework": row.task.framework, "bureau": row.bureau.name,
                "deadline": row.task.deadline.isoformat() if row.task.deadline else "",
                "units": [{"name": u.name, "evaluation": e.id if e else None,
                           "status": STATUSES.get(e.status, e.status) if e else "（无）"} for u, e in row.units],
                "missing": [u for u in units if u["id"] not in included]})
    return render(request, "admin/tasks.html", _context(
        request, caller, "tasks", title="年度任务", tasks=rows, bureaus=bureaus, units=units,
        frameworks=service.frameworks(), error=error, typed=typed or {}, this_year=dt.date.today().year),
        status_code=status)


@router.get("/admin/tasks", response_class=HTMLResponse)
def tasks_page(request: Request) -> Response:
    return _tasks_page(request, _admin(request))


def _deadline(text: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Invalid(f"截止日期“{text}”格式不对，应为 年-月-日，如 2025-03-31") from None


@router.post("/admin/tasks", response_class=HTMLResponse)
def open_task(request: Request, form: PostedForm) -> Response:
    caller = _admin(request)
    check_csrf(request, caller, form)
    typed: dict[str, Any] = {k: _text(form, k) for k in ("year", "framework", "deadline", "bureau_id")}
    typed["unit_ids"] = _ids(form, "unit_ids")
    try:
        year_text = typed["year"]
        if not year_text.isdigit() or len(year_text) != 4:
            raise Invalid(f"年度“{year_text}”不对，应为四位数字，如 2024")
        if not typed["unit_ids"]:
            raise Invalid("请至少选择一个单位")
        service.open_task(database(request), caller, bureau_id=_id(form, "bureau_id", "财政局"), year=int(year_text),
                          framework=typed["framework"], deadline=_deadline(typed["deadline"]),
                          unit_ids=typed["unit_ids"])
    except StoreError as exc:
        return _tasks_page(request, caller, error=exc.message, status=exc.status, typed=typed)
    return RedirectResponse("/admin/tasks?done=task-opened", status_code=303)


@router.post("/admin/tasks/{task_id}/units", response_class=HTMLResponse)
def add_units(request: Request, task_id: int, form: PostedForm) -> Response:
    caller = _admin(request)
    check_csrf(request, caller, form)
    try:
        service.add_task_units(database(request), caller, task_id, _ids(form, "unit_ids"))
    except StoreError as exc:
        return _tasks_page(request, caller, error=exc.message, status=exc.status)
    return RedirectResponse("/admin/tasks?done=units-added", status_code=303)
