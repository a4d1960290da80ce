"""The JSON API from its OpenAPI, generated requests (schemathesis, in process): whatever a
client sends, the answer is never a server error. Run as an anonymous caller and as a
unit's clerk (a Bearer token), on SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from jixiao.store import auth
from jixiao.store.db import Database
from jixiao.store.models import User
from tests.web.conftest import build_world


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    from jixiao.web.app import Settings, create_app

    url = f"sqlite:///{Path(tmp_path_factory.mktemp('fuzz')) / 'fuzz.db'}"
    database = Database(url)
    world = build_world(database)
    with database.writing() as s:
        token, _ = auth.issue_token(s, s.get(User, world.users["filler@U1"].id), "127.0.0.1")  # type: ignore[arg-type]
    database.dispose()
    yield create_app(Settings(database_url=url)), token


def operations() -> list[str]:
    """The operations of the API, by "METHOD path" (the schema needs no database to list them)."""
    from jixiao.web.app import Settings, create_app

    app = create_app(Settings(database_url="sqlite://"))
    return [f"{op.ok().method.upper()} {op.ok().path}"
            for op in schemathesis.openapi.from_asgi("/api/openapi.json", app).get_all_operations()]


@pytest.mark.parametrize("operation", operations())
def test_no_server_error(operation: str, fuzz_app: tuple[Any, str]) -> None:
    app, token = fuzz_app
    method, path = operation.split(" ", 1)
    api_operation = schemathesis.openapi.from_asgi("/api/openapi.json", app)[path][method]

    @given(case=api_operation.as_strategy())
    @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def never_a_server_error(case: Any) -> None:
        for headers in ({}, {"Authorization": f"Bearer {token}"}):
            response = case.call(headers=headers)
            assert response.status_code < 500, (operation, response.status_code, response.text[:300])

    never_a_server_error()
