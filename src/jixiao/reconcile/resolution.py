"""Resolution: one value per concept, with every decision recorded.

Before any check compares totals or recomputes a score, the facts are reconciled:

1. amounts are read in 万元 (the canonical unit), each keeping its interval;
2. a figure whose stated unit is a slip (``42.82元`` where 万元 is meant) is detected
   by its context — a duplicate stated in the other unit, or sums that hold only in
   the other unit — and read in the meant unit;
3. a concept stated several times is checked the Calc 1.1 way (same decimals →
   identical; otherwise intervals must meet); when the statements conflict, the value
   that agrees with the sums is chosen, else the attached table's value;
4. a table's total row left at 0 while its parts are filled is read as unfilled;
5. totals that are not stated but whose parts all are (a project's 全年预算 =
   年初 ± 调整) are derived.

Figures of sentences that no field names (``text.*``, :mod:`jixiao.model.text_figures`)
state no known concept: they are left out.

Checks report these decisions once (unit and duplicate findings) and otherwise build
on the resolved values, so one defect never cascades into a string of findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from operator import attrgetter

from jixiao.model.concepts import TEXT_NAMESPACE
from jixiao.model.fact import Fact
from jixiao.model.numbers import HALVES
from jixiao.model.record import MutableRecord, Record, field, mutable_record, record
from jixiao.model.units import AMOUNT_SCALE, CANONICAL_AMOUNT, convert_amount
from jixiao.reconcile.intervals import Interval
from jixiao.reconcile.network import (
    IdentityInstance,
    RatioInstance,
    expand_identities,
    expand_ratios,
)

_TEXT = TEXT_NAMESPACE + "."  # jixiao.model.concepts.is_text_figure, inlined in the hot loop


@record
class Reading(Record):
    """A fact read in the canonical unit of its concept.

    ``interval`` is what the figure stands for as written (Calc 1.1). In sums, a money
    amount written without decimals in a document that writes money to the cent
    ("年初预算资金51万元" beside "24.05万元") is a whole amount, not ±0.5万元: its
    ``sum_interval`` uses the document's prevailing precision.
    """

    fact: Fact
    value: Decimal
    decimals: int
    unit: str | None
    interval: Interval
    sum_interval: Interval


def _reading(fact: Fact, value: Decimal, decimals: int, unit: str | None, prevailing: int = 0) -> Reading:
    half = HALVES[decimals]
    interval = Interval(value - half, value + half, True, True)
    if fact.decimals == 0 and prevailing > 0 and unit in AMOUNT_SCALE:
        shift = decimals - fact.decimals  # keep the unit conversion's scale
        return Reading(fact, value, decimals, unit, interval, Interval.of(value, prevailing + shift))
    return Reading(fact, value, decimals, unit, interval, interval)


@record
class Resolved(Record):
    """The value a concept resolves to, the ``readings`` it rests on, and what it was
    ``derived_from`` / ``corrected_from`` when it was derived or corrected."""

    concept: str
    value: Decimal
    decimals: int
    unit: str | None
    interval: Interval
    readings: tuple[Reading, ...] = ()
    derived_from: IdentityInstance | None = None
    corrected_from: Reading | None = None
    sum_interval: Interval | None = None  # when sums use another interval (see Reading)

    @property
    def for_sums(self) -> Interval:
        """The interval to use in sums."""
        return self.interval if self.sum_interval is None else self.sum_interval

    @property
    def stated(self) -> bool:
        """Whether the document states the concept (else it was derived)."""
        return bool(self.readings)

    @property
    def facts(self) -> tuple[Fact, ...]:
        return tuple(r.fact for r in self.readings)


@record
class UnitSlip(Record):
    """A figure whose written unit is not the one meant."""

    reading: Reading  # read in the meant unit
    stated_unit: str
    meant_unit: str
    evidence: tuple[str, ...]


@record
class Conflict(Record):
    """One concept stated with values that cannot all be true."""

    concept: str
    readings: tuple[Reading, ...]
    chosen: Reading
    reason: str
    agreeing: tuple[str, ...]  # the sums the chosen value agrees with


@record
class Correction(Record):
    """A total row stated as 0 while its parts are filled."""

    instance: IdentityInstance
    reading: Reading
    replacement: Interval


@mutable_record
class Resolution(MutableRecord):
    values: dict[str, Resolved] = field(default_factory=dict)
    identities: list[IdentityInstance] = field(default_factory=list)
    ratios: list[RatioInstance] = field(default_factory=list)
    slips: list[UnitSlip] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    by_concept_instances: dict[str, list[IdentityInstance]] = field(default_factory=dict)

    def get(self, concept: str) -> Resolved | None:
        return self.values.get(concept)

    def value(self, concept: str) -> Decimal | None:
        r = self.values.get(concept)
        return r.value if r is not None else None

    def interval(self, concept: str) -> Interval | None:
        r = self.values.get(concept)
        return r.interval if r is not None else None

    def sum_interval(self, concept: str) -> Interval | None:
        """The interval to use in sums (whole money amounts at the document's precision)."""
        r = self.values.get(concept)
        return r.for_sums if r is not None else None

    def instances_with(self, concept: str) -> list[IdentityInstance]:
        return self.by_concept_instances.get(concept, [])


Lookup = Callable[[str], Interval | None]


@record
class SumStatus(Record):
    """How an identity instance stands under some set of values."""

    total: Interval
    computed: Interval
    present: tuple[str, ...]
    missing: tuple[str, ...]
    consistent: bool
    exact: bool
    one_sided: bool


def _may_be_negative(concept: str) -> bool:
    return concept.endswith(".adjustment") or concept.startswith("budget_adjustment.")


def evaluate_sum(instance: IdentityInstance, get: Lookup,
                 mid: Callable[[str], Decimal | None] | None = None) -> SumStatus | None:
    """Evaluate ``total = Σ items`` (Calc 1.1). ``None`` when it does not bind: no
    total, no item, or a missing item that could be negative."""
    total = get(instance.total)
    if total is None:
        return None
    computed: Interval | None = None
    present: list[str] = []
    missing: list[str] = []
    exact_sum = Decimal(0)
    exact_ok = mid is not None
    for weight, concept in instance.items:
        iv = get(concept)
        if iv is None:
            missing.append(concept)
            continue
        present.append(concept)
        part = iv if weight == 1 else iv.scale(Decimal(weight))
        computed = part if computed is None else computed + part
        if mid is not None:
            m = mid(concept)
            if m is None:
                exact_ok = False
            else:
                exact_sum += weight * m
    if computed is None:
        return None
    one_sided = instance.identity.partial or bool(missing)
    if missing and any(_may_be_negative(c) for c in missing):
        return None
    if one_sided:
        consistent = computed.lo <= total.hi
    else:
        consistent = total.meets(computed)
    exact = False
    if exact_ok and mid is not None and not one_sided:
        tm = mid(instance.total)
        exact = tm is not None and tm == exact_sum
    return SumStatus(total, computed, tuple(present), tuple(missing), consistent, exact, one_sided)


# Hold a reading's place in document order until the reading can be made.
_PENDING: Reading = object.__new__(Reading)
_UNRESOLVED: Resolved = object.__new__(Resolved)  # likewise for a concept's resolution


def _read(fact: Fact, prevailing: int) -> Reading:
    if fact.unit != CANONICAL_AMOUNT and fact.unit in AMOUNT_SCALE:
        value, decimals = convert_amount(fact.value, fact.decimals, fact.unit, CANONICAL_AMOUNT)
        return _reading(fact, value, decimals, CANONICAL_AMOUNT, prevailing)
    return _reading(fact, fact.value, fact.decimals, fact.unit, prevailing)


def _read_as(fact: Fact, unit: str, prevailing: int) -> Reading:
    value, decimals = convert_amount(fact.value, fact.decimals, unit, CANONICAL_AMOUNT)
    return _reading(fact, value, decimals, CANONICAL_AMOUNT, prevailing)


def _count(item: tuple[object, int]) -> int:
    return item[1]


# A concept's figure in trial sums: its sum interval and its point value.
_Figure = tuple[Interval, Decimal]


class _Values:
    """Point values and sum intervals by concept, with derivations, for trial evaluation.

    Stated figures are read from ``readings`` (each concept's first reading) rather than
    copied out: the base only holds the totals derived from them. A trial
    (``with_value``) overlays one concept's value on the base and re-derives only the
    totals built on that concept, so trying candidates for a unit slip or a conflicting
    duplicate costs a few lookups, not a copy of everything.
    """

    __slots__ = ("by_concept", "derived", "readings")

    def __init__(self, readings: Mapping[str, list[Reading]], network: _Network):
        self.readings = readings
        self.by_concept = network.by_concept
        self.derived: dict[str, _Figure] = {}
        for instance in network.deriving:
            if instance.total not in readings and instance.total not in self.derived:
                _derive_one(instance, self.figure, self.derived)

    def figure(self, concept: str) -> _Figure | None:
        rs = self.readings.get(concept)
        if rs is not None:
            first = rs[0]
            return first.sum_interval, first.value
        return self.derived.get(concept)

    def with_value(self, concept: str, reading: Reading) -> _Trial:
        trial = _Trial(self, {concept: (reading.sum_interval, reading.value)})
        for instance in self.by_concept.get(concept, ()):
            if instance.identity.derive and instance.total not in self.readings and instance.total != concept:
                _derive_one(instance, trial.figure, trial.over)
        return trial


def _derive_one(instance: IdentityInstance, figure: Callable[[str], _Figure | None],
                out: dict[str, _Figure]) -> None:
    """The total of a complete instance as the sum of its items, into ``out``."""
    parts = []
    for weight, concept in instance.items:
        found = figure(concept)
        if found is None:
            return
        parts.append((weight, found[0], found[1]))
    if parts:
        out[instance.total] = _weighted_sum(parts)


def _weighted_sum(parts: list[tuple[int, Interval, Decimal]]) -> _Figure:
    """Σ weight·interval and Σ weight·point over ``(weight, interval, point)``, the
    bounds added directly (resolution's intervals are all closed): one interval built,
    not two per part."""
    lo = hi = None
    value = _ZERO
    for weight, iv, point in parts:
        if weight == 1:  # nearly every weight
            part_lo, part_hi = iv.lo, iv.hi
            value += point
        else:
            part_lo, part_hi = (iv.lo * weight, iv.hi * weight) if weight >= 0 else (iv.hi * weight, iv.lo * weight)
            value += weight * point
        lo = part_lo if lo is None else lo + part_lo
        hi = part_hi if hi is None else hi + part_hi
    assert lo is not None and hi is not None
    return Interval(lo, hi, True, True), value


_ZERO = Decimal(0)


class _Trial:
    """One concept's candidate value over the shared base values."""

    __slots__ = ("base", "over")

    def __init__(self, base: _Values, over: dict[str, _Figure]):
        self.base, self.over = base, over

    def figure(self, concept: str) -> _Figure | None:
        found = self.over.get(concept)
        return found if found is not None else self.base.figure(concept)

    def satisfied(self, concept: str) -> tuple[list[str], int, Decimal]:
        """Identities around ``concept`` that hold: titles, how many exactly, and the
        total absolute difference of the intervals' midpoints, doubled (a tie-breaker,
        only ever compared: doubling saves two divisions per identity).

        The same judgement as :func:`evaluate_sum` on the trial values, from the bounds
        alone: resolution intervals are all closed, and a partial sum ("其中", missing
        parts) is too weak to decide by, so only complete sums count.
        """
        titles: list[str] = []
        exact = 0
        distance = _ZERO
        figure = self.figure
        for instance in self.base.by_concept.get(concept, ()):
            identity = instance.identity
            if identity.partial:
                continue
            total = figure(instance.total)
            if total is None or not instance.items:
                continue
            lo = hi = None
            point_sum = _ZERO
            for weight, item in instance.items:
                found = figure(item)
                if found is None:
                    break  # a missing part: one-sided
                iv, point = found
                if weight == 1:  # nearly every weight
                    part_lo, part_hi = iv.lo, iv.hi
                    point_sum += point
                else:
                    part_lo, part_hi = (iv.lo * weight, iv.hi * weight) if weight >= 0 \
                        else (iv.hi * weight, iv.lo * weight)
                    point_sum += weight * point
                lo = part_lo if lo is None else lo + part_lo
                hi = part_hi if hi is None else hi + part_hi
            else:
                assert lo is not None and hi is not None
                total_iv, total_point = total
                if total_iv.lo <= hi and lo <= total_iv.hi:
                    titles.append(identity.title)
                    if total_point == point_sum:
                        exact += 1
                distance += abs((total_iv.lo + total_iv.hi) - (lo + hi))
        return titles, exact, distance


def resolve(facts: Iterable[Fact]) -> Resolution:
    """Reconcile an evaluation's facts (see the module docstring)."""
    readings: dict[str, list[Reading]] = {}
    # Most concepts are stated once and resolve to their one reading as the pass meets
    # them; those stated again (``repeated``) are reconciled after the pass.
    values: dict[str, Resolved] = {}
    repeated: list[str] = []
    amounts: list[Fact] = []  # the document's money habits are counted after the pass
    # Amounts that must be converted, or whose reading depends on the prevailing
    # precision: read once the pass has seen every amount.
    pending: list[tuple[list[Reading], int, Fact]] = []
    for fact in facts:
        concept, unit, decimals = fact.concept, fact.unit, fact.decimals
        if concept.startswith(_TEXT):
            continue  # a figure of a sentence no field names: no concept to reconcile
        if unit in AMOUNT_SCALE:
            amounts.append(fact)
            if unit != CANONICAL_AMOUNT or decimals == 0:
                found = readings.get(concept)
                if found is None:
                    found = readings[concept] = []
                    values[concept] = _UNRESOLVED  # holds the concept's place in document order
                elif len(found) == 1:
                    repeated.append(concept)
                pending.append((found, len(found), fact))
                found.append(_PENDING)
                continue
        # the common case, inlined: read as written, one interval for both uses
        value = fact.value
        half = HALVES[decimals]
        interval = Interval(value - half, value + half, True, True)
        reading = Reading(fact, value, decimals, unit, interval, interval)
        found = readings.get(concept)
        if found is None:
            readings[concept] = [reading]
            values[concept] = Resolved(concept, value, decimals, unit, interval, (reading,))
        else:
            if len(found) == 1:
                repeated.append(concept)
            found.append(reading)
    # The document's prevailing precision: the most frequent non-zero decimals of its
    # amounts (max() keeps the first of equal counts, as Counter.most_common does).
    money_decimals = Counter([d for d in map(_DECIMALS, amounts) if d > 0])
    prevailing = max(money_decimals.items(), key=_count)[0] if money_decimals else 0
    for found, index, fact in pending:
        found[index] = _read(fact, prevailing)
        if len(found) == 1:
            values[fact.concept] = _stated_once(fact.concept, found[0])

    network = _network(tuple(readings))  # document order, for stable messages
    result = Resolution(values, identities=network.instances, by_concept_instances=network.by_concept)
    money_units = Counter(map(_UNIT, amounts))
    if len(money_units) > 1:
        _detect_unit_slips(readings, amounts, network, result, prevailing, money_units)
        for slip in result.slips:
            rs = readings[slip.reading.fact.concept]
            if len(rs) == 1:
                values[slip.reading.fact.concept] = _stated_once(slip.reading.fact.concept, rs[0])
    if repeated:
        trial: _Values | None = None
        order = list(readings)
        repeated.sort(key=order.index)  # conflicts are reported in document order
        for concept in repeated:
            rs = readings[concept]
            if trial is None and _agree(rs) is None:
                trial = _Values(readings, network)  # only a conflict needs trials
            values[concept] = _resolve_concept(concept, rs, trial, result)
    _correct_and_derive(network, result)
    if network.ratios is None:
        # The resolved concepts follow from the stated ones (a total is derived when
        # all its parts are stated), so the network's ratio instances are fixed too.
        network.ratios = list(expand_ratios(tuple(values)))
    result.ratios = network.ratios
    return result


def _stated_once(concept: str, r: Reading) -> Resolved:
    return Resolved(concept, r.value, r.decimals, r.unit, r.interval, (r,), sum_interval=r.sum_interval)


_UNIT = attrgetter("unit")
_DECIMALS = attrgetter("decimals")


class _Network:
    """The calculation network of one set of stated concepts: the identity instances
    (all, by concept, those that derive a total and those whose 0 total means blank)
    and the ratio instances."""

    __slots__ = ("by_concept", "deriving", "instances", "ratios", "zero_means_blank")

    def __init__(self, instances: list[IdentityInstance]):
        self.instances = instances
        self.by_concept: dict[str, list[IdentityInstance]] = {}
        for instance in instances:
            for concept in instance.concepts:
                self.by_concept.setdefault(concept, []).append(instance)
        self.deriving = [i for i in instances if i.identity.derive]
        self.zero_means_blank = [i for i in instances if i.identity.zero_means_blank]
        self.ratios: list[RatioInstance] | None = None  # filled by the first resolution


_NETWORKS: dict[tuple[str, ...], _Network] = {}
_CACHE_LIMIT = 512


def _network(concepts: tuple[str, ...]) -> _Network:
    """The network for a set of concepts. Documents of one template share their
    concept set, so a bulk run expands the network once per template."""
    cached = _NETWORKS.get(concepts)
    if cached is None:
        if len(_NETWORKS) >= _CACHE_LIMIT:
            _NETWORKS.clear()
        cached = _NETWORKS[concepts] = _Network(list(expand_identities(concepts)))
    return cached


def _detect_unit_slips(readings: dict[str, list[Reading]], amounts: list[Fact], network: _Network,
                       result: Resolution, prevailing: int, money_units: Mapping[str, int]) -> None:
    """Money amounts written in a minority unit whose context says another was meant:
    their readings are replaced by readings in the meant unit. Only an amount with its
    unit written beside it can be a slip."""
    prevailing_unit = max(money_units.items(), key=_count)[0]
    candidates = [f for f in amounts if f.unit != prevailing_unit and f.unit_stated]
    if len(candidates) > 1:
        order = list(readings)
        candidates.sort(key=lambda f: order.index(f.concept))  # in concept order
    trial: _Values | None = None
    meant_readings: list[tuple[list[Reading], int, Reading]] = []
    for fact in candidates:
        concept = fact.concept
        rs = readings[concept]
        index = next(i for i, r in enumerate(rs) if r.fact is fact)
        reading = rs[index]
        meant = _read_as(fact, prevailing_unit, prevailing)
        evidence: list[str] = []
        for other in rs:
            if other is not reading and other.fact.unit == prevailing_unit \
                    and other.interval.meets(meant.interval):
                evidence.append(f"{other.fact.label}记为{other.fact.display}")
        if trial is None:
            trial = _Values(readings, network)
        as_stated, _, _ = trial.with_value(concept, reading).satisfied(concept)
        as_meant, _, _ = trial.with_value(concept, meant).satisfied(concept)
        if len(as_meant) > len(as_stated):
            evidence.extend(t for t in as_meant if t not in as_stated)
        if evidence:
            meant_readings.append((rs, index, meant))
            result.slips.append(UnitSlip(meant, fact.unit or "", prevailing_unit, tuple(evidence)))
    # Every candidate is judged against the figures as stated: the readings are
    # replaced once all are judged (the trial base reads them).
    for rs, index, meant in meant_readings:
        rs[index] = meant


def _agree(readings: list[Reading]) -> Interval | None:
    """Calc 1.1 duplicates: same decimals must be identical, otherwise intervals meet."""
    combined: Interval | None = readings[0].interval
    for i, a in enumerate(readings):
        for b in readings[i + 1:]:
            if a.decimals == b.decimals and a.value != b.value:
                return None
        if i and combined is not None:
            combined = combined.intersect(a.interval)
            if combined is None:
                return None
    return combined


def _resolve_concept(concept: str, rs: list[Reading], trial: _Values | None,
                     result: Resolution) -> Resolved:
    if len(rs) == 1:
        return _stated_once(concept, rs[0])
    most_precise = max(rs, key=lambda r: r.decimals)
    combined = _agree(rs)
    if combined is not None:
        sums = combined if len(rs) > 1 else rs[0].sum_interval
        return Resolved(concept, most_precise.value, most_precise.decimals, most_precise.unit,
                        combined, tuple(rs), sum_interval=sums)
    # Conflict: choose the value the sums agree with, else the attached table's.
    assert trial is not None
    candidates: dict[Decimal, Reading] = {}
    for r in rs:
        best = candidates.get(r.value)
        if best is None or (best.fact.place == "正文" and r.fact.place != "正文"):
            candidates[r.value] = r
    scored = []
    for order, r in enumerate(candidates.values()):
        titles, exact, distance = trial.with_value(concept, r).satisfied(concept)
        in_table = r.fact.place != "正文"
        votes = sum(1 for x in rs if x.value == r.value)
        scored.append(((len(titles), exact, -distance, in_table, votes, -order), r, titles))
    scored.sort(key=lambda s: s[0], reverse=True)
    (key, chosen, titles), runner = scored[0], scored[1]
    if key[:3] > runner[0][:3]:
        reason = "与合计关系相符"
    elif key[3] and not runner[0][3]:
        reason = "以附表数为准"
    else:
        reason = "以出现次数较多者为准" if key[4] > runner[0][4] else "以先出现者为准"
    result.conflicts.append(Conflict(concept, tuple(rs), chosen, reason, tuple(titles)))
    return Resolved(concept, chosen.value, chosen.decimals, chosen.unit, chosen.interval,
                    tuple(rs), sum_interval=chosen.sum_interval)


def _correct_and_derive(network: _Network, result: Resolution) -> None:
    values = result.values
    for instance in network.zero_means_blank:
        total = values.get(instance.total)
        if total is None or total.value != 0 or not total.readings or total.corrected_from:
            continue
        status = evaluate_sum(instance, result.sum_interval)
        if status is None or status.computed.lo <= 0:
            continue
        mid = sum((values[c].value for c in status.present), Decimal(0))
        decimals = max(values[c].decimals for c in status.present)
        values[instance.total] = Resolved(
            instance.total, mid, decimals, total.unit, status.computed, total.readings,
            corrected_from=total.readings[0])
        result.corrections.append(Correction(instance, total.readings[0], status.computed))
    for _ in range(3):  # derived totals may feed other derivations
        changed = False
        for instance in network.deriving:
            if instance.total in values:
                continue
            parts: list[Resolved] = []
            for _weight, concept in instance.items:
                part = values.get(concept)
                if part is None:
                    break
                parts.append(part)
            else:
                if parts:
                    interval, value = _weighted_sum([(weight, part.for_sums, part.value) for (weight, _c), part
                                                     in zip(instance.items, parts, strict=True)])
                    values[instance.total] = Resolved(instance.total, value, max(p.decimals for p in parts),
                                                      parts[-1].unit, interval, derived_from=instance)
                    changed = True
        if not changed:
            break
