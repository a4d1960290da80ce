"""``create_app(settings)``: the FastAPI application — the JSON API under ``/api/v1``
(OpenAPI at ``/api/openapi.json``), the browser pages, and error answers in Chinese."""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from jixiao.store.db import Database, database_url
from jixiao.store.errors import StoreError

log = logging.getLogger("jixiao.web")


@dataclass
class Settings:
    database_url: str | None = None  # default: $JIXIAO_DATABASE_URL, then ./jixiao.db
    secure_cookies: bool = False  # set behind HTTPS
    upgrade: bool = False  # run the migrations when the app starts (tests, `make demo`)
    login_limits: Any = None  # jixiao.store.throttle.Limits; default: 5 per username, 20 per address, 15 min


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    database = Database(database_url(settings.database_url))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        database.dispose()

    if settings.upgrade:
        database.upgrade()
    app = FastAPI(title="jixiao 预算绩效自评", version="1", openapi_url="/api/openapi.json",
                  docs_url="/api/docs", redoc_url=None, lifespan=lifespan)
    app.state.database = database
    app.state.settings = settings
    _error_handlers(app)
    _limit_bodies(app)

    from jixiao.web import api_dashboard, api_jobs, api_ops, api_v1

    app.include_router(api_v1.router)
    app.include_router(api_dashboard.router)
    app.include_router(api_jobs.router)
    app.include_router(api_ops.router)
    _include_pages(app)
    return app


def _include_pages(app: FastAPI) -> None:
    """The browser pages, when the package has them (``jixiao.web.pages.routers``)."""
    try:
        pages = importlib.import_module("jixiao.web.pages")
    except ModuleNotFoundError as exc:
        if exc.name != "jixiao.web.pages":
            raise
        return
    for router in getattr(pages, "routers", []):
        app.include_router(router)
    static = Path(__file__).parent / "static"
    if static.is_dir() and not any(getattr(r, "path", "") == "/static" for r in app.routes):
        from fastapi.staticfiles import StaticFiles

        app.mount("/static", StaticFiles(directory=static), name="static")


MAX_BODY = 60 * 1024 * 1024  # an upload of 50 MB and its form around it


def _limit_bodies(app: FastAPI) -> None:
    """Refuse a request that announces a body over the limit before any of it is read
    (the multipart parser would otherwise spool all of it to disk first)."""
    app.add_middleware(BodyLimit)


class BodyLimit:
    """The body limit as plain ASGI middleware: Starlette's ``@app.middleware("http")``
    runs every request through a task group and memory streams, a cost on each request
    for a check of one header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            length = Headers(scope=scope).get("content-length", "")
            if length.isdigit() and int(length) > MAX_BODY:
                answer = await run_in_threadpool(_answer, Request(scope), 413, "上传内容过大（上限 50 MB）")
                await answer(scope, receive, send)
                return
        await self.app(scope, receive, send)


_STATUS_MESSAGES = {
    400: "请求有误", 401: "请先登录", 403: "没有权限", 404: "未找到", 405: "不支持该请求方法",
    409: "数据已被修改", 413: "上传内容过大", 415: "不支持的内容类型", 422: "请求内容不符合要求",
    429: "请求过于频繁，请稍后再试",
}


def error_body(status: int, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"status": status, "message": message, **extra}}


def _answer(request: Request, status: int, message: str, **extra: Any) -> Any:
    """JSON for the API; the pages may register an HTML answer (``app.state.error_page``)."""
    page = getattr(request.app.state, "error_page", None)
    if page is not None and not request.url.path.startswith("/api/"):
        return page(request, status, message)
    return JSONResponse(error_body(status, message, **extra), status_code=status)


def _error_handlers(app: FastAPI) -> None:
    # Plain functions: Starlette runs them in its threadpool, as the HTML error page
    # reads the signed-in user from the database and renders a template.
    @app.exception_handler(StoreError)
    def _store_error(request: Request, exc: StoreError) -> Any:
        answer = _answer(request, exc.status, exc.message, **exc.extra)
        if "retry_after" in exc.extra:  # the login rate limit
            answer.headers["Retry-After"] = str(exc.extra["retry_after"])
        return answer

    @app.exception_handler(RequestValidationError)
    def _invalid(request: Request, exc: RequestValidationError) -> Any:
        problems = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path"))
            problems.append({"field": where, "problem": _validation_message(error)})
        text = "；".join(f"{p['field'] or '请求'}：{p['problem']}" for p in problems[:5])
        return _answer(request, 422, f"请求内容不符合要求：{text}", problems=problems)

    @app.exception_handler(StarletteHTTPException)
    def _http(request: Request, exc: StarletteHTTPException) -> Any:
        message = exc.detail if isinstance(exc.detail, str) and not exc.detail.isascii() else \
            _STATUS_MESSAGES.get(exc.status_code, "请求未能完成")
        return _answer(request, exc.status_code, message)

    @app.exception_handler(OperationalError)
    def _busy(request: Request, exc: OperationalError) -> Any:
        log.warning("database unavailable: %s", exc)
        return _answer(request, 503, "数据库暂时繁忙，请稍后重试")

    @app.exception_handler(Exception)
    def _crash(request: Request, exc: Exception) -> Any:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _answer(request, 500, "服务器内部错误，已记录，请稍后重试或联系管理员")


def _validation_message(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    if kind == "missing":
        return "缺少此项"
    if kind in ("int_parsing", "int_type"):
        return "应为整数"
    if kind in ("string_type",):
        return "应为文本"
    if kind in ("dict_type", "model_attributes_type"):
        return "应为 JSON 对象"
    if kind == "literal_error":
        expected = (error.get("ctx") or {}).get("expected", "")
        return f"取值应为 {expected}"
    if kind == "json_invalid":
        return "不是有效的 JSON"
    return f"格式不对（{kind}）"
