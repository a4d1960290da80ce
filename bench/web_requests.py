"""What each kind of page request costs the server, one at a time, in process: the CPU
time (this process's, all threads) and the wall time per request of the dashboard, its
JSON twin, the evaluation list (as a bureau and as a department reviewer), an evaluation's
page and saving a field, with the number of SQL statements each runs. On a shared machine
the CPU time per request is the figure to compare (the wall time waits for the CPU); the
loopback load test (``bench/web_load.py``) measures latency under concurrency.

    python bench/web_requests.py --database URL [--repeat 20] [--year 2023]

The database is one ``jixiao db demo --units N`` filled (its demonstration users sign in);
the saves write new versions, so run it a few times at most on one database."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostinfo import cpu_name
from web_load import editable

PASSWORD = "jixiao-demo"
FIELD = "/self_evaluation/funds/score"
VERSION = re.compile(r'id="base-version" name="version" value="(\d+)"')
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


class Counter:
    """SQL statements run (every engine of the process)."""

    def __init__(self) -> None:
        self.count = 0
        event.listen(Engine, "after_cursor_execute", self._seen)

    def _seen(self, *_args: Any) -> None:
        self.count += 1


def _client(url: str, username: str) -> tuple[Any, str]:
    from fastapi.testclient import TestClient

    from jixiao.web.app import Settings, create_app

    client = TestClient(create_app(Settings(database_url=url)))
    answer = client.post("/login", data={"username": username, "password": PASSWORD, "next": "/evaluations"},
                         follow_redirects=False)
    if answer.status_code != 303:
        raise SystemExit(f"sign-in as {username} answered {answer.status_code}")
    found = CSRF.search(client.get("/evaluations").text)
    return client, found.group(1) if found else ""


def measure(label: str, request: Callable[[], None], repeat: int, counter: Counter) -> None:
    request()  # warm the caches once
    walls, cpus, statements = [], [], []
    for _ in range(repeat):
        before, cpu, wall = counter.count, time.process_time(), time.perf_counter()
        request()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        statements.append(counter.count - before)
    print(f"| {label} | {statistics.median(cpus):.1f} | {statistics.median(walls):.1f} | "
          f"{max(walls):.1f} | {statistics.median(statements):.0f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--year", type=int, default=2023)
    args = parser.parse_args()
    url, year = args.database, args.year
    counter = Counter()
    bureau, _ = _client(url, "bureau-reviewer-1")
    department, _ = _client(url, "dept-001")
    username, evaluation = editable(url, 1)[0]
    filler, csrf = _client(url, username)
    state = {"version": int(VERSION.findall(filler.get(f"/evaluations/{evaluation}").text)[0])}

    def get(client: Any, path: str) -> Callable[[], None]:
        def run() -> None:
            answer = client.get(path)
            if answer.status_code != 200:
                raise SystemExit(f"{path} answered {answer.status_code}")
        return run

    def save() -> None:
        version = state["version"]
        answer = filler.post(f"/evaluations/{evaluation}/field", headers={"X-CSRF-Token": csrf, "HX-Request": "true"},
                             data={"field": FIELD, FIELD: ("9", "9.5")[version % 2], "version": str(version),
                                   "tab": "self"})
        found = VERSION.search(answer.text)
        if answer.status_code != 200 or found is None:
            raise SystemExit(f"save answered {answer.status_code}")
        state["version"] = int(found.group(1))

    print(f"{dt.date.today()} · {cpu_name()} · {url.split(':', 1)[0]} · year {year} · {args.repeat} requests each")
    print("| request | CPU ms (median) | wall ms (median) | wall ms (max) | SQL statements |")
    print("|---|---:|---:|---:|---:|")
    measure("dashboard (bureau)", get(bureau, f"/dashboard?year={year}"), args.repeat, counter)
    measure("dashboard JSON (bureau)", get(bureau, f"/api/v1/dashboard?year={year}"), args.repeat, counter)
    measure("dashboard (department)", get(department, f"/dashboard?year={year}"), args.repeat, counter)
    measure("evaluation list (bureau, page 1)", get(bureau, "/evaluations"), args.repeat, counter)
    measure("evaluation list (bureau, year and status, page 3)",
            get(bureau, f"/evaluations?year={year - 1}&status=approved&page=3"), args.repeat, counter)
    measure("evaluation list (bureau, page 40)", get(bureau, "/evaluations?page=40"), args.repeat, counter)
    measure("evaluation list (department)", get(department, "/evaluations"), args.repeat, counter)
    measure("evaluation page", get(filler, f"/evaluations/{evaluation}"), args.repeat, counter)
    measure("save a field", save, args.repeat, counter)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
