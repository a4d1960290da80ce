"""Values for a workbook from an evaluation: one value per quantity.

A report states a quantity in several places; a template has one cell for it. The
cell gets the value the checks resolved (:mod:`jixiao.reconcile.resolution`), and
when the places disagree — or a unit was a slip — a finding says which value went
in and why. Facts that have no cell are listed too, so nothing is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.findings import Finding
from jixiao.model.concepts import concept_title, is_text_figure
from jixiao.model.evaluation import Evaluation
from jixiao.model.fact import Fact
from jixiao.model.location import Location
from jixiao.model.numbers import format_decimal
from jixiao.model.text import Text
from jixiao.model.units import AMOUNT_SCALE, CANONICAL_AMOUNT, convert_amount
from jixiao.reconcile.resolution import Resolution, resolve
from jixiao.workbook.codes import RESOLVED_DUPLICATE, TEMPLATE_COMPUTED, TEMPLATE_OMITTED


@dataclass(frozen=True, slots=True)
class Figure:
    value: Decimal
    decimals: int
    unit: str | None
    facts: tuple[Fact, ...] = ()


@dataclass(slots=True)
class Fill:
    """What an evaluation puts into the cells of a workbook."""

    evaluation: Evaluation
    resolution: Resolution
    target: str  # the workbook's file name, for the locations of findings
    used: set[str] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)
    _reported: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, evaluation: Evaluation, resolution: Resolution | None, target: str) -> Fill:
        return cls(evaluation, resolution if resolution is not None else resolve(evaluation.facts), target)

    def attr(self, path: tuple[str, ...]) -> Any:
        """The model value at a YAML path (``("unit", "name")``), or ``None``."""
        obj: Any = self.evaluation
        for part in path:
            obj = getattr(obj, part, None)
            if obj is None:
                return None
        return obj

    def text(self, path: tuple[str, ...]) -> str | None:
        value = self.attr(path)
        if value is None:
            return None
        if isinstance(value, Text):
            return value.value if not value.is_empty else None
        if isinstance(value, Fact):
            return value.text
        return str(value)

    def figure(self, concept: str, unit: str | None = CANONICAL_AMOUNT,
               cell: Location | None = None) -> Figure | None:
        """The resolved value of a stated quantity, in ``unit`` when it is money."""
        resolved = self.resolution.get(concept)
        if resolved is None or not resolved.stated:
            return None
        self.used.add(concept)
        value, decimals = resolved.value, resolved.decimals
        if resolved.unit in AMOUNT_SCALE and unit in AMOUNT_SCALE and resolved.unit != unit:
            assert resolved.unit is not None and unit is not None
            value, decimals = convert_amount(value, decimals, resolved.unit, unit)
            decimals = max(decimals, 0)
        self._report(concept, resolved.facts, cell)
        return Figure(value, decimals, unit if resolved.unit in AMOUNT_SCALE else resolved.unit,
                      resolved.facts)

    def fact(self, fact: Fact | None) -> Figure | None:
        """A quantity stated once in a list row (an indicator's 分值): the resolved value
        of its concept, falling back on the fact itself."""
        if fact is None:
            return None
        figure = self.figure(fact.concept, fact.unit if fact.unit in AMOUNT_SCALE else None)
        if figure is not None:
            return figure
        self.used.add(fact.concept)
        return Figure(fact.value, fact.decimals, fact.unit, (fact,))

    def _report(self, concept: str, facts: tuple[Fact, ...], cell: Location | None) -> None:
        if concept in self._reported:
            return
        for conflict in self.resolution.conflicts:
            if conflict.concept == concept:
                self._reported.add(concept)
                groups: dict[str, list[str]] = {}
                for r in conflict.readings:
                    groups.setdefault(r.fact.display, []).append(r.fact.label)
                statements = "；".join(f"{'、'.join(labels)}为{value}" for value, labels in groups.items())
                chosen = conflict.chosen
                locations = [r.fact.location for r in conflict.readings if r.value != chosen.value]
                locations += [r.fact.location for r in conflict.readings if r.value == chosen.value]
                self.findings.append(RESOLVED_DUPLICATE.finding(
                    [*locations, cell],
                    stated=next((r.fact.text for r in conflict.readings if r.value != chosen.value), None),
                    expected=chosen.fact.text, name=concept_title(concept), statements=statements,
                    value=chosen.fact.display, reason=f"核查按此数：{conflict.reason}"))
                return
        for slip in self.resolution.slips:
            if slip.reading.fact.concept == concept:
                self._reported.add(concept)
                fact = slip.reading.fact
                others = [f for f in facts if f is not fact]
                statements = "；".join([f"{fact.label}写作“{fact.text}”"]
                                      + [f"{f.label}为{f.display}" for f in others])
                value = f"{format_decimal(slip.reading.value)}{slip.meant_unit}"
                self.findings.append(RESOLVED_DUPLICATE.finding(
                    [fact.location, *(f.location for f in others), cell], stated=fact.text,
                    expected=value, name=concept_title(concept), statements=statements, value=value,
                    reason=f"“{fact.text}”的单位按上下文应为{slip.meant_unit}"))
                return

    def computed(self, concept: str, computed: Decimal | None, percent: bool, field_name: str,
                 cell: Location | None) -> None:
        """Report a stated value that a formula cell of the template does not reproduce."""
        resolved = self.resolution.get(concept)
        if resolved is None or not resolved.stated:
            return
        self.used.add(concept)
        if computed is None:
            return
        shown = computed * 100 if percent else computed
        half = Decimal(5).scaleb(-(resolved.decimals + 1))
        if abs(shown - resolved.value) <= half:
            return
        unit = "%" if percent else (resolved.unit or "")
        self.findings.append(TEMPLATE_COMPUTED.finding(
            [*(f.location for f in resolved.facts), cell],
            stated=format_decimal(resolved.value, resolved.decimals),
            expected=format_decimal(shown, 2),
            field=field_name, written=f"{format_decimal(resolved.value, resolved.decimals)}{unit}",
            computed=f"{format_decimal(shown, 2)}{unit}"))

    def omitted(self) -> None:
        """One finding listing the stated quantities no cell took."""
        left: dict[str, Fact] = {}
        for fact in self.evaluation.facts:
            if is_text_figure(fact.concept):
                continue  # a figure of a sentence: it stays in the text, no template has a cell for it
            if fact.concept not in self.used and fact.concept not in left:
                left[fact.concept] = fact
        if not left:
            return
        items = "；".join(f"{f.label or concept_title(f.concept)}（{f.display}）" for f in left.values())
        self.findings.append(TEMPLATE_OMITTED.finding(
            [f.location for f in left.values()], count=len(left), items=items))
