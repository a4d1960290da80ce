"""``jixiao audit``: discovery, the parallel runner and its guards, the four outputs,
exit status. The documents are the reference evaluation, a corrected copy of it and a
few broken files, written into a temporary directory."""

from __future__ import annotations

import csv
import difflib
import json
import os
import re
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html
from openpyxl import load_workbook

from jixiao.audit import runner
from jixiao.audit.rows import Audited, audit_document
from jixiao.audit.runner import audit_paths, discover
from jixiao.cli import main
from jixiao.findings import Finding, Level
from jixiao.model.location import Location

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = (ROOT / "examples" / "reference-lusong-2023.yaml").read_text(encoding="utf-8")
SNAPSHOTS = Path(__file__).parent / "snapshots"

DOCUMENT_KEYS = {"file", "unit", "year", "kind", "framework", "score_reported", "score_recomputed",
                 "counts", "coverage", "error"}
FINDING_KEYS = set(Finding("x", Level.INFO, "m", (Location("f"),)).as_json()) | {"document"}


def corrected(text: str = REFERENCE) -> str:
    """The reference report with its four errors put right: the figures of 附件2 agree with
    the text, the by-expenditure split (which mixed budget and actual) is left out, and
    the sustainability indicator with no deviation reason keeps its full 3 points."""
    text = text.replace("final: 88.17", "final: 88.18").replace("final: 63.73", "final: 63.72")
    text = re.sub(r"  by_expenditure:.*?project: 97\.12[^\n]*\n", "", text, flags=re.S)
    text = text.replace("weight: 3, score: 2}", "weight: 3, score: 3}")
    return text.replace("    score: 97\n", "    score: 98\n")


PROJECT = """\
kind: project
framework: mof-project-2020
project:
  name: 乡村道路养护项目
  implementer: 某县交通运输局
  year: 2023
"""

NOT_AN_EVALUATION = """\
# 一份放错目录的配置文件
server:
  port: 8080
"""


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    """reports/ with evaluations in two levels, broken files and files to skip."""
    base = tmp_path / "reports"
    write(base / "clean.yaml", corrected())
    write(base / "reference.yaml", REFERENCE)
    write(base / "2022" / "project.yaml", PROJECT)
    write(base / "broken.yaml", "kind: overall\nunit: [\n")
    write(base / "truncated.json", '{"kind": "overall", "unit": {"name": ')
    write(base / "garbled.yaml", b"kind: overall\nunit:\n  name: \xff\xfe\x80\x81\xfe\n")
    write(base / "settings.yaml", NOT_AN_EVALUATION)
    write(base / "scan.png", b"\x89PNG\r\n\x1a\n")
    write(base / ".hidden.yaml", corrected())
    write(base / "~$clean.yaml", b"lock")
    return base


def audit(*args: str) -> int:
    """``jixiao audit --quiet ARGS``; its exit status (argparse exits on bad options)."""
    try:
        return main(["audit", "--quiet", *args])
    except SystemExit as exc:
        return int(exc.code or 0)


def load_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# --- discovery ---------------------------------------------------------------------


def test_directory_is_walked_recursively_for_known_suffixes(reports: Path) -> None:
    found = discover([str(reports)])
    names = [str(Path(f).relative_to(reports)) for f in found.files]
    assert names == ["2022/project.yaml", "broken.yaml", "clean.yaml", "garbled.yaml", "reference.yaml",
                     "settings.yaml", "truncated.json"]
    assert found.unmatched == []


def test_globs_expand_and_every_file_counts_once(reports: Path) -> None:
    found = discover([f"{reports}/**/*.yaml", f"{reports}/clean.yaml", f"{reports}/*.json",
                      f"{reports}/*.docx", str(reports / "missing.yaml")])
    names = [str(Path(f).relative_to(reports)) for f in found.files]
    assert names == ["2022/project.yaml", "broken.yaml", "clean.yaml", "garbled.yaml", "reference.yaml",
                     "settings.yaml", "truncated.json"]
    assert found.unmatched == [f"{reports}/*.docx", str(reports / "missing.yaml")]


