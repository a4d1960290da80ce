"""The Excel finding codes are documented and each has a test that triggers it and
one that does not."""

from __future__ import annotations

import re
from pathlib import Path

import jixiao.workbook.codes as workbook_codes
from jixiao.registry import Rule

TESTS = Path(__file__).parent


def _codes() -> list[str]:
    return [v.code for v in vars(workbook_codes).values() if isinstance(v, Rule)]


def test_every_workbook_rule_is_documented() -> None:
    catalogue = (TESTS.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    guide = (TESTS.parent / "docs" / "xlsx.md").read_text(encoding="utf-8")
    for code in _codes():
        assert f"### `{code}`" in catalogue, f"{code}: run `jixiao rules --format markdown > docs/rules.md`"
        assert code in guide


def test_every_workbook_rule_is_tested_both_ways() -> None:
    names = set()
    for path in TESTS.glob("test_xlsx_*.py"):
        names |= set(re.findall(r"^def (test_\w+)\(", path.read_text(encoding="utf-8"), re.M))
    for code in _codes():
        stem = "test_" + code.replace(".", "_").replace("-", "_")
        assert f"{stem}_triggered" in names, code
        assert f"{stem}_not_triggered" in names, code
