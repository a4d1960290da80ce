"""The report's own date against the year it evaluates: a self-evaluation judges a
finished year, so a report dated within that year was written before the year's
accounts could be closed."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks.context import CheckContext
from jixiao.findings import Finding, Level
from jixiao.model.dates import parse_date
from jixiao.model.evaluation import year_of
from jixiao.registry import Rule, check


@check("plaus.report-before-year-end", Level.WARNING, "报告日期早于年度结束",
       "报告日期为{date}，而所评价的是{year}年度：自评针对已结束年度的预算执行和绩效目标，"
       "应在{year}年12月31日之后（年度决算编成后）进行",
       "《项目支出绩效评价管理办法》（财预〔2020〕10号）：单位自评评价年度绩效目标完成情况和预算执行情况，"
       "在年度终了后进行〔BK〕；各地在次年布置上一年度的自评（茂名市2021年度自评据茂财绩函〔2022〕2号〔C〕）；"
       "自评结果随部门决算公开（云南、湖南、湖北决算公开〔C〕）")
def report_before_year_end(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """报告自身所署日期（封面报告日期、填报日期或落款日期）在所评价年度的12月31日及以前。
    网页的发布日期不是报告日期，不据此判断。"""
    ev = ctx.evaluation
    stated, year = ev.report_date, year_of(ev)
    if stated is None or year is None:
        return
    date = parse_date(stated.value)
    if date is None or date.year > year:
        return
    yield rule.finding([stated.location] if stated.location else [], stated=date.display(),
                       expected=f"晚于{year}年12月31日", date=date.display(), year=year)
