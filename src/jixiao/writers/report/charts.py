"""Charts drawn with matplotlib (Agg, no pyplot): PNG for DOCX and Markdown, SVG for HTML
and PDF. Each chart is drawn once per content and cached, so rendering an evaluation in
several formats (or again) does not draw it again."""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from decimal import Decimal
from typing import Any

from jixiao.writers.report.view import ChartSpec

PNG_DPI = 200
WIDTH_IN, HEIGHT_IN = 6.2, 2.9
COLORS = ("#9e2a2b", "#2f5d8a", "#c8a45a", "#5b7f5b", "#7d6b91")
_CACHE_SIZE = 128

_cache: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_lock = threading.Lock()
_configured = False
stats = {"drawn": 0, "cached": 0}


def _configure(fonts_dir: str | None = None) -> None:
    global _configured
    if _configured:
        return
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib import font_manager

    from jixiao.writers.fonts import CHART_FAMILIES, configured_fonts_dir, font_files

    for path in font_files(configured_fonts_dir(fonts_dir)):
        try:
            font_manager.fontManager.addfont(str(path))
        except (OSError, RuntimeError, ValueError):
            continue
    _configured = True
    _ = CHART_FAMILIES


def _rc() -> dict[str, Any]:
    from jixiao.writers.fonts import CHART_FAMILIES

    return {
        "font.family": "sans-serif",
        "font.sans-serif": CHART_FAMILIES,
        "axes.unicode_minus": False,
        "svg.fonttype": "path",
        "svg.hashsalt": "jixiao",
        "font.size": 9,
        "axes.titlesize": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def render(spec: ChartSpec, fmt: str) -> bytes:
    """The chart as PNG or SVG bytes (cached by content)."""
    key = (spec.cache_key(), fmt)
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            stats["cached"] += 1
            return hit
    data = _draw(spec, fmt)
    with _lock:
        _cache[key] = data
        stats["drawn"] += 1
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return data


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def _num(v: Decimal | None) -> float:
    return float(v) if v is not None else 0.0


def _build(spec: ChartSpec) -> Any:
    """The chart as a laid-out matplotlib figure (labels placed so that none overlaps)."""
    _configure()
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_rc()):  # type: ignore[arg-type]
        fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), layout="constrained")
        FigureCanvasAgg(fig)  # a renderer to measure the texts with
        ax = fig.add_subplot()
        if spec.kind == "pie":
            _pie(ax, spec)
        elif spec.kind == "hbars":
            _hbars(ax, spec)
        else:
            _bars(ax, spec)
        fig.draw_without_rendering()
    return fig


