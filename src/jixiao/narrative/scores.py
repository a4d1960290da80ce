"""Scores as the report states them: per 一级指标, the total and the grade.

The report states the unit's own scores (the self-evaluation table's). The total is the
总分 as the table states it; only where the table states none is it the sum of the rows'
scores (a computed figure). Where the stated total is not that sum the findings say so.
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.frameworks.model import Framework
from jixiao.model.parts import IndicatorCategory, iter_indicators
from jixiao.model.parts import TotalScore as StatedTotal
from jixiao.narrative.figures import Figures
from jixiao.narrative.segments import Inline, Seg, SegKind, given, inline, text
from jixiao.scoring.outcome import format_points


@dataclass(frozen=True, slots=True)
class CategoryScore:
    name: str
    weight: Seg | None
    score: Seg | None


@dataclass(frozen=True, slots=True)
class TotalScore:
    weight: Seg | None
    score: Seg | None
    grade: str | None


def category_scores(fig: Figures, categories: tuple[IndicatorCategory, ...]) -> list[CategoryScore]:
    out = []
    for category in categories:
        items = [ind for g in category.groups for ind in g.items]
        weight = fig.points(category.weight.concept) if category.weight is not None else None
        weights = [ind.weight.concept for ind in items if ind.weight is not None]
        if weight is None and weights and len(weights) == len(items):
            weight = fig.total(weights, kind="points")
        scores = [ind.score.concept for ind in items if ind.score is not None]
        score = fig.total(scores, kind="points") if scores and len(scores) == len(items) else None
        out.append(CategoryScore(category.name, weight, score))
    return out


def row_score_concepts(categories: tuple[IndicatorCategory, ...], fig: Figures) -> list[str] | None:
    """The score concepts of every scored row (execution first); ``None`` if any is missing."""
    concepts = []
    if fig.has("funds.total.score"):
        concepts.append("funds.total.score")
    for _c, _g, ind in iter_indicators(categories):
        if ind.score is None:
            return None
        concepts.append(ind.score.concept)
    return concepts or None


def total_score(fig: Figures, categories: tuple[IndicatorCategory, ...],
                framework: Framework | None, stated: StatedTotal | None = None) -> TotalScore:
    """The 总分 row: as stated in the table (``stated``), else the sum of the rows."""
    score = fig.points("total.score", stated=stated.score if stated else None)
    if score is None:
        rows = row_score_concepts(categories, fig)
        score = fig.total(rows, kind="points") if rows else None
    weight = fig.points("total.weight", stated=stated.weight if stated else None)
    if weight is None and framework is not None:
        weight = Seg(format_points(framework.total_points), SegKind.INPUT, concept="framework.total",
                     value=framework.total_points)
    grade = framework.grade_for(score.value).grade if framework is not None and score is not None \
        and score.value is not None else None
    return TotalScore(weight, score, grade)


def summary(fig: Figures, subject: str, total: TotalScore, parts: list[CategoryScore],
            execution: CategoryScore | None) -> Inline | None:
    """自评得分X分（满分Y分），等级；其中预算执行A分（分值B分），产出指标… — only from the
    table's scores (no framework name: the form does not print one)."""
    if total.score is None:
        return None
    pieces: list[Seg | str | None] = [f"{subject}绩效自评得分", total.score, "分"]
    if total.weight is not None:
        pieces += ["（满分", total.weight, "分）"]
    if total.grade:
        pieces += ["，评价等级为“", text(total.grade), "”"]
    shown = [p for p in ([execution] if execution else []) + parts if p.score is not None]
    if shown:
        pieces.append("。其中：")
        for i, p in enumerate(shown):
            pieces += [given(p.name) if p is not execution else "预算执行", "得", p.score, "分"]
            if p.weight is not None:
                pieces += ["（分值", p.weight, "分）"]
            pieces.append("；" if i < len(shown) - 1 else "。")
    else:
        pieces.append("。")
    return inline(*pieces)


def execution_score(fig: Figures) -> CategoryScore | None:
    score = fig.points("funds.total.score")
    if score is None:
        return None
    return CategoryScore("预算执行", fig.points("funds.total.weight"), score)


def deducted(categories: tuple[IndicatorCategory, ...], fig: Figures) -> list[tuple[str, Seg, Seg, str | None]]:
    """Indicators that lost points: (name, weight, score, reason)."""
    out = []
    for _c, _g, ind in iter_indicators(categories):
        if ind.weight is None or ind.score is None:
            continue
        w, s = fig.points(ind.weight.concept), fig.points(ind.score.concept)
        if w is None or s is None or w.value is None or s.value is None:
            continue
        if s.value < w.value:
            reason = ind.reason.value.strip() if ind.reason is not None and not ind.reason.is_empty else None
            out.append((ind.name, w, s, reason))
    return out

