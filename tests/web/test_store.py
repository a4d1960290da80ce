"""The store on both databases: migrations, scoping, optimistic locking, the workflow table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import delete, inspect, select, update

from jixiao.store import auth, queries
from jixiao.store import evaluations as store
from jixiao.store.errors import Conflict, Forbidden, Invalid, NotFound
from jixiao.store.models import AuditEntry, Base, Evaluation, LoginSession, User, utcnow
from jixiao.store.roles import FILLER, UNIT_HEAD, Caller, Grant
from jixiao.store.workflow import STATUSES, TABLE, allowed_actions
from jixiao.web import service
from tests.web.conftest import World

DATA: dict[str, Any] = {"kind": "overall", "unit": {"name": "单位一", "year": "2023"}}


def caller(world: World, key: str) -> Caller:
    with world.db.reading() as s:
        user = s.get(type(world.users[key]), world.users[key].id)
        assert user is not None
        return auth.caller_for(user, "127.0.0.1")


def new_evaluation(world: World, unit: str = "U1", errors: int = 0) -> int:
    filler = caller(world, f"filler@{unit}") if unit in ("U1", "U3", "U4") else caller(world, "filler@U1")
    with world.db.writing() as s:
        ev, _v = store.create(s, filler, unit_id=world.orgs[unit].id, kind="overall", year=2023, data=DATA,
                              figures=store.Figures(errors=errors))
        return ev.id


def test_migrations_create_every_table(world: World) -> None:
    names = set(inspect(world.db.engine).get_table_names())
    assert set(Base.metadata.tables) <= names
    assert "alembic_version" in names


def test_scoping_by_organisation(fresh: World) -> None:
    own, other_department, other_bureau = new_evaluation(fresh, "U1"), new_evaluation(fresh, "U3"), \
        new_evaluation(fresh, "U4")
    seen = {}
    with fresh.db.reading() as s:
        for key in fresh.users:
            seen[key] = {e.id for e in queries.list_evaluations(s, caller(fresh, key))}
    assert seen["filler@U1"] == {own}
    assert seen["department-reviewer@D1"] == {own}
    assert seen["department-reviewer@D2"] == {other_department}
    assert seen["bureau-reviewer@B1"] == seen["admin@B1"] == {own, other_department}
    assert seen["bureau-reviewer@B2"] == {other_bureau}
    with fresh.db.reading() as s, pytest.raises(NotFound):
        queries.get_evaluation(s, caller(fresh, "filler@U3"), own)


def test_list_rows_show_what_the_evaluations_show(fresh: World) -> None:
    """The lists read plain rows (queries.list_rows); each caller's page of them reads as
    the same page of evaluations does, the caller's actions on each included."""
    for unit, errors in [("U1", 2), ("U3", 1), ("U4", 0)]:
        new_evaluation(fresh, unit, errors=errors)
    for key in fresh.users:
        who = caller(fresh, key)
        with fresh.db.reading() as s:
            for page in ({"limit": 200}, {"limit": 1, "offset": 1}, {"limit": 200, "status": "draft"}):
                objects = [service.evaluation_view(who, e) for e in queries.list_evaluations(s, who, **page)]
                rows = [service.list_row_view(who, row) for row in queries.list_rows(s, who, **page)]
                assert rows == objects, (key, page)


def test_stale_write_is_a_conflict(fresh: World) -> None:
    ev_id = new_evaluation(fresh)
    filler = caller(fresh, "filler@U1")
    with fresh.db.writing() as s:
        ev = queries.get_evaluation(s, filler, ev_id)
        store.save_version(s, filler, ev, based_on=1, data={**DATA, "title": "二"}, figures=store.Figures())
    with fresh.db.writing() as s, pytest.raises(Conflict):
        ev = queries.get_evaluation(s, filler, ev_id)
        store.save_version(s, filler, ev, based_on=1, data={**DATA, "title": "三"}, figures=store.Figures())
    with fresh.db.reading() as s:
        assert [v.number for v in queries.list_versions(s, filler, ev_id)] == [1, 2]
        assert queries.version_of(s, queries.get_evaluation(s, filler, ev_id)).data["title"] == "二"


def test_version_counter_guards_a_race_between_read_and_write(fresh: World) -> None:
    """Two sessions read version 1; the second flush is refused by the conditional UPDATE,
    not by the application check (which both passed). On SQLite writers begin with
    BEGIN IMMEDIATE and so cannot interleave like this at all."""
    if fresh.db.is_sqlite:
        pytest.skip("SQLite serialises writers (BEGIN IMMEDIATE): no read-then-write race to guard")
    ev_id = new_evaluation(fresh)
    filler = caller(fresh, "filler@U1")
    first, second = fresh.db.session(), fresh.db.session()
    try:
        a = queries.get_evaluation(first, filler, ev_id)
        b = queries.get_evaluation(second, filler, ev_id)
        store.save_version(first, filler, a, based_on=1, data=DATA, figures=store.Figures())
        first.commit()
        with pytest.raises(Conflict):
            store.save_version(second, filler, b, based_on=1, data=DATA, figures=store.Figures())
        second.rollback()
    finally:
        first.close()
        second.close()


