"""`jixiao db demo --units N --years Y`: the province-sized demonstration writes rows that
agree with the engine, the workflow log and each other, and the same rows every time."""

from __future__ import annotations

import itertools
from pathlib import Path

from sqlalchemy import func, select

from jixiao.store import auth, evaluation_counts
from jixiao.store.db import Database
from jixiao.store.models import Evaluation, Organisation, ReviewScore, Task, TaskUnit, Transition, Version
from jixiao.web import demo_scale, reading
from tests.web.test_commands import jixiao


def test_scale_demo_rows_agree_with_the_engine_and_the_workflow(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'scale.db'}"
    done = jixiao("db", "demo", "--units", "20", "--years", "2", "--database", url)
    assert done.returncode == 0, done.stderr
    assert "u00001-filler" in done.stdout and "40/40" in done.stderr
    db = Database(url)
    try:
        with db.reading() as s:
            units = s.scalars(select(Organisation).where(Organisation.kind == "unit")).all()
            assert len(units) == 20
            evaluations = s.scalars(select(Evaluation)).all()
            assert sorted((e.unit_id, e.year) for e in evaluations) == sorted(
                (u.id, y) for u in units for y in (2022, 2023))
            assert {t.year for t in s.scalars(select(Task))} == {2022, 2023}
            assert s.scalar(select(func.count()).select_from(TaskUnit)) == 40
            for e in evaluations:
                versions = s.scalars(select(Version).where(Version.evaluation_id == e.id)
                                     .order_by(Version.number)).all()
                assert [v.number for v in versions] == list(range(1, e.version + 1))
                # the indexed figures are the engine's, for the current document
                figures = reading.figures(reading.check(versions[-1].data))
                assert (e.errors, e.warnings, e.infos, e.grade, e.self_score, e.recomputed_total,
                        e.execution_rate) == (figures.errors, figures.warnings, figures.infos, figures.grade,
                                              figures.self_score, figures.recomputed_total, figures.execution_rate)
                log = s.scalars(select(Transition).where(Transition.evaluation_id == e.id)
                                .order_by(Transition.id)).all()
                assert e.status == (log[-1].to_status if log else "draft")
                assert e.times_returned == sum(t.action == "return" for t in log)
                reviews = s.scalars(select(ReviewScore).where(ReviewScore.evaluation_id == e.id)).all()
                approved = e.status in ("approved", "published")
                assert (e.review_score is not None) == approved == (len(reviews) == 1)
                assert (e.published_at is not None) == (e.status == "published")
                assert all(a.created_at <= b.created_at for a, b in itertools.pairwise(log))
            latest = {e.status for e in evaluations if e.year == 2023}
            assert len(latest) >= 3  # the current year is spread over the workflow
            assert len({e.execution_rate for e in evaluations}) > 30
            assert len({e.errors for e in evaluations}) > 2
            assert auth.authenticate(s, "u00001-filler", "jixiao-demo") is not None
            # the counts kept with every create and transition equal a fresh count
            assert evaluation_counts.stored(s) == evaluation_counts.computed(s) != {}
            hashes = sorted(s.scalars(select(Version.content_hash)))
            transitions = s.scalar(select(func.count()).select_from(Transition))
    finally:
        db.dispose()
    again = Database(f"sqlite:///{tmp_path / 'again.db'}")
    try:
        again.upgrade()
        demo_scale.build(again, 20, 2, out=lambda _text: None, jobs=2)
        with again.reading() as s:  # deterministic, in one process or several
            assert sorted(s.scalars(select(Version.content_hash))) == hashes
            assert s.scalar(select(func.count()).select_from(Transition)) == transitions
            assert evaluation_counts.stored(s) == evaluation_counts.computed(s)  # several processes too
    finally:
        again.dispose()


def test_scale_demo_refuses_nonsense_sizes(tmp_path: Path) -> None:
    refused = jixiao("db", "demo", "--units", "0", "--database", f"sqlite:///{tmp_path / 'x.db'}")
    assert refused.returncode == 2 and "--units" in refused.stderr
    assert not (tmp_path / "x.db").exists()


def test_lists_are_paged(tmp_path: Path) -> None:
    """A bureau's list runs to thousands: the page shows 50 and links the next, the JSON
    twin counts every match, and a department reviewer's queue holds only what it reviews."""
    import re

    from fastapi.testclient import TestClient

    from jixiao.web.app import Settings, create_app

    db = Database(f"sqlite:///{tmp_path / 'paged.db'}")
    db.upgrade()
    demo_scale.build(db, 30, 2, out=lambda _text: None)
    db.dispose()
    client = TestClient(create_app(Settings(database_url=db.url)))
    assert client.post("/login", data={"username": "bureau-reviewer-1", "password": "jixiao-demo"},
                       follow_redirects=False).status_code == 303
    first = client.get("/evaluations")
    assert first.status_code == 200
    assert len(re.findall(r'<a href="/evaluations/\d+">', first.text)) == 50
    assert "第 1 / 2 页（第 1–50 份，共 60 份）" in first.text and 'href="/evaluations?page=2"' in first.text
    second = client.get("/evaluations?page=2")
    assert len(re.findall(r'<a href="/evaluations/\d+">', second.text)) == 10
    assert 'href="/evaluations" rel="prev"' in second.text
    shown = set(re.findall(r'<a href="/evaluations/(\d+)">', first.text + second.text))
    assert len(shown) == 60
    filtered = client.get("/evaluations?year=2023&page=9")  # past the end: the last page
    assert "共 30 份" in filtered.text and len(re.findall(r'<a href="/evaluations/\d+">', filtered.text)) == 30
    listed = client.get("/api/v1/evaluations?limit=7&offset=56").json()
    assert listed["total"] == 60 and len(listed["items"]) == 4
    with db.reading() as s:
        waiting = s.scalar(select(func.count()).select_from(Evaluation)
                           .where(Evaluation.status.in_(("submitted", "department-reviewed"))))
    queue = client.get("/review")
    assert len(re.findall(r'<a href="/evaluations/\d+/review">', queue.text)) == waiting


def test_postgresql_demo_ends_vacuumed_and_connections_run_without_jit() -> None:
    """On PostgreSQL the filled demo is vacuumed and analysed (index-only scans need the
    visibility map), and the app's connections have JIT off (docs/deploy.md)."""
    import uuid

    import pytest
    from sqlalchemy import create_engine, text

    from tests.web.conftest import PG_ADMIN_URL, _postgres_reachable

    reason = _postgres_reachable()
    if reason:
        pytest.skip(reason)
    name = f"jixiao_demo_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        db = Database(PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name)
        db.upgrade()
        said: list[str] = []
        demo_scale.build(db, 4, 1, out=said.append)
        assert any("VACUUM ANALYZE" in line for line in said), said
        with db.engine.connect() as conn:
            assert conn.execute(text("SHOW jit")).scalar() == "off"
            vacuumed = conn.execute(text("SELECT last_vacuum IS NOT NULL FROM pg_stat_user_tables "
                                         "WHERE relname = 'evaluations'")).scalar()
        assert vacuumed is True
        db.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
