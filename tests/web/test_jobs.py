"""Jobs through the JSON API, on SQLite and PostgreSQL, with the queue in ``immediate``
mode (a job runs in the request that submits it) or, for cancelling, on a real huey
storage drained by hand: importing and auditing reports (a document that kills its
reading child is a failed row, the others are read), drafts for a yearly task, rendering
a year's PDFs, publishing a batch, cancelling, and who sees and may do what."""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select

from jixiao.jobs import batch
from jixiao.jobs.models import Job, JobItem
from jixiao.jobs.queue import Queue
from jixiao.store import auth
from jixiao.store.evaluations import content_hash
from jixiao.store.models import AuditEntry, Evaluation, Organisation, Task, TaskUnit, Version
from jixiao.web import bulk
from tests.conftest import CORPUS
from tests.web.conftest import Api, clear_evaluations
from tests.web.jobs_hostile import CRASH, crashing_batch

REPORTS = ["000_ca49b2c89bc71ff3.txt", "01_hunan_nanxian_zhengxie_2021.txt", "13_hunan_hengshan_guantang_2023.txt"]
LUSONG = "中国人民政治协商会议湖南省株洲市芦淞区委员会"  # the unit of 000_…txt (2023)
DATA = {"kind": "overall", "unit": {"name": "单位", "year": "2023"}}


