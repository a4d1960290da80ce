"""A score table whose indicators carry their points in their names, each followed by
its score, flattened by PDF extraction:

    2017年部门整体支出绩效评价得分表 一级指 标 二级指标 三级指标 得分 部门决 策(25 分)
    目标任务(15 分) 相关性(5 分)
    5 明确性(5 分)
    5 …

Under a header ending in ``三级指标 得分``, an indicator is a name with its points in
brackets (``相关性(5 分)``) and right after it a figure no greater than the points: its
score. A name with points followed by another name (``目标任务(15 分) 相关性…``) is a
一级 or 二级 heading and is not read as an indicator. Read only where no indicator
table was read with its points.
"""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.located import Scalar
from jixiao.readers.document import Paragraph, Piece, join_pieces
from jixiao.readers.extract.build import Map
from jixiao.readers.extract.context import Context
from jixiao.readers.extract.indicators import Builder

_HEADER = re.compile(r"三级\s*指\s*标\s*得\s*分")
_ROW = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,30})\(\s*(?P<points>(?:0|[1-9]\d{0,2})(?:\.\d{1,2})?)\s*分\s*\)"
                  r"\s*(?P<score>(?:0|[1-9]\d{0,2})(?:\.\d{1,2})?)(?![\d.%])")
_MIN_ROWS = 2
_MAX_TEXT = 20_000


def read_pointed_rows(ctx: Context, owner: Map) -> bool:
    """The rows (see the module docstring) into ``owner['indicators']``; True when at
    least two were read."""
    paragraphs = [b.piece for _, b in ctx.paragraphs() if isinstance(b, Paragraph)]
    for k, piece in enumerate(paragraphs):
        header = _HEADER.search(piece.text)
        if header is None:
            continue
        following = [piece.slice(header.end(), len(piece.text)), *paragraphs[k + 1:k + 200]]
        text = join_pieces(following, "\n")
        text = text.slice(0, _MAX_TEXT)
        norm = text.text.replace("（", "(").replace("）", ")")
        rows = [m for m in _ROW.finditer(norm) if Decimal(m.group("score")) <= Decimal(m.group("points"))]
        if len(rows) < _MIN_ROWS:
            return False
        builder = Builder(owner.seq("indicators", piece.at(header.start())))
        for m in rows:
            name = m.group("name")
            item = builder.indicator(Piece(name, [(0, text.at(m.start("name")))]))
            item.put("weight", Scalar(m.group("points"), text.at(m.start("points"))))
            item.put("score", Scalar(m.group("score"), text.at(m.start("score"))))
        return True
    return False
