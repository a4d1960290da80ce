"""The project self-evaluation: a short report (after the reference outline of
财预〔2020〕10号) followed by the 项目支出绩效自评表 in the MOF layout (as published
in Anhui and Yunnan) or, under a Sichuan framework, the Sichuan layout."""

from __future__ import annotations

import re

from jixiao.model.fact import Fact
from jixiao.model.project import ProjectEvaluation, ProjectFundsRow, ProjectInfo
from jixiao.model.units import CANONICAL_AMOUNT
from jixiao.narrative import project as nar
from jixiao.narrative import scores as sc
from jixiao.narrative.figures import Figures
from jixiao.narrative.segments import Inline, Seg, SegKind, given, inline, ordinal, placeholder, text
from jixiao.writers.report import chartspecs
from jixiao.writers.report.build import Attachment, Builder
from jixiao.writers.report.cells import cell, head, indicator_header, indicator_rows, total_row
from jixiao.writers.report.view import Block, Cell, Paragraph, Table

MOF_WIDTHS = (0.7, 1.1, 1.1, 1.8, 1.55, 1.5, 0.9, 1.3, 1.65)
SICHUAN_WIDTHS = (0.95, 1.0, 1.6, 1.1, 1.1, 1.1, 1.2, 0.8, 0.8, 1.45)

MOF_SOURCES = (("fiscal", "当年财政拨款"), ("carried_over", "上年结转资金"), ("other", "其他资金"))
SICHUAN_SOURCES = (("fiscal", "财政资金"), ("special_account", "财政专户管理资金"), ("unit_funds", "单位资金"),
                   ("other", "其他资金"))


def is_sichuan(b: Builder) -> bool:
    fw = b.result.framework
    ev = b.result.evaluation
    ident = fw.id if fw else (ev.framework or "")
    return ident.startswith("sichuan") or (fw is not None and fw.jurisdiction.startswith("四川"))


_UNIT_CODE = re.compile(r"^[0-9A-Za-z]+[-－—]\s*")


def unit_name(info: ProjectInfo | None) -> str | None:
    """The unit that reports: the implementer, else the department, without the budget code
    the form prints before it (“219001-池州市贵池区棠溪镇人民政府”)."""
    for name in ((info.implementer, info.department) if info else ()):
        if name and name.strip():
            return _UNIT_CODE.sub("", name.strip())
    return None


def fund_rows(ev: ProjectEvaluation, sichuan: bool) -> list[tuple[str, str, ProjectFundsRow | None, bool]]:
    """(title, concept prefix, row, is_input) for each sub-row: the template's rows (filled
    when the input has them), then any other source the input lists."""
    standard = SICHUAN_SOURCES if sichuan else MOF_SOURCES
    given_rows = list(ev.funds.rows) if ev.funds else []
    by_prefix = {nar.row_prefix(r): r for r in given_rows}
    out: list[tuple[str, str, ProjectFundsRow | None, bool]] = []
    for key, title in standard:
        prefix = f"funds.{key}"
        row = by_prefix.pop(prefix, None)
        out.append((row.source if row and row.source else title, prefix, row, row is not None))
    for other, row in by_prefix.items():
        if other is not None:
            out.append((row.source or "（未注明资金来源）", other, row, True))
    return out


