"""The dashboard's queries in process, on an existing database (e.g. one filled with 5,000
units × 5 years): how long each aggregate takes and how long the whole year's document
takes, for a bureau reviewer and a department reviewer. This isolates the database's share
of the dashboard's latency from HTTP and rendering (the loopback load test measures those).

    python bench/dashboard_queries.py --database URL [--year 2023] [--repeat 15]

The callers are made from the database's first bureau and first department (no login)."""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostinfo import cpu_name
from jixiao.store import dashboard as store
from jixiao.store.db import Database
from jixiao.store.models import Evaluation, Organisation
from jixiao.store.roles import BUREAU_REVIEWER, DEPARTMENT_REVIEWER, Caller, Grant
from jixiao.web import api_dashboard


def _timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    fn()  # warm the caches once
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return sorted(out)


def _p95(times: list[float]) -> float:
    return times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def report(database: Database, caller: Caller, year: int, repeat: int) -> None:
    with database.reading() as s:
        scope = store.scope_for(caller, year)
        parts: dict[str, Callable[[], Any]] = {
            "years": lambda: store.years(s, caller), "units": lambda: store.unit_count(s, scope),
            "overview (states, grades, bands)": lambda: store.overview(s, scope),
            "submissions by day": lambda: store.submissions_by_day(s, scope),
            "execution ranking": lambda: store.execution_ranking(s, scope, 20),
            "三公经费 by year": lambda: store.three_public_by_year(s, scope),
            "units by errors": lambda: store.open_errors_by_unit(s, scope, 20),
            "units by returns": lambda: store.returns_by_unit(s, scope, 20),
            "findings by rule": lambda: store.findings_by_rule(s, scope, 20)}
        for label, fn in parts.items():
            times = _timed(fn, repeat)
            print(f"  {label:34s} median {statistics.median(times):6.1f} ms  p95 {_p95(times):6.1f} ms")
    times = _timed(lambda: api_dashboard.dashboard(database, caller, year, 20), repeat)
    print(f"  {'whole document':34s} median {statistics.median(times):6.1f} ms  p95 {_p95(times):6.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--year", type=int)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    database = Database(args.database)
    with database.reading() as s:
        bureau = s.scalar(select(Organisation).where(Organisation.kind == "bureau").order_by(Organisation.id))
        department = s.scalar(select(Organisation).where(Organisation.kind == "department").order_by(Organisation.id))
        count = s.scalar(select(Evaluation.id).order_by(Evaluation.id.desc()).limit(1)) or 0
        year = args.year or s.scalar(select(Evaluation.year).order_by(Evaluation.year.desc()).limit(1))
    if bureau is None or department is None or year is None:
        print("the database has no bureau, department or evaluation", file=sys.stderr)
        return 1
    print(f"{dt.date.today()} · {cpu_name()} · {database.engine.dialect.name} · about {count} evaluations · "
          f"year {year} · {args.repeat} runs each")
    callers = {"bureau reviewer": Caller(None, "bench", (Grant(bureau.id, bureau.path, BUREAU_REVIEWER),)),
               "department reviewer": Caller(None, "bench",
                                             (Grant(department.id, department.path, DEPARTMENT_REVIEWER),))}
    for name, caller in callers.items():
        print(f"\n{name}")
        report(database, caller, year, args.repeat)
    database.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
