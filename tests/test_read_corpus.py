"""Every published document in tests/corpus/ gives exactly the findings a reviewer
agreed with (tests/expected/<file>.json, each checked by hand against the document)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tests.corpus_measure import documents, reviewed_documents
from tests.readers_support import findings, loaded

HERE = Path(__file__).parent
ALL = documents()
# The documents whose every finding a reviewer has agreed with; the others have their
# hand-written facts only, measured by tests/test_corpus_coverage.py.
DOCUMENTS = reviewed_documents()


@pytest.mark.parametrize("name", DOCUMENTS)
def test_findings_as_agreed(name: str) -> None:
    expected = json.loads((HERE / "expected" / f"{name}.json").read_text(encoding="utf-8"))
    agreed = Counter((f["code"], f["level"], f["stated"], f["expected"]) for f in expected["findings"])
    assert findings(loaded(HERE / "corpus" / name)) == agreed


def test_every_document_has_its_expectation() -> None:
    assert sorted(p.name.removesuffix(".json") for p in (HERE / "expected").glob("*.json")) == ALL


def test_partial_documents_say_so() -> None:
    ev = loaded(HERE / "corpus" / "01_hunan_nanxian_zhengxie_2021.txt").evaluation
    assert ev is not None and ev.completeness == "partial"
    assert ev.notes is not None and "only the opening of the page" in ev.notes.value
    full = loaded(HERE / "corpus" / "09_sichuan_qingshen_fgj_gongzi_2023.txt").evaluation
    assert full is not None and full.completeness == "full"


def test_nothing_is_guessed_in_flattened_text() -> None:
    """部门整体支出预算调整 1922.76 2690.62 (two figures, three columns) is not read; 95. + 10%
    is, and so is 其中:公车购置 29.46 29.46, placed by its whole row less its other part."""
    ev = loaded(HERE / "corpus" / "12_basicdata_2018_wanglu.txt").evaluation
    assert ev is not None
    concepts = {f.concept: f.text for f in ev.facts}
    assert not any(c.startswith("budget_adjustment") for c in concepts)
    assert concepts["three_public.car_purchase.budget"] == concepts["three_public.car_purchase.final"] == "29.46"
    assert "three_public.car_purchase.prior_final" not in concepts
    assert concepts["staff.control_rate"] == "95.10%"
    assert concepts["public_funds.utilities_travel.budget"] == "7.50"  # "7.50." ends a sentence
    assert "funds.total.initial" in concepts  # 预算1922.76万元 in an explanation
    # the figure the copy was cut off after is not read
    initial = [f for f in ev.facts if f.concept == "funds.total.initial"]
    assert len(initial) == 1 and initial[0].location.line == 59
