"""Adding and removing rows of the tables with a variable number of rows (the indicators of
附件3, the project lists, the 项目支出 分项 …), on SQLite and PostgreSQL: each change is a new
version based on the page's version (409 and nothing written when stale), the tab comes back
with its findings, and only those who may edit can do it."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from jixiao.store import auth
from jixiao.web import service
from tests.web.conftest import World
from tests.web.test_pages import login, make_app, reference  # noqa: F401  (the fixture)

ITEMS = "/self_evaluation/indicators/0/groups/0/items"


def _detail(world: World, ident: int) -> dict[str, object]:
    with world.db.reading() as s:
        caller = auth.caller_for(s.merge(world.users["filler@U1"]))
    return service.detail(world.db, caller, ident)


def _rows(client: TestClient, ident: int, token: str, **form: str) -> object:
    return client.post(f"/evaluations/{ident}/rows", headers={"X-CSRF-Token": token}, data={"tab": "self", **form})


def test_adding_and_removing_an_indicator_makes_versions(reference: tuple[World, int]) -> None:  # noqa: F811
    world, ident = reference
    client = TestClient(make_app(world), raise_server_exceptions=False)
    token = login(client, "filler@U1")
    before = _detail(world, ident)
    items = before["data"]["self_evaluation"]["indicators"][0]["groups"][0]["items"]  # type: ignore[index]
    count = len(items)
    page = client.get(f"/evaluations/{ident}").text
    assert "＋三级指标" in page and "删除此指标" in page and "＋一级指标" in page
    added = _rows(client, ident, token, list=ITEMS, action="add", index="", version="1")
    assert added.status_code == 200  # type: ignore[attr-defined]
    text = added.text  # type: ignore[attr-defined]
    assert f'name="{ITEMS}/{count}/name"' in text  # the new row, its cells named by path
    assert re.search(r'id="base-version"[^>]*value="2"[^>]*hx-swap-oob', text)
    assert 'id="score-panel"' in text and 'id="tabs"' in text  # findings and score refreshed out of band
    after = _detail(world, ident)
    assert after["version"] == 2 and len(after["data"]["self_evaluation"]["indicators"][0]["groups"][0]["items"]) \
        == count + 1  # type: ignore[index]
    assert any(f["field"] == f"{ITEMS}/{count}/name" for f in after["result"]["findings"])  # type: ignore[index]
    # a stale page: 409, a message above the tab, nothing written
    stale = _rows(client, ident, token, list=ITEMS, action="remove", index="0", version="1")
    assert stale.status_code == 409 and "第 2 版" in stale.text  # type: ignore[attr-defined]
    assert stale.headers["HX-Retarget"] == "#row-message"  # type: ignore[attr-defined]
    assert _detail(world, ident)["version"] == 2
    # removing the first indicator: the others move up
    second_name = items[1]["name"]
    removed = _rows(client, ident, token, list=ITEMS, action="remove", index="0", version="2")
    assert removed.status_code == 200  # type: ignore[attr-defined]
    now = _detail(world, ident)
    assert now["version"] == 3
    assert now["data"]["self_evaluation"]["indicators"][0]["groups"][0]["items"][0]["name"] == second_name  # type: ignore[index]
    versions = client.get(f"/evaluations/{ident}/versions").text
    assert f"新增行：{ITEMS}/{count}" in versions and f"删除行：{ITEMS}/0" in versions
    # refused: a list that is not a table's, a row that is not there, no CSRF token
    other = _rows(client, ident, token, list="/title", action="add", index="", version="3")
    assert other.status_code == 422 and "不是可增删行的表格" in other.text  # type: ignore[attr-defined]
    missing = _rows(client, ident, token, list=ITEMS, action="remove", index="99", version="3")
    assert missing.status_code == 422 and "不存在" in missing.text  # type: ignore[attr-defined]
    no_token = client.post(f"/evaluations/{ident}/rows", data={"list": ITEMS, "action": "add", "version": "3"})
    assert no_token.status_code == 403
    assert _detail(world, ident)["version"] == 3


def test_other_tables_and_who_may_change_rows(reference: tuple[World, int]) -> None:  # noqa: F811
    world, ident = reference
    client = TestClient(make_app(world), raise_server_exceptions=False)
    token = login(client, "filler@U1")
    basic = client.post(f"/evaluations/{ident}/rows", headers={"X-CSRF-Token": token}, data={
        "list": "/basic_data/expenses/project_categories", "action": "add", "index": "", "version": "1",
        "tab": "basic"})
    assert basic.status_code == 200 and 'name="/basic_data/expenses/project_categories/1/name"' in basic.text
    report = client.post(f"/evaluations/{ident}/rows", headers={"X-CSRF-Token": token}, data={
        "list": "/report/performance/projects/items", "action": "remove", "index": "3", "version": "2",
        "tab": "report"})
    assert report.status_code == 200
    assert len(_detail(world, ident)["data"]["report"]["performance"]["projects"]["items"]) == 3  # type: ignore[index]
    for who, status in (("bureau-reviewer@B1", 403), ("department-reviewer@D1", 403), ("filler@U3", 404)):
        other = TestClient(make_app(world), raise_server_exceptions=False)
        other_token = login(other, who)
        answer = other.post(f"/evaluations/{ident}/rows", headers={"X-CSRF-Token": other_token}, data={
            "list": ITEMS, "action": "add", "index": "", "version": "3", "tab": "self"})
        assert answer.status_code == status, who
        assert "删除此指标" not in other.get(f"/evaluations/{ident}").text
    assert _detail(world, ident)["version"] == 3
