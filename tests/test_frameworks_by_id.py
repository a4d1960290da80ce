"""Frameworks are chosen by id only: an input can never make the engine open a path;
the operator's directories and an application's uploaded text add ids."""

from __future__ import annotations

import builtins
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from jixiao import api
from jixiao.cli import main
from jixiao.frameworks import loader
from tests.conftest import REFERENCE

DATA = Path(loader.__file__).parent / "data"
SECRET = "password: hunter2-秘密"


def _own_framework(fid: str) -> str:
    return (DATA / "hunan-overall.yaml").read_text("utf-8").replace("id: hunan-overall", f"id: {fid}")


@pytest.fixture(autouse=True)
def _fresh_frameworks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("JIXIAO_FRAMEWORKS", raising=False)
    monkeypatch.setattr(loader, "_DIRS", [])
    api.clear_frameworks()
    yield
    api.clear_frameworks()


@pytest.fixture
def bait(tmp_path: Path) -> Path:
    """A readable file an input might name as its framework: a valid framework (so that
    reading it would succeed) with a line that must never show up anywhere."""
    path = tmp_path / "secret.yaml"
    path.write_text(_own_framework("stolen") + f"\n# {SECRET}\n", encoding="utf-8")
    return path


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file the process opens from here on."""
    seen: list[str] = []
    real_open, real_io_open = builtins.open, io.open

    def spy(file: object, *args: object, **kwargs: object) -> object:
        seen.append(os.fspath(file) if isinstance(file, str | os.PathLike) else repr(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    def spy_io(file: object, *args: object, **kwargs: object) -> object:
        seen.append(os.fspath(file) if isinstance(file, str | os.PathLike) else repr(file))
        return real_io_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(io, "open", spy_io)
    return seen


@pytest.mark.parametrize("how", ["absolute", "relative", "traversal", "stem-dir"])
def test_a_path_named_by_the_input_is_unknown_and_not_opened(bait: Path, opened: list[str], how: str,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(bait.parent)
    ref = {"absolute": str(bait), "relative": "secret.yaml", "traversal": f"../{bait.parent.name}/secret",
           "stem-dir": str(bait.with_suffix(""))}[how]
    text = REFERENCE.read_text("utf-8").replace("framework: hunan-overall", f"framework: '{ref}'")
    result = api.evaluate(api.read(text.encode("utf-8"), name="input.yaml"))
    codes = [f.code for f in result.findings]
    assert "framework.unknown" in codes and not result.usable
    assert not any("secret" in name for name in opened), opened
    out = json.dumps(result.to_data(), ensure_ascii=False)
    assert "hunter2" not in out and "stolen" not in out
    unknown = next(f for f in result.findings if f.code == "framework.unknown")
    assert unknown.field == "/framework" and unknown.locations[0].file == "input.yaml"


def test_a_path_given_to_the_cli_is_unknown_too(bait: Path, opened: list[str],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "json", "--framework", str(bait), str(REFERENCE)]) == 2
    out = capsys.readouterr().out
    assert "framework.unknown" in out and "hunter2" not in out
    assert str(bait) not in opened


def test_frameworks_dir_adds_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bureau-2024.yaml").write_text(_own_framework("bureau-2024"), encoding="utf-8")
    assert main(["score", "--framework", "bureau-2024", str(REFERENCE)]) == 2  # not registered
    capsys.readouterr()
    assert main(["score", "--frameworks-dir", str(tmp_path), "--framework", "bureau-2024", str(REFERENCE)]) == 1
    assert "复算" in capsys.readouterr().out
    assert main(["check", "--frameworks-dir", str(tmp_path / "nope"), str(REFERENCE)]) == 2
    assert "不存在" in capsys.readouterr().err


def test_environment_registers_directories(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "city.yaml").write_text(_own_framework("city"), encoding="utf-8")
    monkeypatch.setenv("JIXIAO_FRAMEWORKS", os.pathsep.join([str(tmp_path / "missing"), str(other)]))
    assert "city" in [fw["id"] for fw in api.frameworks()]
    assert api.evaluate(api.read(REFERENCE), framework="city").framework == "city"


def test_registered_directory_cannot_shadow_a_builtin(tmp_path: Path) -> None:
    (tmp_path / "hunan-overall.yaml").write_text(_own_framework("hunan-overall").replace(
        "title: 湖南省", "title: 冒名"), encoding="utf-8")
    api.register_frameworks_dir(tmp_path)
    (fw,) = [f for f in api.frameworks() if f["id"] == "hunan-overall"]
    assert fw["builtin"] and "冒名" not in fw["title"]


def test_framework_from_text_is_chosen_by_id_and_cleared() -> None:
    info = api.framework_from_text(_own_framework("upload-1"), "上传.yaml")
    assert info["id"] == "upload-1" and info["kind"] == "overall" and info["findings"] == []
    assert "upload-1" in [fw["id"] for fw in api.frameworks()]
    assert api.evaluate(api.read(REFERENCE), framework="upload-1").usable
    api.clear_frameworks()
    result = api.evaluate(api.read(REFERENCE), framework="upload-1")
    assert [f.code for f in result.findings if f.code.startswith("framework.")] == ["framework.unknown"]


def test_framework_from_text_reports_problems() -> None:
    with pytest.raises(api.FrameworkError, match="评价框架无效"):
        api.framework_from_text("id: x\nkind: overall\n")
    with pytest.raises(api.FrameworkError, match="内置"):
        api.framework_from_text(_own_framework("hunan-overall"))
    uneven = api.framework_from_text(_own_framework("uneven").replace("points: 10", "points: 11", 1))
    assert [f["code"] for f in uneven["findings"]] == ["framework.weights"]


def test_cache_is_cleared_so_edited_files_are_read_again(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(_own_framework("mine"), encoding="utf-8")
    api.register_frameworks_dir(tmp_path)
    first = next(fw for fw in api.frameworks() if fw["id"] == "mine")
    path.write_text(_own_framework("mine").replace("title: 湖南省", "title: 修订后的湖南省"), encoding="utf-8")
    assert next(fw for fw in api.frameworks() if fw["id"] == "mine")["title"] == first["title"]
    api.clear_frameworks()
    assert next(fw for fw in api.frameworks() if fw["id"] == "mine")["title"].startswith("修订后")


def test_frameworks_command_checks_a_named_file(bait: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frameworks", "--format", "json", str(bait)]) == 0
    listed = json.loads(capsys.readouterr().out)["frameworks"]
    assert listed[-1]["id"] == "stolen"
