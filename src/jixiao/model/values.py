"""Indicator target and actual values: ``≤772.37万元``, ``不少于3次``, ``全年`` …

A value is split into (operator, number, unit) when it is quantitative, kept as text
when it is qualitative, and kept as text *and reported* when it holds digits that
cannot be read with certainty. Nothing is guessed.
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum

from jixiao.model.fact import is_blank
from jixiao.model.location import Location
from jixiao.model.numbers import normalize_digits, parse_chinese_count, parse_number
from jixiao.model.record import Record, record
from jixiao.model.units import is_known_unit, normalize_unit


class ValueKind(StrEnum):
    QUANTITATIVE = "quantitative"  # 定量
    QUALITATIVE = "qualitative"  # 定性
    NOT_APPLICABLE = "not_applicable"  # "/"、"——"、"无"
    BLANK = "blank"  # 未填
    UNPARSED = "unparsed"  # holds digits but no certain reading


class Operator(StrEnum):
    GE = "≥"
    LE = "≤"
    EQ = "="
    GT = ">"
    LT = "<"



@record
class IndicatorValue(Record):
    """A target (年度指标值) or actual (实际完成值) as stated."""

    text: str
    kind: ValueKind
    operator: Operator | None = None
    number: Decimal | None = None
    decimals: int | None = None
    unit: str | None = None
    normalized: str = ""
    location: Location | None = None

    @property
    def is_quantitative(self) -> bool:
        return self.kind is ValueKind.QUANTITATIVE

    @property
    def is_stated(self) -> bool:
        return self.kind not in (ValueKind.BLANK,)

    def display(self) -> str:
        return self.text if self.text else "—"


# Operator words, longest first so that 大于等于 wins over 大于.
_PREFIX_OPS: tuple[tuple[str, Operator], ...] = tuple(
    sorted(
        {
            "≥": Operator.GE, ">=": Operator.GE, "≧": Operator.GE, "=>": Operator.GE,
            "大于等于": Operator.GE, "大于或等于": Operator.GE, "不少于": Operator.GE,
            "不低于": Operator.GE, "不小于": Operator.GE, "至少": Operator.GE, "达到": Operator.GE,
            "≤": Operator.LE, "<=": Operator.LE, "≦": Operator.LE, "=<": Operator.LE,
            "小于等于": Operator.LE, "小于或等于": Operator.LE, "不多于": Operator.LE,
            "不超过": Operator.LE, "不高于": Operator.LE, "不大于": Operator.LE, "至多": Operator.LE,
            "控制在": Operator.LE,
            "=": Operator.EQ, "＝": Operator.EQ, "﹦": Operator.EQ, "等于": Operator.EQ,
            ">": Operator.GT, "＞": Operator.GT, "大于": Operator.GT, "高于": Operator.GT,
            "超过": Operator.GT,
            "<": Operator.LT, "＜": Operator.LT, "小于": Operator.LT, "低于": Operator.LT,
        }.items(),
        key=lambda kv: -len(kv[0]),
    )
)
_PREFIX_FIRST = frozenset(word[0] for word, _ in _PREFIX_OPS)  # most values start with a digit
_SUFFIX_OPS: tuple[tuple[str, Operator], ...] = (
    ("及以上", Operator.GE), ("以上", Operator.GE),
    ("及以下", Operator.LE), ("以下", Operator.LE), ("以内", Operator.LE),
)
# A number (Arabic, or a small Chinese count) and what follows it. The two kinds start
# with different characters, so each has its own pattern; the Chinese ones are kept as
# text and compiled by re on first use, as their character classes take a millisecond
# to compile and most documents never need them.
_NUMBER_UNIT = re.compile(r"^([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(.*)$")
_CN_COUNT_UNIT = r"^([零〇一二两三四五六七八九十]{1,3})\s*(.*)$"
_CN_COUNT_DIGITS = frozenset("零〇一二两三四五六七八九十")
_YEAR_PREFIX = re.compile(r"^\d{4}\s*年度?\s*")
_CN_YEAR_PREFIX = r"^[一二三四五六七八九〇零]{4}\s*年度?\s*"
_CN_YEAR_DIGITS = frozenset("一二三四五六七八九〇零")
_TEMPORAL = {"全年", "全年度", "年度内", "年内", "当年", "本年度", "本年", "整年"}
_HAS_DIGIT = re.compile(r"\d")


def _strip(text: str) -> str:
    return text.replace("\u3000", " ").replace("\xa0", " ").strip()


def parse_value(text: str | None, location: Location | None = None) -> IndicatorValue:
    """Parse a target or actual as written in an indicator table."""
    if text is None:
        return IndicatorValue("", ValueKind.BLANK, location=location)
    original = _strip(str(text))
    if not original:
        return IndicatorValue("", ValueKind.BLANK, location=location)
    if is_blank(original):
        return IndicatorValue(original, ValueKind.NOT_APPLICABLE, location=location)
    work = normalize_digits(original).replace(" ", "")

    # "2023年全年" is a period, not the number 2023: periods are read first.
    undated = _undated(work)
    if undated in _TEMPORAL:
        return IndicatorValue(original, ValueKind.QUALITATIVE, normalized="全年", location=location)

    quant = _parse_quantitative(work)
    if quant is not None:
        op, number, decimals, unit = quant
        return IndicatorValue(original, ValueKind.QUANTITATIVE, op, number, decimals, unit,
                              normalized=work, location=location)
    if _HAS_DIGIT.search(work):
        return IndicatorValue(original, ValueKind.UNPARSED, normalized=work, location=location)
    return IndicatorValue(original, ValueKind.QUALITATIVE, normalized=work, location=location)


def _undated(work: str) -> str:
    """The text without a leading year ("2023年全年" → "全年")."""
    first = work[:1]
    if first.isdecimal():
        return _YEAR_PREFIX.sub("", work)
    if first in _CN_YEAR_DIGITS:
        return re.sub(_CN_YEAR_PREFIX, "", work)
    return work


def _parse_quantitative(work: str) -> tuple[Operator | None, Decimal, int, str | None] | None:
    op: Operator | None = None
    rest = work
    if rest[:1] in _PREFIX_FIRST:
        for word, candidate in _PREFIX_OPS:
            if rest.startswith(word):
                op, rest = candidate, rest[len(word):]
                break
    for word, candidate in _SUFFIX_OPS:
        if rest.endswith(word):
            if op is not None and op is not candidate and op is not Operator.LE:
                return None
            op, rest = candidate, rest[: -len(word)]
            break
    m = re.match(_CN_COUNT_UNIT, rest) if rest[:1] in _CN_COUNT_DIGITS else _NUMBER_UNIT.match(rest)
    if not m:
        return None
    num_text, unit_text = m.group(1), m.group(2)
    parsed = parse_number(num_text)
    if parsed is not None:
        number, decimals = parsed.value, parsed.decimals
    else:
        count = parse_chinese_count(num_text)
        # Chinese numerals only count with an explicit unit ("三次"), never alone.
        if count is None or not unit_text:
            return None
        number, decimals = Decimal(count), 0
    unit = normalize_unit(unit_text) if unit_text else None
    # An unknown short word after a number ("6个村居") is accepted only when it is short
    # and carries no digits or punctuation.
    if unit is not None and not is_known_unit(unit) and (
            len(unit) > 4 or _HAS_DIGIT.search(unit) or unit[0] in "年月日"
            or re.search(r"[，,。;；:：、()（）%≥≤<>=]", unit)):
        return None
    return op, number, decimals, unit


def with_nature(nature: str | None, value: str | None, unit: str | None,
                location: Location | None = None) -> IndicatorValue:
    """Build a target from split columns (指标性质 / 指标值 / 度量单位), as in Sichuan
    and Yunnan tables. ``定性`` nature keeps the value as text."""
    value_text = _strip(value or "")
    unit_text = _strip(unit or "")
    nature_text = _strip(nature or "")
    if not value_text:
        return parse_value(value_text, location)
    if nature_text and "定性" in nature_text:
        return IndicatorValue(value_text, ValueKind.QUALITATIVE, normalized=value_text,
                              location=location)
    combined = f"{nature_text}{value_text}{unit_text}"
    parsed = parse_value(combined, location)
    if parsed.kind is ValueKind.QUANTITATIVE:
        # The text reads as one statement ("=100%") though the table splits it.
        return IndicatorValue(combined, parsed.kind, parsed.operator, parsed.number,
                              parsed.decimals, parsed.unit, parsed.normalized, location)
    return parse_value(value_text, location)
