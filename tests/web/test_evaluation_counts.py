"""The evaluations counted per organisation, year, kind and status, on SQLite and
PostgreSQL: kept equal to a fresh count of the rows through creates, workflow transitions
(a batch publish with a refused item among them), a delete and moves of a unit; the list's
pager counts read from them equal to those counted from the rows; and the migration that
introduced them (and the errors explained) undone and done again on a database with rows."""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select

from jixiao.store import evaluation_counts, queries
from jixiao.store import evaluations as store
from jixiao.store.admin import move_organisation
from jixiao.store.db import alembic_config, upgrade
from jixiao.store.models import Evaluation, Organisation
from jixiao.store.roles import ADMIN, BUREAU_REVIEWER, DEPARTMENT_REVIEWER, UNIT_HEAD, Caller, Grant
from jixiao.store.workflow import STATUSES
from tests.web.conftest import World


def _as(world: World, org: str, role: str) -> Caller:
    """A caller holding ``role`` at ``org``, at its path now (units move in these tests)."""
    with world.db.reading() as s:
        o = s.get(Organisation, world.orgs[org].id)
        assert o is not None
    return Caller(world.users["filler@U1"].id, f"{role}@{org}", (Grant(o.id, o.path, role),))


def _agree(world: World) -> None:
    """Kept counts equal a fresh GROUP BY, and every caller's pager counts (kept) equal the
    ones counted from the rows, for every status and kind filter."""
    with world.db.reading() as s:
        assert evaluation_counts.stored(s) == evaluation_counts.computed(s)
        for org, role in (("B1", BUREAU_REVIEWER), ("D1", DEPARTMENT_REVIEWER), ("D2", DEPARTMENT_REVIEWER),
                          ("U1", UNIT_HEAD), ("U3", UNIT_HEAD), ("B2", BUREAU_REVIEWER)):
            caller = _as(world, org, role)
            for filters in ({}, {"year": 2023}, {"kind": "project"}, {"status": "submitted"},
                            {"status": ["approved", "published"], "year": 2022}, *({"status": s} for s in STATUSES)):
                kept = queries.counted_by_year(s, caller, **filters)  # type: ignore[arg-type]
                scanned = queries.scanned_by_year(s, caller, **filters)  # type: ignore[arg-type]
                assert kept == scanned, (org, filters)
                years = [year for year, _n in queries.scanned_by_year(s, caller)]
                assert queries.counted_and_years(s, caller, **filters) == (scanned, years), (  # type: ignore[arg-type]
                    org, filters)


def _create(world: World, unit: str, year: int, kind: str = "overall") -> int:
    head = _as(world, unit, UNIT_HEAD)
    with world.db.writing() as s:
        ev, _v = store.create(s, head, unit_id=world.orgs[unit].id, kind=kind, year=year, data={"kind": kind},
                              figures=store.Figures(), title=f"{unit}-{year}-{kind}")
        return ev.id


def _step(world: World, who: Caller, eid: int, action: str, **extra: Any) -> None:
    with world.db.writing() as s:
        ev = queries.get_evaluation(s, who, eid)
        store.transition(s, who, ev, action=action, version=ev.version, comment="理由", **extra)


