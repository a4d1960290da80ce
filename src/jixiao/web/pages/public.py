"""The public pages, without login: published reports by year and unit, each with its
tables, its PDF and its workbook."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from jixiao.store import queries
from jixiao.web import exports
from jixiao.web.pages.common import caller_or_none, database, html_errors, page_context
from jixiao.web.pages.layout import tabs_for
from jixiao.web.pages.render import points, render
from jixiao.web.pages.view import EvaluationView

router = APIRouter(include_in_schema=False, dependencies=[Depends(html_errors)])


def _row(e: Any) -> dict[str, Any]:
    return {"id": e.id, "year": e.year, "title": e.title or "（未命名）", "unit_name": e.unit.name,
            "self_score": points(e.self_score), "review_score": points(e.review_score), "grade": e.grade,
            "published": e.published_at.strftime("%Y-%m-%d") if e.published_at else ""}


@router.get("/public", response_class=HTMLResponse)
def public_index(request: Request, year: str | None = None, unit: str | None = None) -> Response:
    chosen = int(year) if year and year.isdigit() else None
    with database(request).reading() as session:
        rows = [_row(e) for e in queries.public_evaluations(session, year=chosen)]
        years = sorted({e.year for e in queries.public_evaluations(session)}, reverse=True)
    wanted = (unit or "").strip()
    if wanted:  # a search box over public rows, not a scope: every published row is public
        rows = [r for r in rows if wanted in r["unit_name"]]
    groups = [(y, list(items)) for y, items in groupby(rows, key=lambda r: r["year"])]
    return render(request, "public/index.html", page_context(
        request, caller_or_none(request), "public", groups=groups, years=years, year=chosen, unit=wanted))


@router.get("/public/{evaluation_id}", response_class=HTMLResponse)
def public_evaluation(request: Request, evaluation_id: int, tab: str = "") -> Response:
    with database(request).reading() as session:
        evaluation = queries.public_evaluation(session, evaluation_id)
        row = _row(evaluation)
        data = queries.version_of(session, evaluation).data
    tabs = tabs_for(data)
    current = next((t for t in tabs if t.key == tab), tabs[0])
    return render(request, "public/evaluation.html", page_context(
        request, caller_or_none(request), "public", ev=row, tabs=tabs, tab=current, tab_key=current.key,
        v=EvaluationView(data, []), ctx={"plain": True}, title=row["title"]))


@router.get("/public/{evaluation_id}/report.pdf")
def public_pdf(request: Request, evaluation_id: int) -> Response:
    return _download(request, evaluation_id, "pdf")


@router.get("/public/{evaluation_id}/tables.xlsx")
def public_tables(request: Request, evaluation_id: int) -> Response:
    return _download(request, evaluation_id, "xlsx")


def _download(request: Request, evaluation_id: int, fmt: str) -> Response:
    """A published version rendered as the report PDF or the attached tables."""
    with database(request).reading() as session:
        evaluation = queries.public_evaluation(session, evaluation_id)
        data = queries.version_of(session, evaluation).data
        name = f"{evaluation.unit.name}-{evaluation.year}"
    return exports.response(data, fmt, name)
