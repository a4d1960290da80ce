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


def _wrap(label: str, width: int = 8) -> str:
    return "\n".join(label[i:i + width] for i in range(0, len(label), width))


def _draw(spec: ChartSpec, fmt: str) -> bytes:
    _configure()
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_rc()):  # type: ignore[arg-type]
        fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), layout="constrained")
        ax = fig.add_subplot()
        if spec.kind == "pie":
            _pie(ax, spec)
        elif spec.kind == "hbars":
            _hbars(ax, spec)
        else:
            _bars(ax, spec)
        buf = io.BytesIO()
        if fmt == "svg":
            fig.savefig(buf, format="svg", metadata={"Date": None})
        else:
            fig.savefig(buf, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buf.getvalue()


def _pie(ax: Any, spec: ChartSpec) -> None:
    series = spec.series[0]
    values = [_num(v.value if v else None) for v in series.values]
    total = sum(values) or 1.0
    labels = [f"{name}\n{v.text if v else ''}{spec.unit}" for name, v in zip(spec.categories, series.values,
                                                                                strict=True)]
    wedges, texts = ax.pie(values, labels=labels, colors=COLORS[: len(values)], startangle=90, counterclock=False,
                           wedgeprops={"width": 0.42, "edgecolor": "white"}, labeldistance=1.12)
    for t in texts:
        t.set_fontsize(9)
    ax.text(0, 0, spec.series[0].name, ha="center", va="center", fontsize=9, color="#444444")
    ax.set_aspect("equal")
    _ = (wedges, total)


def _bars(ax: Any, spec: ChartSpec) -> None:
    n = len(spec.series)
    width = 0.8 / max(n, 1)
    xs = list(range(len(spec.categories)))
    top = max((_num(v.value) for s in spec.series for v in s.values if v is not None), default=0.0)
    for i, s in enumerate(spec.series):
        pos = [x - 0.4 + width * (i + 0.5) for x in xs]
        vals = [_num(v.value if v else None) for v in s.values]
        bars = ax.bar(pos, vals, width * 0.92, label=s.name, color=COLORS[i % len(COLORS)])
        ax.bar_label(bars, labels=[v.text if v else "" for v in s.values], fontsize=7, padding=2)
    ax.set_xticks(xs, [_wrap(c) for c in spec.categories])
    ax.set_ylim(0, top * 1.18 if top > 0 else 1)
    ax.set_ylabel(spec.unit)
    ax.legend(frameon=False, fontsize=8, ncols=n, loc="upper center", bbox_to_anchor=(0.5, 1.12))
    ax.tick_params(axis="x", length=0)


def _hbars(ax: Any, spec: ChartSpec) -> None:
    """得分 over 分值: the full bar is the weight, the filled bar the score."""
    weights, scores = spec.series[0], spec.series[1]
    ys = list(range(len(spec.categories)))[::-1]
    w = [_num(v.value if v else None) for v in weights.values]
    s = [_num(v.value if v else None) for v in scores.values]
    ax.barh(ys, w, 0.6, color="#e6e1d6", label=weights.name)
    bars = ax.barh(ys, s, 0.6, color=COLORS[0], label=scores.name)
    labels = [f"{sc.text if sc else '—'}/{wt.text if wt else '—'}" for sc, wt in zip(scores.values, weights.values,
                                                                                      strict=True)]
    for y, width, label in zip(ys, w, labels, strict=True):
        ax.text(width + max(w) * 0.01, y, label, va="center", fontsize=8)
    ax.set_yticks(ys, spec.categories)
    ax.set_xlim(0, max(w) * 1.18 if w and max(w) > 0 else 1)
    ax.set_xlabel(spec.unit)
    ax.legend(frameon=False, fontsize=8, ncols=2, loc="lower right")
    ax.tick_params(axis="y", length=0)
    _ = bars