def test_a_named_file_is_taken_whatever_its_suffix(reports: Path) -> None:
    assert discover([str(reports / "scan.png")]).files == [str(reports / "scan.png")]


def test_a_glob_matching_a_directory_walks_it(reports: Path) -> None:
    found = discover([f"{reports}/20*"])
    assert found.files == [str(reports / "2022" / "project.yaml")]


# --- JSON ---------------------------------------------------------------------------


def test_json_has_one_row_per_document_and_per_finding(reports: Path, tmp_path: Path) -> None:
    out = tmp_path / "audit.json"
    assert audit(str(reports), "--to", str(out)) == 1
    data = load_json(out)
    assert set(data) == {"documents", "findings"}
    docs = {Path(d["file"]).name: d for d in data["documents"]}
    assert list(docs) == ["project.yaml", "broken.yaml", "clean.yaml", "garbled.yaml", "reference.yaml",
                          "settings.yaml", "truncated.json"]
    for doc in data["documents"]:
        assert set(doc) == DOCUMENT_KEYS
        assert set(doc["counts"]) == {"error", "warning", "info"}
    for finding in data["findings"]:
        assert set(finding) == FINDING_KEYS
    counted = {d["file"]: sum(d["counts"].values()) for d in data["documents"]}
    for file, n in counted.items():
        assert sum(1 for f in data["findings"] if f["document"] == file) == n

    clean = docs["clean.yaml"]
    assert clean["counts"]["error"] == 0 and clean["error"] is None
    assert clean["unit"] == "中国人民政治协商会议湖南省株洲市芦淞区委员会"
    assert (clean["year"], clean["kind"], clean["framework"]) == (2023, "overall", "hunan-overall")
    assert (clean["score_reported"], clean["score_recomputed"]) == ("98", "98.06")

    reference = docs["reference.yaml"]
    assert reference["counts"]["error"] == 4
    assert (reference["score_reported"], reference["score_recomputed"]) == ("97", "97.06")
    codes = {f["code"] for f in data["findings"] if f["document"] == reference["file"]}
    assert {"dup.conflict", "score.reason-missing", "unit.slip"} <= codes

    project = docs["project.yaml"]
    assert (project["unit"], project["kind"], project["framework"]) == ("某县交通运输局", "project",
                                                                        "mof-project-2020")

    for name, reason in [("broken.yaml", "YAML 语法错误"), ("truncated.json", "JSON"),
                         ("garbled.yaml", "无法按 UTF-8 或 GB18030 解码")]:
        doc = docs[name]
        assert reason in doc["error"], doc
        assert (doc["unit"], doc["kind"], doc["score_recomputed"]) == (None, None, None)
        assert doc["counts"]["error"] >= 1

    settings = docs["settings.yaml"]  # read, but nothing in it is an evaluation
    assert settings["error"] is None
    assert any(f["code"] == "input.unknown-key" for f in data["findings"] if f["document"] == settings["file"])


def _assert_snapshot(name: str, actual: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("JIXIAO_UPDATE_SNAPSHOTS") == "1" or not path.exists():
        if not path.exists() and os.environ.get("CI"):
            raise AssertionError(f"snapshot {name} is missing")
        path.write_text(actual, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8")
    if expected != actual:
        diff = "".join(difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                            f"snapshots/{name}", "actual"))
        raise AssertionError(f"snapshot {name} differs (JIXIAO_UPDATE_SNAPSHOTS=1 to accept):\n{diff}")


def test_json_snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "docs" / "a-clean.yaml", corrected())
    write(tmp_path / "docs" / "b-broken.yaml", "kind: overall\nunit: [\n")
    write(tmp_path / "docs" / "c-project.yaml", PROJECT)
    monkeypatch.chdir(tmp_path)
    assert audit("docs", "--to", "audit.json") == 1
    _assert_snapshot("audit.json", (tmp_path / "audit.json").read_text(encoding="utf-8"))


