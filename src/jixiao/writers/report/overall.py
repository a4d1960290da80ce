"""The whole-expenditure report (部门（单位）整体支出绩效自评报告), laid out as the Hunan
reference: 一 基本情况 … 九 结果应用和公开, then 附件 基础数据表 and 整体支出绩效自评表."""

from __future__ import annotations

from jixiao.model.evaluation import indicator_categories
from jixiao.model.fact import Fact
from jixiao.model.keys import name_key
from jixiao.model.overall import (
    BasicData,
    ExpenseControl,
    OverallEvaluation,
    SelfEvaluationTable,
)
from jixiao.narrative import overall as nar
from jixiao.narrative import scores as sc
from jixiao.narrative.segments import Inline, Seg, given, inline, ordinal, placeholder, text
from jixiao.writers.form_rows import project_rows
from jixiao.writers.report import chartspecs
from jixiao.writers.report.build import Attachment, Builder
from jixiao.writers.report.cells import cell, head, indicator_header, indicator_rows, total_row
from jixiao.writers.report.view import Block, Cell, Paragraph, Table
from jixiao.writers.textwidth import break_at_phrases

# Relative column widths of the attached tables.
# labels on one line at the small table font (19 characters), four characters a line in each
# figure column (批复规模 / （万元） whole)
BASIC_WIDTHS = (4.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)
SELF_WIDTHS = (0.7, 1.1, 1.1, 1.8, 1.55, 1.5, 0.9, 1.3, 1.65)


