"""The browser pages over the service layer, in process: login and CSRF, the evaluation
page with every field named by its field path, saving a field (its findings and the score
panel swapped in), a stale save answered with both values, scope, and the public pages."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from jixiao.store import auth
from jixiao.web import reading, service
from jixiao.web.app import Settings, create_app
from tests.web.conftest import PASSWORD, REFERENCE, World


def make_app(world: World) -> FastAPI:
    return create_app(Settings(database_url=world.db.url))


def login(client: TestClient, username: str) -> str:
    """Sign in through the form; the CSRF token the pages carry."""
    answer = client.post("/login", data={"username": username, "password": PASSWORD, "next": "/evaluations"},
                         follow_redirects=False)
    assert answer.status_code == 303, answer.text
    page = client.get("/evaluations")
    found = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
    assert found is not None
    return found.group(1)


@pytest.fixture
def reference(fresh: World) -> Iterator[tuple[World, int]]:
    """The reference report as 单位一's draft."""
    user = fresh.users["filler@U1"]
    with fresh.db.reading() as s:
        caller = auth.caller_for(s.merge(user))
    read = reading.read_file(REFERENCE.read_bytes(), REFERENCE.name)
    assert read.data is not None
    saved = service.create_from_data(fresh.db, caller, read.data, unit_id=fresh.orgs["U1"].id)
    yield fresh, saved.evaluation.id


