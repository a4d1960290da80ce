"""The two kinds of database session: a reading session refuses to write (on PostgreSQL it
has no transaction that would undo the write), and on SQLite the writers of one process
take turns on a lock instead of SQLite's busy handler."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, insert, select, update

from jixiao.store.db import Database, ReadingWrites
from jixiao.store.models import AuditEntry, Organisation
from tests.web.conftest import World


def test_a_reading_session_refuses_to_write(world: World) -> None:
    with world.db.reading() as session:
        organisation = session.scalars(select(Organisation)).first()
        assert organisation is not None
        organisation.name = "改名"
        with pytest.raises(ReadingWrites):
            session.flush()
    with world.db.reading() as session, pytest.raises(ReadingWrites):
        session.execute(update(Organisation).values(region="湖南"))
    with world.db.reading() as session:
        assert session.scalar(select(Organisation.region).where(Organisation.region == "湖南")) is None


def test_sqlite_writers_of_one_process_take_turns(tmp_path: Path) -> None:
    """With SQLite's busy timeout at zero, a second writer that reached SQLite while the
    first held the write lock would fail at once ("database is locked"); it waits its turn."""
    database = Database(f"sqlite:///{tmp_path / 'turns.db'}")
    database.upgrade()

    @event.listens_for(database.engine, "connect")
    def _no_busy_wait(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=0")

    database.engine.dispose()  # connections made before the listener keep the 30 s timeout
    first_writes, second_tries = threading.Event(), threading.Event()
    problems: list[BaseException] = []

    def write(detail: str, before: threading.Event | None, after: threading.Event | None) -> None:
        try:
            if before is not None:
                before.wait(10)
                second_tries.set()
            with database.writing() as session:
                session.execute(insert(AuditEntry).values(action="test.turn", target=detail, detail={}))
                if after is not None:
                    after.set()
                    second_tries.wait(10)
                    threading.Event().wait(0.2)  # the second writer is at the door meanwhile
        except BaseException as exc:  # reported to the test's thread
            problems.append(exc)

    threads = [threading.Thread(target=write, args=("first", None, first_writes)),
               threading.Thread(target=write, args=("second", first_writes, None))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert problems == []
    with database.reading() as session:
        assert sorted(session.scalars(select(AuditEntry.target).where(AuditEntry.action == "test.turn"))) == [
            "first", "second"]
    database.dispose()


def test_a_connection_that_rested_is_checked_and_one_dropped_meanwhile_costs_one_answer(
        postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL: a pooled connection that rested is pinged before use, so one the server
    dropped meanwhile is replaced unseen; one used a moment ago is not pinged, so if the
    server dropped it the statement fails once (the app answers 503) and the pool then
    connects afresh."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from jixiao.store import db as db_module

    database = Database(postgres_url)
    admin = Database(postgres_url)

    def backend() -> int:
        with database.reading() as session:
            return int(session.scalar(text("select pg_backend_pid()")) or 0)

    def drop(pid: int) -> None:
        with admin.reading() as session:
            assert session.scalar(text("select pg_terminate_backend(:pid)"), {"pid": pid})
        with admin.reading() as session:  # wait until the server has let it go
            while session.scalar(text("select count(*) from pg_stat_activity where pid = :pid"), {"pid": pid}):
                session.execute(text("select pg_sleep(0.05)"))

    try:
        first = backend()
        drop(first)
        monkeypatch.setattr(db_module, "RESTED", 0.0)  # every connection has rested long enough
        second = backend()
        assert second != first
        drop(second)
        monkeypatch.setattr(db_module, "RESTED", 3600.0)  # none has
        with pytest.raises(OperationalError):
            backend()
        assert backend() not in (first, second)
    finally:
        database.dispose()
        admin.dispose()
