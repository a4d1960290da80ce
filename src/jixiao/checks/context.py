"""What every check receives: the evaluation, its framework, the resolution of its
facts and its score card, and a record of which defects are already reported."""

from __future__ import annotations

from functools import cached_property

from jixiao.frameworks.model import Framework
from jixiao.model.evaluation import Evaluation
from jixiao.model.record import Record, field, record
from jixiao.reconcile.resolution import Resolution
from jixiao.scoring.card import ScoreCard


@record
class CheckContext(Record):
    evaluation: Evaluation
    framework: Framework
    resolution: Resolution
    card: ScoreCard
    # Identity instances (by total concept and identity id) and concepts a more
    # specific diagnosis has already reported: later checks leave them alone.
    claimed: set[str] = field(default_factory=set)

    def claim(self, *keys: str) -> None:
        self.claimed.update(keys)

    def is_claimed(self, key: str) -> bool:
        return key in self.claimed

    @property
    def partial(self) -> bool:
        """The source document is incomplete (cut off): missing parts are not defects."""
        return self.evaluation.completeness == "partial"

    def concepts_measuring(self, measure: str) -> tuple[str, ...]:
        """The resolved concepts of one measure (the last part of the name: ``final``,
        ``carryover``), in resolution order."""
        return self._by_measure.get(measure, ())

    @cached_property
    def _by_measure(self) -> dict[str, tuple[str, ...]]:
        concepts = tuple(self.resolution.values)
        found = _BY_MEASURE.get(concepts)
        if found is None:
            grouped: dict[str, list[str]] = {}
            for concept in concepts:
                _head, dot, measure = concept.rpartition(".")
                if dot:
                    grouped.setdefault(measure, []).append(concept)
            if len(_BY_MEASURE) >= _CACHE_LIMIT:
                _BY_MEASURE.clear()
            found = _BY_MEASURE[concepts] = {m: tuple(cs) for m, cs in grouped.items()}
        return found


# Concepts by measure, per set of resolved concepts: documents of one template resolve
# the same concepts, so a bulk run groups them once per template.
_BY_MEASURE: dict[tuple[str, ...], dict[str, tuple[str, ...]]] = {}
_CACHE_LIMIT = 512
