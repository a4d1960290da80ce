"""In a real browser (Playwright driving Debian's Chromium, as ``test_e2e.py``), at
1366×768, on SQLite: the clerk uploads the reference report and explains one error under
全部问题; the unit head explains the others on the submit page, told in Chinese how many are
left, and submits without a 送审说明 once none is; the bureau's reviewer reads every
explanation on the review page, and the report downloaded with its findings prints them as
错误（已说明） without the draft mark. Screenshots go to ``out/e2e/explanations/`` (ignored by
git) to be looked at."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.test_e2e import (
    CHROMIUM,
    CHROMIUM_ARGS,
    CLERK,
    HEAD,
    OUT,
    REFERENCE,
    REVIEWER,
    Browser,
    Site,
    _open,
    demo_site,
    expect,
    sync_playwright,
)


@pytest.fixture(params=["sqlite", "postgresql"])
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Site]:
    with demo_site(request.param, tmp_path, OUT / "explanations" / request.param) as site:
        yield site


def test_errors_explained_one_by_one_then_submitted(site: Site) -> None:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            _scenario(Browser(site, chromium))
        finally:
            chromium.close()


def _scenario(b: Browser) -> None:
    site = b.site
    clerk = b.person(CLERK)
    ident = _open(clerk, site)
    clerk.get_by_role("link", name="上传文件").click()
    clerk.set_input_files("#file", str(REFERENCE))
    clerk.get_by_role("button", name="读取").click()
    clerk.get_by_role("button", name=re.compile("保存为第")).click()
    expect(clerk.locator(".flash.ok")).to_contain_text("已保存为新版本")

    # 1. Under 全部问题 each error has its box; the clerk explains the first one.
    clerk.goto(f"{site.url}/evaluations/{ident}?tab=findings")
    boxes = clerk.locator("#all-findings .explain")
    total = boxes.count()
    assert total >= 2
    expect(clerk.locator("#explain-summary")).to_contain_text(f"其中 {total} 个既未修正也未说明")
    first = boxes.first
    first.locator("textarea").fill("88.17为附件2按决算报表口径填列，正文88.18为四舍五入前数，差额0.01。")
    first.get_by_role("button", name="保存说明").click()
    expect(clerk.locator("#all-findings .explain.done")).to_have_count(1)
    expect(clerk.locator("#explain-summary")).to_contain_text(f"其中 {total - 1} 个既未修正也未说明")
    expect(clerk.locator("#score-panel")).to_contain_text("已说明 1")
    b.shot(clerk, "findings-one-explained")

    # 2. The head sees what is left on the submit page and explains it there, box by box.
    head = b.person(HEAD)
    head.goto(f"{site.url}/evaluations/{ident}/submit")
    expect(head.locator("#explain-summary")).to_contain_text(f"其中 {total - 1} 个既未修正也未说明")
    b.shot(head, "submit-errors-left")
    for n in range(1, total):
        box = head.locator("#submit-errors .explain").nth(n)
        before = head.input_value("#base-version")
        box.locator("textarea").fill(f"第{n + 1}处：与原文一致，已逐项核对。")
        box.get_by_role("button", name="保存说明").click()
        head.wait_for_function("v => document.querySelector('#base-version').value !== v", arg=before)
    expect(head.locator("#explain-summary")).to_contain_text(f"本版的 {total} 个错误均已逐条说明")
    b.shot(head, "submit-all-explained")
    head.get_by_role("button", name="确认送审").click()
    expect(head.locator(".ev-head .badge")).to_have_text("已送审")

    # 3. The reviewer reads them beside their findings; the report with its findings prints them.
    reviewer = b.person(REVIEWER)
    reviewer.goto(f"{site.url}/evaluations/{ident}/review")
    table = reviewer.locator("#review-explanations")
    expect(table.locator(".said")).to_have_count(total)
    expect(table).to_contain_text("按决算报表口径填列")
    expect(reviewer.locator("#explained-count")).to_contain_text(f"单位已逐条说明 {total} 个")
    b.shot(reviewer, "review-explanations")
    report = reviewer.request.get(f"{site.url}/api/v1/evaluations/{ident}/export.html?findings=true")
    assert report.ok
    html = report.text().replace("<br>", "")  # a cell's line breaks are layout
    assert "错误（已说明）" in html and "按决算报表口径填列" in html and "处错误未处理" not in html
    pdf = reviewer.request.get(f"{site.url}/api/v1/evaluations/{ident}/export.pdf?findings=true")
    assert pdf.ok and pdf.body()[:4] == b"%PDF"
