"""One test per class of hostile input or misuse in docs/robustness.md: nothing a
document or an option can do ends in a traceback, a dead process or a wrong output."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from jixiao.cli import main
from jixiao.commands import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE
from jixiao.readers.load import load_bytes, load_path
from tests.conftest import REFERENCE
from tests.hostile import with_figure


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def codes(result: object) -> list[str]:
    return [f.code for f in result.findings]  # type: ignore[attr-defined]


# --- exit codes ----------------------------------------------------------------------


def test_internal_error_is_one_line_and_exit_3(capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import jixiao.commands.rules as rules

    def broken(args: object) -> int:
        raise ValueError("坏了\n第二行")

    monkeypatch.setattr(rules, "run", broken)
    code, _, err = run(capsys, "rules")
    assert code == EXIT_INTERNAL
    assert err == "jixiao：内部错误：ValueError：坏了（加 --debug 显示调用栈）\n"
    code, _, err = run(capsys, "rules", "--debug")
    assert code == EXIT_INTERNAL and "Traceback" in err and 'raise ValueError("坏了' in err


def test_exit_codes_are_the_same_for_every_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "check", str(tmp_path / "missing.yaml"))[0] == EXIT_USAGE
    assert run(capsys, "check", str(REFERENCE))[0] == EXIT_FINDINGS
    assert run(capsys, "rules")[0] == EXIT_OK
    with pytest.raises(SystemExit) as exc:
        main(["check", "--no-such-option", str(REFERENCE)])
    assert exc.value.code == EXIT_USAGE


# --- crashes in reading ----------------------------------------------------------------


def test_input_surrogate_triggered() -> None:
    text = '{"kind": "overall", "unit": {"name": "测试\\ud800局", "year": 2023}}'
    loaded = load_bytes(text.encode(), "s.json")
    assert loaded.evaluation is not None and "input.surrogate" in codes(loaded)
    assert loaded.evaluation.unit.name == "测试\ufffd局"  # type: ignore[attr-defined]
    [finding] = [f for f in loaded.findings if f.code == "input.surrogate"]
    assert (finding.locations[0].line, finding.locations[0].column) == (1, 41)


def test_input_surrogate_not_triggered() -> None:
    # a real pair (😀) and an escaped backslash before "ud800" are not lone surrogates
    text = '{"kind": "overall", "unit": {"name": "测试\\ud83d\\ude00 \\\\ud800", "year": 2023}}'
    loaded = load_bytes(text.encode(), "s.json")
    assert "input.surrogate" not in codes(loaded)
    assert loaded.evaluation.unit.name == "测试😀 \\ud800"  # type: ignore[union-attr]


def test_lone_surrogate_does_not_abort_an_audit(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "s.json").write_text('{"kind": "overall", "unit": {"name": "a\\udfff"}}', encoding="utf-8")
    (tmp_path / "in" / "ref.yaml").write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    outputs = [tmp_path / f"out.{suffix}" for suffix in ("json", "csv", "html", "xlsx")]
    args = ["audit", str(tmp_path / "in"), "--jobs", "1", "--quiet"]
    for out in outputs:
        args += ["--to", str(out)]
    code, _, _ = run(capsys, *args)
    assert code == EXIT_FINDINGS
    assert all(out.stat().st_size > 0 for out in outputs)
    report = json.loads(outputs[0].read_text(encoding="utf-8"))
    assert len(report["documents"]) == 2


def test_json_integer_over_4300_digits_is_read_as_written(capsys: pytest.CaptureFixture[str],
                                                           tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text('{"kind": "overall", "unit": {"name": "局", "year": ' + "9" * 5000 + "}}", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path))
    assert code in (EXIT_OK, EXIT_FINDINGS) and "input.number" in out


def test_input_number_range_triggered() -> None:
    loaded = load_bytes(with_figure("final: 841.25", "final: 1234567890123456789012345678").encode(), "r.yaml")
    assert "input.number-range" in codes(loaded)
    from jixiao.engine import evaluate

    assert loaded.evaluation is not None
    evaluate(loaded.evaluation)  # scoring no longer meets a 28-digit figure


def test_input_number_range_not_triggered() -> None:
    loaded = load_bytes(with_figure("final: 841.25", "final: 999999999999999.99").encode(), "r.yaml")
    assert "input.number-range" not in codes(loaded)


@pytest.mark.parametrize("figure", ["1" * 16, "1" * 28 + ".5", "0." + "1" * 30])
def test_long_figures_never_reach_scoring(figure: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    for old in ("weight: 10 ", "score: 15", "final: 841.25"):
        path.write_text(with_figure(old, old.split(":")[0] + ": " + figure + " "), encoding="utf-8")
        code, _, err = run(capsys, "check", str(path))
        assert code == EXIT_FINDINGS and "内部错误" not in err


@pytest.mark.parametrize("content", [b"\xff\xfe\x00bad", b"id: [1]\n", b"id: {a: 1}\n", b"- 1\n", b""])
def test_bad_framework_file_is_a_finding(content: bytes, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    framework = tmp_path / "fw.yaml"
    framework.write_bytes(content)
    # named by the operator to `jixiao frameworks`, and kept in a registered directory
    code, out, err = run(capsys, "frameworks", str(framework))
    assert code == EXIT_USAGE and "framework.invalid" in out + err and "内部错误" not in err
    code, out, err = run(capsys, "check", str(REFERENCE), "--frameworks-dir", str(tmp_path), "--framework", "fw")
    assert code == EXIT_USAGE and "framework.invalid" in out + err and "内部错误" not in err
    # a path as --framework is not opened: frameworks are chosen by id
    code, out, err = run(capsys, "check", str(REFERENCE), "--framework", str(framework))
    assert code == EXIT_USAGE and "framework.unknown" in out + err


def test_devices_and_pipes_are_refused_without_reading(tmp_path: Path) -> None:
    loaded = load_path("/dev/zero")
    assert loaded.unreadable and "不是普通文件" in loaded.findings[0].message
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    loaded = load_path(fifo)  # no writer: an ordinary open would block for ever
    assert loaded.unreadable and "不是普通文件" in loaded.findings[0].message


def test_size_limit_does_not_trust_st_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jixiao.readers import safety

    path = tmp_path / "r.yaml"
    path.write_bytes(b"x" * 5000)
    with pytest.raises(safety.UnsafeInput, match="文件过大"):
        safety.read_file(path, limit=4096)
    assert safety.read_file(path, limit=5000) == b"x" * 5000


@pytest.mark.parametrize("command", ["schema", "import"])
def test_unwritable_target_is_exit_2(command: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "r.yaml"
    source.write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    target = str(tmp_path / "no" / "such" / "dir" / "out.yaml")
    args = ["schema", "--to", target] if command == "schema" else ["import", str(source), "--to", target]
    code, _, err = run(capsys, *args)
    assert code == EXIT_USAGE and "无法写入" in err


def test_render_refuses_a_non_template(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip", encoding="utf-8")
    code, _, err = run(capsys, "render", str(REFERENCE), "--to", str(tmp_path / "out"), "--formats", "md",
                       "--docx-template", str(fake))
    assert code == EXIT_USAGE and "Word 模板" in err
    assert not (tmp_path / "out").exists()


# --- writes ----------------------------------------------------------------------------


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    from jixiao.writers.atomic import replacing, write_text

    target = tmp_path / "out.yaml"
    write_text(target, "old\n")
    with pytest.raises(OSError), replacing(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml"]
    write_text(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_import_never_writes_onto_its_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "x.txt"
    source.write_text("二〇二三年度部门整体支出绩效自评报告\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(source), "--to", str(source))
    assert code == EXIT_USAGE and "输入文件" in err
    assert source.read_text(encoding="utf-8").startswith("二〇二三年度")


def test_inputs_with_the_same_stem_get_distinct_outputs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "报告.yaml").write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    run(capsys, "import", str(tmp_path / "a" / "报告.yaml"), str(tmp_path / "b" / "报告.yaml"), "--to", str(out))
    assert sorted(p.name for p in out.iterdir()) == ["报告-2.yaml", "报告.yaml"]


def test_audit_refuses_to_write_over_an_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "r.json"
    source.write_text('{"kind": "overall"}', encoding="utf-8")
    code, _, err = run(capsys, "audit", str(source), "--to", str(source), "--quiet")
    assert code == EXIT_USAGE and "不予覆盖" in err
    assert source.read_text(encoding="utf-8") == '{"kind": "overall"}'


def test_font_directory_of_another_owner_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    from jixiao.writers import fonts

    planted = tmp_path / f"jixiao-fonts-{os.getuid()}"
    planted.mkdir(mode=0o777)
    planted.chmod(0o777)  # writable by anyone: someone could have put a configuration there
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    monkeypatch.setattr(fonts, "_private", None)
    chosen = fonts._private_dir()
    assert chosen != planted and stat.S_IMODE(chosen.stat().st_mode) == 0o700


# --- options ---------------------------------------------------------------------------


def test_kind_and_framework_must_agree(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "template", "--kind", "project", "--framework", "hunan-overall",
                       "--to", str(tmp_path / "t.xlsx"))
    assert code == EXIT_USAGE and "不符" in err and not (tmp_path / "t.xlsx").exists()


@pytest.mark.parametrize("timeout", ["inf", "nan", "-1", "0", "1e300"])
def test_audit_timeout_must_be_a_finite_positive_number(timeout: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["audit", str(REFERENCE), "--timeout", timeout])
    assert exc.value.code == EXIT_USAGE


@pytest.mark.parametrize("command", ["check", "import"])
def test_control_characters_in_framework_are_refused(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, command, str(REFERENCE), "--framework", "hunan-overall\n# injected: true")
    assert code == EXIT_USAGE and "控制字符" in err and "injected" not in out


# --- reading in a child process ------------------------------------------------------


def test_input_reader_died_triggered() -> None:
    from jixiao.readers.isolated import reader_died, run_isolated
    from tests.hostile import abort_reader, greedy_reader, slow_reader

    assert "SIGABRT" in str(run_isolated(abort_reader, b"", "a.pdf", seconds=20))
    assert "超过时限" in str(run_isolated(slow_reader, b"", "s.pdf", seconds=0.5))
    assert "内存不足" in str(run_isolated(greedy_reader, b"", "g.pdf", memory_bytes=1 << 30, seconds=20))
    died = reader_died("a.pdf", "异常终止（信号 SIGABRT）")
    assert died.unreadable and codes(died) == ["input.reader-died"]
    assert died.findings[0].message == "读取此文件的子进程未能完成：异常终止（信号 SIGABRT）；文件未读取"


def test_input_reader_died_not_triggered() -> None:
    from jixiao.readers.isolated import read_isolated
    from tests.conftest import CORPUS

    data = (CORPUS / "01_hunan_nanxian_zhengxie_2021.txt").read_bytes()
    isolated = read_isolated(data, "r.txt", seconds=60)
    direct = load_bytes(data, "r.txt")
    assert "input.reader-died" not in codes(isolated)
    assert isolated.evaluation == direct.evaluation and codes(isolated) == codes(direct)


def test_import_reports_a_reader_that_dies(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import jixiao.readers.isolated as isolated

    monkeypatch.setattr(isolated, "DEFAULT_SECONDS", 0.5)
    original = isolated.run_isolated

    def slow(func: object, data: bytes, name: str, **kw: object) -> object:
        from tests.hostile import slow_reader

        return original(slow_reader, data, name, seconds=0.5)

    monkeypatch.setattr(isolated, "run_isolated", slow)
    source = tmp_path / "r.txt"
    source.write_text("报告\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(source), "--to", str(tmp_path / "r.yaml"))
    assert code == EXIT_USAGE and "input.reader-died" in err and "超过时限" in err


# --- bounds before the work --------------------------------------------------------------


def test_a_megabyte_of_tabs_is_read_in_linear_time() -> None:
    import time

    from jixiao.readers.text import load

    start = time.process_time()
    loaded = load(b"\t" * 1_000_000 + "未完".encode(), "tabs.txt")
    # Quadratic backtracking took hours on this input; linear work takes seconds. The
    # bound is loose on purpose (a shared machine), it only tells the two apart.
    assert time.process_time() - start < 60
    assert "input.too-large" in codes(loaded)


# --- XLSX cells read as XML --------------------------------------------------------------


def _reorder_cell_attributes(data: bytes) -> bytes:
    """The same workbook with every cell's attributes written in reverse order."""
    import io
    import re
    import zipfile

    def reverse(m: re.Match[bytes]) -> bytes:
        attrs = re.findall(rb'\w+="[^"]*"', m.group(1))
        return b"<c " + b" ".join(reversed(attrs)) + m.group(2)

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                changed = re.sub(rb"<c ((?:\w+=\"[^\"]*\"\s*)+)(/?>)", reverse, content)
                assert changed != content
                content = changed
            target.writestr(info, content)
    return out.getvalue()


