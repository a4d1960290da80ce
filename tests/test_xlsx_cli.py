"""``jixiao template``, ``jixiao xlsx`` and the other commands on workbooks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao.cli import main
from tests.xlsx_helpers import REFERENCE, filled_template


def test_blank_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "模板.xlsx"
    assert main(["template", "--to", str(target), "--unit", "某单位", "--year", "2024"]) == 0
    assert target.read_bytes().startswith(b"PK")
    assert "空白填报模板" in capsys.readouterr().err
    project = tmp_path / "项目.xlsx"
    assert main(["template", "--kind", "project", "--to", str(project)]) == 0
    assert main(["template", "--framework", "no-such-framework", "--to", str(project)]) == 2


def test_template_from_an_evaluation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "填好的.xlsx"
    assert main(["template", "--from", str(REFERENCE), "--to", str(target)]) == 0
    out = capsys.readouterr().out
    assert out.count("input.resolved-duplicate") == 3
    assert "填好的.xlsx[经费控制!D15]" in out
    assert main(["template", "--from", str(target), "--to", str(target)]) == 2


def test_xlsx_command_writes_the_attachments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "附表.xlsx"
    assert main(["xlsx", str(REFERENCE), "--to", str(target)]) == 1  # the reference has errors
    err = capsys.readouterr().err
    assert "附件2、附件3、核查结果" in err and "错误 4" in err
    assert target.read_bytes().startswith(b"PK")
    assert main(["xlsx", str(target), "--to", str(target)]) == 2


def test_xlsx_command_from_a_filled_template(tmp_path: Path) -> None:
    source = tmp_path / "filled.xlsx"
    source.write_bytes(filled_template()[0])
    assert main(["xlsx", str(source), "--to", str(tmp_path / "out.xlsx")]) == 1
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    assert main(["xlsx", str(empty), "--to", str(tmp_path / "x.xlsx")]) == 2
    assert not (tmp_path / "x.xlsx").exists()


def test_check_and_score_read_workbooks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "filled.xlsx"
    source.write_bytes(filled_template()[0])
    assert main(["check", str(source), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    reason = next(f for f in findings if f["code"] == "score.reason-missing")
    assert reason["locations"][0] == {"file": str(source), "sheet": "绩效指标", "cell": "I18",
                                      "field": "/self_evaluation/indicators/1/groups/3/items/0/score"}
    assert reason["field"] == reason["locations"][0]["field"] and reason["id"] and reason["args"]
    assert main(["check", str(source)]) == 1
    text = capsys.readouterr().out
    assert f"{source}[绩效指标!I18]: score.reason-missing" in text
    assert main(["score", str(source)]) == 1  # the evaluation has error-level findings
    assert "合计" in capsys.readouterr().out
