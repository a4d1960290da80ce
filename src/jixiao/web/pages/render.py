"""Rendering pages: the Jinja2 environment, its filters (status and level labels, field
ids), the navigation each role sees, and the static files' URLs."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from jixiao.web.pages.layout import WIDE, Tab, all_cells, field_label, findings_below
from jixiao.web.pages.view import LEVEL_LABELS, field_id, finding_fields

WEB_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"

STATUS_LABELS = {
    "draft": "草稿",
    "submitted": "已送审",
    "department_reviewed": "主管部门已审",
    "forwarded": "主管部门已审",
    "approved": "已通过",
    "published": "已公开",
    "returned": "已退回",
}
ROLE_LABELS = {
    "filler": "填报人",
    "unit-head": "单位负责人",
    "department-reviewer": "主管部门审核人",
    "bureau-reviewer": "财政审核人",
    "admin": "管理员",
}
KIND_LABELS = {"overall": "部门（单位）整体支出", "project": "项目支出"}
KIND_SHORT = {"overall": "整体支出", "project": "项目支出"}  # a list column
REVIEWER_ROLES = frozenset({"department-reviewer", "bureau-reviewer"})


def nav_for(roles: Iterable[str]) -> list[tuple[str, str, str]]:
    """The top navigation a user sees: (key, href, label)."""
    roles = set(roles)
    if not roles:  # a visitor: the public reports (the header offers the login)
        return [("public", "/public", "公开报告")]
    nav = [("evaluations", "/evaluations", "自评列表")]
    if roles & REVIEWER_ROLES:
        nav.append(("review", "/review", "待审核"))
    if "bureau-reviewer" in roles:
        nav.append(("publish", "/publish", "公开发布"))
    if roles & (REVIEWER_ROLES | {"admin"}):
        nav.append(("dashboard", "/dashboard", "仪表盘"))
    nav.append(("jobs", "/jobs", "批量作业"))
    nav.append(("public", "/public", "公开报告"))
    if "admin" in roles:
        nav.append(("admin", "/admin", "管理"))
    return nav


def _tab_of(path: str, tabs: Sequence[Tab]) -> str:
    for tab in tabs:
        if any(c.path == path for c in all_cells(tab)):
            return tab.key
    return ""


def points(value: Any) -> str | None:
    """Points as a person reads them: at most two decimals (the stored and recomputed
    figures carry more), trailing zeros dropped; text that is not a number unchanged."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        number = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def _level_label(level: str) -> str:
    return LEVEL_LABELS.get(level, level)


def _line_rows(text: str) -> int:
    """The rows of a box for a line of text that wraps: one for every 7 characters, 1 to 4."""
    return max(1, min((len(text) + 6) // 7, 4))


def _fields_of(finding: Mapping[str, Any]) -> list[str]:
    return finding_fields(finding)


templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
# The templates ship with the package: read once, not checked for changes on every page
# (JIXIAO_DEBUG=1 checks them, to edit them with the server running).
templates.env.auto_reload = os.environ.get("JIXIAO_DEBUG", "") not in ("", "0")
templates.env.filters.update(
    status_label=_status_label, level_label=_level_label, fid=field_id, finding_fields=_fields_of,
    tab_of=_tab_of, field_label=field_label, findings_below=findings_below, line_rows=_line_rows, points=points,
    role_label=lambda r: ROLE_LABELS.get(r, r), kind_label=lambda k: KIND_LABELS.get(k, k),
    kind_short=lambda k: KIND_SHORT.get(k, k))
templates.env.globals.update(static_url=lambda name: f"/static/{name}", WIDE=WIDE)


def render(request: Request, name: str, context: Mapping[str, Any] | None = None,
           status_code: int = 200, headers: Mapping[str, str] | None = None) -> HTMLResponse:
    """A page or fragment with the signed-in user, the CSRF token and the navigation."""
    ctx: dict[str, Any] = {"user": None, "csrf_token": "", "nav": nav_for(()), "current": ""}
    ctx.update(context or {})
    return templates.TemplateResponse(request, name, ctx, status_code=status_code, headers=dict(headers or {}))
