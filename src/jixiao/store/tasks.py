"""Yearly tasks: the bureau's administrator opens a year for a set of its units under a
framework, with a deadline; each unit gets its 整体支出 evaluation in 草稿."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jixiao.store import audit, rollup
from jixiao.store.errors import Conflict, Forbidden, Invalid, NotFound
from jixiao.store.evaluations import Figures, apply_figures, content_hash
from jixiao.store.models import Evaluation, Organisation, Task, TaskUnit, Version
from jixiao.store.queries import under
from jixiao.store.roles import ADMIN, Caller
from jixiao.store.workflow import DRAFT


def open_task(db: Session, caller: Caller, *, bureau_id: int, year: int, framework: str,
              deadline: dt.date | None, units: list[tuple[int, dict[str, Any], Figures]]) -> Task:
    """Open ``year`` for the given units, each with its first (nearly empty) data document."""
    bureau = db.get(Organisation, bureau_id)
    if bureau is None or bureau.kind != "bureau" or ADMIN not in caller.roles_at(bureau.path):
        raise Forbidden("只有本财政局的管理员可以开启年度任务")
    if not 2000 <= year <= 2100:
        raise Invalid(f"年度“{year}”不合理")
    if db.scalar(select(Task.id).where(Task.bureau_id == bureau_id, Task.year == year,
                                       Task.framework == framework)) is not None:
        raise Conflict(f"{year} 年度按该框架的任务已开启")
    rollup.lock(db, [bureau.path])  # several evaluations: the bureau alone (jixiao.store.rollup)
    task = Task(bureau_id=bureau_id, year=year, framework=framework, deadline=deadline, created_by=caller.user_id)
    db.add(task)
    db.flush()
    for unit_id, data, figures in units:
        unit = db.scalar(select(Organisation).where(Organisation.id == unit_id, under([bureau.path])))
        if unit is None or unit.kind != "unit":
            raise NotFound(f"单位 {unit_id} 不在本财政局之下")
        db.add(TaskUnit(task_id=task.id, unit_id=unit_id))
        if db.scalar(select(Evaluation.id).where(Evaluation.unit_id == unit_id, Evaluation.year == year,
                                                 Evaluation.kind == "overall")) is not None:
            continue  # the unit already started its evaluation for the year
        evaluation = Evaluation(unit_id=unit_id, unit=unit, task_id=task.id, year=year, kind="overall",
                                title=str(data.get("title", "")), framework=framework, status=DRAFT, version=1)
        apply_figures(db, evaluation, figures, data)
        db.add(evaluation)
        db.flush()
        db.add(Version(evaluation_id=evaluation.id, number=1, data=data, content_hash=content_hash(data),
                       result=figures.result, origin="年度任务", author_id=caller.user_id))
    db.flush()
    audit.record(db, caller, "task.open", f"task:{task.id}", year=year, framework=framework,
                 units=[u for u, _d, _f in units], deadline=deadline.isoformat() if deadline else None)
    return task
