"""Snapshots of the report text (Markdown) and page (HTML): what people read, reviewed as
diffs. ``JIXIAO_UPDATE_SNAPSHOTS=1`` accepts a change."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.writers.report import build_report
from jixiao.writers.report.html import to_html
from jixiao.writers.report.markdown import to_markdown
from jixiao.writers.report.view import Chart, ReportDocument
from tests.render.conftest import OVERALL_PARTIAL, PROJECT_MOF, PROJECT_SICHUAN, result_of
from tests.snapshots import assert_snapshot


def _image(chart: Chart) -> str:
    return f"chart-{chart.number}-{chart.spec.key}.png"


def test_reference_markdown(reference_doc: ReportDocument) -> None:
    assert_snapshot("render/reference.md", to_markdown(reference_doc, _image))


def test_reference_markdown_with_findings(reference_doc_findings: ReportDocument) -> None:
    assert_snapshot("render/reference-with-findings.md", to_markdown(reference_doc_findings, _image))


def test_reference_html(reference_doc: ReportDocument) -> None:
    assert_snapshot("render/reference.html", to_html(reference_doc, _image))


@pytest.mark.parametrize("path", [PROJECT_MOF, PROJECT_SICHUAN, OVERALL_PARTIAL], ids=lambda p: p.stem)
def test_fixture_markdown(path: Path) -> None:
    doc = build_report(result_of(path), with_findings=True)
    assert_snapshot(f"render/{path.stem}.md", to_markdown(doc, _image))
