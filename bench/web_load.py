"""A province's load on loopback: ``jixiao serve`` on a database that
``jixiao db demo --units 5000 --years 5`` filled, and locust (headless) driving 50
people who sign in as demonstration users and work as their roles do (see
``bench/web_load_locustfile.py``) for 60 s. Prints the latency percentiles per kind of
request, the errors, and the CPU the server and the load generator used.

    jixiao db demo --units 5000 --years 5 --database URL      # once per database
    python bench/web_load.py --database URL [--workers 4] [--users 50] [--seconds 60]

Targets (docs/benchmarks.md): dashboard p95 ≤ 300 ms, evaluation list p95 ≤ 100 ms,
save a field p95 ≤ 150 ms, no errors. The run writes (each save is a new version), so
run it a few times at most on one database."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostinfo import cpu_name

HERE = Path(__file__).resolve().parent
TARGETS = {"dashboard": 300.0, "evaluation list": 100.0, "save a field": 150.0}


def _tree(pid: int) -> list[int]:
    """A process and its descendants (Linux /proc)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process tree so far."""
    total = 0.0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def postgres_cpu_seconds() -> float:
    """User + system CPU time so far of every PostgreSQL server process on the machine
    (its backends, writer and checkpointer): the database's share of the cores."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() != "postgres":
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def free_port() -> int:
    """A port the kernel hands out as free on 127.0.0.1 (then released for the server to bind)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"jixiao serve did not listen on {port}")


def database_kind(url: str) -> str:
    from sqlalchemy import func, select

    from jixiao.store.db import Database
    from jixiao.store.models import Evaluation

    database = Database(url)
    try:
        with database.reading() as s:
            count = s.scalar(select(func.count()).select_from(Evaluation)) or 0
        kind = "SQLite" if database.is_sqlite else "PostgreSQL"
    finally:
        database.dispose()
    return f"{kind}, {count:,} evaluations"


def editable(url: str, count: int) -> list[tuple[str, int]]:
    """Fillers with an editable evaluation of the latest year, one per unit, spread over
    the units: (username, evaluation id)."""
    from sqlalchemy import func, select

    from jixiao.store.db import Database
    from jixiao.store.models import Evaluation, Membership, User

    database = Database(url)
    try:
        with database.reading() as s:
            latest = s.scalar(select(func.max(Evaluation.year)))
            rows = s.execute(select(User.username, Evaluation.id)
                             .join(Membership, Membership.user_id == User.id)
                             .join(Evaluation, Evaluation.unit_id == Membership.organisation_id)
                             .where(Membership.role == "filler", Evaluation.year == latest,
                                    Evaluation.kind == "overall", Evaluation.status.in_(("draft", "returned")))
                             .order_by(Evaluation.id)).all()
    finally:
        database.dispose()
    stride = max(1, len(rows) // max(count, 1))
    return [(u, e) for u, e in rows[::stride]][:count]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True, help="the database URL (filled by jixiao db demo --units)")
    parser.add_argument("--workers", type=int, default=4,
                        help="jixiao serve worker processes (default 4: two a core, as docs/deploy.md advises)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--port", type=int, default=0, help="the server's port (default: a free one the kernel picks)")
    parser.add_argument("--units", type=int, default=5000, help="units the demo was built with")
    parser.add_argument("--years", type=int, default=5, help="years the demo was built with")
    parser.add_argument("--warmup", type=int, default=15, help="seconds of sign-ins before counting (default 15)")
    parser.add_argument("--dashboard", action="store_true", help="the application has /dashboard: load it too")
    args = parser.parse_args()

    if importlib.util.find_spec("locust") is None:
        raise SystemExit("未安装 locust：先运行 pip install -e '.[bench]'（locust 在 bench 依赖里）")
    described = database_kind(args.database)
    fillers = editable(args.database, 30)
    if len(fillers) < 30:
        raise SystemExit(f"only {len(fillers)} units have an editable evaluation; 30 fillers need one each")
    if not args.port:
        args.port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="jixiao-load-"))
    env = {**os.environ, "JIXIAO_LOAD_UNITS": str(args.units), "JIXIAO_LOAD_YEARS": str(args.years),
           "JIXIAO_LOAD_FILLERS": json.dumps(fillers), "JIXIAO_LOAD_WARMUP": str(args.warmup),
           "JIXIAO_LOAD_DASHBOARD": "1" if args.dashboard else ""}
    env.pop("JIXIAO_DATABASE_URL", None)
    server = subprocess.Popen([sys.executable, "-m", "jixiao.cli", "serve", "--database", args.database,
                               "--port", str(args.port), "--workers", str(args.workers)], cwd=workdir, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for(args.port)
        time.sleep(2)  # the workers import the app after the socket is bound
        ramp = args.warmup
        counted: list[float] = []  # the server's, PostgreSQL's and locust's CPU time when the warm-up ends
        runner: list[subprocess.Popen[str]] = []

        def count_from_here() -> None:
            counted.extend([cpu_seconds(server.pid), postgres_cpu_seconds(),
                            cpu_seconds(runner[0].pid) if runner else 0.0])

        timer = threading.Timer(ramp, count_from_here)
        timer.start()
        locust = subprocess.Popen(
            [sys.executable, "-m", "locust", "-f", str(HERE / "web_load_locustfile.py"), "--headless",
             "-u", str(args.users), "-r", "10", "-t", f"{args.seconds + ramp}s",
             "--host", f"http://127.0.0.1:{args.port}", "--csv", str(workdir / "load"), "--only-summary",
             "--stop-timeout", "10", "--loglevel", "WARNING"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        runner.append(locust)
        # locust's own CPU, read just before it exits (a finished process has no /proc entry)
        ends = time.monotonic() + ramp + args.seconds
        while time.monotonic() < ends:
            time.sleep(0.5)
        locust_cpu = cpu_seconds(locust.pid) - (counted[2] if counted else 0.0)
        postgres_cpu = postgres_cpu_seconds() - (counted[1] if counted else 0.0)
        _stdout, locust_stderr = locust.communicate()
        server_cpu = cpu_seconds(server.pid) - (counted[0] if counted else 0.0)
        wall = float(args.seconds)
        load = os.getloadavg()[0]
    finally:
        server.terminate()
        try:
            _out, errors = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            _out, errors = server.communicate()
    rows = list(csv.DictReader((workdir / "load_stats.csv").open(encoding="utf-8")))
    failures = list(csv.DictReader((workdir / "load_failures.csv").open(encoding="utf-8")))
    print(f"{dt.date.today()}, {cpu_name()}, {os.cpu_count()} cores, load average {load:.1f}; {described}; "
          f"{args.users} users for {args.seconds} s (after {ramp} s of sign-ins), "
          f"jixiao serve --workers {args.workers}")
    answered = sum(int(r["Request Count"]) for r in rows if r["Name"] not in ("Aggregated", "sign in"))
    per_request = f", {1000 * server_cpu / answered:.0f} ms a request ({answered} requests)" if answered else ""
    print(f"server CPU {server_cpu:.0f} s of {wall:.0f} s wall{per_request}; "
          f"PostgreSQL CPU {postgres_cpu:.0f} s; locust CPU {locust_cpu:.0f} s; locust exit {locust.returncode}")
    print("| request | count | failures | p50 ms | p95 ms | p99 ms | max ms | target p95 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    missed = []
    for row in rows:
        name = row["Name"]
        target = TARGETS.get(name)
        p95 = float(row["95%"]) if row["95%"] not in ("", "N/A") else 0.0
        if target is not None and int(row["Request Count"]) and p95 > target:
            missed.append(name)
        print(f"| {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | {row['95%']} | "
              f"{row['99%']} | {row['Max Response Time'].split('.')[0]} | {f'≤ {target:.0f}' if target else ''} |")
    for failure in failures:
        print(f"failure: {failure['Method']} {failure['Name']}: {failure['Error']} ×{failure['Occurrences']}")
    problems = [line for line in locust_stderr.splitlines() if "Error" in line or "Traceback" in line]
    if locust.returncode not in (0, 1) or problems:
        print(locust_stderr[-3000:])
    if server.returncode not in (0, -15) and errors:
        print(errors.decode(errors="replace")[-3000:])
    shutil.rmtree(workdir, ignore_errors=True)
    ok = not missed and not failures and not problems and any(int(r["Request Count"]) for r in rows)
    print("targets " + ("met" if ok else f"missed: {', '.join(missed) or 'errors'}"))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
