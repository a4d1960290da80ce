"""Indicator rows whose header was lost: a copy that starts, or resumes, inside the
indicator table of a project self-evaluation table.

A copy cut before the header (a document site's extract that begins at a later page,
two tables run into each other) still has rows of the template's shape after a 一级 or
二级 name: an indicator's name, its target and its actual, then its points and its
score (``可持续影响指标 可持续 可持续 可持续 10 9``). Such rows are read by the
template's own columns (一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分
偏差原因分析及改进措施, the project table of 财预〔2020〕10号) when at least two of them
follow a 一级/二级 name with exactly that shape, and only in text without rows (where a
table with rows keeps its own header). The read is noted: what follows is read by the
standard columns, not by a header of the document's own.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from jixiao.readers.extract.build import Map
from jixiao.readers.extract.context import Context
from jixiao.readers.extract.figures import is_number
from jixiao.readers.extract.indicators import IndicatorHeader, read_indicators
from jixiao.readers.extract.labels import points_of, wordlist
from jixiao.readers.extract.stream import Stream

# the columns of the project table (财预〔2020〕10号 附件2)
STANDARD = ["category", "group", "name", "target", "actual", "weight", "score", "reason"]
_MIN_ROWS = 2


def _level_name(text: str) -> bool:
    name, _ = points_of(text)
    return name in wordlist("indicators", "categories") or name in wordlist("indicators", "groups")


def _row_at(stream: Stream, i: int) -> bool:
    """A name, two value cells and two numbers (points ≥ score) from ``i``."""
    if i + 4 >= len(stream):
        return False
    toks = [stream[k] for k in range(i, i + 5)]
    if any(t.row is not None or t.blank for t in toks):
        return False
    name, target, actual, weight, score = (t.text.strip() for t in toks)
    if is_number(name) or _level_name(name) or not any("\u4e00" <= c <= "\u9fff" for c in name):
        return False
    if is_number(target) or is_number(actual) or not (is_number(weight) and is_number(score)):
        return False
    try:
        return 0 <= Decimal(score) <= Decimal(weight) <= 100
    except InvalidOperation:
        return False


def find_rows_without_header(stream: Stream) -> int | None:
    """The 一级/二级 name that starts at least two rows of the template's shape (一级 and
    二级 names between them; one word of a name wrapped onto a line of its own), in
    text without rows; None when there is none."""
    for i, tok in enumerate(stream.toks):
        if tok.row is not None or not _level_name(tok.text):
            continue
        rows = strays = 0
        k = i + 1
        while k < len(stream) and rows < _MIN_ROWS:
            if _level_name(stream[k].text):
                k += 1
            elif _row_at(stream, k):
                rows += 1
                k += 5
            elif rows and not strays and stream[k].row is None and not is_number(stream[k].text):
                strays += 1
                k += 1
            else:
                break
        if rows >= _MIN_ROWS:
            return i
    return None


def read_rows_without_header(ctx: Context, owner: Map) -> bool:
    """The rows (see the module docstring) into ``owner['indicators']``; True when read."""
    stream = ctx.stream
    start = find_rows_without_header(stream)
    if start is None:
        return False
    header = IndicatorHeader(list(STANDARD), [None] * len(STANDARD), start, start, None)
    read_indicators(ctx, owner, header)
    ctx.notes.append("指标表表头不在文中，指标按项目支出绩效自评表的标准栏目（年度指标值、实际完成值、分值、得分）读取")
    return True
