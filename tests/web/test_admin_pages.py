"""The administrator's pages, on SQLite and PostgreSQL: the organisation tree (add, rename,
move, with its refusals), users (add, duplicate username, grant a role, reset a password
that is never shown back, deactivate), yearly tasks (open a year, add a unit later), CSRF
on every write, every write in the audit log, and no page for anyone else."""

from __future__ import annotations

import re
import uuid

from fastapi.testclient import TestClient
from sqlalchemy import select

from jixiao.store.models import AuditEntry, Evaluation, Organisation, User
from tests.web.conftest import PASSWORD, World
from tests.web.test_pages import login, make_app


def _client(world: World, who: str = "admin@B1") -> tuple[TestClient, str]:
    client = TestClient(make_app(world), raise_server_exceptions=False)
    return client, login(client, who)


def _org(world: World, name: str) -> Organisation:
    with world.db.reading() as s:
        found = s.scalar(select(Organisation).where(Organisation.name == name))
    assert found is not None, name
    return found


def _audit(world: World) -> list[str]:
    with world.db.reading() as s:
        return [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_the_organisation_tree_add_rename_move_and_its_refusals(fresh: World) -> None:
    client, token = _client(fresh)
    tag = uuid.uuid4().hex[:6]
    page = client.get("/admin/organisations")
    assert page.status_code == 200 and "主管部门一" in page.text and "财政局乙" not in page.text  # own bureau only
    d1, b1 = fresh.orgs["D1"], fresh.orgs["B1"]
    # without the CSRF token nothing is written
    refused = client.post("/admin/organisations", data={"name": f"部门{tag}", "kind": "department",
                                                        "parent_id": str(b1.id)})
    assert refused.status_code == 403 and "CSRF" in refused.text
    added = client.post("/admin/organisations", data={"csrf_token": token, "name": f"部门{tag}",
                                                      "kind": "department", "parent_id": str(b1.id)},
                        follow_redirects=False)
    assert added.status_code == 303
    dept = _org(fresh, f"部门{tag}")
    client.post("/admin/organisations", data={"csrf_token": token, "name": f"单位{tag}", "kind": "unit",
                                              "parent_id": str(dept.id)})
    unit = _org(fresh, f"单位{tag}")
    assert unit.path == f"{dept.path}{unit.id}/"
    # a duplicate name under the same parent, a unit under a unit, a department under its own child
    dup = client.post("/admin/organisations", data={"csrf_token": token, "name": f"单位{tag}", "kind": "unit",
                                                    "parent_id": str(dept.id)})
    assert dup.status_code == 409 and f"已有名为“单位{tag}”的机构" in dup.text
    assert f'value="单位{tag}"' in dup.text  # what was typed is kept
    wrong = client.post("/admin/organisations", data={"csrf_token": token, "name": f"子{tag}", "kind": "unit",
                                                      "parent_id": str(unit.id)})
    assert wrong.status_code == 422 and "不能设在单位" in wrong.text
    loop = client.post(f"/admin/organisations/{dept.id}/move", data={"csrf_token": token,
                                                                    "parent_id": str(unit.id)})
    assert loop.status_code == 422 and f"不能把“部门{tag}”移到它的下级“单位{tag}”之下" in loop.text
    # rename, then move the unit (its path follows)
    renamed = client.post(f"/admin/organisations/{unit.id}/rename", data={"csrf_token": token,
                                                                          "name": f"新单位{tag}"},
                          follow_redirects=False)
    assert renamed.status_code == 303
    same = client.post(f"/admin/organisations/{unit.id}/rename", data={"csrf_token": token, "name": "  "})
    assert same.status_code == 422 and "请填写名称" in same.text
    moved = client.post(f"/admin/organisations/{unit.id}/move", data={"csrf_token": token, "parent_id": str(d1.id)},
                        follow_redirects=False)
    assert moved.status_code == 303
    assert _org(fresh, f"新单位{tag}").path == f"{d1.path}{unit.id}/"
    # another bureau's organisation is out of reach
    other = client.post(f"/admin/organisations/{unit.id}/move", data={"csrf_token": token,
                                                                     "parent_id": str(fresh.orgs["D3"].id)})
    assert other.status_code == 404
    assert [a for a in _audit(fresh) if a.startswith("organisation.")] == [
        "organisation.add", "organisation.add", "organisation.rename", "organisation.move"]


def test_users_add_duplicate_role_password_reset_and_deactivation(fresh: World) -> None:
    client, token = _client(fresh)
    name = f"clerk-{uuid.uuid4().hex[:6]}"
    u1 = fresh.orgs["U1"]
    form = {"csrf_token": token, "username": name, "display_name": "王会计", "password": "first password 1",
            "role": "filler", "organisation_id": str(u1.id)}
    assert client.post("/admin/users", data=form, follow_redirects=False).status_code == 303
    page = client.get("/admin/users")
    assert name in page.text and "first password 1" not in page.text
    dup = client.post("/admin/users", data={**form, "username": name.upper()})
    assert dup.status_code == 409 and f"用户名“{name.upper()}”已被使用" in dup.text
    assert "first password 1" not in dup.text  # a password is never shown back
    misplaced = client.post("/admin/users", data={**form, "username": name + "x", "role": "bureau-reviewer"})
    assert misplaced.status_code == 422 and "须设在财政局" in misplaced.text
    short = client.post("/admin/users", data={**form, "username": name + "y", "password": "short"})
    assert short.status_code == 422 and "至少 8 个字符" in short.text
    with fresh.db.reading() as s:
        user = s.scalar(select(User).where(User.username == name))
    assert user is not None
    granted = client.post(f"/admin/users/{user.id}/roles", data={"csrf_token": token, "role": "unit-head",
                                                                  "organisation_id": str(u1.id)},
                          follow_redirects=False)
    assert granted.status_code == 303
    again = client.post(f"/admin/users/{user.id}/roles", data={"csrf_token": token, "role": "unit-head",
                                                                "organisation_id": str(u1.id)})
    assert again.status_code == 409 and "已是单位负责人" in again.text
    # the new user signs in; a password reset ends that session and the old password
    theirs = TestClient(make_app(fresh), raise_server_exceptions=False)
    assert theirs.post("/login", data={"username": name, "password": "first password 1"},
                       follow_redirects=False).status_code == 303
    assert theirs.get("/evaluations", follow_redirects=False).status_code == 200
    reset = client.post(f"/admin/users/{user.id}/password", data={"csrf_token": token, "password": "second pass 2"},
                        follow_redirects=False)
    assert reset.status_code == 303
    assert "second pass 2" not in client.get(reset.headers["location"]).text
    assert theirs.get("/evaluations", follow_redirects=False).status_code == 303  # signed out
    assert theirs.post("/login", data={"username": name, "password": "first password 1"}).status_code == 401
    assert theirs.post("/login", data={"username": name, "password": "second pass 2"},
                       follow_redirects=False).status_code == 303
    # deactivated: signed out and cannot sign in; not oneself
    off = client.post(f"/admin/users/{user.id}/active", data={"csrf_token": token, "active": "0"},
                      follow_redirects=False)
    assert off.status_code == 303
    assert theirs.get("/evaluations", follow_redirects=False).status_code == 303
    assert theirs.post("/login", data={"username": name, "password": "second pass 2"}).status_code == 401
    me = fresh.users["admin@B1"]
    self_off = client.post(f"/admin/users/{me.id}/active", data={"csrf_token": token, "active": "0"})
    assert self_off.status_code == 422 and "不能停用自己的账号" in self_off.text
    # a user of the other bureau is not there
    other = client.post(f"/admin/users/{fresh.users['filler@U4'].id}/password",
                        data={"csrf_token": token, "password": "whatever 123"})
    assert other.status_code == 404
    actions = _audit(fresh)
    for action in ("user.add", "user.grant", "user.password-reset", "user.deactivate"):
        assert action in actions
    with fresh.db.reading() as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "user.password-reset"))
    assert entry is not None and "second pass 2" not in str(entry.detail)
    with fresh.db.writing() as s:  # leave the shared world as it was
        s.get(User, user.id).active = True  # type: ignore[union-attr]


