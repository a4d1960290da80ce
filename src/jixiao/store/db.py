"""Connecting: the database URL, the engine (SQLite in WAL mode with a busy timeout, or
PostgreSQL through psycopg), sessions, and running the migrations shipped in the package."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

# the evaluations' counts follow every flush of every session (a listener, registered on import)
from jixiao.store import evaluation_counts  # noqa: F401

DEFAULT_URL = "sqlite:///jixiao.db"  # a file in the current directory
URL_VARIABLE = "JIXIAO_DATABASE_URL"


def database_url(explicit: str | None = None) -> str:
    """The URL given, else $JIXIAO_DATABASE_URL, else ``jixiao.db`` in the current directory."""
    return explicit or os.environ.get(URL_VARIABLE) or DEFAULT_URL


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)
        _sqlite_setup(engine)
        return engine
    # PostgreSQL's JIT compiles a query whose estimated cost passes jit_above_cost: right
    # for an analytical scan, wrong for the app's short statements. The list's years
    # statement (a loose index scan, under 1 ms to run) was estimated high and spent
    # 139 ms compiling; with JIT off a bureau's list page went from 120 to 30 ms
    # (docs/benchmarks.md). Set per connection, so a server's own setting is left alone.
    engine = create_engine(url, connect_args={"options": "-c jit=off"}, **kwargs)
    _ping_when_rested(engine)
    return engine


RESTED = 10.0  # seconds in the pool after which a connection is checked before use


def _ping_when_rested(engine: Engine) -> None:
    """Check that a pooled connection is alive before it is used only when it has rested
    in the pool for ``RESTED`` seconds: after a quiet spell, a database restart or a
    dropped connection is found there and the pool connects afresh (SQLAlchemy's
    pessimistic disconnect handling: a ``DisconnectionError`` raised on checkout). A
    connection used a moment ago is alive; pinging it on every checkout (``pool_pre_ping``)
    cost a round trip a session, and under load each round trip waits for the
    interpreter's lock on the way back: saving a field went from p95 180 to 110 ms without
    it (docs/benchmarks.md). Should the database restart within those seconds, the first
    statement on a stale connection fails (503, 数据库暂时繁忙), SQLAlchemy discards every
    connection the pool held, and the next request connects afresh."""

    @event.listens_for(engine, "connect")
    def _fresh(_dbapi_connection: Any, record: Any) -> None:
        record.info["rested_from"] = time.monotonic()

    @event.listens_for(engine, "checkin")
    def _rests(_dbapi_connection: Any, record: Any) -> None:
        record.info["rested_from"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _alive(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get("rested_from", 0.0) < RESTED:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:
            raise DisconnectionError("the pooled connection is gone") from exc


def _sqlite_setup(engine: Engine) -> None:
    """WAL (readers never wait for the writer, a crash loses no committed write),
    foreign keys on, case-sensitive LIKE, and transactions begun by us: a session that writes begins with
    BEGIN IMMEDIATE, so two writers queue on the busy timeout instead of one failing
    when it upgrades its read lock."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # pysqlite: let the "begin" event emit BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")  # an acknowledged commit survives power loss
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        # LIKE as PostgreSQL has it (case-sensitive), which lets SQLite answer the scope's
        # prefix match on organisations.path from its index instead of scanning every row.
        cursor.execute("PRAGMA case_sensitive_like=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


class ReadingWrites(RuntimeError):
    """A reading session was asked to write: a bug of the caller, refused before it runs
    (on PostgreSQL the session has no transaction that would roll it back)."""


def _reading_writes_nothing(session: Session, _context: Any, _instances: Any) -> None:
    if session.new or session.dirty or session.deleted:
        raise ReadingWrites("a reading session has changes to flush; write in Database.writing()")


def _reading_executes_no_write(state: Any) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        raise ReadingWrites("a reading session was asked to write; write in Database.writing()")


class Database:
    """An engine and its two session factories: ``reading()`` for requests that only
    read, ``writing()`` for those that write."""

    def __init__(self, url: str, **kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **kwargs)
        # On PostgreSQL a reading session runs outside a transaction: at READ COMMITTED
        # every statement takes its own snapshot anyway, so BEGIN and ROLLBACK were two
        # round trips a session that bought nothing (and each round trip, under load, is
        # a wait for the interpreter's lock on the way back). On SQLite the transaction
        # is what gives a page one snapshot, and costs no round trip.
        read_bind = self.engine if self.is_sqlite else self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self._read = sessionmaker(read_bind, expire_on_commit=False)
        event.listen(self._read, "before_flush", _reading_writes_nothing)
        event.listen(self._read, "do_orm_execute", _reading_executes_no_write)
        write_bind = self.engine.execution_options(sqlite_begin="IMMEDIATE") if self.is_sqlite else self.engine
        self._write = sessionmaker(write_bind, expire_on_commit=False)
        # SQLite has one writer at a time. The threads of one process that want to write
        # queue on this lock, and the next is woken the moment it is free; left to SQLite's
        # busy handler they would sleep and retry in growing steps (1, 2, 5, 10 … ms) while
        # the writer they wait for may itself be waiting for the interpreter. Writers in
        # other processes still meet on the busy timeout.
        self._writers_turn: AbstractContextManager[Any] = (
            threading.RLock() if self.is_sqlite else nullcontext())

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def session(self) -> Session:
        """A plain session the caller manages (for tests and scripts)."""
        return self._write()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._read() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session committed at the end of the block, rolled back on an exception."""
        with self._writers_turn, self._write() as session, session.begin():
            yield session

    def upgrade(self) -> None:
        upgrade(self.url, self.engine)

    def dispose(self) -> None:
        self.engine.dispose()


MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, engine: Engine | None = None, revision: str = "head") -> None:
    """Bring the schema to ``revision`` with the migrations shipped in the package."""
    from alembic import command

    config = alembic_config(url)
    if engine is not None:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    else:
        command.upgrade(config, revision)


def schema_is_current(url: str) -> str | None:
    """None when the database's schema is at the newest migration, else what to do (in Chinese)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy.exc import SQLAlchemyError

    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as exc:
        return f"无法连接数据库：{type(exc).__name__}"
    finally:
        engine.dispose()
    if current != head:
        return "数据库结构不是最新，请先运行 jixiao db upgrade" + ("（或 jixiao db demo）" if current is None else "")
    return None
