"""Snapshots of the HTML the two most requested pages and a field's save answer with: the
evaluation page (each tab, as the clerk and as a reviewer who comments), the evaluation
list and the save answers of a grid cell and an indicator cell, for the reference report.
Faster rendering must leave them byte for byte as they are. ``JIXIAO_UPDATE_SNAPSHOTS=1``
accepts a change (then review the diff in git).

What differs from run to run is masked: the CSRF token, the evaluation's id and the
times of day the pages show."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from jixiao.store import auth
from jixiao.web import service
from tests.snapshots import assert_snapshot
from tests.web.conftest import World
from tests.web.test_pages import login, make_app, reference  # noqa: F401  (the fixture)

_MASKS = (
    (re.compile(r'(name="csrf-token" content=")[^"]+"'), r'\1CSRF"'),
    (re.compile(r'("X-CSRF-Token": ")[^"]+"'), r'\1CSRF"'),
    (re.compile(r'(name="csrf_token" value=")[^"]+"'), r'\1CSRF"'),
    (re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?"), "YYYY-MM-DD HH:MM"),
    (re.compile(r"已保存 \d\d:\d\d:\d\d"), "已保存 HH:MM:SS"),
)


def _masked(html: str, ident: int) -> str:
    for pattern, replacement in _MASKS:
        html = pattern.sub(replacement, html)
    return re.sub(rf"/evaluations/{ident}(?=[/?\"#])", "/evaluations/ID", html)


def _get(client: TestClient, path: str) -> str:
    answer = client.get(path)
    assert answer.status_code == 200, answer.text
    return answer.text


def test_the_evaluation_page_and_the_list_render_as_before(reference: tuple[World, int]) -> None:  # noqa: F811
    world, ident = reference
    with world.db.reading() as s:
        caller = auth.caller_for(s.merge(world.users["filler@U1"]))
    # a comment, shown at its field
    service.comment(world.db, caller, ident, version=1, pointer="/basic_data/expenses/project/final",
                    text="请核对决算数 <“88.17”>")
    client = TestClient(make_app(world))
    login(client, "filler@U1")
    for tab in ("self", "basic", "report", "findings"):
        assert_snapshot(f"web/evaluation-{tab}.html", _masked(_get(client, f"/evaluations/{ident}?tab={tab}"), ident))
    assert_snapshot("web/evaluations.html", _masked(_get(client, "/evaluations"), ident))
    reviewer = TestClient(make_app(world))
    login(reviewer, "department-reviewer@D1")
    page = _get(reviewer, f"/evaluations/{ident}?tab=basic")
    assert "add-comment" in page
    assert_snapshot("web/evaluation-basic-reviewer.html", _masked(page, ident))


def test_a_saves_answer_renders_as_before(reference: tuple[World, int]) -> None:  # noqa: F811
    world, ident = reference
    client = TestClient(make_app(world))
    token = login(client, "filler@U1")
    saves = (("basic", "/basic_data/expenses/project/final", "88.18"),
             ("self", "/self_evaluation/funds/score", "9.5"),
             ("self", "/self_evaluation/by_revenue/total", ""),
             ("self", "/self_evaluation/indicators/0/groups/0/items/1/score", "30"))
    for version, (tab, field, value) in enumerate(saves, start=1):
        answer = client.post(f"/evaluations/{ident}/field", headers={"X-CSRF-Token": token},
                             data={"field": field, field: value, "version": str(version), "tab": tab})
        assert answer.status_code == 200, answer.text
        name = field.strip("/").replace("/", "-")
        assert_snapshot(f"web/save-{tab}-{name}.html", _masked(answer.text, ident))


def test_the_review_and_public_pages_render_as_before(reference: tuple[World, int]) -> None:  # noqa: F811
    """The same cells read-only: the review page of the submitted report, then its public page."""
    world, ident = reference

    def caller(key: str) -> Any:
        with world.db.reading() as s:
            return auth.caller_for(s.merge(world.users[key]))

    service.act(world.db, caller("unit-head@U1"), ident, action="submit", version=1, comment="原文如此")
    reviewer = TestClient(make_app(world))
    login(reviewer, "bureau-reviewer@B1")
    assert_snapshot("web/review.html", _masked(_get(reviewer, f"/evaluations/{ident}/review"), ident))
    service.act(world.db, caller("bureau-reviewer@B1"), ident, action="approve", version=1, comment="同意",
                review_score="86")
    service.publish(world.db, caller("bureau-reviewer@B1"), [(ident, 1)])
    visitor = TestClient(make_app(world))
    for tab in ("self", "basic"):
        page = _get(visitor, f"/public/{ident}?tab={tab}")
        assert_snapshot(f"web/public-{tab}.html", _masked(page.replace(f"/public/{ident}", "/public/ID"), ident))
