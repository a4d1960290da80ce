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
