"""Completeness: what must be stated and is not, said explicitly ("insufficient
evidence" is a finding, never a silent zero)."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks.common import amount, funds_field, locations_of, written
from jixiao.checks.context import CheckContext
from jixiao.findings import Finding, Level
from jixiao.model.location import Location
from jixiao.model.overall import OverallEvaluation
from jixiao.model.project import ProjectEvaluation
from jixiao.model.text import Text, is_placeholder, says_nothing
from jixiao.model.values import ValueKind
from jixiao.registry import Rule, check
from jixiao.scoring.outcome import Outcome


def _empty(t: Text | None) -> bool:
    return says_nothing(t)


@check("complete.section", Level.WARNING, "缺少必备内容",
       "缺少“{section}”",
       "整体支出自评报告提纲（湖南表式）：存在的问题及原因分析、下一步改进措施、自评结果拟应用和公开情况"
       "（实践惯例，通知原文未见〔OBS〕）；财预〔2020〕10号第二十二条：研究提出改进措施〔BK〕；"
       "四川项目支出绩效自评表须填评价结论、存在问题、改进措施〔C〕")
def section(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """报告或自评表缺少必备的文字部分。所据文件不完整（截断）时按提示报告。"""
    ev = ctx.evaluation
    level = Level.INFO if ctx.partial else None
    holder: object = ev
    prefix = ""  # the JSON Pointer of the part that holds the sections
    if isinstance(ev, OverallEvaluation):
        if ev.report is None:
            return  # a table-only evaluation (basic data, indicator table) has no text to check
        holder, prefix = ev.report, "/report"
    for attr in ctx.framework.required_sections:
        if not hasattr(holder, attr):
            continue
        text = getattr(holder, attr)
        if text is None or text.is_empty:  # a prompt left in place is complete.placeholder's
            where = text.location if text is not None and text.location is not None \
                else Location(ev.source, field=f"{prefix}/{attr}")  # where the section would go
            yield rule.finding([where], stated=None, expected=None, level=level, section=_title(holder, attr))


def _title(holder: object, attr: str) -> str:
    from jixiao.model.schema import specs

    return dict(specs(type(holder)))[attr].title


@check("complete.placeholder", Level.WARNING, "保留了模板提示语",
       "“{field}”填的是表格模板的提示语（“{excerpt}”），没有实际内容",
       "自评表各栏应填写实际内容（四川省部门预算项目支出绩效自评表表式〔C〕）")
def placeholder(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """文字栏目里留着模板的填写说明（如“（200字以内）”），而不是实际内容。"""
    for path, text in ctx.evaluation.texts:
        if is_placeholder(text):
            excerpt = text.value.strip().splitlines()[0]
            excerpt = excerpt if len(excerpt) <= 50 else excerpt[:49] + "…"
            yield rule.finding([text.location], stated=excerpt, expected=None,
                               field=path.split("·")[-1], excerpt=excerpt)


@check("complete.value", Level.WARNING, "缺少计分所需数据",
       "“{name}”{what}未填，{consequence}",
       "《项目支出绩效评价管理办法》（财预〔2020〕10号）第十九条：单位自评内容包括总体绩效目标、各项绩效指标完成情况和预算执行情况〔BK〕；"
       "证据不足不得视同满分或零分（jixiao 核查原则）")
def value(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """有分值的三级指标没有填年度指标值或实际完成值，或资金总额行缺少全年预算数、执行数，
    得分无法复算（证据不足）。所据文件不完整时按提示报告。"""
    level = Level.INFO if ctx.partial else None
    for row in ctx.card.rows:
        ind = row.indicator
        if ind is None or not row.weight or row.score.outcome is Outcome.COMPUTED:
            continue
        if ind.target is None or ind.target.kind is ValueKind.BLANK:
            loc = (ind.target.location if ind.target is not None else None) or _cell(ind.location, "target")
            yield rule.finding([loc], stated=None, expected=None, level=level, name=ind.name,
                               what="年度指标值", consequence="得分无法复算（证据不足）")
        if ind.actual is None or ind.actual.kind is ValueKind.BLANK:
            loc = (ind.actual.location if ind.actual is not None else None) or ind.location
            yield rule.finding([loc], stated=None, expected=None, level=level, name=ind.name,
                               what="实际完成值", consequence="得分无法复算（证据不足）")
    res = ctx.resolution
    if any(r.kind == "execution" for r in ctx.card.rows):
        for concept, what in (("funds.total.full_year", "全年预算数"), ("funds.total.final", "全年执行数")):
            if res.get(concept) is None:
                where = locations_of(res, "funds.total.weight", "funds.total.initial")[:1] \
                    or [funds_field(ctx.evaluation, concept.rsplit(".", 1)[1])]
                yield rule.finding(where,
                                   stated=None, expected=None, level=level, name="年度资金总额", what=what,
                                   consequence="执行率无法计算")


def _cell(row: Location | None, key: str) -> Location | None:
    """The place of a row's cell that was left out: the row's position, the cell's field."""
    if row is None or row.field is None:
        return row
    return row.at_field(f"{row.field}/{key}")


