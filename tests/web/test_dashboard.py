"""The bureau's dashboard on both databases: every aggregate on a small seeded world whose
answers are worked out by hand below, the scope of each role, the workbooks, and the page
tables equal to their JSON twin.

The world (conftest): 财政局甲 (B1) → 主管部门一 (D1) → 单位一 (U1), 单位二 (U2);
主管部门二 (D2) → 单位三 (U3); 财政局乙 (B2) → 主管部门三 (D3) → 单位四 (U4)."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from alembic import command
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import func, inspect, select

from jixiao.store import evaluations as store
from jixiao.store import finding_totals, queries, three_public_totals
from jixiao.store.admin import move_organisation
from jixiao.store.db import alembic_config, upgrade
from jixiao.store.models import EvaluationFinding, FindingTotal, Organisation, Task
from jixiao.store.roles import ADMIN, BUREAU_REVIEWER, UNIT_HEAD, Caller, Grant
from tests.web.conftest import Api, World
from tests.web.test_pages import login, make_app


@dataclass
class Seed:
    unit: str
    year: int
    kind: str = "overall"
    self_score: str | None = None
    grade: str | None = None
    rate: str | None = None
    three_public: str | None = None
    budget: str | None = None
    rules: dict[tuple[str, str], int] = field(default_factory=dict)
    steps: tuple[str, ...] = ()  # submit, return, approve:<复核得分>
    title: str = ""


SEEDS = {
    "A": Seed("U1", 2023, self_score="95", grade="优", rate="85.5", three_public="1.25", budget="100",
              rules={("dup.conflict", "error"): 2, ("unit.slip", "warning"): 1}, steps=("submit", "approve:88")),
    "B": Seed("U1", 2023, kind="project", self_score="72", grade="中", rate="99",
              rules={("dup.conflict", "error"): 1}),
    "C": Seed("U2", 2023, self_score="85", grade="良", rate="100", three_public="2.5",
              steps=("submit", "return", "submit")),
    "D": Seed("U3", 2023, self_score="55", grade="差", rate="60", three_public="0.75",
              rules={("score.mismatch", "warning"): 3}),
    "E": Seed("U3", 2022, self_score="91", grade="优", rate="90", three_public="4", budget="80.5",
              steps=("submit", "approve:90.5")),
    "F": Seed("U4", 2023, self_score="99", grade="优", rate="10", three_public="100",
              rules={("dup.conflict", "error"): 5}, steps=("submit",)),
}


def _as(world: World, unit: str, role: str) -> Caller:
    """A caller holding ``role`` at ``unit`` (the world has no user at every unit)."""
    org = world.orgs[unit]
    return Caller(world.users["filler@U1"].id, f"{role}@{unit}", (Grant(org.id, org.path, role),))


def _number(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


def _figures(seed: Seed) -> store.Figures:
    number = _number
    return store.Figures(errors=sum(n for (_c, level), n in seed.rules.items() if level == "error"),
                         warnings=sum(n for (_c, level), n in seed.rules.items() if level == "warning"),
                         self_score=number(seed.self_score), grade=seed.grade, execution_rate=number(seed.rate),
                         three_public_expenses=number(seed.three_public), budget_total=number(seed.budget),
                         findings_by_rule=dict(seed.rules))


def seed(world: World) -> dict[str, int]:
    """The seeded evaluations, through the store's own writes; their ids by letter."""
    ids = {}
    bureau = {"U4": "B2"}
    for key, s in SEEDS.items():
        head = _as(world, s.unit, UNIT_HEAD)
        reviewer = _as(world, bureau.get(s.unit, "B1"), BUREAU_REVIEWER)
        with world.db.writing() as session:
            ev, _v = store.create(session, head, unit_id=world.orgs[s.unit].id, kind=s.kind, year=s.year,
                                  data={"kind": s.kind}, figures=_figures(s), title=s.title or f"自评{key}")
            ids[key] = ev.id
        for step in s.steps:
            action, _, score = step.partition(":")
            who = head if action == "submit" else reviewer
            with world.db.writing() as session:
                ev = queries.get_evaluation(session, who, ids[key])
                store.transition(session, who, ev, action=action, version=ev.version, comment="说明",
                                 review_score=score or None)
    return ids


