"""Dates as documents write them: ``2022年5月13日``, ``2024年 2月26日``, ``2019-07-09``,
``2017 -7 - 25``, ``2021.12.31``. Kept as (year, month, day) integers: the checks only
compare them with the end of a year, and the model needs no calendar for that."""

from __future__ import annotations

import re

from jixiao.model.record import Record, record

# A year, a month and optionally a day, separated by 年/月(日), -, ., / with any spacing.
DATE_PATTERN = (r"(?P<y>(?:19|20)\d{2})\s*(?:年\s*|[-./／]\s*)(?P<m>\d{1,2})\s*(?:月\s*|[-./／]\s*)?"
                r"(?:(?P<d>\d{1,2})\s*日?)?")
_DATE = re.compile(DATE_PATTERN)


@record
class StatedDate(Record):
    """A date as stated: the day may be missing (``2022年5月``)."""

    year: int
    month: int
    day: int | None = None

    def display(self) -> str:
        day = f"{self.day}日" if self.day is not None else ""
        return f"{self.year}年{self.month}月{day}"


def parse_date(text: str) -> StatedDate | None:
    """The first plausible date in ``text`` (month 1–12, day 1–31), or None."""
    for m in _DATE.finditer(text):
        month = int(m.group("m"))
        day = int(m.group("d")) if m.group("d") else None
        if 1 <= month <= 12 and (day is None or 1 <= day <= 31):
            return StatedDate(int(m.group("y")), month, day)
    return None
