"""What jixiao must find on the reference report (issue: core engine §8)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from jixiao.engine import evaluate
from jixiao.findings import Finding, Level
from jixiao.readers.load import load_path
from tests.conftest import REFERENCE, ROOT
from tests.snapshots import assert_snapshot


@pytest.fixture(scope="module")
def findings() -> list[Finding]:
    loaded = load_path(REFERENCE)
    assert loaded.evaluation is not None and not loaded.findings
    return evaluate(loaded.evaluation).findings


def _one(findings: list[Finding], code: str, stated: str | None = None) -> Finding:
    hits = [f for f in findings if f.code == code and (stated is None or f.stated == stated)]
    assert len(hits) == 1, (code, stated, [f.message for f in findings if f.code == code])
    return hits[0]


def test_project_expenditure_stated_twice_differently(findings: list[Finding]) -> None:
    f = _one(findings, "dup.conflict", "88.17")
    assert f.level is Level.ERROR and f.expected == "88.18"
    assert len(f.locations) == 3  # 附件2 once, §二 twice
    assert "各项目实际支出之和" in f.message


def test_public_funds_text_vs_table(findings: list[Finding]) -> None:
    f = _one(findings, "dup.conflict", "63.73")
    assert f.level is Level.ERROR and f.expected == "63.72"


def test_yuan_written_for_wanyuan(findings: list[Finding]) -> None:
    f = _one(findings, "unit.slip")
    assert f.level is Level.WARNING and f.stated == "42.82元" and f.expected == "42.82万元"


def test_budget_breakdown_mixes_budget_and_execution(findings: list[Finding]) -> None:
    f = _one(findings, "sum.budget-execution-mix")
    assert f.level is Level.ERROR and f.stated == "97.12" and f.expected == "88.18"
    assert "753.07" in f.message
    # the same defect is not reported a second time as a plain sum error
    assert not [g for g in findings if g.code == "sum.inconsistent" and g.stated == "97.12"]


def test_unexecuted_balance_not_accounted_for(findings: list[Finding]) -> None:
    f = _one(findings, "sum.unexplained-balance")
    assert f.level is Level.WARNING and f.expected == "8.94" and f.stated == "0"


def test_execution_score_names_the_policy_that_gives_nine(findings: list[Finding]) -> None:
    f = _one(findings, "score.execution")
    assert f.level is Level.WARNING and f.stated == "9" and f.expected == "9.89"
    assert "9.90" in f.message and "floor" in f.message


def test_cost_indicator_uses_budget_and_ratio_rule(findings: list[Finding]) -> None:
    f = _one(findings, "plaus.cost-actual-budget")
    assert f.level is Level.WARNING and "841.25" in f.message
    g = _one(findings, "score.mismatch")
    assert g.stated == "19" and g.expected == "18.17"


def test_deduction_without_reason(findings: list[Finding]) -> None:
    f = _one(findings, "score.reason-missing")
    assert f.level is Level.ERROR and f.stated == "2"


def test_over_staffing_and_procurement_over_budget(findings: list[Finding]) -> None:
    assert _one(findings, "plaus.over-staff").level is Level.WARNING
    f = _one(findings, "plaus.over-budget", "35.69")
    assert f.expected == "≤24.39"


def test_reviewer_extras_are_info(findings: list[Finding]) -> None:
    assert _one(findings, "format.attachments").level is Level.INFO
    assert _one(findings, "complete.adjustment-reason").level is Level.INFO


def test_nothing_about_the_ok_items(findings: list[Finding]) -> None:
    serious = [f for f in findings if f.level is not Level.INFO]
    blob = "\n".join(f.message for f in serious)
    # 689.35 + 63.72 = 753.07; 753.07 + 88.18 = 841.25; the projects sum to 88.18 and 83.2;
    # scores sum to 97 and weights to 100; 841.25/850.19 = 98.95%; 48 = 30 + 18.
    for code in ("sum.inconsistent", "ratio.inconsistent", "score.total", "score.weights-sum", "sum.count",
                 "score.over-weight", "score.grade"):
        assert not [f for f in serious if f.code == code], code
    assert "689.35" not in blob and "83.2" not in blob and "48" not in blob


def test_score_card_total_and_grade() -> None:
    loaded = load_path(REFERENCE)
    assert loaded.evaluation is not None
    card = evaluate(loaded.evaluation).card
    assert card is not None
    assert str(card.reported_sum) == "97" and card.weight_sum == 100
    assert card.grade.grade == "优"
    assert round(card.recomputed_total, 2) == round(card.recomputed_total, 2)  # a number, not None
    assert f"{card.recomputed_total:.2f}" == "97.06"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jixiao.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          check=False)


def test_check_output_snapshot() -> None:
    run = _cli("check", "examples/reference-lusong-2023.yaml")
    assert run.returncode == 1
    assert_snapshot("reference-check.txt", run.stdout)


def test_check_json_snapshot() -> None:
    run = _cli("check", "--format", "json", "examples/reference-lusong-2023.yaml")
    assert run.returncode == 1
    data = json.loads(run.stdout)
    assert set(data) == {"findings"}
    for f in data["findings"]:
        assert set(f) == {"id", "code", "level", "message", "args", "field", "locations", "stated", "expected",
                          "citation"}
        assert f["field"] == f["locations"][0]["field"] and f["field"].startswith("/")
        for loc in f["locations"]:
            assert set(loc) == {"file", "line", "column", "field"}
    assert_snapshot("reference-check.json", run.stdout)


def test_score_output_snapshot() -> None:
    run = _cli("score", "examples/reference-lusong-2023.yaml")
    assert run.returncode == 1
    assert_snapshot("reference-score.txt", run.stdout)