@pytest.mark.parametrize("book", ["template", "attachments"])
def test_xlsx_cells_read_the_same_whatever_the_attribute_order(book: str) -> None:
    from tests.xlsx_helpers import attachments, filled_template

    data = filled_template()[0] if book == "template" else attachments()
    plain = load_bytes(data, "t.xlsx")
    reordered = load_bytes(_reorder_cell_attributes(data), "t.xlsx")
    assert plain.evaluation is not None
    assert reordered.evaluation == plain.evaluation
    assert [f.message for f in reordered.findings] == [f.message for f in plain.findings]


@pytest.mark.parametrize(("ref", "value", "kind", "code"), [
    ("XFD1048576", "1", "n", "input.too-large"),  # asked a reader for 512 GB
    ("XFD20000", "1", "n", "input.too-large"),
    ("B2", "1e26", "n", "input.number-range"),
    ("B2", "1e999", "n", "input.number-range"),
    ("B2", "NaN", "n", "input.number-range"),
])
def test_xlsx_cells_out_of_range_are_findings_on_the_cell(ref: str, value: str, kind: str, code: str) -> None:
    from tests.hostile import xlsx_one_cell

    loaded = load_bytes(xlsx_one_cell(ref, value, cell_type=kind), "x.xlsx")
    [finding] = [f for f in loaded.findings if f.code == code]
    assert finding.locations[0].sheet == "Sheet1"


