"""Rendering benchmark: the reference report, rendered N times in one process.

    python bench/render.py [--n 50] [--pdf-n 5] [--no-libreoffice]

Measures: DOCX reports/s with each evaluation's charts drawn once and cached, and with the
charts drawn every time; HTML and Markdown; PDF time against WeasyPrint's own time for the
same HTML (our overhead); LibreOffice's DOCX→PDF time for the same report. Prints a
Markdown table for docs/benchmarks.md (section "Rendering").
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "examples" / "reference-lusong-2023.yaml"
sys.path.insert(0, str(ROOT / "bench"))
from hostinfo import cpu_name  # noqa: E402


def _timed(fn: Callable[[], object], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--pdf-n", type=int, default=5)
    parser.add_argument("--no-libreoffice", action="store_true")
    args = parser.parse_args()

    from jixiao.engine import evaluate
    from jixiao.readers.load import load_path
    from jixiao.writers.report import build_report, charts
    from jixiao.writers.report.docx import to_docx
    from jixiao.writers.report.html import to_html
    from jixiao.writers.report.markdown import to_markdown
    from jixiao.writers.report.output import svg_data_uri
    from jixiao.writers.report.pdf import html_for_pdf, html_to_pdf, prepare, to_pdf

    loaded = load_path(REFERENCE)
    assert loaded.evaluation is not None
    result = evaluate(loaded.evaluation)
    doc = build_report(result)
    rows: list[tuple[str, str]] = []

    to_docx(doc)  # warm: imports, template, charts drawn once
    view = _timed(lambda: build_report(result), args.n)
    rows.append(("document view (build_report)", f"{statistics.median(view) * 1000:.1f} ms"))
    warm = _timed(lambda: to_docx(build_report(result)), args.n)
    rows.append(("DOCX, charts cached", f"{statistics.median(warm) * 1000:.1f} ms/report — "
                 f"**{args.n / sum(warm):.1f} reports/s**"))

    def cold_docx() -> None:
        charts.clear_cache()
        to_docx(build_report(result))

    cold = _timed(cold_docx, max(5, args.n // 5))
    rows.append(("DOCX, 4 charts drawn every time", f"{statistics.median(cold) * 1000:.1f} ms/report — "
                 f"{len(cold) / sum(cold):.1f} reports/s"))
    charts.clear_cache()
    html_for_pdf(doc)  # draw the SVGs once
    html = _timed(lambda: to_html(build_report(result), svg_data_uri), args.n)
    rows.append(("HTML (standalone, SVG charts cached)", f"{statistics.median(html) * 1000:.1f} ms/report"))
    md = _timed(lambda: to_markdown(build_report(result), lambda c: "chart.png"), args.n)
    rows.append(("Markdown text", f"{statistics.median(md) * 1000:.1f} ms/report"))

    prepare()
    page = html_for_pdf(doc)
    html_to_pdf(page)  # warm WeasyPrint (fonts, caches)
    ours: list[float] = []
    theirs: list[float] = []
    for i in range(args.pdf_n):  # interleaved, alternating which goes first, so both see the same load
        pair = [(theirs, lambda: html_to_pdf(page)), (ours, lambda: to_pdf(build_report(result)))]
        for bucket, fn in (pair if i % 2 == 0 else pair[::-1]):
            bucket += _timed(fn, 1)
    ratio = min(ours) / min(theirs)
    rows.append(("WeasyPrint alone, same HTML", f"best {min(theirs):.2f} s, median {statistics.median(theirs):.2f} s"))
    rows.append(("PDF (jixiao: view + HTML + WeasyPrint)", f"best {min(ours):.2f} s, median "
                 f"{statistics.median(ours):.2f} s — **{ratio:.3f}× WeasyPrint** (best/best)"))

    if not args.no_libreoffice and shutil.which("soffice"):
        from jixiao.writers.fonts import fontconfig_file

        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "report.docx"
            src.write_bytes(to_docx(doc))
            env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file())}
            cmd = ["soffice", f"-env:UserInstallation=file://{tmp}/lo", "--headless", "--convert-to", "pdf",
                   "--outdir", tmp, str(src)]
            times = []
            for _ in range(3):
                t = time.perf_counter()
                subprocess.run(cmd, env=env, capture_output=True, check=True, timeout=300)
                times.append(time.perf_counter() - t)
        rows.append(("LibreOffice DOCX→PDF, same report (first run, new profile)", f"{times[0]:.2f} s"))
        rows.append(("LibreOffice DOCX→PDF, same report (warm)", f"{statistics.median(times[1:]):.2f} s"))

    import docx
    import matplotlib
    import weasyprint

    print(f"Machine: {cpu_name()}, {os.cpu_count()} cores; Python {platform.python_version()}; "
          f"python-docx {docx.__version__ if hasattr(docx, '__version__') else '?'}, "
          f"WeasyPrint {weasyprint.__version__}, matplotlib {matplotlib.__version__}; "
          f"{dt.date.today().isoformat()}; n={args.n} (PDF n={args.pdf_n}); medians unless noted; one process.")
    print()
    print("| measure | result |")
    print("|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
