"""Format: how things are written — attachment numbering, values that cannot be read."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks.context import CheckContext
from jixiao.findings import Finding, Level
from jixiao.model.location import Location
from jixiao.model.overall import OverallEvaluation
from jixiao.model.values import ValueKind
from jixiao.registry import Rule, check


@check("format.attachments", Level.INFO, "附件列表与所附表格不符",
       "附件列表为“{listed}”，而所附表格为{present}",
       "整体支出自评材料（湖南表式）：附件1 自评报告、附件2 基础数据表、附件3 自评表（实践惯例，各地不一〔OBS〕）；"
       "附件列表应与所附材料一致")
def attachments(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """报告末尾的附件列表与实际附上的表格（编号、个数）不一致。"""
    ev = ctx.evaluation
    if not isinstance(ev, OverallEvaluation) or ev.report is None:
        return
    present = []
    for table, default_title in ((ev.basic_data, "基础数据表"), (ev.self_evaluation, "整体支出绩效自评表")):
        if table is not None:
            present.append((table.attachment_number, table.title or default_title))
    listed = [(a.number, a.title or "") for a in ev.report.attachments_listed]
    if not listed or not present:
        return
    listed_numbers = [n for n, _ in listed]
    present_numbers = [n for n, _ in present]
    if listed_numbers == present_numbers and len(listed) == len(present):
        return
    loc = ev.report.attachments_listed[0].location or Location(ev.source)
    yield rule.finding([loc], stated="；".join(f"{n}. {t}" for n, t in listed),
                       expected="；".join(f"附件{n} {t}" for n, t in present),
                       listed="；".join(f"{n}. {t}" for n, t in listed),
                       present="、".join(f"附件{n}（{t}）" for n, t in present))


@check("format.unparsed", Level.INFO, "指标值无法解析",
       "“{name}”的{what}“{text}”含数字但无法解析为（性质、数值、单位），按文字保留",
       "年度指标值解析为指标性质（=、≥、≤、定性）、数值和度量单位（四川、云南表式分列三栏，湖南、安徽表式合写）〔C〕")
def unparsed(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """指标值或完成值含数字，却不是“≥95%”“不少于3次”这类可解析的写法；原文保留，不作猜测。"""
    for row in ctx.card.rows:  # a row per indicator, in the evaluation's order
        ind = row.indicator
        if ind is None:
            continue
        for what, v in (("年度指标值", ind.target), ("实际完成值", ind.actual)):
            if v is not None and v.kind is ValueKind.UNPARSED:
                yield rule.finding([v.location], stated=v.text, expected=None, name=ind.name, what=what,
                                   text=v.text)
