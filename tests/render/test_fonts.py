"""The fontconfig file: official names resolve to licensed fonts if present, else to Noto CJK."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from jixiao.writers.fonts import PACKAGED_CONF, configured_fonts_dir, css_stack, fontconfig_file


def test_packaged_conf_has_one_family_per_alias() -> None:
    from lxml import etree

    root = etree.parse(str(PACKAGED_CONF)).getroot()
    aliases = root.findall("alias")
    assert len(aliases) >= 20
    for alias in aliases:
        assert len(alias.findall("family")) == 1 and len(alias.findall("accept/family")) == 1
    targets = {a.findtext("accept/family") for a in aliases}
    assert targets == {"Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL KaitiM GB"}


def test_runtime_conf_adds_the_fonts_dir(tmp_path: Path) -> None:
    conf = fontconfig_file(tmp_path).read_text(encoding="utf-8")
    assert f"<dir>{tmp_path}</dir>" in conf and str(PACKAGED_CONF) in conf


def test_fonts_dir_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_FONTS_DIR", str(tmp_path))
    assert configured_fonts_dir() == tmp_path.resolve()
    monkeypatch.setenv("JIXIAO_FONTS_DIR", str(tmp_path / "absent"))
    assert configured_fonts_dir() is None


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig tools are not installed")
@pytest.mark.parametrize(("name", "expected"), [
    ("仿宋_GB2312", "Noto Serif CJK SC"), ("方正小标宋简体", "Noto Serif CJK SC:Bold"), ("黑体", "Noto Sans CJK SC"),
    ("楷体_GB2312", "AR PL KaitiM GB"),
])
def test_official_names_resolve_to_free_fonts(name: str, expected: str) -> None:
    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file())}
    out = subprocess.run(["fc-match", "-f", "%{family[0]}:%{style[0]}", name], env=env, capture_output=True,
                         text=True, check=True).stdout
    family, _, style = out.partition(":")
    want_family, _, want_style = expected.partition(":")
    assert family == want_family and (not want_style or style == want_style)


def test_css_stack_ends_with_the_free_font_and_a_generic() -> None:
    stack = css_stack("kaiti")
    assert stack.startswith('"楷体_GB2312"') and '"AR PL KaitiM GB"' in stack and stack.endswith("serif")
