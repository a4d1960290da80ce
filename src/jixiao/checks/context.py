"""What every check receives: the evaluation, its framework, the resolution of its
facts and its score card, and a record of which defects are already reported."""

from __future__ import annotations

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

