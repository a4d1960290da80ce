"""The public library module: reading any format, the data round trip, results as data
valid against the published schemas, and the writers reached through it."""

from __future__ import annotations

import doctest
import io
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest

from jixiao import api
from tests.conftest import CORPUS, EXAMPLES, REFERENCE, ROOT

DOCUMENTS = sorted(EXAMPLES.glob("*.yaml")) + sorted(CORPUS.glob("*.txt"))


def _facts(ev: api.Evaluation) -> list[tuple[object, ...]]:
    return sorted((f.concept, f.value, f.unit, f.decimals) for f in ev.facts)


def _findings(result: api.Result) -> list[tuple[object, ...]]:
    return sorted((f.code, tuple(sorted(f.args.items()))) for f in result.findings)


def _read(path: Path) -> api.Evaluation | None:
    """The document's evaluation; None for a corpus document the readers cannot read yet
    (its reading coverage is measured elsewhere), which must say so in Chinese."""
    try:
        return api.read(path)
    except api.ReadError as error:
        assert error.findings and str(error).startswith("无法读取")
        return None


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_data_round_trip(path: Path) -> None:
    ev = _read(path)
    if ev is None:
        return
    data = api.to_data(ev)
    jsonschema.validate(data, api.input_schema())
    again = api.from_data(json.loads(json.dumps(data, ensure_ascii=False)))
    assert _facts(again) == _facts(ev)
    assert [f.code for f in again.findings] == [f.code for f in ev.findings]
    assert _findings(api.evaluate(again)) == _findings(api.evaluate(ev))
    assert api.to_data(again) == data


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_result_data_validates_against_result_schema(path: Path) -> None:
    ev = _read(path)
    if ev is None:
        return
    result = api.evaluate(ev)
    data = result.to_data()
    jsonschema.validate(json.loads(json.dumps(data, ensure_ascii=False)), api.result_schema())
    assert data["framework"] == result.framework is not None
    assert data["counts"] == {level: sum(1 for f in data["findings"] if f["level"] == level)
                              for level in ("error", "warning", "info")}


def test_reading_findings_travel_with_the_data() -> None:
    """A published report's reading notes (the framework the reader chose) are findings
    the data alone cannot give again: they are kept under `reading` and come back."""
    ev = api.read(CORPUS / "000_ca49b2c89bc71ff3.txt")
    assert [f.code for f in ev.notes] == ["input.framework-detected"]
    data = api.to_data(ev)
    assert data["reading"]["format"] == "text"
    again = api.from_data(data)
    assert [(f.code, f.message) for f in again.notes] == [(f.code, f.message) for f in ev.notes]
    codes = [f.code for f in api.evaluate(again).findings]
    assert "input.framework-detected" in codes


def test_reading_entry_cannot_inject_messages() -> None:
    """The message of a carried finding comes from the rule, never from the document."""
    ev = api.from_data({"kind": "overall", "unit": {"name": "某单位", "year": "2023"},
                        "reading": {"findings": [
                            {"code": "input.framework-detected", "args": {"kind": "整体支出", "framework": "hunan-overall",
                                                                          "because": "表式"},
                             "message": "伪造的消息"},
                            {"code": "no.such-code", "args": {}},
                            {"code": "input.framework-detected", "args": {"framework": "缺参数"}},
                        ]}})
    assert [f.code for f in ev.findings] == ["input.framework-detected"]
    assert "伪造" not in ev.findings[0].message


def test_read_bytes_and_name() -> None:
    data = REFERENCE.read_bytes()
    ev = api.read(data, name="上传.yaml")
    assert ev.source == "上传.yaml" and ev.format == "yaml" and ev.kind == "overall"
    assert _facts(ev) == _facts(api.read(REFERENCE))


@pytest.mark.parametrize(("source", "words"), [
    (b"", "文件为空"),
    (b"kind: overall\nunit: [\n", "YAML 语法错误"),
    (b"PK\x03\x04 not a zip", "ZIP"),
    (b"[1, 2]", "文件顶层"),
])
def test_unreadable_input_raises_read_error_in_chinese(source: bytes, words: str) -> None:
    with pytest.raises(api.ReadError) as caught:
        api.read(source, name="x.yaml")
    assert words in str(caught.value)
    assert caught.value.findings and caught.value.findings[0].level.value == "error"


def test_missing_file_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(api.ReadError, match="文件不存在"):
        api.read(tmp_path / "nope.yaml")


def test_from_data_rejects_non_mapping() -> None:
    with pytest.raises(api.ReadError, match="键值表"):
        api.from_data([1, 2])  # type: ignore[arg-type]


def test_from_data_numbers_keep_their_written_decimals() -> None:
    ev = api.from_data({"kind": "overall", "unit": {"name": "某单位", "year": 2023},
                        "report": {"public_budget": {"public_funds": "63.70"}}})
    (fact,) = ev.facts
    assert (fact.concept, str(fact.value), fact.decimals, fact.unit) == \
        ("expenditure.public_funds.final", "63.70", 2, "万元")


