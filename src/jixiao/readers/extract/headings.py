"""Headings of the report text in the forms published reports give them.

A template numbers its sections ``一、`` and its subsections ``（一）``, but copies of
published reports write them in other ways too:

- other numbering (``1.`` ``1、`` ``(1)`` ``①``), for a section or a subsection;
- the number on one line and its words on the next (``一、`` ⏎ ``基本情况``);
- run-in headings, with the text after them in the same paragraph
  (``（一）人员情况。在职…``);
- headings buried in a paragraph, where extraction flattened the page to one line
  (``…履职尽责。二、一般公共预算支出情况 2023年…``);
- a heading turned into a list item (``- 一、基本情况``, ``## 基本情况``).

Which part a heading starts is decided by its words (``report.yaml``), not by its
numbering: ``1.基本情况`` starts the profile section as ``一、基本情况`` does. Numbering
other than ``一、`` and ``（一）`` starts a part only when its words name one (otherwise
it is a list item of the text); a paragraph is split at a buried heading only when
the words after the number name a section.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from jixiao.readers.document import Paragraph, Piece, join_pieces
from jixiao.readers.extract.labels import data, label_key

_CN = "一二三四五六七八九十"
_NUM_H1 = rf"[{_CN}]{{1,3}}\s*[、.．]"
_NUM_H2 = rf"[（(]\s*[{_CN}]{{1,3}}\s*[)）]"
_NUM_OTHER = r"\d{1,2}\s*[、.．](?!\d)|[（(]\s*\d{1,2}\s*[)）]|[①-⑳]"
_ENUM = re.compile(rf"^\s*(?:(?P<h1>{_NUM_H1})|(?P<h2>{_NUM_H2})|(?P<other>{_NUM_OTHER}))\s*")
# A Markdown list item or heading mark before a heading's number or words.
_LIST_MARK = re.compile(r"^\s*(?:[-*+•·●▪■◆]\s+|#{1,6}\s+)")
# Where a buried heading may start: after the end of a sentence or a space.
_BURIED = re.compile(rf"(?<=[。；;！？!?\s])(?:{_NUM_H1}|{_NUM_H2})")
_RUN_IN_END = "。：:；;"
_TITLE_MAX = 40  # a whole paragraph of at most this many characters after the number
_RUN_IN_MAX = 30  # a run-in title ends within this many characters
_DIGIT = re.compile(r"\d")


@dataclass(slots=True)
class HeadingLine:
    """A paragraph that is a heading: its level by numbering (1 for ``一、``, 2 for
    ``（一）``, 3 for any other), its words, and the text run in after it."""

    level: int
    title: Piece
    rest: Piece | None
    paragraph: Paragraph


def section_of(title: str) -> str | None:
    key = label_key(title)
    for section, names in data("report")["sections"].items():
        if any(label_key(n) in key for n in names):
            return str(section)
    return None


def subsection_of(section: str | None, title: str, budget_words: bool = True) -> str | None:
    subs = data("report")["subsections"].get(section or "", {})
    key = label_key(title)
    for sub, names in subs.items():
        if any(label_key(n) in key for n in names):
            return str(sub)
    if budget_words and any(label_key(w) in key for w in data("report")["budget_subsection_words"]):
        return "budget"
    return None


def any_subsection(title: str) -> bool:
    key = label_key(title)
    return any(label_key(n) in key for subs in data("report")["subsections"].values()
               for names in subs.values() for n in names)


def _names_section_at(text: str) -> bool:
    """The words at the start of ``text`` name a section (a few words before the name
    allowed: 单位基本概况)."""
    key = label_key(text[:40])
    for names in data("report")["sections"].values():
        for n in names:
            name = label_key(n)
            at = key.find(name)
            if 0 <= at <= 4:
                return True
    return False


def normal_paragraphs(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs with list marks dropped, buried headings split off and a lone
    number joined to the words on the next line."""
    out: list[Paragraph] = []
    for para in paragraphs:
        piece = para.piece
        m = _LIST_MARK.match(piece.text)
        if m and m.end() < len(piece.text):
            piece = piece.slice(m.end(), len(piece.text))
        if piece is para.piece and not _BURIED.search(piece.text):
            out.append(para)
        else:
            out.extend(Paragraph(p) for p in _split_buried(piece))
    joined: list[Paragraph] = []
    i = 0
    while i < len(out):
        para = out[i]
        m = _ENUM.match(para.text)
        if m and m.end() == len(para.text.rstrip()) and i + 1 < len(out) and out[i + 1].text.strip() \
                and not _ENUM.match(out[i + 1].text) and len(out[i + 1].text.strip()) <= _TITLE_MAX:
            number = para.piece.strip()
            joined.append(Paragraph(join_pieces([number, out[i + 1].piece.strip()], "")))
            i += 2
            continue
        joined.append(para)
        i += 1
    return joined


def _split_buried(piece: Piece) -> list[Piece]:
    cuts = [m.start() for m in _BURIED.finditer(piece.text)
            if _names_section_at(piece.text[m.end():]) or _names_subsection_at(piece.text[m.end():])]
    if not cuts:
        return [piece]
    bounds = [0, *cuts, len(piece.text)]
    parts = [piece.slice(a, b).strip() for a, b in itertools.pairwise(bounds)]
    return [p for p in parts if p.text]


def _names_subsection_at(text: str) -> bool:
    key = label_key(text[:30])
    for subs in data("report")["subsections"].values():
        for names in subs.values():
            for n in names:
                at = key.find(label_key(n))
                if 0 <= at <= 2:
                    return True
    return False


def heading_line(para: Paragraph) -> HeadingLine | None:
    """The paragraph as a heading, or None. A whole short paragraph after a number is
    a heading; a longer one is a run-in heading when its first words end at a full
    stop or colon (or, in flattened text, at a space) and name a part."""
    piece = para.piece
    m = _ENUM.match(piece.text)
    if not m:
        return None
    level = 1 if m.group("h1") else 2 if m.group("h2") else 3
    body = piece.slice(m.end(), len(piece.text)).strip()
    if not body.text:
        return None
    text = body.text
    unknown_run_in: HeadingLine | None = None
    for k, ch in enumerate(text[:_RUN_IN_MAX]):
        if ch not in _RUN_IN_END and not ch.isspace():
            continue
        title = body.slice(0, k).strip()
        if not title.text or _DIGIT.search(title.text):
            continue
        rest = body.slice(k + 1, len(text)).strip()
        if section_of(title.text) is not None or any_subsection(title.text):
            return HeadingLine(level, title, rest if rest.text else None, para)
        if ch in _RUN_IN_END:
            if level < 3 and rest.text:
                unknown_run_in = HeadingLine(level, title, rest, para)
            break
    if len(text) <= _TITLE_MAX and not any(c in text.rstrip(_RUN_IN_END) for c in _RUN_IN_END):
        title = body.strip(_RUN_IN_END + " \u3000")
        if level == 3 and _DIGIT.search(title.text):
            return None
        return HeadingLine(level, title, None, para)
    return unknown_run_in