def _draw(spec: ChartSpec, fmt: str) -> bytes:
    import matplotlib

    fig = _build(spec)
    with matplotlib.rc_context(_rc()):  # type: ignore[arg-type]
        buf = io.BytesIO()
        if fmt == "svg":
            fig.savefig(buf, format="svg", metadata={"Date": None})
        else:
            fig.savefig(buf, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buf.getvalue()


# -- measuring the layout ------------------------------------------------------------------


def _boxes(fig: Any, texts: list[Any]) -> list[tuple[str, Any]]:
    renderer = fig.canvas.get_renderer()
    return [(t.get_text(), t.get_window_extent(renderer)) for t in texts if t.get_visible() and t.get_text()]


def _overlapping(boxes: list[tuple[str, Any]], pad: float = 1.0) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes (grown by ``pad`` pixels) overlap."""
    out = []
    for i, (a, ba) in enumerate(boxes):
        for b, bb in boxes[i + 1:]:
            if ba.x0 - pad < bb.x1 and bb.x0 - pad < ba.x1 and ba.y0 - pad < bb.y1 and bb.y0 - pad < ba.y1:
                out.append((a, b))
    return out


def _texts(fig: Any) -> list[Any]:
    """Every text of the chart: value labels, tick labels, axis labels, legend entries."""
    out = []
    for ax in fig.axes:
        out += [t for t in ax.texts]
        out += _ticklabels(ax.xaxis) + _ticklabels(ax.yaxis)
        out += [ax.xaxis.label, ax.yaxis.label]
        legend = ax.get_legend()
        if legend is not None:
            out += list(legend.get_texts())
    return out


def problems(spec: ChartSpec) -> list[str]:
    """What a reader would see wrong in the drawn chart, measured from matplotlib's text
    bounding boxes: texts that overlap one another or a legend, texts cut by the figure's
    edge, a category label broken over lines, a chart with nothing to show."""
    fig = _build(spec)
    out = []
    if not any(v is not None and v.value for s in spec.series for v in s.values):
        out.append("图中没有数值")
    boxes = _boxes(fig, _texts(fig))
    for a, b in _overlapping(boxes):
        out.append(f"文字重叠：“{a}”与“{b}”")
    renderer = fig.canvas.get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    for text, box in boxes:
        if box.x0 < -0.5 or box.y0 < -0.5 or box.x1 > width + 0.5 or box.y1 > height + 0.5:
            out.append(f"文字超出图框：“{text}”")
    for ax in fig.axes:
        for t in [*_ticklabels(ax.xaxis), *_ticklabels(ax.yaxis)]:
            if "\n" in t.get_text():
                out.append(f"类别名称被折行：“{t.get_text()}”")
        legend = ax.get_legend()
        if legend is not None:
            frame = legend.get_window_extent(renderer)
            legend_texts = set(map(id, legend.get_texts()))
            for t in _texts(fig):
                if id(t) in legend_texts or not t.get_text():
                    continue
                box = t.get_window_extent(renderer)
                if box.x0 < frame.x1 and frame.x0 < box.x1 and box.y0 < frame.y1 and frame.y0 < box.y1:
                    out.append(f"图例遮挡文字：“{t.get_text()}”")
            for patch in ax.patches:
                box = patch.get_window_extent(renderer)
                if box.width > 0 and box.height > 0 and box.x0 < frame.x1 and frame.x0 < box.x1 \
                        and box.y0 < frame.y1 and frame.y0 < box.y1:
                    out.append("图例遮挡图形")
                    break
    return out


# -- drawing ---------------------------------------------------------------------------


def _pie(ax: Any, spec: ChartSpec) -> None:
    series = spec.series[0]
    values = [_num(v.value if v else None) for v in series.values]
    labels = [f"{name}\n{v.text if v else ''}{spec.unit}" for name, v in zip(spec.categories, series.values,
                                                                                strict=True)]
    _, texts = ax.pie(values, labels=labels, colors=COLORS[: len(values)], startangle=90, counterclock=False,
                      wedgeprops={"width": 0.42, "edgecolor": "white"}, labeldistance=1.12)
    for t in texts:
        t.set_fontsize(9)
    ax.text(0, 0, spec.series[0].name, ha="center", va="center", fontsize=9, color="#444444")
    ax.set_aspect("equal")
    fig = ax.figure
    fig.draw_without_rendering()
    if _overlapping(_boxes(fig, list(texts))):
        # small neighbouring slices: the names and figures go to a legend beside the ring
        for t in texts:
            t.set_visible(False)
        ax.legend(ax.patches, [label.replace("\n", " ") for label in labels], frameon=False, fontsize=8,
                  loc="center left", bbox_to_anchor=(1.0, 0.5))


def _bars(ax: Any, spec: ChartSpec) -> None:
    n = len(spec.series)
    width = 0.8 / max(n, 1)
    xs = list(range(len(spec.categories)))
    top = max((_num(v.value) for s in spec.series for v in s.values if v is not None), default=0.0)
    labels = []
    for i, s in enumerate(spec.series):
        pos = [x - 0.4 + width * (i + 0.5) for x in xs]
        vals = [_num(v.value if v else None) for v in s.values]
        bars = ax.bar(pos, vals, width * 0.92, label=s.name, color=COLORS[i % len(COLORS)])
        labels += ax.bar_label(bars, labels=[v.text if v else "" for v in s.values], fontsize=7, padding=2)
    ax.set_xticks(xs, list(spec.categories))  # names whole, never broken inside a word
    ax.set_ylim(0, top * 1.18 if top > 0 else 1)
    ax.set_ylabel(spec.unit)
    ax.legend(frameon=False, fontsize=8, ncols=n, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    ax.tick_params(axis="x", length=0)
    fig = ax.figure
    fig.draw_without_rendering()
    if _overlapping(_boxes(fig, labels)):
        # value labels wider than their bars: upright above each bar, with room above
        for t in labels:
            t.set_rotation(90)
            t.set_verticalalignment("bottom")
            t.set_horizontalalignment("center")
        ax.set_ylim(0, top * 1.45 if top > 0 else 1)
        fig.draw_without_rendering()
        if _overlapping(_boxes(fig, labels)):
            for t in labels:
                t.set_fontsize(5.5)
            fig.draw_without_rendering()
    if _overlapping(_boxes(fig, _ticklabels(ax.xaxis)), pad=4.0):
        # names too long for their slots: the same bars laid horizontally, each name whole
        # on one line beside its group
        ax.clear()
        _grouped_hbars(ax, spec)


def _grouped_hbars(ax: Any, spec: ChartSpec) -> None:
    n = len(spec.series)
    fig = ax.figure
    fig.set_size_inches(WIDTH_IN, max(HEIGHT_IN, 0.7 + len(spec.categories) * (0.2 + 0.17 * n)))
    height = 0.8 / max(n, 1)
    ys = list(range(len(spec.categories)))[::-1]
    top = max((_num(v.value) for s in spec.series for v in s.values if v is not None), default=0.0)
    labels = []
    for i, s in enumerate(spec.series):
        pos = [y + 0.4 - height * (i + 0.5) for y in ys]
        vals = [_num(v.value if v else None) for v in s.values]
        bars = ax.barh(pos, vals, height * 0.92, label=s.name, color=COLORS[i % len(COLORS)])
        labels += ax.bar_label(bars, labels=[v.text if v else "" for v in s.values], fontsize=7, padding=2)
    ax.set_yticks(ys, list(spec.categories))
    ax.set_xlim(0, top * 1.2 if top > 0 else 1)
    ax.set_xlabel(spec.unit)
    ax.legend(frameon=False, fontsize=8, ncols=n, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    ax.tick_params(axis="y", length=0)
    fig.draw_without_rendering()
    if _overlapping(_boxes(fig, labels)):
        for t in labels:
            t.set_fontsize(5.5)
        fig.draw_without_rendering()


def _ticklabels(axis: Any) -> list[Any]:
    """The tick labels drawn (a tick outside the view keeps a label that is not drawn)."""
    low, high = sorted(axis.get_view_interval())
    return [t for loc, t in zip(axis.get_ticklocs(), axis.get_ticklabels(), strict=False)
            if low - 1e-9 <= loc <= high + 1e-9]


def _hbars(ax: Any, spec: ChartSpec) -> None:
    """得分 over 分值: the full bar is the weight, the filled bar the score."""
    weights, scores = spec.series[0], spec.series[1]
    ys = list(range(len(spec.categories)))[::-1]
    w = [_num(v.value if v else None) for v in weights.values]
    s = [_num(v.value if v else None) for v in scores.values]
    ax.barh(ys, w, 0.6, color="#e6e1d6", label=weights.name)
    ax.barh(ys, s, 0.6, color=COLORS[0], label=scores.name)
    labels = [f"{sc.text if sc else '—'}/{wt.text if wt else '—'}" for sc, wt in zip(scores.values, weights.values,
                                                                                      strict=True)]
    for y, width, label in zip(ys, w, labels, strict=True):
        ax.text(width + max(w) * 0.01, y, label, va="center", fontsize=8)
    ax.set_yticks(ys, spec.categories)
    ax.set_xlim(0, max(w) * 1.18 if w and max(w) > 0 else 1)
    ax.set_xlabel(spec.unit)
    ax.legend(frameon=False, fontsize=8, ncols=2, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    ax.tick_params(axis="y", length=0)
