"""The project-expenditure evaluation (项目支出绩效自评表): the MOF layout (as published
in Anhui and Yunnan) and the Sichuan layout, one model for both."""

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

PERCENT = "%"
POINTS = "分"


@record
class ProjectInfo(Record):
    name: str | None = string_field("项目名称", required=True)
    code: str | None = string_field("项目编码")
    department: str | None = string_field("主管部门")
    implementer: str | None = string_field("实施单位")
    region: str | None = string_field("地区")
    year: int | None = int_field("年度", required=True)


@record
class ProjectFundsRow(Record):
    """A funds row: 年度资金总额/总额, or one source (财政资金, 上年结转资金 …)."""

    source: str | None = string_field("资金来源", description="总额行不填；分项如 财政资金、本年财政拨款、"
                              "上年结转资金、财政专户管理资金、单位资金、其他资金")
    initial: Fact | None = fact_field("年初预算数", "initial", label="年初预算数")
    full_year: Fact | None = fact_field("全年预算数（调整后预算数）", "full_year", label="全年预算数")
    pooled: Fact | None = fact_field("统筹整合资金数", "pooled", label="统筹整合资金数",
                                     description="转移支付资金表：全年预算中统筹整合的资金")
    net_budget: Fact | None = fact_field("扣除统筹整合资金后预算金额", "net_budget", label="扣除统筹整合后预算",
                                         description="转移支付资金表：全年预算数－统筹整合资金数（执行率、到位率"
                                         "按表头字母所示以它计算时）")
    final: Fact | None = fact_field("全年执行数（预算执行数）", "final", label="全年执行数")
    carryover: Fact | None = fact_field("上年结转", "carryover", label="上年结转",
                                        description="以前年度结转到本年的资金（表中单列一栏，或文中写在预算数之外）")
    in_place: Fact | None = fact_field("到位资金", "in_place", label="到位资金",
                                       description="实际到位（拨付到位）的资金数")
    in_place_rate: Fact | None = fact_field("资金到位率", "in_place_rate", PERCENT, label="资金到位率",
                                            description="到位资金÷全年预算数（计划投入资金）")
    rate: Fact | None = fact_field("执行率", "rate", PERCENT, label="执行率")
    balance: Fact | None = fact_field("结余", "balance", label="结余", description="年末未支出的资金（部分表式列出）")
    weight: Fact | None = fact_field("分值（权重）", "weight", POINTS, label="分值")
    score: Fact | None = fact_field("得分", "score", POINTS, label="得分")
    reason: Text | None = text_field("原因", description="执行率偏低或预算调整的原因")
    location: Location | None = None


@record
class ProjectFunds(Record):
    """项目资金 / 预算执行情况."""

    unit: str | None = string_field("金额单位", choices=("万元", "元"), description="表头所注单位，默认万元")
    weight: Fact | None = fact_field("预算执行分值（栏目标题所注）", "funds.total.weight", POINTS, label="预算执行分值",
                                     description="资金栏目标题所注的分值，如 预算执行情况(10分)：年度资金总额行的分值")
    total: ProjectFundsRow | None = object_field("年度资金总额", ProjectFundsRow, "funds.total",
                                        label="年度资金总额")
    rows: tuple[ProjectFundsRow, ...] = list_field("其中：分资金来源", ProjectFundsRow, "funds",
                                              label="", keyfn="source")


@record
class ListedProject(Record):
    """One of the projects a report on several lists (…慈善会项目40万元；…经费17万元)."""

    name: str = string_field("项目名称", required=True)
    full_year: Fact | None = fact_field("全年预算数", "full_year", label="全年预算数")
    in_place: Fact | None = fact_field("到位资金", "in_place", label="到位资金")
    final: Fact | None = fact_field("全年执行数", "final", label="全年执行数")
    rate: Fact | None = fact_field("执行率", "rate", PERCENT, label="执行率")
    location: Location | None = None


@record
class ListedProjects(Record):
    """The projects of a report on several projects (部门的项目支出、专项资金、转移支付)."""

    count: Fact | None = fact_field("项目个数", "projects.count", "个", label="项目个数")
    items: tuple[ListedProject, ...] = list_field("各项目", ListedProject, "project", label="", keyfn="project")


@record
class ProjectEvaluation(Record):
    """项目支出绩效自评."""

    kind: str = string_field("评价类型", required=True, choices=("overall", "project"))
    framework: str | None = string_field("评价框架", description="如 mof-project-2020、sichuan-project")
    title: str | None = string_field("表名")
    completeness: str | None = string_field("完整性", choices=("full", "partial"))
    notes: Text | None = text_field("转录说明")
    report_date: Text | None = text_field("报告日期", description=REPORT_DATE)
    project: ProjectInfo | None = object_field("项目信息", ProjectInfo, label="")
    funds: ProjectFunds | None = object_field("项目资金", ProjectFunds, label="自评表")
    projects: ListedProjects | None = object_field("报告列出的各项目", ListedProjects, label="",
                                               description="报告说明多个项目的资金时逐项列出")
    goals: Goals | None = goals_field()
    implementation: Text | None = text_field("项目实施内容及过程概述")
    breakdowns: tuple[Breakdown, ...] = breakdowns_field("分项合计（目标文字、支出明细）")
    indicators_weight: Fact | None = fact_field("绩效指标分值（栏目标题所注）", "indicators.weight", POINTS,
                                                label="绩效指标分值",
                                                description="绩效指标栏目标题所注的分值，如 绩效指标(90分)："
                                                "各三级指标分值之和")
    indicators: tuple[IndicatorCategory, ...] = list_field("绩效指标", IndicatorCategory, "indicator",
                                                      label="自评表")
    total: TotalScore | None = object_field("总分", TotalScore, label="自评表·合计")
    conclusion: Text | None = text_field("评价结论")
    problems: Text | None = text_field("存在问题")
    improvements: Text | None = text_field("改进措施")
    text_figures: tuple[TextFigure, ...] = text_figures_field()
    explanations: tuple[Explanation, ...] = explanations_field()
    source: str = ""
    facts: tuple[Fact, ...] = ()
    texts: tuple[tuple[str, Text], ...] = ()  # every text with its place, for text checks