def test_finding_ids_are_stable_across_line_shifts() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    before = api.evaluate(api.read(text.encode("utf-8"), name="a.yaml")).to_data()["findings"]
    after = api.evaluate(api.read(("# 注释\n\n" + text).encode("utf-8"), name="a.yaml")).to_data()["findings"]
    assert sorted(f["id"] for f in before) == sorted(f["id"] for f in after)


def test_frameworks_lists_the_builtin_set() -> None:
    listed = {fw["id"]: fw for fw in api.frameworks()}
    assert {"hunan-overall", "mof-project-2020", "sichuan-project", "mof-2013-overall"} <= set(listed)
    assert listed["hunan-overall"]["kind"] == "overall"
    assert listed["mof-project-2020"]["kind"] == "project"


def test_unknown_framework_is_a_finding_not_an_exception() -> None:
    result = api.evaluate(api.read(REFERENCE), framework="no-such-framework")
    assert not result.usable and result.card is None
    assert "framework.unknown" in [f.code for f in result.findings]
    assert result.to_data()["score"] is None
    with pytest.raises(api.FrameworkError):
        api.attached_tables_xlsx(result)


def test_score_card_data_keeps_self_and_recomputed() -> None:
    score = api.evaluate(api.read(REFERENCE)).to_data()["score"]
    assert score["grade"] and score["rows"]
    execution = score["rows"][0]
    assert execution["kind"] == "execution" and execution["recomputed"] is not None


@pytest.mark.parametrize(("fmt", "magic"), [("docx", b"PK"), ("pdf", b"%PDF"), ("html", b"<!DOCTYPE html"),
                                            ("md", b"# ")])
def test_render_report(fmt: api.ReportFormat, magic: bytes) -> None:
    data = api.render_report(api.evaluate(api.read(REFERENCE)), fmt)
    assert data.lstrip().startswith(magic), data[:40]
    if fmt == "docx":
        assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()


def test_attached_tables_and_templates_are_workbooks() -> None:
    result = api.evaluate(api.read(REFERENCE))
    for data in (api.attached_tables_xlsx(result), api.fill_in_template(),
                 api.fill_in_template("mof-project-2020"), api.fill_in_template(ev=result.evaluation)):
        assert "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    filled = api.read(api.fill_in_template(ev=result.evaluation), name="filled.xlsx")
    assert filled.format == "xlsx" and filled.kind == "overall"


