"""In a real browser (Playwright driving Debian's Chromium, as ``test_e2e.py``), at
1366×768: the administrator adds a unit and a user (and is told in Chinese what is wrong
with a duplicate) and opens a year; the clerk sees the computed cells of the tables follow
an addend as it is typed, and adds an indicator row. Screenshots go to
``out/e2e/admin/`` (ignored by git) to be looked at."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.test_e2e import (
    CHROMIUM,
    CHROMIUM_ARGS,
    OUT,
    REFERENCE,
    TITLE,
    Browser,
    Site,
    _cell,
    _open,
    demo_site,
    expect,
    sync_playwright,
)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    with demo_site("sqlite", tmp_path, OUT / "admin") as site:
        yield site


def test_administration_and_computed_cells(site: Site) -> None:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            b = Browser(site, chromium)
            _administration(b)
            _computed_cells_and_rows(b)
        finally:
            chromium.close()


def _administration(b: Browser) -> None:
    site = b.site
    admin = b.person("admin")
    admin.get_by_role("link", name="管理").click()
    expect(admin.locator("#organisations")).to_contain_text("芦淞区教育局")
    # a new unit under 芦淞区教育局, then the same name again
    for attempt in range(2):
        admin.fill("#new-name", "芦淞区第二中学")
        _choose(admin, "#new-parent", "芦淞区教育局")
        admin.select_option("#new-kind", "unit")
        admin.get_by_role("button", name="新增", exact=True).click()
        if attempt == 0:
            expect(admin.locator(".flash.ok")).to_contain_text("已新增机构")
    expect(admin.locator(".flash.error")).to_contain_text("已有名为“芦淞区第二中学”的机构")
    b.shot(admin, "admin-organisations-duplicate")
    admin.goto(site.url + "/admin/organisations")
    b.shot(admin, "admin-organisations")
    # a clerk for it; the username taken is refused, the password never shown back
    admin.goto(site.url + "/admin/users")
    for username in ("filler-ez", "filler-ez"):
        admin.fill("#nu-username", username)
        admin.fill("#nu-display", "二中填报人")
        admin.fill("#nu-password", "second school 1")
        admin.select_option("#nu-role", "filler")
        _choose(admin, "#nu-org", "芦淞区第二中学")
        admin.get_by_role("button", name="新增", exact=True).click()
    expect(admin.locator(".flash.error")).to_contain_text("用户名“filler-ez”已被使用")
    assert "second school 1" not in admin.content()
    b.shot(admin, "admin-users-duplicate")
    admin.goto(site.url + "/admin/users")
    b.shot(admin, "admin-users")
    # open a year for two units
    admin.goto(site.url + "/admin/tasks")
    admin.fill("#t-year", "2025")
    admin.fill("#t-deadline", "2026-03-31")
    opening = admin.locator("form[action='/admin/tasks']")
    opening.locator("label", has_text="芦淞区第二中学").locator("input").check()
    opening.locator("label", has_text="芦淞区第一中学").locator("input").check()
    b.shot(admin, "admin-tasks-form")
    opening.get_by_role("button", name="开启").click()
    expect(admin.locator(".flash.ok")).to_contain_text("已开启年度任务")
    expect(admin.locator(".task").first).to_contain_text("2025 年度")
    b.shot(admin, "admin-tasks")


def _choose(page: Any, select: str, text: str) -> None:
    """Choose the option of a select whose label holds this text (labels are indented by level)."""
    value = page.locator(f"{select} option", has_text=text).first.get_attribute("value")
    page.select_option(select, value)


def _computed_cells_and_rows(b: Browser) -> None:
    site = b.site
    clerk = b.person("filler")
    ident = _open(clerk, site)
    clerk.get_by_role("link", name="上传文件").click()
    clerk.set_input_files("#file", str(REFERENCE))
    clerk.get_by_role("button", name="读取").click()
    clerk.get_by_role("button", name=re.compile("保存为第")).click()
    expect(clerk.locator(".flash.ok")).to_contain_text("已保存为新版本")
    # 附件2: the 控制率 computed (30 ÷ 27), the table's 111% beside it
    clerk.goto(f"{site.url}/evaluations/{ident}?tab=basic")
    rate = _cell(clerk, "/basic_data/staff/control_rate")
    expect(rate.locator("input")).to_have_value("111.11%")
    expect(rate.locator(".stated")).to_contain_text("111%")
    b.shot(clerk, "computed-basic")
    # 附件3: type an addend: the 合计 follows while typing; the 850.19 the table states now differs,
    # so the cell opens for correction with the computed figure beside it
    clerk.goto(f"{site.url}/evaluations/{ident}")
    total = _cell(clerk, "/self_evaluation/by_revenue/total")
    expect(total.locator("input")).to_have_value("850.19")
    addend = clerk.locator('[name="/self_evaluation/by_revenue/gov_fund"]')
    addend.fill("12.5")  # typed, not yet left: a preview, nothing saved
    expect(_cell(clerk, "/self_evaluation/by_revenue/total")).to_contain_text("复算 862.69")
    version = clerk.input_value("#base-version")
    b.shot(clerk, "computed-live")
    addend.press("Tab")  # leaving it saves it
    clerk.wait_for_function("v => document.querySelector('#base-version').value !== v", arg=version)
    # the engine's finding at 全年预算数 (listed under its row): the sources add up to 862.69
    expect(clerk.locator('[id="fxf-self_evaluation-funds-full_year"]')).to_contain_text("862.69")
    # a new indicator row under 数量指标
    before = clerk.locator("table.indicators tbody tr:not(.fx-row)").count()
    clerk.get_by_role("button", name="＋三级指标").first.click()
    expect(clerk.locator("table.indicators tbody tr:not(.fx-row)")).to_have_count(before + 1)
    expect(clerk.locator("#score-panel")).to_contain_text("已保存")
    clerk.locator('[name="/self_evaluation/indicators/0/groups/0/items/7/name"]').scroll_into_view_if_needed()
    b.shot(clerk, "rows-added")
    assert TITLE in clerk.content()
