"""``GET /api/v1/health``: what a load balancer or a monitor asks each app process.

200 when the process can serve requests (the database answers and its schema is the one
this version expects), 503 with the reason otherwise. The queue is reported beside it
(messages waiting), without failing the check: pages work while the queue is away, only
jobs wait."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from jixiao.web import bulk

router = APIRouter(prefix="/api/v1", tags=["operations"])


def _schema(request: Request) -> str | None:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from jixiao.store.db import alembic_config

    database = request.app.state.database
    head = getattr(request.app.state, "schema_head", None)
    if head is None:
        head = request.app.state.schema_head = ScriptDirectory.from_config(
            alembic_config(database.url)).get_current_head()
    with database.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
        current = MigrationContext.configure(connection).get_current_revision()
    return None if current == head else f"数据库结构不是最新（{current} ≠ {head}），请运行 jixiao db upgrade"


@router.get("/health", summary="Whether this process can serve: database, schema, queue")
def health(request: Request) -> Any:
    try:
        problem = _schema(request)
    except SQLAlchemyError as exc:
        problem = f"无法连接数据库：{type(exc).__name__}"
    queue: dict[str, Any]
    try:
        found = bulk.queue_for(request.app)
        queue = {"kind": found.url.split(":", 1)[0], "waiting": int(found.huey.pending_count())}
    except Exception as exc:  # the queue's own error, reported, not raised
        queue = {"error": f"队列不可用：{type(exc).__name__}"}
    body = {"status": "ok" if problem is None else "error", "database": problem or "ok", "queue": queue}
    return JSONResponse(body, status_code=200 if problem is None else 503)
