"""The whole-expenditure evaluation (部门（单位）整体支出绩效自评): report text,
附件2 基础数据表 and 附件3 整体支出绩效自评表.

Field names are the English keys of the input format; each field's Chinese title is
in its spec. Figures stated in several places are separate facts of one concept.
"""

from __future__ import annotations

from jixiao.model.fact import Fact
from jixiao.model.location import Location
from jixiao.model.parts import (
    Breakdown,
    Explanation,
    Goals,
    IndicatorCategory,
    TotalScore,
    breakdowns_field,
    explanations_field,
    goals_field,
)
from jixiao.model.record import Record, record
from jixiao.model.schema import (
    fact_field,
    int_field,
    list_field,
    object_field,
    string_field,
    text_field,
)
from jixiao.model.text import REPORT_DATE, Text
from jixiao.model.text_figures import TextFigure, text_figures_field

PERSONS = "人"
SECTION_TEXT = "本节原文：填写时报告照录（错字亦照录），其中的数字仍须填入本节各字段以便核查"
PERCENT = "%"
POINTS = "分"


@record
class UnitInfo(Record):
    """预算单位."""

    name: str | None = string_field("单位名称", required=True)
    code: str | None = string_field("单位编码")
    region: str | None = string_field("地区", description="如 湖南省株洲市芦淞区")
    level: str | None = string_field("预算级次", description="如 区级、市级")
    year: int | None = int_field("年度", required=True)


@record
class StaffStatement(Record):
    """人员情况 as the report text states it."""

    as_of: str | None = string_field("截止日期")
    total: Fact | None = fact_field("总人数", "total", PERSONS)
    in_service: Fact | None = fact_field("在职人数", "in_service", PERSONS)
    retired: Fact | None = fact_field("退休人数", "retired", PERSONS)
    authorized: Fact | None = fact_field("编制数", "authorized", PERSONS)
    text: Text | None = text_field("原文", description=SECTION_TEXT)


@record
class Institution(Record):
    """One internal office (内设机构) as the report lists it."""

    name: str = string_field("机构名称", required=True)
    location: Location | None = None


@record
class InstitutionList(Record):
    """内设机构 as the report counts and lists them (内设8个内设机构，即办公室、……)."""

    count: Fact | None = fact_field("内设机构个数", "count", "个", label="内设机构个数")
    items: tuple[Institution, ...] = list_field("所列机构", Institution, label="")


@record
class Profile(Record):
    """一、部门（单位）基本情况."""

    functions: Text | None = text_field("主要职能")
    institutions: Text | None = text_field("机构情况")
    institution_list: InstitutionList | None = object_field("内设机构", InstitutionList, "institutions",
                                                       label="内设机构")
    staff: StaffStatement | None = object_field("人员情况", StaffStatement, "staff", label="")


@record
class ProjectSpending(Record):
    """One project's expenditure as listed in §二（二）."""

    name: str = string_field("项目名称", required=True)
    final: Fact | None = fact_field("支出金额", "final", label="")
    location: Location | None = None


@record
class ProjectSpendingList(Record):
    total: Fact | None = fact_field("项目支出合计", "expenditure.project.final", label="项目支出合计")
    items: tuple[ProjectSpending, ...] = list_field("各项目支出", ProjectSpending, "project", label="",
                                               keyfn="project")
    text: Text | None = text_field("（二）项目支出情况原文", description=SECTION_TEXT)


@record
class Accounts(Record):
    """The year's revenue by source and its total spending as the report states them
    (部门决算收支：``收入:792.22万元……支出:799.12万元``; the 年度收入情况 table of the Hunan
    report template). 收入合计 may or may not count 上年结转 (templates differ), so no sum
    is checked between these figures."""

    revenue: Fact | None = fact_field("收入合计", "revenue.total.final", label="收入合计")
    carryover: Fact | None = fact_field("上年结转", "revenue.carryover.final", label="上年结转")
    public: Fact | None = fact_field("财政拨款收入", "revenue.public.final", label="财政拨款收入")
    gov_fund: Fact | None = fact_field("政府性基金拨款", "revenue.gov_fund.final", label="政府性基金拨款")
    special_account: Fact | None = fact_field("纳入专户管理的非税收入拨款", "revenue.special_account.final",
                                        label="专户管理非税收入")
    other: Fact | None = fact_field("其他收入", "revenue.other.final", label="其他收入")
    expenditure: Fact | None = fact_field("支出合计", "expenditure.total.final", label="支出合计")


