"""The score table for the terminal, and its JSON twin."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jixiao.model.evaluation import KIND_TITLES, Evaluation, subject_name, year_of
from jixiao.model.fact import is_blank
from jixiao.model.numbers import format_decimal
from jixiao.scoring.card import ScoreCard
from jixiao.scoring.outcome import OUTCOME_ZH, format_points
from jixiao.writers.textwidth import clip, pad, width

HEADERS = ("三级指标", "指标值", "实际值", "分值", "自评得分", "复算得分", "说明")


def _pts(x: Decimal | None) -> str:
    return format_points(x) if x is not None else "—"


def heading(ev: Evaluation, card: ScoreCard) -> list[str]:
    year = year_of(ev)
    return [
        f"{subject_name(ev)} {f'{year}年度 ' if year else ''}{KIND_TITLES.get(ev.kind, '')}绩效自评",
        f"评价框架：{card.framework.id}（{card.framework.title}）",
    ]


def render_scorecard(ev: Evaluation, card: ScoreCard) -> str:
    rows: list[tuple[str, ...]] = []
    last_category = None
    for row in card.rows:
        if row.kind == "indicator" and row.category != last_category:
            rows.append((f"【{row.category}】",))
            last_category = row.category
        name = f"{row.group}（/）" if is_blank(row.name) else row.name
        rows.append((clip(name, 30), clip(row.target, 18), clip(row.actual, 18), _pts(row.weight),
                     row.reported.text if row.reported else "—", row.score.display(),
                     row.score.explanation))
    grade_note = f"等级（按复算）：{card.grade.grade}" if card.complete or ev.completeness != "partial" \
        else "等级：材料不完整，不评定"
    if card.reported_grade:
        grade_note += f"；表填等级：{card.reported_grade}"
    if card.reported_total is not None:
        grade_note += f"；表填总分：{card.reported_total.text}"
    if not card.complete:
        grade_note += "；部分指标证据不足，合计按自评分计入"
    if card.cap_note:
        grade_note = f"{card.cap_note}（未封顶为{format_points(card.uncapped_total or card.recomputed_total)}分）；" \
            + grade_note
    rows.append(("合计", "", "", _pts(card.weight_sum), _pts(card.reported_sum),
                 format_points(card.recomputed_total), grade_note))
    widths = [max([width(HEADERS[i])] + [width(r[i]) for r in rows if len(r) > 1]) for i in range(6)]
    right = (False, False, False, True, True, True)
    out = [*heading(ev, card), ""]
    out.append("  ".join(pad(HEADERS[i], widths[i], right[i]) for i in range(6)) + "  " + HEADERS[6])
    for r in rows:
        if len(r) == 1:
            out.append(r[0])
            continue
        out.append("  ".join(pad(r[i], widths[i], right[i]) for i in range(6)) + "  " + r[6])
    return "\n".join(out)


def scorecard_json(ev: Evaluation, card: ScoreCard) -> dict[str, Any]:
    def s(x: Decimal | None) -> str | None:
        return format_decimal(x) if x is not None else None

    return {
        "file": ev.source,
        "unit": subject_name(ev),
        "year": year_of(ev),
        "kind": ev.kind,
        "framework": card.framework.id,
        "rows": [
            {
                "kind": r.kind,
                "category": r.category,
                "group": r.group,
                "name": r.name,
                "target": r.target,
                "actual": r.actual,
                "weight": s(r.weight),
                "reported": r.reported.text if r.reported else None,
                "recomputed": format_points(r.score.points) if r.score.points is not None else None,
                "low": format_points(r.score.low) if r.score.low is not None else None,
                "high": format_points(r.score.high) if r.score.high is not None else None,
                "outcome": r.score.outcome.value,
                "outcome_zh": OUTCOME_ZH[r.score.outcome],
                "agrees": r.agrees,
                "explanation": r.score.explanation,
                "rule": r.score.rule,
                "citation": r.score.citation,
                "location": r.reported.location.as_json() if r.reported else None,
            }
            for r in card.rows
        ],
        "total": {
            "weight": s(card.weight_sum),
            "reported": card.reported_total.text if card.reported_total else None,
            "reported_sum": s(card.reported_sum),
            "recomputed": format_points(card.recomputed_total),
            "grade": card.grade.grade,
            "grade_reported": card.reported_grade,
            "complete": card.complete,
            **({"cap": card.cap_note} if card.cap_note else {}),
        },
    }
