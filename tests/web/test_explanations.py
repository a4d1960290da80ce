"""问题说明 through the JSON API, on SQLite and PostgreSQL: each error of the reference
evaluation explained on its own (a new version, audited, 409 when stale), the submit rule
(an error neither fixed nor explained needs the submission's written explanation), the
explanations beside their findings for the reviewer, and the rendered report (the draft
mark counts only what is left; the findings appendix prints 错误（已说明） with the text), and the
dashboard no longer counting an explained error as open."""

from __future__ import annotations

import io
import re
from typing import Any

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select

from jixiao.store.models import AuditEntry
from tests.web.conftest import Api, World
from tests.web.test_api_evaluations import upload_reference
from tests.web.test_dashboard import _totals_agree
from tests.web.test_pages import login, make_app, reference  # noqa: F401  (the fixture)


def _explain(api: Api, eid: int, finding: str, version: int, text: str | None, who: str = "filler@U1") -> Any:
    return api.put(f"/api/v1/evaluations/{eid}/explanations/{finding}", who, json={"version": version, "text": text})


def _html(api: Api, eid: int, **params: Any) -> str:
    answer = api.get(f"/api/v1/evaluations/{eid}/export.html", "filler@U1", params=params)
    assert answer.status_code == 200, answer.text[:300]
    return str(answer.text).replace("<br>", "")  # a cell's line breaks are layout (writers/report/tablefit.py)


def test_each_error_is_explained_on_its_own_and_reaches_the_report(api: Api) -> None:
    ev = upload_reference(api)
    eid = ev["id"]
    listed = api.get(f"/api/v1/evaluations/{eid}/explanations", "department-reviewer@D1").json()
    errors = listed["items"]
    assert listed["version"] == 1 and listed["open"] == len(errors) == ev["counts"]["error"] >= 2
    assert all(e["explanation"] is None and e["level"] == "error" for e in errors)
    assert f"草稿 — {len(errors)} 处错误未处理" in _html(api, eid)
    assert api.get(f"/api/v1/evaluations/{eid}", "filler@U1").json()["explanations"]["items"] == errors

    first, *others = errors
    saved = _explain(api, eid, first["finding"], 1, "  差额0.01系四舍五入所致。 ")
    assert saved.status_code == 200, saved.text
    body = saved.json()
    assert body["version"] == 2 and body["explanations"]["open"] == len(errors) - 1
    assert {"finding": first["finding"], "text": "差额0.01系四舍五入所致。"} in api.get(
        f"/api/v1/evaluations/{eid}", "filler@U1").json()["data"]["explanations"]
    # the reviewer sees it beside its finding
    seen = api.get(f"/api/v1/evaluations/{eid}/explanations", "bureau-reviewer@B1").json()
    assert next(e for e in seen["items"] if e["finding"] == first["finding"])["explanation"] == "差额0.01系四舍五入所致。"
    # a stale page writes nothing
    stale = _explain(api, eid, others[0]["finding"], 1, "基于旧版本")
    assert stale.status_code == 409 and stale.json()["error"]["current"] == 2
    # an id this version has no finding for, and an over-long text, are refused in Chinese
    unknown = _explain(api, eid, "0123456789abcdef", 2, "无此问题")
    assert unknown.status_code == 422 and "没有编号为" in unknown.json()["error"]["message"]
    assert _explain(api, eid, others[0]["finding"], 2, "长" * 2001).status_code == 422
    # the report: one error fewer on the draft mark; with findings, the explanation printed
    html = _html(api, eid)
    assert f"草稿 — {len(errors) - 1} 处错误未处理" in html
    appendix = _html(api, eid, findings="true")
    assert "错误（已说明）" in appendix and "差额0.01系四舍五入所致。" in appendix

    # the submit rule: errors left unexplained need the submission's explanation
    refused = api.post(f"/api/v1/evaluations/{eid}/transitions", "unit-head@U1",
                       json={"action": "submit", "version": 2})
    assert refused.status_code == 422
    assert f"仍有 {len(errors) - 1} 个错误既未修正也未逐条说明" in refused.json()["error"]["message"]
    version = 2
    for e in others:
        answer = _explain(api, eid, e["finding"], version, f"已核对：{e['code']}", who="unit-head@U1")
        assert answer.status_code == 200, answer.text
        version = answer.json()["version"]
    assert answer.json()["explanations"]["open"] == 0
    assert "草稿" not in _html(api, eid)
    submitted = api.post(f"/api/v1/evaluations/{eid}/transitions", "unit-head@U1",
                         json={"action": "submit", "version": version})
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    # submitted: the unit can no longer change its explanations
    assert _explain(api, eid, first["finding"], version, "改").status_code == 403

    with api.world.db.reading() as s:
        origins = [a.detail.get("origin") for a in s.scalars(select(AuditEntry).where(
            AuditEntry.action == "evaluation.save", AuditEntry.target == f"evaluation:{eid}"))]
    assert origins.count(f"问题说明：{first['finding']}") == 1 and len(origins) == len(errors)


