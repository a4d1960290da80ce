"""Small helpers the check families share: how figures are written in messages."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from jixiao.model.concepts import concept_title
from jixiao.model.evaluation import Evaluation
from jixiao.model.location import Location
from jixiao.model.numbers import format_decimal
from jixiao.model.overall import OverallEvaluation
from jixiao.reconcile.resolution import Resolution, Resolved


def amount(value: Decimal, decimals: int | None = None) -> str:
    """A figure for a message: to the given decimals, else as exact as it is."""
    if decimals is not None:
        return format_decimal(value, max(decimals, 0))
    text = format_decimal(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def written(resolved: Resolved) -> str:
    """How a resolved figure reads: the chosen statement as written, or the derived value."""
    if resolved.corrected_from is not None:
        return amount(resolved.value, resolved.decimals)
    if resolved.readings:
        for r in resolved.readings:
            if r.value == resolved.value:
                return r.fact.text if r.unit == r.fact.unit else amount(r.value)
        return resolved.readings[0].fact.text
    return amount(resolved.value, resolved.decimals)


@lru_cache(maxsize=4096)
def title_of(concept: str) -> str:
    """:func:`concept_title`, remembered: the same concepts come up in every document."""
    return concept_title(concept)


def label_of(resolution: Resolution, concept: str) -> str:
    r = resolution.values.get(concept)
    if r is not None and r.readings:
        label = r.readings[0].fact.label
        return label.split("·", 1)[1] if "·" in label else label
    return title_of(concept)


def locations_of(resolution: Resolution, *concepts: str, every: bool = False) -> list[Location]:
    """Where the concepts are stated: the first statement of each, or every statement."""
    values = resolution.values
    out: list[Location] = []
    for concept in concepts:
        r = values.get(concept)
        if r is None:
            continue
        for reading in r.readings if every else r.readings[:1]:
            if reading.fact.location not in out:
                out.append(reading.fact.location)
    return out


def funds_field(ev: Evaluation, measure: str) -> Location:
    """The place a figure of the funds row (年度资金总额) would fill, for a finding about it
    when the document states none of the row's figures: its field in the data document."""
    row = "/self_evaluation/funds" if isinstance(ev, OverallEvaluation) else "/funds/total"
    return Location(ev.source).at_field(f"{row}/{measure}")
