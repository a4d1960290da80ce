"""What recomputing one score can give."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from jixiao.model.numbers import format_decimal, half_unit, round_half_up
from jixiao.model.record import Record, field, record


class Outcome(StrEnum):
    COMPUTED = "computed"  # a point score from the rule
    RANGE = "range"  # a band (定性): any score inside is consistent with the rule
    INSUFFICIENT = "insufficient"  # 证据不足: what the rule needs is not stated
    NOT_APPLICABLE = "not_applicable"  # 不适用 ("/" with 0 points)
    MANUAL = "manual"  # the framework leaves this score to the evaluator


OUTCOME_ZH = {
    Outcome.COMPUTED: "复算",
    Outcome.RANGE: "区间",
    Outcome.INSUFFICIENT: "证据不足",
    Outcome.NOT_APPLICABLE: "不适用",
    Outcome.MANUAL: "人工评分",
}


@record
class Score(Record):
    outcome: Outcome
    explanation: str
    rule: str = ""
    citation: str = ""
    points: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    met: bool | None = None
    alternatives: tuple[tuple[str, Decimal], ...] = field(default_factory=tuple)

    def display(self) -> str:
        if self.outcome is Outcome.COMPUTED and self.points is not None:
            return format_points(self.points)
        if self.outcome is Outcome.RANGE and self.low is not None and self.high is not None:
            return f"{format_points(self.low)}–{format_points(self.high)}"
        if self.outcome is Outcome.NOT_APPLICABLE:
            return "不适用"
        return OUTCOME_ZH[self.outcome]

    def accepts(self, reported: Decimal, decimals: int) -> bool | None:
        """Whether a reported score agrees with this outcome; ``None`` if unknowable.

        A reported score written with d decimals agrees with a computed score that
        rounds to it (9.89 written as "9.89", or 10 written as "10" for 9.96).
        """
        if self.outcome is Outcome.COMPUTED and self.points is not None:
            return abs(reported - self.points) <= half_unit(decimals)
        if self.outcome is Outcome.RANGE and self.low is not None and self.high is not None:
            return self.low <= reported <= self.high
        if self.outcome is Outcome.NOT_APPLICABLE:
            return reported == 0
        return None


def format_points(points: Decimal) -> str:
    """Scores are shown to two decimals without trailing zeros (9.89, 18.17, 6)."""
    rounded = round_half_up(points, 2)
    text = format_decimal(rounded)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
