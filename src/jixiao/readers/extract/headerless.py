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

A fragment may give a shorter row: its levels, the name and the target run together, the
target opened by a comparison sign, then one number (``产出指标数量指标足额保障率=100% 22.5
科目调整次数≤10次 22.5``). The sign tells where the target starts, so the name and target
are read (two such rows at least, in text without rows); the number may be the points or
the score (the other column and the actual are missing), so it is not read, and neither
is a 合计 with one number; the read notes both. Rows without their header are a fragment:
the read is partial.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from jixiao.located import Scalar
from jixiao.readers.document import Piece
from jixiao.readers.extract.build import Map
from jixiao.readers.extract.context import Context
from jixiao.readers.extract.figures import is_number
from jixiao.readers.extract.indicators import Builder, IndicatorHeader, read_indicators
from jixiao.readers.extract.labels import label_key, points_of, wordlist
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


# a name and its target run together: the target opens with a comparison sign
_TARGETED = re.compile(r"(?P<name>[^\d≥≤<>=＝]{2,80}?)"
                       r"(?P<target>[≥≤<>=＝]\s?\d+(?:\.\d+)?\s?(?:%|[\u4e00-\u9fff]{1,3})?)")


def _levels(text: str) -> list[int]:
    """The ends of the 一级/二级 names the text starts with (产出指标数量指标…)."""
    words = sorted({*wordlist("indicators", "categories"), *wordlist("indicators", "groups")}, key=len, reverse=True)
    ends: list[int] = []
    at = 0
    while True:
        word = next((w for w in words if w.endswith("指标") and text.startswith(w, at)), None)
        if word is None:
            return ends
        at += len(word)
        ends.append(at)


def _targeted_row(stream: Stream, i: int) -> re.Match[str] | None:
    if i + 1 >= len(stream) or stream[i].row is not None or stream[i + 1].row is not None:
        return None
    m = _TARGETED.fullmatch(stream[i].text.strip())
    if m is None or not is_number(stream[i + 1].text):
        return None
    return m


def read_targeted_rows(ctx: Context, owner: Map) -> bool:
    """The short rows of a fragment (see the module docstring) into ``owner['indicators']``."""
    stream = ctx.stream
    rows: list[int] = []
    i = 0
    while i < len(stream):
        if _targeted_row(stream, i) is not None:
            rows.append(i)
            i += 2
        elif len(rows) >= _MIN_ROWS:
            break
        else:
            rows = []
            i += 1
    if len(rows) < _MIN_ROWS:
        return False
    builder = Builder(owner.seq("indicators", stream[rows[0]].piece.location))
    for k in rows:
        tok = stream[k]
        piece = tok.piece.strip()
        m = _targeted_row(stream, k)
        assert m is not None
        start = 0
        for end in _levels(piece.text):
            level = piece.slice(start, end)
            if label_key(level.text) in wordlist("indicators", "categories") \
                    and label_key(level.text) not in wordlist("indicators", "groups"):
                builder.start_category(level)
            else:
                builder.start_group(level)
            start = end
        if start >= m.end("name") - 1:
            continue  # the levels are all there is: no name
        item = builder.indicator(Piece(piece.text[start:m.end("name")], [(0, piece.at(start))]))
        target = piece.slice(m.start("target"), m.end("target"))
        item.put("target", Scalar(target.text, target.location))
    ctx.fragment = True  # rows without their header: what else the table held is not available
    numbers = "、".join(dict.fromkeys(stream[k + 1].text.strip() for k in rows))
    ctx.notes.append(f"指标表表头不在文中：各指标名称后以≥、≤、=开头的指标值已读取，其后的数字（{numbers}）"
                     "是分值还是得分无法确定，未读取")
    after = rows[-1] + 2
    if after < len(stream) and label_key(stream[after].text).startswith(tuple(wordlist("indicators", "total"))):
        ctx.notes.append(f"“{stream[after].text.strip()}”只有一个数字，是分值合计还是得分合计无法确定，未读取")
    return True