@pytest.fixture
def seeded(api: Api) -> tuple[Api, dict[str, int]]:
    return api, seed(api.world)


def _units_under(world: World, org: str) -> int:
    """Units under an organisation now (other tests of the session may have added some)."""
    with world.db.reading() as s:
        return len(list(s.scalars(select(Organisation.id).where(
            Organisation.kind == "unit", Organisation.path.startswith(world.orgs[org].path)))))


def _chart(doc: dict[str, Any], key: str) -> dict[str, Any]:
    return next(c for c in doc["charts"] if c["key"] == key)


def _rows(doc: dict[str, Any], key: str, *columns: str) -> list[tuple[Any, ...]]:
    return [tuple(r[c] for c in columns) for r in _chart(doc, key)["rows"]]


def test_every_aggregate_of_the_bureau(seeded: tuple[Api, dict[str, int]]) -> None:
    api, ids = seeded
    answer = api.get("/api/v1/dashboard?year=2023", "bureau-reviewer@B1")
    assert answer.status_code == 200, answer.text
    doc = answer.json()
    assert doc["year"] == 2023 and doc["years"] == [2023, 2022]
    status = _chart(doc, "status")
    assert {r["status"]: r["count"] for r in status["rows"]} == {
        "draft": 2, "submitted": 1, "department-reviewed": 0, "approved": 1, "published": 0, "returned": 0}
    assert _units_under(api.world, "B1") >= 3
    assert status["summary"] == {"units": _units_under(api.world, "B1"), "evaluations": 4, "submitted": 2,
                                 "deadline": None}
    assert _rows(doc, "grades", "grade", "count", "share") == [
        ("优", 1, "25.0"), ("良", 1, "25.0"), ("中", 1, "25.0"), ("差", 1, "25.0"), ("未评级", 0, "0.0")]
    scores = _chart(doc, "scores")
    assert _rows(doc, "scores", "self_band", "review_band", "count") == [("≥90", "80–90", 1)]
    assert scores["summary"] == {"with_self": 4, "with_review": 1, "with_both": 1, "mean_self": "95.00",
                                 "mean_review": "88.00"}
    execution = _chart(doc, "execution")
    assert [(r["unit"], r["execution_rate"], r["href"]) for r in execution["rows"]] == [
        ("单位三", "60.00", f"/evaluations/{ids['D']}"), ("单位一", "85.50", f"/evaluations/{ids['A']}"),
        ("单位一", "99.00", f"/evaluations/{ids['B']}"), ("单位二", "100.00", f"/evaluations/{ids['C']}")]
    assert execution["summary"] == {"below_90": 2, "90_to_100": 1, "at_least_100": 1, "none": 0}
    # 三公经费: every year of the scope, 整体支出 only (B is a project), 万元 with two decimals
    assert _rows(doc, "three_public", "year", "total", "count") == [(2022, "4.00", 1), (2023, "4.50", 3)]
    assert _rows(doc, "errors", "unit", "total", "evaluations") == [("单位一", 3, 2)]
    assert _rows(doc, "returns", "unit", "total", "evaluations") == [("单位二", 1, 1)]
    rules = _rows(doc, "rules", "code", "level", "total", "evaluations")
    assert rules == [("dup.conflict", "错误", 3, 2), ("score.mismatch", "警告", 3, 1), ("unit.slip", "警告", 1, 1)]
    assert _chart(doc, "rules")["rows"][0]["title"]  # the rule's title from the catalogue
    submissions = _chart(doc, "submissions")
    assert [r["cumulative"] for r in submissions["rows"]][-1] == 2
    assert sum(r["count"] for r in submissions["rows"]) == 2


