"""Segments: the pieces of a generated paragraph, each with its provenance."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from jixiao.model.location import Location

PLACEHOLDER_TEXT = "（未填报）"


class SegKind(StrEnum):
    TEXT = "text"  # template wording; never holds a digit
    INPUT = "input"  # text as the input states it (narrative, names, indicator values)
    FIGURE = "figure"  # a resolved figure: ``concept`` and its ``value``
    COMPUTED = "computed"  # computed from resolved figures: ``op`` over ``inputs``
    ORDINAL = "ordinal"  # numbering: list items, attachments, charts
    FINDING = "finding"  # a finding or a resolution decision, as the appendix reports it
    PLACEHOLDER = "placeholder"  # “（未填报）”: the input does not state it


@dataclass(frozen=True, slots=True)
class Seg:
    """A piece of text and where it comes from.

    ``FIGURE``: ``concept`` is the resolved concept and ``value`` its resolved value; when
    the figure stands for another concept's value (the only part of a total), ``op`` is
    ``"sole_part"`` and ``inputs`` names the total. ``COMPUTED``: ``op`` (ratio, sum,
    difference, change, abs, count, year) over ``inputs`` ((concept, value) pairs).
    """

    text: str
    kind: SegKind = SegKind.TEXT
    concept: str = ""
    value: Decimal | None = None
    op: str = ""
    inputs: tuple[tuple[str, Decimal], ...] = ()
    location: Location | None = None
    bold: bool = False


Inline = tuple[Seg, ...]


def text(s: str, *, bold: bool = False) -> Seg:
    return Seg(s, SegKind.TEXT, bold=bold)


def given(s: str, location: Location | None = None, *, concept: str = "") -> Seg:
    """Input text, verbatim."""
    return Seg(s, SegKind.INPUT, concept=concept, location=location)


def ordinal(n: int, fmt: str = "{}") -> Seg:
    return Seg(fmt.format(n), SegKind.ORDINAL, value=Decimal(n))


def placeholder() -> Seg:
    return Seg(PLACEHOLDER_TEXT, SegKind.PLACEHOLDER)


def plain(segs: Iterable[Seg]) -> str:
    return "".join(s.text for s in segs)


_UNITS_AFTER = ("万元", "元", "人", "个", "分", "%")


def inline(*parts: Seg | str | None) -> Inline:
    """Join pieces into an inline; ``str`` parts are template wording, ``None`` is dropped.
    A unit right after a placeholder is dropped too (“人员经费（未填报）”, not “（未填报）万元”),
    and so is one after a figure written with its own unit (“实际支出42.82元”, not “42.82元万元”)."""
    out: list[Seg] = []
    after_placeholder = False
    for p in parts:
        if p is None:
            continue
        seg = text(p) if isinstance(p, str) else p
        unit_written = bool(out) and out[-1].kind is SegKind.FIGURE and out[-1].op == "stated" \
            and not out[-1].text[-1:].isdigit()
        if (after_placeholder or unit_written) and seg.kind is SegKind.TEXT:
            for unit in _UNITS_AFTER:
                if seg.text.startswith(unit):
                    seg = Seg(seg.text[len(unit):], SegKind.TEXT, bold=seg.bold)
                    break
        after_placeholder = seg.kind is SegKind.PLACEHOLDER
        if seg.text or seg.kind is not SegKind.TEXT:
            out.append(seg)
    return tuple(out)


_CN = "零一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 23 → 二十三 (section numbering up to 99)."""
    if n <= 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _CN[tens]
    return f"{head}十{_CN[ones] if ones else ''}"