def build_overall(b: Builder) -> Inline:
    ev = b.result.evaluation
    assert isinstance(ev, OverallEvaluation)
    fig = b.fig
    year = b.year
    report = ev.report
    unit_name = ev.unit.name if ev.unit and ev.unit.name else None
    if ev.title and "报告" in ev.title:
        title: Inline = (given(ev.title),)
    else:  # no report title (a source of tables only): the unit and the one report, never table names
        title = inline(year, "年度", given(unit_name) if unit_name else placeholder(), "整体支出绩效自评报告")
        if unit_name is None:
            fig.note_missing("标题", "单位名称")

    # 一、部门（单位）基本情况
    profile = report.profile if report else None
    b.heading(1, "一、部门（单位）基本情况")
    b.heading(2, "（一）主要职能")
    b.text_section(profile.functions if profile else None, "一、（一）主要职能")
    b.heading(2, "（二）机构情况")
    b.text_section(profile.institutions if profile else None, "一、（二）机构情况")
    b.heading(2, "（三）人员情况")
    staff = profile.staff if profile else None
    if not b.unit_text(staff.text if staff else None, nar.SECTION_STAFF,
                       (staff.total, staff.in_service, staff.retired, staff.authorized) if staff else ()):
        b.blocks.append(Paragraph(nar.staff(fig, staff)))

    # 二、一般公共预算支出情况
    pb = report.public_budget if report else None
    b.heading(1, "二、一般公共预算支出情况")
    b.heading(2, "（一）基本支出情况")
    if not b.unit_text(pb.statement if pb else None, "二、（一）基本支出情况",
                       (pb.initial_budget, pb.revenue, pb.expenditure, pb.project, pb.basic, pb.personnel,
                        pb.public_funds) if pb else ()):
        for p in nar.budget(fig, year, pb):
            b.blocks.append(Paragraph(p))
    b.chart(chartspecs.composition(fig), "支出构成（决算数，万元）")
    b.heading(2, "（二）项目支出情况")
    spent = [nar.NamedProject(p.name, p.final.concept.split(".")[1] if p.final else _key(p.name), p.location,
                              p.final)
             for p in (pb.projects.items if pb and pb.projects else ())]
    statements = list(report.performance.projects.items) if report and report.performance \
        and report.performance.projects else []
    if not spent:
        spent = [nar.NamedProject(st.name, nar.statement_key(st), st.location) for st in statements]
    listed = pb.projects if pb else None
    if not b.unit_text(listed.text if listed else None, "二、（二）项目支出情况",
                       (listed.total, *(p.final for p in listed.items)) if listed else ()):
        b.blocks.append(Paragraph(nar.project_spending(fig, year, spent, listed.total if listed else None)))
    if pb is not None and b.filled(pb.text):
        b.text_section(pb.text, "二、其他说明", required=False)

    # 三、四、五
    for attr, concept, heading, phrase in nar.other_budget_titles():
        statement = getattr(report, attr) if report else None
        b.heading(1, heading)
        figures = nar.other_budget(fig, year, concept, phrase, statement)
        if figures is not None:
            b.blocks.append(Paragraph(figures))
        if statement is not None and b.filled(statement.text):
            b.text_section(statement.text, heading)
        elif figures is None:
            b.text_section(None, heading)

    # 六、资金使用及绩效情况（包含单位管理的公共专项）
    categories = indicator_categories(ev)
    b.heading(1, "六、资金使用及绩效情况（包含单位管理的公共专项）")
    b.heading(2, "（一）整体支出绩效情况")
    total = sc.total_score(fig, categories, b.result.framework, ev.self_evaluation.total
                           if ev.self_evaluation else None)
    overall_text = report.performance.overall if report and report.performance else None
    if b.filled(overall_text):
        b.text_section(overall_text, "六、（一）整体支出绩效情况")
    else:
        # The unit wrote nothing here: sentences that follow from its figures, each only
        # when its figures are there (the section stays marked as not written).
        denominator = b.result.framework.execution.denominator \
            if b.result.framework and b.result.framework.execution else "full_year"
        summary = nar.execution_summary(fig, year, denominator)
        if summary is not None:
            b.blocks.append(Paragraph(summary))
        score_para = sc.summary(fig, "部门整体支出", total, sc.category_scores(fig, categories),
                                sc.execution_score(fig))
        if score_para is not None:
            b.blocks.append(Paragraph(score_para))
        three = nar.three_public(fig, year)
        if three is not None:
            b.blocks.append(Paragraph(three))
        b.text_section(None, "六、（一）整体支出绩效情况")
    b.chart(chartspecs.attainment(([e] if (e := sc.execution_score(fig)) else [])
                                  + sc.category_scores(fig, categories)), "绩效指标得分情况（分）")
    b.chart(chartspecs.three_public(fig), "“三公”经费情况（万元）")
    b.heading(2, "（二）项目支出绩效情况")
    keys = [nar.statement_key(st) for st in statements]
    if statements:
        b.blocks.append(Paragraph(nar.projects_intro(fig, year, keys, report.performance.projects
                                                     if report and report.performance else None)))
        for i, (st, key) in enumerate(zip(statements, keys, strict=True), start=1):
            b.blocks.append(Paragraph(nar.project(fig, i, st, key)))
    else:
        b.text_section(None, "六、（二）项目支出绩效情况")
    b.chart(chartspecs.projects_budget(fig, [(st.name, k) for st, k in zip(statements, keys, strict=True)]),
            "项目预算与执行情况（万元）")

    # 七、八、九（十）
    b.heading(1, "七、存在的问题及原因分析")
    b.text_section(report.problems if report else None, "七、存在的问题及原因分析")
    b.heading(1, "八、下一步改进措施")
    b.text_section(report.improvements if report else None, "八、下一步改进措施")
    b.heading(1, "九、部门整体支出绩效自评结果拟应用和公开情况")
    b.text_section(report.application if report else None, "九、部门整体支出绩效自评结果拟应用和公开情况")
    if report is not None and b.filled(report.other):
        b.heading(1, "十、其他需要说明的情况")
        b.text_section(report.other, "十、其他需要说明的情况")

    # 附件: numbered as the province's form numbers them, else as the input does
    form = b.form
    basic = basic_data_attachment(b, ev.basic_data)
    basic.number = form.number("basic_data") or (ev.basic_data.attachment_number if ev.basic_data else None)
    self_table = self_evaluation_attachment(b, ev.self_evaluation, total)
    self_table.number = form.number("self_evaluation") or (
        ev.self_evaluation.attachment_number if ev.self_evaluation else None)
    b.attachments += [basic, self_table]
    return title


