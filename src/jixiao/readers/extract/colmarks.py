"""Column marks of a funds header: the letters a template gives its amount columns
(全年预算数(A), 全年执行数(B)) and the formulas its rate columns state with them
(执行率(B/A), 预算执行(E/C×100%)).

A rate is checked against the columns its own header names: where the budget the rate
is computed on is not 全年预算数 (扣除统筹整合资金后预算金额(C) in a transfer-payment
table), the letters say so. Without marks a rate is the execution over the full-year
budget (全年执行数 ÷ 全年预算数).
"""

from __future__ import annotations

import re

_MARK = re.compile(r"[(（]\s*([A-Z](?:\s*[/÷]\s*[A-Z])?)\s*(?:[×*]\s*100\s*%)?\s*[)）]\s*$")
RATE_ROLES = ("rate", "in_place_rate")
DEFAULT = {"rate": ("final", "full_year")}


def mark_of(text: str) -> str | None:
    """The letters of a column mark at the end of a header cell (``A``, ``B/A``), or
    None. A cell holding only the mark (``(A)`` on a line of its own) has it too."""
    m = _MARK.search(text.strip())
    return re.sub(r"\s+", "", m.group(1)).replace("÷", "/") if m else None


def is_mark_only(text: str) -> bool:
    """A cell that is nothing but a column mark: the end of the header cell before it,
    wrapped onto a line of its own."""
    m = _MARK.search(text.strip())
    return m is not None and m.start() == 0


def formulas(roles: list[str], marks: list[str | None]) -> dict[str, tuple[str, str]]:
    """Rate role → (numerator role, denominator role), from the marks of the header's
    columns; the default for a rate whose mark names no known columns."""
    letters: dict[str, str] = {}
    for role, mark in zip(roles, marks, strict=True):
        if mark is not None and "/" not in mark and role not in RATE_ROLES:
            letters.setdefault(mark, role)
    out: dict[str, tuple[str, str]] = {}
    for role, mark in zip(roles, marks, strict=True):
        if role not in RATE_ROLES or mark is None or "/" not in mark:
            continue
        top, bottom = mark.split("/")
        if top in letters and bottom in letters:
            out[role] = (letters[top], letters[bottom])
    for role, formula in DEFAULT.items():
        out.setdefault(role, formula)
    return out
