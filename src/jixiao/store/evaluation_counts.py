"""Evaluations counted per organisation, year, kind and status as they change.

The list's pager needs "how many evaluations of each year under this bureau (of this kind,
in this status)": grouping the scope's evaluations joins every one of them to its unit
(25,000 for a province's five years). Instead each evaluation that appears, changes status
or disappears adds its difference, in the same transaction, to the counts of its unit and
of each organisation above it (``evaluation_counts``), so the pager reads a row per year
and status.

The counts follow the evaluation rows themselves: a listener on every session's flush
(:func:`_follow`) sees each evaluation inserted, each change of its status and each one
deleted, whichever store function wrote it, so no write path can forget them (an
evaluation's unit, year and kind never change once written; a flush that fails takes the
counts' upsert back with it, the transaction or savepoint being rolled back). A move of
an organisation carries its subtree's counts from the old ancestors to the new ones
(:func:`move`, called by the move itself); :func:`computed` works them out afresh (the
migration that introduced the table fills it the same way, and a test checks both agree)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import event, func, inspect, select
from sqlalchemy.orm import Session

from jixiao.store import rollup
from jixiao.store.models import Evaluation, EvaluationCount, Organisation
from jixiao.store.rollup import ancestors, covering
from jixiao.store.workflow import DRAFT

KEYS = ("organisation_id", "year", "kind", "status")
Key = tuple[int, int, str, str]  # organisation, year, kind, status
Deltas = dict[Key, int]


def differences(deltas: Deltas, path: str, year: int, kind: str, old: str | None, new: str | None) -> None:
    """Add to ``deltas`` what one evaluation going from status ``old`` to ``new`` (None: it
    did not exist / no longer exists) changes in each count."""
    if old == new:
        return
    for organisation in ancestors(path):
        for status, sign in ((old, -1), (new, 1)):
            if status is not None:
                key = (organisation, year, kind, status)
                deltas[key] = deltas.get(key, 0) + sign


def add(db: Session, deltas: Deltas) -> None:
    rollup.add(db, EvaluationCount, KEYS, [{"organisation_id": o, "year": y, "kind": k, "status": s, "count": n}
                                           for (o, y, k, s), n in deltas.items() if n])


def _path(session: Session, evaluation: Evaluation) -> str:
    unit = evaluation.unit if evaluation.unit is not None else session.get(Organisation, evaluation.unit_id)
    return unit.path if unit is not None else f"/{evaluation.unit_id}/"


def _stored_status(evaluation: Evaluation) -> str | None:
    """The status the database holds for a persistent evaluation (before this flush): the
    one replaced, if it changed (the column keeps its old value, ``active_history``)."""
    history = inspect(evaluation).attrs.status.history
    return str(history.deleted[0]) if history.deleted else evaluation.status


@event.listens_for(Session, "before_flush")
def _follow(session: Session, _context: Any, _instances: Any) -> None:
    """The differences of the evaluations this flush inserts, changes the status of or
    deletes, added to the counts before their rows are written (same transaction); their
    bureaus locked first (:func:`jixiao.store.rollup.lock`)."""
    changed = [obj for obj in (*session.new, *session.dirty, *session.deleted) if isinstance(obj, Evaluation)]
    rollup.flushing(session, [(obj, _path(session, obj)) for obj in changed])  # before the evaluations' rows
    deltas: Deltas = {}
    for obj in session.new:
        if isinstance(obj, Evaluation):
            differences(deltas, _path(session, obj), obj.year, obj.kind, None, obj.status or DRAFT)
    for obj in session.dirty:
        if isinstance(obj, Evaluation):
            history = inspect(obj).attrs.status.history
            if history.has_changes():
                differences(deltas, _path(session, obj), obj.year, obj.kind, _stored_status(obj), obj.status)
    for obj in session.deleted:
        if isinstance(obj, Evaluation):
            differences(deltas, _path(session, obj), obj.year, obj.kind, _stored_status(obj), None)
    add(session, deltas)


def move(db: Session, organisation_id: int, old_path: str, new_path: str) -> None:
    """An organisation moved from ``old_path`` to ``new_path`` (both its own path): its
    subtree's counts (the rows of the organisation itself) leave the old ancestors and join
    the new ones."""
    deltas: Deltas = {}
    for row in db.scalars(select(EvaluationCount).where(EvaluationCount.organisation_id == organisation_id)):
        for sign, path in ((-1, old_path), (1, new_path)):
            for o in ancestors(path):
                if o != organisation_id:
                    key = (o, row.year, row.kind, row.status)
                    deltas[key] = deltas.get(key, 0) + sign * row.count
    add(db, deltas)


def computed(db: Session) -> Deltas:
    """Every count worked out afresh from the evaluations (those of none left out)."""
    out: Deltas = {}
    rows = db.execute(select(Organisation.path, Evaluation.year, Evaluation.kind, Evaluation.status, func.count())
                      .join(Organisation, Organisation.id == Evaluation.unit_id)
                      .group_by(Organisation.path, Evaluation.year, Evaluation.kind, Evaluation.status))
    for path, year, kind, status, n in rows:
        for o in ancestors(path):
            out[(o, year, kind, status)] = out.get((o, year, kind, status), 0) + int(n)
    return out


def stored(db: Session) -> Deltas:
    """The counts as kept (those that came down to nothing left out)."""
    return {(o, y, k, s): n for o, y, k, s, n in db.execute(
        select(EvaluationCount.organisation_id, EvaluationCount.year, EvaluationCount.kind, EvaluationCount.status,
               EvaluationCount.count)) if n}


def by_year_kind_status(db: Session, paths: Iterable[str]) -> list[tuple[int, str, str, int]]:
    """How many evaluations under these paths per year, kind and status (those with none
    left out): every count the list page needs, in one statement."""
    count = func.sum(EvaluationCount.count)
    query = (select(EvaluationCount.year, EvaluationCount.kind, EvaluationCount.status, count)
             .where(EvaluationCount.organisation_id.in_(covering(paths)))
             .group_by(EvaluationCount.year, EvaluationCount.kind, EvaluationCount.status).having(count > 0))
    return [(int(y), str(k), str(s), int(n)) for y, k, s, n in db.execute(query)]


def by_year(db: Session, paths: Iterable[str], *, year: int | None = None,
            status: str | Sequence[str] | None = None, kind: str | None = None) -> list[tuple[int, int]]:
    """How many evaluations under these paths (of this year, status or statuses, kind), per
    year, the newest first; years with none left out."""
    count = func.sum(EvaluationCount.count)
    query = (select(EvaluationCount.year, count).where(EvaluationCount.organisation_id.in_(covering(paths)))
             .group_by(EvaluationCount.year).having(count > 0).order_by(EvaluationCount.year.desc()))
    if year is not None:
        query = query.where(EvaluationCount.year == year)
    if isinstance(status, str):
        query = query.where(EvaluationCount.status == status)
    elif status is not None:
        query = query.where(EvaluationCount.status.in_(status))
    if kind is not None:
        query = query.where(EvaluationCount.kind == kind)
    return [(int(y), int(n)) for y, n in db.execute(query)]
