"""Scores: within their points, adding up, following the framework's rules, and
explained when points are deducted (财预〔2020〕10号 articles 20–22 on self-evaluation scoring and grades)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.checks.common import amount, funds_field
from jixiao.checks.context import CheckContext
from jixiao.findings import Finding, Level
from jixiao.frameworks.model import POLICY_ZH
from jixiao.model.evaluation import all_indicators, indicator_categories
from jixiao.model.location import Location
from jixiao.model.numbers import format_decimal, half_unit
from jixiao.model.project import ProjectEvaluation
from jixiao.model.text import says_nothing
from jixiao.registry import Rule, check
from jixiao.scoring.card import ScoreRow
from jixiao.scoring.deductions import apply_rule
from jixiao.scoring.lookups import lookups
from jixiao.scoring.measures import MEASURES
from jixiao.scoring.outcome import Outcome, format_points


def _pts(x: Decimal) -> str:
    return format_points(x)


@check("score.over-weight", Level.ERROR, "得分超出分值",
       "“{name}”得分{score}分，超出其分值{weight}分的范围（0–{weight}）",
       "得分在0与分值之间（由财预〔2020〕10号第二十一条计分方法推导：完成指标值的记全部分值〔BK〕）")
def over_weight(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """任何一行的得分大于分值或小于0。"""
    for row in ctx.card.rows:
        if row.reported is None or row.weight is None:
            continue
        if row.reported.value > row.weight or row.reported.value < 0:
            yield rule.finding([row.reported.location], stated=row.reported.text,
                               expected=f"0–{_pts(row.weight)}", name=row.name,
                               score=row.reported.text, weight=_pts(row.weight))


@check("score.weights-sum", Level.ERROR, "分值合计不符",
       "{what}：{detail}",
       "《项目支出绩效评价管理办法》（财预〔2020〕10号）第二十条：预算执行率与各一级指标权重合计100%〔BK〕，公开自评表均为100分〔C〕；"
       "三级指标分值之和等于一级指标分值（由表式推导的核对）")
def weights_sum(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """一级指标标注的分值与其下三级指标分值之和不符，绩效指标栏目标题所注分值（如 绩效指标(90分)）
    与全部三级指标分值之和不符，或全部分值之和不等于总分。"""
    yield from _block_points(ctx, rule)
    for category in indicator_categories(ctx.evaluation):
        if category.weight is None:
            continue
        weights = [i.weight.value for g in category.groups for i in g.items if i.weight is not None]
        if not weights:
            continue
        total = sum(weights, Decimal(0))
        if total != category.weight.value and not ctx.partial:
            yield rule.finding([category.weight.location], stated=category.weight.text,
                               expected=_pts(total), what=category.name,
                               detail=f"标注{category.weight.text}分，所含三级指标分值合计{_pts(total)}分")
    card = ctx.card
    total_fact = card.total.weight if card.total else None
    expected = total_fact.value if total_fact is not None else ctx.framework.total_points
    if total_fact is None and not _all_categories_present(ctx):
        return  # an extract of the table, not the whole table: the total cannot be judged
    if card.rows and card.weight_sum != expected and not ctx.partial:
        where = [total_fact.location] if total_fact is not None else \
            [r.weight_fact.location for r in card.rows if r.weight_fact is not None][:1]
        yield rule.finding(where, stated=_pts(card.weight_sum), expected=_pts(expected),
                           what="全部分值",
                           detail=f"执行率与各三级指标分值合计{_pts(card.weight_sum)}分，应为{_pts(expected)}分")


def _block_points(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """绩效指标(90分): the points the indicator part's title states against its 三级指标
    points, when every 三级指标 has its points and the copy is whole."""
    ev = ctx.evaluation
    stated = ev.indicators_weight if isinstance(ev, ProjectEvaluation) else None
    if stated is None or ctx.partial:
        return
    leaves = [item for _, _, item in all_indicators(ev)]
    if not leaves or any(item.weight is None for item in leaves):
        return
    total = sum((item.weight.value for item in leaves if item.weight is not None), Decimal(0))
    if total != stated.value:
        yield rule.finding([stated.location], stated=stated.text, expected=_pts(total), what="绩效指标",
                           detail=f"栏目标题标注{stated.text}分，所含三级指标分值合计{_pts(total)}分")


def _all_categories_present(ctx: CheckContext) -> bool:
    names = [c.name for c in indicator_categories(ctx.evaluation)]
    needed = [c for c in ctx.framework.categories if c.points]
    return bool(needed) and all(any(c.matches(n) for n in names) for c in needed)


@check("score.framework-weights", Level.WARNING, "分值与评价框架不符",
       "{what}分值{stated_points}分，评价框架“{framework}”规定为{fw_points}分（{source}）",
       "所用评价框架文件中的分值及其出处")
def framework_weights(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """表中标注的一级指标或执行率分值与所用评价框架不同（可能用错了框架或表式）。"""
    fw = ctx.framework
    for category in indicator_categories(ctx.evaluation):
        spec = lookups(fw).category(category.name)
        if spec is None or spec.points is None or category.weight is None:
            continue
        if category.weight.value != spec.points:
            yield rule.finding([category.weight.location], stated=category.weight.text,
                               expected=_pts(spec.points), what=category.name,
                               stated_points=category.weight.text, framework=fw.id,
                               fw_points=_pts(spec.points), source=spec.source.cite())
    exec_row = next((r for r in ctx.card.rows if r.kind == "execution"), None)
    if exec_row is not None and exec_row.weight_fact is not None and fw.execution is not None \
            and exec_row.weight_fact.value != fw.execution.points:
        yield rule.finding([exec_row.weight_fact.location], stated=exec_row.weight_fact.text,
                           expected=_pts(fw.execution.points), what="预算执行率",
                           stated_points=exec_row.weight_fact.text, framework=fw.id,
                           fw_points=_pts(fw.execution.points), source=fw.execution.source.cite())


@check("score.total", Level.ERROR, "总分与各项得分之和不符",
       "各项得分合计{sum}分，总分栏为{total}分",
       "《项目支出绩效评价管理办法》（财预〔2020〕10号）第二十一条：总分由各项指标得分汇总形成（含预算执行率得分）〔BK〕")
def total(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """自评总分不等于执行率得分与各三级指标得分之和。"""
    card = ctx.card
    stated = card.reported_total
    if stated is None or any(r.reported is None and (r.weight or 0) > 0 for r in card.rows):
        return
    # a partial copy may lack rows (cut off, or left out as unreadable): its sum is not all
    if stated.value != card.reported_sum and not ctx.partial:
        yield rule.finding([stated.location], stated=stated.text, expected=_pts(card.reported_sum),
                           sum=_pts(card.reported_sum), total=stated.text)


@check("score.execution", Level.WARNING, "执行率得分不符合计分规则",
       "执行率{rate}按框架的{policy}规则应得{expected_points}分{rounded}，自评{reported}分；{match}",
       "《项目支出绩效评价管理办法》（财预〔2020〕10号）第二十条：预算执行率权重10%〔BK〕，未给计分公式；各地做法不一：按比例（公开表例100%得满分〔C〕）、"
       "每低5个百分点扣2分（地方表例〔C〕）、取整或酌情评分（实践惯例〔OBS〕），由评价框架设定")
def execution(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """执行率得分与框架规定的计分规则不符。消息列出能得出自评分的其他规则（如向下取整），
    便于判断是采用了另一规则还是随意扣分。"""
    row = next((r for r in ctx.card.rows if r.kind == "execution"), None)
    fw = ctx.framework
    if row is None or row.reported is None or fw.execution is None:
        return
    score = row.score
    if score.outcome is not Outcome.COMPUTED or score.points is None or row.agrees is not False:
        return
    reported = row.reported
    half = half_unit(reported.decimals)
    matches = [name for name, pts in score.alternatives if "@" not in name and abs(reported.value - pts) <= half]
    if matches:
        names = "、".join(f"“{POLICY_ZH[m]}”（{m}）" for m in matches)
        match = f"自评分与{names}规则的结果一致"
    else:
        match = "与框架所列各计分规则的结果均不一致"
    rounded = ""
    for name, pts in score.alternatives:
        if name.endswith("@rounded") and format_points(pts) != format_points(score.points):
            rounded = f"（按表列取整后的执行率计为{format_decimal(pts, 2)}分）"
    yield rule.finding([reported.location], stated=reported.text, expected=format_points(score.points),
                       rate=row.actual, policy=f"“{POLICY_ZH[fw.execution.policy]}”（{fw.execution.policy}）",
                       expected_points=format_points(score.points), rounded=rounded,
                       reported=reported.text, match=match)


@check("score.mismatch", Level.WARNING, "自评得分与复算不符",
       "“{name}”自评{reported}分，按框架规则复算为{expected_points}分：{explanation}",
       "《项目支出绩效评价管理办法》（财预〔2020〕10号）第二十一条：定量指标按完成值与指标值的比例记分，定性指标按三档区间（100%–80%、80%–60%、60%–0%）〔BK〕；"
       "反向指标按指标值÷完成值（公开自评表附注〔C〕）")
def mismatch(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """三级指标的自评得分与按框架规则（正向/反向比例、定性分档、扣分规则）复算的结果不符。"""
    for row in ctx.card.rows:
        if row.kind != "indicator" or row.reported is None or row.agrees is not False:
            continue
        expected = row.score.display()
        yield rule.finding([row.reported.location], stated=row.reported.text,
                           expected=expected, name=row.name, reported=row.reported.text,
                           expected_points=expected, explanation=row.score.explanation + _rounding_note(ctx, row))


def _rounding_note(ctx: CheckContext, row: ScoreRow) -> str:
    """The framework's rounding rule, named where it is what makes the score disagree
    (9 for a recomputed 8.62 is within half a point, not within the cents the framework keeps)."""
    reported = row.reported
    if reported is None or row.score.accepts(reported.value, reported.decimals) is not True:
        return ""
    return ctx.framework.score_rounding()


@check("score.reason-missing", Level.ERROR, "扣分未说明原因",
       "“{name}”分值{weight}分、得分{score}分，扣了{lost}分，但偏差原因分析为空",
       "《项目支出绩效评价管理办法》（财预〔2020〕10号）第二十二条：未完成绩效目标或偏离绩效目标较大的，要分析说明原因〔BK〕；"
       "自评表设“偏差原因分析及改进措施”栏（中央、四川表式〔C〕）")
def reason_missing(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """三级指标得分低于分值，却没有填写偏差原因分析（未完成原因分析）。文件不完整时，
    原因一栏可能只是所据文件中缺失，按提示报告。"""
    level = Level.INFO if ctx.partial else None
    for row in ctx.card.rows:
        ind = row.indicator
        if ind is None or row.reported is None or row.weight is None:
            continue
        if row.reported.value >= row.weight:
            continue
        if not says_nothing(ind.reason):
            continue
        if lookups(ctx.framework).rate_indicator(ind.name) is not None and not says_nothing(ind.explanation):
            continue  # a rate indicator's deduction follows the printed rule, shown in 指标说明
        lost = row.weight - row.reported.value
        yield rule.finding([row.reported.location], stated=row.reported.text, expected=None, level=level,
                           name=row.name, weight=_pts(row.weight), score=row.reported.text,
                           lost=_pts(lost))


@check("score.full-but-unmet", Level.WARNING, "未完成却得满分",
       "“{name}”未达到指标值（{target}，完成{actual}），却得满分{score}分",
       "《项目支出绩效评价管理办法》（财预〔2020〕10号）第二十一条：未完成指标值的，按照完成值与指标值的比例记分〔BK〕")
def full_but_unmet(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """定量指标的完成值没有达到指标值，自评仍给了满分。"""
    for row in ctx.card.rows:
        if row.kind != "indicator" or row.reported is None or row.weight is None:
            continue
        if row.score.met is False and row.reported.value >= row.weight and row.weight > 0:
            yield rule.finding([row.reported.location], stated=row.reported.text,
                               expected=row.score.display(), name=row.name, target=row.target,
                               actual=row.actual, score=row.reported.text)


@check("score.grade", Level.ERROR, "评价等级与总分不符",
       "总分{total}分对应等级“{expected_grade}”，表中填为“{grade}”",
       "《项目支出绩效评价管理办法》（财预〔2020〕10号）：评分与评级相结合，90（含）–100分为优、80（含）–90分为良、60（含）–80分为中、60分以下为差〔BK〕；"
       "财政部预算司对中央部门同此分档〔C〕")
def grade(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """填报的评价等级与总分所在的分档不一致。"""
    card = ctx.card
    stated_total, stated_grade = card.reported_total, card.reported_grade
    if stated_total is None or not stated_grade or card.total is None:
        return
    expected = ctx.framework.grade_for(stated_total.value).grade
    if expected != stated_grade:
        yield rule.finding([card.total.location or stated_total.location], stated=stated_grade,
                           expected=expected, total=stated_total.text, expected_grade=expected,
                           grade=stated_grade)


def _score_field(ctx: CheckContext, row: ScoreRow) -> Location:
    """Where a row's missing score would be filled in (its field in the data document)."""
    ind = row.indicator
    if ind is not None and ind.location is not None and ind.location.field is not None:
        return ind.location.at_field(f"{ind.location.field}/score")
    return funds_field(ctx.evaluation, "score")


