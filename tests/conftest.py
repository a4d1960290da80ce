"""Shared fixtures: the reference report as published files (DOCX, HTML, PDF),
built once per test session by tests/portal_fixtures.py."""

from __future__ import annotations

from pathlib import Path

import pytest

import portal_fixtures

ROOT = Path(__file__).parent.parent
REFERENCE_YAML = ROOT / "examples" / "reference-lusong-2023.yaml"
REFERENCE_TEXT = ROOT / "tests" / "corpus" / "000_ca49b2c89bc71ff3.txt"


@pytest.fixture(scope="session")
def portal_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("portal")


@pytest.fixture(scope="session")
def reference_docx(portal_dir: Path) -> Path:
    return portal_fixtures.build_docx(portal_dir / "lusong-2023.docx")


@pytest.fixture(scope="session")
def reference_html(portal_dir: Path) -> Path:
    return portal_fixtures.build_html(portal_dir / "lusong-2023.html")


@pytest.fixture(scope="session")
def reference_pdf(portal_dir: Path) -> Path:
    return portal_fixtures.build_pdf(portal_dir / "lusong-2023.pdf")
