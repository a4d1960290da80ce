"""Helpers for the reader tests: facts and findings in comparable form."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from jixiao.engine import evaluate
from jixiao.model.concepts import is_text_figure
from jixiao.readers.load import LoadResult, load_path

# Findings about the reading itself, not about the evaluation: a YAML file written
# by hand or by `jixiao import` does not have them.
READER_CODES = frozenset({"input.framework-detected", "input.ambiguous-row", "input.encoding"})


def loaded(path: Path | str) -> LoadResult:
    result = load_path(path)
    assert result.evaluation is not None, [f.message for f in result.findings]
    return result


def facts(result: LoadResult) -> Counter[tuple[str, str, str | None, int]]:
    assert result.evaluation is not None
    return Counter((f.concept, str(f.value), f.unit, f.decimals) for f in result.evaluation.facts
                   if not is_text_figure(f.concept))


def findings(result: LoadResult, framework: str | None = None,
             skip: frozenset[str] = frozenset()) -> Counter[tuple[str, str, str | None, str | None]]:
    assert result.evaluation is not None
    found = list(result.findings) + evaluate(result.evaluation, framework).findings
    return Counter((f.code, f.level.value, f.stated, f.expected) for f in found if f.code not in skip)
