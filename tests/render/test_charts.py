"""Charts: drawn from the figures, with a CJK font (no missing glyphs), cached per content."""

from __future__ import annotations

import warnings

from jixiao.writers.report import charts
from jixiao.writers.report.view import ReportDocument


def test_the_four_charts_of_the_whole_expenditure_report(reference_doc_charts: ReportDocument) -> None:
    specs = {c.spec.key: c.spec for c in reference_doc_charts.charts()}
    assert list(specs) == ["composition", "attainment", "three_public", "projects"]
    assert [v.text for v in specs["composition"].series[0].values if v] == ["689.35", "63.72", "88.18"]
    assert specs["attainment"].categories == ("预算执行", "产出指标", "效益指标", "满意度指标", "成本指标")
    assert [v.text for v in specs["attainment"].series[1].values if v] == ["9", "40", "19", "10", "19"]
    assert [s.name for s in specs["three_public"].series] == ["上年决算", "本年预算", "本年决算"]
    projects = specs["projects"]
    assert projects.categories[2] == "委员培训费"
    assert [s.values[2].text for s in projects.series if s.values[2]] == ["11", "42.82", "42.82"]


def test_charts_draw_without_missing_glyphs(reference_doc_charts: ReportDocument) -> None:
    charts.clear_cache()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for chart in reference_doc_charts.charts():
            png = charts.render(chart.spec, "png")
            svg = charts.render(chart.spec, "svg")
            assert png.startswith(b"\x89PNG") and len(png) > 10_000
            assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg
    glyphs = [str(w.message) for w in caught if "missing from" in str(w.message) or "Glyph" in str(w.message)]
    assert glyphs == []


def test_each_chart_is_drawn_once(reference_doc_charts: ReportDocument) -> None:
    charts.clear_cache()
    spec = reference_doc_charts.charts()[0].spec
    drawn = charts.stats["drawn"]
    first = charts.render(spec, "png")
    assert charts.render(spec, "png") is first
    assert charts.stats["drawn"] == drawn + 1
