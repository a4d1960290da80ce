"""The login rate limit: after too many failures for a username (or from one address)
within the window, the page login and POST /api/v1/tokens refuse with a Chinese message
and the wait, even with the right password; the count lives in the database, so two app
processes serving it share it. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from jixiao.store.models import AuditEntry, LoginAttempt
from jixiao.store.throttle import Limits
from jixiao.web.app import Settings, create_app
from tests.web.conftest import PASSWORD, World

LIMITS = Limits(per_username=3, per_address=6, window=dt.timedelta(minutes=10))


def _app(world: World) -> TestClient:
    return TestClient(create_app(Settings(database_url=world.db.url, login_limits=LIMITS)),
                      raise_server_exceptions=False)


def _page_login(client: TestClient, username: str, password: str) -> int:
    return client.post("/login", data={"username": username, "password": password, "next": "/evaluations"},
                       follow_redirects=False).status_code


def test_failures_across_two_processes_lock_the_username_then_the_window_frees_it(fresh: World) -> None:
    first, second = _app(fresh), _app(fresh)  # two apps: nothing shared but the database
    assert _page_login(first, "filler@U1", "wrong 1") == 401
    assert _page_login(second, "filler@U1", "wrong 2") == 401
    assert second.post("/api/v1/tokens", json={"username": "filler@U1", "password": "wrong 3"}).status_code == 401
    # the limit is reached: the right password is refused too, on both, with the wait
    page = first.post("/login", data={"username": "filler@U1", "password": PASSWORD})
    assert page.status_code == 429 and "登录失败次数过多" in page.text and "分钟后再试" in page.text
    assert 0 < int(page.headers["Retry-After"]) <= 600
    token = second.post("/api/v1/tokens", json={"username": "filler@U1", "password": PASSWORD})
    assert token.status_code == 429
    assert "登录失败次数过多" in token.json()["error"]["message"] and token.json()["error"]["retry_after"] > 0
    # another username from elsewhere is not concerned
    assert _page_login(first, "unit-head@U1", PASSWORD) == 303
    with fresh.db.reading() as s:
        actions = [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions.count("login.failed") == 3 and actions.count("login.refused") == 2
    # the window passes: the failures fall out of it and the right password works
    with fresh.db.writing() as s:
        s.execute(update(LoginAttempt).values(at=LoginAttempt.at - dt.timedelta(minutes=11)))
    assert _page_login(second, "filler@U1", PASSWORD) == 303


def test_a_success_clears_the_username_and_the_address_has_its_own_limit(fresh: World) -> None:
    client = _app(fresh)
    for attempt in range(2):
        assert _page_login(client, "filler@U1", f"wrong {attempt}") == 401
    assert _page_login(client, "filler@U1", PASSWORD) == 303  # a success forgets the username's failures
    for attempt in range(2):
        assert _page_login(client, "filler@U1", f"again {attempt}") == 401
    assert _page_login(client, "filler@U1", PASSWORD) == 303
    # the address: failures for many usernames (guessing names) from one client
    for name in ("nobody-1", "nobody-2", "nobody-3", "nobody-4", "nobody-5", "nobody-6"):
        assert _page_login(client, name, "guess") in (401, 429)
    page = client.post("/login", data={"username": "bureau-reviewer@B1", "password": PASSWORD})
    assert page.status_code == 429 and "网络地址" in page.text