def test_a_new_version_replaces_its_finding_counts(seeded: tuple[Api, dict[str, int]]) -> None:
    api, ids = seeded
    head = _as(api.world, "U1", UNIT_HEAD)
    with api.world.db.writing() as s:
        ev = queries.get_evaluation(s, head, ids["B"])
        store.save_version(s, head, ev, based_on=ev.version, data={"kind": "project"},
                           figures=_figures(Seed("U1", 2023, rules={("unit.slip", "warning"): 2})))
    with api.world.db.reading() as s:
        rows = s.execute(select(EvaluationFinding.code, EvaluationFinding.level, EvaluationFinding.count)
                         .where(EvaluationFinding.evaluation_id == ids["B"])).all()
    assert [tuple(r) for r in rows] == [("unit.slip", "warning", 2)]
    doc = api.get("/api/v1/dashboard?year=2023", "bureau-reviewer@B1").json()
    assert _rows(doc, "rules", "code", "total", "evaluations") == [
        ("score.mismatch", 3, 1), ("unit.slip", 3, 2), ("dup.conflict", 2, 1)]


def _totals_agree(db: Any) -> None:
    """The totals kept per organisation equal those worked out afresh from the evaluations."""
    four = Decimal("0.0001")
    with db.reading() as s:
        assert finding_totals.stored(s) == finding_totals.computed(s)
        kept, fresh = three_public_totals.stored(s), three_public_totals.computed(s)
        assert {k: (t.quantize(four), n) for k, (t, n) in kept.items()} == {
            k: (t.quantize(four), n) for k, (t, n) in fresh.items()}


def test_the_totals_follow_saves_and_moves(seeded: tuple[Api, dict[str, int]]) -> None:
    """The totals kept per organisation (findings by rule, 三公经费) equal those worked out
    afresh from the evaluations after a save that changes them, after a move of a unit to
    another department, and after the migration that introduced them fills them again."""
    api, ids = seeded
    db = api.world.db
    _totals_agree(db)
    head = _as(api.world, "U3", UNIT_HEAD)
    with db.writing() as s:
        ev = queries.get_evaluation(s, head, ids["D"])
        store.save_version(s, head, ev, based_on=ev.version, data={"kind": "overall"},
                           figures=_figures(Seed("U3", 2023, three_public="1.5", rules={("unit.slip", "warning"): 4})))
    _totals_agree(db)
    admin = _as(api.world, "B1", ADMIN)
    with db.writing() as s:
        move_organisation(s, admin, api.world.orgs["U3"].id, api.world.orgs["D1"].id)
    _totals_agree(db)
    d1 = api.get("/api/v1/dashboard?year=2023", "department-reviewer@D1").json()
    assert _rows(d1, "rules", "code", "total", "evaluations") == [("unit.slip", 5, 2), ("dup.conflict", 3, 2)]
    assert _rows(d1, "three_public", "year", "total", "count") == [(2022, "4.00", 1), (2023, "5.25", 3)]
    d2 = api.get("/api/v1/dashboard?year=2023", "department-reviewer@D2").json()
    assert _rows(d2, "rules", "code", "total", "evaluations") == []
    assert _rows(d2, "three_public", "year", "total", "count") == []
    before = api.get("/api/v1/dashboard?year=2023", "bureau-reviewer@B1").json()
    with db.engine.begin() as connection:  # the migration that added the totals, undone …
        config = alembic_config(db.url)
        config.attributes["connection"] = connection
        assert MigrationContext.configure(connection).get_current_revision() == "0009"
        command.downgrade(config, "0006")
        assert "finding_totals" not in inspect(connection).get_table_names()
    upgrade(db.url, db.engine)  # … and done again: its fill works them out afresh
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(FindingTotal)) > 0
    _totals_agree(db)
    with db.writing() as s:  # recomputing them from scratch gives the same rows
        assert finding_totals.rebuild(s) == len(finding_totals.computed(s))
    _totals_agree(db)
    assert api.get("/api/v1/dashboard?year=2023", "bureau-reviewer@B1").json() == before
    with db.writing() as s:
        move_organisation(s, admin, api.world.orgs["U3"].id, api.world.orgs["D2"].id)


