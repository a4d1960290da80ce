"""The dashboard's JSON twin and its workbook exports, under ``/api/v1/dashboard``.

One document per year (:func:`dashboard`): a list of charts, each a table — its columns
(key, Chinese label, type, decimals) and its rows — from which the page draws both the
table and the chart, and from which each chart's XLSX is written. Decimal figures travel
as text with their decimals fixed ("850.19"), counts as integers. Every aggregate comes
from :mod:`jixiao.store.dashboard`, scoped by the caller there."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Response
from fastapi import Path as PathParam
from sqlalchemy.orm import Session

from jixiao.store import dashboard as store
from jixiao.store.db import Database
from jixiao.store.errors import NotFound
from jixiao.store.roles import Caller
from jixiao.store.workflow import STATUSES, SUBMITTED_STATES
from jixiao.web.deps import CallerDep, DatabaseDep

router = APIRouter(prefix="/api/v1", tags=["dashboard"])

YearParam = Annotated[int | None, Query(ge=1900, le=2200,
                                        description="the year (default: the newest with evaluations)")]
TopParam = Annotated[int, Query(ge=1, le=1000, description="rows of the rankings")]
KIND_SHORT = {"overall": "整体支出", "project": "项目支出"}
LEVELS = {"error": "错误", "warning": "警告", "info": "提示"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    type: str = "text"  # text | int | decimal | date
    decimals: int = 0

    def data(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "type": self.type, "decimals": self.decimals}


def fixed(value: Decimal | None, decimals: int = 2) -> str | None:
    """A decimal as text with exactly ``decimals`` places (half up), or None."""
    if value is None:
        return None
    return format(value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP), "f")


def chart(key: str, title: str, columns: list[Column], rows: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"key": key, "title": title, "columns": [c.data() for c in columns], "rows": rows, **extra}


def _list_url(year: int, **filters: Any) -> str:
    return "/evaluations?" + urlencode({"year": year, **filters})


@cache
def rule_titles() -> dict[str, str]:
    from jixiao.catalogue import all_rules

    return {rule.code: rule.title for rule in all_rules()}


# ------------------------------------------------------------------ the charts

def _progress(db: Session, scope: store.Scope, seen: store.Overview) -> list[dict[str, Any]]:
    statuses = seen.statuses
    units = store.unit_count(db, scope)
    total = sum(statuses.values())
    submitted = sum(statuses.get(s, 0) for s in SUBMITTED_STATES)
    deadline = store.deadline(db, scope)
    rows = [{"status": key, "label": label, "count": statuses.get(key, 0),
             "href": _list_url(scope.year, status=key)} for key, label in STATUSES.items()]
    status_chart = chart("status", "各状态自评数", [Column("label", "状态"), Column("count", "自评数", "int")], rows,
                         summary={"units": units, "evaluations": total, "submitted": submitted,
                                  "deadline": deadline.isoformat() if deadline else None})
    cumulative, on_time, days = 0, 0, []
    for day, n in store.submissions_by_day(db, scope):
        cumulative += n
        late = deadline is not None and day > deadline
        on_time += 0 if late else n
        days.append({"date": day.isoformat(), "count": n, "cumulative": cumulative,
                     "on_time": "逾期" if late else "按时" if deadline is not None else "—",
                     "href": _list_url(scope.year, submitted_on=day.isoformat())})
    submissions = chart("submissions", "送审进度（按日累计，对照截止日期）",
                        [Column("date", "日期", "date"), Column("count", "当日送审", "int"),
                         Column("cumulative", "累计送审", "int"), Column("on_time", "对照截止日期")], days,
                        summary={"units": units, "submitted": submitted, "on_time": on_time,
                                 "late": submitted - on_time if deadline is not None else 0,
                                 "deadline": deadline.isoformat() if deadline else None})
    return [status_chart, submissions]


def _grades(scope: store.Scope, seen: store.Overview) -> dict[str, Any]:
    counts = seen.grades
    total = sum(counts.values())
    known = set(store.GRADES)
    rows = [{"grade": g, "count": counts.get(g, 0), "share": _share(counts.get(g, 0), total),
             "href": _list_url(scope.year, grade=g)} for g in store.GRADES]
    ungraded = sum(n for g, n in counts.items() if g not in known)
    rows.append({"grade": "未评级", "count": ungraded, "share": _share(ungraded, total),
                 "href": _list_url(scope.year, grade="none")})
    return chart("grades", "评价等级（优/良/中/差）",
                 [Column("grade", "等级"), Column("count", "自评数", "int"),
                  Column("share", "占比（%）", "decimal", 1)], rows)


def _share(part: int, total: int) -> str | None:
    return fixed(Decimal(part) * 100 / Decimal(total), 1) if total else None


def _scores(year: int, seen: store.Overview) -> dict[str, Any]:
    rows = [{"self_band": a, "review_band": b, "count": n, "href": _list_url(year, self_band=a, review_band=b)}
            for a, b, n in seen.score_bands]
    return chart("scores", "自评得分与复核得分（分段）",
                 [Column("self_band", "自评得分（分）"), Column("review_band", "复核得分（分）"),
                  Column("count", "自评数", "int")], rows, bands=[label for label, _low, _high in store.BANDS],
                 summary={"with_self": seen.with_self, "with_review": seen.with_review, "with_both": seen.with_both,
                          "mean_self": fixed(seen.mean_self), "mean_review": fixed(seen.mean_review)})


def _execution(db: Session, scope: store.Scope, seen: store.Overview, top: int) -> dict[str, Any]:
    rows = [{"unit": r["unit"], "title": r["title"] or "（未命名）", "kind": KIND_SHORT.get(r["kind"], r["kind"]),
             "execution_rate": fixed(r["execution_rate"]), "href": f"/evaluations/{r['evaluation_id']}",
             "unit_href": f"/dashboard/units/{r['unit_id']}"} for r in store.execution_ranking(db, scope, top)]
    return chart("execution", "预算执行率排名（由低到高）",
                 [Column("unit", "单位"), Column("title", "自评"), Column("kind", "类型"),
                  Column("execution_rate", "预算执行率（%）", "decimal", 2)], rows,
                 summary=seen.rate_bands, lines=[90, 100])


def _three_public(db: Session, scope: store.Scope) -> dict[str, Any]:
    rows = [{"year": y, "total": fixed(total), "count": n, "href": _list_url(y, kind="overall")}
            for y, total, n in store.three_public_by_year(db, scope)]
    return chart("three_public", "三公经费（按年度，万元）",
                 [Column("year", "年度", "int"), Column("total", "三公经费决算数合计（万元）", "decimal", 2),
                  Column("count", "填报单位数", "int")], rows)


def _units(key: str, title: str, label: str, found: list[dict[str, Any]], year: int,
           *more: Column) -> dict[str, Any]:
    """Units ranked by a count; ``more``: columns of the rows' own beside it."""
    rows = [{"unit": r["unit"], "total": r["total"], "evaluations": r["evaluations"],
             **{c.key: r[c.key] for c in more},
             "href": f"/dashboard/units/{r['unit_id']}", "list_href": _list_url(year, unit_id=r["unit_id"])}
            for r in found]
    return chart(key, title, [Column("unit", "单位"), Column("total", label, "int"), *more,
                              Column("evaluations", "自评数", "int")], rows)


