"""Every read of scoped data goes through these functions, and each takes the caller.

A row is in a caller's scope when its unit lies under one of the organisations the caller
holds a role at (a path prefix match on the unit's organisation). A row outside the scope
is answered as not found, so a caller cannot even learn that it exists. Routes never
filter rows themselves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypedDict

from sqlalchemy import ColumnElement, Select, false, func, or_, select
from sqlalchemy.orm import Session, contains_eager

from jixiao.store.errors import Forbidden, NotFound
from jixiao.store.models import (
    AuditEntry,
    Comment,
    Evaluation,
    EvaluationFinding,
    Organisation,
    ReviewScore,
    Task,
    Transition,
    Version,
)
from jixiao.store.roles import ADMIN, ROLES, Caller
from jixiao.store.workflow import ACTIONS, PUBLISHED, STATUSES, Step, step_for

NOT_FOUND = "评价不存在，或不在您的查看范围内"


def under(paths: list[str]) -> ColumnElement[bool]:
    """Organisations under any of these paths (the organisations themselves included)."""
    if not paths:
        return false()
    # The pattern is one bound value (not ``:p || '%'``), so both databases can answer it
    # from the index on path (SQLite with case-sensitive LIKE, see store.db).
    return or_(*(Organisation.path.like(_escaped(p) + "%", escape="!") for p in paths))


def _escaped(prefix: str) -> str:
    return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def _evaluations(caller: Caller) -> Select[Evaluation]:
    # The unit comes from the join the scope needs anyway (not a second, eager join).
    return (select(Evaluation).join(Organisation, Organisation.id == Evaluation.unit_id)
            .options(contains_eager(Evaluation.unit)).where(under(caller.paths())))


class EvaluationFilters(TypedDict, total=False):
    """The list's filters, as keyword arguments of :func:`list_evaluations` and
    :func:`count_evaluations`."""

    year: int | None
    status: str | Sequence[str] | None
    kind: str | None
    unit_id: int | None
    grade: str | None
    rule: str | None


def _filtered(query: Select[Any], *, year: int | None, status: str | Sequence[str] | None, kind: str | None,
              unit_id: int | None, grade: str | None = None, rule: str | None = None) -> Select[Any]:
    """``grade`` "none" keeps those not graded, ``rule`` those whose current version has a
    finding of that rule (the dashboard's drill-downs)."""
    if grade is not None:
        query = query.where(Evaluation.grade.is_(None) if grade == "none" else Evaluation.grade == grade)
    if rule is not None:
        query = query.where(select(EvaluationFinding.evaluation_id).where(
            EvaluationFinding.evaluation_id == Evaluation.id, EvaluationFinding.code == rule).exists())
    if year is not None:
        query = query.where(Evaluation.year == year)
    if isinstance(status, str):
        query = query.where(Evaluation.status == status)
    elif status is not None:
        query = query.where(Evaluation.status.in_(status))
    if kind is not None:
        query = query.where(Evaluation.kind == kind)
    if unit_id is not None:
        query = query.where(Evaluation.unit_id == unit_id)
    return query


def list_evaluations(db: Session, caller: Caller, *, year: int | None = None,
                     status: str | Sequence[str] | None = None, kind: str | None = None,
                     unit_id: int | None = None, grade: str | None = None, rule: str | None = None,
                     limit: int = 200, offset: int = 0) -> list[Evaluation]:
    """One page of the evaluations in the caller's scope: the newest year first, then by unit."""
    query = _filtered(_evaluations(caller), year=year, status=status, kind=kind, unit_id=unit_id,
                      grade=grade, rule=rule)
    query = query.order_by(Evaluation.year.desc(), Organisation.name, Evaluation.id).limit(limit).offset(offset)
    return list(db.scalars(query))


def count_evaluations(db: Session, caller: Caller, *, year: int | None = None,
                      status: str | Sequence[str] | None = None, kind: str | None = None,
                      unit_id: int | None = None, grade: str | None = None, rule: str | None = None) -> int:
    """How many evaluations :func:`list_evaluations` pages through with these filters."""
    query = select(func.count()).select_from(Evaluation).join(Organisation, Organisation.id == Evaluation.unit_id)
    query = _filtered(query.where(under(caller.paths())), year=year, status=status, kind=kind, unit_id=unit_id,
                      grade=grade, rule=rule)
    return int(db.scalar(query) or 0)


def evaluation_years(db: Session, caller: Caller) -> list[int]:
    """The years the caller's evaluations are for, newest first: the few years there are
    (read from the year index), each kept if one evaluation of it is in the caller's scope
    (a distinct over the scope's rows would visit all of them)."""
    years: list[int] = []
    year = db.scalar(select(func.max(Evaluation.year)))
    while year is not None:  # one index lookup a year, not a scan of the index
        years.append(year)
        year = db.scalar(select(func.max(Evaluation.year)).where(Evaluation.year < year))
    scope = under(caller.paths())
    # From the organisations in scope to their evaluations of the year (index on unit and year).
    return [year for year in years if db.scalar(
        select(Organisation.id).where(scope, select(Evaluation.id).where(
            Evaluation.unit_id == Organisation.id, Evaluation.year == year).exists()).limit(1)) is not None]


def get_evaluation(db: Session, caller: Caller, evaluation_id: int) -> Evaluation:
    found = db.scalar(_evaluations(caller).where(Evaluation.id == evaluation_id))
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def roles_on(caller: Caller, evaluation: Evaluation) -> set[str]:
    return caller.roles_at(evaluation.unit.path)


def require(caller: Caller, evaluation: Evaluation, action: str) -> Step:
    """The workflow step that lets the caller take this action now, or Forbidden saying why."""
    roles = roles_on(caller, evaluation)
    step = step_for(action, roles, evaluation.status)
    if step is None:
        held = "、".join(ROLES[r] for r in sorted(roles)) or "无角色"
        raise Forbidden(f"评价处于“{STATUSES[evaluation.status]}”状态，您的角色（{held}）不能{ACTIONS[action]}")
    return step


def list_versions(db: Session, caller: Caller, evaluation_id: int) -> list[Version]:
    get_evaluation(db, caller, evaluation_id)
    return list(db.scalars(select(Version).where(Version.evaluation_id == evaluation_id)
                           .order_by(Version.number)))


def get_version(db: Session, caller: Caller, evaluation_id: int, number: int | None = None) -> Version:
    evaluation = get_evaluation(db, caller, evaluation_id)
    return version_of(db, evaluation, number)


def version_of(db: Session, evaluation: Evaluation, number: int | None = None) -> Version:
    """A version of an evaluation already fetched through a scoped function."""
    wanted = evaluation.version if number is None else number
    found = db.scalar(select(Version).where(Version.evaluation_id == evaluation.id, Version.number == wanted))
    if found is None:
        raise NotFound(f"评价 {evaluation.id} 没有第 {wanted} 版")
    return found


def list_comments(db: Session, caller: Caller, evaluation_id: int) -> list[Comment]:
    get_evaluation(db, caller, evaluation_id)
    return list(db.scalars(select(Comment).where(Comment.evaluation_id == evaluation_id)
                           .order_by(Comment.id)))


def list_transitions(db: Session, caller: Caller, evaluation_id: int) -> list[Transition]:
    get_evaluation(db, caller, evaluation_id)
    return list(db.scalars(select(Transition).where(Transition.evaluation_id == evaluation_id)
                           .order_by(Transition.id)))


def list_review_scores(db: Session, caller: Caller, evaluation_id: int) -> list[ReviewScore]:
    get_evaluation(db, caller, evaluation_id)
    return list(db.scalars(select(ReviewScore).where(ReviewScore.evaluation_id == evaluation_id)
                           .order_by(ReviewScore.id)))


def list_organisations(db: Session, caller: Caller) -> list[Organisation]:
    """The organisations under the caller's (and the ones above them are not shown)."""
    return list(db.scalars(select(Organisation).where(under(caller.paths())).order_by(Organisation.path)))


def get_organisation(db: Session, caller: Caller, organisation_id: int) -> Organisation:
    found = db.scalar(select(Organisation).where(Organisation.id == organisation_id, under(caller.paths())))
    if found is None:
        raise NotFound("机构不存在，或不在您的查看范围内")
    return found


def units_for(db: Session, caller: Caller, *roles: str) -> list[Organisation]:
    """Units under the organisations where the caller holds one of these roles."""
    return list(db.scalars(select(Organisation).where(Organisation.kind == "unit", under(caller.paths_with(*roles)))
                           .order_by(Organisation.name)))


def list_tasks(db: Session, caller: Caller) -> list[Task]:
    """Tasks of the bureaus the caller belongs under."""
    bureaus = {int(p.strip("/").split("/")[0]) for p in caller.paths()}
    if not bureaus:
        return []
    return list(db.scalars(select(Task).where(Task.bureau_id.in_(bureaus)).order_by(Task.year.desc())))


def audit_log(db: Session, caller: Caller, limit: int = 200) -> list[AuditEntry]:
    if ADMIN not in caller.roles:
        raise Forbidden("只有管理员可以查看审计日志")
    return list(db.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)))


# Public: published evaluations only, for anyone.

def _published() -> Select[Evaluation]:
    return (select(Evaluation).join(Organisation, Organisation.id == Evaluation.unit_id)
            .where(Evaluation.status == PUBLISHED))


def public_evaluations(db: Session, *, year: int | None = None, limit: int = 500,
                       offset: int = 0) -> list[Evaluation]:
    query = _published()
    if year is not None:
        query = query.where(Evaluation.year == year)
    return list(db.scalars(query.order_by(Evaluation.year.desc(), Organisation.name).limit(limit).offset(offset)))


def public_evaluation(db: Session, evaluation_id: int) -> Evaluation:
    found = db.scalar(_published().where(Evaluation.id == evaluation_id))
    if found is None:
        raise NotFound("未找到已公开的该评价")
    return found
