"""Figures for the reports: the resolved value of each concept, formatted, with its
provenance; figures computed from them; placeholders for what is not stated.

The value of a concept is always ``resolution.get(concept).value``: where the input
states a figure differently in several places, the resolution has already chosen the
value that agrees with the sums (else the attached table's), and read unit slips (42.82元
for 万元) in the unit meant. One more choice is made here, for the tables only: a row that
is the *only* part of a total and repeats a total figure the resolution rejected (附件2
lists 业务工作经费 88.17 under 项目支出 88.17, while 项目支出 resolves to 88.18) shows the
chosen total, so a table never contradicts itself. Each such choice is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.model.numbers import format_decimal, round_half_up
from jixiao.model.units import AMOUNT_SCALE, CANONICAL_AMOUNT
from jixiao.narrative.segments import Seg, SegKind, placeholder
from jixiao.reconcile.resolution import Reading, Resolution, Resolved
from jixiao.scoring.outcome import format_points

HUNDRED = Decimal(100)
RATE_DECIMALS = 2


@dataclass(frozen=True, slots=True)
class SolePart:
    """A row shown with its total's chosen value (see the module docstring)."""

    part: str
    total: str
    stated: Reading
    chosen: Resolved
    identity: str


@dataclass(frozen=True, slots=True)
class Missing:
    section: str
    item: str


def money_text(value: Decimal, decimals: int, unit: str = CANONICAL_AMOUNT) -> str:
    """An amount in ``unit`` (resolved amounts are in 万元), to two decimals or as precise as
    stated."""
    if unit != CANONICAL_AMOUNT and unit in AMOUNT_SCALE:
        factor = AMOUNT_SCALE[CANONICAL_AMOUNT] / AMOUNT_SCALE[unit]
        value = value * factor
        decimals = decimals - factor.adjusted()
    return format_decimal(value, min(max(decimals, 2), 6))


def count_text(value: Decimal, decimals: int) -> str:
    return format_decimal(value, min(max(decimals, 0), 4))


def rate_text(value: Decimal) -> str:
    return format_decimal(value, RATE_DECIMALS)


@dataclass(slots=True)
class Figures:
    resolution: Resolution
    sole_parts: dict[str, SolePart] = field(default_factory=dict)
    missing: list[Missing] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sole_parts = find_sole_parts(self.resolution)

    # -- values ---------------------------------------------------------------------
    def resolved(self, concept: str) -> Resolved | None:
        return self.resolution.get(concept)

    def value(self, concept: str) -> Decimal | None:
        sole = self.sole_parts.get(concept)
        if sole is not None:
            return sole.chosen.value
        return self.resolution.value(concept)

    def decimals(self, concept: str) -> int:
        sole = self.sole_parts.get(concept)
        r = sole.chosen if sole is not None else self.resolution.get(concept)
        return r.decimals if r is not None else 0

    def has(self, concept: str) -> bool:
        return self.resolution.get(concept) is not None

    # -- resolved figures -----------------------------------------------------------
    def _figure(self, concept: str, fmt: str) -> Seg | None:
        r = self.resolution.get(concept)
        if r is None:
            return None
        sole = self.sole_parts.get(concept)
        value, decimals = (sole.chosen.value, sole.chosen.decimals) if sole else (r.value, r.decimals)
        unit = fmt.partition(":")[2]
        kind = fmt.partition(":")[0]
        if kind == "money":
            shown = money_text(value, decimals, unit or CANONICAL_AMOUNT)
        elif kind == "points":
            shown = format_points(value)
        else:
            shown = count_text(value, decimals)
        if sole is not None:
            return Seg(shown, SegKind.FIGURE, concept=concept, value=value, op="sole_part",
                       inputs=((sole.total, value),))
        return Seg(shown, SegKind.FIGURE, concept=concept, value=value)

    def money(self, concept: str, unit: str = CANONICAL_AMOUNT) -> Seg | None:
        """An amount (resolved in 万元), shown in ``unit``."""
        return self._figure(concept, f"money:{unit}")

    def count(self, concept: str) -> Seg | None:
        """Persons, items (人, 个)."""
        return self._figure(concept, "count")

    def points(self, concept: str) -> Seg | None:
        """Scores and weights (分)."""
        return self._figure(concept, "points")

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
        decimals = max(self.decimals(a), self.decimals(b))
        return Seg(money_text(value, decimals, unit), SegKind.COMPUTED, concept=a, value=value, op="difference",
                   inputs=inputs)

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


def find_sole_parts(resolution: Resolution) -> dict[str, SolePart]:
    """Rows that are the only part of a total and repeat a total figure the resolution
    rejected."""
    rejected: dict[str, list[Reading]] = {}
    for conflict in resolution.conflicts:
        rejected[conflict.concept] = [r for r in conflict.readings if r.value != conflict.chosen.value]
    out: dict[str, SolePart] = {}
    for instance in resolution.identities:
        if instance.identity.partial or len(instance.items) != 1 or instance.items[0][0] != 1:
            continue
        losers = rejected.get(instance.total)
        if not losers:
            continue
        part_concept = instance.items[0][1]
        total = resolution.get(instance.total)
        part = resolution.get(part_concept)
        if total is None or part is None or not part.readings or part.value == total.value:
            continue
        if any(r.value == part.value for r in losers):
            out[part_concept] = SolePart(part_concept, instance.total, part.readings[0], total,
                                         instance.identity.title)
    return out