def _rules(db: Session, scope: store.Scope, top: int) -> dict[str, Any]:
    titles = rule_titles()
    rows = [{"code": r["code"], "title": titles.get(r["code"], ""), "level": LEVELS.get(r["level"], r["level"]),
             "total": r["total"], "evaluations": r["evaluations"], "href": _list_url(scope.year, rule=r["code"])}
            for r in store.findings_by_rule(db, scope, top)]
    return chart("rules", "问题（按规则）",
                 [Column("code", "规则"), Column("title", "说明"), Column("level", "级别"),
                  Column("total", "问题数", "int"), Column("evaluations", "涉及自评数", "int")], rows)


def dashboard(database: Database, caller: Caller, year: int | None, top: int = 20) -> dict[str, Any]:
    """The year's dashboard document (JSON twin of ``/dashboard``)."""
    with database.reading() as db:
        years = store.years(db, caller)
        chosen = year if year is not None else (years[0] if years else dt.date.today().year - 1)
        scope = store.scope_for(caller, chosen)
        seen = store.overview(db, scope)
        charts = [
            *_progress(db, scope, seen), _grades(scope, seen), _scores(chosen, seen), _execution(db, scope, seen, top),
            _three_public(db, scope),
            _units("errors", "未解决错误最多的单位", "未解决错误数", store.open_errors_by_unit(db, scope, top), chosen,
                   Column("explained", "已说明", "int")),
            _units("returns", "退回次数最多的单位", "退回次数", store.returns_by_unit(db, scope, top), chosen),
            _rules(db, scope, top),
        ]
    return {"year": chosen, "years": years, "top": top, "charts": charts}


def history(database: Database, caller: Caller, unit_id: int) -> dict[str, Any]:
    """A unit's evaluations year by year (JSON twin of ``/dashboard/units/{id}``)."""
    with database.reading() as db:
        unit, rows = store.unit_history(db, caller, unit_id)
        items = [{"year": e.year, "kind": KIND_SHORT.get(e.kind, e.kind), "title": e.title or "（未命名）",
                  "status": STATUSES.get(e.status, e.status), "budget_total": fixed(e.budget_total),
                  "final_total": fixed(e.final_total), "execution_rate": fixed(e.execution_rate),
                  "self_score": fixed(e.self_score), "review_score": fixed(e.review_score), "grade": e.grade or "",
                  "three_public": fixed(e.three_public_expenses), "href": f"/evaluations/{e.id}"} for e in rows]
        name = unit.name
    columns = [Column("year", "年度", "int"), Column("kind", "类型"), Column("title", "自评"), Column("status", "状态"),
               Column("budget_total", "全年预算数（万元）", "decimal", 2),
               Column("final_total", "决算数（万元）", "decimal", 2),
               Column("execution_rate", "预算执行率（%）", "decimal", 2),
               Column("self_score", "自评得分", "decimal", 2), Column("review_score", "复核得分", "decimal", 2),
               Column("grade", "等级"), Column("three_public", "三公经费（万元）", "decimal", 2)]
    return {"unit": {"id": unit_id, "name": name},
            "charts": [chart("history", f"{name} 历年情况", columns, items)]}