def test_the_kept_counts_follow_every_write(fresh: World) -> None:
    world = fresh
    _agree(world)
    ids = {"a": _create(world, "U1", 2023), "b": _create(world, "U1", 2023, "project"),
           "c": _create(world, "U2", 2023), "d": _create(world, "U3", 2023), "e": _create(world, "U3", 2022),
           "f": _create(world, "U4", 2023), "g": _create(world, "U1", 2022)}
    _agree(world)
    bureau, department = _as(world, "B1", BUREAU_REVIEWER), _as(world, "D1", DEPARTMENT_REVIEWER)
    for key, unit in (("a", "U1"), ("b", "U1"), ("c", "U2"), ("e", "U3"), ("g", "U1")):
        _step(world, _as(world, unit, UNIT_HEAD), ids[key], "submit")
    _step(world, department, ids["a"], "forward")
    _step(world, department, ids["c"], "return")
    _step(world, bureau, ids["a"], "approve", review_score="88")
    _step(world, bureau, ids["e"], "approve", review_score="70")
    _step(world, bureau, ids["g"], "approve", review_score="75")
    _agree(world)
    # a batch publish: the refused item (b is not approved) changes nothing, the others count
    with world.db.writing() as s:
        found = {i: queries.get_evaluation(s, bureau, ids[i]) for i in ("a", "b", "e")}
        results = store.publish_batch(s, bureau, [(found[i].id, found[i].version) for i in ("a", "b", "e")])
    assert [r["ok"] for r in results] == [True, False, True]
    _agree(world)
    with world.db.reading() as s:
        assert queries.counted_by_year(s, bureau, status="published") == [(2023, 1), (2022, 1)]
    # a delete (no page deletes evaluations; the counts follow the row however it goes)
    with world.db.writing() as s:
        s.delete(s.get(Evaluation, ids["g"]))
    _agree(world)
    # moves: a unit to another department, then straight under the bureau
    admin = _as(world, "B1", ADMIN)
    with world.db.writing() as s:
        move_organisation(s, admin, world.orgs["U3"].id, world.orgs["D1"].id)
    _agree(world)
    with world.db.reading() as s:
        assert queries.counted_by_year(s, department) == [(2023, 4), (2022, 1)]
        assert queries.counted_by_year(s, _as(world, "D2", DEPARTMENT_REVIEWER)) == []
    _step(world, _as(world, "U3", UNIT_HEAD), ids["d"], "submit")
    with world.db.writing() as s:
        move_organisation(s, admin, world.orgs["U3"].id, world.orgs["B1"].id)
    _agree(world)
    with world.db.reading() as s:
        assert queries.counted_by_year(s, bureau, status="submitted") == [(2023, 2)]
        assert queries.counted_by_year(s, department, status="submitted") == [(2023, 1)]


def test_the_migration_fills_the_counts_and_the_errors_explained(fresh: World) -> None:
    """Undone on a database with rows, the counts and the column go; done again, they are
    worked out from the rows: the counts equal a fresh count, an evaluation whose unit
    explained one of its two errors has one explained."""
    world = fresh
    head = _as(world, "U1", UNIT_HEAD)
    result = {"findings": [{"id": "e1", "code": "x.one", "level": "error"},
                           {"id": "e2", "code": "x.two", "level": "error"},
                           {"id": "w1", "code": "x.three", "level": "warning"}]}
    data = {"kind": "overall", "explanations": [{"finding": "e2", "text": "已核对"}, {"finding": "w1", "text": "说明"}]}
    figures = store.Figures(result=result, errors=2, warnings=1,
                            findings_by_rule={("x.one", "error"): 1, ("x.two", "error"): 1, ("x.three", "warning"): 1})
    with world.db.writing() as s:
        explained, _v = store.create(s, head, unit_id=world.orgs["U1"].id, kind="overall", year=2023, data=data,
                                     figures=figures)
    with world.db.writing() as s:  # (one evaluation a transaction, as the application writes them)
        plain, _v = store.create(s, head, unit_id=world.orgs["U1"].id, kind="project", year=2023,
                                 data={"kind": "project"}, figures=figures)
    ids = (explained.id, plain.id)
    _create(world, "U3", 2023)
    _step(world, head, ids[1], "submit")
    with world.db.reading() as s:
        assert [s.get(Evaluation, i).explained_errors for i in ids] == [1, 0]  # type: ignore[union-attr]
        before = evaluation_counts.stored(s)
    db = world.db
    with db.engine.begin() as connection:
        config = alembic_config(db.url)
        config.attributes["connection"] = connection
        assert MigrationContext.configure(connection).get_current_revision() == "0009"
        command.downgrade(config, "0007")
        inspector = inspect(connection)
        assert "evaluation_counts" not in inspector.get_table_names()
        assert "explained_errors" not in {c["name"] for c in inspector.get_columns("evaluations")}
        assert connection.scalar(select(func.count()).select_from(Evaluation.__table__)) == 3  # the rows stay
    upgrade(db.url, db.engine)
    with db.reading() as s:
        assert evaluation_counts.stored(s) == before == evaluation_counts.computed(s)
        assert [s.get(Evaluation, i).explained_errors for i in ids] == [1, 0]  # type: ignore[union-attr]
    _agree(world)
