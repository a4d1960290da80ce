"""The JSON API end to end, in process: the reference evaluation uploaded, a field fixed
at its finding, a stale save refused, the review cycle, the diff, the public list."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import PASSWORD, REFERENCE, ROOT, Api


def upload_reference(api: Api, who: str = "filler@U1") -> dict[str, Any]:
    with REFERENCE.open("rb") as handle:
        response = api.post("/api/v1/evaluations", who, files={"file": ("reference.yaml", handle, "text/yaml")})
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_token_for_good_password_only(api: Api) -> None:
    good = api.client.post("/api/v1/tokens", json={"username": "filler@U1", "password": PASSWORD})
    assert good.status_code == 201 and good.json()["token"].startswith("jx_")
    me = api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {good.json()['token']}"})
    assert me.json()["roles"][0]["role"] == "filler"
    bad = api.client.post("/api/v1/tokens", json={"username": "filler@U1", "password": "nope"})
    assert bad.status_code == 401 and bad.json()["error"]["message"] == "用户名或密码不正确"
    assert api.client.get("/api/v1/evaluations").status_code == 401
    assert api.client.get("/api/v1/evaluations", headers={"Authorization": "Bearer jx_forged"}).status_code == 401


def test_upload_reference_yaml(api: Api) -> None:
    created = upload_reference(api)
    assert created["status"] == "draft" and created["version"] == 1
    assert created["year"] == 2023 and created["kind"] == "overall"
    assert created["counts"]["error"] >= 1  # the reference report states 88.18 and 88.17 for one figure
    assert created["score"]["recomputed_total"]
    listed = api.get("/api/v1/evaluations", "filler@U1").json()["items"]
    assert [e["id"] for e in listed] == [created["id"]]
    detail = api.get(f"/api/v1/evaluations/{created['id']}", "filler@U1").json()
    assert detail["data"]["unit"]["name"].startswith("中国人民政治协商会议")
    assert detail["data"]["report"]["public_budget"]["project"] == "88.18"  # as written, not a float


def test_upload_a_project_table(api: Api) -> None:
    """A project evaluation names its year under project, not unit."""
    path = ROOT / "examples" / "sichuan-qingshen-fgj-gongzi-2023.yaml"
    with path.open("rb") as handle:
        response = api.post("/api/v1/evaluations", "filler@U1", files={"file": (path.name, handle, "text/yaml")})
    assert response.status_code == 201, response.text
    assert response.json()["kind"] == "project" and response.json()["year"] == 2023


def test_second_overall_for_the_same_year_is_refused(api: Api) -> None:
    first = upload_reference(api)
    with REFERENCE.open("rb") as handle:
        again = api.post("/api/v1/evaluations", "filler@U1", files={"file": ("again.yaml", handle)})
    assert again.status_code == 409 and again.json()["error"]["evaluation"] == first["id"]


def test_unreadable_upload_says_why_in_chinese(api: Api) -> None:
    response = api.post("/api/v1/evaluations", "filler@U1",
                        files={"file": ("broken.yaml", b"kind: overall\nunit: [\n", "text/yaml")})
    assert response.status_code == 422
    assert "无法读取" in response.json()["error"]["message"]


def test_save_field_then_stale_save_is_409(api: Api) -> None:
    ev = upload_reference(api)
    url = f"/api/v1/evaluations/{ev['id']}/fields"
    saved = api.patch(url, "filler@U1", json={"version": 1, "field": "/title", "value": "新标题"})
    assert saved.status_code == 200, saved.text
    assert saved.json()["version"] == 2 and saved.json()["title"] == "新标题"
    stale = api.patch(url, "filler@U1", json={"version": 1, "field": "/title", "value": "旧的"})
    assert stale.status_code == 409
    assert stale.json()["error"]["current"] == 2
    put_stale = api.put(f"/api/v1/evaluations/{ev['id']}", "filler@U1", json={"version": 1, "data": {}})
    assert put_stale.status_code == 409
    versions = api.get(f"/api/v1/evaluations/{ev['id']}/versions", "filler@U1").json()["items"]
    assert [v["number"] for v in versions] == [1, 2]


def test_review_cycle_with_comment_diff_and_publication(api: Api) -> None:
    ev = upload_reference(api)
    eid, base = ev["id"], f"/api/v1/evaluations/{ev['id']}"

    def act(who: str, action: str, version: int, **kw: Any) -> Any:
        return api.post(f"{base}/transitions", who, json={"action": action, "version": version, **kw})

    refused = act("unit-head@U1", "submit", 1)
    assert refused.status_code == 422 and "说明" in refused.json()["error"]["message"]
    assert act("unit-head@U1", "submit", 1, comment="原文如此").json()["status"] == "submitted"
    assert api.patch(f"{base}/fields", "filler@U1", json={"version": 1, "field": "/title", "value": "x"}
                     ).status_code == 403
    commented = api.post(f"{base}/comments", "department-reviewer@D1",
                         json={"version": 1, "field": "/report/public_budget/project", "text": "与附件不一致"})
    assert commented.status_code == 201
    assert act("department-reviewer@D1", "return", 1, comment="请核对项目支出").json()["status"] == "returned"
    fixed = api.patch(f"{base}/fields", "filler@U1",
                      json={"version": 1, "field": "/report/public_budget/project", "value": "88.17"})
    assert fixed.status_code == 200 and fixed.json()["version"] == 2
    assert act("unit-head@U1", "submit", 2, comment="已核对").status_code == 200
    changes = api.get(f"{base}/diff", "bureau-reviewer@B1", params={"from": 1, "to": 2}).json()["changes"]
    assert {"field": "/report/public_budget/project", "change": "changed", "from": "88.18", "to": "88.17"} in changes
    by_default = api.get(f"{base}/diff", "bureau-reviewer@B1").json()  # the last submission before → current
    assert (by_default["from"], by_default["to"]) == (1, 2) and by_default["changes"] == changes
    no_score = act("bureau-reviewer@B1", "approve", 2, comment="同意")
    assert no_score.status_code == 422
    approved = act("bureau-reviewer@B1", "approve", 2, comment="扣分", review_score="86")
    assert approved.json()["status"] == "approved" and approved.json()["review_score"] == "86"
    assert api.get("/api/v1/public/evaluations").json()["items"] == []
    published = api.post("/api/v1/publications", "bureau-reviewer@B1", json={"items": [{"id": eid, "version": 2}]})
    assert published.json()["items"] == [{"id": eid, "status": "published", "ok": True}]
    public = api.get("/api/v1/public/evaluations").json()["items"]
    assert [p["id"] for p in public] == [eid] and public[0]["review_score"] == "86"
    detail = api.get(base, "filler@U1").json()
    assert detail["comments"][0]["field"] == "/report/public_budget/project"
    assert [t["action"] for t in detail["transitions"]] == ["submit", "return", "submit", "approve", "publish"]
    assert detail["self_score"] != detail["review_score"] or detail["review_scores"][0]["self_score"]


def test_errors_are_json_in_chinese_never_500(api: Api) -> None:
    ev = upload_reference(api)
    answers = [
        api.patch(f"/api/v1/evaluations/{ev['id']}/fields", "filler@U1", json={"version": "x"}),
        api.patch(f"/api/v1/evaluations/{ev['id']}/fields", "filler@U1",
                  json={"version": 1, "field": "no-slash", "value": 1}),
        api.post(f"/api/v1/evaluations/{ev['id']}/transitions", "unit-head@U1", json={"action": "fly", "version": 1}),
        api.get("/api/v1/evaluations/999999", "filler@U1"),
        api.post("/api/v1/evaluations", "filler@U1", content=b"not json", headers={"Content-Type": "application/json"}),
        api.get(f"/api/v1/evaluations/{ev['id']}/export.exe", "filler@U1"),
    ]
    for answer in answers:
        assert 400 <= answer.status_code < 500, answer.text
        message = answer.json()["error"]["message"]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message


def test_openapi_is_served(api: Api) -> None:
    spec = api.client.get("/api/openapi.json").json()
    assert "/api/v1/evaluations/{evaluation_id}/fields" in spec["paths"]


def test_preview_reads_without_saving(api: Api) -> None:
    with REFERENCE.open("rb") as handle:
        preview = api.post("/api/v1/readings", "filler@U1", files={"file": ("reference.yaml", handle)})
    assert preview.status_code == 200 and preview.json()["readable"] is True
    assert preview.json()["data"]["kind"] == "overall"
    broken = api.post("/api/v1/readings", "filler@U1", files={"file": ("x.yaml", b"kind: [\n")})
    assert broken.json()["readable"] is False and broken.json()["message"].startswith("无法读取")
    assert api.get("/api/v1/evaluations", "filler@U1").json()["items"] == []
    assert api.post("/api/v1/readings", None, files={"file": ("x.yaml", b"a")}).status_code == 401


def test_exports_of_a_version(api: Api) -> None:
    ev = upload_reference(api)
    base = f"/api/v1/evaluations/{ev['id']}"
    expected = {"docx": b"PK", "xlsx": b"PK", "pdf": b"%PDF", "html": b"<!DOCTYPE"}
    for fmt, magic in expected.items():
        answer = api.get(f"{base}/export.{fmt}", "filler@U1", params={"version": 1})
        assert answer.status_code == 200, (fmt, answer.text[:300])
        assert answer.content[:len(magic)].upper() == magic.upper(), fmt
        assert "filename*=UTF-8''" in answer.headers["content-disposition"]
    template = api.get(f"{base}/template.xlsx", "filler@U1")
    assert template.status_code == 200 and template.content[:2] == b"PK"
    assert api.get(f"{base}/export.pdf", "filler@U3").status_code == 404
    assert api.get(f"/api/v1/public/evaluations/{ev['id']}/export.pdf").status_code == 404  # not published


def test_upload_a_published_text_report(api: Api) -> None:
    """A report as published (plain text) is read in the limited child process into a draft."""
    text = ROOT / "tests" / "corpus" / "000_ca49b2c89bc71ff3.txt"
    with text.open("rb") as handle:
        response = api.post("/api/v1/evaluations", "filler@U1", files={"file": ("芦淞区政协.txt", handle, "text/plain")})
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["reading"]["format"] == "text" and created["year"] == 2023
    detail = api.get(f"/api/v1/evaluations/{created['id']}", "filler@U1").json()
    assert detail["data"]["kind"] == "overall"
    assert detail["version_info"]["origin"] == "上传：芦淞区政协.txt"
    fields = {f["field"] for f in detail["result"]["findings"] if f["field"]}
    assert fields  # findings point at fields of the data document, for the form


def test_fixing_the_conflict_at_its_field(api: Api) -> None:
    """The reference states 项目支出 as 88.18 in the text and 88.17 in 附件2: the save of either
    field answers the conflict at that field; making them agree clears it."""
    ev = upload_reference(api)
    url = f"/api/v1/evaluations/{ev['id']}/fields"
    field = "/basic_data/expenses/project/final"
    kept = api.patch(url, "filler@U1", json={"version": 1, "field": field, "value": "88.17"}).json()
    assert any(f["code"] == "dup.conflict" and "88.18" in f["message"] for f in kept["field_findings"])
    fixed = api.patch(url, "filler@U1", json={"version": 2, "field": field, "value": "88.18"}).json()
    assert not [f for f in fixed["field_findings"] if f["code"] == "dup.conflict"]
    assert fixed["counts"]["error"] == kept["counts"]["error"] - 1


def test_an_announced_oversized_body_is_refused_before_reading(api: Api) -> None:
    answer = api.post("/api/v1/evaluations", "filler@U1", content=b"x",
                      headers={"Content-Type": "application/json", "Content-Length": str(70 * 1024 * 1024)})
    assert answer.status_code == 413 and "过大" in answer.json()["error"]["message"]
