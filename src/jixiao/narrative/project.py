"""Paragraphs of the project self-evaluation report (项目支出绩效自评报告) that state figures."""

from __future__ import annotations

from jixiao.model.parts import IndicatorCategory, iter_indicators
from jixiao.model.project import ProjectFundsRow, ProjectInfo
from jixiao.model.sources import fund_source_key
from jixiao.narrative.figures import Figures
from jixiao.narrative.scores import CategoryScore, TotalScore, deducted
from jixiao.narrative.segments import Inline, Seg, given, inline, ordinal

SECTION_FUNDS = "二、预算执行情况"
SECTION_ATTAINMENT = "四、绩效指标完成情况分析"


def overview(info: ProjectInfo | None) -> Inline | None:
    """项目由某部门主管、某单位实施."""
    if info is None or not (info.department or info.implementer):
        return None
    parts: list[Seg | str | None] = ["本项目"]
    if info.department:
        parts += ["主管部门为", given(info.department)]
    if info.implementer:
        parts += ["，" if info.department else "", "实施单位为", given(info.implementer)]
    parts.append("。")
    return inline(*parts)


def row_prefix(row: ProjectFundsRow) -> str | None:
    for f in (row.initial, row.full_year, row.final, row.rate, row.weight, row.score):
        if f is not None:
            return f.concept.rsplit(".", 1)[0]
    if row.source:
        return f"funds.{fund_source_key(row.source)}"
    return None


def execution(fig: Figures, year: Seg, unit: str, denominator: str,
              rows: list[tuple[str, str]]) -> Inline:
    """年初预算、全年预算（调增/调减）、全年执行、执行率，并分资金来源."""
    s = SECTION_FUNDS
    c = "funds.total"
    parts: list[Seg | str | None] = [
        year, "年度项目年初预算", fig.need(fig.money(f"{c}.initial", unit), s, "年初预算数"), unit,
        "，全年预算", fig.need(fig.money(f"{c}.full_year", unit), s, "全年预算数"), unit]
    initial, full = fig.value(f"{c}.initial"), fig.value(f"{c}.full_year")
    if initial is not None and full is not None and initial != full:
        parts += ["（年中", "调增" if full > initial else "调减",
                  fig.difference(f"{c}.full_year", f"{c}.initial", unit), unit, "）"]
    parts += ["，全年执行", fig.need(fig.money(f"{c}.final", unit), s, "全年执行数"), unit]
    rate = fig.rate_of(f"{c}.rate", f"{c}.final", f"{c}.{denominator}")
    if rate:
        parts += ["，预算执行率", *rate]
    parts.append("。")
    stated = [(title, prefix) for title, prefix in rows
              if fig.value(f"{prefix}.full_year") or fig.value(f"{prefix}.final")]
    if stated:
        parts.append("其中：")
        for i, (title, prefix) in enumerate(stated):
            parts.append(given(title))
            full_seg, final_seg = fig.money(f"{prefix}.full_year", unit), fig.money(f"{prefix}.final", unit)
            if full_seg is not None:
                parts += ["全年预算", full_seg, unit]
            if final_seg is not None:
                parts += ["，" if full_seg is not None else "", "执行", final_seg, unit]
            parts.append("；" if i < len(stated) - 1 else "。")
    return inline(*parts)


def attainment(fig: Figures, categories: tuple[IndicatorCategory, ...], execution: CategoryScore | None,
               total: TotalScore) -> list[Inline]:
    """§四: what lost points and why — 预算执行 first, then each indicator. “各项绩效指标均取得
    满分” only when nothing lost points and the total is the full points; an empty list when
    the data say nothing (the section is then marked as not written)."""
    out: list[Inline] = []
    if execution is not None and execution.weight is not None and execution.score is not None \
            and execution.score.value is not None and execution.weight.value is not None \
            and execution.score.value < execution.weight.value:
        out.append(inline(ordinal(len(out) + 1, "{}."), "预算执行分值", execution.weight, "分，得",
                          execution.score, "分。"))
    for name, weight, score, reason in deducted(categories, fig):
        out.append(inline(ordinal(len(out) + 1, "{}."), "“", given(name), "”分值", weight, "分，得", score,
                          "分。偏差原因及改进措施：",
                          given(reason) if reason else fig.need(None, SECTION_ATTAINMENT, f"“{name}”偏差原因")))
    rows = [ind for _c, _g, ind in iter_indicators(categories)]
    for ind in rows:
        if ind.weight is None or ind.score is None:
            out.append(inline("“", given(ind.name), "”得分",
                              fig.need(None, SECTION_ATTAINMENT, f"“{ind.name}”分值或得分")))
    full = total.score is not None and total.weight is not None and total.score.value is not None \
        and total.score.value == total.weight.value
    if not out and rows and full:
        out.append(inline("各项绩效指标均取得满分。"))
    return out
