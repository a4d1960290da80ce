"""The administrator's queries and commands: the organisation tree (add, rename, move),
users (add with a role, grant a role, deactivate and reactivate, reset a password) and
yearly tasks (open a year, add units later).

Every function takes the caller and acts only at organisations where the caller holds the
administrator role (at the organisation or above it); anything else answers as not found
(outside the caller's view) or forbidden (seen, but not administered). Every write is a
row of the audit log in the same transaction. Messages are in Chinese, naming the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from jixiao.store import audit, auth, evaluation_counts, finding_totals, rollup, three_public_totals
from jixiao.store.errors import Conflict, Forbidden, Invalid, NotFound
from jixiao.store.evaluations import Figures, apply_figures, content_hash
from jixiao.store.models import (
    ApiToken,
    Evaluation,
    LoginSession,
    Membership,
    Organisation,
    Task,
    TaskUnit,
    User,
    Version,
)
from jixiao.store.queries import under
from jixiao.store.roles import ADMIN, ORGANISATION_KINDS, ROLE_ORGANISATION_KIND, ROLES, Caller
from jixiao.store.workflow import DRAFT

NOT_ADMIN = "只有管理员可以管理机构、用户和年度任务"
# The kinds an organisation of each kind may sit under.
PARENT_KINDS = {"department": ("bureau",), "unit": ("department", "bureau")}


def admin_paths(caller: Caller) -> list[str]:
    return caller.paths_with(ADMIN)


def require_admin(caller: Caller) -> None:
    if not admin_paths(caller):
        raise Forbidden(NOT_ADMIN)


def _name(value: str, what: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise Invalid(f"{what}：请填写名称")
    if len(name) > 200:
        raise Invalid(f"{what}：名称过长（至多 200 字）")
    return name


# ---------------------------------------------------------------- organisations

def organisations(db: Session, caller: Caller) -> list[Organisation]:
    """The organisations the caller administers, in tree order (by path)."""
    require_admin(caller)
    rows = list(db.scalars(select(Organisation).where(under(admin_paths(caller)))))
    # tree order: by the chain of names, not of ids, so siblings sort by name
    names = {o.id: o.name for o in rows}
    return sorted(rows, key=lambda o: [names.get(int(i), "") for i in o.path.strip("/").split("/")])


def administered(db: Session, caller: Caller, organisation_id: int) -> Organisation:
    """The organisation, if the caller administers it (at it or above)."""
    org = db.get(Organisation, organisation_id)
    if org is None or not caller.roles_at(org.path):
        raise NotFound("机构不存在，或不在您的管理范围内")
    if ADMIN not in caller.roles_at(org.path):
        raise Forbidden(NOT_ADMIN)
    return org


def _sibling_named(db: Session, parent_id: int | None, name: str, other_than: int | None = None) -> bool:
    query = select(Organisation.id).where(Organisation.parent_id == parent_id, Organisation.name == name)
    if other_than is not None:
        query = query.where(Organisation.id != other_than)
    return db.scalar(query) is not None


def add_organisation(db: Session, caller: Caller, *, name: str, kind: str, parent_id: int) -> Organisation:
    parent = administered(db, caller, parent_id)
    name = _name(name, "机构名称")
    if kind not in PARENT_KINDS:
        raise Invalid(f"机构类别“{kind}”不对：可新增主管部门或单位")
    if parent.kind not in PARENT_KINDS[kind]:
        raise Invalid(f"{ORGANISATION_KINDS[kind]}“{name}”不能设在{ORGANISATION_KINDS[parent.kind]}“{parent.name}”之下"
                      f"（应在{'或'.join(ORGANISATION_KINDS[k] for k in PARENT_KINDS[kind])}之下）")
    if _sibling_named(db, parent.id, name):
        raise Conflict(f"“{parent.name}”之下已有名为“{name}”的机构")
    return auth.add_organisation(db, name, kind, parent, by=caller)


def rename_organisation(db: Session, caller: Caller, organisation_id: int, name: str) -> Organisation:
    org = administered(db, caller, organisation_id)
    name = _name(name, "新名称")
    if name == org.name:
        return org
    if _sibling_named(db, org.parent_id, name, other_than=org.id):
        raise Conflict(f"同一上级之下已有名为“{name}”的机构")
    before, org.name = org.name, name
    db.flush()
    audit.record(db, caller, "organisation.rename", f"organisation:{org.id}", before=before, after=name)
    return org


def move_organisation(db: Session, caller: Caller, organisation_id: int, parent_id: int) -> Organisation:
    """Put an organisation (with everything under it) under another parent; the paths of
    the whole subtree change with it, so scopes follow at once."""
    org = administered(db, caller, organisation_id)
    if org.kind == "bureau":
        raise Invalid(f"财政局“{org.name}”是顶级机构，不能移动")
    parent = administered(db, caller, parent_id)
    rollup.lock(db, [org.path, parent.path])  # the totals of both bureaus change (jixiao.store.rollup)
    db.refresh(org)  # as the last move left them
    db.refresh(parent)
    if parent.path.startswith(org.path):
        raise Invalid(f"不能把“{org.name}”移到{'它自己' if parent.id == org.id else f'它的下级“{parent.name}”'}之下")
    if parent.kind not in PARENT_KINDS[org.kind]:
        raise Invalid(f"{ORGANISATION_KINDS[org.kind]}“{org.name}”不能设在{ORGANISATION_KINDS[parent.kind]}"
                      f"“{parent.name}”之下")
    if parent.id == org.parent_id:
        return org
    if _sibling_named(db, parent.id, org.name, other_than=org.id):
        raise Conflict(f"“{parent.name}”之下已有名为“{org.name}”的机构")
    old_path, new_path = org.path, f"{parent.path}{org.id}/"
    before = org.parent_id
    subtree = list(db.scalars(select(Organisation).where(Organisation.path.startswith(old_path, autoescape=True))))
    for node in subtree:
        node.path = new_path + node.path[len(old_path):]
    org.parent_id = parent.id
    db.flush()
    finding_totals.move(db, org.id, old_path, new_path)
    three_public_totals.move(db, org.id, old_path, new_path)
    evaluation_counts.move(db, org.id, old_path, new_path)
    audit.record(db, caller, "organisation.move", f"organisation:{org.id}", before=before, after=parent.id,
                 moved=len(subtree))
    return org


# ---------------------------------------------------------------- users

@dataclass
class UserRow:
    user: User
    roles: list[tuple[str, Organisation]] = field(default_factory=list)
    manageable: bool = True  # every role of the user is at an organisation the caller administers


def users(db: Session, caller: Caller) -> list[UserRow]:
    """Users holding a role at an organisation the caller administers, with all their roles
    there (roles elsewhere are not shown)."""
    require_admin(caller)
    paths = admin_paths(caller)
    memberships = list(db.execute(
        select(Membership, Organisation).join(Organisation, Organisation.id == Membership.organisation_id)
        .where(under(paths)).order_by(Membership.user_id, Organisation.path, Membership.role)))
    ids = sorted({m.user_id for m, _o in memberships})
    if not ids:
        return []
    by_id = {u.id: u for u in db.scalars(select(User).where(User.id.in_(ids)))}
    outside = set(db.scalars(select(Membership.user_id)
                             .join(Organisation, Organisation.id == Membership.organisation_id)
                             .where(Membership.user_id.in_(ids), ~under(paths))))
    rows: dict[int, UserRow] = {}
    for membership, org in memberships:
        row = rows.setdefault(membership.user_id, UserRow(by_id[membership.user_id],
                                                          manageable=membership.user_id not in outside))
        row.roles.append((membership.role, org))
    return sorted(rows.values(), key=lambda r: r.user.username)


def managed_user(db: Session, caller: Caller, user_id: int) -> User:
    """A user all of whose roles are at organisations the caller administers."""
    require_admin(caller)
    row = next((r for r in users(db, caller) if r.user.id == user_id), None)
    if row is None:
        raise NotFound("用户不存在，或不在您的管理范围内")
    if not row.manageable:
        raise Forbidden(f"用户“{row.user.username}”在您管理范围之外还有角色，请由上级管理员处理")
    return row.user


def _check_role(role: str, org: Organisation) -> None:
    if role not in ROLES:
        raise Invalid(f"角色“{role}”不对：可选 {'、'.join(ROLES.values())}")
    if ROLE_ORGANISATION_KIND[role] != org.kind:
        raise Invalid(f"角色“{ROLES[role]}”须设在{ORGANISATION_KINDS[ROLE_ORGANISATION_KIND[role]]}，"
                      f"而“{org.name}”是{ORGANISATION_KINDS[org.kind]}")


def _check_password(password: str) -> None:
    if len(password) < 8:
        raise Invalid("密码：至少 8 个字符")
    if len(password) > 200:
        raise Invalid("密码：至多 200 个字符")


def create_user(db: Session, caller: Caller, *, username: str, password: str, organisation_id: int, role: str,
                display_name: str = "") -> User:
    """A new user with one role; a username already taken is refused (a role is added to an
    existing user with :func:`grant_role`)."""
    org = administered(db, caller, organisation_id)
    username = username.strip()
    if not username:
        raise Invalid("用户名：请填写")
    if len(username) > 100 or any(ch.isspace() for ch in username):
        raise Invalid("用户名：至多 100 个字符，不含空格")
    if db.scalar(select(User.id).where(func.lower(User.username) == username.lower())) is not None:
        raise Conflict(f"用户名“{username}”已被使用，请换一个")
    _check_role(role, org)
    _check_password(password)
    return auth.add_user(db, username, password, org, role, display_name.strip()[:200], by=caller)


def grant_role(db: Session, caller: Caller, user_id: int, *, organisation_id: int, role: str) -> User:
    user = managed_user(db, caller, user_id)
    org = administered(db, caller, organisation_id)
    _check_role(role, org)
    if db.scalar(select(Membership.id).where(Membership.user_id == user.id, Membership.organisation_id == org.id,
                                             Membership.role == role)) is not None:
        raise Conflict(f"用户“{user.username}”在“{org.name}”已是{ROLES[role]}")
    db.add(Membership(user_id=user.id, organisation_id=org.id, role=role))
    db.flush()
    audit.record(db, caller, "user.grant", f"user:{user.id}", role=role, organisation=org.id)
    return user


def revoke_role(db: Session, caller: Caller, user_id: int, *, organisation_id: int, role: str) -> User:
    user = managed_user(db, caller, user_id)
    org = administered(db, caller, organisation_id)
    if user.id == caller.user_id and role == ADMIN:
        raise Invalid("不能撤销自己的管理员角色")
    found = db.scalar(select(Membership).where(Membership.user_id == user.id, Membership.organisation_id == org.id,
                                               Membership.role == role))
    if found is None:
        raise NotFound(f"用户“{user.username}”在“{org.name}”没有该角色")
    db.delete(found)
    db.flush()
    audit.record(db, caller, "user.revoke", f"user:{user.id}", role=role, organisation=org.id)
    return user


def _sign_out(db: Session, user: User) -> None:
    db.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    db.execute(delete(ApiToken).where(ApiToken.user_id == user.id))


def set_active(db: Session, caller: Caller, user_id: int, active: bool) -> User:
    """Deactivate (signs the user out everywhere: sessions and tokens) or reactivate."""
    user = managed_user(db, caller, user_id)
    if user.id == caller.user_id and not active:
        raise Invalid("不能停用自己的账号")
    if user.active == active:
        return user
    user.active = active
    if not active:
        _sign_out(db, user)
    db.flush()
    audit.record(db, caller, "user.activate" if active else "user.deactivate", f"user:{user.id}")
    return user


def reset_password(db: Session, caller: Caller, user_id: int, password: str) -> User:
    """A new password set by the administrator (never shown back); the user's sessions and
    tokens end, so the old password's sign-ins stop at once."""
    user = managed_user(db, caller, user_id)
    _check_password(password)
    user.password_hash = auth.hash_password(password)
    _sign_out(db, user)
    db.flush()
    audit.record(db, caller, "user.password-reset", f"user:{user.id}")
    return user