@check("score.missing", Level.WARNING, "有分值未填得分",
       "“{name}”分值{weight}分，得分未填",
       "《项目支出绩效评价管理办法》（财预〔2020〕10号）第二十一条：总分由各项指标得分汇总形成，自评表每一计分行都应填写得分〔BK〕")
def missing(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """计分行设了分值却没有填写得分；文件不完整时按提示报告。"""
    level = Level.INFO if ctx.partial else None
    for row in ctx.card.rows:
        if row.reported is None and row.weight and row.weight > 0:
            where = row.weight_fact.location if row.weight_fact is not None else _score_field(ctx, row)
            yield rule.finding([where], stated=None, expected=row.score.display()
                               if row.score.outcome is Outcome.COMPUTED else None,
                               level=level, name=row.name, weight=_pts(row.weight))
    card = ctx.card
    if card.total is not None and card.total.score is None and card.total.weight is not None:
        yield rule.finding([card.total.weight.location], stated=None, expected=_pts(card.reported_sum)
                           if card.reported_sum else None, level=level, name="总分",
                           weight=card.total.weight.text)


@check("score.rate-basis", Level.INFO, "比率按另一口径计算",
       "“{name}”说明中的{stated_rate}是按{variant}口径计算的；框架采用{basis}口径，为{framework_rate}。"
       "两种口径得分{same}",
       "“三公经费”变动率：财预〔2013〕53号按决算数计算〔C〕，部分地方表例按预算数〔C〕，各地不一")
def rate_basis(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """比率类指标（如三公经费变动率）填报的比率按另一口径（预算数）计算，与框架口径
    （决算数）不同；给出两种口径下的比率与得分。"""
    if not ctx.framework.rate_indicators:
        return
    rate_indicator = lookups(ctx.framework).rate_indicator
    for row in ctx.card.rows:
        ind = row.indicator
        if ind is None or ind.actual is None or ind.actual.number is None or row.weight is None:
            continue
        spec = rate_indicator(ind.name)
        if spec is None or not spec.variants:
            continue
        measure = MEASURES[spec.measure]
        base = measure(ctx.resolution, spec.basis)
        stated = ind.actual.number
        half = half_unit(ind.actual.decimals or 0)
        for variant in spec.variants:
            other = measure(ctx.resolution, variant)
            if other is None or base is None or abs(other.rate_pct - stated) > half \
                    or abs(base.rate_pct - stated) <= half:
                continue
            same = apply_rule(spec.rule, other.rate_pct, row.weight) == apply_rule(spec.rule, base.rate_pct,
                                                                                    row.weight)
            yield rule.finding([ind.actual.location], stated=ind.actual.text,
                               expected=f"{format_decimal(base.rate_pct, 2)}%", name=ind.name,
                               stated_rate=ind.actual.text, variant=_BASIS.get(variant, variant),
                               basis=_BASIS.get(spec.basis, spec.basis),
                               framework_rate=f"{format_decimal(base.rate_pct, 2)}%",
                               same="相同" if same else "不同")


_BASIS = {"final": "决算数", "budget": "预算数"}


@check("ratio.indicator", Level.ERROR, "指标比率与基础数据不符",
       "“{name}”填报{stated_rate}，按基础数据计算为{computed}（{formula}）",
       "《预算绩效评价共性指标体系框架》（财预〔2013〕53号）附件：部门整体支出共性指标的比率定义〔BK〕")
def indicator_rate(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """比率类指标（在职人员控制率、预算完成率等）填报的比率与按基础数据计算的不符
    （各口径都不符时才报告）。"""
    if not ctx.framework.rate_indicators:
        return
    rate_indicator = lookups(ctx.framework).rate_indicator
    for row in ctx.card.rows:
        ind = row.indicator
        if ind is None or ind.actual is None or ind.actual.number is None:
            continue
        spec = rate_indicator(ind.name)
        if spec is None or ind.actual.unit not in ("%", None):
            continue
        measure = MEASURES[spec.measure]
        values = [v for v in (measure(ctx.resolution, b) for b in (spec.basis, *spec.variants)) if v]
        if not values:
            continue
        stated = ind.actual.number
        half = half_unit(ind.actual.decimals or 0)
        if any(abs(v.rate_pct - stated) <= half for v in values):
            continue
        first = values[0]
        yield rule.finding([ind.actual.location], stated=ind.actual.text,
                           expected=f"{amount(first.rate_pct, ind.actual.decimals)}%", name=ind.name,
                           stated_rate=ind.actual.text, computed=f"{format_decimal(first.rate_pct, 2)}%",
                           formula=first.formula)
