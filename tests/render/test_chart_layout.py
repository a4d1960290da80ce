"""Charts are measured, not only looked at: matplotlib's text bounding boxes show no two
labels overlapping (no “251.89251.89”), none cut by the figure's edge or hidden by the legend,
no category name broken over lines and no empty chart or empty slot; the rendered PDF shows
no half-empty page inside an attachment (a page short of half full that the same attachment
continues after)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.narrative.segments import Seg, SegKind
from jixiao.writers.report import build_report, charts, chartspecs
from jixiao.writers.report.view import ChartSpec, Series
from tests.render.conftest import ALL_INPUTS, ROOT, result_of

EXAMPLES = (*sorted((ROOT / "examples").glob("*.yaml")), *ALL_INPUTS[1:])
MM = 72 / 25.4


def _fig(text: str) -> Seg:
    return Seg(text, SegKind.FIGURE, value=Decimal(text))


def _bars(categories: list[str], values: list[list[str | None]], names: tuple[str, ...] = ("年初预算", "全年预算",
                                                                                          "实际支出")) -> ChartSpec:
    series = tuple(Series(n, tuple(_fig(v) if v else None for v in column))
                   for n, column in zip(names, values, strict=False))
    return ChartSpec("t", "bars", "t", tuple(categories), series, "万元")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_chart_of_every_example_is_clean(path: Path) -> None:
    doc = build_report(result_of(path), charts=True)
    for chart in doc.charts():
        assert charts.problems(chart.spec) == [], chart.spec.key


HARD = {
    # equal wide figures side by side: the labels would run together as “251.89251.89”
    "equal-figures": _bars(["合计", "财政拨款", "上年结转", "其他资金"],
                           [["251.89"] * 4, ["251.89"] * 4, ["251.89"] * 4]),
    "five-series": _bars(["合计", "拨款", "结转"], [["12345.67"] * 3] * 5, ("甲", "乙", "丙", "丁", "戊")),
    # long project names: never broken inside a word, never overlapping
    "long-names": _bars([f"委员履职经费项目支出第{i}项" for i in range(6)], [["251.89"] * 6] * 3),
    "one-bar": _bars(["合计"], [["0.53"]]),
}


@pytest.mark.parametrize("key", HARD)
def test_hard_layouts_are_clean(key: str) -> None:
    assert charts.problems(HARD[key]) == []


def test_small_slices_of_a_ring_keep_their_names_apart() -> None:
    spec = ChartSpec("p", "pie", "t", ("人员经费", "公用经费", "项目支出", "其他支出"),
                     (Series("决算数", (_fig("900.12"), _fig("3.21"), _fig("2.5"), _fig("1.1"))),), "万元")
    assert charts.problems(spec) == []


def test_the_measure_sees_an_overlap() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure()
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    texts = [ax.text(0.5, 0.5, "251.89"), ax.text(0.52, 0.5, "251.89"), ax.text(0.1, 0.1, "0.53")]
    fig.draw_without_rendering()
    assert charts._overlapping(charts._boxes(fig, texts)) == [("251.89", "251.89")]


def test_an_empty_slot_or_chart_is_left_out() -> None:
    spec = _bars(["合计", "上年结转资金", "其他资金"], [["90", None, None], ["89.974", None, None]])
    compact = chartspecs.compact(spec)
    assert compact is not None and compact.categories == ("合计",)
    assert chartspecs.compact(_bars(["合计"], [[None], [None]])) is None


def _fills(pdf_path: Path) -> list[tuple[float, str]]:
    """Each page's fill (how far down its text area the lowest text, line or picture reaches)
    and its first characters."""
    import pdfplumber

    out = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            top, bottom = 37 * MM, page.height - 35 * MM
            objs = [*page.chars, *page.images, *page.rects, *page.lines]
            body = [o for o in objs if o["bottom"] < bottom + 5]  # the page number sits below
            low = max((o["bottom"] for o in body), default=top)
            chars = sorted(page.chars, key=lambda c: (round(c["top"]), c["x0"]))
            out.append(((low - top) / (bottom - top), "".join(c["text"] for c in chars[:8])))
    return out


def test_no_half_empty_page_inside_an_attachment(tmp_path: Path) -> None:
    from jixiao.writers.report.pdf import to_pdf

    for path in (ROOT / "examples" / "reference-lusong-2023.yaml", ROOT / "examples" /
                 "anhui-chizhou-tangxi-weituo-2022.yaml"):
        pdf = tmp_path / f"{path.stem}.pdf"
        pdf.write_bytes(to_pdf(build_report(result_of(path), charts=True, with_findings=True)))
        pages = _fills(pdf)
        charts_at = [i for i, (_, first) in enumerate(pages) if first.startswith("附件") and "图表" in first]
        assert charts_at, "the charts appendix is on its own page"
        for i, (fill, _) in enumerate(pages[:-1]):
            continued = not pages[i + 1][1].startswith("附件")
            if continued and i > 0:
                assert fill >= 0.5, f"{path.stem}: 第{i + 1}页只填了{fill:.0%}，下一页接续同一部分"
