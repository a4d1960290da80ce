"""End to end in a real browser (Playwright driving Debian's Chromium): the clerk uploads
the reference report, sees the 88.18/88.17 conflict at its field and fixes it; the unit
head submits; the bureau's reviewer comments on a field and returns it; the clerk sees
the comment at the field, fixes, and it is resubmitted; the reviewer sees the diff and
approves with a 复核得分; the bureau publishes; the public page shows the report.

The app runs as it does in production: ``jixiao db demo`` builds the database and
``jixiao serve`` serves it on a free 127.0.0.1 port. Screenshots of every step go to
``out/e2e/<database>/`` (ignored by git) to be looked at."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "out" / "e2e"
# The reference report as published: plain text with 附件2 and 附件3 (read into the form's fields).
REFERENCE = ROOT / "tests" / "corpus" / "000_ca49b2c89bc71ff3.txt"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PG_ADMIN = os.environ.get("JIXIAO_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")

playwright_api = pytest.importorskip("playwright.sync_api")
expect, sync_playwright = playwright_api.expect, playwright_api.sync_playwright
if not Path(CHROMIUM).exists():  # installed by `make setup-test` (scripts/system-deps.sh --test)
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _jixiao(*args: str, stdin: str | None = None) -> str:
    done = subprocess.run([sys.executable, "-m", "jixiao.cli", *args], input=stdin, capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout


@dataclass
class Site:
    url: str
    passwords: dict[str, str]  # username → password, as `jixiao db demo` printed them
    shots: Path


@contextmanager
def demo_site(database: str, tmp_path: Path, shots: Path) -> Iterator[Site]:
    """`jixiao db demo` into a new SQLite file or PostgreSQL database (``database`` names
    which; dropped afterwards), served until the block ends; skipped when PostgreSQL is
    not reachable (the SQLite run still covers the scenario)."""
    if database == "sqlite":
        url, drop = f"sqlite:///{tmp_path / 'demo.db'}", None
    else:
        from sqlalchemy import create_engine, text

        try:
            admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
            name = f"jixiao_e2e_{os.getpid()}_{uuid.uuid4().hex[:6]}"
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        except Exception as exc:
            pytest.skip(f"PostgreSQL unreachable: {type(exc).__name__}")
        url = PG_ADMIN.rsplit("/", 1)[0] + "/" + name

        def drop() -> None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    printed = _jixiao("db", "demo", "--database", url)
    passwords = _logins(printed)
    try:
        with served(url, passwords, shots, tmp_path) as site:
            yield site
    finally:
        if drop is not None:
            drop()


@pytest.fixture(params=["sqlite", "postgresql"])
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Site]:
    with demo_site(request.param, tmp_path, OUT / request.param) as site:
        yield site


@contextmanager
def served(url: str, passwords: dict[str, str], shots: Path, logs: Path) -> Iterator[Site]:
    """``jixiao serve`` on ``url`` at a port the kernel chose, until the block ends; its
    log goes to a file (a pipe nobody reads would stop it once full); ``shots`` emptied."""
    port = _free_port()
    log = (logs / "serve.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "jixiao.cli", "serve", "--database", url, "--host",
                               "127.0.0.1", "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_up(base, server, logs / "serve.log")
        shutil.rmtree(shots, ignore_errors=True)
        shots.mkdir(parents=True)
        yield Site(base, passwords, shots)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


# The people of the scenario: the reference unit's clerk (填报人) and head (单位负责人), and
# the bureau's reviewer (财政审核人), as the demonstration database names them.
CLERK, HEAD, REVIEWER = "filler", "head", "bureau-reviewer"


def _logins(printed: str) -> dict[str, str]:
    """Username → password from the lines `jixiao db demo` prints (name, password, role, unit)."""
    found = {}
    for line in printed.splitlines():
        parts = line.split()
        if len(parts) >= 3 and re.fullmatch(r"[a-z][a-z0-9-]*", parts[0]):
            found[parts[0]] = parts[1]
    assert {CLERK, HEAD, REVIEWER} <= found.keys(), printed
    return found


def _wait_up(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"jixiao serve stopped: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/public", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("jixiao serve did not answer within 30 s")


# ---------------------------------------------------------------------------- the scenario

TITLE = "2023年度中国人民政治协商会议湖南省株洲市芦淞区委员会整体支出绩效自评报告"
PROJECT_FINAL = "/basic_data/expenses/project/final"  # 附件2 项目支出 本年决算数: 88.17 against 88.18 in 正文
COMMENTED = "/self_evaluation/indicators/3/groups/0/items/0/reason"  # 成本指标 偏差原因


class Browser:
    """One Chromium for the scenario; each person signs in on a page of their own."""

    def __init__(self, site: Site, chromium: Any) -> None:
        self.site, self.chromium, self.step = site, chromium, 0

    def person(self, username: str) -> Any:
        context = self.chromium.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(self.site.url + "/login")
        page.fill("#username", username)
        page.fill("#password", self.site.passwords[username])
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r".*/evaluations.*"))
        return page

    def shot(self, page: Any, name: str) -> None:
        """A screenshot of the whole page at 1366 wide, numbered in scenario order."""
        self.step += 1
        page.screenshot(path=str(self.site.shots / f"{self.step:02d}-{name}.png"), full_page=True)


def _cell(page: Any, pointer: str) -> Any:
    return page.locator(f'[id="f{pointer.replace("/", "-")}"]')


def _save(page: Any, pointer: str, value: str) -> None:
    """Type a value into a field and leave it: htmx saves it; wait for the new version."""
    before = page.input_value("#base-version")
    field = page.locator(f'[name="{pointer}"]')
    field.fill(value)
    field.press("Tab")
    page.wait_for_function(
        "v => document.querySelector('#base-version').value !== v", arg=before)


def _open(page: Any, site: Site, tab: str = "") -> int:
    """Open the reference evaluation from the list; its id."""
    page.goto(site.url + "/evaluations?year=2023")
    page.get_by_role("link", name=TITLE).first.click()
    page.wait_for_url(re.compile(r".*/evaluations/\d+$"))
    ident = int(page.url.rsplit("/", 1)[1])
    if tab:
        page.goto(f"{site.url}/evaluations/{ident}?tab={tab}")
    return ident


def _submit(page: Any, site: Site, ident: int, explanation: str) -> None:
    page.goto(f"{site.url}/evaluations/{ident}/submit")
    page.fill("#comment", explanation)
    page.get_by_role("button", name="确认送审").click()
    expect(page.locator(".ev-head .badge")).to_have_text("已送审")


def test_clerk_to_public(site: Site) -> None:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            _scenario(Browser(site, chromium))
        finally:
            chromium.close()


def _scenario(b: Browser) -> None:
    site = b.site
    # 1. The clerk uploads the reference report into the unit's 2023 draft.
    clerk = b.person(CLERK)
    b.shot(clerk, "clerk-list")
    ident = _open(clerk, site)
    clerk.get_by_role("link", name="上传文件").click()
    clerk.set_input_files("#file", str(REFERENCE))
    clerk.get_by_role("button", name="读取").click()
    expect(clerk.locator("#read-items")).to_contain_text("附件2 基础数据表")
    b.shot(clerk, "upload-read")
    clerk.get_by_role("button", name=re.compile("保存为第")).click()
    expect(clerk.locator(".flash.ok")).to_contain_text("已保存为新版本")
    b.shot(clerk, "evaluation-self")

    # 2. The conflict shows at its field in 附件2; the clerk fixes it and the finding goes.
    clerk.goto(f"{site.url}/evaluations/{ident}?tab=basic")
    conflict = _cell(clerk, PROJECT_FINAL).locator("ul.fx")
    expect(conflict).to_contain_text("88.18")
    expect(conflict).to_contain_text("88.17")
    b.shot(clerk, "conflict-at-field")
    _save(clerk, PROJECT_FINAL, "88.18")
    _save(clerk, "/basic_data/expenses/project_categories/0/final", "88.18")
    expect(_cell(clerk, PROJECT_FINAL).locator("ul.fx")).not_to_contain_text("88.17")
    expect(clerk.locator("#score-panel")).to_contain_text("已保存")
    b.shot(clerk, "conflict-fixed")

    # 3. The unit head submits (explaining the errors that remain, if any).
    head = b.person(HEAD)
    _submit(head, site, ident, "88.17为附件2笔误，已更正为88.18")
    b.shot(head, "submitted")

    # 4. The bureau's reviewer comments on a field and returns the evaluation.
    reviewer = b.person(REVIEWER)
    reviewer.goto(site.url + "/review")
    expect(reviewer.locator("#evaluations")).to_contain_text(TITLE)
    b.shot(reviewer, "review-queue")
    reviewer.goto(f"{site.url}/evaluations/{ident}")
    commented = _cell(reviewer, COMMENTED)
    commented.locator("summary").click()
    commented.locator("textarea[name=text]").fill("扣1分的原因请具体说明培训费用增加的金额")
    commented.get_by_role("button", name="保存意见").click()
    expect(_cell(reviewer, COMMENTED).locator("ul.cm")).to_contain_text("培训费用增加的金额")
    b.shot(reviewer, "comment-on-field")
    reviewer.goto(f"{site.url}/evaluations/{ident}/review")
    reviewer.fill("#return-comment", "请按审核意见补充成本指标的偏差原因")
    reviewer.locator("#return-form button").click()
    expect(reviewer.locator(".flash.ok")).to_contain_text("已退回")

    # 5. The clerk sees the reason and the comment at its field, and fixes it.
    clerk.goto(f"{site.url}/evaluations/{ident}")
    expect(clerk.locator(".flash.error")).to_contain_text("请按审核意见补充")
    expect(_cell(clerk, COMMENTED).locator("ul.cm")).to_contain_text("培训费用增加的金额")
    _save(clerk, COMMENTED, "委员赴南京培训增加支出31.82万元，超出年初预算")
    b.shot(clerk, "returned-fixed")
    _submit(head, site, ident, "已按审核意见补充")

    # 6. The reviewer sees the change against the last submission and approves with 复核得分.
    reviewer.goto(f"{site.url}/evaluations/{ident}/diff")
    expect(reviewer.locator("#diff")).to_contain_text("委员赴南京培训增加支出31.82万元")
    b.shot(reviewer, "diff")
    reviewer.goto(f"{site.url}/evaluations/{ident}/review")
    reviewer.fill("#review_score", "95")
    reviewer.fill("#approve-comment", "偏差原因已补充；成本指标佐证不足，酌情扣分")
    b.shot(reviewer, "approve")
    reviewer.locator("#approve-form button").click()
    expect(reviewer.locator(".flash.ok")).to_contain_text("已审核通过")

    # 7. The bureau publishes (the batch page), and the public page shows the report.
    reviewer.goto(site.url + "/publish")
    row = reviewer.locator("#evaluations tr", has_text=TITLE)
    row.locator("input[name=ids]").check()
    b.shot(reviewer, "publish")
    reviewer.get_by_role("button", name="公开所选报告").click()
    expect(reviewer.locator(".flash.ok")).to_contain_text("已公开")
    visitor = b.chromium.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN").new_page()
    visitor.goto(site.url + "/public?year=2023")
    expect(visitor.locator("table.public")).to_contain_text(TITLE)
    b.shot(visitor, "public-index")
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.locator(".card")).to_contain_text("95")
    b.shot(visitor, "public-report")
    pdf = visitor.request.get(site.url + (visitor.get_by_role("link", name="下载报告 PDF").get_attribute("href") or ""))
    assert pdf.status == 200 and pdf.body()[:5] == b"%PDF-"