def test_the_heat_map_and_the_submissions_drill_down_to_the_list(seeded: tuple[Api, dict[str, int]]) -> None:
    """A cell of the heat map lists the evaluations with both scores in its bands; a day
    of the submissions chart those submitted on that day (China time) and not sent back."""
    api, ids = seeded
    doc = api.get("/api/v1/dashboard?year=2023", "bureau-reviewer@B1").json()
    cells = {(r["self_band"], r["review_band"]): r for r in _chart(doc, "scores")["rows"]}
    assert set(cells) == {("≥90", "80–90")}  # A: 95 against 88 (C was sent back, has no 复核得分)
    cell = cells[("≥90", "80–90")]
    client = TestClient(make_app(api.world), raise_server_exceptions=False)
    login(client, "bureau-reviewer@B1")
    listed = client.get(cell["href"])
    assert listed.status_code == 200 and "自评得分段“≥90”" in listed.text
    shown = set(re.findall(r'<a href="/evaluations/(\d+)">', listed.text))
    assert shown == {str(ids["A"])} and len(shown) == cell["count"]
    via_api = api.get("/api/v1/evaluations?" + cell["href"].split("?", 1)[1], "bureau-reviewer@B1").json()
    assert [e["id"] for e in via_api["items"]] == [ids["A"]]
    days = _chart(doc, "submissions")["rows"]
    assert sum(r["count"] for r in days) == 2  # A (approved) and C (submitted again after its return)
    for day in days:
        listed = client.get(day["href"])
        shown = set(re.findall(r'<a href="/evaluations/(\d+)">', listed.text))
        assert len(shown) == day["count"] and shown <= {str(ids["A"]), str(ids["C"])}, day
    everyone = set()
    for day in days:
        query = day["href"].split("?", 1)[1]
        everyone |= {e["id"] for e in api.get(f"/api/v1/evaluations?{query}", "bureau-reviewer@B1").json()["items"]}
    assert everyone == {ids["A"], ids["C"]}
    assert client.get("/evaluations?year=2023&submitted_on=1999-01-01").text.count('<a href="/evaluations/') == 0
    # the other bureau's evaluation stays out of its reviewer's drill-down
    f_day = api.get("/api/v1/dashboard?year=2023", "bureau-reviewer@B2").json()
    f_href = _chart(f_day, "submissions")["rows"][0]["href"]
    assert {e["id"] for e in api.get("/api/v1/evaluations?" + f_href.split("?", 1)[1],
                                     "bureau-reviewer@B1").json()["items"]} <= {ids["A"], ids["C"]}


def test_the_deadline_splits_submissions(seeded: tuple[Api, dict[str, int]]) -> None:
    api, _ids = seeded
    with api.world.db.writing() as s:
        s.add(Task(bureau_id=api.world.orgs["B1"].id, year=2023, framework="hunan-overall",
                   deadline=dt.date(2020, 1, 1)))
    doc = api.get("/api/v1/dashboard?year=2023", "bureau-reviewer@B1").json()
    submissions = _chart(doc, "submissions")
    assert submissions["summary"] == {"units": _units_under(api.world, "B1"), "submitted": 2, "on_time": 0, "late": 2,
                                      "deadline": "2020-01-01"}
    assert {r["on_time"] for r in submissions["rows"]} == {"逾期"}


