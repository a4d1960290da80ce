"""Figures inside sentences bound to fields by the words before them.

``基本支出753.07万元，其中：人员经费689.35万元`` gives ``basic: 753.07`` and
``personnel: 689.35``: each figure's label (the words since the previous punctuation
or figure) is matched against the synonyms of the context (``report.yaml``). A figure
whose label matches nothing is not read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from jixiao.located import Scalar
from jixiao.model.units import normalize_unit
from jixiao.readers.document import Piece
from jixiao.readers.extract.figures import Figure, scan, strip_connectors
from jixiao.readers.extract.labels import Synonyms, data, label_key, table

MONEY = "万元"


@dataclass(frozen=True, slots=True)
class Bound:
    field: str
    figure: Figure
    piece: Piece  # the figure as written (number, and unit unless it is the default)
    label: Piece


@cache
def _typos() -> tuple[tuple[str, str], ...]:
    return tuple(data("report").get("typos", {}).items())


def fix_typos(label: str) -> str:
    for wrong, right in _typos():
        label = label.replace(wrong, right)
    return label


def label_of(piece: Piece, fig: Figure) -> Piece:
    """The label of a figure; when it is empty and a colon precedes the number
    (``支出:799.12万元``), the words before the colon."""
    label = piece.slice(fig.label_start, fig.start)
    if label_key(label.text):
        return label
    before = piece.text[:fig.start].rstrip(" \u3000")
    if before.endswith((":", "：")):
        end = len(before) - 1
        start = end
        while start > 0 and piece.text[start - 1] not in "，,。；;：:、（(）)\n" and end - start < 40:
            start -= 1
        return piece.slice(start, end)
    return label


def match(synonyms: Synonyms, label_text: str) -> str | None:
    text = fix_typos(label_text)
    found = synonyms.suffix(text) or synonyms.suffix(strip_connectors(label_key(text)))
    return found[0] if found else None


def figure_piece(piece: Piece, fig: Figure, default_unit: str | None, sign: str = "") -> Piece:
    """The figure as a scalar text: the number, with its unit when it differs from the
    field's default (``42.82元`` stays, ``63.72万元`` → ``63.72``)."""
    unit = normalize_unit(fig.unit) if fig.unit else None
    end = fig.start + len(fig.number) if unit is None or unit == default_unit else fig.end
    p = piece.slice(fig.start, end)
    if sign:
        return Piece(sign + p.text, [(0, p.location)])
    return p


def bind(piece: Piece, context: str, defaults: dict[str, str | None] | None = None,
         signs: dict[str, tuple[str, str]] | None = None) -> list[Bound]:
    """Every figure of a sentence whose label names a field of ``context``."""
    synonyms = table("report", "figures", context)
    out: list[Bound] = []
    for fig in scan(piece.text):
        label = label_of(piece, fig)
        field = match(synonyms, label.text)
        if field is None:
            continue
        sign = ""
        if signs and field in signs:
            field, sign = signs[field]
        default = (defaults or {}).get(field, MONEY)
        out.append(Bound(field, fig, figure_piece(piece, fig, default, sign), label))
    return out


def scalar(p: Piece) -> Scalar:
    return Scalar(p.text, p.location)


def is_comparison(label: str) -> bool:
    key = label_key(label)
    return any(w in key for w in table("report", "figures", "comparisons").fields)