def test_json_goes_to_stdout_without_to(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert audit(str(reports / "clean.yaml")) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["file"] for d in data["documents"]] == [str(reports / "clean.yaml")]


# --- exit status and usage errors ---------------------------------------------------


def test_exit_0_when_no_document_has_an_error(reports: Path, tmp_path: Path) -> None:
    assert audit(str(reports / "clean.yaml"), "--to", str(tmp_path / "a.json")) == 0


def test_exit_1_for_an_unreadable_document_alone(reports: Path, tmp_path: Path) -> None:
    assert audit(str(reports / "clean.yaml"), str(reports / "broken.yaml"),
                 "--to", str(tmp_path / "a.json")) == 1
    assert len(load_json(tmp_path / "a.json")["documents"]) == 2


@pytest.mark.parametrize("args", [
    ["{empty}"],                                    # a directory with nothing to audit
    ["{reports}/*.docx"],                           # a glob matching nothing
    ["{reports}/clean.yaml", "--to", "{tmp}/a.pdf"],  # unknown output format
    ["{reports}/clean.yaml", "--to", "{tmp}/a"],      # no suffix
    ["{reports}/clean.yaml", "--framework", "no-such-framework"],
    ["{reports}/clean.yaml", "--jobs", "0"],
    ["{reports}/clean.yaml", "--timeout", "-1"],
])
def test_usage_errors_exit_2(args: list[str], reports: Path, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    argv = [a.format(reports=reports, tmp=tmp_path, empty=tmp_path / "empty") for a in args]
    assert audit(*argv) == 2
    err = capsys.readouterr().err
    assert "jixiao" in err and "Traceback" not in err
    assert not (tmp_path / "a.pdf").exists()


def test_unmatched_pattern_is_reported_and_the_rest_audited(reports: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert audit(str(reports / "clean.yaml"), str(reports / "nope.yaml"), "--to", str(tmp_path / "a.json")) == 0
    assert "未找到可核查的文件" in capsys.readouterr().err
    assert len(load_json(tmp_path / "a.json")["documents"]) == 1


def test_published_documents_get_their_reading_coverage(tmp_path: Path) -> None:
    """A text report gets facts read / figures in its text; a YAML file (data, not a
    document) gets none."""
    corpus = Path(__file__).parent / "corpus"
    out = tmp_path / "a.json"
    audit(str(corpus / "000_ca49b2c89bc71ff3.txt"), str(ROOT / "examples" / "reference-lusong-2023.yaml"),
          "--to", str(out), "--to", str(tmp_path / "a.csv"), "--to", str(tmp_path / "a.xlsx"),
          "--to", str(tmp_path / "a.html"))
    docs = {Path(d["file"]).suffix: d for d in load_json(out)["documents"]}
    text, yaml = docs[".txt"]["coverage"], docs[".yaml"]["coverage"]
    assert yaml is None
    assert 0 < text["read"] <= text["figures"]
    shown = f"{text['read']}/{text['figures']}（{round(100 * text['read'] / text['figures'])}%）"
    with (tmp_path / "a.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = {Path(r["文件"]).suffix: r["读取覆盖"] for r in csv.DictReader(fh)}
    assert rows == {".txt": shown, ".yaml": ""}
    sheet = list(load_workbook(tmp_path / "a.xlsx", read_only=True)["文档汇总"].iter_rows(values_only=True))
    column = sheet[0].index("读取覆盖")
    assert {r[column] for r in sheet[1:]} == {shown, None}
    page = lxml_html.fromstring((tmp_path / "a.html").read_text(encoding="utf-8"))
    headers = [th.text_content().strip() for th in page.xpath('//table[@id="doc-table"]//th')]
    cells = page.xpath(f'//table[@id="doc-table"]/tbody/tr/td[{headers.index("读取覆盖") + 1}]')
    assert sorted(c.text_content() for c in cells) == sorted([shown, "—"])


# --- CSV, XLSX, HTML ---------------------------------------------------------------


def test_csv_writes_documents_and_findings_with_bom(reports: Path, tmp_path: Path) -> None:
    out = tmp_path / "audit.csv"
    assert audit(str(reports), "--to", str(out), "--to", str(tmp_path / "audit.json")) == 1
    data = load_json(tmp_path / "audit.json")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        docs = list(csv.DictReader(fh))
    with (tmp_path / "audit.findings.csv").open(encoding="utf-8-sig", newline="") as fh:
        findings = list(csv.DictReader(fh))
    assert len(docs) == len(data["documents"]) and len(findings) == len(data["findings"])
    assert list(docs[0]) == ["文件", "单位", "年度", "类型", "评价框架", "自评得分", "复算得分", "差值",
                             "错误", "警告", "提示", "读取覆盖", "无法核查的原因"]
    assert list(findings[0]) == ["文件", "级别", "规则", "问题", "位置", "其他位置", "填报值", "应为", "依据"]
    clean = next(d for d in docs if d["文件"].endswith("clean.yaml"))
    assert (clean["类型"], clean["自评得分"], clean["复算得分"], clean["差值"], clean["错误"]) == \
        ("整体支出", "98", "98.06", "+0.06", "0")
    broken = next(d for d in docs if d["文件"].endswith("broken.yaml"))
    assert "YAML 语法错误" in broken["无法核查的原因"]
    slip = next(f for f in findings if f["规则"] == "unit.slip")
    assert slip["级别"] == "警告" and slip["填报值"] == "42.82元" and slip["应为"] == "42.82万元"
    assert re.fullmatch(r".*(clean|reference)\.yaml:106:18", slip["位置"])


def test_xlsx_has_a_documents_and_a_findings_sheet(reports: Path, tmp_path: Path) -> None:
    out = tmp_path / "audit.xlsx"
    assert audit(str(reports), "--to", str(out), "--to", str(tmp_path / "audit.json")) == 1
    data = load_json(tmp_path / "audit.json")
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["文档汇总", "问题明细"]
    docs = list(book["文档汇总"].iter_rows(values_only=True))
    findings = list(book["问题明细"].iter_rows(values_only=True))
    assert docs[0][:3] == ("文件", "单位", "年度") and docs[0][-1] == "无法核查的原因"
    assert len(docs) == 1 + len(data["documents"]) and len(findings) == 1 + len(data["findings"])
    clean = next(r for r in docs[1:] if str(r[0]).endswith("clean.yaml"))
    assert clean[2] == 2023 and clean[5] == 98 and clean[6] == pytest.approx(98.06) and clean[8] == 0
    broken = next(r for r in docs[1:] if str(r[0]).endswith("broken.yaml"))
    assert "YAML 语法错误" in broken[-1] and broken[8] == 1
    assert {r[1] for r in findings[1:]} == {"错误", "警告", "提示"}


def test_html_is_one_standalone_sortable_filterable_page(reports: Path, tmp_path: Path) -> None:
    out = tmp_path / "audit.html"
    assert audit(str(reports), "--to", str(out), "--to", str(tmp_path / "audit.json")) == 1
    data = load_json(tmp_path / "audit.json")
    text = out.read_text(encoding="utf-8")
    page = lxml_html.fromstring(text)
    assert page.get("lang") == "zh-CN"
    # standalone: no external script, stylesheet, image or font
    assert not page.xpath("//script[@src] | //link[@href] | //img | //iframe")
    assert "http://" not in text.replace("http://www.w3.org", "") and "https://" not in text
    doc_rows = page.xpath('//table[@id="doc-table"]/tbody/tr')
    finding_rows = page.xpath('//table[@id="finding-table"]/tbody/tr')
    assert len(doc_rows) == len(data["documents"]) and len(finding_rows) == len(data["findings"])
    # ranked by severity: the unreadable documents first, then by error count
    first = [r.xpath("string(td[2])") for r in doc_rows]
    unreadable = {d["file"] for d in data["documents"] if d["error"]}
    assert set(first[:len(unreadable)]) == unreadable
    assert page.xpath('string(//table[@id="doc-table"]/tbody/tr[td[2]//text()[contains(., "clean.yaml")]]'
                      '/td[last()])').startswith("有警告")
    # filters by level, rule and document; sortable headers
    assert page.xpath('//input[@name="level"]/@value') == ["error", "warning", "info"]
    codes = {f["code"] for f in data["findings"]}
    assert set(page.xpath('//select[@name="code"]/option/@value')) == codes | {""}
    assert len(page.xpath('//select[@name="doc"]/option')) == len(data["documents"]) + 1
    assert page.xpath('//table[@id="doc-table"]//th[@data-sort]')
    assert {r.get("data-level") for r in finding_rows} == {"error", "warning", "info"}
    levels = [r.get("data-level") for r in finding_rows]
    assert levels == sorted(levels, key=["error", "warning", "info"].index)
    # the messages and places are there, escaped
    assert "42.82元" in page.xpath('string(//table[@id="finding-table"])')
    assert page.xpath('//table[@id="finding-table"]//td[@class="loc"][contains(., "第")]')


def test_html_escapes_what_the_documents_say(tmp_path: Path) -> None:
    evil = corrected().replace("name: 中国人民政治协商会议湖南省株洲市芦淞区委员会",
                               "name: <script>alert(1)</script>{{findings}}", 1)
    write(tmp_path / "evil.yaml", evil)
    out = tmp_path / "audit.html"
    audit(str(tmp_path / "evil.yaml"), "--to", str(out))
    page = lxml_html.fromstring(out.read_text(encoding="utf-8"))
    assert len(page.xpath("//script")) == 1
    assert "<script>alert(1)</script>{{findings}}" in page.xpath('string(//table[@id="doc-table"])')


def test_several_outputs_in_one_run_and_parent_directories_made(reports: Path, tmp_path: Path) -> None:
    targets = [tmp_path / "out" / name for name in ("a.json", "a.csv", "a.xlsx", "a.html")]
    assert audit(str(reports / "clean.yaml"), *[x for t in targets for x in ("--to", str(t))]) == 0
    assert all(t.exists() for t in targets) and (tmp_path / "out" / "a.findings.csv").exists()


def test_progress_bar_and_summary_on_a_terminal(reports: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    assert main(["audit", str(reports / "clean.yaml"), "--to", str(tmp_path / "a.json")]) == 0
    err = capsys.readouterr().err
    assert "已核查 1 份文件：错误 0" in err and "a.json" in err


# --- the runner and its guards -------------------------------------------------------


def failing_worker(path: str, framework: str | None) -> Audited:
    name = Path(path).name
    if name.startswith("raise"):
        raise ValueError("坏数据")
    if name.startswith("sleep"):
        time.sleep(30)
    if name.startswith("crash"):
        os._exit(3)
    if name.startswith("abort"):
        os.abort()  # as a native library's failed allocation does
    if name.startswith("greedy"):
        hoard = bytearray(8 << 30)  # past the memory limit
        del hoard
    if name.startswith("spin"):
        # Deaf to the soft timeout, like C code that never returns to Python.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        while True:
            pass
    return audit_document(path, framework)


def _files(tmp_path: Path, names: list[str]) -> list[str]:
    out = []
    for name in names:
        write(tmp_path / name, corrected())
        out.append(str(tmp_path / name))
    return out


def test_guards_turn_exceptions_timeouts_and_crashes_into_rows(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A document read by native code is audited in a child of its own (here every
    document is taken for one): whatever kills the child is that document's row, the
    worker goes on, and the pool never breaks."""
    files = _files(tmp_path, ["a.yaml", "raise.yaml", "b.yaml", "sleep.yaml", "crash.yaml", "spin.yaml",
                              "abort.yaml", "greedy.yaml", "c.yaml"])
    monkeypatch.setattr(runner, "native", lambda path: True)
    monkeypatch.setattr(runner, "_alone", lambda *args: pytest.fail("the pool broke"))
    monkeypatch.setattr(runner, "DOCUMENT_MEMORY", 1 << 30)
    seen: list[str] = []
    items = audit_paths(files, jobs=2, timeout=1.0, hard_timeout=1.0, worker=failing_worker,
                        on_result=lambda item: seen.append(item["document"]["file"]))
    assert [i["document"]["file"] for i in items] == files
    assert sorted(seen) == sorted(files)
    errors = {Path(i["document"]["file"]).name: i["document"]["error"] for i in items}
    assert errors["a.yaml"] is None and errors["b.yaml"] is None and errors["c.yaml"] is None
    assert errors["raise.yaml"] == "处理出错（ValueError: 坏数据），已跳过"
    assert errors["sleep.yaml"] == "处理超时（超过 1 秒），已跳过"
    assert errors["crash.yaml"] == "处理时子进程异常退出（退出码 3），已跳过"
    # the CPU limit, or on a loaded machine the wall-time deadline before it
    assert errors["spin.yaml"] in ("处理时子进程超过 CPU 时限，已跳过", "处理超时（超过 7 秒），已跳过")
    assert errors["abort.yaml"] is not None and errors["abort.yaml"].startswith("处理时子进程异常终止（信号 SIGABRT")
    assert errors["greedy.yaml"] == "处理时内存不足，已跳过"
    assert all(i["document"]["counts"]["error"] == 0 for i in items)


def test_a_worker_that_dies_breaks_the_pool_and_only_its_document_fails(tmp_path: Path) -> None:
    """A document audited in the worker (YAML, JSON, text: pure-Python readers) that
    kills it all the same: the pool is rebuilt and only that document fails."""
    files = _files(tmp_path, ["a.yaml", "crash.yaml", "b.yaml"])
    items = audit_paths(files, jobs=2, timeout=1.0, hard_timeout=1.0, worker=failing_worker)
    errors = {Path(i["document"]["file"]).name: i["document"]["error"] for i in items}
    assert errors == {"a.yaml": None, "crash.yaml": runner.DIED, "b.yaml": None}


@pytest.mark.parametrize(("name", "content", "own_child"), [
    ("r.yaml", b"kind: overall\n", False), ("r.json", b"{}", False), ("r.txt", "一、基本情况".encode(), False),
    ("r.pdf", b"%PDF-1.4\n", True), ("r.html", b"<html><table>", True), ("r.docx", b"PK\x03\x04word/", True),
    ("r.xlsx", b"PK\x03\x04xl/", True), ("disguised.txt", b"%PDF-1.4\n", True),
])
def test_documents_read_by_native_code_get_a_child(tmp_path: Path, name: str, content: bytes,
                                                   own_child: bool) -> None:
    assert runner.native(str(write(tmp_path / name, content))) is own_child


def test_telling_the_format_never_blocks_on_a_named_pipe(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.pdf")
    assert runner.native(str(tmp_path / "pipe.pdf")) is False


def test_submission_is_chunked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = _files(tmp_path, [f"{i:02}.yaml" for i in range(30)])
    outstanding = {"now": 0, "max": 0}
    make_pool = runner._pool

    def counting_pool(jobs: int) -> Any:
        pool = make_pool(jobs)
        submit = pool.submit

        def tracked(*args: Any, **kwargs: Any) -> Any:
            future = submit(*args, **kwargs)
            outstanding["now"] += 1
            outstanding["max"] = max(outstanding["max"], outstanding["now"])
            future.add_done_callback(lambda _f: outstanding.__setitem__("now", outstanding["now"] - 1))
            return future

        pool.submit = tracked  # type: ignore[method-assign]
        return pool

    monkeypatch.setattr(runner, "_pool", counting_pool)
    monkeypatch.setattr(runner, "IN_FLIGHT_PER_JOB", 2)
    items = audit_paths(files, jobs=2)
    assert len(items) == 30 and all(i["document"]["error"] is None for i in items)
    assert 2 <= outstanding["max"] <= 4


def test_no_files_no_pool() -> None:
    assert audit_paths([]) == []