def test_an_explanation_is_replaced_then_removed(api: Api) -> None:
    ev = upload_reference(api)
    eid = ev["id"]
    finding = api.get(f"/api/v1/evaluations/{eid}/explanations", "filler@U1").json()["items"][0]["finding"]
    assert _explain(api, eid, finding, 1, "初稿").status_code == 200
    assert _explain(api, eid, finding, 2, "改写").status_code == 200
    data = api.get(f"/api/v1/evaluations/{eid}", "filler@U1").json()["data"]
    assert data["explanations"] == [{"finding": finding, "text": "改写"}]  # replaced, not added
    removed = _explain(api, eid, finding, 3, None)
    assert removed.status_code == 200 and removed.json()["explanations"]["open"] == ev["counts"]["error"]
    assert "explanations" not in api.get(f"/api/v1/evaluations/{eid}", "filler@U1").json()["data"]
    nothing = _explain(api, eid, finding, 4, "")
    assert nothing.status_code == 422 and "没有说明可删除" in nothing.json()["error"]["message"]


def test_an_explanation_whose_finding_is_gone_is_listed_as_stale(api: Api) -> None:
    """Fixing the figure removes the finding; its explanation then clears nothing and is listed."""
    ev = upload_reference(api)
    eid = ev["id"]
    items = api.get(f"/api/v1/evaluations/{eid}/explanations", "filler@U1").json()["items"]
    conflict = next(e for e in items if e["field"] == "/report/public_budget/project"
                    or (e["code"] == "dup.conflict" and "88.1" in (e["message"] or "")))
    assert _explain(api, eid, conflict["finding"], 1, "原文如此").status_code == 200
    fixed = api.patch(f"/api/v1/evaluations/{eid}/fields", "filler@U1",
                      json={"version": 2, "field": "/report/public_budget/project", "value": "88.17"})
    assert fixed.status_code == 200
    after = api.get(f"/api/v1/evaluations/{eid}/explanations", "filler@U1").json()
    assert conflict["finding"] not in {e["finding"] for e in after["items"]}
    assert after["stale"] == [{"finding": conflict["finding"], "text": "原文如此"}]


