from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from jixiao.engine import Result, evaluate
from jixiao.findings import Finding
from jixiao.readers.load import load_bytes

# Property tests check results, not speed: on a shared machine under load a single
# example may exceed hypothesis's default 200 ms deadline, which is not a failure.
settings.register_profile("jixiao", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("jixiao")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CORPUS = ROOT / "tests" / "corpus"
REFERENCE = EXAMPLES / "reference-lusong-2023.yaml"


def check_text(yaml_text: str, name: str = "case.yaml", framework: str | None = None) -> tuple[Result | None, list[Finding]]:
    """Load an evaluation written as YAML text and run every check on it."""
    loaded = load_bytes(textwrap.dedent(yaml_text).encode("utf-8"), name)
    findings = list(loaded.findings)
    if loaded.evaluation is None:
        return None, findings
    result = evaluate(loaded.evaluation, framework)
    findings.extend(result.findings)
    return result, findings


@pytest.fixture
def check() -> Callable[..., tuple[Result | None, list[Finding]]]:
    return check_text


def codes(findings: list[Finding]) -> list[str]:
    return sorted(f.code for f in findings)


# The reference report as published files (DOCX, HTML, PDF), built once per test
# session by tests/portal_fixtures.py, for the reader tests.
REFERENCE_TEXT = CORPUS / "000_ca49b2c89bc71ff3.txt"


@pytest.fixture(scope="session")
def portal_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("portal")


@pytest.fixture(scope="session")
def reference_docx(portal_dir: Path) -> Path:
    from tests import portal_fixtures

    return portal_fixtures.build_docx(portal_dir / "lusong-2023.docx")


@pytest.fixture(scope="session")
def reference_html(portal_dir: Path) -> Path:
    from tests import portal_fixtures

    return portal_fixtures.build_html(portal_dir / "lusong-2023.html")


@pytest.fixture(scope="session")
def reference_pdf(portal_dir: Path) -> Path:
    from tests import portal_fixtures

    return portal_fixtures.build_pdf(portal_dir / "lusong-2023.pdf")
