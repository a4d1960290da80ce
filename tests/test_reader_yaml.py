"""The YAML/JSON reader: every figure located, bad input as findings, never a traceback."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.readers.load import detect_format, load_bytes, load_path
from tests.conftest import REFERENCE


def test_every_figure_of_the_reference_is_a_located_fact() -> None:
    loaded = load_path(REFERENCE)
    ev = loaded.evaluation
    assert ev is not None and not loaded.findings
    lines = REFERENCE.read_text(encoding="utf-8").splitlines()
    for fact in ev.facts:
        assert fact.location.line is not None and fact.location.column is not None
        line = lines[fact.location.line - 1]
        assert line[fact.location.column - 1:].startswith(fact.text), (fact, line)
    # figures stated in several places are several facts of one concept
    by_concept: dict[str, list[str]] = {}
    for fact in ev.facts:
        by_concept.setdefault(fact.concept, []).append(fact.text)
    assert by_concept["expenditure.project.final"] == ["88.18", "88.18", "88.17"]
    assert by_concept["funds.total.full_year"] == ["850.19", "850.19", "850.19"]
    assert by_concept["staff.in_service"] == ["30", "30"]
    assert len(ev.facts) == 112


def test_decimals_and_units_as_written() -> None:
    ev = load_path(REFERENCE).evaluation
    assert ev is not None
    facts = {(f.concept, f.text): f for f in ev.facts}
    three = facts[("three_public.total.budget", "1.00")]
    assert three.decimals == 2 and str(three.value) == "1.00"
    slip = facts[("project.委员培训.final", "42.82元")]
    assert slip.unit == "元" and slip.unit_stated
    rate = facts[("funds.total.rate", "98.95%")]
    assert rate.unit == "%" and rate.decimals == 2


def test_json_gives_the_same_facts_with_lines() -> None:
    import yaml

    data = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False, indent="\t", default=str)
    loaded = load_bytes(text.encode(), "reference.json")
    assert loaded.format == "json" and loaded.evaluation is not None
    assert all(f.location.line for f in loaded.evaluation.facts)
    yaml_values = sorted((f.concept, f.value) for f in load_path(REFERENCE).evaluation.facts)  # type: ignore[union-attr]
    json_values = sorted((f.concept, f.value) for f in loaded.evaluation.facts)
    assert yaml_values == json_values


def _findings(text: str, name: str = "x.yaml") -> list[tuple[str, int | None, str]]:
    loaded = load_bytes(text.encode("utf-8"), name)
    return [(f.code, f.locations[0].line if f.locations else None, f.message) for f in loaded.findings]


def test_unknown_key_is_located_and_suggests() -> None:
    found = _findings("kind: overall\nunit: {name: 甲, year: 2023}\nbasic_data:\n  staf: {authorized: 3}\n")
    assert found[0][:2] == ("input.unknown-key", 4) and "staff" in found[0][2]


def test_wrong_type_and_not_a_number() -> None:
    found = _findings("kind: overall\nunit: {name: 甲, year: 2023}\nbasic_data:\n  staff: [1, 2]\n"
                      "self_evaluation:\n  funds: {initial: 七百万}\n")
    assert ("input.type", 4) in [(c, ln) for c, ln, _ in found]
    assert ("input.number", 6) in [(c, ln) for c, ln, _ in found]


def test_syntax_errors_are_findings_with_position() -> None:
    loaded = load_bytes(b"kind: overall\nunit: {name: \n", "bad.yaml")
    assert loaded.evaluation is None and loaded.findings[0].code == "input.syntax"
    assert loaded.findings[0].locations[0].line is not None
    loaded = load_bytes(b'{"kind": "overall", }', "bad.json")
    assert loaded.evaluation is None and loaded.findings[0].locations[0].line == 1


def test_empty_and_binary_files() -> None:
    assert load_bytes(b"", "empty.yaml").findings[0].code == "input.syntax"
    assert load_bytes(b"\xff\xfe\x00garbage\x81", "bin.yaml").evaluation is None


def test_alias_bomb_is_bounded() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    prev = "a"
    for name in "bcdefghij":
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
        prev = name
    loaded = load_bytes("\n".join(lines).encode(), "bomb.yaml")
    assert loaded.evaluation is None and loaded.findings[0].code == "input.too-large"


def test_missing_file_and_directory() -> None:
    assert load_path("/no/such/file.yaml").findings[0].code == "input.syntax"
    assert load_path("/tmp").findings[0].code == "input.syntax"


def test_format_detection_by_content() -> None:
    assert detect_format(b"PK\x03\x04....word/document.xml", "x.bin") == "docx"
    assert detect_format(b"%PDF-1.7", "x.yaml") == "pdf"
    assert detect_format(b"<html><body>", "x.txt") == "html"
    assert detect_format(b'  {"kind": "overall"}', "x") == "json"
    assert detect_format(b"kind: overall\n", "x") == "yaml"
    assert detect_format("一、部门基本情况".encode(), "x") == "text"


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    load_bytes(data, "fuzz.yaml")
    load_bytes(data, "fuzz.json")


@settings(max_examples=150, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda children: st.lists(children, max_size=4)
                    | st.dictionaries(st.sampled_from(["kind", "unit", "report", "basic_data", "self_evaluation",
                                                       "funds", "staff", "name", "year", "items", "final", "x"]),
                                      children, max_size=5), max_leaves=30))
def test_arbitrary_structures_never_raise(data: object) -> None:
    from jixiao.engine import evaluate

    text = json.dumps({"kind": "overall", "payload": data} if not isinstance(data, dict) else data,
                      ensure_ascii=False, default=str)
    loaded = load_bytes(text.encode(), "fuzz.json")
    if loaded.evaluation is not None:
        evaluate(loaded.evaluation)