# ---------------------------------------------------------------- yearly tasks

@dataclass
class TaskRow:
    task: Task
    bureau: Organisation
    units: list[tuple[Organisation, Evaluation | None]]


def bureaus(db: Session, caller: Caller) -> list[Organisation]:
    require_admin(caller)
    return list(db.scalars(select(Organisation).where(Organisation.kind == "bureau", under(admin_paths(caller)))
                           .order_by(Organisation.name)))


def units(db: Session, caller: Caller, bureau: Organisation | None = None) -> list[Organisation]:
    """The units the caller administers (under one bureau when given), in tree order."""
    require_admin(caller)
    query = select(Organisation).where(Organisation.kind == "unit", under(admin_paths(caller)))
    if bureau is not None:
        query = query.where(Organisation.path.startswith(bureau.path, autoescape=True))
    return list(db.scalars(query.order_by(Organisation.path)))


def tasks(db: Session, caller: Caller) -> list[TaskRow]:
    """The yearly tasks of the bureaus the caller administers, with their units and each
    unit's 整体支出 evaluation of the year."""
    bureau_rows = {b.id: b for b in bureaus(db, caller)}
    if not bureau_rows:
        return []
    found = list(db.scalars(select(Task).where(Task.bureau_id.in_(bureau_rows)).order_by(Task.year.desc(), Task.id)))
    out = []
    for task in found:
        unit_rows = list(db.scalars(select(Organisation).join(TaskUnit, TaskUnit.unit_id == Organisation.id)
                                    .where(TaskUnit.task_id == task.id).order_by(Organisation.path)))
        evaluations = {e.unit_id: e for e in db.scalars(select(Evaluation).where(
            Evaluation.year == task.year, Evaluation.kind == "overall",
            Evaluation.unit_id.in_([u.id for u in unit_rows])))} if unit_rows else {}
        out.append(TaskRow(task, bureau_rows[task.bureau_id], [(u, evaluations.get(u.id)) for u in unit_rows]))
    return out