@record
class PublicBudgetText(Record):
    """二、一般公共预算支出情况."""

    initial_budget: Fact | None = fact_field("年初预算资金", "funds.public.initial", label="预算资金")
    revenue: Fact | None = fact_field("财政拨款收入", "revenue.public.final", label="财政拨款收入")
    expenditure: Fact | None = fact_field("财政拨款支出", "funds.public.final", label="财政拨款支出")
    project: Fact | None = fact_field("项目支出", "expenditure.project.final", label="项目支出")
    basic: Fact | None = fact_field("基本支出", "expenditure.basic.final", label="基本支出")
    personnel: Fact | None = fact_field("人员经费", "expenditure.personnel.final", label="人员经费")
    public_funds: Fact | None = fact_field("公用经费", "expenditure.public_funds.final", label="公用经费")
    projects: ProjectSpendingList | None = object_field("项目支出情况", ProjectSpendingList, label="")
    statement: Text | None = text_field("（一）基本支出情况原文", description=SECTION_TEXT)
    text: Text | None = text_field("其他说明")


@record
class OtherBudgetText(Record):
    """三、四、五: 政府性基金 / 国有资本经营 / 社会保险基金预算支出情况 ("无" when none)."""

    text: Text | None = text_field("情况说明")
    budget: Fact | None = fact_field("预算数", "full_year", label="预算数")
    expenditure: Fact | None = fact_field("支出数", "final", label="支出数")


@record
class ProjectStatement(Record):
    """One project as §六（二） describes it."""

    name: str = string_field("项目名称", required=True)
    initial: Fact | None = fact_field("年初预算", "initial", label="年初预算")
    adjustment: Fact | None = fact_field("年中调整（调增为正，调减为负）", "adjustment", label="调整")
    final: Fact | None = fact_field("实际支出", "final", label="实际支出")
    carryover: Fact | None = fact_field("结余结转", "carryover", label="结余结转")
    adjustment_reason: Text | None = text_field("调整原因")
    description: Text | None = text_field("资金用途及成效")
    location: Location | None = None


@record
class ProjectPerformance(Record):
    count: Fact | None = fact_field("专项个数", "projects.count", "个", label="专项个数")
    initial_total: Fact | None = fact_field("年初预算专项资金合计", "expenditure.project.initial",
                                      label="年初预算合计")
    items: tuple[ProjectStatement, ...] = list_field("各专项", ProjectStatement, "project", label="",
                                                keyfn="project")


@record
class PerformanceText(Record):
    """六、资金使用及绩效情况."""

    overall: Text | None = text_field("（一）整体支出绩效情况")
    projects: ProjectPerformance | None = object_field("（二）项目支出绩效情况", ProjectPerformance, label="")


@record
class AttachmentRef(Record):
    """An attachment as the report's attachment list states it (附件：1. …)."""

    number: int | None = int_field("序号")
    title: str | None = string_field("名称")
    location: Location | None = None


@record
class ReportText(Record):
    """The report text (报告正文)."""

    profile: Profile | None = object_field("一、部门（单位）基本情况", Profile, label="一")
    accounts: Accounts | None = object_field("收支情况", Accounts, label="收支")
    public_budget: PublicBudgetText | None = object_field("二、一般公共预算支出情况", PublicBudgetText,
                                                 label="二")
    government_fund: OtherBudgetText | None = object_field("三、政府性基金预算支出情况", OtherBudgetText,
                                                  "funds.gov_fund", label="三")
    state_capital: OtherBudgetText | None = object_field("四、国有资本经营预算支出情况", OtherBudgetText,
                                                "funds.state_capital", label="四")
    social_insurance: OtherBudgetText | None = object_field("五、社会保险基金预算支出情况", OtherBudgetText,
                                                   "funds.social_insurance", label="五")
    performance: PerformanceText | None = object_field("六、资金使用及绩效情况", PerformanceText, label="六")
    problems: Text | None = text_field("七、存在的问题及原因分析")
    improvements: Text | None = text_field("八、下一步改进措施")
    application: Text | None = text_field("九、绩效自评结果拟应用和公开情况")
    other: Text | None = text_field("十、其他需要说明的情况")
    breakdowns: tuple[Breakdown, ...] = breakdowns_field()
    attachments_listed: tuple[AttachmentRef, ...] = list_field("附件列表", AttachmentRef, label="")


