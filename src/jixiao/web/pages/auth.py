"""Signing in and out: the login form opens a session (cookie with a random secret, kept
in the database as a hash) and the CSRF token the forms and htmx requests carry."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from jixiao.store import auth
from jixiao.store.throttle import TooManyAttempts
from jixiao.web import deps, service
from jixiao.web.pages.common import (
    SESSION_COOKIE,
    PostedForm,
    caller_or_none,
    check_csrf,
    database,
    html_errors,
    page_context,
)
from jixiao.web.pages.render import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(html_errors)])


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never //host or a scheme)."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/evaluations"


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    return RedirectResponse("/evaluations" if caller_or_none(request) else "/public", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str | None = None) -> Response:
    return render(request, "login.html", page_context(request, None, "", next=_safe_next(next)))


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, form: PostedForm) -> Response:
    username, password = str(form.get("username") or "").strip(), str(form.get("password") or "")
    target = _safe_next(str(form.get("next") or ""))
    try:
        opened = service.login(database(request), username, password, deps.client_address(request),
                               limits=getattr(request.app.state.settings, "login_limits", None))
    except TooManyAttempts as exc:
        return render(request, "login.html", page_context(
            request, None, "", next=target, username=username, error=exc.message), status_code=429,
            headers={"Retry-After": str(exc.retry_after)})
    if opened is None:
        return render(request, "login.html", page_context(
            request, None, "", next=target, username=username, error="用户名或密码不正确"), status_code=401)
    secret, _csrf = opened
    response = RedirectResponse(target, status_code=303)
    settings = getattr(request.app.state, "settings", None)
    secure = bool(getattr(settings, "secure_cookies", False)) or request.url.scheme == "https"
    response.set_cookie(SESSION_COOKIE, secret, httponly=True, samesite="lax", secure=secure,
                        max_age=int(auth.SESSION_LIFETIME.total_seconds()))
    return response


@router.post("/logout")
def logout(request: Request, form: PostedForm) -> Response:
    caller = caller_or_none(request)
    if caller is not None:
        check_csrf(request, caller, form)
        service.logout(database(request), request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
