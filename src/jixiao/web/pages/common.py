"""What every page router needs: the database, the signed-in caller, the CSRF check for
forms and htmx requests, and the page context (user, navigation, token)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from jixiao.store.db import Database
from jixiao.store.errors import StoreError
from jixiao.store.roles import ROLES, Caller
from jixiao.web import deps
from jixiao.web.pages.render import nav_for, render

SESSION_COOKIE = deps.SESSION_COOKIE

# Short messages a redirect carries in its query (?msg=…), so no state is kept between requests.
MESSAGES = {
    "saved": ("ok", "已保存为新版本。"),
    "submitted": ("ok", "已送审。"),
    "forward": ("ok", "已转财政审核。"),
    "return": ("ok", "已退回。"),
    "approve": ("ok", "已审核通过。"),
    "publish": ("ok", "已公开。"),
    "login": ("warning", "请先登录。"),
}


class LoginRequired(StoreError):
    """Raised by a page that needs a signed-in user; the error page answers it with a
    redirect to /login that comes back here."""

    status = 401

    def __init__(self, next_url: str) -> None:
        super().__init__("请先登录", next=next_url)
        self.next_url = next_url


def database(request: Request) -> Database:
    return deps.database_of(request)


def caller_or_none(request: Request) -> Caller | None:
    """The caller signed in with the session cookie (pages take no Bearer tokens)."""
    from jixiao.store import auth

    secret = request.cookies.get(SESSION_COOKIE)
    if not secret:
        return None
    with database(request).reading() as session:
        found = auth.session_user(session, secret, deps.client_address(request))
    if found is None:
        return None
    # who the header names, kept with the request (the caller record is the store's)
    request.state.who = {"display_name": found.display_name, "organisation": "、".join(found.organisations)}
    return found.caller


def signed_in(request: Request) -> Caller:
    """The caller of a page that needs a login."""
    caller = caller_or_none(request)
    if caller is None:
        raise LoginRequired(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    return caller


async def posted_form(request: Request) -> FormData:
    """The posted form, read in the event loop, where its body arrives. Only this is
    asynchronous: the handlers that take it are plain functions, which FastAPI runs in
    its threadpool, so their database work, the engine and a file's reading never stop
    the server's event loop (and with it every other request of the process)."""
    return await request.form()


PostedForm = Annotated[FormData, Depends(posted_form)]


def check_csrf(request: Request, caller: Caller, form: FormData) -> None:
    """A form field ``csrf_token`` or the ``X-CSRF-Token`` header (set on every htmx
    request by the layout) must carry the session's token."""
    sent = request.headers.get(deps.CSRF_HEADER)
    if not sent:
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    deps.check_csrf(caller, sent)


def login_redirect(next_url: str) -> RedirectResponse:
    return RedirectResponse(f"/login?next={quote(next_url)}", status_code=303)


def page_context(request: Request, caller: Caller | None, current: str = "", **extra: Any) -> dict[str, Any]:
    user = None
    if caller is not None and caller.user_id is not None:
        roles = sorted(caller.roles)
        who = getattr(request.state, "who", {})
        user = {"username": caller.username, "display_name": who.get("display_name", ""),
                "role_label": "、".join(ROLES.get(r, r) for r in roles), "org_name": who.get("organisation", "")}
    flashes = []
    msg = request.query_params.get("msg")
    if msg in MESSAGES:
        flashes.append(MESSAGES[msg])
    ctx: dict[str, Any] = {"user": user, "csrf_token": caller.csrf_token if caller else "",
                           "nav": nav_for(caller.roles if caller else ()), "current": current,
                           "flashes": flashes}
    ctx.update(extra)
    return ctx


_HEADINGS = {401: "请先登录", 403: "无权操作", 404: "未找到", 409: "版本冲突", 422: "输入有误", 503: "系统繁忙"}


def error_page(request: Request, status: int, message: str) -> Response:
    """How the app answers a refused page request: /login when no one is signed in, else
    the message in a page (the JSON API keeps its JSON answers)."""
    if status == 401:
        return login_redirect(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    caller = caller_or_none(request) if status != 503 else None
    return render(request, "error.html", page_context(
        request, caller, heading=_HEADINGS.get(status, "无法完成"), message=message), status_code=status)


async def html_errors(request: Request) -> None:
    """A dependency of every page router: page errors are answered in HTML."""
    if getattr(request.app.state, "error_page", None) is None:
        request.app.state.error_page = error_page


PAGE_SIZE = 50  # rows a list page shows; a bureau's list runs to tens of thousands


@dataclass(frozen=True)
class Pager:
    """Where a list page is: page ``page`` of ``pages``, ``total`` rows, and the links to
    the neighbouring pages (the request's other query parameters kept)."""

    page: int
    pages: int
    total: int
    first_row: int
    last_row: int
    previous_url: str | None
    next_url: str | None

    @property
    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE


def pager(request: Request, total: int, page: int | str | None, size: int = PAGE_SIZE) -> Pager:
    pages = max(1, -(-total // size))
    number = int(page) if isinstance(page, int) or (isinstance(page, str) and page.isdigit()) else 1
    number = min(max(1, number), pages)

    def link(to: int) -> str:
        query = {k: v for k, v in request.query_params.items() if k not in ("page", "msg")}
        if to > 1:
            query["page"] = str(to)
        return request.url.path + (f"?{urlencode(query)}" if query else "")

    first = (number - 1) * size
    return Pager(number, pages, total, min(first + 1, total), min(first + size, total),
                 link(number - 1) if number > 1 else None, link(number + 1) if number < pages else None)