def administered_task(db: Session, caller: Caller, task_id: int) -> Task:
    task = db.get(Task, task_id)
    if task is None:
        raise NotFound("年度任务不存在，或不在您的管理范围内")
    administered(db, caller, task.bureau_id)
    return task


Draft = tuple[int, dict[str, Any], Figures]  # a unit, its first data document and the engine's figures for it


def add_units(db: Session, caller: Caller, task_id: int, drafts: Sequence[Draft]) -> list[int]:
    """Include more units in a task: each gets its 整体支出 draft of the year (a unit that
    already has one keeps it). The units added, in order."""
    task = administered_task(db, caller, task_id)
    bureau = administered(db, caller, task.bureau_id)
    if not drafts:
        raise Invalid("请至少选择一个单位")
    rollup.lock(db, [bureau.path])  # several evaluations: the bureau alone (jixiao.store.rollup)
    included = set(db.scalars(select(TaskUnit.unit_id).where(TaskUnit.task_id == task.id)))
    added = []
    for unit_id, data, figures in drafts:
        unit = db.scalar(select(Organisation).where(Organisation.id == unit_id, under([bureau.path])))
        if unit is None or unit.kind != "unit":
            raise NotFound(f"单位 {unit_id} 不在“{bureau.name}”之下")
        if unit_id in included:
            raise Conflict(f"单位“{unit.name}”已在 {task.year} 年度任务中")
        db.add(TaskUnit(task_id=task.id, unit_id=unit_id))
        included.add(unit_id)
        added.append(unit_id)
        if db.scalar(select(Evaluation.id).where(Evaluation.unit_id == unit_id, Evaluation.year == task.year,
                                                 Evaluation.kind == "overall")) is not None:
            continue
        evaluation = Evaluation(unit_id=unit_id, unit=unit, task_id=task.id, year=task.year, kind="overall",
                                title=str(data.get("title", "")), framework=task.framework, status=DRAFT, version=1)
        apply_figures(db, evaluation, figures, data)
        db.add(evaluation)
        db.flush()
        db.add(Version(evaluation_id=evaluation.id, number=1, data=data, content_hash=content_hash(data),
                       result=figures.result, origin="年度任务", author_id=caller.user_id))
    db.flush()
    audit.record(db, caller, "task.add-units", f"task:{task.id}", units=added)
    return added


def set_deadline(db: Session, caller: Caller, task_id: int, deadline: dt.date | None) -> Task:
    task = administered_task(db, caller, task_id)
    before = task.deadline
    db.execute(update(Task).where(Task.id == task.id).values(deadline=deadline))
    db.refresh(task)
    audit.record(db, caller, "task.deadline", f"task:{task.id}", before=before.isoformat() if before else None,
                 after=deadline.isoformat() if deadline else None)
    return task