@record
class BasicStaff(Record):
    """财政供养人员情况."""

    authorized: Fact | None = fact_field("编制数", "authorized", PERSONS, label="编制数")
    in_service: Fact | None = fact_field("实际在职人数", "in_service", PERSONS, label="实际在职人数")
    control_rate: Fact | None = fact_field("控制率", "control_rate", PERCENT, label="控制率")


@record
class ControlRow(Record):
    """A row of 经费控制情况: 上年决算数 / 本年预算数 / 本年决算数."""

    prior_final: Fact | None = fact_field("上年决算数", "prior_final", label="上年决算数")
    budget: Fact | None = fact_field("本年预算数", "budget", label="本年预算数")
    final: Fact | None = fact_field("本年决算数", "final", label="本年决算数")


@record
class NamedControlRow(Record):
    """A named row under 项目支出 (业务工作经费, 运行维护经费, a 专项 …)."""

    name: str = string_field("名称", required=True)
    prior_final: Fact | None = fact_field("上年决算数", "prior_final", label="上年决算数")
    budget: Fact | None = fact_field("本年预算数", "budget", label="本年预算数")
    final: Fact | None = fact_field("本年决算数", "final", label="本年决算数")
    location: Location | None = None


def _row(title: str, concept: str) -> ControlRow:
    return object_field(title, ControlRow, concept, label=title)  # type: ignore[no-any-return]


@record
class ExpenseControl(Record):
    """经费控制情况."""

    three_public: ControlRow | None = _row("三公经费", "three_public.total")
    car: ControlRow | None = _row("公务用车购置和维护经费", "three_public.car")
    car_purchase: ControlRow | None = _row("公车购置", "three_public.car_purchase")
    car_operation: ControlRow | None = _row("公车运行维护", "three_public.car_operation")
    overseas: ControlRow | None = _row("出国经费", "three_public.overseas")
    reception: ControlRow | None = _row("公务接待", "three_public.reception")
    project: ControlRow | None = _row("项目支出", "expenditure.project")
    project_categories: tuple[NamedControlRow, ...] = list_field(
        "项目支出分项", NamedControlRow, "project_category",
        description="业务工作经费、运行维护经费、专项（一个专项一行）")
    public_funds: ControlRow | None = _row("公用经费", "expenditure.public_funds")
    office: ControlRow | None = _row("办公经费", "public_funds.office")
    utilities_travel: ControlRow | None = _row("水费、电费、差旅费", "public_funds.utilities_travel")
    meetings_training: ControlRow | None = _row("会议费、培训费", "public_funds.meetings_training")
    procurement: ControlRow | None = _row("政府采购金额", "procurement")
    budget_adjustment: ControlRow | None = _row("部门基本支出预算调整", "budget_adjustment")


@record
class Building(Record):
    """楼堂馆所控制情况 (one completed project)."""

    name: str | None = string_field("项目名称")
    approved_scale: Fact | None = fact_field("批复规模", "approved_scale", "㎡", label="批复规模")
    actual_scale: Fact | None = fact_field("实际规模", "actual_scale", "㎡", label="实际规模")
    scale_control_rate: Fact | None = fact_field("规模控制率", "scale_control_rate", PERCENT,
                                           label="规模控制率")
    budget_investment: Fact | None = fact_field("预算投资", "budget_investment", label="预算投资")
    actual_investment: Fact | None = fact_field("实际投资", "actual_investment", label="实际投资")
    investment_control_rate: Fact | None = fact_field("投资概算控制率", "investment_control_rate",
                                                PERCENT, label="投资概算控制率")
    location: Location | None = None


@record
class BasicData(Record):
    """附件2 整体支出绩效评价基础数据表."""

    attachment_number: int | None = int_field("附件序号")
    title: str | None = string_field("表名")
    staff: BasicStaff | None = object_field("财政供养人员情况", BasicStaff, "staff", label="")
    expenses: ExpenseControl | None = object_field("经费控制情况", ExpenseControl, label="")
    buildings: tuple[Building, ...] = list_field("楼堂馆所控制情况", Building, "building", label="")
    austerity_measures: Text | None = text_field("厉行节约保障措施")


