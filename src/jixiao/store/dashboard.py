"""The bureau's dashboard: aggregates of one year's evaluations in the caller's scope,
each one GROUP BY over the figures indexed on the evaluation row (and the findings counted
by rule), never a read of a data document or a result.

Scope: the dashboard compares units, so it is for reviewers. A 财政审核人 or 管理员 sees
every unit under the bureau, a 主管部门审核人 the units of the department; a unit's own
roles (填报人, 单位负责人) are refused (403). A unit's year-over-year history is for anyone
who may see the unit, its own people included."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Date, Select, and_, case, cast, func, literal, select
from sqlalchemy.orm import Session

from jixiao.store import evaluation_counts, finding_totals, three_public_totals
from jixiao.store.errors import Forbidden, NotFound
from jixiao.store.models import Evaluation, Organisation, Task
from jixiao.store.queries import SCORE_BANDS, get_organisation, under
from jixiao.store.roles import ADMIN, BUREAU_REVIEWER, DEPARTMENT_REVIEWER, Caller
from jixiao.store.workflow import SUBMITTED_STATES

DASHBOARD_ROLES = (DEPARTMENT_REVIEWER, BUREAU_REVIEWER, ADMIN)
GRADES = ("优", "良", "中", "差")
BANDS = SCORE_BANDS
LOCAL_TIME = "Asia/Shanghai"  # a submission's day is the bureau's day, not UTC's


def dashboard_paths(caller: Caller) -> list[str]:
    """The organisations whose units the caller's dashboard covers, or Forbidden."""
    paths = caller.paths_with(*DASHBOARD_ROLES)
    if not paths:
        raise Forbidden("仪表盘供财政局和主管部门的审核人、管理员使用；单位人员请在“自评列表”中查看本单位的自评")
    return paths


@dataclass(frozen=True)
class Scope:
    paths: tuple[str, ...]
    year: int

    def where(self) -> ColumnElement[bool]:
        return and_(Evaluation.year == self.year, under(list(self.paths)))


def scope_for(caller: Caller, year: int) -> Scope:
    return Scope(tuple(dashboard_paths(caller)), year)


def _from(*columns: Any) -> Select[Any]:
    return select(*columns).select_from(Evaluation).join(Organisation, Organisation.id == Evaluation.unit_id)


def unit_count(db: Session, scope: Scope) -> int:
    """Units in the scope (what 100 % submission means)."""
    return int(db.scalar(select(func.count()).select_from(Organisation)
                         .where(Organisation.kind == "unit", under(list(scope.paths)))) or 0)


@dataclass
class Overview:
    """The year's counts that one GROUP BY gives: by status, by grade, by self/复核 score
    band, by execution-rate band, and the score means over those with both scores."""

    statuses: dict[str, int]
    grades: dict[str | None, int]
    score_bands: list[tuple[str, str, int]]
    rate_bands: dict[str, int]
    with_self: int
    with_review: int
    with_both: int
    mean_self: Decimal | None
    mean_review: Decimal | None


def overview(db: Session, scope: Scope) -> Overview:
    rate = Evaluation.execution_rate
    rate_band = case((rate.is_(None), literal("none")), (rate < 90, literal("below_90")),
                     (rate < 100, literal("90_to_100")), else_=literal("at_least_100")).label("rate_band")
    both = and_(Evaluation.self_score.is_not(None), Evaluation.review_score.is_not(None))
    own = case((both, _band(Evaluation.self_score)), else_=literal("")).label("own")
    review = case((both, _band(Evaluation.review_score)), else_=literal("")).label("review")
    rows = db.execute(_from(Evaluation.status, Evaluation.grade, own, review, rate_band, func.count(),
                            func.count(Evaluation.self_score), func.count(Evaluation.review_score),
                            func.sum(case((both, Evaluation.self_score))),
                            func.sum(case((both, Evaluation.review_score))))
                      .where(scope.where())
                      .group_by(Evaluation.status, Evaluation.grade, own, review, rate_band)).all()
    statuses: dict[str, int] = {}
    grades: dict[str | None, int] = {}
    bands: dict[tuple[str, str], int] = {}
    rates = {"below_90": 0, "90_to_100": 0, "at_least_100": 0, "none": 0}
    with_self = with_review = with_both = 0
    sum_self, sum_review = Decimal(0), Decimal(0)
    for status, grade, a, b, r, n, n_self, n_review, s_self, s_review in rows:  # a few dozen groups
        statuses[status] = statuses.get(status, 0) + n
        grades[grade] = grades.get(grade, 0) + n
        rates[r] += n
        with_self, with_review = with_self + n_self, with_review + n_review
        if a:
            bands[(a, b)] = bands.get((a, b), 0) + n
            with_both += n
            sum_self += _decimal(s_self) or 0
            sum_review += _decimal(s_review) or 0
    order = [label for label, _low, _high in BANDS]
    return Overview(statuses, grades,
                    [(a, b, bands[(a, b)]) for a in order for b in order if (a, b) in bands], rates,
                    with_self, with_review, with_both,
                    sum_self / with_both if with_both else None, sum_review / with_both if with_both else None)


def _local_day(db: Session) -> ColumnElement[Any]:
    if db.get_bind().dialect.name == "sqlite":  # stored as UTC text without a zone
        return func.date(Evaluation.submitted_at, "+8 hours")
    return cast(func.timezone(LOCAL_TIME, Evaluation.submitted_at), Date)


