"""``jixiao render``: files written, findings listed, exit status."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.cli import main
from tests.render.conftest import OVERALL_PARTIAL, PROJECT_SICHUAN, REFERENCE


def test_renders_the_requested_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["render", str(REFERENCE), "--to", str(tmp_path), "--formats", "md,html,docx"])
    out, err = capsys.readouterr()
    stem = REFERENCE.stem
    assert out.split() == [str(tmp_path / f"{stem}.{ext}") for ext in ("md", "html", "docx")]
    assert status == 1  # the reference has error-level findings (dup.conflict): written, and said so
    assert "dup.conflict" in err
    # Charts are no part of the form: none by default.
    assert not (tmp_path / f"{stem}.charts").exists()
    assert "![" not in (tmp_path / f"{stem}.md").read_text(encoding="utf-8")


def test_charts_come_as_an_appendix_of_their_own(tmp_path: Path) -> None:
    main(["render", str(REFERENCE), "--to", str(tmp_path), "--formats", "md", "--charts", "--quiet"])
    stem = REFERENCE.stem
    charts = sorted(p.name for p in (tmp_path / f"{stem}.charts").iterdir())
    assert charts == ["chart-1-composition.png", "chart-2-attainment.png", "chart-3-three_public.png",
                      "chart-4-projects.png"]
    text = (tmp_path / f"{stem}.md").read_text(encoding="utf-8")
    assert text.index("**附件4**") < text.index(f"]({stem}.charts/chart-1-composition.png)")
    assert "4. 图表" in text


def test_with_findings_adds_the_appendix(tmp_path: Path) -> None:
    main(["render", str(REFERENCE), "--to", str(tmp_path), "--formats", "md", "--with-findings", "--quiet"])
    text = (tmp_path / f"{REFERENCE.stem}.md").read_text(encoding="utf-8")
    assert "**附件4**" in text and "数据核查情况说明" in text and "4. 数据核查情况说明" in text


def test_clean_input_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(PROJECT_SICHUAN), "--to", str(tmp_path), "--formats", "html"]) == 0
    assert (tmp_path / f"{PROJECT_SICHUAN.stem}.html").is_file()


def test_partial_input_is_rendered_with_placeholders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["render", str(OVERALL_PARTIAL), "--to", str(tmp_path), "--formats", "md"])
    _, err = capsys.readouterr()
    assert "complete.render-placeholder" in err
    assert "（未填报）" in (tmp_path / f"{OVERALL_PARTIAL.stem}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [
    ["--formats", "odt"],
    ["--formats", ""],
    ["--docx-template", "no-such-template.docx"],
    ["--fonts-dir", "no-such-dir"],
])
def test_usage_errors_exit_two(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    assert main(["render", str(REFERENCE), "--to", str(tmp_path), *args]) == 2
    assert "参数错误" in capsys.readouterr().err


def test_unreadable_input_exits_two_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: overall\nunit: [\n", encoding="utf-8")
    assert main(["render", str(bad), str(tmp_path / "missing.yaml"), "--to", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "未生成报告" in err and "Traceback" not in err


def test_an_unknown_framework_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(REFERENCE), "--to", str(tmp_path), "--framework", "no-such-framework"]) == 2
    assert "无法确定评价框架" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_to_must_be_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    assert main(["render", str(REFERENCE), "--to", str(target)]) == 2
