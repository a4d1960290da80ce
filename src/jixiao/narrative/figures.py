"""Figures for the reports: each figure as the unit stated it at its place; where the place
states nothing, the concept's resolved value; figures computed from them; placeholders for
what is not stated anywhere.

A report is the unit's own document: where the text states 63.72 and the attached table
63.73, the text keeps 63.72 and the table 63.73 (the findings say they disagree). A figure
written at the place being rendered is printed exactly as written (``stated``, with its
decimals and, when written, its unit: “42.82元”). Elsewhere the resolved value is used
(``resolution.get(concept).value``: the value that agrees with the sums, unit slips read in
the unit meant), and rates and totals nobody stated are computed from resolved values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.model.fact import Fact
from jixiao.model.numbers import format_decimal, round_half_up
from jixiao.model.units import AMOUNT_SCALE, CANONICAL_AMOUNT
from jixiao.narrative.segments import Seg, SegKind, placeholder
from jixiao.reconcile.resolution import Resolution, Resolved
from jixiao.scoring.outcome import format_points

HUNDRED = Decimal(100)
STATED = "stated"  # Seg.op of a figure printed as written at its place
RATE_DECIMALS = 2


@dataclass(frozen=True, slots=True)
class Missing:
    section: str
    item: str


def money_text(value: Decimal, decimals: int, unit: str = CANONICAL_AMOUNT, minimum: int = 2) -> str:
    """An amount in ``unit`` (resolved amounts are in 万元), to two decimals (``minimum``) or as
    precise as stated."""
    if unit != CANONICAL_AMOUNT and unit in AMOUNT_SCALE:
        factor = AMOUNT_SCALE[CANONICAL_AMOUNT] / AMOUNT_SCALE[unit]
        value = value * factor
        decimals = decimals - factor.adjusted()
    return format_decimal(value, min(max(decimals, minimum), 6))


def count_text(value: Decimal, decimals: int) -> str:
    return format_decimal(value, min(max(decimals, 0), 4))


def rate_text(value: Decimal) -> str:
    return format_decimal(value, RATE_DECIMALS)


@dataclass(slots=True)
class Figures:
    resolution: Resolution
    missing: list[Missing] = field(default_factory=list)

    # -- values ---------------------------------------------------------------------
    def resolved(self, concept: str) -> Resolved | None:
        return self.resolution.get(concept)

    def value(self, concept: str) -> Decimal | None:
        return self.resolution.value(concept)

    def decimals(self, concept: str) -> int:
        r = self.resolution.get(concept)
        return r.decimals if r is not None else 0

    def has(self, concept: str) -> bool:
        return self.resolution.get(concept) is not None

    # -- resolved figures -----------------------------------------------------------
    @staticmethod
    def stated(fact: Fact | None, *, magnitude: bool = False) -> Seg | None:
        """The figure exactly as the unit wrote it at this place (its unit too, when written:
        “42.82元”, “111%”); ``magnitude`` drops the sign (调减 is said in words)."""
        if fact is None:
            return None
        shown = fact.text.strip()
        value = fact.value
        if magnitude:
            shown = shown.lstrip("-+－＋")
            value = abs(value)
        return Seg(shown, SegKind.FIGURE, concept=fact.concept, value=value, op=STATED, location=fact.location)

    def _figure(self, concept: str, fmt: str, stated: Fact | None = None) -> Seg | None:
        if stated is not None:
            return self.stated(stated)
        r = self.resolution.get(concept)
        if r is None:
            return None
        value, decimals = r.value, r.decimals
        unit = fmt.partition(":")[2]
        kind = fmt.partition(":")[0]
        written = _written_alike(r, unit or None)
        if written is not None:  # the document writes it one way only: print it that way
            return self.stated(written)
        if kind == "money":
            shown = money_text(value, decimals, unit or CANONICAL_AMOUNT)
        elif kind == "points":
            shown = format_points(value)
        else:
            shown = count_text(value, decimals)
        return Seg(shown, SegKind.FIGURE, concept=concept, value=value)

    def money(self, concept: str, unit: str = CANONICAL_AMOUNT, *, stated: Fact | None = None) -> Seg | None:
        """An amount: as ``stated`` at this place, else resolved (in 万元) and shown in ``unit``."""
        return self._figure(concept, f"money:{unit}", stated)

    def count(self, concept: str, *, stated: Fact | None = None) -> Seg | None:
        """Persons, items (人, 个)."""
        return self._figure(concept, "count", stated)

    def points(self, concept: str, *, stated: Fact | None = None) -> Seg | None:
        """Scores and weights (分)."""
        return self._figure(concept, "points", stated)

    def rate_or_stated(self, stated: Fact | None, numerator: str, denominator: str) -> tuple[Seg | str, ...]:
        """A rate exactly as stated at this place (“111%”), else computed (“111.11” and “%”);
        empty when neither is possible."""
        if stated is not None:
            seg = self.stated(stated)
            assert seg is not None
            return (seg,)  # as written: “111%”, or a bare “0” where the form's cell had no sign
        rate = self.rate(numerator, denominator)
        return (rate, "%") if rate is not None else ()

    def rate_of(self, rate: str, numerator: str, denominator: str) -> tuple[Seg | str, ...]:
        """A rate the document states (``rate``, written alike wherever stated: “95%”), else
        computed from its parts."""
        r = self.resolution.get(rate)
        written = _written_alike(r, "%") if r is not None else None
        return self.rate_or_stated(written, numerator, denominator)

    # -- computed figures -----------------------------------------------------------
    def _inputs(self, *concepts: str) -> tuple[tuple[str, Decimal], ...] | None:
        out = []
        for c in concepts:
            v = self.value(c)
            if v is None:
                return None
            out.append((c, v))
        return tuple(out)

    def rate(self, numerator: str, denominator: str) -> Seg | None:
        """numerator ÷ denominator × 100, to two decimals (without the % sign)."""
        inputs = self._inputs(numerator, denominator)
        if inputs is None or inputs[1][1] == 0:
            return None
        value = round_half_up(inputs[0][1] / inputs[1][1] * HUNDRED, RATE_DECIMALS)
        return Seg(rate_text(value), SegKind.COMPUTED, concept=numerator, value=value, op="ratio", inputs=inputs)

    def change(self, current: str, base: str) -> Seg | None:
        """|current − base| ÷ base × 100 (the direction is said in words)."""
        inputs = self._inputs(current, base)
        if inputs is None or inputs[1][1] == 0:
            return None
        value = round_half_up(abs(inputs[0][1] - inputs[1][1]) / inputs[1][1] * HUNDRED, RATE_DECIMALS)
        return Seg(rate_text(value), SegKind.COMPUTED, concept=current, value=value, op="change", inputs=inputs)

    def difference(self, a: str, b: str, unit: str = CANONICAL_AMOUNT) -> Seg | None:
        """|a − b| as an amount (the direction is said in words)."""
        inputs = self._inputs(a, b)
        if inputs is None:
            return None
        value = abs(inputs[0][1] - inputs[1][1])
        decimals = max(self.decimals(a), self.decimals(b))  # as precise as its inputs (110 − 120 → 10)
        return Seg(money_text(value, decimals, unit, minimum=0), SegKind.COMPUTED, concept=a, value=value,
                   op="difference", inputs=inputs)

    def magnitude(self, concept: str, unit: str = CANONICAL_AMOUNT) -> Seg | None:
        """|value| (an adjustment: 调增 / 调减 is said in words)."""
        inputs = self._inputs(concept)
        if inputs is None:
            return None
        value = abs(inputs[0][1])
        return Seg(money_text(value, self.decimals(concept), unit), SegKind.COMPUTED, concept=concept, value=value,
                   op="abs", inputs=inputs)

    def sign(self, concept: str) -> int | None:
        v = self.value(concept)
        if v is None:
            return None
        return (v > 0) - (v < 0)

    def total(self, concepts: list[str], kind: str = "money", unit: str = CANONICAL_AMOUNT) -> Seg | None:
        """Σ of resolved figures (all must be stated)."""
        inputs = self._inputs(*concepts)
        if not inputs:
            return None
        value = sum((v for _, v in inputs), Decimal(0))
        if kind == "points":
            shown = format_points(value)
        else:
            decimals = max(self.decimals(c) for c in concepts)
            shown = money_text(value, decimals, unit) if kind == "money" else count_text(value, decimals)
        return Seg(shown, SegKind.COMPUTED, concept=concepts[0], value=value, op="sum", inputs=inputs)

    def number_of(self, concepts: list[str], what: str) -> Seg:
        """How many items are listed (each named by one of its concepts)."""
        value = Decimal(len(concepts))
        return Seg(str(len(concepts)), SegKind.COMPUTED, concept=what, value=value, op="count",
                   inputs=tuple((c, Decimal(0)) for c in concepts))

    @staticmethod
    def year(year: int, offset: int = 0) -> Seg:
        """The evaluation's year (input), or a year before it."""
        if offset == 0:
            return Seg(str(year), SegKind.INPUT, concept="unit.year", value=Decimal(year))
        return Seg(str(year + offset), SegKind.COMPUTED, concept="unit.year", value=Decimal(year + offset),
                   op="year", inputs=(("unit.year", Decimal(year)), ("offset", Decimal(offset))))

    # -- placeholders ---------------------------------------------------------------
    def need(self, seg: Seg | None, section: str, item: str) -> Seg:
        """The figure, or a placeholder recorded as missing."""
        if seg is not None:
            return seg
        self.note_missing(section, item)
        return placeholder()

    def note_missing(self, section: str, item: str) -> None:
        m = Missing(section, item)
        if m not in self.missing:
            self.missing.append(m)


def _written_alike(r: Resolved, unit: str | None) -> Fact | None:
    """The statement of a concept every statement writes alike (“120” in each place, “95%”),
    in the unit shown; ``None`` where they differ or need converting."""
    if not r.readings:
        return None
    first = r.readings[0].fact
    if (unit is not None and first.unit != unit) or (first.unit_stated and unit is None) or first.value != r.value:
        return None
    if any(x.fact.text.strip() != first.text.strip() for x in r.readings[1:]):
        return None
    return first
