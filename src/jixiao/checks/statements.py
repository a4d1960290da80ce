"""What a published document states against itself: lists that name a project twice,
revenue short of spending with no source, totals no table stands behind or no table
can reach, and score columns that are only the points copied.

Each of these was met in real published reports; each rule refers only to concepts,
never to one document's labels.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from jixiao.checks.context import CheckContext
from jixiao.findings import Finding, Level
from jixiao.model.evaluation import all_indicators
from jixiao.model.fact import Fact
from jixiao.model.keys import name_key
from jixiao.model.location import Location
from jixiao.model.numbers import format_decimal
from jixiao.model.overall import OverallEvaluation
from jixiao.model.values import ValueKind
from jixiao.registry import Rule, check
from jixiao.scoring.outcome import Outcome, format_points

# Words that name where money beyond the year's revenue came from (上年结转结余 …).
_SOURCE_WORDS = ("结转", "结余", "上年", "往年", "动用", "其他资金", "其他收入", "事业收入")


def _named_twice(names: Iterable[tuple[str, Location | None]]) -> Iterator[tuple[str, list[Location]]]:
    seen: dict[str, list[Location | None]] = {}
    display: dict[str, str] = {}
    for name, loc in names:
        key = name_key(name)
        if key == "_":
            continue  # a blank name is complete.value's, not a repeat
        seen.setdefault(key, []).append(loc)
        display.setdefault(key, name)
    for key, locs in seen.items():
        if len(locs) > 1:
            yield display[key], [loc for loc in locs if loc is not None]


@check("dup.listed-twice", Level.WARNING, "同一项目重复列出",
       "{where}中“{name}”列出了{times}次",
       "报告所列明细应各不相同；重复列出会使合计、个数和执行率失真（jixiao 核查原则）")
def listed_twice(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """同一份清单中同一项目（专项、内设机构、三级指标）出现两次以上：多为复制粘贴，合计与个数随之失真。"""
    ev = ctx.evaluation
    lists: list[tuple[str, list[tuple[str, Location | None]]]] = []
    if isinstance(ev, OverallEvaluation) and ev.report is not None:
        budget, performance = ev.report.public_budget, ev.report.performance
        if budget is not None and budget.projects is not None:
            lists.append(("§二项目支出情况", [(p.name, p.location) for p in budget.projects.items]))
        if performance is not None and performance.projects is not None:
            lists.append(("§六项目支出绩效情况", [(p.name, p.location) for p in performance.projects.items]))
        profile = ev.report.profile
        if profile is not None and profile.institution_list is not None:
            lists.append(("§一内设机构", [(i.name, i.location) for i in profile.institution_list.items]))
    by_group: dict[tuple[str, str], list[tuple[str, Location | None]]] = {}
    for category, group, indicator in all_indicators(ev):
        by_group.setdefault((category.name, group.name), []).append((indicator.name, indicator.location))
    lists += [(f"绩效指标“{group}”", items) for (_category, group), items in by_group.items()]
    for where, items in lists:
        for name, locs in _named_twice(items):
            yield rule.finding(locs, stated=name, where=where, name=name, times=len(locs) or 2)


@check("plaus.revenue-below-spending", Level.WARNING, "支出超过收入且未说明来源",
       "{what}{revenue}万元，支出{spending}万元，多支出{gap}万元，文中未说明资金来源（如上年结转结余）",
       "本年支出超过本年收入的部分应来自年初结转结余，报告应说明（由部门决算口径推导的核对）")
def revenue_below_spending(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """报告称财政拨款收入少于支出（或收入合计少于支出合计），而没有一句话说明差额从何而来
    （上年结转结余等），收支情况中也没有列出上年结转。"""
    ev = ctx.evaluation
    if not isinstance(ev, OverallEvaluation) or ev.report is None:
        return
    budget, accounts = ev.report.public_budget, ev.report.accounts
    if budget is not None:
        text = " ".join(t.value for t in (budget.text,) if t is not None)
        if not any(word in text for word in _SOURCE_WORDS):
            yield from _short(rule, "财政拨款收入", budget.revenue, budget.expenditure)
    if accounts is not None and accounts.carryover is None:
        # 同比上年 is a comparison, not a source: only the words that name one count here
        text = " ".join(t.value for _place, t in ev.texts)
        if not any(word in text for word in _SOURCE_WORDS if word != "上年"):
            yield from _short(rule, "收入合计", accounts.revenue, accounts.expenditure)


def _short(rule: Rule, what: str, revenue: Fact | None, spending: Fact | None) -> Iterator[Finding]:
    if revenue is None or spending is None or revenue.unit != spending.unit or revenue.value >= spending.value:
        return
    gap = spending.value - revenue.value
    yield rule.finding([revenue.location, spending.location], stated=revenue.text,
                       expected=f"≥{spending.text}", what=what, revenue=revenue.text, spending=spending.text,
                       gap=format_decimal(gap))


@check("score.no-table", Level.WARNING, "总分没有评分表支撑",
       "自评总分{total}分，但没有逐项评分（指标表或执行率得分未列出），无法复核",
       "《项目支出绩效评价管理办法》（财预〔2020〕10号）第二十二条：单位自评结果主要通过项目支出绩效自评表反映，列明各项指标的分值与得分〔BK〕")
def no_table(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """文件写了自评总分，却没有任何一行带得分的指标或执行率：总分无从复核。
    所据文件不完整（截断）时不报。"""
    total = ctx.card.reported_total
    if total is None or ctx.partial:
        return
    if any(r.reported is not None for r in ctx.card.rows):
        return
    yield rule.finding([total.location], stated=total.text, total=total.text)


@check("score.unreachable-total", Level.ERROR, "总分超过满分",
       "自评总分{total}分，超过满分{most}分（{basis}）",
       "得分在0与分值之间，总分不超过各项分值之和（由财预〔2020〕10号第二十一条计分方法推导：完成指标值的记全部分值〔BK〕）")
def unreachable_total(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """自评总分大于能得到的最高分：表中标注的总分值，未标注时为框架的总分。"""
    card = ctx.card
    total = card.reported_total
    if total is None:
        return
    weight = card.total.weight if card.total is not None else None
    most, basis = (weight.value, f"总分值栏{weight.text}分") if weight is not None \
        else (ctx.framework.total_points, f"评价框架“{ctx.framework.id}”的总分")
    if total.value > most:
        yield rule.finding([total.location], stated=total.text, expected=f"≤{format_points(most)}",
                           total=total.text, most=format_points(most), basis=basis)


@check("score.qualitative-full", Level.WARNING, "定量指标以文字完成却得满分",
       "“{name}”指标值为定量的“{target}”，完成值只写“{actual}”，没有数字，却得满分{score}分",
       "《项目支出绩效评价管理办法》（财预〔2020〕10号）第二十一条：定量指标按完成值与指标值的比例记分，须填实际数值〔BK〕")
def qualitative_full(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """定量指标（指标值有数字）的完成值只写了“完成”“已完成”之类的文字，自评却给满分：
    没有完成数值，满分无从证实。"""
    for row in ctx.card.rows:
        indicator = row.indicator
        if indicator is None or row.reported is None or row.weight is None or row.weight <= 0:
            continue
        target, actual = indicator.target, indicator.actual
        if target is None or actual is None or target.kind is not ValueKind.QUANTITATIVE \
                or actual.kind is not ValueKind.QUALITATIVE or row.reported.value < row.weight:
            continue
        yield rule.finding([row.reported.location, actual.location], stated=row.reported.text,
                           name=row.name, target=target.text, actual=actual.text, score=row.reported.text)


@check("score.copied-weights", Level.WARNING, "得分栏与分值栏相同",
       "{count}个三级指标的得分都与分值相同，而“{name}”{why}：得分栏可能照抄了分值栏",
       "《项目支出绩效评价管理办法》（财预〔2020〕10号）第二十一条：按各项指标完成情况逐项评分，总分由各项指标得分汇总形成〔BK〕")
def copied_weights(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """全部三级指标（至少3个）的得分都等于分值，而复算表明至少一项未达到指标值：
    得分栏很可能是照抄分值栏，而不是逐项评出来的。"""
    rows = [r for r in ctx.card.rows if r.kind == "indicator" and r.weight and r.reported is not None]
    if len(rows) < 3 or any(r.reported is not None and r.reported.value != r.weight for r in rows):
        return
    unmet = next((r for r in rows if r.score.outcome is Outcome.COMPUTED and r.score.met is False), None)
    if unmet is None:
        return
    why = f"未达到指标值（复算{format_points(unmet.score.points or Decimal(0))}分）"
    yield rule.finding([r.reported.location for r in rows if r.reported is not None][:1]
                       + ([unmet.reported.location] if unmet.reported is not None else []),
                       count=len(rows), name=unmet.name, why=why)
