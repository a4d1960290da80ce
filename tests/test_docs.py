"""Docs checked by tests: the rule catalogue and the JSON Schema are generated and current,
and the examples validate against the schema."""

from __future__ import annotations

import json
import re
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


_OWN_NOTES = re.compile(r"rules\.md|\bR\d{1,2}b?\b|§\d|\bF[1-6]\b")
_SURENESS = re.compile(r"〔(C|BK|OBS|UNCONFIRMED)〕|jixiao|推导|实践|XBRL")


def test_citations_name_documents_not_notes() -> None:
    """A rule cites the regulation or published table it rests on, with how sure that is
    (a tag, or the words saying it is derived, jixiao's own or observed practice), never a
    paragraph number of the project's notes."""
    for rule in all_rules():
        assert not _OWN_NOTES.search(rule.citation), (rule.code, rule.citation)
        assert _SURENESS.search(rule.citation) or "（docs/" in rule.citation or "框架" in rule.citation, \
            (rule.code, rule.citation)


def test_framework_sources_name_documents_not_notes() -> None:
    from jixiao.frameworks.loader import builtin_ids, load_framework

    for framework_id in builtin_ids():
        framework, _ = load_framework(framework_id)
        assert framework is not None
        for key, source in framework.sources.items():
            assert not _OWN_NOTES.search(source.title) and not key.startswith("rules-"), (framework_id, key)
