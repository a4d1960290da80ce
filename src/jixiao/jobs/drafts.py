"""Drafts from imported reports: a published report of a unit of a yearly task becomes
that unit's draft for the task's year, as when the bureau opens the year
(:func:`jixiao.store.tasks.open_task`) — and by the same right: the bureau's administrator.

- 整体支出: the unit's one 整体支出 evaluation of the year. A unit's evaluation that someone
  already worked on is never overwritten: only the untouched first version the task
  created is followed by the imported one.
- 项目支出: a unit has one evaluation per project and year; the report's unit is its 实施单位
  (else its 主管部门), and the project is known by its name. A project the unit already has
  an evaluation of for the year is never overwritten (the same content is not imported
  twice); another project becomes a new draft."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jixiao.store import audit
from jixiao.store.errors import Forbidden, NotFound
from jixiao.store.evaluations import Figures, apply_figures, content_hash, lock_unit
from jixiao.store.models import Evaluation, Organisation, Task, TaskUnit, Version, utcnow
from jixiao.store.roles import ADMIN, Caller
from jixiao.store.workflow import DRAFT, STATUSES


def task_for(db: Session, caller: Caller, task_id: int) -> Task:
    """The task, if the caller is an administrator of its bureau."""
    task = db.get(Task, task_id)
    bureau = db.get(Organisation, task.bureau_id) if task is not None else None
    if task is None or bureau is None or not caller.roles_at(bureau.path):
        raise NotFound("年度任务不存在，或不在您的范围内")
    if ADMIN not in caller.roles_at(bureau.path):
        raise Forbidden("只有本财政局的管理员可以把导入的报告建为草稿")
    return task


def _normal(name: str) -> str:
    return "".join(name.split())


def match_unit(db: Session, task: Task, unit_name: str | None) -> Organisation | None:
    """The unit of the task whose name is the report's unit (spaces ignored)."""
    if not unit_name:
        return None
    wanted = _normal(unit_name)
    units = db.scalars(select(Organisation).join(TaskUnit, TaskUnit.unit_id == Organisation.id)
                       .where(TaskUnit.task_id == task.id))
    return next((u for u in units if _normal(u.name) == wanted), None)


def import_draft(db: Session, caller: Caller, task_id: int, *, unit_name: str | None, year: int | None, kind: str,
                 data: dict[str, Any], figures: Figures, origin: str) -> tuple[int | None, str]:
    """Make the report the unit's draft: (the evaluation's id or None, what was done, in Chinese)."""
    task = task_for(db, caller, task_id)
    if kind not in ("overall", "project"):
        return None, f"未识别的报告类别（{kind or '未识别'}），未建草稿"
    if year != task.year:
        return None, f"报告年度（{year or '未识别'}）不是任务年度（{task.year}），未建草稿"
    names = [unit_name] if kind == "overall" else _project_units(unit_name, data)
    unit = next((u for u in (match_unit(db, task, n) for n in names) if u is not None), None)
    if unit is None or lock_unit(db, caller, unit.id) is None:
        return None, f"任务中没有名为“{'”或“'.join(n for n in names if n) or '未识别'}”的单位，未建草稿"
    if kind == "project":
        return _project_draft(db, caller, task, unit, data, figures, origin)
    existing = db.scalar(select(Evaluation).where(Evaluation.unit_id == unit.id, Evaluation.year == task.year,
                                                  Evaluation.kind == "overall")
                         .with_for_update(of=Evaluation, key_share=True).execution_options(populate_existing=True))
    hashed = content_hash(data)
    if existing is not None:
        untouched = existing.status == DRAFT and existing.version == 1
        current = db.scalar(select(Version.content_hash).where(Version.evaluation_id == existing.id,
                                                              Version.number == existing.version))
        if current == hashed:
            return existing.id, f"与 {unit.name} 现有草稿内容相同，未重复导入"
        if not untouched:
            return existing.id, (f"{unit.name} 已有自评（编号 {existing.id}，{STATUSES[existing.status]}，"
                                 f"第 {existing.version} 版），未覆盖")
        existing.version = 2
        existing.updated_at = utcnow()
        existing.title = str(data.get("title") or existing.title)[:400]
        apply_figures(db, existing, figures, data)
        db.flush()
        db.add(Version(evaluation_id=existing.id, number=2, based_on=1, data=data, content_hash=hashed,
                       result=figures.result, origin=origin[:400], author_id=caller.user_id))
        db.flush()
        audit.record(db, caller, "evaluation.import", f"evaluation:{existing.id}", version=2, origin=origin)
        return existing.id, f"已作为 {unit.name} 草稿的第 2 版"
    evaluation = Evaluation(unit_id=unit.id, unit=unit, task_id=task.id, year=task.year, kind="overall",
                            title=str(data.get("title") or "")[:400], framework=task.framework, status=DRAFT,
                            version=1)
    apply_figures(db, evaluation, figures, data)
    db.add(evaluation)
    db.flush()
    db.add(Version(evaluation_id=evaluation.id, number=1, data=data, content_hash=hashed, result=figures.result,
                   origin=origin[:400], author_id=caller.user_id))
    db.flush()
    audit.record(db, caller, "evaluation.import", f"evaluation:{evaluation.id}", version=1, origin=origin)
    return evaluation.id, f"已建为 {unit.name} 的草稿"


