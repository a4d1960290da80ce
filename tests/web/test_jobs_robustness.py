"""Jobs that outlive their workers and their outputs, on SQLite and PostgreSQL: an item
whose worker died (lease run out, or its process gone) is queued again — or, after three
deaths, a failed row; a worker killed with SIGKILL in the middle of a job leaves it to the
next worker, which finishes it with every item counted once; the outputs of jobs ended
longer ago than the retention are deleted (never a running job's); a 项目支出 report of a
unit of a yearly task becomes that unit's project draft."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, select, update

from jixiao.jobs import lease, retention
from jixiao.jobs.models import Job, JobItem
from jixiao.jobs.queue import Queue
from jixiao.store import auth
from jixiao.store.db import Database
from jixiao.store.errors import Invalid
from jixiao.store.models import Evaluation, Organisation, Task, TaskUnit, utcnow
from jixiao.web import bulk
from tests.web.conftest import REFERENCE, ROOT, Api, clear_evaluations
from tests.web.test_jobs import items_by_name, place
from tests.web.test_pages import login, make_app

SICHUAN = ROOT / "examples" / "sichuan-qingshen-fgj-gongzi-2023.yaml"
IMPLEMENTER = "青神县发展和改革局"  # 实施单位 of the Sichuan project table (2023)


def _drain(queue: Queue) -> None:
    while (message := queue.huey.dequeue()) is not None:
        queue.huey.execute(message)


@pytest.fixture
def queued(api: Api, tmp_path: Path) -> Iterator[tuple[Api, Queue]]:
    """The API on a real huey storage (SQLite file), drained by hand."""
    queue = Queue(api.world.db, f"sqlite:///{tmp_path / 'queue.db'}")
    api.client.app.state.job_queue = queue
    try:
        yield api, queue
    finally:
        del api.client.app.state.job_queue


def _taken_by(api: Api, job_id: int, worker: str, taken_at: dt.datetime | None, attempts: int = 1) -> None:
    """What a worker that then died leaves behind: its items 处理中 under its name."""
    with api.world.db.writing() as s:
        s.execute(update(JobItem).where(JobItem.job_id == job_id).values(
            status="running", worker=worker, taken_at=taken_at, attempts=attempts))
        s.execute(update(Job).where(Job.id == job_id).values(status="running"))


def test_an_item_whose_lease_ran_out_is_queued_again_and_finished(queued: tuple[Api, Queue]) -> None:
    api, queue = queued
    place(api, "U1", "approved")
    place(api, "U3", "approved")
    ident = api.post("/api/v1/jobs/render", "bureau-reviewer@B1", json={"year": 2023}).json()["id"]
    while queue.huey.dequeue() is not None:  # the message went with the worker that took it
        pass
    now = utcnow()
    _taken_by(api, ident, "another-machine:4242", now - dt.timedelta(seconds=30))
    with api.world.db.writing() as s:  # a lease still running is left alone
        assert lease.recover(s, lease=300, now=now).count == 0
    found = queue_recover_at(queue, now + dt.timedelta(seconds=300))
    assert list(found.requeued) == [ident] and found.requeued[ident] == ("render", [0, 1])
    job = api.get(f"/api/v1/jobs/{ident}", "bureau-reviewer@B1").json()
    assert job["counts"] == {"pending": 2} and job["status"] == "running"
    assert [(i["worker"], i["taken_at"], i["attempts"]) for i in job["items"]] == [(None, None, 1)] * 2
    _drain(queue)
    job = api.get(f"/api/v1/jobs/{ident}", "bureau-reviewer@B1").json()
    assert job["status"] == "done" and job["processed"] == job["succeeded"] == job["total"] == 2
    with api.world.db.reading() as s:
        assert list(s.scalars(select(JobItem.attempts).where(JobItem.job_id == ident))) == [2, 2]


def queue_recover_at(queue: Queue, now: dt.datetime) -> lease.Recovered:
    """:meth:`Queue.recover` as it runs at ``now`` (the lease measured against it)."""
    with queue.database.writing() as s:
        found = lease.recover(s, now=now)
    for job_id, (kind, positions) in found.requeued.items():
        queue._enqueue_positions(job_id, kind, positions)
    return found


def test_a_dead_process_of_this_machine_needs_no_wait_and_three_deaths_fail_the_item(
        queued: tuple[Api, Queue]) -> None:
    api, queue = queued
    place(api, "U1", "approved")
    ident = api.post("/api/v1/jobs/render", "unit-head@U1", json={"year": 2023}).json()["id"]
    while queue.huey.dequeue() is not None:
        pass
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a process id that no longer runs
    host = lease.worker_name().rpartition(":")[0]
    _taken_by(api, ident, f"{host}:{gone.pid}", utcnow())
    page = TestClient(make_app(api.world))
    login(page, "unit-head@U1")
    assert re.search(r"处理中\s*<div[^>]*>\d\d:\d\d:\d\d 仍在处理</div>", page.get(f"/jobs/{ident}").text)
    assert queue.recover().requeued == {ident: ("render", [0])}
    while queue.huey.dequeue() is not None:
        pass
    _taken_by(api, ident, f"{host}:{gone.pid}", utcnow(), attempts=lease.MAX_ATTEMPTS)
    found = queue.recover()
    assert found.failed == 1 and not found.requeued
    job = api.get(f"/api/v1/jobs/{ident}", "unit-head@U1").json()
    assert job["status"] == "done" and job["failed"] == 1 and job["processed"] == 1
    assert "已中断 3 次" in job["items"][0]["message"]
    # a cancelled job's items are closed, not queued again
    again = api.post("/api/v1/jobs/render", "unit-head@U1", json={"year": 2023}).json()["id"]
    _taken_by(api, again, "another-machine:1", None)
    with api.world.db.writing() as s:
        s.execute(update(Job).where(Job.id == again).values(cancel_requested=True))
    assert queue.recover().cancelled == 1
    assert api.get(f"/api/v1/jobs/{again}", "unit-head@U1").json()["status"] == "cancelled"


def test_the_workers_recover_every_minute_and_clean_every_night(api: Api, tmp_path: Path) -> None:
    queue = Queue(api.world.db, f"sqlite:///{tmp_path / 'queue.db'}")
    due = {t.name for t in queue.huey.read_periodic(dt.datetime(2026, 12, 3, 3, 20))}
    assert due == {"jixiao_recover", "jixiao_clean"}
    assert {t.name for t in queue.huey.read_periodic(dt.datetime(2026, 12, 3, 14, 7))} == {"jixiao_recover"}


# --- a worker killed in the middle of a job ------------------------------------------------

def test_a_worker_killed_mid_job_leaves_it_to_the_next_one(tmp_path: Path) -> None:
    """SIGKILL while a rendering job runs: its items in hand stay 处理中 until the next worker
    starts, takes them back (the dead worker ran on this machine) and finishes the job."""
    from jixiao.web import reading, service

    url, queue_address = f"sqlite:///{tmp_path / 'kill.db'}", f"sqlite:///{tmp_path / 'kill-queue.db'}"
    database = Database(url)
    database.upgrade()
    with database.writing() as s:
        bureau = auth.add_organisation(s, "财政局", "bureau", None)
        unit = auth.add_organisation(s, "单位", "unit", bureau)
        head = auth.add_user(s, "head", "correct horse 1", unit, "unit-head")
        caller = auth.caller_for(head)
    data = reading.read_file(REFERENCE.read_bytes(), REFERENCE.name).data
    assert data is not None
    for year in range(2019, 2024):  # five reports to render, a few seconds each on two cores
        service.create_from_data(database, caller, {**data, "unit": {**data["unit"], "year": str(year)}})
    queue = Queue(database, queue_address)
    jobs = [bulk.submit_render(queue, caller, year).id for year in range(2019, 2024)]  # five jobs of one PDF

    def counts() -> dict[str, int]:
        with database.reading() as s:
            rows = s.execute(select(JobItem.status).where(JobItem.job_id.in_(jobs))).scalars().all()
        return {st: rows.count(st) for st in set(rows)}

    env = {**os.environ, "JIXIAO_JOB_LEASE": "600"}
    log = (tmp_path / "worker.log").open("wb")
    first = subprocess.Popen([sys.executable, "-m", "jixiao.cli", "worker", "--database", url, "--queue",
                              queue_address], cwd=ROOT, stderr=log, env=env)
    try:
        deadline = time.monotonic() + 120
        while counts().get("ok", 0) < 1 or counts().get("running", 0) < 1:
            assert first.poll() is None and time.monotonic() < deadline, counts()
            time.sleep(0.05)
        first.send_signal(signal.SIGKILL)
        first.wait()
        stuck = counts()
        assert stuck.get("running", 0) >= 1, stuck  # 处理中, with nobody at it
        second = subprocess.Popen([sys.executable, "-m", "jixiao.cli", "worker", "--database", url, "--queue",
                                   queue_address], cwd=ROOT, stderr=log, env=env)
        try:
            while counts().get("ok", 0) < len(jobs):
                assert second.poll() is None and time.monotonic() < deadline + 120, counts()
                time.sleep(0.2)
        finally:
            second.send_signal(signal.SIGINT)
            second.wait(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
        log.close()
    with database.reading() as s:
        finished = list(s.execute(select(Job.status, Job.processed, Job.succeeded, Job.total)
                                  .where(Job.id.in_(jobs))))
        attempts = sorted(s.scalars(select(JobItem.attempts).where(JobItem.job_id.in_(jobs))))
    assert all(r == ("done", 1, 1, 1) for r in finished), finished
    assert attempts[-1] == 2 and attempts[0] == 1  # the item in hand was run twice, the others once
    assert "重新排队中断的作业项" in (tmp_path / "worker.log").read_text()
    database.dispose()


# --- retention --------------------------------------------------------------------------

def test_outputs_of_old_finished_jobs_are_deleted_never_a_running_jobs(api: Api) -> None:
    from jixiao.jobs.queue import Queue as Q

    api.client.app.state.job_queue = Q(api.world.db, "immediate")
    try:
        place(api, "U1", "approved")
        old = api.post("/api/v1/jobs/render", "unit-head@U1", json={"year": 2023}).json()["id"]
        recent = api.post("/api/v1/jobs/render", "unit-head@U1", json={"year": 2023}).json()["id"]
        running = api.post("/api/v1/jobs/render", "unit-head@U1", json={"year": 2023}).json()["id"]
    finally:
        del api.client.app.state.job_queue
    now = utcnow()
    with api.world.db.writing() as s:
        s.execute(update(Job).where(Job.id == old).values(finished_at=now - dt.timedelta(days=31)))
        s.execute(update(Job).where(Job.id == recent).values(finished_at=now - dt.timedelta(days=29)))
        # a job started long ago that still runs keeps its outputs, whatever its age
        s.execute(update(Job).where(Job.id == running).values(status="running", finished_at=None,
                                                              created_at=now - dt.timedelta(days=90)))
    with api.world.db.writing() as s:
        planned = retention.clean(s, days=30, now=now, dry_run=True)
    assert (planned.jobs, planned.items) == (1, 1) and planned.bytes > 1000
    assert api.get(f"/api/v1/jobs/{old}/download", "unit-head@U1").status_code == 200  # nothing deleted yet
    with api.world.db.writing() as s:
        done = retention.clean(s, days=30, now=now)
    assert (done.jobs, done.items, done.bytes) == (planned.jobs, planned.items, planned.bytes)
    with api.world.db.writing() as s:
        assert retention.clean(s, days=30, now=now).jobs == 0  # once
    with api.world.db.reading() as s:
        kept = {row[0]: row[1] for row in s.execute(select(JobItem.job_id, JobItem.content.is_not(None)))}
    assert kept == {old: False, recent: True, running: True}
    gone = api.get(f"/api/v1/jobs/{old}/download", "unit-head@U1")
    assert gone.status_code == 422 and "按保留期限（30 天）清理" in gone.json()["error"]["message"]
    view = api.get(f"/api/v1/jobs/{old}", "unit-head@U1").json()
    assert view["download"] is None and view["outputs_removed_at"] and view["items"][0]["status"] == "ok"
    assert api.get(f"/api/v1/jobs/{recent}", "unit-head@U1").json()["download"]


def test_the_retention_setting_and_the_clean_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.web.test_commands import jixiao

    monkeypatch.setenv(retention.RETENTION_VARIABLE, "7")
    assert retention.retention_days() == 7 and retention.retention_days(90) == 90
    monkeypatch.setenv(retention.RETENTION_VARIABLE, "一个月")
    with pytest.raises(Invalid, match="不是整数"):
        retention.retention_days()
    monkeypatch.delenv(retention.RETENTION_VARIABLE)
    assert retention.retention_days() == 30
    with pytest.raises(Invalid, match="至少为 1 天"):
        retention.retention_days(0)
    url = f"sqlite:///{tmp_path / 'c.db'}"
    assert jixiao("db", "upgrade", "--database", url, cwd=tmp_path).returncode == 0
    dry = jixiao("jobs", "clean", "--database", url, "--dry-run", cwd=tmp_path)
    assert dry.returncode == 0 and "将清理 0 个结束超过 30 天的作业" in dry.stderr
    bad = jixiao("jobs", "clean", "--database", url, "--days", "0", cwd=tmp_path)
    assert bad.returncode == 2 and "至少为 1 天" in bad.stderr
    recovered = jixiao("jobs", "recover", "--database", url, cwd=tmp_path)
    assert recovered.returncode == 0 and "重新排队 0 项" in recovered.stderr


# --- 项目支出 drafts from an import -------------------------------------------------------

@pytest.fixture
def project_task(api: Api) -> Iterator[tuple[Api, int]]:
    """A 2023 task of 财政局甲 including the Sichuan project table's 实施单位, removed after."""
    api.client.app.state.job_queue = Queue(api.world.db, "immediate")
    with api.world.db.writing() as s:
        unit = auth.add_organisation(s, IMPLEMENTER, "unit", s.get(Organisation, api.world.orgs["D1"].id))
        task = Task(bureau_id=api.world.orgs["B1"].id, year=2023, framework="hunan-overall")
        s.add(task)
        s.flush()
        s.add(TaskUnit(task_id=task.id, unit_id=unit.id))
        ids = (unit.id, task.id)
    yield api, ids[1]
    del api.client.app.state.job_queue
    clear_evaluations(api.world.db)
    with api.world.db.writing() as s:
        s.execute(delete(JobItem))
        s.execute(delete(Job))
        s.execute(delete(TaskUnit).where(TaskUnit.task_id == ids[1]))
        s.execute(delete(Task).where(Task.id == ids[1]))
        s.execute(delete(Organisation).where(Organisation.id == ids[0]))