def test_workflow_path_with_review_score_and_audit(fresh: World) -> None:
    ev_id = new_evaluation(fresh, errors=2)
    head, dept, bureau = caller(fresh, "unit-head@U1"), caller(fresh, "department-reviewer@D1"), \
        caller(fresh, "bureau-reviewer@B1")

    def act(who: Caller, action: str, **kw: Any) -> str:
        with fresh.db.writing() as s:
            ev = queries.get_evaluation(s, who, ev_id)
            store.transition(s, who, ev, action=action, version=ev.version, **kw)
            return ev.status

    with pytest.raises(Invalid, match="说明"):
        act(head, "submit")
    assert act(head, "submit", comment="两处差异系原文如此") == "submitted"
    with pytest.raises(Forbidden):
        act(caller(fresh, "filler@U1"), "forward")
    with pytest.raises(Invalid, match="理由"):
        act(dept, "return")
    assert act(dept, "return", comment="请核对项目支出") == "returned"
    assert act(head, "submit", comment="已核对") == "submitted"
    assert act(dept, "forward") == "department-reviewed"
    with pytest.raises(Invalid, match="复核得分"):
        act(bureau, "approve", comment="同意")
    assert act(bureau, "approve", comment="扣减绩效目标分", review_score="85.5") == "approved"
    assert act(bureau, "publish") == "published"
    with fresh.db.reading() as s:
        ev = queries.get_evaluation(s, bureau, ev_id)
        assert ev.review_score == Decimal("85.5") and ev.times_returned == 1
        actions = [e.action for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["evaluation.create", "evaluation.submit", "evaluation.return", "evaluation.submit",
                       "evaluation.forward", "evaluation.approve", "evaluation.publish"]
    with fresh.db.reading() as s:
        assert [e.id for e in queries.public_evaluations(s)] == [ev_id]


def test_workflow_table_names_known_states_only() -> None:
    for step in TABLE:
        assert set(step.from_states) <= set(STATUSES)
        assert step.to_state is None or step.to_state in STATUSES
    assert allowed_actions({"filler"}, "draft") == ["edit", "comment"]
    assert allowed_actions({"unit-head"}, "returned") == ["edit", "submit", "comment"]
    assert allowed_actions({"bureau-reviewer"}, "approved") == ["return", "publish", "comment"]


def test_passwords_are_argon2_and_verified(world: World) -> None:
    with world.db.reading() as s:
        user = auth.authenticate(s, "filler@U1", "correct horse 1")
        assert user is not None and user.password_hash.startswith("$argon2")
        assert auth.authenticate(s, "filler@U1", "wrong") is None
        assert auth.authenticate(s, "nobody", "correct horse 1") is None


def test_session_names_the_caller_until_it_expires_or_the_user_is_deactivated(fresh: World) -> None:
    """The session check: the caller's grants, the CSRF token and the names the header
    shows, for a user with two roles; nothing for an unknown secret, an expired session
    or a deactivated user."""
    with fresh.db.writing() as s:
        user = auth.add_user(s, "two-roles", "correct horse 1", s.merge(fresh.orgs["U2"]), UNIT_HEAD,
                             display_name="两个角色")
        auth.add_user(s, "two-roles", "correct horse 1", s.merge(fresh.orgs["U1"]), FILLER)
        auth.add_user(s, "two-roles", "correct horse 1", s.merge(fresh.orgs["U1"]), UNIT_HEAD)
        secret, csrf = auth.open_session(s, user, "10.0.0.1")
        user_id = user.id
    try:
        with fresh.db.reading() as s:
            found = auth.session_user(s, secret, "10.0.0.2")
            assert auth.session_user(s, secret + "x") is None
        assert found is not None
        u1, u2 = fresh.orgs["U1"], fresh.orgs["U2"]
        assert found.caller == Caller(user_id, "two-roles", (Grant(u2.id, u2.path, UNIT_HEAD), Grant(u1.id, u1.path, FILLER),
                                                             Grant(u1.id, u1.path, UNIT_HEAD)), "10.0.0.2", "session", csrf)
        assert found.display_name == "两个角色" and found.organisations == ("单位一", "单位二")
        with fresh.db.writing() as s:
            s.execute(update(LoginSession).where(LoginSession.user_id == user_id)
                      .values(expires_at=utcnow() - dt.timedelta(seconds=1)))
        with fresh.db.reading() as s:
            assert auth.session_user(s, secret) is None
        with fresh.db.writing() as s:
            s.execute(update(LoginSession).where(LoginSession.user_id == user_id)
                      .values(expires_at=utcnow() + dt.timedelta(hours=1)))
            s.execute(update(User).where(User.id == user_id).values(active=False))
        with fresh.db.reading() as s:
            assert auth.session_user(s, secret) is None
    finally:
        with fresh.db.writing() as s:  # its roles and sessions go with it; its login is audited
            s.execute(delete(AuditEntry).where(AuditEntry.user_id == user_id))
            s.execute(delete(User).where(User.id == user_id))


def test_evaluation_rows_have_indexed_columns(world: World) -> None:
    indexes = {tuple(ix["column_names"]) for ix in inspect(world.db.engine).get_indexes("evaluations")}
    assert ("unit_id", "year") in indexes and ("year", "status") in indexes
    assert Evaluation.__table__.c.version is not None


def test_concurrent_writers_on_one_version_one_wins(fresh: World) -> None:
    """Eight threads save on version 1 at once: one is written, seven get 409, none fails otherwise."""
    import threading

    from jixiao.web import service

    ev_id = new_evaluation(fresh)
    filler = caller(fresh, "filler@U1")
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def write(n: int) -> None:
        barrier.wait()
        try:
            service.save_data(fresh.db, filler, ev_id, based_on=1, data={**DATA, "title": f"第{n}个"})
            outcomes.append("saved")
        except Conflict:
            outcomes.append("conflict")
        except Exception as exc:
            outcomes.append(repr(exc))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sorted(outcomes) == ["conflict"] * 7 + ["saved"]
    with fresh.db.reading() as s:
        assert [v.number for v in queries.list_versions(s, filler, ev_id)] == [1, 2]