def _project_units(unit_name: str | None, data: dict[str, Any]) -> list[str | None]:
    """The units a project report may belong to: the one the audit named, then its 实施单位
    and its 主管部门, each once."""
    project = _project(data)
    out: list[str | None] = []
    for name in (unit_name, project.get("implementer"), project.get("department")):
        text = str(name).strip() if name else None
        if text and text not in out:
            out.append(text)
    return out or [None]


def _project(data: dict[str, Any]) -> dict[str, Any]:
    project = data.get("project")
    return project if isinstance(project, dict) else {}


def _project_name(data: dict[str, Any]) -> str:
    return _normal(str(_project(data).get("name") or ""))


def _project_draft(db: Session, caller: Caller, task: Task, unit: Organisation, data: dict[str, Any],
                   figures: Figures, origin: str) -> tuple[int | None, str]:
    """The report as the unit's 项目支出 draft for the task's year, unless the unit has an
    evaluation of that project already."""
    name = _project_name(data)
    if not name:
        return None, "项目支出报告未写项目名称，未建草稿"
    hashed = content_hash(data)
    for existing, version in db.execute(
            select(Evaluation, Version).join(Version, (Version.evaluation_id == Evaluation.id)
                                             & (Version.number == Evaluation.version))
            .where(Evaluation.unit_id == unit.id, Evaluation.year == task.year, Evaluation.kind == "project")):
        if _project_name(version.data or {}) != name:
            continue
        if version.content_hash == hashed:
            return existing.id, f"与 {unit.name} 现有项目支出自评内容相同，未重复导入"
        return existing.id, (f"{unit.name} 已有该项目的自评（编号 {existing.id}，{STATUSES[existing.status]}，"
                             f"第 {existing.version} 版），未覆盖")
    project = _project(data)
    title = str(data.get("title") or f"{task.year}年度{project.get('name')}项目支出绩效自评")
    evaluation = Evaluation(unit_id=unit.id, unit=unit, task_id=task.id, year=task.year, kind="project",
                            title=title[:400], framework=str(data.get("framework") or "")[:100], status=DRAFT,
                            version=1)
    apply_figures(db, evaluation, figures, data)
    db.add(evaluation)
    db.flush()
    db.add(Version(evaluation_id=evaluation.id, number=1, data=data, content_hash=hashed, result=figures.result,
                   origin=origin[:400], author_id=caller.user_id))
    db.flush()
    audit.record(db, caller, "evaluation.import", f"evaluation:{evaluation.id}", version=1, origin=origin,
                 kind="project")
    return evaluation.id, f"已建为 {unit.name} 的项目支出草稿（{project.get('name')}）"
