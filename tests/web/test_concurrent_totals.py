"""Concurrent writers on PostgreSQL and the totals they share.

Every evaluation write adds its differences to rows shared with the other evaluations of
its bureau: the totals of its unit, its department and its bureau (``evaluation_counts``,
``finding_totals``, ``three_public_totals``). Here unit heads create and save evaluations
and submit them, department reviewers forward and return them, bureau reviewers approve
and return them, two more publish batches of them in shuffled orders, and an
administrator moves a unit from one department to the other and back, and a bulk import
makes reports the units' drafts of a yearly task (two jobs), all at once in
threads on one PostgreSQL database, for a fixed number of steps each. No write may fail
other than as a stale view (the ``Conflict`` of a version, status or unit changed
meanwhile, the ``NotFound`` of a unit moved out of the scope): no deadlock, no other
error; and afterwards every kept total equals one worked out afresh from the evaluations.

Without the bureau's lock (jixiao.store.rollup) this failed nearly every run: two batch
publishes deadlocked, two transitions of one evaluation were both counted, and writes
that had read the unit's path before a move added to the old department's totals."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from jixiao.jobs import drafts
from jixiao.store import evaluation_counts, finding_totals, queries, rollup, tasks, three_public_totals
from jixiao.store import evaluations as store
from jixiao.store.admin import move_organisation
from jixiao.store.errors import Conflict, NotFound
from jixiao.store.models import Evaluation, Organisation, TaskUnit
from jixiao.store.roles import ADMIN, BUREAU_REVIEWER, DEPARTMENT_REVIEWER, UNIT_HEAD, Caller, Grant
from jixiao.store.workflow import APPROVED, DEPARTMENT_REVIEWED, EDITABLE, SUBMITTED
from tests.web.conftest import World

STEPS = 30  # per writer
YEARS = (2022, 2023)
TASK_YEAR = 2024  # the drafts imported
CODES = ("a.one", "a.two", "b.one", "c.one")


def _as(world: World, org: str, role: str) -> Caller:
    with world.db.reading() as s:
        o = s.get(Organisation, world.orgs[org].id)
        assert o is not None
    return Caller(world.users["filler@U1"].id, f"{role}@{org}", (Grant(o.id, o.path, role),))


def _figures(rng: random.Random) -> store.Figures:
    """Findings of a few rules and a 三公经费 figure, different at every save."""
    findings = {(code, rng.choice(("error", "warning"))): rng.randint(1, 3) for code in rng.sample(CODES, 2)}
    expenses = None if rng.random() < 0.2 else Decimal(rng.randint(0, 5000)) / 100
    return store.Figures(findings_by_rule=findings, errors=sum(findings.values()), three_public_expenses=expenses)


def _ids(world: World, caller: Caller, statuses: tuple[str, ...]) -> list[tuple[int, int]]:
    """(id, version) of the caller's evaluations in these statuses, as a page would list them."""
    with world.db.reading() as s:
        return [(e.id, e.version) for e in s.scalars(select(Evaluation).where(Evaluation.status.in_(statuses)))
                if caller.roles_at(e.unit.path)]


def _unit_head(world: World, unit: str) -> Callable[[random.Random], None]:
    """Saves new versions of the unit's editable evaluations, submits some, creates a new one now and then."""
    def step(rng: random.Random) -> None:
        head = _as(world, unit, UNIT_HEAD)  # where the unit is now (the mover moves U3)
        editable = _ids(world, head, EDITABLE)
        with world.db.writing() as s:
            if not editable or rng.random() < 0.1:
                store.create(s, head, unit_id=world.orgs[unit].id, kind="project", year=rng.choice(YEARS),
                             data={"kind": "project"}, figures=_figures(rng))
                return
            eid, version = rng.choice(editable)
            ev = store.for_writing(s, head, eid)  # as the service does; the reviewers read it unlocked
            if ev.status not in EDITABLE:  # the list was older than the evaluation
                return
            if rng.random() < 0.4:
                store.transition(s, head, ev, action="submit", version=version, comment="送审")
            else:
                store.save_version(s, head, ev, based_on=version, data={"n": rng.random()}, figures=_figures(rng))
    return step


def _reviewer(world: World, org: str, role: str, actions: dict[str, tuple[str, ...]]) -> Callable[[random.Random], None]:
    """Takes one of these actions (each from its states) on one evaluation of the scope, as listed a moment ago."""
    reviewer = _as(world, org, role)

    def step(rng: random.Random) -> None:
        action = rng.choice(list(actions))
        listed = _ids(world, reviewer, actions[action])
        if not listed:
            return
        eid, version = rng.choice(listed)
        with world.db.writing() as s:
            ev = queries.get_evaluation(s, reviewer, eid)
            if ev.status not in actions[action]:  # the list was older than the evaluation
                return
            store.transition(s, reviewer, ev, action=action, version=version, comment="意见", review_score="80")
    return step


def _publisher(world: World) -> Callable[[random.Random], None]:
    """Publishes a batch of the approved evaluations of the bureau, in no particular order."""
    reviewer = _as(world, "B1", BUREAU_REVIEWER)

    def step(rng: random.Random) -> None:
        approved = _ids(world, reviewer, (APPROVED,))
        if approved:
            with world.db.writing() as s:
                store.publish_batch(s, reviewer, rng.sample(approved, min(len(approved), rng.randint(2, 6))))
    return step


