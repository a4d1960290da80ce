"""Fixtures for the report writer tests: evaluated inputs and their document views."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.engine import Result, evaluate
from jixiao.readers.load import load_bytes, load_path
from jixiao.writers.report import build_report
from jixiao.writers.report.view import ReportDocument

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "examples" / "reference-lusong-2023.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROJECT_MOF = FIXTURES / "project-mof.yaml"
PROJECT_SICHUAN = FIXTURES / "project-sichuan.yaml"
OVERALL_PARTIAL = FIXTURES / "overall-partial.yaml"
ALL_INPUTS = (REFERENCE, PROJECT_MOF, PROJECT_SICHUAN, OVERALL_PARTIAL)


def result_of(path: Path) -> Result:
    loaded = load_path(path)
    assert loaded.evaluation is not None, loaded.findings
    return evaluate(loaded.evaluation)


def result_from_text(yaml_text: str, name: str = "case.yaml") -> Result:
    loaded = load_bytes(yaml_text.encode("utf-8"), name)
    assert loaded.evaluation is not None, [f.message for f in loaded.findings]
    return evaluate(loaded.evaluation)


@pytest.fixture(scope="session")
def reference() -> Result:
    return result_of(REFERENCE)


@pytest.fixture(scope="session")
def reference_doc(reference: Result) -> ReportDocument:
    return build_report(reference)


@pytest.fixture(scope="session")
def reference_doc_findings(reference: Result) -> ReportDocument:
    return build_report(reference, with_findings=True)


@pytest.fixture(scope="session")
def reference_doc_charts(reference: Result) -> ReportDocument:
    return build_report(reference, charts=True)


@pytest.fixture(scope="session", params=ALL_INPUTS, ids=lambda p: p.stem)
def any_input(request: pytest.FixtureRequest) -> tuple[Result, ReportDocument]:
    result = result_of(request.param)
    return result, build_report(result, with_findings=True)


@pytest.fixture(scope="session")
def reference_docx(reference_doc_findings: ReportDocument) -> bytes:
    from jixiao.writers.report.docx import to_docx

    return to_docx(reference_doc_findings)


@pytest.fixture(scope="session")
def reference_pdf(reference_doc_findings: ReportDocument, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from jixiao.writers.report.pdf import to_pdf

    path = tmp_path_factory.mktemp("pdf") / "reference.pdf"
    path.write_bytes(to_pdf(reference_doc_findings))
    return path
