"""The two kinds of evaluation, and what every part of jixiao may ask of either."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.model.overall import OverallEvaluation
from jixiao.model.parts import Indicator, IndicatorCategory, IndicatorGroup, iter_indicators
from jixiao.model.project import ProjectEvaluation

TYPE_CHECKING = False  # typing costs milliseconds to import; annotations only need it for mypy
if TYPE_CHECKING:
    from typing import TypeAlias

Evaluation: TypeAlias = OverallEvaluation | ProjectEvaluation

KIND_TITLES = {"overall": "部门（单位）整体支出", "project": "项目支出"}


def indicator_categories(ev: Evaluation) -> tuple[IndicatorCategory, ...]:
    if isinstance(ev, OverallEvaluation):
        return ev.self_evaluation.indicators if ev.self_evaluation else ()
    return ev.indicators


def all_indicators(ev: Evaluation) -> Iterator[tuple[IndicatorCategory, IndicatorGroup, Indicator]]:
    return iter_indicators(indicator_categories(ev))


def subject_name(ev: Evaluation) -> str:
    """The unit (整体) or project name the evaluation is about."""
    if isinstance(ev, OverallEvaluation):
        return (ev.unit.name if ev.unit else None) or "（未填报单位名称）"
    return (ev.project.name if ev.project else None) or "（未填报项目名称）"


def year_of(ev: Evaluation) -> int | None:
    if isinstance(ev, OverallEvaluation):
        return ev.unit.year if ev.unit else None
    return ev.project.year if ev.project else None
