"""Terminal width of text with CJK characters (each takes two columns)."""

from __future__ import annotations

import unicodedata


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


_BREAK_BEFORE = "（("
_BREAK_AFTER = "，、；：）)"


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
        if ch in _BREAK_BEFORE and current.strip():
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
