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

from jixiao.store.errors import Forbidden, NotFound
from jixiao.store.models import Evaluation, EvaluationFinding, Organisation, Task
from jixiao.store.queries import get_organisation, under
from jixiao.store.roles import ADMIN, BUREAU_REVIEWER, DEPARTMENT_REVIEWER, Caller
from jixiao.store.workflow import APPROVED, DEPARTMENT_REVIEWED, PUBLISHED, SUBMITTED

DASHBOARD_ROLES = (DEPARTMENT_REVIEWER, BUREAU_REVIEWER, ADMIN)
# States an evaluation is in once it has been submitted and not sent back.
SUBMITTED_STATES = (SUBMITTED, DEPARTMENT_REVIEWED, APPROVED, PUBLISHED)
GRADES = ("优", "良", "中", "差")
# Score bands (分): the grade bands, the lowest split so that a weak score is told apart.
BANDS: tuple[tuple[str, Decimal | None, Decimal | None], ...] = (
    ("<50", None, Decimal(50)), ("50–60", Decimal(50), Decimal(60)), ("60–70", Decimal(60), Decimal(70)),
    ("70–80", Decimal(70), Decimal(80)), ("80–90", Decimal(80), Decimal(90)), ("≥90", Decimal(90), None))
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


def status_counts(db: Session, scope: Scope) -> dict[str, int]:
    rows = db.execute(_from(Evaluation.status, func.count()).where(scope.where()).group_by(Evaluation.status))
    return {status: int(n) for status, n in rows}


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


def grade_counts(db: Session, scope: Scope) -> dict[str | None, int]:
    rows = db.execute(_from(Evaluation.grade, func.count()).where(scope.where()).group_by(Evaluation.grade))
    return {grade: int(n) for grade, n in rows}


def _band(column: Any) -> ColumnElement[Any]:
    whens = []
    for label, low, high in BANDS:
        if high is None:
            whens.append((column >= low, literal(label)))
        else:
            whens.append((column < high, literal(label)))
    return case(*whens, else_=literal(BANDS[-1][0]))


def score_bands(db: Session, scope: Scope) -> list[tuple[str, str, int]]:
    """(self-score band, 复核得分 band, count) for the evaluations that have both."""
    own, review = _band(Evaluation.self_score).label("own"), _band(Evaluation.review_score).label("review")
    rows = db.execute(_from(own, review, func.count()).where(
        scope.where(), Evaluation.self_score.is_not(None), Evaluation.review_score.is_not(None))
        .group_by(own, review))
    return [(str(a), str(b), int(n)) for a, b, n in rows]


def score_summary(db: Session, scope: Scope) -> dict[str, Any]:
    """How many have a self score, a 复核得分, both; the means over those with both."""
    both = and_(Evaluation.self_score.is_not(None), Evaluation.review_score.is_not(None))
    row = db.execute(_from(
        func.count(Evaluation.self_score), func.count(Evaluation.review_score),
        func.count(case((both, 1))),
        func.avg(case((both, Evaluation.self_score))), func.avg(case((both, Evaluation.review_score))),
    ).where(scope.where())).one()
    return {"with_self": int(row[0]), "with_review": int(row[1]), "with_both": int(row[2]),
            "mean_self": _decimal(row[3]), "mean_review": _decimal(row[4])}


def execution_ranking(db: Session, scope: Scope, limit: int) -> list[dict[str, Any]]:
    """The evaluations with the lowest execution rate (%) first."""
    rows = db.execute(_from(Evaluation.id, Organisation.id, Organisation.name, Evaluation.kind, Evaluation.title,
                            Evaluation.execution_rate)
                      .where(scope.where(), Evaluation.execution_rate.is_not(None))
                      .order_by(Evaluation.execution_rate, Organisation.name, Evaluation.id).limit(limit))
    return [{"evaluation_id": e, "unit_id": u, "unit": name, "kind": kind, "title": title,
             "execution_rate": _decimal(rate)} for e, u, name, kind, title, rate in rows]


def execution_bands(db: Session, scope: Scope) -> dict[str, int]:
    """How many evaluations have an execution rate below 90 %, from 90 % to below 100 %, 100 % or more."""
    rate = Evaluation.execution_rate
    row = db.execute(_from(func.count(case((rate < 90, 1))), func.count(case((and_(rate >= 90, rate < 100), 1))),
                           func.count(case((rate >= 100, 1))), func.count(case((rate.is_(None), 1))))
                     .where(scope.where())).one()
    return {"below_90": int(row[0]), "90_to_100": int(row[1]), "at_least_100": int(row[2]), "none": int(row[3])}


def three_public_by_year(db: Session, scope: Scope) -> list[tuple[int, Decimal, int]]:
    """三公经费 (本年决算数, 万元) summed over the 整体支出 evaluations that state it, every year
    of the scope's units (the year asked for included): (year, total, how many)."""
    rows = db.execute(_from(Evaluation.year, func.sum(Evaluation.three_public_expenses),
                            func.count(Evaluation.three_public_expenses))
                      .where(under(list(scope.paths)), Evaluation.kind == "overall",
                             Evaluation.three_public_expenses.is_not(None))
                      .group_by(Evaluation.year).order_by(Evaluation.year))
    return [(int(y), _decimal(total) or Decimal(0), int(n)) for y, total, n in rows]


def units_by(db: Session, scope: Scope, column: Any, limit: int) -> list[dict[str, Any]]:
    """Units ranked by the sum of an indexed count over their evaluations of the year
    (those with none left out)."""
    total = func.sum(column).label("total")
    rows = db.execute(_from(Organisation.id, Organisation.name, total, func.count(Evaluation.id))
                      .where(scope.where()).group_by(Organisation.id, Organisation.name)
                      .having(func.sum(column) > 0).order_by(total.desc(), Organisation.name).limit(limit))
    return [{"unit_id": u, "unit": name, "total": int(n), "evaluations": int(k)} for u, name, n, k in rows]


def open_errors_by_unit(db: Session, scope: Scope, limit: int) -> list[dict[str, Any]]:
    """Units by the error-level findings left in the current versions of their evaluations."""
    return units_by(db, scope, Evaluation.errors, limit)


def returns_by_unit(db: Session, scope: Scope, limit: int) -> list[dict[str, Any]]:
    return units_by(db, scope, Evaluation.times_returned, limit)


def findings_by_rule(db: Session, scope: Scope, limit: int) -> list[dict[str, Any]]:
    """Findings of the current versions by rule and level: how many, in how many evaluations."""
    total = func.sum(EvaluationFinding.count).label("total")
    rows = db.execute(select(EvaluationFinding.code, EvaluationFinding.level, total,
                             func.count(EvaluationFinding.evaluation_id))
                      .select_from(EvaluationFinding)
                      .join(Evaluation, Evaluation.id == EvaluationFinding.evaluation_id)
                      .join(Organisation, Organisation.id == Evaluation.unit_id)
                      .where(scope.where())
                      .group_by(EvaluationFinding.code, EvaluationFinding.level)
                      .order_by(total.desc(), EvaluationFinding.code).limit(limit))
    return [{"code": code, "level": level, "total": int(n), "evaluations": int(k)} for code, level, n, k in rows]


def years(db: Session, caller: Caller) -> list[int]:
    """The years with evaluations in the caller's dashboard scope, newest first."""
    rows = db.scalars(_from(Evaluation.year).where(under(dashboard_paths(caller))).distinct()
                      .order_by(Evaluation.year.desc()))
    return [int(y) for y in rows]


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