def test_xlsx_error_values_in_a_template_are_findings(tmp_path: Path) -> None:
    import io
    import re
    import zipfile

    from tests.xlsx_helpers import filled_template

    data = filled_template()[0]
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    replaced = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.startswith("xl/worksheets/") and not replaced:
                # the first numeric cell becomes an error value Excel shows while loading
                content, replaced = re.subn(rb'<c r="([A-Z]+\d+)"( s="\d+")?><v>[\d.]+</v></c>',
                                            rb'<c r="\1"\2 t="e"><v>#GETTING_DATA</v></c>', content, count=1)
            target.writestr(info, content)
    assert replaced
    loaded = load_bytes(out.getvalue(), "t.xlsx")
    plain = load_bytes(data, "t.xlsx")
    assert loaded.evaluation is not None  # the sheet is read, not dropped
    assert codes(loaded).count("input.formula-error") == codes(plain).count("input.formula-error") + 1


@pytest.mark.parametrize(("name", "build", "problem"), [
    ("big.docx", lambda h: h.docx_with_table(30_000, 8), "表格单元格过多"),
    ("spans.html", lambda h: h.html_spans(2_000, 1_000), "网格位置"),
    ("bomb.pdf", lambda h: h.pdf_flate_bomb(80 * 1024 * 1024), "压缩炸弹"),
    ("dense.pdf", lambda h: h.pdf_many_chars(300_000), "文字过多"),
    # Encrypted: the stream is not Flate data in the file; pdfminer inflates it after
    # decrypting, through the bounded zlib (in-process, not only in a child).
    ("encrypted-bomb.pdf", lambda h: h.pdf_encrypted_flate_bomb(70 * 1024 * 1024), "压缩炸弹"),
    ("pages.pdf", lambda h: h.pdf_pages(2_001), "声明 2001 页"),
    ("hidden-pages.pdf", lambda h: h.pdf_pages(2_001, declared=1), "超过 2000 页"),
])
def test_document_bounds_are_checked_before_the_work(name: str, build: object, problem: str) -> None:
    import time

    import tests.hostile as hostile

    data = build(hostile)  # type: ignore[operator]
    start = time.process_time()
    loaded = load_bytes(data, name)
    # Before: 400 s and more, or gigabytes. The bound only tells refused-early from not.
    assert time.process_time() - start < 20
    assert loaded.unreadable and problem in loaded.findings[0].message


