"""Request dependencies: the database, the caller (session cookie or Bearer token) and
the CSRF check for writes made with a session cookie.

A token is sent by programs, never attached by a browser on its own, so token requests
need no CSRF token; a session cookie is, so every cookie-authenticated write must carry
the session's CSRF token (header ``X-CSRF-Token`` or form field ``csrf_token``)."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from jixiao.store import auth
from jixiao.store.db import Database
from jixiao.store.errors import Forbidden, StoreError
from jixiao.store.roles import ANONYMOUS, Caller

SESSION_COOKIE = "jixiao_session"
CSRF_HEADER = "X-CSRF-Token"


class Unauthorised(StoreError):
    status = 401


def database_of(request: Request) -> Database:
    database = request.app.state.database
    assert isinstance(database, Database)
    return database


# The dependencies that only look at the request are coroutines, so FastAPI runs them in
# the event loop: a plain function would be sent to the threadpool and back, a hop per
# dependency per request, each waiting for the interpreter's lock under load. Those that
# read the database (optional_caller, read_session) are plain functions, run in the pool.
async def get_database(request: Request) -> Database:
    return database_of(request)


def read_session(database: Annotated[Database, Depends(get_database)]) -> Iterator[Session]:
    with database.reading() as session:
        yield session


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def optional_caller(request: Request, database: Annotated[Database, Depends(get_database)]) -> Caller:
    """The signed-in caller, or ``ANONYMOUS``."""
    address = client_address(request)
    header = request.headers.get("authorization", "")
    with database.reading() as session:
        if header.lower().startswith("bearer "):
            caller = auth.token_caller(session, header[7:].strip(), address)
            if caller is None:
                raise Unauthorised("令牌无效或已过期，请重新获取")
            return caller
        secret = request.cookies.get(SESSION_COOKIE)
        if secret:
            caller = auth.session_caller(session, secret, address)
            if caller is not None:
                return caller
    return ANONYMOUS


async def current_caller(caller: Annotated[Caller, Depends(optional_caller)]) -> Caller:
    if caller.user_id is None:
        raise Unauthorised("请先登录")
    return caller


def check_csrf(caller: Caller, token: str | None) -> None:
    """Refuse a cookie-authenticated write without the session's CSRF token."""
    if caller.via != "session":
        return
    if not token or not hmac.compare_digest(token, caller.csrf_token):
        raise Forbidden("请求缺少有效的 CSRF 令牌，请刷新页面后重试")


async def writing_caller(request: Request, caller: Annotated[Caller, Depends(current_caller)]) -> Caller:
    """The caller of a write: signed in, and with the CSRF token when signed in by cookie."""
    check_csrf(caller, request.headers.get(CSRF_HEADER))
    return caller


DatabaseDep = Annotated[Database, Depends(get_database)]
CallerDep = Annotated[Caller, Depends(current_caller)]
WriterDep = Annotated[Caller, Depends(writing_caller)]
OptionalCallerDep = Annotated[Caller, Depends(optional_caller)]
