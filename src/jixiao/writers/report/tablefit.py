"""Column widths and header line breaks of the attached tables, measured at their font size.

Word, WPS and LibreOffice break CJK text at any character, so a header in a narrow column
reads “三级指／标” or “年度指标／值”. Each header therefore says where its words end (a “|”
in the template wording, kept as :data:`~jixiao.writers.textwidth.WORD_BREAK` until the
table is fitted, and the phrase ends before “（” and after “，”/“）”:
:func:`jixiao.writers.textwidth.header_words`); :func:`fit_tables` then

1. gives every column at least the width of the longest header word it holds (a hard
   minimum); then, where the page allows, of the longest firm piece of its content — an
   indicator category word of :data:`WORDS_FILE` (可持续影响指标, 服务对象满意度指标), a figure
   (“238.93”) or a bracketed group such as “（10分）” (a firm minimum) — and of its longest
   phrase of up to four characters such as 机关福利 (a soft minimum). A tier the page cannot
   hold is dropped: the phrases first, then the brackets, then the figures, the known words
   last. The width is taken first from columns wider than their content, then from the
   others in proportion to their room above their own minimum, so the text columns keep
   what they can;
2. breaks each header that is wider than its cell at word boundaries only, into as few and
   as even lines as fit, with explicit line breaks (“\\n”), so no writer is left to break it;
3. breaks a content cell holding a firm piece that does not fit on its line before that
   piece (“满意度指标／（10分）”, “服务对象／满意度指标”; in prose before a known word only),
   so the writer breaks it between words, never inside one; the unit's characters stay as
   stated (a stated segment is split around the line break, nothing is added or dropped).

Tables ``joined`` to the one before share its grid and are fitted together. Pure: the
view in, the view out; the writers only lay it out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum
from functools import cache
from pathlib import Path

import yaml

from jixiao.narrative.segments import Inline, Seg, SegKind
from jixiao.writers.report.view import Block, Cell, Table
from jixiao.writers.textwidth import BREAK_BEFORE, WORD_BREAK, break_lines, em_width, header_words

TABLE_WIDTH_PT = 156 / 25.4 * 72  # the type area of A4 in 公文 format (DOCX and print CSS)
FONT_PT = {"table": 10.5, "small": 9.0}
CELL_PADDING_PT = 8.0  # padding and rule (DOCX 2 × 2.85 pt, CSS 2 × 3 pt + 0.75 pt) and a margin for rounding
PHRASE_CHARS = 4  # a phrase of up to four CJK characters is read as one word (预算执行, 机关福利)
CONTENT_WORD_EM = 6.0  # a figure or bracketed group longer than this does not widen its column
WORDS_FILE = Path(__file__).with_name("table_words.yaml")
COMPOUND_EM = 7.0  # a known word wider than this made of a shorter one (服务对象｜满意度指标) keeps its parts whole

_PUNCTUATION = "，。；：、"


@cache
def known_words() -> tuple[str, ...]:
    """The words of :data:`WORDS_FILE`, longest first (so 服务对象满意度指标 wins over 满意度指标)."""
    data = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    return tuple(sorted(set(data["words"]), key=lambda w: (-len(w), w)))


class PieceKind(Enum):
    WORD = "word"  # a known word (可持续影响指标)
    BRACKET = "bracket"  # a bracketed group (“（10分）”)
    FIGURE = "figure"  # digits and Latin letters with their signs (“100.00%”)
    PHRASE = "phrase"  # a CJK run of up to PHRASE_CHARS characters (“机关福利、”)
    CHAR = "char"  # one character of a longer run: may be broken anywhere
    SPACE = "space"  # white space, a forced line break included


# The firm pieces a column holds whole, from the most to the least the page must give: where
# not every kind fits, brackets are given up first, then figures, never the known words first.
FIRM_TIERS = ((PieceKind.WORD,), (PieceKind.WORD, PieceKind.FIGURE),
              (PieceKind.WORD, PieceKind.FIGURE, PieceKind.BRACKET))


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    start: int  # offset in the cell's text
    kind: PieceKind

    @property
    def firm(self) -> bool:
        """A piece that widens its column before the soft pieces do: a known word, a short
        figure or bracketed group (“238.93”, “（10分）”)."""
        short = em_width(self.text) <= CONTENT_WORD_EM
        return self.kind is PieceKind.WORD or (self.kind in (PieceKind.BRACKET, PieceKind.FIGURE) and short)

    @property
    def kept(self) -> bool:
        """A piece a line break goes before rather than into: a known word, a short bracketed
        group (a figure stands alone in its cell or among words the writer may break)."""
        return self.firm and self.kind is not PieceKind.FIGURE


def content_pieces(text: str) -> list[Piece]:
    """A content cell's text cut into pieces that should not be broken (see :class:`PieceKind`);
    together they are the text, character for character."""
    out: list[Piece] = []
    for m in _CONTENT_TOKEN.finditer(text):
        token, start = m.group(), m.start()
        if token.isspace():
            out.append(Piece(token, start, PieceKind.SPACE))
        elif len(token) > 1 and token[0] in BREAK_BEFORE:
            out.append(Piece(token, start, PieceKind.BRACKET))
        elif "!" <= token[0] <= "~":
            out.append(Piece(token, start, PieceKind.FIGURE))
        else:
            out.extend(_run_pieces(token, start))
    return out


def content_words(text: str) -> list[str]:
    """The pieces of a content cell that should not be broken, white space left out: a
    bracketed group (“（40分）”), a figure (“100.00%”), a known word (“社会效益指标”), a CJK
    phrase of up to :data:`PHRASE_CHARS` characters (“数量指标”); the rest of a longer CJK run
    may be broken anywhere (one character each)."""
    return [p.text for p in content_pieces(text) if p.kind is not PieceKind.SPACE]


_CONTENT_TOKEN = re.compile(rf"[（(][^（()）\s]*[）)]|[!-~]+|[^\s!-~（({_PUNCTUATION}]+[{_PUNCTUATION}]?|\s+|\S")


def _run_pieces(run: str, start: int) -> list[Piece]:
    """A CJK run: its known words whole; between them a phrase of up to PHRASE_CHARS
    characters whole, a longer stretch one character each; punctuation stays with the
    character before it."""
    out: list[Piece] = []
    rest = 0  # start of the stretch not yet cut

    def flush(end: int) -> None:
        stretch = run[rest:end]
        if not stretch:
            return
        if stretch in _PUNCTUATION and out:  # no line starts with “，”
            last = out.pop()
            out.append(Piece(last.text + stretch, last.start, last.kind))
            return
        cjk = sum(1 for c in stretch if not _is_narrow(c) and c not in _PUNCTUATION)
        if cjk <= PHRASE_CHARS:
            out.append(Piece(stretch, start + rest, PieceKind.PHRASE))
            return
        for k, ch in enumerate(stretch):
            if ch in _PUNCTUATION and out:
                last = out.pop()
                out.append(Piece(last.text + ch, last.start, last.kind))
            else:
                out.append(Piece(ch, start + rest + k, PieceKind.CHAR))

    i = 0
    while i < len(run):
        word = next((w for w in known_words() if run.startswith(w, i)), None)
        if word is None:
            i += 1
            continue
        flush(i)
        out.extend(Piece(part, start + i + k, PieceKind.WORD) for k, part in _word_parts(word))
        i += len(word)
        rest = i
    flush(len(run))
    return out


def _word_parts(word: str) -> list[tuple[int, str]]:
    """(offset, part) of a known word: the word itself, or — when it is wider than
    :data:`COMPOUND_EM` and holds a shorter known word (服务对象满意度指标, 生态环境成本指标) —
    that word and the rest before and after it, so a narrow column breaks the compound
    between its words (“服务对象／满意度指标”) and stays narrow."""
    if em_width(word) > COMPOUND_EM:
        inner = next((w for w in known_words() if w != word and w in word), None)
        if inner is not None:
            k = word.index(inner)
            parts = [(0, word[:k]), (k, inner), (k + len(inner), word[k + len(inner):])]
            return [(at, part) for at, part in parts if part]
    return [(0, word)]


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
    # firm[k]: the column minima holding whole the firm pieces of the kinds FIRM_TIERS[k]
    firm = [list(hard) for _ in FIRM_TIERS]
    soft = list(hard)
    natural = list(hard)  # the widest content line of each column, unbroken
    hard_spans: list[tuple[int, int, float]] = []
    firm_spans: list[tuple[int, int, int, float]] = []
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
                continue
            if cell.nowrap:
                pieces = [Piece(cell.text.replace("\n", ""), 0, PieceKind.FIGURE)]
            else:
                pieces = [p for p in content_pieces(cell.text) if p.kind is not PieceKind.SPACE]
            for k, kinds in enumerate(FIRM_TIERS):
                need = max((em_width(p.text) for p in pieces if p.firm and p.kind in kinds), default=0.0)
                need = need * size + CELL_PADDING_PT
                if span == 1:
                    firm[k][c] = max(firm[k][c], need)
                else:
                    firm_spans.append((k, c, span, need))
            if span > 1:
                continue
            soft_need = min(max((em_width(p.text) for p in pieces), default=0.0), CONTENT_WORD_EM) * size
            soft[c] = max(soft[c], soft_need + CELL_PADDING_PT)
            line = max((em_width(t) for t in cell.text.split("\n")), default=0.0)
            natural[c] = max(natural[c], line * size + CELL_PADDING_PT)
    for c, span, need in hard_spans:
        _spread(hard, c, span, need)
    firm = [[max(f, h) for f, h in zip(tier, hard, strict=True)] for tier in firm]
    for k, c, span, need in firm_spans:
        _spread(firm[k], c, span, need)
    soft = [max(s, f) for s, f in zip(soft, firm[-1], strict=True)]
    total = sum(first.widths) or 1.0
    preferred = [TABLE_WIDTH_PT * w / total for w in first.widths]
    # the widest tier the page holds: soft (every piece whole), the firm tiers (known words,
    # figures, bracketed groups whole; then fewer), hard (header words whole); else the
    # writers break the words
    tiers = (soft, *reversed(firm), hard)
    minimum = next((m for m in tiers if sum(m) <= TABLE_WIDTH_PT), None)
    widths = _allot(preferred, minimum, natural) if minimum is not None else None
    if widths is None:
        widths = preferred
    out = []
    for table in tables:
        size = FONT_PT.get(table.font, font)
        rows: list[list[Cell]] = [[] for _ in table.rows]
        for r, c, cell in table.grid():
            width = sum(widths[c:c + cell.colspan])
            rows[r].append(_broken(cell, width, size) if cell.header else _content_broken(cell, width, size))
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


def _content_broken(cell: Cell, width_pt: float, size: float) -> Cell:
    """A content cell with a line break before each firm piece (a known word, a bracketed
    group; in prose a known word only) that would not fit on its line — where the cell is
    narrower than the whole text. The lines are filled as the writers fill them; other
    pieces are left to the writer."""
    if cell.vertical or cell.nowrap:
        return cell
    pieces = content_pieces(cell.text)
    usable = (width_pt - CELL_PADDING_PT) / size
    if not any(p.kept for p in pieces) or all(em_width(t) <= usable for t in cell.text.split("\n")):
        return cell
    # in a label (no run of prose) a break goes before any firm piece; in prose only before a
    # known word — a bracket there (“已以“（未填报）”标示”) is the writer's to place
    label = all(p.kind is not PieceKind.CHAR for p in pieces)
    breaks: set[int] = set()
    line = 0.0
    for piece in pieces:
        if piece.kind is PieceKind.SPACE and "\n" in piece.text:
            line = 0.0
            continue
        width = em_width(piece.text)
        if line > 0 and line + width > usable + 1e-9:
            if piece.kept and (label or piece.kind is PieceKind.WORD):
                breaks.add(piece.start)
            line = 0.0
        line += width
    return replace(cell, segs=_split_at(cell.segs, breaks)) if breaks else cell


def _split_at(segs: Inline, breaks: set[int]) -> Inline:
    """``segs`` with a line break before each offset of ``breaks``: a segment of words (template
    wording, the unit's text without a figure, a finding's place) is split in two around a
    line break of its own, so its characters stay as they are; a figure is never split, a
    break at its start goes before it."""
    out: list[Seg] = []
    offset = 0
    for seg in segs:
        inside = sorted(b - offset for b in breaks if offset <= b < offset + len(seg.text))
        if seg.kind in (SegKind.TEXT, SegKind.FINDING) or (seg.kind is SegKind.INPUT and seg.value is None):
            cuts = inside
        else:
            cuts = [0] if 0 in inside else []
        pieces = [seg.text[a:b] for a, b in zip([0, *cuts], [*cuts, len(seg.text)], strict=True)]
        for k, text in enumerate(pieces):
            if k > 0:
                out.append(Seg("\n", SegKind.TEXT))
            if text or not seg.text:
                out.append(replace(seg, text=text))
        offset += len(seg.text)
    return tuple(out)


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