def test_docs_api_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """The examples in docs/api.md are doctests, run from the repository root."""
    monkeypatch.chdir(ROOT)
    failures, tried = doctest.testfile(str(ROOT / "docs/api.md"), module_relative=False,
                                       optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert tried > 10 and failures == 0


def test_result_schema_file_is_current() -> None:
    on_disk = json.loads((ROOT / "docs/result.schema.json").read_text(encoding="utf-8"))
    assert on_disk == api.result_schema(), "docs/result.schema.json is out of date: run `make docs`"


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_every_finding_location_names_its_field(path: Path) -> None:
    """Examples and corpus documents (YAML and published text alike): no finding points
    only at a file; every location carries the field it is about."""
    ev = _read(path)
    if ev is None:
        return
    for finding in api.evaluate(ev).to_data()["findings"]:
        assert finding["locations"], finding
        for loc in finding["locations"]:
            assert loc.get("field", "").startswith("/"), finding
        assert finding["field"] == finding["locations"][0]["field"]


def _resolve_pointer(data: object, pointer: str) -> object:
    for part in pointer.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        data = data[int(part)] if isinstance(data, list) else data[part]  # type: ignore[index]
    return data


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_fact_fields_point_at_their_text_in_the_data_document(path: Path) -> None:
    ev = _read(path)
    if ev is None:
        return
    data = api.to_data(ev)
    for fact in ev.facts:
        assert fact.location.field is not None, fact
        assert str(_resolve_pointer(data, fact.location.field)).strip() == fact.text, fact


def test_fields_of_a_form_without_positions() -> None:
    """A data document from a form has no lines: findings name fields, escaped as JSON
    Pointer tokens, lists counted from 0; a missing section names where it would go."""
    ev = api.from_data({"kind": "overall", "unit": {"name": "某单位", "year": "2023"},
                        "report": {"public_budget": {"basic": "563.70", "personnel": "500.10",
                                                     "public_funds": "63.70"}},
                        "self_evaluation": {"indicators": [{"name": "产出指标", "groups": [
                            {"name": "数量指标", "items": [{"name": "a/b~c", "weight": "x"}]}]}]}})
    findings = api.evaluate(ev).to_data()["findings"]
    by_code: dict[str, list[dict[str, object]]] = {}
    for f in findings:
        by_code.setdefault(f["code"], []).append(f)
    assert by_code["input.number"][0]["field"] == "/self_evaluation/indicators/0/groups/0/items/0/weight"
    sums = by_code["sum.inconsistent"][0]
    assert {loc["field"] for loc in sums["locations"]} == {
        "/report/public_budget/basic", "/report/public_budget/personnel", "/report/public_budget/public_funds"}
    assert "/report/problems" in {f["field"] for f in by_code["complete.section"]}
    assert all(f["field"] for f in findings)


def test_unknown_key_field_is_escaped() -> None:
    ev = api.from_data({"kind": "overall", "unit": {"name": "某单位", "year": "2023", "a/b~c": "1"}})
    (unknown,) = [f for f in ev.findings if f.code == "input.unknown-key"]
    assert unknown.field == "/unit/a~1b~0c"


def test_check_json_findings_follow_the_result_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """`jixiao check --format json` gives each finding in the shape the result schema
    publishes (with `document` when several files are checked)."""
    from jixiao.cli import main

    main(["check", "--format", "json", str(REFERENCE), str(CORPUS / "000_ca49b2c89bc71ff3.txt")])
    findings = json.loads(capsys.readouterr().out)["findings"]
    schema = api.result_schema()
    finding_schema = {**schema["$defs"]["Finding"], "$defs": schema["$defs"]}
    for finding in findings:
        jsonschema.validate(finding, finding_schema)
    assert all(f["field"] and f["id"] for f in findings)


def test_an_untrusted_document_reads_as_in_process() -> None:
    """read_untrusted reads a published report in a limited child process and gives the
    same evaluation as read; YAML stays in process."""
    text = (CORPUS / "000_ca49b2c89bc71ff3.txt").read_bytes()
    inside = api.read(text, "报告.txt")
    outside = api.read_untrusted(text, "报告.txt", memory_bytes=1 << 30, seconds=60)
    assert _facts(outside) == _facts(inside)
    assert [f.code for f in outside.findings] == [f.code for f in inside.findings]
    yaml = REFERENCE.read_bytes()
    assert _facts(api.read_untrusted(yaml, REFERENCE.name)) == _facts(api.read(yaml, REFERENCE.name))


def test_an_untrusted_document_that_overruns_is_a_read_error_naming_why() -> None:
    text = (CORPUS / "000_ca49b2c89bc71ff3.txt").read_bytes()
    with pytest.raises(api.ReadError) as caught:
        api.read_untrusted(text, "报告.txt", memory_bytes=32 << 20, seconds=60)  # 32 MB: too little
    assert [f.code for f in caught.value.findings] == ["input.reader-died"]
    assert str(caught.value).startswith("无法读取")


@pytest.mark.parametrize(("document", "missing"), [
    ({"unit": {"name": "某局", "year": 2023}}, "kind"),
    ({"kind": "overall"}, "unit"),
    ({"kind": "overall", "unit": {"name": "某局"}}, "year"),
    ({"kind": "project", "project": {"year": 2023}}, "name"),
    ({"kind": "overall", "unit": {"name": "某局", "year": 2023},
      "self_evaluation": {"indicators": [{"weight": "40"}]}}, "name"),
])
def test_an_incomplete_data_document_is_a_schema_error(document: dict[str, object], missing: str) -> None:
    """The schema requires what the model requires: the kind, the subject (unit or
    project) with its name and year, and the name of every indicator level."""
    errors = list(jsonschema.Draft202012Validator(api.input_schema()).iter_errors(document))
    assert [e.message for e in errors] == [f"'{missing}' is a required property"]


def test_to_data_names_what_the_source_left_out() -> None:
    """A source that does not say whose evaluation it is: `to_data` writes the required
    keys as null, which validates, and reading it back reports them as missing."""
    ev = api.from_data({"kind": "overall", "unit": {"year": 2023},
                        "self_evaluation": {"indicators": [{"name": "产出指标", "weight": "40"}]}})
    data = api.to_data(ev)
    assert data["unit"] == {"year": "2023", "name": None}  # values as written
    jsonschema.validate(data, api.input_schema())
    missing = [f for f in api.from_data(data).findings if f.code == "input.missing"]
    assert [f.args["field"] for f in missing] == ["name（单位名称）"]
    bare = api.to_data(api.from_data({"kind": "project"}))
    assert bare["project"] is None
    jsonschema.validate(bare, api.input_schema())
    with pytest.raises(jsonschema.ValidationError, match="is not of type 'object'"):
        jsonschema.validate({"kind": "overall", "unit": {"name": "某局", "year": 2023},
                             "self_evaluation": {"indicators": [None]}}, api.input_schema())


_AMBIGUOUS_ROWS = "\n".join([
    "项目支出绩效自评表", "(2022年度)", "项目名称 道路养护",
    "年初预算数 全年预算数 全年执行数 分值 执行率 得分",
    "年度资金总额 100 100 10 9",  # no rate: which columns the figures are in is not known
    "其中:当年财政拨款 60 60",
    "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分",
    "产出指标 数量指标 养护里程 20公里 20公里 90 90", "总分 100 99"])


def test_a_row_read_from_no_column_names_the_row_it_is_about() -> None:
    """A funds row whose figures could not be placed under the header's columns was not
    read; its input.ambiguous-row finding names the field the row would fill."""
    findings = api.evaluate(api.read(_AMBIGUOUS_ROWS.encode("utf-8"), "table.txt")).to_data()["findings"]
    assert [f["field"] for f in findings if f["code"] == "input.ambiguous-row"] == ["/funds/total", "/funds/rows"]