# ------------------------------------------------------------------ workbooks

def workbook(table: dict[str, Any], sheet_title: str, note: str) -> bytes:
    """One table as a workbook: Chinese headers in row 1, numbers as numbers with their
    decimals, dates as dates; a second sheet says what it is."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1, "text_wrap": True})
    formats: dict[str, Any] = {"int": book.add_format({"num_format": "0"}),
                               "date": book.add_format({"num_format": "yyyy-mm-dd"})}
    sheet = book.add_worksheet(_sheet_name(sheet_title))
    columns = table["columns"]
    for c, column in enumerate(columns):
        sheet.write_string(0, c, column["label"], head)
        sheet.set_column(c, c, max(10, min(48, 2 * len(column["label"]) + 2)))
    for r, row in enumerate(table["rows"], start=1):
        for c, column in enumerate(columns):
            _cell(book, sheet, formats, r, c, column, row.get(column["key"]))
    sheet.freeze_panes(1, 0)
    about = book.add_worksheet("说明")
    about.write_string(0, 0, table["title"])
    about.write_string(1, 0, note)
    about.set_column(0, 0, 80)
    book.close()
    return out.getvalue()


def _cell(book: Any, sheet: Any, formats: dict[str, Any], r: int, c: int, column: dict[str, Any], value: Any) -> None:
    kind = column["type"]
    if value is None or value == "":
        sheet.write_blank(r, c, None)
    elif kind == "int":
        sheet.write_number(r, c, int(value), formats["int"])
    elif kind == "decimal":
        key = f"decimal{column['decimals']}"
        if key not in formats:
            places = int(column["decimals"])
            formats[key] = book.add_format({"num_format": "0." + "0" * places if places else "0"})
        sheet.write_number(r, c, float(Decimal(str(value))), formats[key])
    elif kind == "date":
        sheet.write_datetime(r, c, dt.datetime.combine(dt.date.fromisoformat(str(value)), dt.time()), formats["date"])
    else:
        sheet.write_string(r, c, str(value))


def _sheet_name(title: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in title)
    return cleaned[:31] or "Sheet1"


def _download(content: bytes, filename: str) -> Response:
    return Response(content, media_type=XLSX,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"})


# ------------------------------------------------------------------ routes

ChartKey = Annotated[str, PathParam(pattern=r"^[a-z_]{1,30}$", description="a chart's key, as in the document")]


@router.get("/dashboard", summary="The bureau's dashboard for a year: every chart as a table (reviewers only)")
def get_dashboard(caller: CallerDep, database: DatabaseDep, year: YearParam = None, top: TopParam = 20
                  ) -> dict[str, Any]:
    return dashboard(database, caller, year, top)


@router.get("/dashboard/units/{unit_id}", summary="A unit's year-over-year history: budget, execution rate, scores")
def get_history(unit_id: Annotated[int, PathParam(ge=1, le=2**31 - 1)], caller: CallerDep, database: DatabaseDep
                ) -> dict[str, Any]:
    return history(database, caller, unit_id)


@router.get("/dashboard/units/{unit_id}/history.xlsx", summary="A unit's year-over-year history as a workbook")
def get_history_xlsx(unit_id: Annotated[int, PathParam(ge=1, le=2**31 - 1)], caller: CallerDep,
                     database: DatabaseDep) -> Response:
    doc = history(database, caller, unit_id)
    table = doc["charts"][0]
    return _download(workbook(table, "历年情况", table["title"]), f"{doc['unit']['name']}-历年情况.xlsx")


@router.get("/dashboard/{chart_key}.xlsx", summary="One chart of the year's dashboard as a workbook (its table)")
def get_chart_xlsx(chart_key: ChartKey, caller: CallerDep, database: DatabaseDep, year: YearParam = None,
                   top: TopParam = 20) -> Response:
    doc = dashboard(database, caller, year, top)
    table = _find(doc, chart_key)
    note = f"{doc['year']}年度 · 导出于 {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M')} UTC"
    return _download(workbook(table, table["title"], note), f"{doc['year']}年度-{table['title']}.xlsx")


def _find(doc: dict[str, Any], key: str) -> dict[str, Any]:
    found: dict[str, Any] | None = next((c for c in doc["charts"] if c["key"] == key), None)
    if found is None:
        keys = "、".join(c["key"] for c in doc["charts"])
        raise NotFound(f"仪表盘没有图表“{key}”；可用：{keys}")
    return found

