"""The reference report read from its published text gives what the hand
transcription (examples/reference-lusong-2023.yaml) gives."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from tests.conftest import REFERENCE as REFERENCE_YAML
from tests.conftest import REFERENCE_TEXT
from tests.readers_support import READER_CODES, facts, findings, loaded


def test_same_facts_as_the_transcription() -> None:
    assert facts(loaded(REFERENCE_TEXT)) == facts(loaded(REFERENCE_YAML))


def test_same_findings_as_the_transcription() -> None:
    text, yaml = loaded(REFERENCE_TEXT), loaded(REFERENCE_YAML)
    assert findings(text, skip=READER_CODES) == findings(yaml)
    # the only extra finding says which framework was chosen, and why
    extra = findings(text) - findings(yaml)
    assert list(extra) == [("input.framework-detected", "info", None, "hunan-overall")]


def _plain(o: Any) -> Any:
    if dataclasses.is_dataclass(o) and not isinstance(o, type):
        return {f.name: _plain(getattr(o, f.name)) for f in dataclasses.fields(o)
                if f.name not in ("location", "facts", "source", "label", "texts", "text_figures")}
    if isinstance(o, tuple | list):
        return [_plain(x) for x in o]
    if isinstance(o, Decimal):
        return str(o)
    return o


def test_same_texts_names_and_structure() -> None:
    """Beyond the figures: titles, unit, section texts, goals, indicator names."""
    text = _plain(loaded(REFERENCE_TEXT).evaluation)
    yaml = _plain(loaded(REFERENCE_YAML).evaluation)
    # The transcription states completeness and a note on the dropped artefact.
    yaml["completeness"], yaml["notes"] = None, None
    assert text == yaml


def test_figures_are_located_in_the_text() -> None:
    result = loaded(REFERENCE_TEXT)
    assert result.evaluation is not None
    by_concept = {(f.concept, f.text): f.location for f in result.evaluation.facts}
    # 公用经费63.72万元 in §二 sentence 3, and 63.73 in 附件2
    assert by_concept[("expenditure.public_funds.final", "63.72")].render().endswith(":27:80")
    assert by_concept[("expenditure.public_funds.final", "63.73")].render().endswith(":139:2")
    # (40分) on the line after a blank line inside the 产出指标 cell
    assert by_concept[("indicator.产出指标.weight", "40")].render().endswith(":263:2")
    # the target after the stray empty cell on line 404 (→　→≥98%)
    ev = result.evaluation
    se = ev.self_evaluation  # type: ignore[union-attr]
    assert se is not None
    satisfaction = se.indicators[2].groups[0].items[0]
    assert satisfaction.target is not None and satisfaction.target.text == "≥98%"
    assert satisfaction.target.location is not None and satisfaction.target.location.line == 404
