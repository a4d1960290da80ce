"""The bureau's dashboard pages: ``/dashboard?year=`` (every chart beside its table, each
with its workbook) and ``/dashboard/units/{id}`` (a unit year over year). Both render the
JSON twin's document (:mod:`jixiao.web.api_dashboard`); the charts are drawn in the
browser from that same document, embedded in the page."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from jixiao.web import api_dashboard
from jixiao.web.pages.common import database, html_errors, page_context, signed_in
from jixiao.web.pages.render import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(html_errors)])


def _number(value: str | None, low: int, high: int) -> int | None:
    if value and value.isdigit() and low <= int(value) <= high:
        return int(value)
    return None


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard_page(request: Request, year: str | None = None, top: str | None = None) -> Response:
    caller = signed_in(request)
    doc = api_dashboard.dashboard(database(request), caller, _number(year, 1900, 2200),
                                  _number(top, 1, 1000) or 20)
    return render(request, "dashboard/index.html", page_context(
        request, caller, "dashboard", doc=doc, title=f"{doc['year']}年度仪表盘"))


@router.get("/dashboard/units/{unit_id}", response_class=HTMLResponse)
def history_page(request: Request, unit_id: int) -> Response:
    caller = signed_in(request)
    doc = api_dashboard.history(database(request), caller, unit_id)
    return render(request, "dashboard/unit.html", page_context(
        request, caller, "dashboard", doc=doc, title=f"{doc['unit']['name']} 历年情况"))