def _mover(world: World) -> Callable[[random.Random], None]:
    """Moves U3, with its evaluations, from one department to the other and back."""
    admin = _as(world, "B1", ADMIN)

    def step(rng: random.Random) -> None:
        with world.db.writing() as s:
            unit = s.get(Organisation, world.orgs["U3"].id)
            assert unit is not None
            other = "D1" if unit.parent_id == world.orgs["D2"].id else "D2"
            move_organisation(s, admin, unit.id, world.orgs[other].id)
    return step


def _importer(world: World, task_id: int) -> Callable[[random.Random], None]:
    """Makes reports of the task's year the units' drafts, as a bulk import's job does: an
    整体支出 report (the unit's draft, its second version, or left alone when the unit has
    worked on it) or a 项目支出 report of one of three projects."""
    admin = _as(world, "B1", ADMIN)

    def step(rng: random.Random) -> None:
        unit = world.orgs[rng.choice(("U1", "U2", "U3"))].name
        kind = rng.choice(("overall", "project"))
        data = {"kind": kind, "n": rng.random(), "project": {"name": f"项目{rng.randint(1, 3)}"}}
        with world.db.writing() as s:
            drafts.import_draft(s, admin, task_id, unit_name=unit, year=TASK_YEAR, kind=kind, data=data,
                                figures=_figures(rng), origin="并发导入")
    return step


def _run(writers: list[Callable[[random.Random], None]]) -> list[BaseException]:
    """Each writer's steps in its own thread, all started together; the errors other than
    the Conflict of a stale view."""
    errors: list[BaseException] = []
    start = threading.Barrier(len(writers))
    lock = threading.Lock()

    def run(index: int, writer: Callable[[random.Random], None]) -> None:
        rng = random.Random(index)
        start.wait()
        for _ in range(STEPS):
            try:
                writer(rng)
            except (Conflict, NotFound):  # a stale version or status; a unit moved out of the scope
                pass
            except BaseException as exc:  # a deadlock, or anything else: the test fails
                with lock:
                    errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_concurrent_writers_share_the_totals_without_deadlock(fresh: World) -> None:
    world = fresh
    if world.db.is_sqlite:
        pytest.skip("SQLite has one writer at a time: nothing to deadlock on")
    rng = random.Random(0)
    bureau = _as(world, "B1", BUREAU_REVIEWER)
    for unit in ("U1", "U2", "U3"):
        head = _as(world, unit, UNIT_HEAD)
        with world.db.writing() as s:
            rollup.lock(s, [world.orgs[unit].path])  # many evaluations in one transaction: the bureau alone
            for year in YEARS:
                for kind in ("overall", "project", "project", "project"):
                    ev, _v = store.create(s, head, unit_id=world.orgs[unit].id, kind=kind, year=year,
                                          data={"kind": kind}, figures=_figures(rng))
                    if kind == "project":  # ready to publish when the writers start
                        store.transition(s, head, ev, action="submit", version=1, comment="送审")
                        store.transition(s, bureau, ev, action="approve", version=1, comment="复核",
                                         review_score="80")
    admin = _as(world, "B1", ADMIN)
    with world.db.writing() as s:
        task = tasks.open_task(s, admin, bureau_id=world.orgs["B1"].id, year=TASK_YEAR, framework="并发",
                               deadline=None, units=[])
        s.add_all(TaskUnit(task_id=task.id, unit_id=world.orgs[u].id) for u in ("U1", "U2", "U3"))
        task_id = task.id
    forward_or_return = {"forward": (SUBMITTED,), "return": (SUBMITTED,)}
    approve_or_return = {"approve": (SUBMITTED, DEPARTMENT_REVIEWED), "return": (SUBMITTED, DEPARTMENT_REVIEWED)}
    writers = [_unit_head(world, "U1"), _unit_head(world, "U2"), _unit_head(world, "U3"),
               _reviewer(world, "D1", DEPARTMENT_REVIEWER, forward_or_return),
               _reviewer(world, "D2", DEPARTMENT_REVIEWER, forward_or_return),
               _reviewer(world, "B1", BUREAU_REVIEWER, approve_or_return),
               _reviewer(world, "B1", BUREAU_REVIEWER, approve_or_return),
               _publisher(world), _publisher(world), _mover(world),
               _importer(world, task_id), _importer(world, task_id)]
    errors = _run(writers)
    assert errors == [], errors
    with world.db.reading() as s:
        assert evaluation_counts.stored(s) == evaluation_counts.computed(s)
        assert finding_totals.stored(s) == finding_totals.computed(s)
        assert three_public_totals.stored(s) == three_public_totals.computed(s)
        published = s.scalar(select(Evaluation.id).where(Evaluation.status == "published").limit(1))
        overall = list(s.scalars(select(Evaluation.unit_id).where(Evaluation.task_id == task_id,
                                                                   Evaluation.kind == "overall")))
        projects = s.scalar(select(func.count()).select_from(Evaluation).where(Evaluation.task_id == task_id,
                                                                             Evaluation.kind == "project"))
    assert published is not None  # the batches did publish
    assert overall and len(overall) == len(set(overall))  # drafts imported, one 整体支出 a unit
    assert projects  # (a project's draft saved since no longer names its project: no upper bound)