def build_project(b: Builder) -> Inline:
    ev = b.result.evaluation
    assert isinstance(ev, ProjectEvaluation)
    fig = b.fig
    year = b.year
    info = ev.project
    name = info.name if info and info.name else None
    name_seg = given(name) if name else placeholder()
    if name is None:
        fig.note_missing("标题", "项目名称")
    unit_seg = given(reporting) if (reporting := unit_name(info)) else None
    title = inline(unit_seg, year, "年度", name_seg,
                   "支出绩效自评报告" if name and name.endswith("项目") else "项目支出绩效自评报告")
    unit = ev.funds.unit if ev.funds and ev.funds.unit else CANONICAL_AMOUNT
    sichuan = is_sichuan(b)
    framework = b.result.framework
    denominator = framework.execution.denominator if framework and framework.execution else "full_year"
    rows = fund_rows(ev, sichuan)

    b.heading(1, "一、基本情况")
    b.heading(2, "（一）项目概况")
    ov = nar.overview(info)
    if ov is not None:
        b.blocks.append(Paragraph(ov))
    b.text_section(ev.implementation, "一、（一）项目概况", required=ov is None)
    b.heading(2, "（二）绩效目标")
    b.text_section(ev.goals.expected if ev.goals else None, "一、（二）绩效目标")

    b.heading(1, "二、预算执行情况")
    b.blocks.append(Paragraph(nar.execution(fig, year, unit, denominator,
                                            [(t, p) for t, p, _r, is_input in rows if is_input])))
    total_reason = ev.funds.total.reason if ev.funds and ev.funds.total else None
    if b.filled(total_reason):
        b.text_section(total_reason, "二、预算执行情况", required=False)
    b.chart(chartspecs.funds_sources(fig, [("合计", "funds.total")] + [(t, p) for t, p, _r, i in rows if i], unit),
            f"预算与执行情况（{unit}）")

    b.heading(1, "三、综合评价情况及评价结论")
    total = sc.total_score(fig, ev.indicators, framework, ev.total)
    cat_scores = sc.category_scores(fig, ev.indicators)
    execution = sc.execution_score(fig)
    summary = sc.summary(fig, "项目", total, cat_scores, execution)
    if summary is not None:
        b.blocks.append(Paragraph(summary))
    if ev.goals is not None and b.filled(ev.goals.actual):
        b.blocks.append(Paragraph(inline("年度目标完成情况：")))
        b.text_section(ev.goals.actual, "三、年度目标完成情况", required=False)
    b.text_section(ev.conclusion, "三、评价结论", required=summary is None)
    b.chart(chartspecs.attainment(([execution] if execution else []) + cat_scores), "绩效指标得分情况（分）")

    b.heading(1, "四、绩效指标完成情况分析")
    sentences = nar.attainment(fig, ev.indicators, execution, total)
    b.blocks.extend(Paragraph(s) for s in sentences)
    if not sentences:
        b.text_section(None, nar.SECTION_ATTAINMENT)

    b.heading(1, "五、存在的问题及原因分析")
    b.text_section(ev.problems, "五、存在的问题及原因分析")
    b.heading(1, "六、下一步改进措施")
    b.text_section(ev.improvements, "六、下一步改进措施")

    table_name = "部门预算项目支出绩效自评表（" if sichuan else "项目支出绩效自评表（"
    table_title = (given(ev.title),) if ev.title else inline(table_name, year, "年度）")
    blocks = sichuan_table(b, ev, rows, unit, total) if sichuan else mof_table(b, ev, rows, unit, total)
    b.attachments.append(Attachment(table_title, blocks))
    return title


def _money(fig: Figures, concept: str, unit: str, row: ProjectFundsRow | None = None) -> Seg | None:
    """A funds cell: as the row states it, else the resolved value."""
    measure = concept.rsplit(".", 1)[1]
    stated = getattr(row, measure, None) if row is not None else None
    return fig.money(concept, unit, stated=stated if isinstance(stated, Fact) else None)


def _rate(fig: Figures, prefix: str, denominator: str, row: ProjectFundsRow | None = None) -> list[Seg | str]:
    return list(fig.rate_or_stated(row.rate if row is not None else None, f"{prefix}.final",
                                   f"{prefix}.{denominator}"))


def _header(ev: ProjectEvaluation, ncols: int, sichuan: bool) -> list[list[Cell]]:
    info = ev.project
    name = given(info.name) if info and info.name else None
    dept = given(info.department) if info and info.department else None
    impl = given(info.implementer) if info and info.implementer else None
    if sichuan:
        return [[head("项目名称", cs=2), cell(name, cs=ncols - 2, align="left")],
                [head("主管部门", cs=2), cell(dept, cs=ncols - 2, align="left")],
                [head("实施|单位|（盖章）", cs=2), cell(impl, cs=ncols - 2, align="left")]]
    return [[head("项目名称", cs=3), cell(name, cs=6, align="left")],
            [head("主管部门", cs=3), cell(dept, cs=2, align="left"), head("实施单位", cs=2),
             cell(impl, cs=2, align="left")]]


