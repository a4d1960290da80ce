"""Every page × every role × inside and outside the organisation: the documented answer
(303 to /login without a session, 404 outside the scope, 403 for an action the role
cannot take, 200 otherwise), never a 500 and never the evaluation's content outside it."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from jixiao.store.models import Evaluation, Version
from tests.web.conftest import USERS, World
from tests.web.test_pages import login, make_app, reference  # noqa: F401  (the fixture)

# The evaluation is 单位一 (U1)'s, under 主管部门一 (D1) and 财政局甲 (B1), in 草稿.
IN_SCOPE = {"filler@U1", "unit-head@U1", "department-reviewer@D1", "bureau-reviewer@B1", "admin@B1"}
MARKER = "88.17"  # a figure of the evaluation's 附件2, shown only to those who may see it

# page → who gets 200 among those in scope (the others in scope get 403)
PAGES = {
    "/evaluations/{id}": IN_SCOPE,
    "/evaluations/{id}?tab=basic": IN_SCOPE,
    "/evaluations/{id}/versions": IN_SCOPE,
    "/evaluations/{id}/review": IN_SCOPE,
    "/evaluations/{id}/diff": IN_SCOPE,
    "/evaluations/{id}/upload": {"filler@U1", "unit-head@U1"},
    "/evaluations/{id}/submit": {"unit-head@U1"},
}
LISTS = ["/evaluations", "/review", "/publish", "/evaluations/new", "/public", "/jobs"]
# The dashboard compares units: reviewers and administrators only (each over their own scope);
# a unit's history is for whoever may see the unit.
DASHBOARD_ROLES = {"department-reviewer", "bureau-reviewer", "admin"}
# the administration: its administrator only (every other role, in scope or not, gets 403)
ADMIN_PAGES = ["/admin", "/admin/organisations", "/admin/users", "/admin/tasks"]
ADMINS = {"admin@B1"}


def _expected(user: str, allowed: set[str]) -> int:
    if user not in IN_SCOPE:
        return 404
    return 200 if user in allowed else 403


@pytest.mark.parametrize("user", [f"{role}@{org}" for role, org in USERS])
def test_every_page_as_every_role(reference: tuple[World, int], user: str) -> None:  # noqa: F811
    world, ident = reference
    client = TestClient(make_app(world), raise_server_exceptions=False)
    token = login(client, user)
    for template, allowed in PAGES.items():
        path = template.format(id=ident)
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == _expected(user, allowed), (user, path, answer.text[:300])
        if user not in IN_SCOPE:
            assert MARKER not in answer.text
    for path in LISTS:
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 200, (user, path)
        if user not in IN_SCOPE:
            assert f"/evaluations/{ident}" not in answer.text
    dashboard = client.get("/dashboard?year=2023", follow_redirects=False)
    assert dashboard.status_code == (200 if user.split("@")[0] in DASHBOARD_ROLES else 403), (user, dashboard.text[:300])
    if user not in IN_SCOPE:
        assert "单位一" not in dashboard.text
    history = client.get(f"/dashboard/units/{world.orgs['U1'].id}", follow_redirects=False)
    assert history.status_code == (200 if user in IN_SCOPE else 404), (user, history.text[:300])
    if user not in IN_SCOPE:
        assert MARKER not in history.text and "单位一" not in history.text
    # writes: a field, a comment, an approval
    form = {"field": "/basic_data/expenses/project/final", "/basic_data/expenses/project/final": "88.18",
            "version": "1", "tab": "basic"}
    saved = client.post(f"/evaluations/{ident}/field", data=form, headers={"X-CSRF-Token": token})
    assert saved.status_code == _expected(user, {"filler@U1", "unit-head@U1"}), (user, saved.text[:300])
    approve = client.post(f"/evaluations/{ident}/transitions", data={
        "csrf_token": token, "action": "approve", "version": "1", "review_score": "90", "comment": "通过"},
        follow_redirects=False)
    assert approve.status_code == _expected(user, set()), (user, approve.text[:300])  # a draft cannot be approved
    if user not in IN_SCOPE:
        assert MARKER not in saved.text + approve.text
    # rows and the live preview of computed cells: the unit's editors only
    with world.db.reading() as session:
        current = session.get(Evaluation, ident).version  # type: ignore[union-attr]
    rows = client.post(f"/evaluations/{ident}/rows", headers={"X-CSRF-Token": token}, data={
        "list": "/self_evaluation/indicators/0/groups/0/items", "action": "add", "index": "",
        "version": str(current), "tab": "self"})
    assert rows.status_code == _expected(user, {"filler@U1", "unit-head@U1"}), (user, rows.text[:300])
    preview = client.post(f"/evaluations/{ident}/preview", headers={"X-CSRF-Token": token}, data={
        "field": "/self_evaluation/by_revenue/public", "value": "800", "tab": "self"})
    assert preview.status_code == _expected(user, {"filler@U1", "unit-head@U1"}), (user, preview.text[:300])
    if user not in IN_SCOPE:
        assert MARKER not in rows.text + preview.text
    # 问题说明 of an error of the current version: the unit's editors only
    with world.db.reading() as session:
        evaluation = session.get(Evaluation, ident)
        assert evaluation is not None
        current = evaluation.version
        finding = next(f["id"] for f in session.scalar(select(Version.result).where(
            Version.evaluation_id == ident, Version.number == current))["findings"] if f["level"] == "error")
    explained = client.post(f"/evaluations/{ident}/explanations", headers={"X-CSRF-Token": token}, data={
        "finding": finding, "text": "原文如此", "version": str(current)})
    assert explained.status_code == _expected(user, {"filler@U1", "unit-head@U1"}), (user, explained.text[:300])
    if user not in IN_SCOPE:
        assert MARKER not in explained.text
    # the administration pages, and a write on an organisation of the own bureau and of the other one
    for path in ADMIN_PAGES:
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == (303 if path == "/admin" and user in ADMINS else
                                      200 if user in ADMINS else 403), (user, path)
    own = client.post(f"/admin/organisations/{world.orgs['U1'].id}/rename",
                      data={"csrf_token": token, "name": "单位一"}, follow_redirects=False)
    assert own.status_code == (303 if user in ADMINS else 403), (user, own.text[:300])
    other = client.post(f"/admin/organisations/{world.orgs['U4'].id}/rename",
                        data={"csrf_token": token, "name": "改名"}, follow_redirects=False)
    assert other.status_code == (404 if user in ADMINS else 403), (user, other.text[:300])
    if user in ADMINS:
        assert "单位四" not in other.text  # the other bureau's organisation is not even named


def test_without_a_session_every_page_but_the_public_ones_asks_for_a_login(reference: tuple[World, int]) -> None:  # noqa: F811
    world, ident = reference
    client = TestClient(make_app(world), raise_server_exceptions=False)
    for template in [*PAGES, *LISTS, *ADMIN_PAGES, "/dashboard", f"/dashboard/units/{world.orgs['U1'].id}"]:
        path = template.format(id=ident)
        answer = client.get(path, follow_redirects=False)
        if path == "/public":
            assert answer.status_code == 200
        else:
            assert answer.status_code == 303 and re.match(r"/login\?next=", answer.headers["location"]), path
    saved = client.post(f"/evaluations/{ident}/field", data={"field": "/title", "/title": "x", "version": "1"},
                        follow_redirects=False)
    assert saved.status_code == 303
