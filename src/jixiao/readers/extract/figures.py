"""Figures in cells and in sentences.

A cell is a figure when it holds one number with an optional unit (``63.72``,
``42.82元``, ``111%``); a stray full stop after it (``7.50.``, common where the text
writes ``。`` as ``.``) is not part of the number. In a sentence, every number with its
unit is found together with the words before it (back to the previous punctuation or
figure): those words are its label. Years, months, days and list numbers are not
figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from jixiao.model.fact import parse_figure
from jixiao.model.units import is_known_unit
from jixiao.readers.document import Piece

# Full-width digits and signs, one character for one so offsets stay valid. The
# full-width comma is a clause separator in Chinese, never a thousands separator.
_FOLD = str.maketrans("０１２３４５６７８９．％－＋−–﹣", "0123456789.%-+---")
_UNITS = ("万元", "亿元", "千元", "元", "万人次", "人次", "万人", "万", "人", "名", "个", "%", "‰", "次", "项",
          "家", "户", "天", "分", "㎡", "平方米", "件", "所", "场", "期")
_UNIT_RE = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_FIGURE = re.compile(
    r"(?<![\d.,])(?P<num>(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.\d+)?)(?![\d])"
    r"(?P<space>[ \u3000]?)(?P<unit>" + _UNIT_RE + ")?")
# List numbers: "1." "2、" "(3)" at the start of a clause (also "1.2023年": 1. then a year).
_ENUMERATOR = re.compile(r"(?:(?<=^)|(?<=[。；;，,：:\s]))"
                         r"(?:\d{1,2}[.、](?=\d{4}年)|\d{1,2}[.、](?!\d)|[(（]\d{1,2}[)）])")
_BOUNDARY = set("，,。；;：:、（()）=＝÷×+*<>≤≥“”\"'‘’!！?？")
_DATE_AFTER = ("年", "月", "日", "号", "时", "岁", "届", "周年", "季度")
_CONNECTORS = ("为", "是", "达到", "达", "约", "计", "共计", "合计为", "：", ":")
_TRAILING_STOP = re.compile(r"[。．.]$")


def fold(text: str) -> str:
    return text.translate(_FOLD)


@dataclass(frozen=True, slots=True)
class Figure:
    """A number found in a sentence: its text (number and unit as written), its
    offsets in the sentence and the words before it."""

    start: int
    end: int
    number: str
    unit: str | None
    label: str
    label_start: int
    after: str  # the text right after the figure (up to the next boundary)

    def text(self, source: str) -> str:
        return source[self.start:self.end]


def scan(text: str) -> list[Figure]:
    """Every figure in a sentence, with its label."""
    work = fold(text)
    masked = _ENUMERATOR.sub(lambda m: "§" * len(m.group(0)), work)
    out: list[Figure] = []
    boundary = 0
    for m in _FIGURE.finditer(masked):
        start, num = m.start("num"), m.group("num")
        unit = m.group("unit")
        end = m.end("unit") if unit else m.end("num")
        follow = masked[m.end("num"):m.end("num") + 2].lstrip(" \u3000")
        if not unit and follow.startswith(_DATE_AFTER):
            continue  # a date or an age, part of the label of what follows
        if unit is None and masked[start - 1:start] == "第":
            continue
        label_from = boundary
        for i in range(start - 1, boundary - 1, -1):
            if masked[i] in _BOUNDARY or masked[i] == "§":
                label_from = i + 1
                break
        label = text[label_from:start]
        after_end = end
        while after_end < len(masked) and masked[after_end] not in _BOUNDARY and after_end - end < 60:
            after_end += 1
        out.append(Figure(start, end, num, unit, label, label_from, text[end:after_end]))
        boundary = end
    return out


def strip_connectors(label: str) -> str:
    s = label.rstrip(" \u3000")
    changed = True
    while changed and s:
        changed = False
        for c in _CONNECTORS:
            if s.endswith(c) and len(s) > len(c):
                s = s[: -len(c)]
                changed = True
    return s


@lru_cache(maxsize=1 << 14)
def _figure(text: str) -> bool:
    """One number with no unit or a known unit (``3、公务接待`` is not a figure)."""
    figure = parse_figure(text, None)
    return figure is not None and (figure.unit is None or is_known_unit(figure.unit))


def cell_figure(piece: Piece) -> Piece | None:
    """The figure a cell holds (without a stray trailing full stop), or None."""
    p = piece.strip(" \t\r\n\u3000\xa0")
    if not p.text:
        return None
    if _figure(p.text):
        return p
    if _TRAILING_STOP.search(p.text):
        shorter = p.slice(0, len(p.text) - 1)
        if shorter.text[-1:].isdigit() and _figure(shorter.text):
            return shorter
    return None


def is_figure(text: str) -> bool:
    s = text.strip(" \t\r\n\u3000\xa0")
    return bool(s) and _figure(s)


def is_number(text: str) -> bool:
    """A plain number (no unit): how weights and scores are written."""
    s = fold(text.strip(" \t\r\n\u3000\xa0"))
    return bool(re.fullmatch(r"[+-]?\d+(?:\.\d+)?", s))
