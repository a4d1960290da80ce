"""Saving a field of the reference evaluation over loopback: `jixiao serve` in a child
process, a client saving one field at a time (each save answers the new version, that
field's findings and the recomputed score), latency percentiles. Target: p95 ≤ 100 ms.

    python bench/web_save.py [--saves 200] [--postgres [ADMIN_URL]]

Without --postgres, a fresh SQLite file in a temporary directory; with it, a database
created on that PostgreSQL server for the run and dropped after."""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostinfo import cpu_name

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "examples" / "reference-lusong-2023.yaml"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Client:
    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.token = ""

    def call(self, method: str, path: str, body: bytes | None = None, content_type: str = "application/json"
             ) -> tuple[int, Any]:
        headers = {"Content-Type": content_type}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        self.connection.request(method, path, body=body, headers=headers)
        answer = self.connection.getresponse()
        return answer.status, json.loads(answer.read())


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def multipart(name: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--postgres", nargs="?", const="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
                        help="measure on PostgreSQL (a server URL to create the database on)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="jixiao-bench-web-"))
    env = {**os.environ}
    env.pop("JIXIAO_DATABASE_URL", None)
    if args.postgres:
        from sqlalchemy import create_engine, text

        name = f"jixiao_bench_web_{os.getpid()}"
        admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        env["JIXIAO_DATABASE_URL"] = args.postgres.rsplit("/", 1)[0] + "/" + name
    try:
        return measure(args.saves, workdir, env, "postgresql" if args.postgres else "sqlite")
    finally:
        if args.postgres:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def measure(saves: int, workdir: Path, env: dict[str, str], database: str) -> int:
    jixiao = [sys.executable, "-m", "jixiao.cli"]
    subprocess.run([*jixiao, "db", "demo"], cwd=workdir, env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen([*jixiao, "serve", "--port", str(port)], cwd=workdir, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        client = Client(port)
        _, answer = client.call("POST", "/api/v1/tokens",
                                json.dumps({"username": "filler", "password": "jixiao-demo"}).encode())
        client.token = answer["token"]
        _, listed = client.call("GET", "/api/v1/evaluations?year=2023")
        evaluation = listed["items"][0]
        version = evaluation["version"]
        values = ["88.18", "88.17"]
        timings = []
        cpu_start = 0.0
        for n in range(saves + 20):
            if n == 20:
                cpu_start = cpu_seconds(server.pid)
            body = json.dumps({"version": version, "field": "/report/public_budget/project",
                               "value": values[n % 2]}).encode()
            start = time.perf_counter()
            status, saved = client.call("PATCH", f"/api/v1/evaluations/{evaluation['id']}/fields", body)
            elapsed = time.perf_counter() - start
            if status != 200:
                raise SystemExit(f"save answered {status}: {saved}")
            version = saved["version"]
            if n >= 20:  # the first saves warm the server up
                timings.append(elapsed * 1000)
        server_cpu = (cpu_seconds(server.pid) - cpu_start) / len(timings) * 1000
        load = os.getloadavg()[0]
        timings.sort()
        p50 = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"web save-a-field ({database}, {len(timings)} saves, {len(saved['findings'])} findings each, "
              f"{dt.date.today()}, {cpu_name()}, load average {load:.1f}): p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
              f"max {timings[-1]:.1f} ms; server CPU {server_cpu:.1f} ms per save")
    finally:
        server.kill()
        server.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