def submissions_by_day(db: Session, scope: Scope) -> list[tuple[dt.date, int]]:
    """Evaluations now in a submitted state, by the (local) day of their current submission."""
    day = _local_day(db).label("day")
    rows = db.execute(_from(day, func.count()).where(scope.where(), Evaluation.submitted_at.is_not(None),
                                                     Evaluation.status.in_(SUBMITTED_STATES))
                      .group_by(day).order_by(day))
    return [(d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)), int(n)) for d, n in rows]


def deadline(db: Session, scope: Scope) -> dt.date | None:
    """The earliest deadline of the year's tasks of the bureaus the scope lies under."""
    bureaus = {int(p.strip("/").split("/")[0]) for p in scope.paths}
    return db.scalar(select(func.min(Task.deadline)).where(Task.bureau_id.in_(bureaus), Task.year == scope.year))


def _band(column: Any) -> ColumnElement[Any]:
    whens = []
    for label, low, high in BANDS:
        if high is None:
            whens.append((column >= low, literal(label)))
        else:
            whens.append((column < high, literal(label)))
    return case(*whens, else_=literal(BANDS[-1][0]))


def execution_ranking(db: Session, scope: Scope, limit: int) -> list[dict[str, Any]]:
    """The evaluations with the lowest execution rate (%) first: ranked on the index alone,
    then the few ranked rows' titles read."""
    ranked = (_from(Evaluation.id.label("id"), Evaluation.execution_rate.label("rate"))
              .where(scope.where(), Evaluation.execution_rate.is_not(None))
              .order_by(Evaluation.execution_rate, Evaluation.unit_id, Evaluation.id).limit(limit).subquery())
    rows = db.execute(select(Evaluation.id, Organisation.id, Organisation.name, Evaluation.kind, Evaluation.title,
                             Evaluation.execution_rate)
                      .join(ranked, ranked.c.id == Evaluation.id)
                      .join(Organisation, Organisation.id == Evaluation.unit_id)
                      .order_by(Evaluation.execution_rate, Evaluation.unit_id, Evaluation.id))
    return [{"evaluation_id": e, "unit_id": u, "unit": name, "kind": kind, "title": title,
             "execution_rate": _decimal(rate)} for e, u, name, kind, title, rate in rows]


def three_public_by_year(db: Session, scope: Scope) -> list[tuple[int, Decimal, int]]:
    """三公经费 (本年决算数, 万元) summed over the 整体支出 evaluations that state it, every year
    of the scope's units (the year asked for included): (year, total, how many); from the
    totals kept per organisation and year (:mod:`jixiao.store.three_public_totals`)."""
    return three_public_totals.by_year(db, scope.paths)


def units_by(db: Session, scope: Scope, column: Any, limit: int, extra: Any = None) -> list[dict[str, Any]]:
    """Units ranked by the sum of an indexed count over their evaluations of the year
    (those with none left out); ``extra``, an aggregate read beside it, as "extra"."""
    total = func.sum(column).label("total")
    beside = [extra] if extra is not None else []
    rows = db.execute(_from(Organisation.id, Organisation.name, total, func.count(Evaluation.id), *beside)
                      .where(scope.where()).group_by(Organisation.id, Organisation.name)
                      .having(func.sum(column) > 0).order_by(total.desc(), Organisation.name).limit(limit))
    out = []
    for u, name, n, k, *more in rows:
        out.append({"unit_id": u, "unit": name, "total": int(n), "evaluations": int(k)})
        if more:
            out[-1]["extra"] = more[0]
    return out


def open_errors_by_unit(db: Session, scope: Scope, limit: int) -> list[dict[str, Any]]:
    """Units by the open errors of the current versions of their evaluations: error-level
    findings the unit has neither fixed nor explained (问题说明); ``explained`` counts the
    errors explained, which are not open."""
    explained = func.sum(Evaluation.explained_errors)
    rows = units_by(db, scope, Evaluation.errors - Evaluation.explained_errors, limit, explained)
    for row in rows:
        row["explained"] = int(row.pop("extra") or 0)
    return rows


def returns_by_unit(db: Session, scope: Scope, limit: int) -> list[dict[str, Any]]:
    return units_by(db, scope, Evaluation.times_returned, limit)


def findings_by_rule(db: Session, scope: Scope, limit: int) -> list[dict[str, Any]]:
    """Findings of the current versions by rule and level: how many, in how many evaluations
    (from the totals kept per organisation and year, see :mod:`jixiao.store.finding_totals`)."""
    return finding_totals.by_rule(db, scope.paths, scope.year, limit)


def years(db: Session, caller: Caller) -> list[int]:
    """The years with evaluations in the caller's dashboard scope, newest first (from the
    counts kept per organisation: a few rows, not the scope's evaluations)."""
    return [year for year, _count in evaluation_counts.by_year(db, dashboard_paths(caller))]


def unit_history(db: Session, caller: Caller, unit_id: int) -> tuple[Organisation, list[Evaluation]]:
    """A unit (in the caller's scope, else NotFound) and its evaluations, oldest year first."""
    unit = get_organisation(db, caller, unit_id)
    if unit.kind != "unit":
        raise NotFound(f"“{unit.name}”不是单位")
    rows = db.scalars(select(Evaluation).where(Evaluation.unit_id == unit.id)
                      .order_by(Evaluation.year, Evaluation.kind, Evaluation.id))
    return unit, list(rows)


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))
