"""A1 references (0-based rows and columns in code, ``B7`` for people)."""

from __future__ import annotations

import re

_A1 = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")


_LETTERS: dict[int, str] = {}


def col_letter(col: int) -> str:
    """0 → ``A``, 25 → ``Z``, 26 → ``AA``."""
    cached = _LETTERS.get(col)
    if cached is not None:
        return cached
    out = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    if col < 1024:
        _LETTERS[col] = out
    return out


def a1(row: int, col: int) -> str:
    """The A1 name of a 0-based cell: ``a1(6, 1)`` → ``B7``."""
    return f"{col_letter(col)}{row + 1}"


def parse_a1(ref: str) -> tuple[int, int] | None:
    """``B7`` → ``(6, 1)``; ``None`` when it is not a cell reference."""
    m = _A1.match(ref.strip().upper())
    if not m:
        return None
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def range_a1(first: tuple[int, int], last: tuple[int, int]) -> str:
    return f"{a1(*first)}:{a1(*last)}"


def quote_sheet(name: str) -> str:
    """A sheet name as a formula needs it: ``'经费控制'!B5``."""
    return "'" + name.replace("'", "''") + "'"
