"""The fill-in template (填报模板): its sheets, rows and columns.

Every value cell of the template belongs to exactly one path of the YAML input
format (``self_evaluation.funds.initial`` …) and so to one quantity: the template
holds one value per quantity, however many places a report states it in. The reader
turns a filled template back into the YAML-shaped tree; the writer lays it out and,
given an evaluation, fills it.

Rows are found by their labels, not by their row numbers, so a person may insert
rows (more projects, more indicators) without breaking the reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FieldKind(StrEnum):
    MONEY = "money"  # 万元 (or the table's unit), up to cents
    COUNT = "count"  # 人, 个
    POINTS = "points"  # 分值 / 得分
    PERCENT = "percent"  # a rate; a formula in the template
    YEAR = "year"
    TEXT = "text"  # a short text (names)
    LONGTEXT = "longtext"  # a paragraph


NUMERIC_KINDS = frozenset({FieldKind.MONEY, FieldKind.COUNT, FieldKind.POINTS, FieldKind.PERCENT,
                           FieldKind.YEAR})


@dataclass(frozen=True, slots=True)
class Field:
    """One labelled row of a key–value sheet: label in column A, value in column B.

    ``ratio`` makes the value a formula (numerator id, denominator id) that the
    reader reads back as a stated quantity; ``sum_check`` and ``ref`` make it a
    display-only formula (a check the person sees, never read back).
    """

    label: str
    path: tuple[str, ...]
    kind: FieldKind
    concept: str | None = None
    note: str = ""
    ratio: tuple[str, str] | None = None
    sum_check: tuple[tuple[str, ...], str] | None = None
    ref: tuple[str, str] | None = None
    choices: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return ".".join(self.path) if self.path else f"#{self.label}"

    @property
    def derived(self) -> bool:
        return self.ratio is not None

    @property
    def display_only(self) -> bool:
        return self.sum_check is not None or self.ref is not None

    @property
    def is_input(self) -> bool:
        return not self.derived and not self.display_only


@dataclass(frozen=True, slots=True)
class Section:
    """A heading row inside a key–value sheet."""

    title: str


Row = Field | Section


@dataclass(frozen=True, slots=True)
class SheetSpec:
    name: str  # the sheet's tab name
    title: str  # the text in A1, used to recognise a renamed sheet
    rows: tuple[Row, ...] = ()


M, C, P, R, Y, T, L = (FieldKind.MONEY, FieldKind.COUNT, FieldKind.POINTS, FieldKind.PERCENT,
                       FieldKind.YEAR, FieldKind.TEXT, FieldKind.LONGTEXT)

LEVELS = ("省级", "市级", "县级", "区级", "乡镇级")
NATURES = ("≥", "≤", "=", ">", "<", "定性")
UNITS = ("万元", "元")

# ---------------------------------------------------------------- sheet names
INSTRUCTIONS = "填报说明"
UNIT_SHEET = "单位信息"
PROJECT_INFO_SHEET = "项目信息"
FUNDS_SHEET = "资金"
PROJECTS_SHEET = "项目"
CONTROL_SHEET = "经费控制"
INDICATORS_SHEET = "绩效指标"
NARRATIVE_SHEET = "文字说明"
META_SHEET = "_jixiao"
META_MARK = "jixiao-workbook"

# -------------------------------------------------------- 整体支出 (overall)
UNIT_ROWS: tuple[Row, ...] = (
    Section("单位基本信息"),
    Field("单位名称", ("unit", "name"), T, note="预算部门（单位）全称"),
    Field("单位编码", ("unit", "code"), T),
    Field("地区", ("unit", "region"), T, note="如 湖南省株洲市芦淞区"),
    Field("预算级次", ("unit", "level"), T, choices=LEVELS, note="省级、市级、县级、区级或乡镇级"),
    Field("年度", ("unit", "year"), Y, note="自评的预算年度，如 2023"),
    Field("报告标题", ("title",), T, note="可不填，默认按单位和年度生成"),
    Section("人员情况（人）"),
    Field("编制数", ("basic_data", "staff", "authorized"), C, "staff.authorized"),
    Field("实际在职人数", ("basic_data", "staff", "in_service"), C, "staff.in_service"),
    Field("人员控制率", ("basic_data", "staff", "control_rate"), R, "staff.control_rate",
          note="公式：实际在职人数÷编制数",
          ratio=("basic_data.staff.in_service", "basic_data.staff.authorized")),
    Field("人员总数", ("report", "profile", "staff", "total"), C, "staff.total", note="在职和退休合计"),
    Field("退休人数", ("report", "profile", "staff", "retired"), C, "staff.retired"),
    Field("人数统计截止日期", ("report", "profile", "staff", "as_of"), T, note="如 2023年12月31日"),
)

_SE = ("self_evaluation",)
_PB = ("report", "public_budget")
FUNDS_ROWS: tuple[Row, ...] = (
    Section("年度资金总额（万元，附件3）"),
    Field("年初预算数", (*_SE, "funds", "initial"), M, "funds.total.initial"),
    Field("全年预算数", (*_SE, "funds", "full_year"), M, "funds.total.full_year",
          note="年初预算加减年中调整后的预算"),
    Field("全年执行数", (*_SE, "funds", "final"), M, "funds.total.final"),
    Field("预算执行率", (*_SE, "funds", "rate"), R, "funds.total.rate", note="公式：全年执行数÷全年预算数",
          ratio=("self_evaluation.funds.final", "self_evaluation.funds.full_year")),
    Field("执行率分值", (*_SE, "funds", "weight"), P, "funds.total.weight", note="评价框架规定的分值"),
    Field("执行率自评得分", (*_SE, "funds", "score"), P, "funds.total.score"),
    Field("执行偏差原因", (*_SE, "funds", "reason"), L, note="执行率偏低或预算调整的原因"),
    Section("全年预算按收入性质分（万元）"),
    Field("一般公共预算", (*_SE, "by_revenue", "public"), M, "funds.public.full_year"),
    Field("政府性基金拨款", (*_SE, "by_revenue", "gov_fund"), M, "funds.gov_fund.full_year"),
    Field("纳入专户管理的非税收入拨款", (*_SE, "by_revenue", "special_account"), M,
          "funds.special_account.full_year"),
    Field("其他资金", (*_SE, "by_revenue", "other"), M, "funds.other.full_year"),
    Field("按收入性质分合计", (), M, note="公式；应等于全年预算数",
          sum_check=(("self_evaluation.by_revenue.public", "self_evaluation.by_revenue.gov_fund",
                      "self_evaluation.by_revenue.special_account", "self_evaluation.by_revenue.other"),
                     "self_evaluation.funds.full_year")),
    Section("全年预算按支出性质分（万元）"),
    Field("基本支出预算", (*_SE, "by_expenditure", "basic"), M, "expenditure.basic.full_year"),
    Field("项目支出预算", (*_SE, "by_expenditure", "project"), M, "expenditure.project.full_year"),
    Field("按支出性质分合计", (), M, note="公式；应等于全年预算数",
          sum_check=(("self_evaluation.by_expenditure.basic", "self_evaluation.by_expenditure.project"),
                     "self_evaluation.funds.full_year")),
    Section("一般公共预算财政拨款收支（万元，报告第二部分）"),
    Field("年初预算资金", (*_PB, "initial_budget"), M, "funds.public.initial"),
    Field("财政拨款收入", (*_PB, "revenue"), M, "revenue.public.final"),
    Field("财政拨款支出", (*_PB, "expenditure"), M, "funds.public.final"),
    Field("其中：基本支出", (*_PB, "basic"), M, "expenditure.basic.final"),
    Field("其中：人员经费", (*_PB, "personnel"), M, "expenditure.personnel.final"),
    Field("其中：公用经费", (), M, note="取自“经费控制”表的公用经费本年决算数",
          ref=(CONTROL_SHEET, "basic_data.expenses.public_funds.final")),
    Field("其中：项目支出", (), M, note="取自“经费控制”表的项目支出本年决算数",
          ref=(CONTROL_SHEET, "basic_data.expenses.project.final")),
    Section("其他预算（万元，报告第三至五部分）"),
    Field("政府性基金预算支出", ("report", "government_fund", "expenditure"), M, "funds.gov_fund.final",
          note="全年预算数填在上面的“政府性基金拨款”"),
    Field("国有资本经营预算数", ("report", "state_capital", "budget"), M, "funds.state_capital.full_year"),
    Field("国有资本经营预算支出", ("report", "state_capital", "expenditure"), M, "funds.state_capital.final"),
    Field("社会保险基金预算数", ("report", "social_insurance", "budget"), M,
          "funds.social_insurance.full_year"),
    Field("社会保险基金预算支出", ("report", "social_insurance", "expenditure"), M,
          "funds.social_insurance.final"),
)

NARRATIVE_ROWS: tuple[Row, ...] = (
    Section("报告正文"),
    Field("主要职能", ("report", "profile", "functions"), L),
    Field("机构情况", ("report", "profile", "institutions"), L),
    Field("一般公共预算支出补充说明", ("report", "public_budget", "text"), L),
    Field("政府性基金预算支出情况", ("report", "government_fund", "text"), L, note="没有的填“无。”"),
    Field("国有资本经营预算支出情况", ("report", "state_capital", "text"), L, note="没有的填“无。”"),
    Field("社会保险基金预算支出情况", ("report", "social_insurance", "text"), L, note="没有的填“无。”"),
    Field("整体支出绩效情况", ("report", "performance", "overall"), L),
    Field("存在的问题及原因分析", ("report", "problems"), L),
    Field("下一步改进措施", ("report", "improvements"), L),
    Field("自评结果拟应用和公开情况", ("report", "application"), L),
    Field("其他需要说明的情况", ("report", "other"), L),
    Section("附表中的文字"),
    Field("年度总体目标：预期目标", ("self_evaluation", "goals", "expected"), L),
    Field("年度总体目标：实际完成情况", ("self_evaluation", "goals", "actual"), L),
    Field("厉行节约保障措施", ("basic_data", "austerity_measures"), L),
)

# ---------------------------------------------------------- 项目支出 (project)
PROJECT_INFO_ROWS: tuple[Row, ...] = (
    Section("项目基本信息"),
    Field("项目名称", ("project", "name"), T),
    Field("项目编码", ("project", "code"), T),
    Field("主管部门", ("project", "department"), T),
    Field("实施单位", ("project", "implementer"), T),
    Field("地区", ("project", "region"), T),
    Field("年度", ("project", "year"), Y, note="自评的预算年度，如 2023"),
    Field("表名", ("title",), T, note="可不填"),
)

PROJECT_NARRATIVE_ROWS: tuple[Row, ...] = (
    Section("年度总体目标"),
    Field("预期目标", ("goals", "expected"), L),
    Field("实际完成情况", ("goals", "actual"), L),
    Section("其他"),
    Field("项目实施内容及过程概述", ("implementation",), L),
    Field("评价结论", ("conclusion",), L),
    Field("存在问题", ("problems",), L),
    Field("改进措施", ("improvements",), L),
)

UNIT_SPEC = SheetSpec(UNIT_SHEET, "单位信息和人员情况", UNIT_ROWS)
FUNDS_SPEC = SheetSpec(FUNDS_SHEET, "资金和预算执行", FUNDS_ROWS)
NARRATIVE_SPEC = SheetSpec(NARRATIVE_SHEET, "文字说明", NARRATIVE_ROWS)
PROJECT_INFO_SPEC = SheetSpec(PROJECT_INFO_SHEET, "项目信息", PROJECT_INFO_ROWS)
PROJECT_NARRATIVE_SPEC = SheetSpec(NARRATIVE_SHEET, "文字说明", PROJECT_NARRATIVE_ROWS)

KV_COLUMNS = ("项目", "填报内容", "说明")

# ---------------------------------------------------------- 经费控制 (附件2 rows)


@dataclass(frozen=True, slots=True)
class ControlLine:
    """A row of 经费控制情况: 上年决算数 / 本年预算数 / 本年决算数."""

    key: str  # the ExpenseControl field
    name: str  # the row's name without numbering
    label: str  # as shown, with numbering and indent
    concept: str
    parts: tuple[str, ...] = ()  # rows whose sum this row should equal
    indent: int = 0


CONTROL_COLUMNS = ("prior_final", "budget", "final")
CONTROL_HEADERS = ("上年决算数", "本年预算数", "本年决算数")
CATEGORIES = "project_categories"
CONTROL_LINES: tuple[ControlLine, ...] = (
    ControlLine("three_public", "三公经费", "三公经费", "three_public.total",
                ("car", "overseas", "reception")),
    ControlLine("car", "公务用车购置和维护经费", "1、公务用车购置和维护经费", "three_public.car",
                ("car_purchase", "car_operation"), 1),
    ControlLine("car_purchase", "公车购置", "其中：公车购置", "three_public.car_purchase", (), 2),
    ControlLine("car_operation", "公车运行维护", "公车运行维护", "three_public.car_operation", (), 3),
    ControlLine("overseas", "出国经费", "2、出国经费", "three_public.overseas", (), 1),
    ControlLine("reception", "公务接待", "3、公务接待", "three_public.reception", (), 1),
    ControlLine("project", "项目支出", "项目支出", "expenditure.project", (CATEGORIES,)),
    ControlLine("public_funds", "公用经费", "公用经费", "expenditure.public_funds"),
    ControlLine("office", "办公经费", "其中：办公经费", "public_funds.office", (), 1),
    ControlLine("utilities_travel", "水费、电费、差旅费", "水费、电费、差旅费",
                "public_funds.utilities_travel", (), 2),
    ControlLine("meetings_training", "会议费、培训费", "会议费、培训费", "public_funds.meetings_training", (), 2),
    ControlLine("procurement", "政府采购金额", "政府采购金额", "procurement"),
    ControlLine("budget_adjustment", "部门基本支出预算调整", "部门基本支出预算调整", "budget_adjustment"),
)
CONTROL_ALIASES = {"部门（整体）支出预算调整": "budget_adjustment", "部门整体支出预算调整": "budget_adjustment",
                   "公务用车购置及运行维护费": "car", "因公出国（境）费": "overseas", "公务接待费": "reception",
                   "公车运行维护费": "car_operation", "公务用车运行维护费": "car_operation",
                   "公务用车购置费": "car_purchase"}
DEFAULT_CATEGORIES = ("业务工作经费", "运行维护经费")
BUILDINGS_TITLE = "楼堂馆所控制情况"
BUILDING_COLUMNS: tuple[tuple[str, str, FieldKind], ...] = (
    ("name", "项目名称", T),
    ("approved_scale", "批复规模（㎡）", C),
    ("actual_scale", "实际规模（㎡）", C),
    ("scale_control_rate", "规模控制率", R),
    ("budget_investment", "预算投资（万元）", M),
    ("actual_investment", "实际投资（万元）", M),
    ("investment_control_rate", "投资概算控制率", R),
)
BUILDING_RATIOS = {"scale_control_rate": ("actual_scale", "approved_scale"),
                   "investment_control_rate": ("actual_investment", "budget_investment")}

# ---------------------------------------------------------- 项目 (报告第六部分)


@dataclass(frozen=True, slots=True)
class Column:
    key: str | None  # the model field; None for a display-only formula column
    header: str
    kind: FieldKind
    width: float = 12


PROJECT_COLUMNS: tuple[Column, ...] = (
    Column("name", "项目名称", T, 26),
    Column("initial", "年初预算", M, 11),
    Column("adjustment", "年中调整（调增为正，调减为负）", M, 14),
    Column(None, "全年预算（年初＋调整）", M, 13),
    Column("final", "实际支出", M, 11),
    Column("carryover", "结余结转", M, 11),
    Column(None, "执行率", R, 9),
    Column("adjustment_reason", "调整原因", L, 24),
    Column("description", "资金用途及成效", L, 40),
)
PROJECT_TOTAL = "合计"
PROJECT_COUNT = "项目个数"
PROJECT_BLANK_ROWS = 8

# ---------------------------------------------------------- 绩效指标

INDICATOR_COLUMNS: tuple[Column, ...] = (
    Column("category", "一级指标", T, 12),
    Column("group", "二级指标", T, 14),
    Column("name", "三级指标", T, 26),
    Column("nature", "指标性质", T, 8),
    Column("unit", "度量单位", T, 8),
    Column("target", "年度指标值", T, 16),
    Column("actual", "实际完成值", T, 16),
    Column("weight", "分值", P, 7),
    Column("score", "得分", P, 7),
    Column("reason", "偏差原因分析及改进措施", L, 30),
    Column(None, "校验", T, 24),
)
INDICATOR_TOTAL = "总分"
INDICATOR_BLANK_ROWS = 2  # empty 三级 rows under each 二级 of a blank template

# ---------------------------------------------------------- 项目资金 (project kind)

FUND_COLUMNS: tuple[Column, ...] = (
    Column("source", "资金", T, 22),
    Column("initial", "年初预算数", M, 12),
    Column("full_year", "全年预算数", M, 12),
    Column("final", "全年执行数", M, 12),
    Column("rate", "执行率", R, 9),
    Column("weight", "分值", P, 7),
    Column("score", "得分", P, 7),
    Column("reason", "原因", L, 30),
    Column(None, "校验", T, 22),
)
FUND_TOTAL = "年度资金总额"
FUND_UNIT_LABEL = "金额单位"
FUND_SOURCES = {
    "sichuan-project": ("财政资金", "财政专户管理资金", "单位资金", "其他资金"),
}
DEFAULT_FUND_SOURCES = ("本年财政拨款", "上年结转资金", "其他资金")
