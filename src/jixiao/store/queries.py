"""Every read of scoped data goes through these functions, and each takes the caller.

A row is in a caller's scope when its unit lies under one of the organisations the caller
holds a role at (a path prefix match on the unit's organisation). A row outside the scope
is answered as not found, so a caller cannot even learn that it exists. Routes never
filter rows themselves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select, true
from sqlalchemy.orm import Session, contains_eager, joinedload

from jixiao.store import evaluation_counts
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
from jixiao.store.workflow import ACTIONS, PUBLISHED, STATUSES, SUBMITTED_STATES, Step, step_for

NOT_FOUND = "评价不存在，或不在您的查看范围内"
AnySelect = Select[*tuple[Any, ...]]  # a SELECT of any columns


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


# Score bands (分): the grade bands, the lowest split so that a weak score is told apart;
# each band is [low, high). The dashboard's heat map counts by them, the list filters by them.
SCORE_BANDS: tuple[tuple[str, Decimal | None, Decimal | None], ...] = (
    ("<50", None, Decimal(50)), ("50–60", Decimal(50), Decimal(60)), ("60–70", Decimal(60), Decimal(70)),
    ("70–80", Decimal(70), Decimal(80)), ("80–90", Decimal(80), Decimal(90)), ("≥90", Decimal(90), None))
BAND_LABELS = tuple(label for label, _low, _high in SCORE_BANDS)
# A submission's day is the bureau's (China Standard Time, no daylight saving), not UTC's.
LOCAL_OFFSET = dt.timezone(dt.timedelta(hours=8))


class EvaluationFilters(TypedDict, total=False):
    """The list's filters, as keyword arguments of :func:`list_evaluations` and
    :func:`count_evaluations`."""

    year: int | None
    status: str | Sequence[str] | None
    kind: str | None
    unit_id: int | None
    grade: str | None
    rule: str | None
    self_band: str | None
    review_band: str | None
    submitted_on: dt.date | None


def _in_band(column: Any, label: str) -> ColumnElement[bool]:
    low, high = next((lo, hi) for name, lo, hi in SCORE_BANDS if name == label)
    return and_(column.is_not(None), column >= low if low is not None else true(),
                column < high if high is not None else true())


def _submitted_on(day: dt.date) -> ColumnElement[bool]:
    """Now in a submitted state, the current submission made on that (local) day."""
    start = dt.datetime.combine(day, dt.time(), LOCAL_OFFSET).astimezone(dt.UTC)
    return and_(Evaluation.status.in_(SUBMITTED_STATES), Evaluation.submitted_at >= start,
                Evaluation.submitted_at < start + dt.timedelta(days=1))


def _filtered(query: AnySelect, *, year: int | None = None, status: str | Sequence[str] | None = None,
              kind: str | None = None, unit_id: int | None = None, grade: str | None = None, rule: str | None = None,
              self_band: str | None = None, review_band: str | None = None,
              submitted_on: dt.date | None = None) -> AnySelect:
    """``grade`` "none" keeps those not graded, ``rule`` those whose current version has a
    finding of that rule, ``self_band`` / ``review_band`` those whose self score / 复核得分
    lies in that band of :data:`SCORE_BANDS`, ``submitted_on`` those submitted that day (the
    dashboard's drill-downs)."""
    if grade is not None:
        query = query.where(Evaluation.grade.is_(None) if grade == "none" else Evaluation.grade == grade)
    if rule is not None:
        query = query.where(select(EvaluationFinding.evaluation_id).where(
            EvaluationFinding.evaluation_id == Evaluation.id, EvaluationFinding.code == rule).exists())
    if self_band is not None:
        query = query.where(_in_band(Evaluation.self_score, self_band))
    if review_band is not None:
        query = query.where(_in_band(Evaluation.review_score, review_band))
    if submitted_on is not None:
        query = query.where(_submitted_on(submitted_on))
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


def list_evaluations(db: Session, caller: Caller, *, limit: int = 200, offset: int = 0,
                     by_year: list[tuple[int, int]] | None = None,
                     **filters: Unpack[EvaluationFilters]) -> list[Evaluation]:
    """One page of the evaluations in the caller's scope, as :func:`_page_ids` finds it."""
    ids = _page_ids(db, caller, limit, offset, by_year, filters)
    if not ids:
        return []
    found = {e.id: e for e in db.scalars(_evaluations(caller).where(Evaluation.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


# What a list of evaluations shows (the page, the review and publish queues, the API's
# list), with the unit's name and its path (which the caller's roles on the row depend on).
LIST_COLUMNS = (Evaluation.id, Evaluation.unit_id, Evaluation.year, Evaluation.kind, Evaluation.title,
                Evaluation.framework, Evaluation.status, Evaluation.version, Evaluation.submitted_version,
                Evaluation.self_score, Evaluation.review_score, Evaluation.reported_total,
                Evaluation.recomputed_total, Evaluation.grade, Evaluation.execution_rate, Evaluation.errors,
                Evaluation.warnings, Evaluation.infos, Evaluation.times_returned, Evaluation.updated_at,
                Organisation.name.label("unit_name"), Organisation.path.label("unit_path"))


def list_rows(db: Session, caller: Caller, *, limit: int = 200, offset: int = 0,
              by_year: list[tuple[int, int]] | None = None, **filters: Unpack[EvaluationFilters]) -> list[Any]:
    """:func:`list_evaluations` as plain rows of :data:`LIST_COLUMNS`. A list shows a page
    of rows on every request and never writes them, so it builds no ORM objects: reading
    and showing a page of 50 takes about 6.5 ms of CPU instead of 7.8 (PostgreSQL)."""
    ids = _page_ids(db, caller, limit, offset, by_year, filters)
    if not ids:
        return []
    query = (select(*LIST_COLUMNS).join(Organisation, Organisation.id == Evaluation.unit_id)
             .where(under(caller.paths()), Evaluation.id.in_(ids)))
    found = {row.id: row for row in db.execute(query)}
    return [found[i] for i in ids if i in found]


def _page_ids(db: Session, caller: Caller, limit: int, offset: int, by_year: list[tuple[int, int]] | None,
              filters: EvaluationFilters) -> list[int]:
    """The ids of one page of the evaluations in the caller's scope (filtered by :class:`EvaluationFilters`):
    the newest year first, then by unit (its name).

    The page is cut year by year: the counts per year (:func:`counted_by_year`, which the
    pager needs anyway; pass them as ``by_year`` when already counted) tell in which year
    the page begins, and each year's rows are sorted on their own — a province's year is a
    fifth of its list, so a page sorts a fifth of the rows it would otherwise. Only the
    ids are sorted (from the indexes); the callers then read the page's rows by id."""
    counts = by_year if by_year is not None else counted_by_year(db, caller, **filters)
    ids: list[int] = []
    skip = offset
    for year, count in counts:
        if skip >= count:
            skip -= count
            continue
        query = (select(Evaluation.id).join(Organisation, Organisation.id == Evaluation.unit_id)
                 .where(under(caller.paths())))
        one_year: EvaluationFilters = {**filters, "year": year}
        query = _filtered(query, **one_year)
        ids.extend(db.scalars(query.order_by(Organisation.name, Evaluation.id).limit(limit - len(ids)).offset(skip)))
        skip = 0
        if len(ids) >= limit:
            break
    return ids


def counted_by_year(db: Session, caller: Caller, **filters: Unpack[EvaluationFilters]) -> list[tuple[int, int]]:
    """How many evaluations :func:`list_evaluations` pages through with these filters, per
    year, the newest first. Filtered by year, status and kind only (the list as it opens,
    and its status and kind choices), they are read from the counts kept per organisation
    (:mod:`jixiao.store.evaluation_counts`): a few rows instead of every evaluation of the
    scope joined to its unit. The dashboard's other drill-downs count the rows."""
    if _kept(filters):
        return evaluation_counts.by_year(db, caller.paths(), year=filters.get("year"), status=filters.get("status"),
                                         kind=filters.get("kind"))
    return scanned_by_year(db, caller, **filters)


def _kept(filters: EvaluationFilters) -> bool:
    """Whether the kept counts answer these filters (year, status and kind only)."""
    return all(value is None for name, value in filters.items() if name not in ("year", "status", "kind"))


def counted_and_years(db: Session, caller: Caller, **filters: Unpack[EvaluationFilters]
                      ) -> tuple[list[tuple[int, int]], list[int]]:
    """:func:`counted_by_year` with these filters and :func:`evaluation_years` without:
    what the list page needs, in one statement when the kept counts answer the filters."""
    if not _kept(filters):
        return counted_by_year(db, caller, **filters), evaluation_years(db, caller)
    status = filters.get("status")
    statuses = None if status is None else {status} if isinstance(status, str) else set(status)
    rows = evaluation_counts.by_year_kind_status(db, caller.paths())
    counted: dict[int, int] = {}
    for year, kind, state, n in rows:
        if (filters.get("year") in (None, year) and filters.get("kind") in (None, kind)
                and (statuses is None or state in statuses)):
            counted[year] = counted.get(year, 0) + n
    return sorted(counted.items(), reverse=True), sorted({year for year, *_rest in rows}, reverse=True)


def scanned_by_year(db: Session, caller: Caller, **filters: Unpack[EvaluationFilters]) -> list[tuple[int, int]]:
    """:func:`counted_by_year` from the evaluation rows themselves (any filter)."""
    query: AnySelect = (select(Evaluation.year, func.count()).select_from(Evaluation)
                        .join(Organisation, Organisation.id == Evaluation.unit_id).where(under(caller.paths())))
    query = _filtered(query, **filters).group_by(Evaluation.year).order_by(Evaluation.year.desc())
    return [(int(row[0]), int(row[1])) for row in db.execute(query)]


def count_evaluations(db: Session, caller: Caller, **filters: Unpack[EvaluationFilters]) -> int:
    """How many evaluations :func:`list_evaluations` pages through with these filters."""
    return sum(count for _year, count in counted_by_year(db, caller, **filters))


def evaluation_years(db: Session, caller: Caller) -> list[int]:
    """The years the caller's evaluations are for, newest first, from the counts kept per
    organisation (:mod:`jixiao.store.evaluation_counts`): a few rows of the caller's own
    organisations, whatever the number of evaluations under them."""
    return [year for year, _count in evaluation_counts.by_year(db, caller.paths())]


def get_evaluation(db: Session, caller: Caller, evaluation_id: int, *, locked: bool = False) -> Evaluation:
    """The evaluation, if it is in the caller's scope. ``locked``: its row locked until the
    transaction ends (PostgreSQL), read afresh with its finding counts, which a write
    replaces (see :func:`jixiao.store.evaluations.for_writing`)."""
    query = _evaluations(caller).where(Evaluation.id == evaluation_id)
    if not locked:
        found = db.scalar(query)
    else:
        query = (query.options(joinedload(Evaluation.finding_counts)).with_for_update(of=Evaluation, key_share=True)
                 .execution_options(populate_existing=True))
        found = db.execute(query).unique().scalar_one_or_none()
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
    return comments_of(db, get_evaluation(db, caller, evaluation_id))


def comments_of(db: Session, evaluation: Evaluation) -> list[Comment]:
    """The comments of an evaluation already fetched through a scoped function."""
    return list(db.scalars(select(Comment).where(Comment.evaluation_id == evaluation.id).order_by(Comment.id)))


def list_transitions(db: Session, caller: Caller, evaluation_id: int) -> list[Transition]:
    return transitions_of(db, get_evaluation(db, caller, evaluation_id))


def transitions_of(db: Session, evaluation: Evaluation) -> list[Transition]:
    """The workflow history of an evaluation already fetched through a scoped function."""
    return list(db.scalars(select(Transition).where(Transition.evaluation_id == evaluation.id)
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