def test_the_pages_explain_each_error_with_htmx(reference: tuple[World, int]) -> None:  # noqa: F811
    """The findings tab and the submit page give each error its box; saving one answers the
    box, the new version and the summary out of band; a stale page is told, nothing written;
    the reviewer reads the explanation beside the finding, at its field and on the review page."""
    world, ident = reference
    client = TestClient(make_app(world))
    token = login(client, "unit-head@U1")
    page = client.get(f"/evaluations/{ident}?tab=findings").text
    boxes = re.findall(r'<div class="explain" id="ex-([0-9a-f]+)"', page)
    submit = client.get(f"/evaluations/{ident}/submit").text
    assert boxes and re.findall(r'<div class="explain" id="ex-([0-9a-f]+)"', submit) == boxes
    assert f"本版有 {len(boxes)} 个错误，其中 {len(boxes)} 个既未修正也未说明" in submit
    form = {"finding": boxes[0], "text": "88.17为决算报表口径", "version": "1"}
    assert client.post(f"/evaluations/{ident}/explanations", data=form).status_code == 403  # no CSRF token
    saved = client.post(f"/evaluations/{ident}/explanations", data=form, headers={"X-CSRF-Token": token})
    assert saved.status_code == 200, saved.text
    box = saved.text.split("hx-swap-oob", 1)[0]
    assert f'id="ex-{boxes[0]}"' in box and "单位说明（已说明）" in box and "88.17为决算报表口径" in box
    assert 'id="base-version" name="version" value="2" hx-swap-oob="true"' in saved.text
    assert f"其中 {len(boxes) - 1} 个既未修正也未说明" in saved.text
    stale = client.post(f"/evaluations/{ident}/explanations", headers={"X-CSRF-Token": token},
                        data={**form, "finding": boxes[1], "text": "旧页面"})
    assert stale.status_code == 409 and "此页基于第 1 版" in stale.text and "旧页面" in stale.text
    refused = client.post(f"/evaluations/{ident}/submit", data={"csrf_token": token, "version": "2"})
    assert refused.status_code == 422 and f"仍有 {len(boxes) - 1} 个错误既未修正也未逐条说明" in refused.text
    client.post(f"/evaluations/{ident}/submit", data={"csrf_token": token, "version": "2", "comment": "其余原文如此"},
                follow_redirects=False)
    reviewer = TestClient(make_app(world))
    login(reviewer, "bureau-reviewer@B1")
    review = reviewer.get(f"/evaluations/{ident}/review").text
    assert "单位已逐条说明 1 个" in review and "88.17为决算报表口径" in review and "<textarea" not in review.split(
        'id="review-explanations"')[1].split("</table>")[0]
    at_field = reviewer.get(f"/evaluations/{ident}?tab=basic").text
    assert "单位说明：88.17为决算报表口径" in at_field
    findings_tab = reviewer.get(f"/evaluations/{ident}?tab=findings").text
    assert f"本版有 {len(boxes)} 个错误，单位已逐条说明 1 个，{len(boxes) - 1} 个未说明" in findings_tab
    assert "<textarea" not in findings_tab.split('id="all-findings"')[1].split("</table>")[0]


def _errors_chart(api: Api, year: int) -> list[tuple[str, int, int, int]]:
    doc = api.get(f"/api/v1/dashboard?year={year}", "bureau-reviewer@B1").json()
    chart = next(c for c in doc["charts"] if c["key"] == "errors")
    assert [c["label"] for c in chart["columns"]] == ["单位", "未解决错误数", "已说明", "自评数"]
    return [(r["unit"], r["total"], r["explained"], r["evaluations"]) for r in chart["rows"]]


def test_an_explained_error_is_no_longer_open_on_the_dashboard(api: Api) -> None:
    """The dashboard's units by open errors leave out the errors the unit explained (counted
    as 已说明 beside them), from the save of the explanation on; a unit with every error
    explained leaves the chart; removing an explanation opens its error again."""
    ev = upload_reference(api)
    eid, year, errors = ev["id"], ev["year"], ev["counts"]["error"]
    assert errors >= 2
    assert _errors_chart(api, year) == [("单位一", errors, 0, 1)]
    items = api.get(f"/api/v1/evaluations/{eid}/explanations", "filler@U1").json()["items"]
    version = 1
    for n, item in enumerate(items, start=1):
        answer = _explain(api, eid, item["finding"], version, f"已核对：{item['code']}")
        assert answer.status_code == 200, answer.text
        version = answer.json()["version"]
        assert _errors_chart(api, year) == ([("单位一", errors - n, n, 1)] if n < errors else [])
    _totals_agree(api.world.db)
    reopened = _explain(api, eid, items[0]["finding"], version, None)
    assert reopened.status_code == 200
    assert _errors_chart(api, year) == [("单位一", 1, errors - 1, 1)]
    # the chart's workbook has the column too
    workbook = api.get(f"/api/v1/dashboard/errors.xlsx?year={year}", "bureau-reviewer@B1")
    assert workbook.status_code == 200
    cells = [c for row in load_workbook(io.BytesIO(workbook.content)).worksheets[0].iter_rows(values_only=True)
             for c in row]
    assert "已说明" in cells and "未解决错误数" in cells
