"""How writes of one bureau take turns (jixiao.store.rollup): a transaction that writes one
evaluation shares the bureau's lock and locks that evaluation's row; one that writes
several, or moves an organisation, holds the bureau alone. The rule is kept on both
databases (the bookkeeping runs on SQLite too, so a write path that breaks it fails
here and not first as a deadlock in production); on PostgreSQL the locks themselves are
shown: saves of two evaluations of one bureau no longer wait for each other, while a
second writer of the same evaluation, a batch publish and a move do."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from jixiao.store import evaluations as store
from jixiao.store import rollup
from jixiao.store.admin import move_organisation
from jixiao.store.models import Organisation
from jixiao.store.roles import ADMIN, BUREAU_REVIEWER, UNIT_HEAD, Caller, Grant
from tests.web.conftest import World


def _as(world: World, org: str, role: str) -> Caller:
    with world.db.reading() as s:
        o = s.get(Organisation, world.orgs[org].id)
        assert o is not None
    return Caller(world.users["filler@U1"].id, f"{role}@{org}", (Grant(o.id, o.path, role),))


def _create(world: World, unit: str, kind: str = "project") -> int:
    head = _as(world, unit, UNIT_HEAD)
    with world.db.writing() as s:
        evaluation, _v = store.create(s, head, unit_id=world.orgs[unit].id, kind=kind, year=2023,
                                      data={"kind": kind}, figures=store.Figures())
        return evaluation.id


def test_two_evaluations_in_one_transaction_need_the_bureau_alone(fresh: World) -> None:
    world = fresh
    head = _as(world, "U1", UNIT_HEAD)
    unit = world.orgs["U1"].id
    with pytest.raises(RuntimeError, match="holds its bureau alone"), world.db.writing() as s:
        store.create(s, head, unit_id=unit, kind="project", year=2023, data={}, figures=store.Figures())
        store.create(s, head, unit_id=unit, kind="project", year=2023, data={}, figures=store.Figures())
    with world.db.writing() as s:
        rollup.lock(s, head.paths())
        for _ in range(2):
            store.create(s, head, unit_id=unit, kind="project", year=2023, data={}, figures=store.Figures())


def test_a_flush_of_a_second_evaluation_under_a_shared_lock_is_refused(fresh: World) -> None:
    """The flush is the net under every write path, even one that calls no store function."""
    world = fresh
    first, second = _create(world, "U1"), _create(world, "U1")
    head = _as(world, "U1", UNIT_HEAD)
    with pytest.raises(RuntimeError, match="holds its bureau alone"), world.db.writing() as s:
        store.for_writing(s, head, first).title = "改"
        store.for_writing(s, head, second).title = "也改"
        s.flush()


def test_the_bureau_is_not_asked_alone_after_being_shared(fresh: World) -> None:
    """Two writers sharing it and each then asking for it alone would wait for each other."""
    world = fresh
    evaluation = _create(world, "U1")
    head = _as(world, "U1", UNIT_HEAD)
    with pytest.raises(RuntimeError, match="ask for it alone first"), world.db.writing() as s:
        store.for_writing(s, head, evaluation)
        rollup.lock(s, head.paths())


@pytest.fixture
def postgres(fresh: World) -> Iterator[World]:
    if fresh.db.is_sqlite:
        pytest.skip("SQLite has one writer at a time: there are no row locks to show")
    yield fresh


def _waits(world: World, write: str, act: Callable[[Session], object]) -> bool:
    """Whether ``act(session)`` waits for a lock held elsewhere (given up after 300 ms)."""
    with world.db.writing() as session:
        session.execute(text("SET LOCAL lock_timeout = '300ms'"))
        try:
            act(session)
            session.flush()
        except OperationalError as exc:
            assert "lock timeout" in str(exc), write
            session.rollback()
            return True
        session.rollback()
        return False


def test_saves_of_one_bureau_do_not_wait_for_each_other(postgres: World) -> None:
    world = postgres
    held, other = _create(world, "U1"), _create(world, "U3")
    head1, head3 = _as(world, "U1", UNIT_HEAD), _as(world, "U3", UNIT_HEAD)
    bureau, admin = _as(world, "B1", BUREAU_REVIEWER), _as(world, "B1", ADMIN)
    with world.db.writing() as first:  # a save of U1's evaluation, not yet committed
        evaluation = store.for_writing(first, head1, held)
        store.save_version(first, head1, evaluation, based_on=1, data={"n": 1}, figures=store.Figures(errors=1))

        def save_other(s: Session) -> None:
            ev = store.for_writing(s, head3, other)
            store.save_version(s, head3, ev, based_on=1, data={"n": 2}, figures=store.Figures(errors=2))

        assert not _waits(world, "a save of another unit's evaluation", save_other)
        assert _waits(world, "a second writer of the same evaluation",
                      lambda s: store.for_writing(s, head1, held))
        assert _waits(world, "a batch publish of the bureau", lambda s: store.publish_batch(s, bureau, []))
        assert _waits(world, "a move in the bureau",
                      lambda s: move_organisation(s, admin, world.orgs["U3"].id, world.orgs["D1"].id))
        # another bureau's writers are not concerned
        assert not _waits(world, "a write in another bureau", lambda s: rollup.lock(s, [world.orgs["B2"].path]))
