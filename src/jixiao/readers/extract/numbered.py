"""Indicator rows of a flattened table whose cells came out of their order.

Text extracted from a workbook or a PDF sometimes keeps each indicator's name with
its number (``指标7:建立预防接种证``) but emits the names and the figures of the rows
in another order: several names first, then their rows of figures
(``指标24:传染病…报告 数 指标25:家庭医生签约率 14例 14例 2 2 24694人 22584人 2 1.7``).
A row of figures is a target, an actual, the points and the score (at most the
points). The figures are given to the names in order only where a run of names is
followed by exactly as many complete rows of figures; anything else in between (a
label between a name and its figures, a half row, figures without names) leaves the
whole run unread. Read only
when the indicator table was not found by its header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.located import Scalar
from jixiao.readers.document import Piece, join_pieces
from jixiao.readers.extract.build import Map
from jixiao.readers.extract.context import Context
from jixiao.readers.extract.indicators import Builder
from jixiao.readers.extract.labels import is_structure, label_key
from jixiao.readers.extract.stream import Tok

_NAME = re.compile(r"^指标\s*(\d{1,3})\s*[:：]\s*(\S.*)$")
_POINTS = re.compile(r"^(?:0|[1-9]\d{0,2})(?:\.\d{1,2})?$")
_VALUE = re.compile(r"\d")
_MAX_POINTS = Decimal(100)


@dataclass(slots=True)
class _Run:
    """Names waiting for their figures, and the figures read since."""

    names: list[list[Piece]] = field(default_factory=list)
    figures: list[Piece] = field(default_factory=list)
    broken: bool = False

    def rows(self) -> list[tuple[Piece, ...]] | None:
        """The complete rows of figures, one per name, or None when they do not fit."""
        if self.broken or not self.names or len(self.figures) != 4 * len(self.names):
            return None
        rows = [tuple(self.figures[k:k + 4]) for k in range(0, len(self.figures), 4)]
        return rows if all(_row_fits(r) for r in rows) else None


def _row_fits(row: tuple[Piece, ...]) -> bool:
    target, actual, weight, score = (p.text for p in row)
    if not (_VALUE.search(target) and _VALUE.search(actual)):
        return False
    if _POINTS.match(target) and _POINTS.match(actual):
        return False  # four bare numbers: which are the values is not known
    if not (_POINTS.match(weight) and _POINTS.match(score)):
        return False
    return Decimal(score) <= Decimal(weight) <= _MAX_POINTS


def read_numbered_indicators(ctx: Context, owner: Map) -> bool:
    """Numbered indicator rows into ``owner['indicators']``; True when any was read."""
    toks = ctx.stream.toks
    first = next((i for i, t in enumerate(toks) if t.row is None and _NAME.match(t.text)), None)
    if first is None:
        return False
    builder = Builder(owner.seq("indicators", toks[first].piece.location))
    run = _Run()
    read = 0
    seen: set[str] = set()
    for tok in toks[first:]:
        if tok.row is not None:
            break
        m = _NAME.match(tok.text)
        if m:
            if run.figures or run.broken:
                read += _finish(builder, run, seen)
                run = _Run()
            run.names.append([tok.piece.slice(m.start(2), len(tok.text))])
            continue
        if _is_figure(tok):
            run.figures.append(tok.piece.strip())
            continue
        if run.names and not run.figures and not is_structure(tok.text) and len(label_key(tok.text)) <= 4:
            run.names[-1].append(tok.piece)  # the end of a name wrapped onto the next line
            continue
        if run.figures:
            read += _finish(builder, run, seen)  # a label after the rows: the run has ended
            run = _Run()
        run.broken = True
    read += _finish(builder, run, seen)
    if not read:
        owner.entries = [e for e in owner.entries if e[0] != "indicators"]
    return bool(read)


def _is_figure(tok: Tok) -> bool:
    return bool(_VALUE.search(tok.text)) and not _NAME.match(tok.text)


def _finish(builder: Builder, run: _Run, seen: set[str]) -> int:
    rows = run.rows()
    if rows is None:
        return 0
    count = 0
    for pieces, row in zip(run.names, rows, strict=True):
        name = join_pieces(pieces, "")
        key = label_key(name.text)
        if not key or key in seen:
            continue  # the same name twice: which figures are whose is not known
        seen.add(key)
        item = builder.indicator(name)
        for role, piece in zip(("target", "actual", "weight", "score"), row, strict=True):
            item.put(role, Scalar(piece.text, piece.location))
        count += 1
    return count
