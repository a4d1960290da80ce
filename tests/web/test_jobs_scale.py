"""Scale-out across processes: two ``jixiao serve`` processes and one ``jixiao worker``
against PostgreSQL and Redis. A session opened on process A works on process B; a job
submitted on A is run by the worker and its result is shown by B. Nothing a request or a
job needs lives in one process's memory."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from jixiao.store import auth
from jixiao.store.db import Database
from tests.conftest import CORPUS
from tests.web.conftest import PG_ADMIN_URL, _postgres_reachable

REDIS_URL = os.environ.get("JIXIAO_TEST_REDIS", "redis://127.0.0.1:6379/5")
PASSWORD = "correct horse 1"
REPORTS = ["000_ca49b2c89bc71ff3.txt", "01_hunan_nanxian_zhengxie_2021.txt", "13_hunan_hengshan_guantang_2023.txt"]


def _free_ports(count: int) -> list[int]:
    """Ports nobody listens on now (the kernel's choice), so that parallel runs never meet."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _redis_reachable() -> str | None:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as exc:
        return f"Redis unreachable at {REDIS_URL}: {type(exc).__name__}"
    return None


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A fresh PostgreSQL database with one bureau and its reviewer, an empty Redis
    database, two app processes and a worker."""
    reason = _postgres_reachable() or _redis_reachable()
    if reason:
        pytest.skip(reason)
    import redis

    name = f"jixiao_jobs_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    database = Database(url)
    database.upgrade()
    with database.writing() as s:
        bureau = auth.add_organisation(s, "财政局甲", "bureau", None)
        auth.add_user(s, "reviewer", PASSWORD, bureau, "bureau-reviewer")
    database.dispose()
    queue = redis.Redis.from_url(REDIS_URL)
    queue.flushdb()
    env = {**os.environ, "JIXIAO_DATABASE_URL": url, "JIXIAO_QUEUE_URL": REDIS_URL}
    cli = [sys.executable, "-m", "jixiao.cli"]
    ports = _free_ports(2)
    # Logs go to files: a pipe nobody reads would stop a process once it is full.
    logs = [(tmp_path / f"{name}.log").open("wb") for name in ("serve-a", "serve-b", "worker")]
    processes = [subprocess.Popen([*cli, "serve", "--port", str(port)], cwd=tmp_path, env=env,
                                  stdout=subprocess.DEVNULL, stderr=log) for port, log in zip(ports, logs[:2], strict=True)]
    processes.append(subprocess.Popen([*cli, "worker", "--workers", "1"], cwd=tmp_path, env=env,
                                      stdout=subprocess.DEVNULL, stderr=logs[2]))
    try:
        for port in ports:
            _wait_for(port, processes, tmp_path)
        yield {"url": url, "ports": ports}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in logs:
            log.close()
        queue.flushdb()
        queue.close()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _wait_for(port: int, processes: list[subprocess.Popen[bytes]], logs: Path) -> None:
    deadline = time.monotonic() + 90  # a loaded machine starts Python slowly
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            errors = "".join(f.read_text(errors="replace") for f in sorted(logs.glob("*.log")))
            raise AssertionError(f"a process ended early: {errors[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"jixiao serve did not start on port {port}")


def test_a_session_and_a_job_cross_processes(stack: dict[str, Any]) -> None:
    import httpx2

    a = httpx2.Client(base_url=f"http://127.0.0.1:{stack['ports'][0]}", timeout=60)
    b = httpx2.Client(base_url=f"http://127.0.0.1:{stack['ports'][1]}", timeout=60)
    with a, b:
        signed = a.post("/login", data={"username": "reviewer", "password": PASSWORD, "next": "/jobs"},
                        follow_redirects=False)
        assert signed.status_code == 303, signed.text
        cookie = signed.cookies["jixiao_session"]
        b.cookies.set("jixiao_session", cookie)
        page = b.get("/jobs")  # B knows the session A opened
        assert page.status_code == 200 and "reviewer" in page.text
        token = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
        assert token is not None
        files = [("files", (name, (CORPUS / name).read_bytes(), "text/plain")) for name in REPORTS]
        submitted = a.post("/api/v1/jobs/import", files=files,
                           headers={"X-CSRF-Token": token.group(1)})
        assert submitted.status_code == 202, submitted.text
        ident = submitted.json()["id"]
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            job = b.get(f"/api/v1/jobs/{ident}").json()
            if job["finished"]:
                break
            time.sleep(0.2)
        assert job["status"] == "done" and job["succeeded"] == 3, job
        assert {i["unit"] for i in job["items"]} >= {"中国人民政治协商会议湖南省株洲市芦淞区委员会"}
        shown = b.get(f"/jobs/{ident}")
        assert shown.status_code == 200 and "已完成" in shown.text and REPORTS[0] in shown.text
