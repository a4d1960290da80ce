"""Facts: every figure a document states, with its unit, precision and location."""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.model.location import Location
from jixiao.model.numbers import WrittenNumber, digits_in_range, normalize_digits
from jixiao.model.record import Record, record
from jixiao.model.units import is_known_unit, normalize_unit


@record
class Fact(Record):
    """One statement of one quantity (one appearance of a figure).

    The same quantity stated in the report text, in 附件2 and in 附件3 gives three
    facts with one ``concept``; the checks reconcile them.

    Attributes:
        concept: what the figure states, e.g. ``expenditure.public_funds.final``.
        value: the number as written (``Decimal``, never float).
        unit: the unit as stated or implied by the table (万元, 元, %, 人, …).
        decimals: decimals as written (``63.70`` → 2).
        text: the figure exactly as written.
        location: where it is written.
        label: a Chinese description of the place, e.g. ``附件2·公用经费·本年决算数``.
        unit_stated: True when the unit was written next to the number, False when
            it comes from the table's or the field's default.
    """

    concept: str
    value: Decimal
    unit: str | None
    decimals: int
    text: str
    location: Location
    label: str = ""
    unit_stated: bool = False

    @property
    def place(self) -> str:
        """The document part the fact sits in (``正文``, ``附件2`` …)."""
        return self.label.split("·", 1)[0]

    @property
    def display(self) -> str:
        """The figure with its unit, as a person reads it (``63.72万元``)."""
        if self.unit and self.unit not in self.text:
            return f"{self.text}{self.unit}"
        return self.text


_BLANKS = frozenset({"", "/", "／", "—", "——", "－", "-", "--", "---", "——————", "…", "……",
                     "无", "null", "none", "N/A", "n/a", "NA", "\\"})
_FIGURE_RE = re.compile(r"^\s*([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*([^\d\s]{0,6})\s*$")


def is_blank(text: str) -> bool:
    """Whether a cell says nothing: empty, ``/``, ``——``, ``无``."""
    return text.strip().replace("\u3000", "").replace("\xa0", "") in _BLANKS


@record
class StatedFigure(Record):
    number: WrittenNumber
    unit: str | None
    unit_stated: bool


def parse_figure(text: str, default_unit: str | None) -> StatedFigure | None:
    """Read a table figure such as ``63.72``, ``42.82元``, ``850.19万``, ``111%``.

    Returns ``None`` if the text is not one number with an optional unit.
    """
    raw = normalize_digits(text.replace("\u3000", " ").replace("\xa0", " "))
    m = _FIGURE_RE.match(raw)
    if not m:
        return None
    # The group is one number as parse_number reads it (same grammar, already folded
    # to ASCII): read it here rather than through parse_number's checks again.
    digits = m.group(1)
    if len(digits) > 40:
        return None
    cleaned = digits.replace(",", "")
    if not digits_in_range(cleaned):
        return None
    point = cleaned.find(".")
    number = WrittenNumber(Decimal(cleaned), len(cleaned) - point - 1 if point >= 0 else 0, text.strip())
    unit_text = m.group(2)
    if unit_text:
        unit = normalize_unit(unit_text)
        if not is_known_unit(unit):
            return None  # "5万元左右" is not a figure a table can hold
        return StatedFigure(number, unit, True)
    return StatedFigure(number, default_unit, False)
