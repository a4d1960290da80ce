"""Writing evaluations: new ones, new versions, workflow transitions, comments, review
scores. Each function takes the caller and checks the workflow table before it writes;
each write is audited in the same transaction.

Optimistic locking: a write names the version it was based on. If that is not the
current version the write is refused (409) before anything changes; and because
``Evaluation.version`` is the mapper's version counter, the UPDATE itself is conditional
on the number read, so a writer that slipped in between makes the flush fail instead of
being overwritten (PostgreSQL under READ COMMITTED; on SQLite writers are serialised).
A transition, which keeps the version number, is refused the same way when the status
changed: every write first locks its bureau and reads the status and version again
(:func:`as_last_written`, :mod:`jixiao.store.rollup`)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from jixiao.store import audit, explanations, finding_totals, rollup, three_public_totals
from jixiao.store.errors import Conflict, Forbidden, Invalid, NotFound
from jixiao.store.models import (
    Comment,
    Evaluation,
    EvaluationFinding,
    Organisation,
    ReviewScore,
    Transition,
    Version,
    utcnow,
)
from jixiao.store.queries import get_evaluation, require, roles_on, under
from jixiao.store.roles import Caller
from jixiao.store.workflow import DRAFT, PUBLISHED, STATUSES, step_for


@dataclass
class Figures:
    """What the engine's result says about a version, as stored beside it: the result
    document itself and the figures lists and dashboards query."""

    result: dict[str, Any] | None = None
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    self_score: Decimal | None = None
    grade: str | None = None
    reported_total: Decimal | None = None
    recomputed_total: Decimal | None = None
    execution_rate: Decimal | None = None
    three_public_expenses: Decimal | None = None  # 三公经费 本年决算数, 万元
    budget_total: Decimal | None = None  # 年度资金总额 全年预算数 (else 年初预算数), 万元
    final_total: Decimal | None = None  # 年度资金总额 决算数 (执行数), 万元
    findings_by_rule: dict[tuple[str, str], int] = field(default_factory=dict)  # (code, level) → count
    extra: dict[str, Any] = field(default_factory=dict)


def content_hash(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
                          .encode()).hexdigest()


def apply_figures(db: Session, evaluation: Evaluation, figures: Figures, data: dict[str, Any]) -> None:
    """The figures of a new current version (its data document ``data``) on its evaluation
    row, its findings counted by rule, and the difference its counts and its 三公经费 make
    added to the totals of the organisations above it (same transaction). An explanation
    (问题说明) is saved as a new version, so the errors explained are counted here too."""
    lock_bureau(db, evaluation)
    old = {(f.code, f.level): f.count for f in evaluation.finding_counts}
    new: dict[tuple[str, str], int] = {}
    for (code, level), count in figures.findings_by_rule.items():
        new[(code[:80], level)] = new.get((code[:80], level), 0) + count
    finding_totals.change(db, evaluation.unit.path, evaluation.year, old, new)
    three_public_totals.change(db, evaluation.unit.path, evaluation.year,
                               three_public_totals.share(evaluation.kind, evaluation.three_public_expenses),
                               three_public_totals.share(evaluation.kind, figures.three_public_expenses))
    evaluation.errors, evaluation.warnings, evaluation.infos = figures.errors, figures.warnings, figures.infos
    evaluation.explained_errors = min(explanations.explained_errors(data, figures.result), figures.errors)
    evaluation.self_score, evaluation.grade = figures.self_score, figures.grade
    evaluation.reported_total, evaluation.recomputed_total = figures.reported_total, figures.recomputed_total
    evaluation.execution_rate = figures.execution_rate
    evaluation.three_public_expenses = figures.three_public_expenses
    evaluation.budget_total, evaluation.final_total = figures.budget_total, figures.final_total
    if new != old:  # (the same rows again would be a statement for nothing)
        evaluation.finding_counts = [EvaluationFinding(code=code, level=level, count=count, year=evaluation.year,
                                                       unit_id=evaluation.unit_id)
                                     for (code, level), count in sorted(new.items())]


def create(db: Session, caller: Caller, *, unit_id: int, kind: str, year: int, data: dict[str, Any],
           figures: Figures, title: str = "", framework: str = "", origin: str = "",
           task_id: int | None = None) -> tuple[Evaluation, Version]:
    """A new evaluation in 草稿 with its first version."""
    unit = lock_unit(db, caller, unit_id)
    if unit is None:
        raise NotFound("单位不存在，或不在您的范围内")
    if unit.kind != "unit":
        raise Invalid(f"“{unit.name}”不是单位，不能填报自评")
    if step_for("edit", caller.roles_at(unit.path), DRAFT) is None:
        raise Forbidden("只有本单位的填报人或单位负责人可以新建自评")
    if kind not in ("overall", "project"):
        raise Invalid(f"未知的自评类别“{kind}”（应为 overall 或 project）")
    if kind == "overall":
        existing = db.scalar(select(Evaluation.id).where(Evaluation.unit_id == unit_id, Evaluation.year == year,
                                                         Evaluation.kind == "overall"))
        if existing is not None:
            raise Conflict(f"{unit.name} {year} 年度的整体支出自评已存在（编号 {existing}），请在其中上传或修改",
                           evaluation=existing)
    evaluation = Evaluation(unit_id=unit.id, unit=unit, year=year, kind=kind, title=title[:400], framework=framework,
                            status=DRAFT, version=1, task_id=task_id)
    apply_figures(db, evaluation, figures, data)
    db.add(evaluation)
    db.flush()
    version = Version(evaluation_id=evaluation.id, number=1, based_on=None, data=data,
                      content_hash=content_hash(data), result=figures.result, origin=origin[:400],
                      author_id=caller.user_id)
    db.add(version)
    db.flush()
    audit.record(db, caller, "evaluation.create", f"evaluation:{evaluation.id}", version=1, origin=origin,
                 unit=unit.id, year=year, kind=kind)
    return evaluation, version


def lock_unit(db: Session, caller: Caller, unit_id: int) -> Organisation | None:
    """The unit (in the caller's scope), its row locked after its bureau's shared lock: the
    writers that create an evaluation of a unit take turns, so that what they find there
    (an 整体支出 evaluation of the year already?) is what the last of them left."""
    rollup.lock(db, caller.paths(), shared=True)
    unit = db.scalar(select(Organisation).where(Organisation.id == unit_id, under(caller.paths()))
                     .with_for_update(key_share=True).execution_options(populate_existing=True))
    if unit is not None:
        rollup.first_in_transaction(db, ("path read under the lock", unit.id))
    return unit


def for_writing(db: Session, caller: Caller, evaluation_id: int) -> Evaluation:
    """The evaluation (in the caller's scope) as a write of it finds it: its bureau locked
    shared, then its row locked and read, with its unit's path, in one statement. What the
    write then checks (status, version, roles on the path) is what the last writer left,
    and stays so until the commit. The usual start of a transaction that writes one
    evaluation (a save, a transition)."""
    rollup.lock(db, caller.paths(), shared=True)
    evaluation = get_evaluation(db, caller, evaluation_id, locked=True)
    rollup.lock(db, [evaluation.unit.path], shared=True, evaluation=evaluation)
    rollup.first_in_transaction(db, ("path read under the lock", evaluation.unit_id))
    rollup.first_in_transaction(db, ("read under the lock", evaluation.id))
    return evaluation


def lock_bureau(db: Session, evaluation: Evaluation) -> None:
    """Lock the bureau above the evaluation, shared (:func:`jixiao.store.rollup.lock`), and
    read its unit's path again unless it was read under the lock: the totals follow the
    path, and the caller's roles were found on it. A unit moved meanwhile is a stale view
    (409)."""
    seen = evaluation.unit.path
    rollup.lock(db, [seen], shared=True, evaluation=evaluation)
    if not rollup.first_in_transaction(db, ("path read under the lock", evaluation.unit_id)):
        return  # read already in this transaction, under the lock that a move waits for
    db.refresh(evaluation.unit, ["path"])
    if evaluation.unit.path != seen:
        raise Conflict(f"“{evaluation.unit.name}”刚被调整到其他上级机构，请刷新后再操作")


def as_last_written(db: Session, evaluation: Evaluation) -> None:
    """Lock the evaluation's bureau (shared) and its row, and read its status and version
    again, so that a write acts on the state the last writer committed
    (:mod:`jixiao.store.rollup`). A transition leaves the version number as it is: two
    writers acting on the same status (an approval and a return, two publishes) would both
    pass the version's check, and the evaluation's counts would take both; the second is
    refused here instead. A newer version is refused by :func:`check_current`, with its
    number. Nothing to read again when :func:`for_writing` read the row."""
    seen = evaluation.status
    lock_bureau(db, evaluation)
    if not rollup.first_in_transaction(db, ("read under the lock", evaluation.id)):
        return
    # (changes not yet flushed to the others stay)
    db.refresh(evaluation, ["status", "version"], with_for_update={"key_share": True})
    if evaluation.status != seen:
        raise Conflict(f"该评价刚被他人处理（现为“{STATUSES[evaluation.status]}”），请刷新后再操作")


def check_current(evaluation: Evaluation, based_on: int) -> None:
    if based_on != evaluation.version:
        raise Conflict(f"该评价已有更新的版本（第 {evaluation.version} 版），您的修改基于第 {based_on} 版；"
                       "请查看两版差异后再保存", current=evaluation.version, based_on=based_on)


def save_version(db: Session, caller: Caller, evaluation: Evaluation, *, based_on: int, data: dict[str, Any],
                 figures: Figures, origin: str = "", title: str | None = None) -> Version:
    """A new version of the data document, if ``based_on`` is still the current one."""
    as_last_written(db, evaluation)
    require(caller, evaluation, "edit")
    check_current(evaluation, based_on)
    number = based_on + 1
    version = Version(evaluation_id=evaluation.id, number=number, based_on=based_on, data=data,
                      content_hash=content_hash(data), result=figures.result, origin=origin[:400],
                      author_id=caller.user_id)
    evaluation.version = number
    evaluation.updated_at = utcnow()
    if title is not None:
        evaluation.title = title[:400]
    try:
        apply_figures(db, evaluation, figures, data)  # loading the old finding counts may flush the UPDATE
        db.flush()  # the conditional UPDATE of the evaluation first, then the version row
        db.add(version)
        db.flush()
    except StaleDataError as exc:
        raise Conflict(f"该评价刚被他人修改，您的修改基于第 {based_on} 版；请查看最新版本后再保存",
                       based_on=based_on) from exc
    audit.record(db, caller, "evaluation.save", f"evaluation:{evaluation.id}", version=number,
                 based_on=based_on, origin=origin)
    return version


def _decimal(value: Any, what: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise Invalid(f"{what}“{value}”不是数字") from exc
    if not number.is_finite() or number < 0 or number > 1000:
        raise Invalid(f"{what}“{value}”不在 0 到 1000 之间")
    return number


def transition(db: Session, caller: Caller, evaluation: Evaluation, *, action: str, version: int,
               comment: str = "", review_score: Any = None) -> Transition:
    """Take a workflow action on the version the caller saw."""
    if action in ("edit", "comment"):
        raise Invalid(f"“{action}”不是流转动作")
    as_last_written(db, evaluation)
    step = require(caller, evaluation, action)
    check_current(evaluation, version)
    comment = (comment or "").strip()
    if action == "submit" and not comment:
        remaining = unexplained_errors(db, evaluation, version)
        if remaining:
            raise Invalid(f"当前版本仍有 {remaining} 个错误既未修正也未逐条说明：请在“全部问题”中逐条写明问题说明，"
                          "或在送审说明中写明理由")
    if action == "return" and not comment:
        raise Invalid("退回须写明理由")
    if action == "approve":
        if review_score is None or str(review_score).strip() == "":
            raise Invalid("审核通过须给出复核得分")
        if not comment:
            raise Invalid("审核通过须写明复核理由")
        score = _decimal(review_score, "复核得分")
        db.add(ReviewScore(evaluation_id=evaluation.id, version=version, score=score,
                           self_score=evaluation.self_score, reason=comment, reviewer_id=caller.user_id))
        evaluation.review_score = score
    previous = evaluation.status
    assert step.to_state is not None
    evaluation.status = step.to_state
    evaluation.updated_at = utcnow()
    if action == "submit":
        evaluation.submitted_version = version
        evaluation.submitted_at = utcnow()
    elif action == "return":
        evaluation.times_returned += 1
    elif action == "publish":
        evaluation.published_at = utcnow()
    row = Transition(evaluation_id=evaluation.id, action=action, from_status=previous, to_status=step.to_state,
                     version=version, comment=comment, user_id=caller.user_id)
    db.add(row)
    try:
        db.flush()
    except StaleDataError as exc:
        raise Conflict("该评价刚被他人修改，请刷新后再操作") from exc
    audit.record(db, caller, f"evaluation.{action}", f"evaluation:{evaluation.id}", version=version,
                 from_status=previous, to_status=step.to_state, comment=comment,
                 review_score=str(review_score) if review_score is not None else None)
    return row


def unexplained_errors(db: Session, evaluation: Evaluation, number: int) -> int:
    """The errors of a version neither fixed nor explained one by one (问题说明). A version
    stored without its result counts every error of the evaluation row."""
    version = db.scalar(select(Version).where(Version.evaluation_id == evaluation.id, Version.number == number))
    if version is None or not isinstance(version.result, dict) or "findings" not in version.result:
        return evaluation.errors
    return len(explanations.open_errors(version.data, version.result))


def publish_batch(db: Session, caller: Caller, items: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Publish several approved evaluations, each at the version the caller saw; one
    refused item does not stop the others. The caller's bureaus are locked for the whole
    batch first (:mod:`jixiao.store.rollup`): the items then take their rows one after
    the other in any order without another writer of the bureau in between."""
    rollup.lock(db, caller.paths())
    out: list[dict[str, Any]] = []
    for evaluation_id, version in items:
        try:
            with db.begin_nested():
                evaluation = get_evaluation(db, caller, evaluation_id)
                transition(db, caller, evaluation, action="publish", version=version)
            out.append({"id": evaluation_id, "status": PUBLISHED, "ok": True})
        except (Conflict, Forbidden, Invalid, NotFound) as exc:
            out.append({"id": evaluation_id, "ok": False, "status_code": exc.status, "message": exc.message})
    return out


def add_comment(db: Session, caller: Caller, evaluation: Evaluation, *, version: int, field: str,
                text: str) -> Comment:
    require(caller, evaluation, "comment")
    text = (text or "").strip()
    if not text:
        raise Invalid("批注内容不能为空")
    if version < 1 or version > evaluation.version:
        raise NotFound(f"评价 {evaluation.id} 没有第 {version} 版")
    if field and not field.startswith("/"):
        raise Invalid(f"字段路径“{field}”应以 / 开头（JSON Pointer）")
    row = Comment(evaluation_id=evaluation.id, version=version, field=field[:400], text=text[:5000],
                  author_id=caller.user_id)
    db.add(row)
    db.flush()
    audit.record(db, caller, "evaluation.comment", f"evaluation:{evaluation.id}", version=version, field=field)
    return row


def may_edit(caller: Caller, evaluation: Evaluation) -> bool:
    return step_for("edit", roles_on(caller, evaluation), evaluation.status) is not None

