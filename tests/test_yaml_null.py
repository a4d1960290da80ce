"""YAML nulls and empty values are honoured by tag on both YAML paths: ``key:``,
``key: ~`` and ``key: null`` are "not stated"; a quoted "null" is text."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
import yaml

from jixiao import api, located, yaml_subset
from jixiao.located import Mapping, Scalar, parse_with_pyyaml

CASES = [
    ("unit:", "", True),
    ("unit: ~", "~", True),
    ("unit: null", "null", True),
    ("unit: Null", "Null", True),
    ("unit: NULL", "NULL", True),
    ('unit: "null"', "null", False),
    ("unit: 'null'", "null", False),
    ('unit: ""', "", False),
    ("unit: nul", "nul", False),
    ("unit: 万元", "万元", False),
    ("unit: !!null x", "x", True),
    ("unit: !!str null", "null", False),
    ("unit: [null, '~', ~]", None, None),
]


def _value(tree: Any) -> Scalar:
    assert isinstance(tree, Mapping)
    node = tree.entries[0][2]
    assert isinstance(node, Scalar)
    return node


def _paths(text: str) -> dict[str, Any]:
    """The tree from each YAML path that reads the text (the fast subset declines tags)."""
    trees: dict[str, Any] = {"pyyaml-c": parse_with_pyyaml(text, "t.yaml")[0]}
    with contextlib.suppress(yaml_subset.Unsupported):
        trees["subset"] = yaml_subset.compose(text, "t.yaml", 1000)
    return trees


@pytest.mark.parametrize(("text", "value", "null"), [c for c in CASES if c[1] is not None], ids=lambda c: str(c))
def test_scalar_null_by_tag_on_both_paths(text: str, value: str, null: bool) -> None:
    trees = _paths(text + "\n")
    if "!!" not in text:
        assert set(trees) == {"pyyaml-c", "subset"}  # the fast path reads these too
    for path, tree in trees.items():
        node = _value(tree)
        assert (node.text, node.null) == (value, null), path


def test_flow_sequence_nulls_on_both_paths() -> None:
    trees = _paths("unit: [null, '~', ~, x]\n")
    assert set(trees) == {"pyyaml-c", "subset"}
    for path, tree in trees.items():
        seq = tree.entries[0][2]
        assert [(s.text, s.null) for s in seq.items] == [("null", True), ("~", False), ("~", True),
                                                         ("x", False)], path


def test_pure_python_loader_agrees(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the wheel has no libyaml, PyYAML's pure-Python composer is used: it marks
    the same scalars null."""
    texts = "\n".join(text for text, _v, _n in CASES).replace("unit:", "k{}:")
    numbered = "\n".join(line.format(i) for i, line in enumerate(texts.splitlines())) + "\n"
    with_c = parse_with_pyyaml(numbered, "t.yaml")[0]
    monkeypatch.delattr(yaml, "CSafeLoader")
    pure = parse_with_pyyaml(numbered, "t.yaml")[0]
    assert isinstance(with_c, Mapping) and isinstance(pure, Mapping)
    assert [(k, _shape(v)) for k, _l, v in with_c.entries] == [(k, _shape(v)) for k, _l, v in pure.entries]


def _shape(node: Any) -> Any:
    if isinstance(node, Scalar):
        return (node.text, node.null)
    return [_shape(item) for item in node.items]


@pytest.mark.parametrize("written", ["", " ~", " null"])
def test_null_unit_is_not_stated(written: str) -> None:
    """A project table whose 金额单位 is null has no unit stated (default 万元), not a unit
    called "null"."""
    text = f"kind: project\nproject: {{name: 某项目, year: 2023}}\nfunds:\n  unit:{written}\n  total: {{full_year: 12.5}}\n"
    ev = api.read(text.encode("utf-8"), name="p.yaml")
    (fact,) = ev.facts
    assert fact.unit == "万元"
    assert not [f for f in ev.findings if f.code == "input.choice"]


def test_quoted_null_unit_is_text() -> None:
    text = 'kind: project\nproject: {name: 某项目, year: 2023}\nfunds:\n  unit: "null"\n  total: {full_year: 12.5}\n'
    ev = api.read(text.encode("utf-8"), name="p.yaml")
    (choice,) = [f for f in ev.findings if f.code == "input.choice"]
    assert "“null”" in choice.message


def test_json_null_and_string_null() -> None:
    ev = api.read(b'{"kind": "project", "project": {"name": null, "year": 2023}, "notes": "null"}', name="p.json")
    assert ev.model.project is not None and ev.model.project.name == ""
    assert [f.code for f in ev.findings if f.field == "/project/name"] == ["input.missing"]
    assert ev.model.notes is not None and ev.model.notes.value == "null"


def test_empty_year_is_missing_not_a_bad_number() -> None:
    ev = api.read(b"kind: overall\nunit:\n  name: \xe6\x9f\x90\xe5\x8d\x95\xe4\xbd\x8d\n  year:\n", name="o.yaml")
    codes = {f.code: f for f in ev.findings}
    assert "input.number" not in codes and codes["input.missing"].field == "/unit/year"


def test_subset_module_has_no_switch_left() -> None:
    assert not hasattr(yaml_subset, "PLAIN_NULL") and hasattr(located, "parse_with_pyyaml")
