"""三公经费 by year, totalled per organisation as the evaluations change.

The dashboard shows the 三公经费 (本年决算数) of the 整体支出 evaluations summed per year,
every year of the scope. Summing the evaluations' figures reads every unit's every year;
instead each change of an evaluation's figure adds its difference to the totals of its
unit and of each organisation above it, in the same transaction (:mod:`jixiao.store.rollup`),
so the chart reads a row per year. A move of an organisation carries its subtree's totals
from the old ancestors to the new; :func:`computed` works them out afresh."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jixiao.store import rollup
from jixiao.store.models import Evaluation, Organisation, ThreePublicTotal
from jixiao.store.rollup import ancestors, covering

KEYS = ("organisation_id", "year")


def share(kind: str, figure: Decimal | None) -> tuple[Decimal, int]:
    """What one evaluation puts in its year's total: its figure, if it is a 整体支出
    evaluation that states one."""
    return (figure, 1) if kind == "overall" and figure is not None else (Decimal(0), 0)


def change(db: Session, path: str, year: int, old: tuple[Decimal, int], new: tuple[Decimal, int]) -> None:
    if old == new:
        return
    rollup.add(db, ThreePublicTotal, KEYS, [{"organisation_id": o, "year": year, "total": new[0] - old[0],
                                             "evaluations": new[1] - old[1]} for o in ancestors(path)])


def move(db: Session, organisation_id: int, old_path: str, new_path: str) -> None:
    """An organisation moved: its subtree's totals leave the old ancestors and join the new."""
    deltas: dict[tuple[int, int], tuple[Decimal, int]] = {}
    for row in db.scalars(select(ThreePublicTotal).where(ThreePublicTotal.organisation_id == organisation_id)):
        for sign, path in ((-1, old_path), (1, new_path)):
            for o in ancestors(path):
                if o != organisation_id:
                    t, n = deltas.get((o, row.year), (Decimal(0), 0))
                    deltas[(o, row.year)] = (t + sign * Decimal(str(row.total)), n + sign * row.evaluations)
    rollup.add(db, ThreePublicTotal, KEYS, [{"organisation_id": o, "year": y, "total": t, "evaluations": n}
                                            for (o, y), (t, n) in deltas.items()])


def computed(db: Session) -> dict[tuple[int, int], tuple[Decimal, int]]:
    """Every total worked out afresh from the evaluations (those with none left out)."""
    out: dict[tuple[int, int], tuple[Decimal, int]] = {}
    rows = db.execute(select(Organisation.path, Evaluation.year, func.sum(Evaluation.three_public_expenses),
                             func.count(Evaluation.three_public_expenses))
                      .join(Organisation, Organisation.id == Evaluation.unit_id)
                      .where(Evaluation.kind == "overall", Evaluation.three_public_expenses.is_not(None))
                      .group_by(Organisation.path, Evaluation.year))
    for path, year, total, count in rows:
        for o in ancestors(path):
            t, n = out.get((o, year), (Decimal(0), 0))
            out[(o, year)] = (t + Decimal(str(total)), n + int(count))
    return out


def stored(db: Session) -> dict[tuple[int, int], tuple[Decimal, int]]:
    return {(o, y): (Decimal(str(t)), n) for o, y, t, n in db.execute(
        select(ThreePublicTotal.organisation_id, ThreePublicTotal.year, ThreePublicTotal.total,
               ThreePublicTotal.evaluations)) if n}


def by_year(db: Session, paths: Iterable[str]) -> list[tuple[int, Decimal, int]]:
    """(year, total, how many evaluations state it) under these paths, every year, oldest first."""
    rows = db.execute(select(ThreePublicTotal.year, func.sum(ThreePublicTotal.total),
                             func.sum(ThreePublicTotal.evaluations))
                      .where(ThreePublicTotal.organisation_id.in_(covering(paths)))
                      .group_by(ThreePublicTotal.year).having(func.sum(ThreePublicTotal.evaluations) > 0)
                      .order_by(ThreePublicTotal.year))
    return [(int(y), Decimal(str(t)), int(n)) for y, t, n in rows]