@check("complete.adjustment-reason", Level.INFO, "预算调整未说明原因",
       "年初预算{initial}万元调整为全年预算{full}万元（{direction}{diff}万元），未说明调整原因",
       "四川省部门预算项目支出绩效自评表表注第2条：年中预算调整（追加或调减）须单独说明理由〔C〕")
def adjustment_reason(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """年初预算数与全年（调整后）预算数不同，却没有说明调整原因。级别由评价框架规定
    （四川表式要求单独说明，为警告；其他为提示）。"""
    res = ctx.resolution
    initial, full = res.get("funds.total.initial"), res.get("funds.total.full_year")
    if initial is None or full is None or initial.interval.meets(full.interval):
        return
    ev = ctx.evaluation
    row = (ev.self_evaluation.funds if isinstance(ev, OverallEvaluation) and ev.self_evaluation
           else ev.funds.total if isinstance(ev, ProjectEvaluation) and ev.funds else None)
    if row is not None and not _empty(row.reason):
        return
    diff = full.value - initial.value
    yield rule.finding(locations_of(res, "funds.total.full_year", "funds.total.initial"),
                       stated=None, expected=None, level=Level(ctx.framework.adjustment_reason_level),
                       initial=written(initial), full=written(full), direction="增加" if diff > 0 else "减少",
                       diff=amount(abs(diff), max(initial.decimals, full.decimals)))


@check("complete.exec-reason", Level.WARNING, "执行率偏低未说明原因",
       "预算执行率{rate}%，低于{limit}%，{problem}",
       "四川省部门预算项目支出绩效自评表表注第1条：预算执行率低于90%的须说明原因，100字以内〔C〕")
def exec_reason(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """执行率低于框架规定（一般为90%）却没有说明原因，或说明超过规定字数。"""
    fw = ctx.framework.execution
    row = next((r for r in ctx.card.rows if r.kind == "execution"), None)
    if fw is None or row is None or row.score.met is not False:
        return
    ev = ctx.evaluation
    funds = (ev.self_evaluation.funds if isinstance(ev, OverallEvaluation) and ev.self_evaluation
             else ev.funds.total if isinstance(ev, ProjectEvaluation) and ev.funds else None)
    reason = funds.reason if funds is not None else None
    rate = row.actual.rstrip("%")
    where = [row.reported.location if row.reported else None, *locations_of(ctx.resolution, "funds.total.rate")]
    if not any(where):  # a rate no one stated, computed from 执行数 ÷ 全年预算数: point at those
        where = list(locations_of(ctx.resolution, "funds.total.final", "funds.total.full_year"))
    if _empty(reason):
        yield rule.finding(where, stated=None, expected=None, rate=rate, limit=amount(fw.reason_below),
                           problem="未说明原因")
    elif fw.reason_max_chars and reason is not None and len(reason.value.strip()) > fw.reason_max_chars:
        yield rule.finding([reason.location], stated=str(len(reason.value.strip())),
                           expected=f"≤{fw.reason_max_chars}", rate=rate, limit=amount(fw.reason_below),
                           problem=f"原因说明{len(reason.value.strip())}字，超过{fw.reason_max_chars}字")


@check("complete.partial", Level.INFO, "所据文件不完整",
       "所据文件不完整{notes}；未载明的内容不作判断，相关缺项按提示报告",
       "jixiao 核查原则：未载明不等于为零")
def partial(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """输入标明所据文件不完整（如网页截断）：缺项按提示而非警告报告。"""
    if not ctx.partial:
        return
    notes = ctx.evaluation.notes
    first = notes.value.strip().splitlines()[0] if notes is not None and not notes.is_empty else ""
    text = f"（{first if len(first) <= 80 else first[:79] + '…'}）" if first else ""
    where = notes.location if notes is not None else None
    yield rule.finding([where or Location(ctx.evaluation.source, field="/completeness")],
                       stated=None, expected=None, notes=text)
