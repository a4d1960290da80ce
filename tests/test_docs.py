"""Docs checked by tests: the rule catalogue and the JSON Schema are generated and current,
and the examples validate against the schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from jixiao.catalogue import all_rules
from jixiao.commands.rules import markdown
from jixiao.model.jsonschema import input_schema

ROOT = Path(__file__).parent.parent


def test_rule_catalogue_is_current() -> None:
    assert (ROOT / "docs/rules.md").read_text(encoding="utf-8") == markdown(), \
        "docs/rules.md is out of date: run `make docs`"


def test_every_rule_is_documented() -> None:
    text = (ROOT / "docs/rules.md").read_text(encoding="utf-8")
    for rule in all_rules():
        assert f"`{rule.code}`" in text
        assert rule.citation and rule.title and rule.message


def test_schema_file_is_current() -> None:
    on_disk = json.loads((ROOT / "docs/evaluation.schema.json").read_text(encoding="utf-8"))
    assert on_disk == input_schema(), "docs/evaluation.schema.json is out of date: run `make docs`"


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.name)
def test_examples_validate_against_schema(path: Path) -> None:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # scalars as text
    jsonschema.validate(data, input_schema())


def test_schema_rejects_unknown_keys() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"kind": "overall", "unkown": 1}, input_schema())
