"""The CLI contract: commands, exit status, text and JSON shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao.cli import main
from tests.conftest import REFERENCE

CLEAN = """\
kind: overall
framework: hunan-overall
unit: {name: 测试局, year: 2023}
report:
  public_budget: {basic: 753.07, personnel: 689.35, public_funds: 63.72}
  problems: 无。
  improvements: 无。
  application: 与决算一并公开。
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_exit_statuses(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    clean = tmp_path / "clean.yaml"
    clean.write_text(CLEAN, encoding="utf-8")
    assert run(capsys, "check", str(clean))[0] == 0
    code, out, _ = run(capsys, "check", str(REFERENCE))
    assert code == 1  # the reference report has error-level findings
    assert out.startswith(("examples/", str(REFERENCE.parent)))
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: overall\nunit: [\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(broken), str(clean))
    assert code == 2 and "input.syntax" in out
    assert run(capsys, "check", str(tmp_path / "missing.yaml"))[0] == 2


def test_clean_file_is_quiet(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    clean = tmp_path / "clean.yaml"
    clean.write_text(CLEAN, encoding="utf-8")
    code, out, err = run(capsys, "check", str(clean))
    assert code == 0 and out == "" and "未发现问题" in err


def test_text_location_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text(CLEAN + "basic_data:\n  expenses:\n    public_funds: {final: 63.73}\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path))
    first = out.splitlines()[0]
    assert code == 1
    assert first.startswith(f"{path}:11:") and ": dup.conflict [错误] " in first
    assert "63.73" in out.splitlines()[1]  # the source excerpt


def test_json_contract(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "check", "--format", "json", str(REFERENCE))
    data = json.loads(out)
    assert code == 1 and list(data) == ["findings"]
    f = next(x for x in data["findings"] if x["code"] == "dup.conflict" and x["stated"] == "63.73")
    assert f["level"] == "error" and f["expected"] == "63.72"
    assert f["locations"][0]["line"] > 0 and "sheet" not in f["locations"][0]
    other = tmp_path / "clean.yaml"
    other.write_text(CLEAN, encoding="utf-8")
    data = json.loads(run(capsys, "check", "--format", "json", str(REFERENCE), str(other))[1])
    assert all("document" in x for x in data["findings"])


def test_framework_override(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, _ = run(capsys, "score", "--framework", "no-such", str(REFERENCE))
    assert code == 2
    code, _out, err = run(capsys, "score", "--framework", "mof-project-2020", str(REFERENCE))
    assert code == 2 and "framework.invalid" in err


def test_score_json(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _ = run(capsys, "score", "--format", "json", str(REFERENCE))
    data = json.loads(out)
    assert data["framework"] == "hunan-overall" and data["total"]["recomputed"] == "97.06"
    exec_row = data["rows"][0]
    assert exec_row["name"] == "预算执行率" and exec_row["recomputed"] == "9.89" and exec_row["agrees"] is False
    assert {r["outcome"] for r in data["rows"]} <= {"computed", "range", "insufficient", "not_applicable", "manual"}


def test_rules_frameworks_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0 and "dup.conflict" in out
    code, out, _ = run(capsys, "frameworks")
    assert code == 0 and "hunan-overall" in out and "sichuan-project" in out
    code, out, _ = run(capsys, "schema")
    assert code == 0 and json.loads(out)["title"]


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["no-such-command"])
    assert exc.value.code == 2
    assert main([]) == 2
