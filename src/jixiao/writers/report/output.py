"""Writing a report in the requested formats into a directory."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from jixiao.writers.atomic import write_bytes, write_text
from jixiao.writers.report.view import Chart, ReportDocument

FORMATS = ("docx", "pdf", "html", "md")


@dataclass(frozen=True, slots=True)
class Output:
    format: str
    path: Path


def svg_data_uri(chart: Chart) -> str:
    from jixiao.writers.report.charts import render

    return "data:image/svg+xml;base64," + base64.b64encode(render(chart.spec, "svg")).decode("ascii")


def _chart_files(doc: ReportDocument, charts_dir: Path) -> Callable[[Chart], str]:
    """Write each chart as PNG into ``charts_dir``; the link to each, relative to the text."""
    from jixiao.writers.report.charts import render

    names: dict[int, str] = {}
    for chart in doc.charts():
        charts_dir.mkdir(exist_ok=True)
        name = f"chart-{chart.number}-{chart.spec.key}.png"
        write_bytes(charts_dir / name, render(chart.spec, "png"))
        names[chart.number] = f"{charts_dir.name}/{name}"
    return lambda chart: names[chart.number]


def write_report(doc: ReportDocument, to: Path, stem: str, formats: Iterable[str], *,
                 docx_template: Path | None = None, fonts_dir: Path | None = None) -> list[Output]:
    """Write ``doc`` as ``<to>/<stem>.<format>`` for each format; Markdown's charts go to
    ``<to>/<stem>.charts/``."""
    to.mkdir(parents=True, exist_ok=True)
    written: list[Output] = []
    for fmt in formats:
        path = to / f"{stem}.{fmt}"
        if fmt == "docx":
            from jixiao.writers.report.docx import to_docx

            write_bytes(path, to_docx(doc, template=docx_template))
        elif fmt == "pdf":
            from jixiao.writers.report.pdf import to_pdf

            write_bytes(path, to_pdf(doc, fonts_dir=fonts_dir))
        elif fmt == "html":
            from jixiao.writers.report.html import to_html

            write_text(path, to_html(doc, svg_data_uri))
        elif fmt == "md":
            from jixiao.writers.report.markdown import to_markdown

            write_text(path, to_markdown(doc, _chart_files(doc, to / f"{stem}.charts")))
        else:
            raise ValueError(fmt)
        written.append(Output(fmt, path))
    return written
