"""The authorisation matrix: every route of the JSON API × every role × an evaluation of
the caller's own unit, of a unit of another department of the same bureau, and of a unit
of another bureau. The expected answer follows from one table (ROUTES) and the scoping
rule, never from the code under test:

- no credentials → 401;
- the evaluation outside the caller's scope → 404 (its existence is not told);
- inside the scope, a role the route allows → the route's success status; otherwise 403.

Every answer must be JSON; no case may answer 500, and a 404 body never names the unit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from jixiao.store.evaluations import content_hash
from jixiao.store.models import Evaluation, Version
from tests.web.conftest import Api

UNIT_ROLES = ("filler", "unit-head")
CALLERS = ["filler@U1", "unit-head@U1", "department-reviewer@D1", "bureau-reviewer@B1", "admin@B1", None]
TARGETS = {"own": "U1", "sibling": "U3", "foreign": "U4"}
# Which callers see evaluations of which target unit.
VISIBLE = {
    "filler@U1": {"own"}, "unit-head@U1": {"own"}, "department-reviewer@D1": {"own"},
    "bureau-reviewer@B1": {"own", "sibling"}, "admin@B1": {"own", "sibling"},
}
EVERYONE = ("filler", "unit-head", "department-reviewer", "bureau-reviewer", "admin")
DATA = {"kind": "overall", "unit": {"name": "单位", "year": "2023"}}
# A finding of the placed version the unit may explain (a warning: submitting needs no explanation).
FINDING = "0123456789abcdef"


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    path: str  # {id} is the evaluation's id
    state: str = "draft"  # the state the evaluation is put in first
    roles: tuple[str, ...] = EVERYONE  # the roles that may, inside their scope
    ok: int = 200
    body: dict[str, Any] = field(default_factory=dict)
    files: bool = False


ROUTES = [
    Route("get", "GET", "/api/v1/evaluations/{id}"),
    Route("versions", "GET", "/api/v1/evaluations/{id}/versions"),
    Route("comments.list", "GET", "/api/v1/evaluations/{id}/comments"),
    Route("diff", "GET", "/api/v1/evaluations/{id}/diff?from=1&to=1"),
    Route("put", "PUT", "/api/v1/evaluations/{id}", roles=UNIT_ROLES, body={"version": 1, "data": DATA}),
    Route("field", "PATCH", "/api/v1/evaluations/{id}/fields", roles=UNIT_ROLES,
          body={"version": 1, "field": "/title", "value": "标题"}),
    Route("upload", "POST", "/api/v1/evaluations/{id}/upload", roles=UNIT_ROLES, files=True),
    Route("comment", "POST", "/api/v1/evaluations/{id}/comments", ok=201,
          roles=("filler", "unit-head", "department-reviewer", "bureau-reviewer"),
          body={"version": 1, "field": "/title", "text": "请补充"}),
    Route("submit", "POST", "/api/v1/evaluations/{id}/transitions", roles=("unit-head",),
          body={"action": "submit", "version": 1}),
    Route("forward", "POST", "/api/v1/evaluations/{id}/transitions", state="submitted",
          roles=("department-reviewer",), body={"action": "forward", "version": 1}),
    Route("return", "POST", "/api/v1/evaluations/{id}/transitions", state="submitted",
          roles=("department-reviewer", "bureau-reviewer"), body={"action": "return", "version": 1, "comment": "退回"}),
    Route("return-after-department", "POST", "/api/v1/evaluations/{id}/transitions", state="department-reviewed",
          roles=("bureau-reviewer",), body={"action": "return", "version": 1, "comment": "退回"}),
    Route("approve", "POST", "/api/v1/evaluations/{id}/transitions", state="department-reviewed",
          roles=("bureau-reviewer",), body={"action": "approve", "version": 1, "comment": "同意", "review_score": "90"}),
    Route("publish", "POST", "/api/v1/evaluations/{id}/transitions", state="approved",
          roles=("bureau-reviewer",), body={"action": "publish", "version": 1}),
    Route("explanations", "GET", "/api/v1/evaluations/{id}/explanations"),
    Route("explain", "PUT", "/api/v1/evaluations/{id}/explanations/" + FINDING, roles=UNIT_ROLES,
          body={"version": 1, "text": "原文如此"}),
    Route("explain-submitted", "PUT", "/api/v1/evaluations/{id}/explanations/" + FINDING, state="submitted",
          roles=(), body={"version": 1, "text": "原文如此"}),
    Route("edit-submitted", "PATCH", "/api/v1/evaluations/{id}/fields", state="submitted", roles=(),
          body={"version": 1, "field": "/title", "value": "改"}),
]


def place(api: Api, unit: str, state: str) -> int:
    """An evaluation of ``unit`` at version 1 in ``state``, put there directly."""
    with api.world.db.writing() as s:
        ev = Evaluation(unit_id=api.world.orgs[unit].id, year=2023, kind="overall", status=state, version=1,
                        title="矩阵")
        s.add(ev)
        s.flush()
        s.add(Version(evaluation_id=ev.id, number=1, data=DATA, content_hash=content_hash(DATA),
                      result={"findings": [{"id": FINDING, "code": "input.missing", "level": "warning",
                                             "message": "缺少报告正文"}],
                                "counts": {"error": 0, "warning": 1, "info": 0}}))
        return ev.id


def expected(route: Route, caller: str | None, scope: str) -> int:
    if caller is None:
        return 401
    if scope not in VISIBLE[caller]:
        return 404
    role = caller.split("@")[0]
    return route.ok if role in route.roles else 403


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_route_answers_every_role_as_documented(api: Api, route: Route) -> None:
    wrong = []
    for caller in CALLERS:
        for scope, unit in TARGETS.items():
            eid = place(api, unit, route.state)
            url = route.path.format(id=eid)
            kwargs: dict[str, Any] = {}
            if route.files:
                kwargs = {"files": {"file": ("a.yaml", b"kind: overall\nunit:\n  name: x\n  year: 2023\n")},
                          "data": {"version": "1"}}
            elif route.body:
                kwargs = {"json": route.body}
            answer = api.request(route.method, url, caller, **kwargs)
            want = expected(route, caller, scope)
            assert answer.headers["content-type"].startswith("application/json"), (route.name, caller, scope)
            if answer.status_code != want:
                wrong.append((caller, scope, want, answer.status_code, answer.text[:200]))
            if answer.status_code == 404:
                assert "单位" not in answer.json()["error"]["message"].replace("评价不存在", "")
    assert not wrong, "\n".join(map(str, wrong))


def test_lists_show_exactly_the_scope(api: Api) -> None:
    ids = {scope: place(api, unit, "draft") for scope, unit in TARGETS.items()}
    published = place(api, "U4", "published")
    for caller in CALLERS:
        answer = api.get("/api/v1/evaluations", caller)
        if caller is None:
            assert answer.status_code == 401
            continue
        seen = {e["id"] for e in answer.json()["items"]}
        assert seen == {ids[s] for s in VISIBLE[caller]}, caller
        public = {e["id"] for e in api.get("/api/v1/public/evaluations", caller).json()["items"]}
        assert public == {published}


@pytest.mark.parametrize("caller", CALLERS)
def test_creating_an_evaluation_for_a_unit(api: Api, caller: str | None) -> None:
    for scope, unit in TARGETS.items():
        answer = api.post("/api/v1/evaluations", caller,
                          json={"data": {**DATA, "kind": "project"}, "unit_id": api.world.orgs[unit].id})
        want = 401 if caller is None else 404 if scope not in VISIBLE[caller] else \
            201 if caller.split("@")[0] in UNIT_ROLES else 403
        assert answer.status_code == want, (caller, scope, answer.text)


@pytest.mark.parametrize("caller", CALLERS)
def test_administration_is_for_administrators(api: Api, caller: str | None) -> None:
    is_admin = caller == "admin@B1"
    audit = api.get("/api/v1/audit", caller)
    assert audit.status_code == (401 if caller is None else 200 if is_admin else 403)
    task = api.post("/api/v1/tasks", caller, json={"year": 2031, "framework": "hunan-overall",
                                                    "unit_ids": [api.world.orgs["U2"].id],
                                                    "bureau_id": api.world.orgs["B1"].id})
    assert task.status_code == (401 if caller is None else 201 if is_admin else 403), task.text
    if is_admin:
        foreign = api.post("/api/v1/tasks", caller, json={"year": 2032, "unit_ids": [api.world.orgs["U4"].id],
                                                           "bureau_id": api.world.orgs["B1"].id})
        assert foreign.status_code == 404


def test_cookie_writes_need_the_csrf_token(api: Api) -> None:
    from jixiao.web import service
    from jixiao.web.deps import SESSION_COOKIE

    eid = place(api, "U1", "draft")
    opened = service.login(api.world.db, "filler@U1", "correct horse 1")
    assert opened is not None
    cookie, csrf = opened
    body = {"version": 1, "field": "/title", "value": "改"}
    url = f"/api/v1/evaluations/{eid}/fields"
    api.client.cookies.set(SESSION_COOKIE, cookie)
    try:
        assert api.client.get(f"/api/v1/evaluations/{eid}").status_code == 200
        refused = api.client.patch(url, json=body)
        assert refused.status_code == 403 and "CSRF" in refused.json()["error"]["message"]
        assert api.client.patch(url, json=body, headers={"X-CSRF-Token": "forged"}).status_code == 403
        assert api.client.patch(url, json=body, headers={"X-CSRF-Token": csrf}).status_code == 200
    finally:
        api.client.cookies.clear()


@pytest.mark.parametrize("caller", CALLERS)
def test_organisations_and_users_are_added_by_administrators(api: Api, caller: str | None) -> None:
    is_admin = caller == "admin@B1"
    own = api.post("/api/v1/organisations", caller, json={"name": f"新单位{caller}", "kind": "unit",
                                                         "parent_id": api.world.orgs["D1"].id})
    assert own.status_code == (401 if caller is None else 201 if is_admin else
                               403 if caller in ("department-reviewer@D1", "bureau-reviewer@B1") else 404), own.text
    foreign = api.post("/api/v1/organisations", caller, json={"name": "外单位", "kind": "unit",
                                                             "parent_id": api.world.orgs["D3"].id})
    assert foreign.status_code == (401 if caller is None else 404)
    if is_admin:
        user = api.post("/api/v1/users", caller, json={"username": "new-filler", "password": "long enough 1",
                                                       "organisation_id": own.json()["id"], "role": "filler"})
        assert user.status_code == 201, user.text
        token = api.client.post("/api/v1/tokens", json={"username": "new-filler", "password": "long enough 1"})
        assert token.status_code == 201
        wrong_place = api.post("/api/v1/users", caller, json={"username": "x", "password": "long enough 1",
                                                              "organisation_id": api.world.orgs["D1"].id,
                                                              "role": "filler"})
        assert wrong_place.status_code == 422


@pytest.mark.parametrize("caller", CALLERS)
def test_the_dashboard_is_for_reviewers_and_a_units_history_for_its_scope(api: Api, caller: str | None) -> None:
    place(api, "U1", "draft")
    role = caller.split("@")[0] if caller else ""
    for url in ("/api/v1/dashboard?year=2023", "/api/v1/dashboard/status.xlsx?year=2023"):
        answer = api.get(url, caller)
        assert answer.status_code == (401 if caller is None else 200 if role in (
            "department-reviewer", "bureau-reviewer", "admin") else 403), (caller, url, answer.text[:200])
    for scope, unit in TARGETS.items():
        for url in (f"/api/v1/dashboard/units/{api.world.orgs[unit].id}",
                    f"/api/v1/dashboard/units/{api.world.orgs[unit].id}/history.xlsx"):
            answer = api.get(url, caller)
            want = 401 if caller is None else 200 if scope in VISIBLE[caller] else 404
            assert answer.status_code == want, (caller, url, answer.text[:200])