def mof_table(b: Builder, ev: ProjectEvaluation, rows: list[tuple[str, str, ProjectFundsRow | None, bool]],
              unit: str, total: sc.TotalScore) -> list[Block]:
    fig = b.fig
    framework = b.result.framework
    denominator = framework.execution.denominator if framework and framework.execution else "full_year"
    out: list[list[Cell]] = _header(ev, 9, False)
    out.append([head(f"项目资金（{unit}）", rs=2 + len(rows), vertical=True), head(cs=2), head("年初|预算数"),
                head("全年|预算数"), head("全年|执行数"), head("分值"), head("执行率"), head("得分")])
    t = "funds.total"
    tr = ev.funds.total if ev.funds else None
    out.append([head("年度|资金|总额", cs=2), cell(_money(fig, f"{t}.initial", unit, tr)),
                cell(_money(fig, f"{t}.full_year", unit, tr)), cell(_money(fig, f"{t}.final", unit, tr)),
                cell(fig.points(f"{t}.weight", stated=tr.weight if tr else None) or _framework_points(b)),
                cell(*_rate(fig, t, denominator, tr)),
                cell(fig.points(f"{t}.score", stated=tr.score if tr else None))])
    for i, (title, prefix, row, _given) in enumerate(rows):
        out.append([cell("其中：" if i == 0 else "", given(title), cs=2, align="left"),
                    cell(_money(fig, f"{prefix}.initial", unit, row)),
                    cell(_money(fig, f"{prefix}.full_year", unit, row)),
                    cell(_money(fig, f"{prefix}.final", unit, row)), cell("—"),
                    cell(*_rate(fig, prefix, denominator, row)), cell("—")])
    goals = ev.goals
    out.append([head("年度总体目标", rs=2, vertical=True), head("预期目标", cs=4), head("实际完成情况", cs=4)])
    out.append([cell(_text(b, goals.expected if goals else None), cs=4, align="left"),
                cell(_text(b, goals.actual if goals else None), cs=4, align="left")])
    funds = Table("project_funds", tuple(tuple(r) for r in out), MOF_WIDTHS)
    body = indicator_rows(fig, ev.indicators)
    header = indicator_header(len(body))
    indicators = Table("project_indicators",
                       (tuple(header), *(tuple(r) for r in body), tuple(total_row(total, 6, 1))),
                       MOF_WIDTHS, header_rows=1, joined=True)
    signature = Paragraph(inline("填表人：　　　　填报日期：　　　　联系电话：　　　　单位负责人签字："), "signature")
    return [funds, indicators, signature]


def _framework_points(b: Builder) -> Seg | None:
    fw = b.result.framework
    if fw is None or fw.execution is None:
        return None
    from jixiao.scoring.outcome import format_points

    return Seg(format_points(fw.execution.points), SegKind.INPUT, concept=f"framework:{fw.id}",
               value=fw.execution.points)


