"""The dashboard in a real browser (Playwright driving Debian's Chromium) at 1366×768: the
demonstration database with a few more evaluations of 2023, served by ``jixiao serve``;
every chart is drawn (an SVG in each chart box), nothing overflows the width, and a click
on a bar opens the evaluations behind it. Screenshots go to ``out/e2e/dashboard/`` (ignored
by git) to be looked at."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.web.test_e2e import CHROMIUM, CHROMIUM_ARGS, OUT, Site, _jixiao, _logins, served

playwright_api = pytest.importorskip("playwright.sync_api")
expect, sync_playwright = playwright_api.expect, playwright_api.sync_playwright
SHOTS = OUT / "dashboard"


def _more_of_2023(url: str) -> None:
    """Project evaluations of 2023 for every demonstration unit, with spread figures,
    written through the store like any save, and taken through the workflow."""
    from jixiao.store import evaluations as store
    from jixiao.store import queries
    from jixiao.store.db import Database
    from jixiao.store.models import Organisation
    from jixiao.store.roles import BUREAU_REVIEWER, UNIT_HEAD, Caller, Grant

    rnd = random.Random(15)
    database = Database(url)
    with database.reading() as s:
        units = list(s.scalars(select(Organisation).where(Organisation.kind == "unit").order_by(Organisation.id)))
        bureau = s.scalar(select(Organisation).where(Organisation.kind == "bureau"))
    assert bureau is not None
    reviewer = Caller(None, "e2e", (Grant(bureau.id, bureau.path, BUREAU_REVIEWER),))
    codes = [("dup.conflict", "error"), ("score.reason-missing", "error"), ("plaus.over-budget", "warning"),
             ("score.mismatch", "warning"), ("unit.slip", "warning")]
    for unit in units:
        head = Caller(None, "e2e", (Grant(unit.id, unit.path, UNIT_HEAD),))
        for n in range(4):
            score = Decimal(rnd.randint(55, 99))
            rules = {c: rnd.randint(1, 3) for c in rnd.sample(codes, rnd.randint(0, 3))}
            figures = store.Figures(
                errors=sum(k for (_c, level), k in rules.items() if level == "error"),
                warnings=sum(k for (_c, level), k in rules.items() if level == "warning"), self_score=score,
                grade="优" if score >= 90 else "良" if score >= 80 else "中" if score >= 60 else "差",
                execution_rate=Decimal(rnd.randint(7000, 10300)) / 100, findings_by_rule=rules)
            with database.writing() as s:
                ev, _v = store.create(s, head, unit_id=unit.id, kind="project", year=2023, data={"kind": "project"},
                                      figures=figures, title=f"2023年度项目支出绩效自评（项目{n + 1}）")
                ident = ev.id
            for action in rnd.choice([(), ("submit",), ("submit", "approve"), ("submit", "return")]):
                who = head if action == "submit" else reviewer
                with database.writing() as s:
                    ev = queries.get_evaluation(s, who, ident)
                    store.transition(s, who, ev, action=action, version=ev.version, comment="说明",
                                     review_score=str(score - rnd.randint(0, 10)) if action == "approve" else None)
    database.dispose()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    passwords = _logins(_jixiao("db", "demo", "--database", url))
    _more_of_2023(url)
    with served(url, passwords, SHOTS, tmp_path) as site:
        yield site


def _click_at(page: Any, key: str, value: list[Any]) -> None:
    """Click a chart where ECharts draws ``value`` (a bar's or a cell's place on its axes)."""
    chart = page.locator(f'[data-chart="{key}"]')
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    x, y = page.evaluate("([key, value]) => echarts.getInstanceByDom(document.querySelector("
                         "`[data-chart='${key}']`)).convertToPixel({seriesIndex: 0}, value)", [key, value])
    page.mouse.click(box["x"] + x, box["y"] + y)


def test_the_dashboard_draws_every_chart_at_1366(site: Site) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN").new_page()
            page.set_default_timeout(15_000)
            problems: list[str] = []
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.goto(site.url + "/login")
            page.fill("#username", "bureau-reviewer")
            page.fill("#password", site.passwords["bureau-reviewer"])
            page.click("button[type=submit]")
            page.wait_for_url(re.compile(r".*/evaluations.*"))
            page.get_by_role("link", name="仪表盘").click()
            page.wait_for_url(re.compile(r".*/dashboard$"))
            page.goto(site.url + "/dashboard?year=2023")
            expect(page.locator("h1")).to_have_text("2023年度仪表盘")
            boxes = page.locator("[data-chart]")
            assert boxes.count() == 9
            for i in range(boxes.count()):
                expect(boxes.nth(i).locator("svg")).to_have_count(1)
            assert page.evaluate("document.documentElement.scrollWidth") <= 1366
            page.screenshot(path=str(SHOTS / "dashboard-2023.png"), full_page=True)
            page.screenshot(path=str(SHOTS / "dashboard-2023-first-screen.png"))
            assert not problems, problems
            # drill down: the 良 bar of the grades opens the 2023 evaluations graded 良
            bar = page.locator('[data-chart="grades"] svg path[fill="#2c5d94"]').first
            bar.click()
            page.wait_for_url(re.compile(r".*/evaluations\?year=2023&grade=.*"))
            expect(page.locator("h1")).to_have_text("自评列表")
            page.screenshot(path=str(SHOTS / "drill-grade.png"), full_page=True)
            # a cell of the heat map and a day of the submissions chart open their evaluations
            page.goto(site.url + "/dashboard?year=2023")
            doc = page.evaluate("JSON.parse(document.getElementById('dashboard-data').textContent)")
            charts = {c["key"]: c for c in doc["charts"]}
            cell = charts["scores"]["rows"][0]
            bands = charts["scores"]["bands"]
            _click_at(page, "scores", [bands.index(cell["self_band"]), bands.index(cell["review_band"])])
            page.wait_for_url(re.compile(r".*/evaluations\?year=2023&self_band=.*&review_band=.*"))
            assert page.locator("#evaluations tbody tr").count() == cell["count"]
            page.goto(site.url + "/dashboard?year=2023")
            day = max(charts["submissions"]["rows"], key=lambda r: r["count"])
            _click_at(page, "submissions", [day["date"], day["count"] / 2])
            page.wait_for_url(re.compile(r".*/evaluations\?year=2023&submitted_on=" + day["date"]))
            assert page.locator("#evaluations tbody tr").count() == min(day["count"], 50)
            page.screenshot(path=str(SHOTS / "drill-submissions.png"), full_page=True)
            # from a unit to its years
            page.goto(site.url + "/dashboard?year=2023")
            page.locator("#table-errors a").first.click()
            page.wait_for_url(re.compile(r".*/dashboard/units/\d+$"))
            expect(page.locator('[data-chart="history"] svg')).to_have_count(1)
            assert page.evaluate("document.documentElement.scrollWidth") <= 1366
            page.screenshot(path=str(SHOTS / "unit-history.png"), full_page=True)
        finally:
            chromium.close()