def test_scope_of_every_role(seeded: tuple[Api, dict[str, int]]) -> None:
    api, _ids = seeded
    units = {"U1": "单位一", "U2": "单位二", "U3": "单位三", "U4": "单位四"}

    def seen(who: str) -> set[str]:
        answer = api.get("/api/v1/dashboard?year=2023&top=100", who)
        assert answer.status_code == 200, (who, answer.text)
        text = answer.text
        return {u for u, name in units.items() if name in text}

    assert seen("bureau-reviewer@B1") == seen("admin@B1") == {"U1", "U2", "U3"}
    assert seen("department-reviewer@D1") == {"U1", "U2"}
    assert seen("department-reviewer@D2") == {"U3"}
    assert seen("bureau-reviewer@B2") == {"U4"}
    d1 = api.get("/api/v1/dashboard?year=2023", "department-reviewer@D1").json()
    assert _chart(d1, "status")["summary"]["units"] == _units_under(api.world, "D1")
    assert _rows(d1, "three_public", "year", "total") == [(2023, "3.75")]  # 单位三's 2022 is not D1's
    for who in ("filler@U1", "unit-head@U1", "filler@U3", "filler@U4"):
        refused = api.get("/api/v1/dashboard?year=2023", who)
        assert refused.status_code == 403 and "仪表盘" in refused.json()["error"]["message"], who
        assert api.get("/api/v1/dashboard/grades.xlsx?year=2023", who).status_code == 403
    assert api.get("/api/v1/dashboard?year=2023").status_code == 401
    # a unit's history: whoever may see the unit, its own people included; others are told nothing
    u1, u3 = api.world.orgs["U1"].id, api.world.orgs["U3"].id
    for who, unit, want in [("filler@U1", u1, 200), ("filler@U1", u3, 404), ("department-reviewer@D1", u3, 404),
                            ("department-reviewer@D2", u3, 200), ("bureau-reviewer@B1", u3, 200),
                            ("bureau-reviewer@B2", u1, 404), ("bureau-reviewer@B1", api.world.orgs["D1"].id, 404)]:
        answer = api.get(f"/api/v1/dashboard/units/{unit}", who)
        assert answer.status_code == want, (who, unit, answer.text)
        if want == 404:
            assert "单位三" not in answer.text and "单位一" not in answer.text


def test_a_units_history_year_over_year(seeded: tuple[Api, dict[str, int]]) -> None:
    api, ids = seeded
    doc = api.get(f"/api/v1/dashboard/units/{api.world.orgs['U3'].id}", "bureau-reviewer@B1").json()
    assert doc["unit"]["name"] == "单位三"
    rows = _rows(doc, "history", "year", "budget_total", "execution_rate", "self_score", "review_score", "grade",
                 "three_public", "href")
    assert rows == [(2022, "80.50", "90.00", "91.00", "90.50", "优", "4.00", f"/evaluations/{ids['E']}"),
                    (2023, None, "60.00", "55.00", None, "差", "0.75", f"/evaluations/{ids['D']}")]


def test_each_chart_exports_a_workbook_with_numbers(seeded: tuple[Api, dict[str, int]]) -> None:
    from openpyxl import load_workbook

    api, _ids = seeded
    doc = api.get("/api/v1/dashboard?year=2023", "bureau-reviewer@B1").json()
    for chart in doc["charts"]:
        answer = api.get(f"/api/v1/dashboard/{chart['key']}.xlsx?year=2023", "bureau-reviewer@B1")
        assert answer.status_code == 200, (chart["key"], answer.text[:200])
        assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(io.BytesIO(answer.content)).worksheets[0]
        values = list(sheet.iter_rows(values_only=True))
        assert list(values[0]) == [c["label"] for c in chart["columns"]], chart["key"]
        assert len(values) == 1 + len(chart["rows"])
    three = load_workbook(io.BytesIO(api.get("/api/v1/dashboard/three_public.xlsx?year=2023",
                                             "bureau-reviewer@B1").content)).worksheets[0]
    assert [c.value for c in three[1]] == ["年度", "三公经费决算数合计（万元）", "填报单位数"]
    assert three["A3"].value == 2023 and three["B3"].value == pytest.approx(4.5) and three["C3"].value == 3
    assert isinstance(three["B3"].value, float) and three["B3"].number_format == "0.00"
    execution = load_workbook(io.BytesIO(api.get("/api/v1/dashboard/execution.xlsx?year=2023",
                                                 "bureau-reviewer@B1").content)).worksheets[0]
    assert execution["D2"].value == pytest.approx(60) and execution["D2"].number_format == "0.00"
    history = load_workbook(io.BytesIO(api.get(f"/api/v1/dashboard/units/{api.world.orgs['U3'].id}/history.xlsx",
                                               "bureau-reviewer@B1").content)).worksheets[0]
    assert history["A2"].value == 2022 and history["E2"].value == pytest.approx(80.5)
    assert api.get("/api/v1/dashboard/nothing.xlsx?year=2023", "bureau-reviewer@B1").status_code == 404