def sichuan_table(b: Builder, ev: ProjectEvaluation, rows: list[tuple[str, str, ProjectFundsRow | None, bool]],
                  unit: str, total: sc.TotalScore) -> list[Block]:
    fig = b.fig
    framework = b.result.framework
    out: list[list[Cell]] = _header(ev, 10, True)
    goals = ev.goals
    out.append([head("项目|基本|情况", rs=4), head(ordinal(1, "{}."), "项目年度目标完成情况", cs=9, align="left")])
    out.append([head("项目年度目标", cs=4), head("年度目标完成情况", cs=5)])
    out.append([cell(_text(b, goals.expected if goals else None), cs=4, align="left"),
                cell(_text(b, goals.actual if goals else None), cs=5, align="left")])
    out.append([head(ordinal(2, "{}."), "项目|实施|内容|及|过程|概述", cs=3, align="left"),
                cell(_text(b, ev.implementation), cs=6, align="left")])
    tr = ev.funds.total if ev.funds else None
    weight = fig.points("funds.total.weight", stated=tr.weight if tr else None) or _framework_points(b)
    out.append([head("预算|执行|情况（", weight, "分）" if weight else "）", rs=3 + len(rows)),
                head(f"年度|预算数（{unit}）", cs=2), head("年初|预算"), head("调整后|预算数"), head("预算|执行数"),
                head("预算|执行率"), head("权重"), head("得分"), head("原因")])
    t = "funds.total"
    reason = ev.funds.total.reason if ev.funds and ev.funds.total else None
    out.append([head("总额", cs=2), cell(_money(fig, f"{t}.initial", unit, tr)),
                cell(_money(fig, f"{t}.full_year", unit, tr)), cell(_money(fig, f"{t}.final", unit, tr)),
                cell(*_rate(fig, t, "full_year", tr)), cell(weight),
                cell(fig.points(f"{t}.score", stated=tr.score if tr else None)), cell(_text(b, reason), align="left")])
    for i, (title, prefix, row, _given) in enumerate(rows):
        out.append([cell("其中：" if i == 0 else "", given(title), cs=2, align="left"),
                    cell(_money(fig, f"{prefix}.initial", unit, row)),
                    cell(_money(fig, f"{prefix}.full_year", unit, row)),
                    cell(_money(fig, f"{prefix}.final", unit, row)), cell(*_rate(fig, prefix, "full_year", row)),
                    cell("/"), cell("/"), cell(_text(b, row.reason if row else None), align="left")])
    notes = _sichuan_notes(b)
    out.append([cell(*notes, cs=9, align="left")])
    upper = Table("project_funds", tuple(tuple(r) for r in out), SICHUAN_WIDTHS)

    body = indicator_rows(fig, ev.indicators, sichuan=True)
    points = fig.total([ind.weight.concept for c in ev.indicators for g in c.groups for ind in g.items
                        if ind.weight is not None], kind="points") if ev.indicators else None
    if points is None and framework is not None and framework.indicator_points is not None:
        from jixiao.scoring.outcome import format_points

        points = Seg(format_points(framework.indicator_points), SegKind.INPUT, concept=f"framework:{framework.id}",
                     value=framework.indicator_points)
    header = [head("一级|指标"), head("二级|指标"), head("三级|指标"), head("指标|性质"), head("指标值"),
              head("度量|单位"), head("完成值"), head("权重"), head("得分"), head("未完成|原因|分析")]
    lower_rows: list[tuple[Cell, ...]] = [
        (head("绩效指标（", points, "分）" if points else "）", cs=10),), tuple(header), *(tuple(r) for r in body),
        (head("合计", cs=7), cell(total.weight), cell(total.score), cell())]
    for label, t_ in (("评价结论", ev.conclusion), ("存在问题", ev.problems), ("改进措施", ev.improvements)):
        lower_rows.append((head(label, cs=2), cell(_text(b, t_), cs=8, align="left")))
    lower = Table("project_indicators", tuple(lower_rows), SICHUAN_WIDTHS, header_rows=2, joined=True)
    return [upper, lower, Paragraph(inline("项目负责人：　　　　　　　　　　财务负责人："), "signature")]


def _sichuan_notes(b: Builder) -> list[Seg | str | None]:
    fw = b.result.framework
    execution = fw.execution if fw else None
    below = given(f"{execution.reason_below.normalize():f}", concept=f"framework:{fw.id}") \
        if execution and fw else text("规定比例")
    limit = given(str(execution.reason_max_chars), concept=f"framework:{fw.id}") \
        if execution and fw and execution.reason_max_chars else None
    within: list[Seg | str | None] = ["（", limit, "字以内）"] if limit else []
    return [ordinal(1, "{}."), "预算执行率＝预算执行数÷调整后预算数，预算执行率未达到", below, "%的需说明原因",
            *within, "；", ordinal(2, "{}."), "年中发生预算调整的（追加或调减），应单独说明理由；",
            ordinal(3, "{}."), "其他资金包括：社会投入资金、银行贷款。"]


def _text(b: Builder, t: object) -> Seg | None:
    from jixiao.model.text import Text

    if isinstance(t, Text) and b.filled(t):
        return given(t.value.strip(), t.location)
    return None
