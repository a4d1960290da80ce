"""Chart specifications from resolved figures (pure; drawing is in ``charts.py``)."""

from __future__ import annotations

import dataclasses

from jixiao.narrative.figures import Figures
from jixiao.narrative.scores import CategoryScore
from jixiao.writers.report.view import ChartSpec, Series

WAN = "万元"


def composition(fig: Figures) -> ChartSpec | None:
    """支出构成: 人员经费 / 公用经费 / 项目支出 (决算)."""
    names, values = [], []
    for name, concept in (("人员经费", "expenditure.personnel.final"), ("公用经费", "expenditure.public_funds.final"),
                          ("项目支出", "expenditure.project.final")):
        seg = fig.money(concept)
        if seg is not None and seg.value is not None and seg.value > 0:
            names.append(name)
            values.append(seg)
    if len(values) < 2:
        return None
    return ChartSpec("composition", "pie", "支出构成", tuple(names), (Series("决算数", tuple(values)),), WAN)


def projects_budget(fig: Figures, projects: list[tuple[str, str]]) -> ChartSpec | None:
    """各项目预算与执行: 年初预算 / 全年预算 / 实际支出 per project (name, key)."""
    if not projects:
        return None
    series = []
    for title, measure in (("年初预算", "initial"), ("全年预算", "full_year"), ("实际支出", "final")):
        values = tuple(fig.money(f"project.{key}.{measure}") for _, key in projects)
        if any(v is not None for v in values):
            series.append(Series(title, values))
    if not series:
        return None
    return compact(ChartSpec("projects", "bars", "项目预算与执行", tuple(n for n, _ in projects), tuple(series), WAN))


def funds_sources(fig: Figures, rows: list[tuple[str, str]], unit: str) -> ChartSpec | None:
    """项目资金: 年初预算 / 全年预算 / 全年执行 per funds row (title, concept prefix)."""
    series = []
    for title, measure in (("年初预算", "initial"), ("全年预算", "full_year"), ("全年执行", "final")):
        values = tuple(fig.money(f"{prefix}.{measure}", unit) for _, prefix in rows)
        if any(v is not None for v in values):
            series.append(Series(title, values))
    if not series:
        return None
    return compact(ChartSpec("funds", "bars", "预算与执行", tuple(t for t, _ in rows), tuple(series), unit))


def attainment(scores: list[CategoryScore]) -> ChartSpec | None:
    """指标得分: 得分 / 分值 per 一级指标 (and 预算执行)."""
    shown = [s for s in scores if s.weight is not None and s.weight.value]
    if not shown:
        return None
    return ChartSpec("attainment", "hbars", "指标得分", tuple(s.name for s in shown),
                     (Series("分值", tuple(s.weight for s in shown)), Series("得分", tuple(s.score for s in shown))),
                     "分")


def three_public(fig: Figures) -> ChartSpec | None:
    """“三公”经费: 上年决算 / 本年预算 / 本年决算, total and each part stated."""
    rows = [("合计", "three_public.total"), ("公务用车购置和维护", "three_public.car"),
            ("因公出国（境）", "three_public.overseas"), ("公务接待", "three_public.reception")]
    present = [(n, c) for n, c in rows if any(fig.has(f"{c}.{m}") for m in ("prior_final", "budget", "final"))]
    if not present:
        return None
    series = tuple(Series(title, tuple(fig.money(f"{c}.{m}") for _, c in present))
                   for title, m in (("上年决算", "prior_final"), ("本年预算", "budget"), ("本年决算", "final")))
    return compact(ChartSpec("three_public", "bars", "“三公”经费", tuple(n for n, _ in present), series, WAN))


def compact(spec: ChartSpec) -> ChartSpec | None:
    """The chart without the categories no series has a value for (an empty slot on the
    axis) and without the series left with none; ``None`` when nothing is left."""
    keep = [i for i in range(len(spec.categories)) if any(s.values[i] is not None for s in spec.series)]
    series = tuple(Series(s.name, tuple(s.values[i] for i in keep)) for s in spec.series
                   if any(s.values[i] is not None for i in keep))
    if not keep or not series:
        return None
    return dataclasses.replace(spec, categories=tuple(spec.categories[i] for i in keep), series=series)


def has_values(spec: ChartSpec) -> bool:
    """Whether a chart would show anything: some bar or slice above zero (an empty chart is
    left out)."""
    return any(v is not None and v.value is not None and v.value > 0 for s in spec.series for v in s.values)
