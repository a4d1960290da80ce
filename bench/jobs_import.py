"""Bulk import through the queue: 1,000 published text reports (the corpus under
tests/corpus, replicated) in one ZIP, submitted as an import job and run by ``jixiao
worker``; reports per second from submission to the job's end. Target: ≥ 100 reports/s
on 2 cores.

    python bench/jobs_import.py [--reports 1000] [--workers 2] [--batch 10]
                                [--postgres [ADMIN_URL]] [--redis [URL]]

Without --postgres, a fresh SQLite database in a temporary directory (and, without
--redis, huey's SQLite queue beside it); with it, a database created on that PostgreSQL
server for the run and dropped after. --redis uses that Redis database (flushed before
and after; default redis://127.0.0.1:6379/6)."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostinfo import cpu_name

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"


def archive(count: int) -> bytes:
    reports = sorted(CORPUS.glob("*.txt"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for n in range(count):
            source = reports[n % len(reports)]
            out.writestr(f"报告/{n:04d}-{source.name}", source.read_bytes())
    return buffer.getvalue()


def wait_for(database: Any, job_id: int, limit: float = 900) -> Any:
    from jixiao.jobs.models import FINISHED, Job

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        with database.reading() as session:
            job = session.get(Job, job_id)
            assert job is not None
            if job.status in FINISHED:
                return job
        time.sleep(0.05)
    raise SystemExit("the job did not finish in time")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


def run(url: str, queue_url: str, reports: int, workers: int, work: Path) -> dict[str, Any]:
    from jixiao.jobs.archive import Upload
    from jixiao.jobs.queue import Queue
    from jixiao.store import auth
    from jixiao.store.db import Database
    from jixiao.web import bulk

    database = Database(url)
    database.upgrade()
    with database.writing() as s:
        bureau = auth.add_organisation(s, "财政局", "bureau", None)
        user = auth.add_user(s, "bench", "bench-password", bureau, "bureau-reviewer")
        caller = auth.caller_for(user, "127.0.0.1")
    queue = Queue(database, queue_url)
    worker = subprocess.Popen([sys.executable, "-m", "jixiao.cli", "worker", "--workers", str(workers),
                               "--database", url, "--queue", queue_url], cwd=work)
    try:
        # A first small job: the workers are up and their reading children's server is ready.
        warm = bulk.submit_import(queue, caller, [Upload("warm.zip", archive(workers * 2))])
        wait_for(database, warm.id)
        content = archive(reports)
        started = time.perf_counter()
        job = bulk.submit_import(queue, caller, [Upload("年报.zip", content)])
        submitted = time.perf_counter()
        done = wait_for(database, job.id)
        finished = time.perf_counter()
    finally:
        worker.terminate()
        worker.wait(30)
        database.dispose()
    return {"total": done.total, "ok": done.succeeded, "failed": done.failed, "status": done.status,
            "submit": submitted - started, "run": finished - submitted, "all": finished - started,
            "zip_kb": len(content) // 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch", type=int, help="documents per reading child (default: jixiao.jobs.batch.BATCH)")
    parser.add_argument("--postgres", nargs="?", const="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis", nargs="?", const="redis://127.0.0.1:6379/6")
    args = parser.parse_args()
    if args.batch:
        os.environ["JIXIAO_IMPORT_BATCH"] = str(args.batch)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        name = ""
        if args.postgres:
            from sqlalchemy import create_engine, text

            name = f"jixiao_jobs_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            url = args.postgres.rsplit("/", 1)[0] + "/" + name
        else:
            url = f"sqlite:///{work / 'bench.db'}"
        queue_url = args.redis or f"sqlite:///{work / 'bench-queue.db'}"
        if args.redis:
            import redis

            redis.Redis.from_url(args.redis).flushdb()
        try:
            figures = run(url, queue_url, args.reports, args.workers, work)
        finally:
            if args.redis:
                redis.Redis.from_url(args.redis).flushdb()
            if name:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()
    rate = figures["total"] / figures["all"]
    engine = "PostgreSQL" if args.postgres else "SQLite"
    queue = "Redis" if args.redis else "huey SQLite"
    print(f"Measured {dt.date.today().isoformat()} on {cpu_name()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; {engine}, {queue} queue, {args.workers} worker processes, "
          f"batch {args.batch or 'default'}.")
    print(f"| {figures['total']} reports ({figures['zip_kb']} KB ZIP) | {engine} | {queue} | {args.workers} | "
          f"{figures['submit']:.2f} s | {figures['run']:.2f} s | **{rate:.0f} reports/s** | "
          f"{figures['ok']} ok, {figures['failed']} failed |")


if __name__ == "__main__":
    main()