def _import(api: Api, task_id: int, files: dict[str, bytes]) -> dict[str, dict[str, Any]]:
    answer = api.post("/api/v1/jobs/import", "admin@B1", data={"task_id": str(task_id)},
                      files=[("files", (name, io.BytesIO(content), "text/yaml")) for name, content in files.items()])
    assert answer.status_code == 202, answer.text
    return items_by_name(api.get(f"/api/v1/jobs/{answer.json()['id']}", "admin@B1").json())


def test_a_project_report_becomes_the_project_draft_of_its_unit(project_task: tuple[Api, int]) -> None:
    api, task_id = project_task
    text = SICHUAN.read_text(encoding="utf-8")
    other_project = text.replace("name: 工资性支出", "name: 办公楼维修", 1)
    other_unit = text.replace(f"implementer: {IMPLEMENTER}", "implementer: 青神县水务局", 1).replace(
        "department: 青神县发展和改革局本级", "department: 青神县水务局本级", 1)
    assert other_project != text and other_unit != text
    rows = _import(api, task_id, {"工资.yaml": text.encode(), "维修.yaml": other_project.encode(),
                                  "水务.yaml": other_unit.encode()})
    made, second = rows["工资.yaml"], rows["维修.yaml"]
    assert made["status"] == "ok" and "已建为 青神县发展和改革局 的项目支出草稿（工资性支出）" in made["message"]
    assert second["evaluation_id"] and second["evaluation_id"] != made["evaluation_id"]
    assert "任务中没有名为“青神县水务局”或“青神县水务局本级”的单位" in rows["水务.yaml"]["message"]
    detail = api.get(f"/api/v1/evaluations/{made['evaluation_id']}", "admin@B1").json()
    assert (detail["kind"], detail["year"], detail["status"], detail["unit"]["name"]) == (
        "project", 2023, "draft", IMPLEMENTER)
    assert detail["data"]["project"]["name"] == "工资性支出"
    with api.world.db.reading() as s:
        ev = s.get(Evaluation, made["evaluation_id"])
        assert ev is not None and ev.task_id == task_id
    # the same report again is not imported twice; a changed one does not overwrite the draft
    again = _import(api, task_id, {"工资.yaml": text.encode()})["工资.yaml"]
    assert again["evaluation_id"] == made["evaluation_id"] and "内容相同" in again["message"]
    changed = _import(api, task_id, {"工资2.yaml": text.replace("251.89", "251.88", 1).encode()})["工资2.yaml"]
    assert changed["evaluation_id"] == made["evaluation_id"] and "已有该项目的自评" in changed["message"]
    assert api.get(f"/api/v1/evaluations/{made['evaluation_id']}", "admin@B1").json()["version"] == 1


def test_the_heartbeat_renews_the_lease_of_the_items_still_held(queued: tuple[Api, Queue]) -> None:
    api, _queue = queued
    place(api, "U1", "approved")
    ident = api.post("/api/v1/jobs/render", "unit-head@U1", json={"year": 2023}).json()["id"]
    long_ago = utcnow() - dt.timedelta(hours=1)
    _taken_by(api, ident, "me:1", long_ago)
    with api.world.db.reading() as s:
        ids = list(s.scalars(select(JobItem.id).where(JobItem.job_id == ident)))
    with lease.Heartbeat(api.world.db, ids, "me:1", lease=0.2):
        deadline = time.monotonic() + 10
        while True:
            with api.world.db.reading() as s:
                taken = s.scalar(select(JobItem.taken_at).where(JobItem.id == ids[0]))
            if taken is not None and lease._aware(taken) > long_ago + dt.timedelta(minutes=59):
                break
            assert time.monotonic() < deadline
            time.sleep(0.05)
    with api.world.db.writing() as s:  # renewed: not taken back; another worker's name renews nothing
        assert lease.recover(s, lease=300).count == 0
        assert lease.renew(s, ids, "someone-else:2") == 0