@pytest.fixture
def jobs(api: Api) -> Api:
    """The API with the queue in immediate mode."""
    api.client.app.state.job_queue = Queue(api.world.db, "immediate")
    return api


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def corpus(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def place(api: Api, unit: str, status: str, year: int = 2023) -> int:
    with api.world.db.writing() as s:
        ev = Evaluation(unit_id=api.world.orgs[unit].id, year=year, kind="overall", status=status, version=1,
                        title="作业")
        s.add(ev)
        s.flush()
        s.add(Version(evaluation_id=ev.id, number=1, data=DATA, content_hash=content_hash(DATA),
                      result={"findings": [], "counts": {"error": 0, "warning": 0, "info": 0}}))
        return ev.id


def items_by_name(job: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["name"]: i for i in job["items"]}


def test_import_audits_every_document_and_a_crash_is_one_failed_row(jobs: Api,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk.batch, "audit_documents",
                        functools.partial(batch.audit_documents, worker=crashing_batch))
    archive = zipped({**{f"报告/{n}": corpus(n) for n in REPORTS}, "报告/崩溃.txt": CRASH + b" text",
                      "../越界.txt": b"x", "图片.png": b"\x89PNG", "__MACOSX/._a.txt": b"", "子/": b""})
    answer = jobs.post("/api/v1/jobs/import", "filler@U1",
                       files=[("files", ("年报.zip", archive, "application/zip")),
                              ("files", ("单独.txt", corpus(REPORTS[1]), "text/plain"))])
    assert answer.status_code == 202, answer.text
    job = jobs.get(f"/api/v1/jobs/{answer.json()['id']}", "filler@U1").json()
    assert job["status"] == "done" and job["total"] == job["processed"] == 7, [i["name"] for i in job["items"]]
    rows = items_by_name(job)
    assert set(rows) == {*(f"报告/{n}" for n in REPORTS), "报告/崩溃.txt", "../越界.txt", "图片.png", "单独.txt"}
    lusong = rows["报告/000_ca49b2c89bc71ff3.txt"]
    assert lusong["status"] == "ok" and lusong["unit"] == LUSONG and lusong["year"] == 2023
    assert lusong["counts"]["error"] >= 1 and lusong["findings"] and lusong["message"].startswith("错误")
    assert rows["单独.txt"]["status"] == "ok"
    crashed = rows["报告/崩溃.txt"]
    assert crashed["status"] == "failed" and "读取此文件的子进程未能完成" in crashed["message"]
    assert "SIGABRT" in crashed["message"]
    assert rows["../越界.txt"]["status"] == "failed" and "不安全" in rows["../越界.txt"]["message"]
    assert rows["图片.png"]["status"] == "skipped"
    assert job["succeeded"] == 4 and job["failed"] == 2
    assert job["counts"] == {"ok": 4, "failed": 2, "skipped": 1}
    failed = jobs.get(f"/api/v1/jobs/{job['id']}?status=failed", "filler@U1").json()["items"]
    assert {i["name"] for i in failed} == {"报告/崩溃.txt", "../越界.txt"}


def test_a_zip_bomb_is_refused_with_a_message(jobs: Api) -> None:
    bomb = zipped({"a.txt": b"0" * (300 * 1024 * 1024 // 100)})  # 3 MB of zeros: ratio over 200
    answer = jobs.post("/api/v1/jobs/import", "filler@U1", files=[("files", ("炸弹.zip", bomb, "application/zip"))])
    assert answer.status_code == 422 and "炸弹.zip" in answer.json()["error"]["message"]
    assert "压缩" in answer.json()["error"]["message"]


@pytest.fixture
def lusong_task(jobs: Api) -> Iterator[int]:
    """A 2023 task of 财政局甲 including the reference report's unit, added for the test and
    removed after it: the session's world is shared with other tests (the dashboard counts
    its units)."""
    with jobs.world.db.writing() as s:
        unit = auth.add_organisation(s, LUSONG, "unit", s.get(Organisation, jobs.world.orgs["D1"].id))
        task = Task(bureau_id=jobs.world.orgs["B1"].id, year=2023, framework="hunan-overall")
        s.add(task)
        s.flush()
        s.add(TaskUnit(task_id=task.id, unit_id=unit.id))
        ids = (unit.id, task.id)
    yield ids[1]
    clear_evaluations(jobs.world.db)
    with jobs.world.db.writing() as s:
        s.execute(delete(JobItem))
        s.execute(delete(Job))
        s.execute(delete(TaskUnit).where(TaskUnit.task_id == ids[1]))
        s.execute(delete(Task).where(Task.id == ids[1]))
        s.execute(delete(Organisation).where(Organisation.id == ids[0]))


def test_import_makes_drafts_for_the_units_of_a_task(jobs: Api, lusong_task: int) -> None:
    task_id = lusong_task
    files = [("files", (n, corpus(n), "text/plain")) for n in REPORTS[:2]]
    refused = jobs.post("/api/v1/jobs/import", "bureau-reviewer@B1", files=files, data={"task_id": str(task_id)})
    assert refused.status_code == 403
    answer = jobs.post("/api/v1/jobs/import", "admin@B1", files=files, data={"task_id": str(task_id)})
    assert answer.status_code == 202, answer.text
    rows = items_by_name(jobs.get(f"/api/v1/jobs/{answer.json()['id']}", "admin@B1").json())
    made = rows[REPORTS[0]]
    assert made["status"] == "ok" and made["evaluation_id"] and "已建为" in made["message"]
    assert "未建草稿" in rows[REPORTS[1]]["message"] and rows[REPORTS[1]]["evaluation_id"] is None  # 2021
    detail = jobs.get(f"/api/v1/evaluations/{made['evaluation_id']}", "admin@B1").json()
    assert detail["status"] == "draft" and detail["unit"]["name"] == LUSONG and detail["year"] == 2023
    assert detail["data"]["unit"]["name"] == LUSONG and detail["counts"]["error"] >= 1
    with jobs.world.db.reading() as s:
        assert s.scalar(select(AuditEntry).where(AuditEntry.action == "evaluation.import",
                                                 AuditEntry.target == f"evaluation:{made['evaluation_id']}"))
    again = jobs.post("/api/v1/jobs/import", "admin@B1", files=files[:1], data={"task_id": str(task_id)})
    row = jobs.get(f"/api/v1/jobs/{again.json()['id']}", "admin@B1").json()["items"][0]
    assert row["evaluation_id"] == made["evaluation_id"] and "内容相同" in row["message"]


def test_render_a_year_in_scope_and_download_the_zip(jobs: Api) -> None:
    own, sibling = place(jobs, "U1", "approved"), place(jobs, "U3", "approved")
    place(jobs, "U1", "draft", year=2022)
    answer = jobs.post("/api/v1/jobs/render", "department-reviewer@D1", json={"year": 2023})
    assert answer.status_code == 202, answer.text
    job = jobs.get(f"/api/v1/jobs/{answer.json()['id']}", "department-reviewer@D1").json()
    assert job["status"] == "done" and [i["evaluation_id"] for i in job["items"]] == [own]
    assert sibling not in [i["evaluation_id"] for i in job["items"]]
    download = jobs.get(job["download"], "department-reviewer@D1")
    assert download.status_code == 200 and download.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(download.content)).namelist()
    assert len(names) == 1 and names[0].endswith(".pdf") and "单位一" in names[0]
    assert zipfile.ZipFile(io.BytesIO(download.content)).read(names[0]).startswith(b"%PDF")
    assert jobs.get(job["download"], "filler@U3").status_code == 404
    assert jobs.post("/api/v1/jobs/render", "filler@U1", json={"year": 1999}).status_code == 422


def test_publish_a_batch_each_audited_and_refusals_are_rows(jobs: Api) -> None:
    own, sibling, foreign = (place(jobs, u, "approved") for u in ("U1", "U3", "U4"))
    assert jobs.post("/api/v1/jobs/publish", "filler@U1", json={"year": 2023}).status_code == 403
    answer = jobs.post("/api/v1/jobs/publish", "bureau-reviewer@B1", json={"year": 2023})
    assert answer.status_code == 202, answer.text
    job = jobs.get(f"/api/v1/jobs/{answer.json()['id']}", "bureau-reviewer@B1").json()
    assert job["status"] == "done" and job["succeeded"] == 2
    assert {i["evaluation_id"] for i in job["items"]} == {own, sibling}
    for ident in (own, sibling):
        assert jobs.get(f"/api/v1/evaluations/{ident}", "bureau-reviewer@B1").json()["status"] == "published"
    with jobs.world.db.reading() as s:
        targets = set(s.scalars(select(AuditEntry.target).where(AuditEntry.action == "evaluation.publish")))
    assert targets == {f"evaluation:{own}", f"evaluation:{sibling}"}
    stale = place(jobs, "U1", "approved")
    chosen = jobs.post("/api/v1/jobs/publish", "bureau-reviewer@B1",
                       json={"items": [{"id": stale, "version": 7}, {"id": foreign, "version": 1}]})
    rows = jobs.get(f"/api/v1/jobs/{chosen.json()['id']}", "bureau-reviewer@B1").json()["items"]
    assert [r["status"] for r in rows] == ["failed", "failed"]
    assert "评价不存在" in rows[1]["message"] and "单位四" not in str(rows)


def test_cancel_stops_between_items_and_only_the_submitter_or_an_admin_may(api: Api, tmp_path: Path) -> None:
    queue = Queue(api.world.db, f"sqlite:///{tmp_path / 'queue.db'}")
    api.client.app.state.job_queue = queue
    try:
        place(api, "U1", "approved")
        answer = api.post("/api/v1/jobs/render", "filler@U1", json={"year": 2023})
        assert answer.status_code == 202
        ident = answer.json()["id"]
        assert api.get(f"/api/v1/jobs/{ident}", "filler@U1").json()["status"] == "queued"
        assert api.post(f"/api/v1/jobs/{ident}/cancel", "filler@U3").status_code == 404
        assert api.post(f"/api/v1/jobs/{ident}/cancel", "unit-head@U1").status_code == 403
        assert api.post(f"/api/v1/jobs/{ident}/cancel", "filler@U1").json()["cancel_requested"] is True
        while (message := queue.huey.dequeue()) is not None:
            queue.huey.execute(message)
        job = api.get(f"/api/v1/jobs/{ident}", "filler@U1").json()
        assert job["status"] == "cancelled" and job["counts"] == {"cancelled": 1} and job["finished"]
        assert api.post(f"/api/v1/jobs/{ident}/cancel", "admin@B1").status_code == 409
    finally:
        del api.client.app.state.job_queue


SUBMITTERS = ["filler@U1", "department-reviewer@D1", "bureau-reviewer@B1", "admin@B1", "filler@U4"]
# Who sees a job submitted by whom: the organisation of the job and everyone above it.
SEES = {
    "filler@U1": {"filler@U1", "unit-head@U1", "department-reviewer@D1", "bureau-reviewer@B1", "admin@B1"},
    "department-reviewer@D1": {"department-reviewer@D1", "bureau-reviewer@B1", "admin@B1"},
    "bureau-reviewer@B1": {"bureau-reviewer@B1", "admin@B1"},
    "admin@B1": {"bureau-reviewer@B1", "admin@B1"},
    "filler@U4": {"filler@U4", "bureau-reviewer@B2"},
}
READERS = ["filler@U1", "unit-head@U1", "filler@U3", "department-reviewer@D1", "department-reviewer@D2",
           "bureau-reviewer@B1", "admin@B1", "filler@U4", "bureau-reviewer@B2"]


def test_jobs_are_seen_within_their_organisation_only(jobs: Api) -> None:
    picture = [("files", ("图.png", b"\x89PNG", "image/png"))]  # skipped when submitted: no reading to wait for
    made = {}
    for who in SUBMITTERS:
        answer = jobs.post("/api/v1/jobs/import", who, files=picture)
        assert answer.status_code == 202, (who, answer.text)
        made[who] = answer.json()["id"]
    assert jobs.post("/api/v1/jobs/import", None, files=picture).status_code == 401
    for reader in READERS:
        listed = {j["id"] for j in jobs.get("/api/v1/jobs", reader).json()["items"]}
        for who, ident in made.items():
            visible = reader in SEES[who]
            assert (ident in listed) == visible, (reader, who)
            for path in (f"/api/v1/jobs/{ident}", f"/api/v1/jobs/{ident}/download"):
                status = jobs.get(path, reader).status_code
                assert status == (422 if visible and path.endswith("download") else 200 if visible else 404), \
                    (reader, who, path, status)
    assert jobs.get(f"/api/v1/jobs/{made['filler@U1']}", None).status_code == 401


def test_cookie_submissions_need_the_csrf_token(jobs: Api) -> None:
    from jixiao.web import service
    from jixiao.web.deps import SESSION_COOKIE

    opened = service.login(jobs.world.db, "bureau-reviewer@B1", "correct horse 1")
    assert opened is not None
    cookie, csrf = opened
    jobs.client.cookies.set(SESSION_COOKIE, cookie)
    try:
        refused = jobs.client.post("/api/v1/jobs/render", json={"year": 2023})
        assert refused.status_code == 403 and "CSRF" in refused.json()["error"]["message"]
        place(jobs, "U1", "approved")
        assert jobs.client.post("/api/v1/jobs/publish", json={"year": 2023},
                                headers={"X-CSRF-Token": csrf}).status_code == 202
    finally:
        jobs.client.cookies.clear()


def test_health_answers_without_a_login(jobs: Api) -> None:
    answer = jobs.get("/api/v1/health")
    assert answer.status_code == 200, answer.text
    assert answer.json()["database"] == "ok" and answer.json()["queue"]["waiting"] == 0