def _key(name: str) -> str:
    from jixiao.model.keys import project_key

    return project_key(name)


def _title(b: Builder, stated: str | None, default: str) -> Inline:
    if stated:
        return (given(stated),)
    return inline(b.year, default)


# -- 附件：基础数据表 --------------------------------------------------------------------

_CONTROL_ROWS: tuple[tuple[str, str, str, tuple[int, str] | None], ...] = (
    # (attribute, concept prefix, label, numbering)
    ("three_public", "three_public.total", "三公经费", None),
    ("car", "three_public.car", "公务用车购置和维护经费", (1, "　　{}、")),
    ("car_purchase", "three_public.car_purchase", "　　　　其中：公车购置", None),
    ("car_operation", "three_public.car_operation", "　　　　　　　公车运行维护", None),
    ("overseas", "three_public.overseas", "出国经费", (2, "　　{}、")),
    ("reception", "three_public.reception", "公务接待", (3, "　　{}、")),
)
_PUBLIC_ROWS: tuple[tuple[str, str, str], ...] = (
    ("public_funds", "expenditure.public_funds", "公用经费"),
    ("office", "public_funds.office", "　　其中：办公经费"),
    ("utilities_travel", "public_funds.utilities_travel", "　　　　　　水费、电费、差旅费"),
    ("meetings_training", "public_funds.meetings_training", "　　　　　　会议费、培训费"),
    ("procurement", "procurement", "政府采购金额"),
    ("budget_adjustment", "budget_adjustment", "部门基本支出预算调整"),
)
_MEASURES = ("prior_final", "budget", "final")


def _control_cells(b: Builder, prefix: str, row: object) -> list[Cell]:
    """上年决算数 / 本年预算数 / 本年决算数 of a row: as the table states them, else resolved;
    “——” where the form itself prints it and the unit stated nothing."""
    out = []
    for m in _MEASURES:
        seg = b.fig.money(f"{prefix}.{m}", stated=getattr(row, m, None))
        if seg is None and f"{prefix}.{m}" in b.form.dashed:
            seg = text("——")
        out.append(cell(seg, cs=2))
    return out