def test_a_yearly_task_gives_each_unit_a_draft_and_takes_units_later(fresh: World) -> None:
    client, token = _client(fresh)
    year = 2040 + (0 if fresh.db.is_sqlite else 1)
    u1, u2, u3 = fresh.orgs["U1"], fresh.orgs["U2"], fresh.orgs["U3"]
    page = client.get("/admin/tasks")
    assert page.status_code == 200 and "hunan-overall" in page.text and "mof-project-2020" not in page.text
    bad = client.post("/admin/tasks", data={"csrf_token": token, "year": "20x1", "framework": "hunan-overall",
                                            "bureau_id": str(fresh.orgs["B1"].id), "unit_ids": [str(u1.id)]})
    assert bad.status_code == 422 and "应为四位数字" in bad.text
    bad = client.post("/admin/tasks", data={"csrf_token": token, "year": str(year), "framework": "no-such",
                                            "bureau_id": str(fresh.orgs["B1"].id), "unit_ids": [str(u1.id)]})
    assert bad.status_code == 422 and "不是内置的整体支出框架" in bad.text
    bad = client.post("/admin/tasks", data={"csrf_token": token, "year": str(year), "framework": "hunan-overall",
                                            "deadline": "2040-02-30", "bureau_id": str(fresh.orgs["B1"].id),
                                            "unit_ids": [str(u1.id)]})
    assert bad.status_code == 422 and "截止日期" in bad.text
    opened = client.post("/admin/tasks", data={
        "csrf_token": token, "year": str(year), "framework": "hunan-overall", "deadline": f"{year + 1}-03-31",
        "bureau_id": str(fresh.orgs["B1"].id), "unit_ids": [str(u1.id), str(u2.id)]}, follow_redirects=False)
    assert opened.status_code == 303, opened.text[:400]
    with fresh.db.reading() as s:
        drafts = {e.unit_id: e for e in s.scalars(select(Evaluation).where(Evaluation.year == year))}
    assert set(drafts) == {u1.id, u2.id} and {e.status for e in drafts.values()} == {"draft"}
    task_id = drafts[u1.id].task_id
    again = client.post("/admin/tasks", data={"csrf_token": token, "year": str(year), "framework": "hunan-overall",
                                              "bureau_id": str(fresh.orgs["B1"].id), "unit_ids": [str(u3.id)]})
    assert again.status_code == 409 and "已开启" in again.text
    added = client.post(f"/admin/tasks/{task_id}/units", data={"csrf_token": token, "unit_ids": [str(u3.id)]},
                        follow_redirects=False)
    assert added.status_code == 303
    twice = client.post(f"/admin/tasks/{task_id}/units", data={"csrf_token": token, "unit_ids": [str(u3.id)]})
    assert twice.status_code == 409 and "已在" in twice.text
    outside = client.post(f"/admin/tasks/{task_id}/units", data={"csrf_token": token,
                                                                 "unit_ids": [str(fresh.orgs["U4"].id)]})
    assert outside.status_code == 404
    listing = client.get("/admin/tasks").text
    assert re.search(rf"{year} 年度 · hunan-overall · 截止 {year + 1}-03-31", listing) and "单位三" in listing
    # the clerk of 单位三 finds the new draft in the list
    clerk, _ = _client(fresh, "filler@U3")
    assert f"{year}年度单位三整体支出绩效自评报告" in clerk.get("/evaluations").text
    assert {"task.open", "task.add-units"} <= set(_audit(fresh))


def test_only_administrators_see_the_administration(fresh: World) -> None:
    for who in ("filler@U1", "unit-head@U1", "department-reviewer@D1", "bureau-reviewer@B1"):
        client, token = _client(fresh, who)
        assert "/admin" not in client.get("/evaluations").text
        for path in ("/admin", "/admin/organisations", "/admin/users", "/admin/tasks"):
            answer = client.get(path, follow_redirects=False)
            assert answer.status_code == 403 and "只有管理员" in answer.text, (who, path)
        write = client.post("/admin/organisations", data={"csrf_token": token, "name": "x", "kind": "unit",
                                                          "parent_id": str(fresh.orgs["D1"].id)})
        assert write.status_code == 403
    anonymous = TestClient(make_app(fresh))
    assert anonymous.get("/admin/users", follow_redirects=False).status_code == 303
    assert PASSWORD  # the fixture's users all share it
