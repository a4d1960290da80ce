"""Which numbers written in a line of text are figures (amounts, rates, counts, points).

Shared by the reading-coverage scan (``jixiao.audit.coverage``) and the reader of the
figures stated in a report's sentences (``jixiao.readers.extract.text_figures``), so
both leave out the same numbers that are never facts: dates and times, years written
with 年, enumerators (``1、`` ``(2)`` ``3.`` ``任务1``), document numbers (``〔2018〕``,
``130号``), codes glued to letters (``YYX292``), long digit runs (telephone numbers,
IDs), years written without 年 (``2018绩效``) or split by a space (``20 16 年度``) and
slogans in quotation marks made of digits only (``“1453”``, ``“1+4+5+3”``). The numbers
of a page that are not the report's (a portal's counters, a download site's fields …)
are the coverage scan's own business (``jixiao.audit.coverage.not_the_reports``).

Pure functions over one string; the caller decides what a line is.
"""

from __future__ import annotations

import re

NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
# what comes right after a number that makes it a date, a time, an enumerator or a document number
_NOT_FIGURE_AFTER = re.compile(r"(?:\s?(?:年|月|日|时|時|号|號|〕|:\d|：\d|-\d{1,2}-|、))|\.(?!\d)|\)|）")
_ENUM_BEFORE = re.compile(r"(?:任务|指标|附件|第|〔|\[|[A-Za-z_])$")
_ENUM_PAREN = re.compile(r"[(（]$")
_LONG_RUN = 6  # digits without a decimal point or unit: telephone numbers, postcodes, codes
# a year written without 年 (2018绩效评价自评报告): 19xx/20xx right before words that are
# no unit of a count or an amount
_BARE_YEAR = re.compile(r"(?:19[89]\d|20\d\d)$")
# the first characters of the units of counts and amounts (a year before one is a figure: 2019人)
UNIT_CHARS = frozenset("万元亿人户个次项分名台件辆套所家座间平方米吨亩公里天月日小时岁倍期批场")
_COUNTED_AFTER = re.compile(r"\s?(?:万?元|人|户|个)")
# a year whose digits a space splits (岳阳县20 16 年度)
_SPLIT_YEAR = re.compile(r"(?:19|20)(?: \d ?\d|\d \d)(?=\s*年)")
# a content site's collection: 残联项目绩效自评报告(精选6篇), …(通用5篇), 项目绩效自评报告精品15篇 —
# the site's words, not the report's (a count with a unit, so the readers must know it too)
COLLECTION_TITLE = re.compile(r"(?:精选|通用|精品|热门|优秀|最新|推荐|实用|经典)\d{1,3}篇")
# a slogan in quotation marks written in digits only: “1453”, “1+4+5+3”, “3-2-1”
_DIGIT_SLOGAN = re.compile(r"[“\"「『]\d+(?:[+＋、\-－]\d+)*[”\"」』]")


def figure_spans(line: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of the numbers in ``line`` that are figures."""
    slogans = [m.span() for m in _DIGIT_SLOGAN.finditer(line)]
    split_years = [m.span() for m in _SPLIT_YEAR.finditer(line)]
    found: list[tuple[int, int]] = []
    for match in NUMBER.finditer(line):
        start, end = match.span()
        if any(a < start < b for a, b in slogans):
            continue
        number = match.group()
        before, after = line[max(0, start - 3):start], line[end:end + 4]
        if start and (line[start - 1].isdigit() or line[start - 1] in ".-/"):
            continue
        if start > 1 and line[start - 1] in ":：" and line[start - 2].isdigit():
            continue  # the minutes of a time (14:54)
        plain = number.replace(",", "")
        if "." not in plain and len(plain) >= _LONG_RUN and not _COUNTED_AFTER.match(after):
            continue
        if len(plain) > 1 and plain.startswith("0") and "." not in plain:
            continue  # 0730: an area code, not a figure
        if _ENUM_BEFORE.search(before) or _NOT_FIGURE_AFTER.match(after):
            continue
        rest = after.lstrip()
        if any(a <= start < b for a, b in split_years):
            continue
        if _BARE_YEAR.fullmatch(plain) and rest and "\u4e00" <= rest[0] <= "\u9fff" and rest[0] not in UNIT_CHARS:
            continue
        if _ENUM_PAREN.search(before) and re.match(r"[)）]", after):
            continue
        found.append((start, end))
    return found