def basic_data_attachment(b: Builder, data: BasicData | None) -> Attachment:
    title = _title(b, data.title if data else None, "年度部门（单位）整体支出绩效评价基础数据表")
    if data is None:
        b.fig.note_missing("附件：整体支出绩效评价基础数据表", "全部内容")
        return Attachment(title, [Paragraph((placeholder(),))])
    fig = b.fig
    rows: list[list[Cell]] = []
    staff = data.staff
    rows.append([head("财政供养人员情况（人）", rs=2, align="left"), head("编制数", cs=2),
                 head(b.year, "年|实际|在职|人数", cs=2), head("控制率", cs=2)])
    rows.append([cell(fig.count("staff.authorized", stated=staff.authorized if staff else None), cs=2),
                 cell(fig.count("staff.in_service", stated=staff.in_service if staff else None), cs=2),
                 cell(*fig.rate_or_stated(staff.control_rate if staff else None, "staff.in_service",
                                          "staff.authorized"), cs=2)])
    rows.append([head("经费控制情况（万元）", align="left"), head(b.prior_year(), "年|决算数", cs=2),
                 head(b.year, "年|预算数", cs=2), head(b.year, "年|决算数", cs=2)])
    expenses = data.expenses or ExpenseControl()
    for attr, prefix, label, number in _CONTROL_ROWS:
        lead = [ordinal(number[0], number[1])] if number else []
        rows.append([cell(*lead, label, align="left"), *_control_cells(b, prefix, getattr(expenses, attr))])
    rows.append([cell("项目支出：", align="left"), *_control_cells(b, "expenditure.project", expenses.project)])
    for form_row in project_rows(expenses.project_categories, b.form.project_rows):
        stated = form_row.category
        printed: tuple[Seg | str, ...] = (form_row.label,)
        if form_row.number is not None:
            numbering = ordinal(form_row.number, "　　{}、")
            # the form's own label, too long for the column, broken before its “（…）”
            name = given(form_row.label, stated.location) if stated is not None else \
                text(break_at_phrases(numbering.text + form_row.label, LABEL_WIDTH)[len(numbering.text):])
            printed = (numbering, name)
        prefix = _category_prefix(stated.final or stated.budget or stated.prior_final, stated.name) \
            if stated is not None else f"project_category.{name_key(form_row.label)}"
        rows.append([cell(*printed, align="left"), *_control_cells(b, prefix, stated)])
    for attr, prefix, label in _PUBLIC_ROWS:
        rows.append([cell(label, align="left"), *_control_cells(b, prefix, getattr(expenses, attr))])
    buildings = data.buildings
    rows.append([head("楼堂馆所控制情况\n（", b.year, "年完工项目）", rs=1 + max(1, len(buildings)), align="left"),
                 *(head(label) for label in BUILDING_HEADERS)])
    if not buildings:
        rows.append([cell() for _ in range(6)])
    for bd in buildings:
        key = (bd.approved_scale or bd.actual_scale or bd.budget_investment or bd.actual_investment)
        prefix = ".".join(key.concept.split(".")[:2]) if key else f"building.{name_key(bd.name or '_')}"
        scale = fig.rate_or_stated(bd.scale_control_rate, f"{prefix}.actual_scale", f"{prefix}.approved_scale")
        invest = fig.rate_or_stated(bd.investment_control_rate, f"{prefix}.actual_investment",
                                    f"{prefix}.budget_investment")
        rows.append([cell(fig.count(f"{prefix}.approved_scale", stated=bd.approved_scale)),
                     cell(fig.count(f"{prefix}.actual_scale", stated=bd.actual_scale)), cell(*scale),
                     cell(fig.money(f"{prefix}.budget_investment", stated=bd.budget_investment)),
                     cell(fig.money(f"{prefix}.actual_investment", stated=bd.actual_investment)), cell(*invest)])
    measures = data.austerity_measures
    rows.append([head("厉行节约保障措施", align="left"),
                 cell(given(measures.value.strip(), measures.location) if b.filled(measures) and measures else None,
                      cs=6, align="left")])
    blocks: list[Block] = [
        Table("basic_data", tuple(tuple(r) for r in rows), BASIC_WIDTHS, font="small"),
        Paragraph(inline("说明：“项目支出”需要填报基本支出以外的所有项目支出情况，“公用经费”填报基本支出中的一般商品和服务支出。"),
                  "note"),
        Paragraph(inline(SIGNATURE), "signature"),
    ]
    return Attachment(title, blocks)


# The 楼堂馆所 headers with their word ends: broken in their narrow columns as a person would
# (“预算投资／（万元）”, not “预算投\n资（万\n元）”).
BUILDING_HEADERS = ("批复|规模|（㎡）", "实际|规模|（㎡）", "规模|控制率", "预算|投资|（万元）", "实际|投资|（万元）",
                    "投资|概算|控制率")
LABEL_WIDTH = 36  # columns of the 基础数据表's label column (18 characters, a little to spare)
SIGNATURE = "填表人：　　　　填报日期：　　　　联系电话：　　　　单位负责人签字："
def _category_prefix(fact: object, name: str) -> str:
    concept = getattr(fact, "concept", None)
    if isinstance(concept, str):
        return ".".join(concept.split(".")[:2])
    return f"project_category.{name_key(name)}"


# -- 附件：整体支出绩效自评表 ------------------------------------------------------------------


