"""Reading numbers the way they are written in Chinese budget documents.

A written number carries its precision: ``63.70`` has two decimals and stands for
the interval [63.695, 63.705] (XBRL Calc 1.1). So numbers are parsed from text into
``Decimal`` plus the count of decimals written, never through ``float``.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from jixiao.model.record import Record, record

# Full-width digits and signs appear in documents typed with a Chinese IME.
_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９．，－＋％",
    "0123456789.,-+%",
)
_MINUS = str.maketrans({"−": "-", "–": "-", "﹣": "-"})
_PLAIN_RE = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")

# The numbers a budget document can hold, bounded where they are read: amounts in 元
# stay under 15 integer digits (10^15 元 is a thousand trillion), and every figure keeps
# well inside Decimal's 28-digit context, so no later sum, quotient or quantize of the
# scoring overflows it (28 digits made quantize raise InvalidOperation).
MAX_INTEGER_DIGITS = 15
MAX_DIGITS = 24  # significant digits, integer and decimal parts together


def digits_in_range(cleaned: str) -> bool:
    """Whether a plain number (no thousands separators) is within the bounds above."""
    unsigned = cleaned.lstrip("+-")
    whole, _, frac = unsigned.partition(".")
    whole = whole.lstrip("0")
    if len(whole) > MAX_INTEGER_DIGITS:
        return False
    return len((whole + frac).lstrip("0")) <= MAX_DIGITS


@record
class WrittenNumber(Record):
    """A number as written: exact value, decimals written, and the text itself."""

    value: Decimal
    decimals: int
    text: str


def normalize_digits(text: str) -> str:
    """Fold full-width digits, signs and minus variants to ASCII."""
    return text.translate(_FULLWIDTH).translate(_MINUS)


_LEADING_NUMBER = re.compile(r"\s*[+-]?([\d,]+(?:\.\d+)?)")


def out_of_range(text: str) -> bool:
    """Whether ``text`` starts with a number that is too long to be read (so that the
    reader can say so, rather than "not a number")."""
    m = _LEADING_NUMBER.match(normalize_digits(text))
    return m is not None and not digits_in_range(m.group(1).replace(",", ""))


def parse_number(text: str) -> WrittenNumber | None:
    """Parse a bare number (``"1,234.50"``, ``"－1.93"``, ``"０.５"``).

    Returns ``None`` for anything that is not exactly one number, so callers can
    report it instead of guessing.
    """
    raw = normalize_digits(text.strip())
    if not raw or len(raw) > 40 or not _PLAIN_RE.match(raw):
        return None
    cleaned = raw.replace(",", "")
    if not digits_in_range(cleaned):
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        return None
    decimals = len(cleaned.split(".", 1)[1]) if "." in cleaned else 0
    return WrittenNumber(value=value, decimals=decimals, text=text.strip())


_ONE = Decimal(1)
# Quanta by places (2 → 0.01), built once: messages and explanations write dozens of
# figures per evaluation.
_PLACES = {d: _ONE.scaleb(-d) for d in range(29)}
_NEGATIVE_ZEROS = frozenset({"-0", "-0.0", "-0.00"})
_HALF = Decimal("0.5")


class _Halves(dict[int, Decimal]):
    """½·10^−d by decimals d, made on first use."""

    def __missing__(self, decimals: int) -> Decimal:
        half = self[decimals] = _HALF.scaleb(-decimals)
        return half


# Half units by decimals: resolution reads one for every figure.
HALVES = _Halves({d: _HALF.scaleb(-d) for d in range(-12, 13)})


def format_decimal(value: Decimal, decimals: int | None = None) -> str:
    """Write a Decimal without exponent, with ``decimals`` places when given (half up;
    none or fewer places round to whole units)."""
    if decimals is not None:
        quantum = _PLACES.get(decimals) if decimals > 0 else _ONE
        if quantum is None:
            quantum = _ONE.scaleb(-decimals)
        value = value.quantize(quantum, rounding=ROUND_HALF_UP)
    # str() writes a Decimal as format(value, "f") does unless it needs an exponent,
    # at a third of the cost (dozens of figures are written per evaluation).
    text = str(value)
    if "E" in text:
        text = format(value, "f")
    if text in _NEGATIVE_ZEROS:
        text = text[1:]
    return text


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Round the way Chinese financial tables do (四舍五入); negative places round to
    tens, hundreds …"""
    quantum = _PLACES.get(decimals)
    if quantum is None:
        quantum = _ONE.scaleb(-decimals)
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def half_unit(decimals: int) -> Decimal:
    """Half a unit in the last written place: a figure written with 2 decimals stands
    for anything within ±0.005 of it."""
    return HALVES[decimals]


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}


def parse_chinese_count(text: str) -> int | None:
    """Small Chinese numerals used for counts (``三`` → 3, ``十二`` → 12, ``二十`` → 20).

    Only 0–99: larger amounts are always written in Arabic digits in these documents.
    """
    if not text or len(text) > 3:
        return None
    if all(c in _CN_DIGITS for c in text):
        if len(text) != 1:
            return None
        return _CN_DIGITS[text]
    if "十" in text:
        head, _, tail = text.partition("十")
        if "十" in tail:
            return None
        tens = 1 if head == "" else _CN_DIGITS.get(head)
        ones = 0 if tail == "" else _CN_DIGITS.get(tail)
        if tens is None or ones is None or (head and len(head) > 1) or len(tail) > 1:
            return None
        return tens * 10 + ones
    return None