@record
class FundsRow(Record):
    """年度资金总额 row: 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分."""

    initial: Fact | None = fact_field("年初预算数", "initial", label="年初预算数")
    carryover: Fact | None = fact_field("上年结转", "carryover", label="上年结转",
                                        description="以前年度结转到本年的资金（部分表式单列一栏）")
    full_year: Fact | None = fact_field("全年预算数", "full_year", label="全年预算数")
    final: Fact | None = fact_field("全年执行数", "final", label="全年执行数")
    weight: Fact | None = fact_field("分值", "weight", POINTS, label="分值")
    rate: Fact | None = fact_field("执行率", "rate", PERCENT, label="执行率")
    score: Fact | None = fact_field("得分", "score", POINTS, label="得分")
    reason: Text | None = text_field("偏差原因")


@record
class RevenueBreakdown(Record):
    """按收入性质分 (of the full-year budget)."""

    total: Fact | None = fact_field("合计", "funds.total.full_year", label="按收入性质分")
    public: Fact | None = fact_field("一般公共预算", "funds.public.full_year", label="一般公共预算")
    gov_fund: Fact | None = fact_field("政府性基金拨款", "funds.gov_fund.full_year", label="政府性基金拨款")
    special_account: Fact | None = fact_field("纳入专户管理的非税收入拨款",
                                        "funds.special_account.full_year", label="专户管理非税收入")
    other: Fact | None = fact_field("其他资金", "funds.other.full_year", label="其他资金")


@record
class ExpenditureBreakdown(Record):
    """按支出性质分 (of the full-year budget)."""

    total: Fact | None = fact_field("合计", "funds.total.full_year", label="按支出性质分")
    basic: Fact | None = fact_field("基本支出", "expenditure.basic.full_year", label="基本支出")
    project: Fact | None = fact_field("项目支出", "expenditure.project.full_year", label="项目支出")


@record
class SelfEvaluationTable(Record):
    """附件3 整体支出绩效自评表."""

    attachment_number: int | None = int_field("附件序号")
    title: str | None = string_field("表名")
    unit_name: str | None = string_field("预算部门（单位）名称")
    funds: FundsRow | None = object_field("年度资金总额", FundsRow, "funds.total", label="年度资金总额")
    by_revenue: RevenueBreakdown | None = object_field("按收入性质分", RevenueBreakdown, label="")
    by_expenditure: ExpenditureBreakdown | None = object_field("按支出性质分", ExpenditureBreakdown,
                                                      label="")
    goals: Goals | None = goals_field()
    indicators: tuple[IndicatorCategory, ...] = list_field("绩效指标", IndicatorCategory, "indicator",
                                                      label="")
    total: TotalScore | None = object_field("总分", TotalScore, label="总分")


@record
class OverallEvaluation(Record):
    """部门（单位）整体支出绩效自评."""

    kind: str = string_field("评价类型", required=True, choices=("overall", "project"),
                     description="overall＝部门（单位）整体支出；project＝项目支出")
    framework: str | None = string_field("评价框架", description="如 hunan-overall；命令行 --framework 可覆盖")
    title: str | None = string_field("报告标题")
    completeness: str | None = string_field("完整性", choices=("full", "partial"),
                                    description="partial：所据文件不完整（如截断）")
    notes: Text | None = text_field("转录说明")
    report_date: Text | None = text_field("报告日期", description=REPORT_DATE)
    unit: UnitInfo | None = object_field("预算单位", UnitInfo, label="")
    report: ReportText | None = object_field("报告正文", ReportText, label="正文")
    basic_data: BasicData | None = object_field("附件：基础数据表", BasicData, label="基础数据表")
    self_evaluation: SelfEvaluationTable | None = object_field("附件：整体支出绩效自评表",
                                                      SelfEvaluationTable, label="自评表")
    text_figures: tuple[TextFigure, ...] = text_figures_field()
    explanations: tuple[Explanation, ...] = explanations_field()
    source: str = ""
    facts: tuple[Fact, ...] = ()
    texts: tuple[tuple[str, Text], ...] = ()  # every text with its place, for text checks