def test_pages_need_a_login_and_a_wrong_password_is_told_in_chinese(fresh: World) -> None:
    client = TestClient(make_app(fresh))
    answer = client.get("/evaluations", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/login?next=/evaluations"
    page = client.post("/login", data={"username": "filler@U1", "password": "wrong password"})
    assert page.status_code == 401 and "用户名或密码不正确" in page.text
    assert '<html lang="zh-CN">' in page.text


def test_the_evaluation_page_names_every_field_by_its_path(reference: tuple[World, int]) -> None:
    world, ident = reference
    client = TestClient(make_app(world))
    login(client, "filler@U1")
    listing = client.get("/evaluations")
    assert "草稿" in listing.text and f'href="/evaluations/{ident}"' in listing.text
    page = client.get(f"/evaluations/{ident}?tab=basic")
    assert page.status_code == 200
    assert re.search(r'name="/basic_data/expenses/project/final"[^>]*value="88.17"', page.text)
    page = client.get(f"/evaluations/{ident}?tab=report")
    assert re.search(r'name="/report/public_budget/project"[^>]*value="88.18"', page.text)
    page = client.get(f"/evaluations/{ident}")
    assert re.search(r'name="/self_evaluation/funds/rate"[^>]*value="98.95%"[^>]*readonly', page.text)
    assert "自评得分" in page.text and "复算得分" in page.text


def test_saving_a_field_needs_the_csrf_token_and_answers_its_findings(reference: tuple[World, int]) -> None:
    world, ident = reference
    client = TestClient(make_app(world))
    token = login(client, "filler@U1")
    form = {"field": "/basic_data/expenses/project/final", "/basic_data/expenses/project/final": "88.18",
            "version": "1", "tab": "basic"}
    before = client.get(f"/evaluations/{ident}?tab=basic").text
    cell = re.search(r'<div class="cell" id="f-basic_data-expenses-project-final">.*?</ul>', before, re.S)
    assert cell is not None and "数值不一致" in cell.group(0) and "88.18" in cell.group(0)  # the conflict, at its field
    refused = client.post(f"/evaluations/{ident}/field", data=form)
    assert refused.status_code == 403 and "CSRF" in refused.text
    saved = client.post(f"/evaluations/{ident}/field", data=form, headers={"X-CSRF-Token": token})
    assert saved.status_code == 200, saved.text
    assert 'id="base-version" name="version" value="2" hx-swap-oob="true"' in saved.text
    assert 'id="score-panel" hx-swap-oob="true"' in saved.text and 'id="tabs" hx-swap-oob="true"' in saved.text
    field = saved.text.split("hx-swap-oob", 1)[0]  # the field itself comes first, then the out-of-band parts
    assert 'id="f-basic_data-expenses-project-final"' in field and "数值不一致" not in field
    assert re.search(r'name="/basic_data/expenses/project/final"[^>]*value="88.18"', saved.text)
    # the same save again, still based on version 1: both values shown, nothing overwritten
    stale = client.post(f"/evaluations/{ident}/field", headers={"X-CSRF-Token": token},
                        data={**form, "/basic_data/expenses/project/final": "88.19"})
    assert stale.status_code == 409
    assert "88.19" in stale.text and "88.18" in stale.text and "第 2 版" in stale.text
    page = client.get(f"/evaluations/{ident}?tab=basic")
    assert re.search(r'name="/basic_data/expenses/project/final"[^>]*value="88.18"', page.text)


def test_another_units_evaluation_is_not_found(reference: tuple[World, int]) -> None:
    world, ident = reference
    client = TestClient(make_app(world))
    login(client, "filler@U3")
    for path in (f"/evaluations/{ident}", f"/evaluations/{ident}/upload", f"/evaluations/{ident}/versions",
                 f"/evaluations/{ident}/review", f"/evaluations/{ident}/diff"):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert "不在您的查看范围内" in answer.text
        assert "88.17" not in answer.text


def test_public_pages_need_no_login_and_show_only_published(reference: tuple[World, int]) -> None:
    world, ident = reference
    client = TestClient(make_app(world))
    index = client.get("/public")
    assert index.status_code == 200 and "暂无已公开的报告" in index.text
    assert client.get(f"/public/{ident}").status_code == 404


def test_the_versions_page_offers_every_download(reference: tuple[World, int]) -> None:
    world, ident = reference
    client = TestClient(make_app(world))
    login(client, "filler@U1")
    page = client.get(f"/evaluations/{ident}/versions")
    assert page.status_code == 200 and "第 1 版" in page.text
    links = re.findall(r'href="(/api/v1/evaluations/\d+/[^"]+)"', page.text)
    assert [link.split("/")[-1] for link in links] == [
        "export.docx?version=1", "export.pdf?version=1", "export.pdf?findings=true&amp;version=1",
        "export.xlsx?version=1", "template.xlsx?version=1"]
    word = client.get(links[0])
    assert word.status_code == 200 and word.content[:2] == b"PK"  # a .docx is a zip


def test_an_evaluation_is_created_from_an_uploaded_file(fresh: World) -> None:
    client = TestClient(make_app(fresh))
    token = login(client, "filler@U1")
    assert "上传新建自评" in client.get("/evaluations/new").text
    with REFERENCE.open("rb") as handle:
        answer = client.post("/evaluations/new", data={"csrf_token": token},
                             files={"file": (REFERENCE.name, handle, "application/yaml")}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    page = client.get(answer.headers["location"])
    assert "已保存为新版本" in page.text and 'name="/self_evaluation/funds/final"' in page.text
    refused = client.post("/evaluations/new", data={"csrf_token": token},
                          files={"file": ("空.txt", b"", "text/plain")})
    assert refused.status_code == 422 and "flash error" in refused.text


def test_a_saves_answer_is_built_from_the_write_as_the_page_reads_it(reference: tuple[World, int]) -> None:
    """The parts a save answers with come from the version just written, not from reading
    it back: they must be what the evaluation page then reads from the database."""
    from starlette.requests import Request

    from jixiao.web.pages.evaluations import load_page, saved_page

    world, ident = reference
    app = make_app(world)
    request = Request({"type": "http", "app": app, "headers": [], "query_string": b""})
    with world.db.reading() as s:
        caller = auth.caller_for(s.merge(world.users["filler@U1"]))
    service.comment(world.db, caller, ident, version=1, pointer="/basic_data/expenses/project/final",
                    text="请核对决算数")
    saved = service.save_field(world.db, caller, ident, based_on=1, pointer="/basic_data/expenses/project/final",
                               value="88.18")
    assert saved_page(request, caller, saved) == load_page(request, caller, ident)
