"""Column widths and header line breaks of the attached tables, measured at their font size.

Word, WPS and LibreOffice break CJK text at any character, so a header in a narrow column
reads “三级指／标” or “年度指标／值”. Each header therefore says where its words end (a “|”
in the template wording, kept as :data:`~jixiao.writers.textwidth.WORD_BREAK` until the
table is fitted, and the phrase ends before “（” and after “，”/“）”:
:func:`jixiao.writers.textwidth.header_words`); :func:`fit_tables` then

1. gives every column at least the width of the longest header word it holds (a hard
   minimum) and of the longest unbreakable piece of its content — a figure, a bracketed
   unit, a phrase of up to four characters such as 数量指标 (a soft minimum, dropped when
   the page is too narrow for all of them) — taking the width first from columns wider
   than their content, then from the others in proportion to their room above their own
   minimum, so the text columns keep what they can;
2. breaks each header that is wider than its cell at word boundaries only, into as few and
   as even lines as fit, with explicit line breaks (“\\n”), so no writer is left to break it.

Tables ``joined`` to the one before share its grid and are fitted together. Pure: the
view in, the view out; the writers only lay it out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace

from jixiao.narrative.segments import Inline, Seg, SegKind
from jixiao.writers.report.view import Block, Cell, Table
from jixiao.writers.textwidth import BREAK_BEFORE, WORD_BREAK, break_lines, em_width, header_words

TABLE_WIDTH_PT = 156 / 25.4 * 72  # the type area of A4 in 公文 format (DOCX and print CSS)
FONT_PT = {"table": 10.5, "small": 9.0}
CELL_PADDING_PT = 8.0  # padding and rule (DOCX 2 × 2.85 pt, CSS 2 × 3 pt + 0.75 pt) and a margin for rounding
PHRASE_CHARS = 4  # a phrase of up to four CJK characters is read as one word (数量指标, 预算执行)
CONTENT_WORD_EM = 6.0  # a content word longer than this does not widen its column

_PUNCTUATION = "，。；：、"


def content_words(text: str) -> list[str]:
    """The pieces of a content cell that should not be broken: a bracketed group (“（40分）”),
    a run of digits and Latin letters with their signs (“100.00%”), a CJK phrase of up to
    :data:`PHRASE_CHARS` characters between punctuation (“数量指标”); a longer CJK run may be
    broken anywhere (one character each)."""
    out: list[str] = []
    for token in _CONTENT_TOKEN.findall(text):
        cjk = sum(1 for c in token if not _is_narrow(c) and c not in _PUNCTUATION)
        if cjk > PHRASE_CHARS and token[0] not in BREAK_BEFORE:
            out.extend(token)
        else:
            out.append(token)
    return out


_CONTENT_TOKEN = re.compile(rf"[（(][^（()）\s]*[）)]|[!-~]+|[^\s!-~（({_PUNCTUATION}]+[{_PUNCTUATION}]?|\S")


def _is_narrow(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) not in ("W", "F")


def fit_tables(blocks: Sequence[Block]) -> list[Block]:
    """Every table of ``blocks`` fitted; a table ``joined`` to the previous one is fitted
    together with it (one grid)."""
    out = list(blocks)
    groups: list[list[int]] = []
    for i, block in enumerate(out):
        if not isinstance(block, Table):
            continue
        previous = groups[-1][-1] if groups else None
        # a joined table continues the previous table across a hairline paragraph at most
        if block.joined and previous is not None and all(not isinstance(out[k], Table) or k == previous
                                                          for k in range(previous, i)):
            groups[-1].append(i)
        else:
            groups.append([i])
    for group in groups:
        tables = [out[i] for i in group]
        fitted = fit_group([t for t in tables if isinstance(t, Table)])
        for i, table in zip(group, fitted, strict=True):
            out[i] = table
    return out


def fit_group(tables: Sequence[Table]) -> list[Table]:
    """Tables sharing one grid (the first one's widths), with widths and header breaks fitted."""
    first = tables[0]
    ncols = first.ncols
    font = FONT_PT.get(first.font, FONT_PT["table"])
    hard = [CELL_PADDING_PT + font] * ncols
    soft = list(hard)
    natural = list(hard)  # the widest content line of each column, unbroken
    hard_spans: list[tuple[int, int, float]] = []
    for table in tables:
        for _r, c, cell in table.grid():
            if c >= ncols:
                continue
            size = FONT_PT.get(table.font, font)
            span = min(cell.colspan, ncols - c)
            if cell.vertical:
                continue
            if cell.header:
                need = max((em_width(w) for line in header_words(cell.text) for w in line), default=0.0)
                need = need * size + CELL_PADDING_PT
                if span == 1:
                    hard[c] = max(hard[c], need)
                else:
                    hard_spans.append((c, span, need))
            else:
                words = [cell.text.replace("\n", "")] if cell.nowrap else content_words(cell.text)
                need = min(max((em_width(w) for w in words), default=0.0), CONTENT_WORD_EM) * size
                if span == 1:
                    soft[c] = max(soft[c], need + CELL_PADDING_PT)
                    line = max((em_width(t) for t in cell.text.split("\n")), default=0.0)
                    natural[c] = max(natural[c], line * size + CELL_PADDING_PT)
    for c, span, need in hard_spans:
        _spread(hard, c, span, need)
    soft = [max(s, h) for s, h in zip(soft, hard, strict=True)]
    total = sum(first.widths) or 1.0
    preferred = [TABLE_WIDTH_PT * w / total for w in first.widths]
    widths = _allot(preferred, soft, natural) if sum(soft) <= TABLE_WIDTH_PT else _allot(preferred, hard, natural)
    if widths is None:
        widths = preferred  # too narrow a page for the words: the writers break them
    out = []
    for table in tables:
        size = FONT_PT.get(table.font, font)
        rows: list[list[Cell]] = [[] for _ in table.rows]
        for r, c, cell in table.grid():
            rows[r].append(_broken(cell, sum(widths[c:c + cell.colspan]), size) if cell.header else cell)
        out.append(replace(table, rows=tuple(tuple(row) for row in rows), widths=tuple(round(w, 2) for w in widths)))
    return out


def _spread(minimum: list[float], start: int, span: int, need: float) -> None:
    """Widen the spanned columns evenly until together they hold ``need``."""
    have = sum(minimum[start:start + span])
    if have < need:
        for c in range(start, start + span):
            minimum[c] += (need - have) / span


def _allot(preferred: list[float], minimum: list[float], natural: list[float]) -> list[float] | None:
    """The preferred widths with each column raised to its minimum. The width is taken first
    from columns wider than their content needs, then from the others in proportion to their
    room above their own minimum — so the text columns keep what they can."""
    if sum(minimum) > TABLE_WIDTH_PT + 0.01:
        return None
    widths = [max(p, m) for p, m in zip(preferred, minimum, strict=True)]
    for floor in ([max(m, n) for m, n in zip(minimum, natural, strict=True)], minimum):
        excess = sum(widths) - TABLE_WIDTH_PT
        room = [max(0.0, w - f) for w, f in zip(widths, floor, strict=True)]
        spare = sum(room)
        if excess <= 0 or spare <= 0:
            continue
        taken = min(excess, spare)
        widths = [w - taken * r / spare for w, r in zip(widths, room, strict=True)]
    return widths


def _broken(cell: Cell, width_pt: float, size: float) -> Cell:
    """A header cell with line breaks at word boundaries where it is wider than its cell."""
    text = cell.text
    if cell.vertical:
        return replace(cell, segs=_with_breaks(cell.segs, set()))
    usable = (width_pt - CELL_PADDING_PT) / size
    breaks: set[int] = set()
    position = 0
    for words in header_words(text):
        lines = break_lines(words, usable)
        # the offsets in ``text`` where a chosen line starts (after a skipped WORD_BREAK)
        offset = position
        for line in lines[:-1]:
            offset = _advance(text, offset, line)
            breaks.add(offset)
        position = _advance(text, position, "".join(words)) + 1  # past the forced "\n"
    return replace(cell, segs=_with_breaks(cell.segs, breaks))


def _advance(text: str, start: int, consumed: str) -> int:
    """The offset in ``text`` after ``consumed`` (which lacks the WORD_BREAKs) read from
    ``start``, skipping word breaks."""
    i = start
    for ch in consumed:
        while i < len(text) and text[i] == WORD_BREAK:
            i += 1
        assert text[i] == ch
        i += 1
    while i < len(text) and text[i] == WORD_BREAK:
        i += 1
    return i


def _with_breaks(segs: Inline, breaks: set[int]) -> Inline:
    """``segs`` with a line break before each offset of ``breaks`` and no WORD_BREAK left.
    A break at the start of a stated segment goes into template wording before it, never
    into the unit's text."""
    out: list[Seg] = []
    offset = 0
    for seg in segs:
        if seg.kind is SegKind.TEXT:
            chars: list[str] = []
            for k, ch in enumerate(seg.text):
                if offset + k in breaks and chars[-1:] != ["\n"]:
                    chars.append("\n")
                if ch != WORD_BREAK:
                    chars.append(ch)
            new_text = "".join(chars)
            if new_text or not seg.text:
                out.append(replace(seg, text=new_text))
        else:
            if offset in breaks:
                out.append(Seg("\n", SegKind.TEXT))
            out.append(seg)
        offset += len(seg.text)
    return tuple(_drop_edge_breaks(out))


def _drop_edge_breaks(segs: list[Seg]) -> list[Seg]:
    """No line break at the very start of a header (a break before its first word)."""
    while segs and segs[0].kind is SegKind.TEXT and segs[0].text.startswith("\n"):
        stripped = segs[0].text[1:]
        segs = ([replace(segs[0], text=stripped)] if stripped else []) + segs[1:]
    return segs

