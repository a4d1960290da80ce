"""Where an evaluation's time goes: each phase (framework, resolve, score card, checks)
and each check rule, per evaluation, on the perturbed-reference corpus.

    PYTHONPATH=src python bench/phases.py [--n 200] [--reps 3] [--opcodes]

Times are CPU time (``time.process_time``), the best of ``--reps`` passes: on a
shared machine wall time varies by a quarter from run to run. ``--opcodes`` counts
the Python opcodes executed instead (``sys.settrace``, deterministic, on a few
models): it does not see work done in C (Decimal arithmetic, string formatting) but
compares two versions of the Python code exactly.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import FrameType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from jixiao.checks import CheckContext
from jixiao.engine import Result, choose_framework, evaluate, run_checks
from jixiao.findings import Finding
from jixiao.model.evaluation import Evaluation
from jixiao.readers.load import load_path
from jixiao.reconcile.resolution import resolve
from jixiao.registry import RULES, Rule
from jixiao.scoring.card import build_score_card
from perturb import write_corpus

Measure = Callable[[Callable[[], object]], float]


def cpu_time(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def opcodes(fn: Callable[[], object]) -> float:
    count = 0

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        frame.f_trace_opcodes = True
        count += 1
        return trace

    sys.settrace(trace)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count


def one_pass(models: list[Evaluation], results: list[Result], rules: list[Rule],
             measure: Measure) -> dict[str, float]:
    totals: dict[str, float] = {}

    def add(name: str, fn: Callable[..., object], *args: object) -> None:
        totals[name] = totals.get(name, 0.0) + measure(partial(fn, *args))

    for ev, r in zip(models, results, strict=True):
        fw, res, card = r.framework, r.resolution, r.card
        assert fw is not None and res is not None and card is not None
        add("evaluate (whole)", evaluate, ev)
        add("framework", choose_framework, ev, None)
        add("resolve", resolve, ev.facts)
        add("score card", build_score_card, fw, res, ev)
        add("checks (run_checks)", run_checks, ev, fw, res, card)
        for rule in rules:
            add(rule.code, run_rule, rule, CheckContext(ev, fw, res, card))
    return totals


def run_rule(rule: Rule, ctx: CheckContext) -> list[Finding]:
    assert rule.fn is not None
    return list(rule.fn(ctx, rule))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--opcodes", action="store_true")
    args = parser.parse_args()
    n = 5 if args.opcodes else args.n
    with tempfile.TemporaryDirectory() as tmp:
        models = [m for m in (load_path(p).evaluation for p in write_corpus(Path(tmp), n)) if m is not None]
    results = [evaluate(ev) for ev in models]
    rules = [r for r in sorted(RULES.values(), key=lambda r: r.order) if r.fn is not None]
    best: dict[str, float] = {}
    for _ in range(1 if args.opcodes else args.reps):
        for name, value in one_pass(models, results, rules, opcodes if args.opcodes else cpu_time).items():
            best[name] = min(best.get(name, value), value)
    unit, scale, places = ("opcodes", 1.0, 0) if args.opcodes else ("ms", 1000.0, 3)
    print(f"per evaluation ({unit}), {len(models)} models")
    for name, value in best.items():
        indent = "  " if name in RULES else ""
        print(f"{indent}{name:<36} {value / len(models) * scale:10.{places}f}")


if __name__ == "__main__":
    main()
