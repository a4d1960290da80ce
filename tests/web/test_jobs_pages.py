"""The job pages: start an import from the form, follow it to its page (progress, then
the rows with their findings), the progress fragment that reloads the page when the job
ends, cancelling and downloading from the page, and the CSRF token on every form."""

from __future__ import annotations

import io
import re
import zipfile

from fastapi.testclient import TestClient

from jixiao.jobs.queue import Queue
from tests.conftest import CORPUS
from tests.web.conftest import World
from tests.web.test_jobs import place, zipped
from tests.web.test_pages import login, make_app

REPORT = "000_ca49b2c89bc71ff3.txt"


def client_for(world: World, user: str) -> tuple[TestClient, str]:
    app = make_app(world)
    app.state.job_queue = Queue(world.db, "immediate")
    client = TestClient(app, raise_server_exceptions=False)
    return client, login(client, user)


def test_import_from_the_page_and_read_the_results(fresh: World) -> None:
    client, token = client_for(fresh, "filler@U1")
    page = client.get("/jobs")
    assert page.status_code == 200 and "导入核查已公开的报告" in page.text and 'href="/jobs"' in page.text
    assert 'action="/jobs/publish"' not in page.text  # a filler cannot publish
    archive = zipped({REPORT: (CORPUS / REPORT).read_bytes(), "坏.pdf": b"%PDF-1.4 not really"})
    refused = client.post("/jobs/import", files={"files": ("年报.zip", archive, "application/zip")})
    assert refused.status_code == 403
    started = client.post("/jobs/import", data={"csrf_token": token},
                          files={"files": ("年报.zip", archive, "application/zip")}, follow_redirects=False)
    assert started.status_code == 303, started.text
    shown = client.get(started.headers["location"])
    assert shown.status_code == 200 and "已完成" in shown.text and "hx-trigger" not in shown.text
    assert REPORT in shown.text and "中国人民政治协商会议湖南省株洲市芦淞区委员会" in shown.text
    assert "坏.pdf" in shown.text and "失败" in shown.text
    ident = int(started.headers["location"].rsplit("/", 1)[1])
    failed = client.get(f"/jobs/{ident}?status=failed")
    assert "坏.pdf" in failed.text and REPORT not in failed.text
    fragment = client.get(f"/jobs/{ident}/progress")
    assert fragment.headers.get("hx-refresh") == "true"
    assert client.get("/jobs").text.count(f'href="/jobs/{ident}"') == 1
    outsider, _ = client_for(fresh, "filler@U4")
    assert outsider.get(f"/jobs/{ident}").status_code == 404
    assert f'href="/jobs/{ident}"' not in outsider.get("/jobs").text


def test_a_bad_submission_is_told_on_the_form(fresh: World) -> None:
    client, token = client_for(fresh, "bureau-reviewer@B1")
    answer = client.post("/jobs/render", data={"csrf_token": token, "year": "1999"})
    assert answer.status_code == 422 and "1999 年度在您的范围内没有自评" in answer.text
    answer = client.post("/jobs/publish", data={"csrf_token": token, "year": "二〇二三"})
    assert answer.status_code == 422 and "年度" in answer.text


def test_render_then_download_from_the_page(fresh: World) -> None:
    from tests.web.conftest import Api

    place(Api(None, fresh, {}), "U1", "approved")
    client, token = client_for(fresh, "unit-head@U1")
    started = client.post("/jobs/render", data={"csrf_token": token, "year": "2023"}, follow_redirects=False)
    assert started.status_code == 303
    shown = client.get(started.headers["location"])
    link = re.search(r'href="(/jobs/\d+/download)"', shown.text)
    assert link is not None
    names = zipfile.ZipFile(io.BytesIO(client.get(link.group(1)).content)).namelist()
    assert len(names) == 1 and names[0].endswith(".pdf")