def _page_tables(html: str) -> dict[str, list[list[str]]]:
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(html)
    out = {}
    for table in tree.xpath("//table[starts-with(@id, 'table-')]"):
        rows = [[td.text_content().strip() for td in tr.xpath("./td[@data-key]")] for tr in table.xpath("./tbody/tr")]
        out[table.get("id")[6:]] = [r for r in rows if r]
    return out


def _expected(chart: dict[str, Any]) -> list[list[str]]:
    return [["—" if r[c["key"]] in (None, "") else str(r[c["key"]]) for c in chart["columns"]] for r in chart["rows"]]


def test_the_page_tables_equal_the_json_twin(seeded: tuple[Api, dict[str, int]]) -> None:
    api, ids = seeded
    client = TestClient(make_app(api.world), raise_server_exceptions=False)
    login(client, "bureau-reviewer@B1")
    page = client.get("/dashboard?year=2023")
    assert page.status_code == 200 and "2023年度仪表盘" in page.text
    assert "vendor/echarts-6.1.0.min.js" in page.text and 'id="dashboard-data"' in page.text
    twin = api.get("/api/v1/dashboard?year=2023", "bureau-reviewer@B1").json()
    tables = _page_tables(page.text)
    assert set(tables) == {c["key"] for c in twin["charts"]}
    for chart in twin["charts"]:
        assert tables[chart["key"]] == _expected(chart), chart["key"]
    history = client.get(f"/dashboard/units/{api.world.orgs['U3'].id}")
    doc = api.get(f"/api/v1/dashboard/units/{api.world.orgs['U3'].id}", "bureau-reviewer@B1").json()
    assert _page_tables(history.text)["history"] == _expected(doc["charts"][0])
    # drill down: a rule's row lists the evaluations with that rule's findings, a grade's its grade
    listed = client.get("/evaluations?year=2023&rule=dup.conflict")
    assert f"/evaluations/{ids['A']}" in listed.text and f"/evaluations/{ids['B']}" in listed.text
    assert f"/evaluations/{ids['C']}\"" not in listed.text and f"/evaluations/{ids['D']}\"" not in listed.text
    api_rule = api.get("/api/v1/evaluations?year=2023&rule=dup.conflict", "bureau-reviewer@B1").json()["items"]
    assert {e["id"] for e in api_rule} == {ids["A"], ids["B"]}
    api_grade = api.get("/api/v1/evaluations?grade=优", "bureau-reviewer@B1").json()["items"]
    assert {e["id"] for e in api_grade} == {ids["A"], ids["E"]}
    good = client.get("/evaluations?year=2023&grade=良")
    assert f"/evaluations/{ids['C']}\"" in good.text and f"/evaluations/{ids['A']}\"" not in good.text


def test_the_twin_is_in_the_openapi_document(api: Api) -> None:
    paths = api.client.get("/api/openapi.json").json()["paths"]
    assert {"/api/v1/dashboard", "/api/v1/dashboard/{chart_key}.xlsx", "/api/v1/dashboard/units/{unit_id}",
            "/api/v1/dashboard/units/{unit_id}/history.xlsx"} <= set(paths)


def test_an_empty_year_answers_empty_tables(api: Api) -> None:
    doc = api.get("/api/v1/dashboard?year=2031", "bureau-reviewer@B1").json()
    assert doc["year"] == 2031
    assert _chart(doc, "status")["summary"]["evaluations"] == 0
    assert all(not c["rows"] for c in doc["charts"] if c["key"] not in ("status", "grades"))
