"""The points a part of a project table states in its title cell: ``预算执行情况(10分)``
over the funds block, ``绩效指标(90分)`` beside the indicator table (the merged cell on
its left).

The funds title's points are the 年度资金总额 row's points said once more (``funds.weight``,
the same concept as the row's 分值, so a title and a row that disagree are reported); the
indicator title's points are what the 三级指标 points add up to (``indicators_weight``,
checked by ``score.weights-sum``). A title is looked for only in the few cells right
before the block's header, so a sentence elsewhere that names the block is not taken.
"""

from __future__ import annotations

import re

from jixiao.located import Scalar
from jixiao.readers.extract.build import Map
from jixiao.readers.extract.context import Context
from jixiao.readers.extract.indicators import find_indicator_header
from jixiao.readers.extract.labels import points_of, wordlist
from jixiao.readers.extract.tables import funds_header

_POINTS = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
_BEFORE = 4  # cells between a title and its block's header (a unit note, a wrapped cell)


def read_block_points(ctx: Context, root: Map) -> None:
    funds = root.get("funds")
    found = funds_header(ctx)
    if isinstance(funds, Map) and found is not None:
        title = _title(ctx, found[0], wordlist("funds", "anchors"))
        if title is not None:
            _put_before(funds, "weight", title, "total")
    header = find_indicator_header(ctx.stream)
    if header is not None and "indicators" in root:
        title = _title(ctx, header.start, wordlist("indicators", "frame"))
        if title is not None:
            _put_before(root, "indicators_weight", title, "indicators")


def _put_before(owner: Map, key: str, value: Scalar, before: str) -> None:
    """``key`` right before ``before`` (the title is written above its block)."""
    at = next((n for n, (k, _, _) in enumerate(owner.entries) if k == before), len(owner.entries))
    owner.entries.insert(at, (key, value.location, value))


def _title(ctx: Context, start: int, names: tuple[str, ...]) -> Scalar | None:
    """The points of the cell named one of ``names`` just before ``start`` (or at it)."""
    stream = ctx.stream
    for i in range(start, max(-1, start - _BEFORE - 1), -1):
        tok = stream[i]
        name, points = points_of(tok.text)
        if points is None or name not in names:
            continue
        m = _POINTS.search(tok.text)
        if m is None:
            return None
        figure = tok.piece.slice(m.start(1), m.end(1))
        return Scalar(figure.text, figure.location)
    return None
