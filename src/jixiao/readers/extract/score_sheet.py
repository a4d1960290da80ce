"""A score sheet (得分表) with four columns only — 一级指标, 二级指标, 三级指标, 得分 —
whose points are written after each name (``相关性(5分)``), as it reaches us
flattened: names with their points and the scores in reading order
(``部门决 策(25 分) 目标任务(15 分) 相关性(5 分) ⏎ 5 明确性(5 分) ⏎ 5 …``).

A score is the score of the name right before it, a 三级指标; the names with points
between two scores are its 一级 and 二级 (two names), or its 二级 under the current 一级
(one name). Names may be broken by a space where the line wrapped (``综合管 理``).
The sheet is read only when every score is at most its points and at least two rows
are found; names after the last score (a copy cut off mid-row) are left out.

Also the total score a report states in a sentence (``自评得分90分``, the label
possibly at the end of one line and the figure on the next), where no table gave one.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from jixiao.located import Scalar
from jixiao.readers.document import Paragraph, Piece, join_pieces
from jixiao.readers.extract.build import Map
from jixiao.readers.extract.context import Context
from jixiao.readers.extract.indicators import Builder
from jixiao.readers.extract.labels import data, squash, wordlist

_ITEM = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")
_MIN_ROWS = 2
_NAME_MAX = 30


def read_score_sheet(ctx: Context, owner: Map) -> bool:
    """The score sheet's rows into ``owner['indicators']``; True when read."""
    paragraphs = [p for _, p in ctx.paragraphs()]
    for index, para in enumerate(paragraphs):
        end = _header_end(para.text)
        if end is None:
            continue
        body = join_pieces([para.piece.slice(end, len(para.text)),
                            *(p.piece for p in paragraphs[index + 1:index + 200])], " ")
        rows = _rows(body)
        if rows is None:
            return False
        builder = Builder(owner.seq("indicators", para.piece.location))
        for parents, leaf, score in rows:
            if len(parents) == 2:
                builder.start_category(parents[0])
                builder.start_group(parents[1])
            elif len(parents) == 1:
                builder.start_group(parents[0])
            item = builder.indicator(_name_piece(leaf))
            points = _ITEM.search(leaf.text)
            assert points is not None
            item.put("weight", Scalar(points.group(1), leaf.at(points.start(1))))
            item.put("score", Scalar(score.text, score.location))
        return True
    return False


@cache
def _header() -> re.Pattern[str]:
    words = wordlist("indicators", "score_sheet_header")
    return re.compile(r"\s*".join(r"\s*".join(re.escape(ch) for ch in w) for w in words))


def _header_end(text: str) -> int | None:
    """Where the header 一级指标 二级指标 三级指标 得分 ends in a line (spaces inside
    the words allowed, as a flattened copy breaks them), or None."""
    m = _header().search(text)
    return m.end() if m else None


def _rows(body: Piece) -> list[tuple[list[Piece], Piece, Piece]] | None:
    """(parents, the 三级 with its points, its score) in order, or None when the body is
    not such a sheet."""
    text = body.text
    rows: list[tuple[list[Piece], Piece, Piece]] = []
    pending: list[Piece] = []
    pos = 0
    while pos < len(text):
        item = _ITEM.search(text, pos)
        number = _NUMBER.search(text, pos)
        if number is not None and (item is None or number.start() < item.start()):
            if text[pos:number.start()].strip():
                break  # words without points before a score: the sheet ends (or was cut off)
            if not pending:
                return None
            leaf, parents = pending[-1], pending[:-1][-2:]
            score = body.slice(number.start(), number.end())
            points = _ITEM.search(leaf.text)
            assert points is not None
            if Decimal(score.text) > Decimal(points.group(1)):
                return None
            rows.append((parents, leaf, score))
            pending = []
            pos = number.end()
            continue
        if item is None:
            break
        start = pos + len(text[pos:item.start()]) - len(text[pos:item.start()].lstrip())
        if not squash(text[start:item.start()]) or len(squash(text[start:item.start()])) > _NAME_MAX:
            break
        pending.append(body.slice(start, item.end()))
        pos = item.end()
    return rows if len(rows) >= _MIN_ROWS else None


def _name_piece(leaf: Piece) -> Piece:
    """The name without its points and with the spaces of a wrapped line removed."""
    m = _ITEM.search(leaf.text)
    assert m is not None
    name = leaf.slice(0, m.start()).strip()
    return Piece(squash(name.text), [(0, name.location)])


@cache
def _total_pattern() -> re.Pattern[str]:
    labels = sorted(data("report")["stated_total"], key=len, reverse=True)
    words = "|".join(re.escape(w) for w in labels)
    return re.compile(rf"(?<!项目)(?:{words})\s*(?:为|是|[:：])?\s*(?P<score>\d+(?:\.\d+)?)\s*分")


def read_stated_total(paragraphs: list[Paragraph], owner: Map) -> None:
    """The total score a sentence states into ``owner['total']['score']`` unless a table
    gave one; a label ending one line may have its figure on the next."""
    total = owner.get("total")
    if isinstance(total, Map) and "score" in total:
        return
    pattern = _total_pattern()
    for i, para in enumerate(paragraphs):
        piece = para.piece
        if i + 1 < len(paragraphs):
            nxt = paragraphs[i + 1].piece
            piece = join_pieces([piece, nxt.slice(0, min(len(nxt.text), 12))], " ")
        m = pattern.search(piece.text)
        if m is None or m.start() >= len(para.text):
            continue
        score = piece.slice(m.start("score"), m.end("score"))
        owner.map("total", score.location).put("score", Scalar(score.text, score.location),
                                               piece.at(m.start()))
        return
