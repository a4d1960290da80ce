"""Import speed: jixiao's readers against the libraries they are built on.

    python bench/run.py import [--repeat N]      (or python bench/bench_import.py)

- DOCX: ``jixiao`` import (read, extract, build the evaluation) of the reference
  report as a Word file, against ``python-docx``'s own load of the same file.
- PDF: the same for the reference as a PDF (9 pages, tables over several pages),
  against pdfplumber's own extraction (``extract_text`` and ``extract_tables`` on
  every page).
- Text: single-core import rate of the published text corpus, alone and with
  ``evaluate`` (what ``jixiao audit`` does per document).

Runs alternate between the two sides; the minimum of the repeats is reported
(the machine's other load only ever adds time), with the median beside it.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from hostinfo import cpu_name  # noqa: E402


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def pair(ours: Callable[[], object], theirs: Callable[[], object], repeat: int) -> tuple[list[float], list[float]]:
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeat):
        a += timed(ours, 1)
        b += timed(theirs, 1)
    return a, b


def ms(values: list[float]) -> str:
    return f"{min(values) * 1000:.1f} ms (median {statistics.median(values) * 1000:.1f})"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args, _ = parser.parse_known_args()
    repeat = args.repeat

    import docx
    import pdfplumber
    from tests import portal_fixtures

    from jixiao.engine import evaluate
    from jixiao.readers.load import load_bytes

    tmp = Path(tempfile.mkdtemp())
    docx_data = portal_fixtures.build_docx(tmp / "lusong.docx").read_bytes()
    pdf_data = portal_fixtures.build_pdf(tmp / "lusong.pdf").read_bytes()
    texts = [(p.name, p.read_bytes()) for p in sorted((ROOT / "tests" / "corpus").glob("*.txt"))]

    print(f"# jixiao import speed — {datetime.date.today().isoformat()}")
    print(f"machine: {cpu_name()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}")
    print(f"python-docx {docx.__version__ if hasattr(docx, '__version__') else '?'}, "
          f"pdfplumber {pdfplumber.__version__}, load average {os.getloadavg()[0]:.2f}")
    print()

    # warm up imports and caches on both sides
    load_bytes(docx_data, "w.docx")
    load_bytes(pdf_data, "w.pdf")
    for name, data in texts:
        load_bytes(data, name)

    ours, theirs = pair(lambda: load_bytes(docx_data, "lusong.docx"),
                        lambda: docx.Document(io.BytesIO(docx_data)), repeat)
    print(f"DOCX ({len(docx_data) // 1024} KB): jixiao import {ms(ours)}; python-docx load {ms(theirs)}; "
          f"ratio {min(ours) / min(theirs):.2f} (median {statistics.median(ours) / statistics.median(theirs):.2f})")

    def plumber() -> None:
        with pdfplumber.open(io.BytesIO(pdf_data)) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.extract_tables()

    ours, theirs = pair(lambda: load_bytes(pdf_data, "lusong.pdf"), plumber, max(3, repeat // 3))
    print(f"PDF ({len(pdf_data) // 1024} KB, 9 pages): jixiao import {ms(ours)}; pdfplumber text+tables {ms(theirs)}; "
          f"ratio {min(ours) / min(theirs):.2f} (median {statistics.median(ours) / statistics.median(theirs):.2f})")

    rounds = max(5, repeat)
    best_import = best_full = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for name, data in texts:
            load_bytes(data, name)
        best_import = min(best_import, time.perf_counter() - start)
        start = time.perf_counter()
        for name, data in texts:
            result = load_bytes(data, name)
            assert result.evaluation is not None
            evaluate(result.evaluation)
        best_full = min(best_full, time.perf_counter() - start)
    size = sum(len(d) for _, d in texts) // 1024
    print(f"Text ({len(texts)} corpus documents, {size} KB): import {len(texts) / best_import:.0f} documents/s "
          f"on one core; import + evaluate {len(texts) / best_full:.0f} documents/s on one core")
    ref = next(d for n, d in texts if n.startswith("000_"))
    one = timed(lambda: load_bytes(ref, "ref.txt"), rounds * 3)
    print(f"Text, the reference report alone (449 lines): import {ms(one)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
