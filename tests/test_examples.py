"""Every example transcription loads cleanly, and each framework either reproduces the
document's stated scores or reports the difference where the score is written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from jixiao.engine import evaluate
from jixiao.readers.load import load_path
from jixiao.scoring.outcome import Outcome
from tests.conftest import EXAMPLES, ROOT
from tests.snapshots import assert_snapshot

ALL = sorted(EXAMPLES.glob("*.yaml"))
SCORE_CODES = {"score.mismatch", "score.execution", "score.over-weight", "score.full-but-unmet"}


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_loads_without_input_errors(path: Path) -> None:
    loaded = load_path(path)
    assert loaded.evaluation is not None
    # the only input finding allowed is a required field the document itself does not state
    assert all(f.code == "input.missing" for f in loaded.findings), [f.message for f in loaded.findings]


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_stated_scores_reproduced_or_reported(path: Path) -> None:
    loaded = load_path(path)
    assert loaded.evaluation is not None
    result = evaluate(loaded.evaluation)
    assert result.card is not None
    reported_at = {loc for f in result.findings if f.code in SCORE_CODES for loc in f.locations[:1]}
    for row in result.card.rows:
        if row.reported is None or row.score.outcome not in (Outcome.COMPUTED, Outcome.RANGE):
            continue
        if row.agrees is False:
            assert row.reported.location in reported_at, f"{row.name}: {row.reported.text} vs {row.score.display()}"


def test_documents_stated_scores() -> None:
    """Scores the documents state, recomputed under their frameworks."""
    def card(name: str) -> dict[str, str]:
        ev = load_path(EXAMPLES / name).evaluation
        assert ev is not None
        c = evaluate(ev).card
        assert c is not None
        return {r.name: r.score.display() for r in c.rows}

    wanglu = card("basicdata-2018-wanglu.yaml")
    assert wanglu["在职人员控制率"] == "8"      # 136/143 = 95.10% ≤ 100%
    assert wanglu["三公经费变动率"] == "0"      # 52.30% (决算) or 98.31% (预算): both 0
    assert wanglu["预算完成率"] == "8"          # 99.27%: no whole 5-point shortfall
    assert wanglu["预算控制率"] == "0"          # 767.86/1922.76 = 39.94% > 30%
    anhui = card("anhui-chizhou-tangxi-weituo-2022.yaml")
    assert anhui["预算执行率"] == "10"          # stated 0: the total row was left at 0
    sichuan = card("sichuan-qingshen-fgj-gongzi-2023.yaml")
    assert sichuan["预算执行率"] == "10" and sichuan["发放(缴纳)覆盖率"] == "证据不足"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_check_snapshot(path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "jixiao.cli", "check", str(path.relative_to(ROOT))],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    assert run.returncode in (0, 1)
    assert_snapshot(f"check-{path.stem}.txt", run.stdout)


def test_output_does_not_depend_on_hash_seed() -> None:
    import os

    outputs = set()
    for seed in ("1", "2", "3"):
        run = subprocess.run([sys.executable, "-m", "jixiao.cli", "check", *[str(p.relative_to(ROOT)) for p in ALL]],
                             capture_output=True, text=True, cwd=ROOT, check=False,
                             env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.add(run.stdout)
    assert len(outputs) == 1