def test_an_encrypted_pdf_is_read_and_its_pages_counted_without_being_listed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A harmless encrypted PDF still opens (the bound sits in pdfminer's inflating), and
    the page limit is applied before pdfplumber builds its page list."""
    import pdfplumber

    import tests.hostile as hostile
    from jixiao.readers import pdf

    assert pdf._BoundedZlib.decompress(__import__("zlib").compress(b"abc")) == b"abc"
    loaded = load_bytes(hostile.pdf_encrypted_flate_bomb(1000), "small.pdf")
    assert "压缩炸弹" not in " ".join(f.message for f in loaded.findings)

    listed: list[int] = []
    pages = pdfplumber.PDF.pages
    monkeypatch.setattr(pdfplumber.PDF, "pages", property(  # count the lists built
        lambda self: (None if hasattr(self, "_pages") else listed.append(1)) or pages.fget(self)))
    loaded = load_bytes(hostile.pdf_pages(2_001), "pages.pdf")
    assert loaded.unreadable and not listed
    load_bytes(hostile.pdf_pages(3), "three.pdf")
    assert listed


def test_xml_elements_are_counted_before_parsing() -> None:
    from jixiao.readers import safety

    with pytest.raises(safety.UnsafeInput, match="XML 元素过多"):
        safety.parse_xml(b"<a>" + b"<b/>" * (safety.MAX_XML_NODES + 1) + b"</a>", "word/document.xml")


def test_json_node_cap_applies_before_decoding() -> None:
    from jixiao.located import MAX_NODES

    text = "[" + ",".join(["1"] * (MAX_NODES + 1)) + "]"
    loaded = load_bytes(text.encode(), "big.json")
    assert loaded.unreadable and codes(loaded) == ["input.too-large"]
