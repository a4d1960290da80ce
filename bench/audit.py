"""Benchmark of ``jixiao audit``: documents per second over 1 and 2 worker processes.

By default it writes N evaluations made by perturbing the reference example
(``examples/reference-lusong-2023.yaml``: every amount, rate and score varied, so each
document is resolved, scored and checked afresh) into a temporary directory and runs the
real command, ``jixiao audit DIR --to OUT.json --quiet --jobs J``, timing the whole run
(start-up, discovery, workers, JSON output), and its CPU time (the command and its
workers), which a busy machine disturbs less than the wall time. ``--from FILE`` copies FILE N times instead
(e.g. a plain-text report, once the text reader exists).

    python bench/audit.py                 # 1,000 YAML documents, jobs 1 and 2
    python bench/audit.py --count 3000 --jobs 2
    python bench/audit.py --from tests/corpus/000_ca49b2c89bc71ff3.txt --suffix .txt
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "examples" / "reference-lusong-2023.yaml"
_FIGURE = re.compile(r"^(\s*-?\s*(?:[a-z_]+):\s*)(\d+(?:\.\d+)?)(%?)(\s*(?:#.*)?)$", re.M)
_INLINE_SCORE = re.compile(r"(score: )(\d+)(\})")


def perturb(text: str, seed: int) -> str:
    """The reference with every figure moved by up to ±3 % (decimals kept as written),
    inline scores moved by up to one point, and a unit name of its own."""
    rng = random.Random(seed)

    def move(match: re.Match[str]) -> str:
        head, number, percent, tail = match.groups()
        if head.strip().startswith(("year", "attachment_number", "total: 48", "weight")):
            return match.group(0)
        value = Decimal(number)
        places = len(number.split(".")[1]) if "." in number else 0
        moved = value * (1 + Decimal(rng.randint(-300, 300)) / 10000)
        moved = moved.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        return f"{head}{moved}{percent}{tail}"

    text = _FIGURE.sub(move, text)
    text = _INLINE_SCORE.sub(lambda m: f"{m.group(1)}{max(0, int(m.group(2)) - rng.randint(0, 1))}{m.group(3)}",
                             text)
    return text.replace("芦淞区委员会", f"芦淞区委员会（样本{seed:05}）")


def make_corpus(directory: Path, count: int, source: Path | None, suffix: str) -> None:
    base = REFERENCE.read_text(encoding="utf-8") if source is None else None
    for i in range(count):
        target = directory / f"{i // 500:03}" / f"doc{i:05}{suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        if source is None:
            assert base is not None
            target.write_text(perturb(base, i), encoding="utf-8")
        else:
            shutil.copyfile(source, target)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(directory: Path, jobs: int, out: Path) -> tuple[float, float, dict[str, object]]:
    """Wall time and CPU time (the command and its workers) of one audit."""
    command = [sys.executable, "-m", "jixiao.cli", "audit", str(directory), "--to", str(out), "--quiet",
               "--jobs", str(jobs)]
    cpu, start = _cpu(), time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed, cpu = time.perf_counter() - start, _cpu() - cpu
    if done.returncode not in (0, 1):
        raise SystemExit(f"audit failed ({done.returncode}): {done.stderr}")
    data: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return elapsed, cpu, data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--from", dest="source", type=Path, help="copy this file COUNT times instead")
    parser.add_argument("--suffix", default=None, help="suffix of the copies (default: the source's)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per job count; the best is reported")
    args = parser.parse_args()
    suffix = args.suffix or (args.source.suffix if args.source else ".yaml")
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        make_corpus(corpus, args.count, args.source, suffix)
        kind = f"{args.source.name} ×{args.count}" if args.source else f"perturbed reference YAML ×{args.count}"
        print(f"# jixiao audit — {kind}")
        print(f"# {platform.python_implementation()} {platform.python_version()}, {platform.machine()}, "
              f"nproc {os.cpu_count()}, {time.strftime('%Y-%m-%d')}")
        print("| jobs | wall time (s) | documents/s | per core | CPU time (s) | documents/CPU-s "
              "| unreadable | errors | warnings | infos |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for jobs in args.jobs:
            best: tuple[float, float] | None = None
            for _ in range(args.repeat):
                elapsed, cpu, data = run(corpus, jobs, Path(tmp) / "out.json")
                best = (elapsed, cpu) if best is None or elapsed < best[0] else best
            assert best is not None
            docs = data["documents"]
            assert isinstance(docs, list) and len(docs) == args.count
            totals = {k: sum(d["counts"][k] for d in docs) for k in ("error", "warning", "info")}
            unreadable = sum(1 for d in docs if d["error"])
            rate = args.count / best[0]
            print(f"| {jobs} | {best[0]:.2f} | {rate:.0f} | {rate / jobs:.0f} | {best[1]:.1f} | "
                  f"{args.count / best[1]:.0f} | {unreadable} | {totals['error']} | {totals['warning']} | "
                  f"{totals['info']} |")


if __name__ == "__main__":
    main()
