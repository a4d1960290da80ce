"""Databases for the web tests: SQLite in a temporary file and PostgreSQL in a database
created for this test run (dropped after). Both get the schema from the shipped migrations.

The organisations and people every test meets (one user per role, and a second bureau so
that "other" reaches outside every scope):

    财政局甲 (B1)                   财政局乙 (B2)
      主管部门一 (D1)                  主管部门三 (D3)
        单位一 (U1)  单位二 (U2)          单位四 (U4)
      主管部门二 (D2)
        单位三 (U3)
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, delete, select, text

from jixiao.store import auth
from jixiao.store.db import Database
from jixiao.store.models import Base, Membership, Organisation, User
from jixiao.store.roles import ADMIN, BUREAU_REVIEWER, DEPARTMENT_REVIEWER, FILLER, UNIT_HEAD

PG_ADMIN_URL = os.environ.get("JIXIAO_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PASSWORD = "correct horse 1"
ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "examples" / "reference-lusong-2023.yaml"


def _postgres_reachable() -> str | None:
    try:
        engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
    except Exception as exc:
        return f"PostgreSQL unreachable at {PG_ADMIN_URL}: {type(exc).__name__}"
    return None


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    reason = _postgres_reachable()
    if reason:
        pytest.skip(reason)
    name = f"jixiao_web_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass
class World:
    db: Database
    orgs: dict[str, Organisation]
    users: dict[str, User]  # by key: "filler@U1", "admin@B1" …


USERS = [
    (FILLER, "U1"), (UNIT_HEAD, "U1"), (FILLER, "U3"), (UNIT_HEAD, "U3"),
    (DEPARTMENT_REVIEWER, "D1"), (DEPARTMENT_REVIEWER, "D2"),
    (BUREAU_REVIEWER, "B1"), (ADMIN, "B1"), (FILLER, "U4"), (BUREAU_REVIEWER, "B2"),
]


def build_world(db: Database) -> World:
    db.upgrade()
    orgs: dict[str, Organisation] = {}
    users: dict[str, User] = {}
    with db.writing() as s:
        tree = [("B1", "财政局甲", "bureau", None), ("D1", "主管部门一", "department", "B1"),
                ("D2", "主管部门二", "department", "B1"), ("U1", "单位一", "unit", "D1"),
                ("U2", "单位二", "unit", "D1"), ("U3", "单位三", "unit", "D2"),
                ("B2", "财政局乙", "bureau", None), ("D3", "主管部门三", "department", "B2"),
                ("U4", "单位四", "unit", "D3")]
        for key, name, kind, parent in tree:
            orgs[key] = auth.add_organisation(s, name, kind, orgs[parent] if parent else None)
        for role, org in USERS:
            key = f"{role}@{org}"
            users[key] = auth.add_user(s, key, PASSWORD, orgs[org], role)
    return World(db, orgs, users)


def clear_evaluations(db: Database) -> None:
    tables = ["comments", "review_scores", "transitions", "versions", "evaluations", "finding_totals",
              "three_public_totals", "evaluation_counts", "audit_log", "login_attempts"]
    with db.writing() as s:
        if db.is_sqlite:
            for table in tables:
                s.execute(text(f"DELETE FROM {table}"))
        else:
            s.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'web.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    db = Database(url)
    world = build_world(db)
    yield world
    db.dispose()


def restore_world(world: World) -> None:
    """Put the shared world back as built: no evaluations, no tasks or jobs, and only its
    own organisations, with their names and places (tests add units, rename and move
    them; the dashboard counts them)."""
    clear_evaluations(world.db)
    own = {org.id: org for org in world.orgs.values()}
    own_users = {user.id for user in world.users.values()}
    with world.db.writing() as s:
        for table in ["job_items", "jobs", "task_units", "tasks"]:
            s.execute(text(f"DELETE FROM {table}"))
        extra = [o for o in s.scalars(select(Organisation)) if o.id not in own]
        for org in sorted(extra, key=lambda o: -len(o.path)):
            s.execute(delete(Membership).where(Membership.organisation_id == org.id))
        for user in s.scalars(select(User).where(User.id.not_in(own_users))):
            if not user.memberships:
                s.delete(user)
        s.flush()
        for org in sorted(extra, key=lambda o: -len(o.path)):
            s.delete(org)
        s.flush()
        for ident, org in own.items():
            row = s.get(Organisation, ident)
            assert row is not None
            row.name, row.parent_id, row.path = org.name, org.parent_id, org.path


@pytest.fixture
def fresh(world: World) -> World:
    """The shared world as built, with no evaluations left from an earlier test."""
    restore_world(world)
    return world


def tables() -> list[str]:
    return sorted(Base.metadata.tables)




@dataclass
class Api:
    """A TestClient on the world's database with a Bearer token for every user."""

    client: Any
    world: World
    tokens: dict[str, str]

    def headers(self, who: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}

    def request(self, method: str, url: str, who: str | None = None, **kw: Any) -> Any:
        headers = {**self.headers(who), **kw.pop("headers", {})}
        return self.client.request(method, url, headers=headers, **kw)

    def get(self, url: str, who: str | None = None, **kw: Any) -> Any:
        return self.request("GET", url, who, **kw)

    def post(self, url: str, who: str | None = None, **kw: Any) -> Any:
        return self.request("POST", url, who, **kw)

    def put(self, url: str, who: str | None = None, **kw: Any) -> Any:
        return self.request("PUT", url, who, **kw)

    def patch(self, url: str, who: str | None = None, **kw: Any) -> Any:
        return self.request("PATCH", url, who, **kw)


@pytest.fixture(scope="session")
def api_session(world: World) -> Iterator[Api]:
    from fastapi.testclient import TestClient

    from jixiao.web.app import Settings, create_app

    tokens = {}
    with world.db.writing() as s:
        for key, user in world.users.items():
            tokens[key], _ = auth.issue_token(s, s.get(User, user.id), "127.0.0.1")  # type: ignore[arg-type]
    app = create_app(Settings(database_url=world.db.url))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, world, tokens)


@pytest.fixture
def api(api_session: Api) -> Api:
    restore_world(api_session.world)
    return api_session
