"""Width of text with CJK characters (two terminal columns, one em each), and where a
header may be broken: between its words, never inside one (Word, LibreOffice and Excel
break CJK text at any character)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def width(text: str) -> int:
    if text.isascii():  # most excerpt lines are YAML keys and numbers: one column each
        return len(text)
    east_asian_width = unicodedata.east_asian_width
    return len(text) + sum(1 for c in text if east_asian_width(c) in _WIDE)


_WIDE = ("W", "F")


def pad(text: str, size: int, right: bool = False) -> str:
    gap = max(0, size - width(text))
    return " " * gap + text if right else text + " " * gap


def clip(text: str, size: int) -> str:
    """Shorten to ``size`` columns with an ellipsis (full text stays in the JSON output)."""
    if width(text) <= size:
        return text
    out = ""
    for ch in text:
        if width(out + ch) > size - 1:
            break
        out += ch
    return out + "…"


BREAK_BEFORE = "（("
_BREAK_AFTER = "，、；：）)"
WORD_BREAK = "\u200b"  # where a header may be broken (written “|” in marked wording)
NARROW_EM = 0.55  # digits and Latin letters: at most this many ems in the report fonts


def break_at_phrases(text: str, usable: float) -> str:
    """``text`` with line breaks where a person would break it when it is wider than
    ``usable`` columns: before an opening bracket, after a comma or a closing bracket — so
    no line starts with “）” or “，” and a unit such as “（万元）” stays whole (Word, LibreOffice
    and Excel break CJK text at any character). A piece wider than a line stays whole."""
    if "\n" in text or width(text) <= usable:
        return text
    tokens: list[str] = []
    current = ""
    for ch in text:
        if ch in BREAK_BEFORE and current.strip():
            tokens.append(current)
            current = ""
        current += ch
        if ch in _BREAK_AFTER:
            tokens.append(current)
            current = ""
    if current:
        tokens.append(current)
    lines = [""]
    for token in tokens:
        if lines[-1].strip() and width(lines[-1] + token) > usable:
            lines.append(token)
        else:
            lines[-1] += token
    return "\n".join(lines)


def em_width(text: str) -> float:
    """Width of ``text`` in ems: CJK (and ambiguous-width signs such as ≥ ％) one em, the rest
    at most :data:`NARROW_EM`."""
    return sum(1.0 if unicodedata.east_asian_width(c) in ("W", "F", "A") else NARROW_EM
               for c in text if c != WORD_BREAK)


def header_words(text: str) -> list[list[str]]:
    """The header's lines as it forces them (“\\n”), each a list of the words between which
    it may be broken: at a :data:`WORD_BREAK`, before an opening bracket, after a comma or a
    closing bracket."""
    out: list[list[str]] = []
    for line in text.split("\n"):
        words: list[str] = []
        current = ""
        for ch in line:
            if ch == WORD_BREAK:
                if current:
                    words.append(current)
                current = ""
                continue
            if ch in BREAK_BEFORE and current.strip():
                words.append(current)
                current = ""
            current += ch
            if ch in _BREAK_AFTER:
                words.append(current)
                current = ""
        if current:
            words.append(current)
        out.append(words)
    return out


def break_lines(words: Sequence[str], usable_em: float) -> list[str]:
    """``words`` set in as few lines as fit in ``usable_em``, as even as possible (the widest
    line as narrow as it can be). A word wider than a line keeps a line of its own."""
    n = len(words)
    if n <= 1 or em_width("".join(words)) <= usable_em:
        return ["".join(words)]
    # best[i]: (lines, widest line, start of the last line) for the first i words
    best: list[tuple[int, float, int] | None] = [None] * (n + 1)
    best[0] = (0, 0.0, 0)
    for i in range(1, n + 1):
        for j in range(i - 1, -1, -1):
            prev = best[j]
            line = em_width("".join(words[j:i]))
            if line > usable_em and i - j > 1:
                break
            if prev is None:
                continue
            candidate = (prev[0] + 1, max(prev[1], line), j)
            current = best[i]
            if current is None or candidate[:2] < current[:2]:
                best[i] = candidate
    lines: list[str] = []
    i = n
    while i > 0:
        step = best[i]
        assert step is not None
        lines.append("".join(words[step[2]:i]))
        i = step[2]
    return lines[::-1]


def break_at_words(text: str, usable_em: float) -> str:
    """``text`` with line breaks between its words only (:func:`header_words`: a “|” or
    :data:`WORD_BREAK` marks a word end, and the phrase boundaries) where it is wider than
    ``usable_em``, in as few and as even lines as fit; the marks are removed."""
    marked = text.replace("|", WORD_BREAK)
    return "\n".join("\n".join(break_lines(words, usable_em)) for words in header_words(marked))
