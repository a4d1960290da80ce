"""Excel speed: read 1,000 filled templates in-process; write attached-table
workbooks and templates. One process, so the figures are per core.

    python bench/bench_xlsx.py [--templates 1000] [--writes 200]
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from jixiao.engine import evaluate
from jixiao.readers.load import load_bytes, load_path
from jixiao.writers.xlsx.attachments import write_attachments
from jixiao.writers.xlsx.template import write_template

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostinfo import cpu_name

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "examples" / "reference-lusong-2023.yaml"
VARIANTS = 20


def _variant(text: str, k: int) -> str:
    """The reference with its amounts scaled a little, so the workbooks differ."""
    import re

    factor = Decimal(100 + k) / Decimal(100)

    def scale(m: re.Match[str]) -> str:
        number = Decimal(m.group(2))
        if "." not in m.group(2):
            return m.group(0)
        places = len(m.group(2).split(".")[1])
        return m.group(1) + str((number * factor).quantize(Decimal(1).scaleb(-places)))

    return re.sub(r"((?:initial|full_year|final|budget|prior_final|revenue|expenditure|basic|project|"
                  r"personnel|public_funds|public|total): )(\d+\.\d+)", scale, text)


def _timed(fn: Callable[[], object], n: int) -> tuple[float, float]:
    """(CPU seconds, wall seconds) for n calls. The CPU time is what one core spends;
    the wall time also counts waiting for the core when other processes run."""
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(n):
        fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--templates", type=int, default=1000)
    parser.add_argument("--writes", type=int, default=200)
    args = parser.parse_args(argv or [])
    text = REFERENCE.read_text(encoding="utf-8")
    books: list[bytes] = []
    results = []
    for k in range(VARIANTS):
        loaded = load_bytes(_variant(text, k).encode(), f"variant{k}.yaml")
        assert loaded.evaluation is not None
        result = evaluate(loaded.evaluation)
        assert result.framework is not None
        data, _ = write_template(result.framework, evaluation=loaded.evaluation, resolution=result.resolution,
                                 target=f"variant{k}.xlsx")
        books.append(data)
        results.append(result)
    for data in books[:3]:  # warm up imports and caches
        load_bytes(data, "warm.xlsx")

    n = args.templates
    counter = iter(range(10**9))
    facts: list[int] = []

    def read_one() -> None:
        i = next(counter)
        loaded = load_bytes(books[i % VARIANTS], f"filled{i}.xlsx")
        assert loaded.evaluation is not None
        facts.append(len(loaded.evaluation.facts))

    def check_one() -> None:
        i = next(counter)
        loaded = load_bytes(books[i % VARIANTS], f"filled{i}.xlsx")
        assert loaded.evaluation is not None
        evaluate(loaded.evaluation)

    read_s = _timed(read_one, n)
    check_s = _timed(check_one, n // 4)

    reference = load_path(REFERENCE)
    assert reference.evaluation is not None
    ref_result = evaluate(reference.evaluation)
    findings = sorted(reference.findings + ref_result.findings, key=lambda f: f.sort_key())
    w = args.writes
    write_s = _timed(lambda: write_attachments(ref_result, findings, "附表.xlsx"), w)
    variants_s = _timed(lambda: [write_attachments(r, r.findings, "附表.xlsx") for r in results[:5]], w // 5)
    assert ref_result.framework is not None
    blank_s = _timed(lambda: write_template(ref_result.framework), w // 4)  # type: ignore[arg-type]
    filled_s = _timed(lambda: write_template(ref_result.framework, evaluation=reference.evaluation,  # type: ignore[arg-type]
                                             resolution=ref_result.resolution), w // 4)
    size = len(books[0])
    print(f"machine: {cpu_name()}, Python {platform.python_version()}, {date.today().isoformat()}, 1 process")
    print(f"filled template: {size // 1024} KB, {sum(facts) // len(facts)} facts each")
    print("| operation | workbooks | CPU time | per workbook | workbooks/s per core | wall time |")
    print("|---|---:|---:|---:|---:|---:|")
    rows = [
        ("read filled template (load_bytes → Evaluation)", n, read_s),
        ("read + evaluate (checks, scores)", n // 4, check_s),
        ("write attached tables (附件2, 附件3, 核查结果)", w, write_s),
        ("write attached tables, 5 variants", (w // 5) * 5, variants_s),
        ("write blank template", w // 4, blank_s),
        ("write filled template", w // 4, filled_s),
    ]
    for label, count, (cpu, wall) in rows:
        print(f"| {label} | {count} | {cpu:.2f} s | {cpu / count * 1000:.1f} ms | {count / cpu:.0f} | {wall:.2f} s |")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
