"""Findings by rule, totalled per organisation and year as the evaluations change.

Each evaluation's current version has its findings counted by rule and level
(``evaluation_findings``). The dashboard asks "how many findings of each rule, in how many
evaluations, under this bureau (or department) this year": grouping those counts reads
every evaluation of the year. Instead every change of an evaluation's counts adds its
difference, in the same transaction, to the totals of its unit and of each organisation
above it (``finding_totals``), so the question reads one row per rule. The totals are
exact at every commit; nothing is recomputed later.

A move of an organisation carries its subtree's totals from the old ancestors to the new
ones (:func:`move`); :func:`rebuild` recomputes them all from the evaluations' counts (the
migration that introduced the table uses it, and a test checks both agree)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from jixiao.store import rollup
from jixiao.store.models import EvaluationFinding, FindingTotal, Organisation
from jixiao.store.rollup import ancestors, covering

Counts = Mapping[tuple[str, str], int]  # (code, level) → findings of one evaluation
# (organisation, year, code, level) → (findings, evaluations) to add
Deltas = dict[tuple[int, int, str, str], tuple[int, int]]


def differences(path: str, year: int, old: Counts, new: Counts) -> Deltas:
    """What one evaluation's change from ``old`` to ``new`` counts adds to each total."""
    out: Deltas = {}
    for key in old.keys() | new.keys():
        before, after = old.get(key, 0), new.get(key, 0)
        if before == after:
            continue
        evaluations = (after > 0) - (before > 0)
        for organisation in ancestors(path):
            out[(organisation, year, *key)] = (after - before, evaluations)
    return out


def add(db: Session, deltas: Deltas) -> None:
    """Add the differences to the totals."""
    rollup.add(db, FindingTotal, ("organisation_id", "year", "code", "level"),
               [{"organisation_id": o, "year": y, "code": c, "level": lv, "total": t, "evaluations": e}
                for (o, y, c, lv), (t, e) in deltas.items() if t or e])


def change(db: Session, path: str, year: int, old: Counts, new: Counts) -> None:
    add(db, differences(path, year, old, new))


def move(db: Session, organisation_id: int, old_path: str, new_path: str) -> None:
    """An organisation moved from ``old_path`` to ``new_path`` (both its own path): its
    subtree's totals (the rows of the organisation itself) leave the old ancestors and
    join the new ones."""
    leaving = [o for o in ancestors(old_path) if o != organisation_id]
    joining = [o for o in ancestors(new_path) if o != organisation_id]
    deltas: Deltas = {}
    for row in db.scalars(select(FindingTotal).where(FindingTotal.organisation_id == organisation_id)):
        for sign, organisations in ((-1, leaving), (1, joining)):
            for o in organisations:
                key = (o, row.year, row.code, row.level)
                t, e = deltas.get(key, (0, 0))
                deltas[key] = (t + sign * row.total, e + sign * row.evaluations)
    add(db, deltas)


def computed(db: Session) -> dict[tuple[int, int, str, str], tuple[int, int]]:
    """Every total worked out afresh from the evaluations' counts (rows with no finding left out)."""
    paths = {int(i): str(p) for i, p in db.execute(select(Organisation.id, Organisation.path))}
    out: dict[tuple[int, int, str, str], tuple[int, int]] = {}
    per_unit = db.execute(select(EvaluationFinding.unit_id, EvaluationFinding.year, EvaluationFinding.code,
                                 EvaluationFinding.level, func.sum(EvaluationFinding.count), func.count())
                          .where(EvaluationFinding.count > 0)
                          .group_by(EvaluationFinding.unit_id, EvaluationFinding.year, EvaluationFinding.code,
                                    EvaluationFinding.level))
    for unit, year, code, level, total, evaluations in per_unit:
        for organisation in ancestors(paths.get(unit, f"/{unit}/")):
            t, e = out.get((organisation, year, code, level), (0, 0))
            out[(organisation, year, code, level)] = (t + int(total), e + int(evaluations))
    return out


def stored(db: Session) -> dict[tuple[int, int, str, str], tuple[int, int]]:
    """The totals as kept (rows that came down to nothing left out)."""
    return {(o, y, c, lv): (t, e) for o, y, c, lv, t, e in db.execute(
        select(FindingTotal.organisation_id, FindingTotal.year, FindingTotal.code, FindingTotal.level,
               FindingTotal.total, FindingTotal.evaluations)) if t or e}


def rebuild(db: Session, batch: int = 5000) -> int:
    """Every total recomputed from the evaluations' counts; how many rows."""
    db.execute(delete(FindingTotal))
    rows = [{"organisation_id": o, "year": y, "code": c, "level": lv, "total": t, "evaluations": e}
            for (o, y, c, lv), (t, e) in sorted(computed(db).items())]
    for start in range(0, len(rows), batch):
        db.execute(insert(FindingTotal), rows[start:start + batch])
    return len(rows)


def by_rule(db: Session, paths: Iterable[str], year: int, limit: int) -> list[dict[str, Any]]:
    """The year's findings under these paths by rule and level: how many, in how many
    evaluations; the most frequent first."""
    total = func.sum(FindingTotal.total).label("total")
    rows = db.execute(select(FindingTotal.code, FindingTotal.level, total, func.sum(FindingTotal.evaluations))
                      .where(FindingTotal.organisation_id.in_(covering(paths)), FindingTotal.year == year)
                      .group_by(FindingTotal.code, FindingTotal.level).having(func.sum(FindingTotal.total) > 0)
                      .order_by(total.desc(), FindingTotal.code, FindingTotal.level).limit(limit))
    return [{"code": code, "level": level, "total": int(n), "evaluations": int(k)} for code, level, n, k in rows]