def self_evaluation_attachment(b: Builder, table: SelfEvaluationTable | None, total: sc.TotalScore) -> Attachment:
    title = _title(b, table.title if table else None, "年度部门（单位）整体支出绩效自评表")
    if table is None:
        b.fig.note_missing("附件：整体支出绩效自评表", "全部内容")
        return Attachment(title, [Paragraph((placeholder(),))])
    fig = b.fig
    ev = b.result.evaluation
    assert isinstance(ev, OverallEvaluation)
    level = ev.unit.level if ev.unit and ev.unit.level else None
    unit_name = table.unit_name or (ev.unit.name if ev.unit else None)
    rows: list[list[Cell]] = []
    rows.append([head(given(level) if level else None, "预算|部门|（单位）|名称", cs=3),
                 cell(given(unit_name) if unit_name else None, cs=6, align="left")])
    funds_row = table.funds
    denominator = b.result.framework.execution.denominator \
        if b.result.framework and b.result.framework.execution else "full_year"

    def stated(row: object, attr: str) -> Fact | None:
        value = getattr(row, attr, None) if row is not None else None
        return value if isinstance(value, Fact) else None

    rows.append([head("年度预算申请（万元）", rs=7, vertical=True), head(cs=2), head("年初|预算数"),
                 head("全年|预算数"), head("全年|执行数"), head("分值"), head("执行率"), head("得分")])
    rows.append([head("年度|资金|总额", cs=2),
                 *(cell(fig.money(f"funds.total.{m}", stated=stated(funds_row, m)))
                   for m in ("initial", "full_year", "final")),
                 cell(fig.points("funds.total.weight", stated=stated(funds_row, "weight"))),
                 cell(*fig.rate_or_stated(stated(funds_row, "rate"), "funds.total.final",
                                          f"funds.total.{denominator}")),
                 cell(fig.points("funds.total.score", stated=stated(funds_row, "score")))])
    rev, exp = table.by_revenue, table.by_expenditure
    pairs: list[tuple[tuple[str, str | None, Fact | None], tuple[str, str | None, Fact | None]]] = [
        (("按收入性质分：", "funds.total.full_year", stated(rev, "total")),
         ("按支出性质分：", "funds.total.full_year", stated(exp, "total"))),
        (("其中：一般公共预算：", "funds.public.full_year", stated(rev, "public")),
         ("其中：基本支出：", "expenditure.basic.full_year", stated(exp, "basic"))),
        (("政府性基金拨款：", "funds.gov_fund.full_year", stated(rev, "gov_fund")),
         ("项目支出：", "expenditure.project.full_year", stated(exp, "project"))),
        (("纳入专户管理的非税收入拨款：", "funds.special_account.full_year", stated(rev, "special_account")),
         ("", None, None)),
        (("其他资金：", "funds.other.full_year", stated(rev, "other")), ("", None, None)),
    ]
    for (l1, c1, f1), (l2, c2, f2) in pairs:
        rows.append([cell(l1, fig.money(c1, stated=f1) if c1 else None, cs=4, align="left"),
                     cell(l2, fig.money(c2, stated=f2) if c2 else None, cs=4, align="left")])
    goals = table.goals
    rows.append([head("年度总体目标", rs=2, vertical=True), head("预期目标", cs=4), head("实际完成情况", cs=4)])
    rows.append([cell(_text(b, goals.expected if goals else None), cs=4, align="left"),
                 cell(_text(b, goals.actual if goals else None), cs=4, align="left")])
    funds = Table("self_evaluation_funds", tuple(tuple(r) for r in rows), SELF_WIDTHS)

    body = indicator_rows(fig, table.indicators)
    header = indicator_header(len(body))
    indicator_table = Table("self_evaluation_indicators",
                            (tuple(header), *(tuple(r) for r in body), tuple(total_row(total, 6, 1))),
                            SELF_WIDTHS, header_rows=1, joined=True)
    return Attachment(title, [funds, indicator_table, Paragraph(inline(SIGNATURE), "signature")])


def _text(b: Builder, t: object) -> Seg | None:
    from jixiao.model.text import Text

    if isinstance(t, Text) and b.filled(t):
        return given(t.value.strip(), t.location)
    return None
