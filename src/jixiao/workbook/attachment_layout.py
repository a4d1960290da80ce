"""The attached tables as jixiao writes them: 附件2 基础数据表, 附件3 整体支出绩效自评表
and the 项目支出绩效自评表, in the official layout. The reader finds their parts by
the same labels."""

from __future__ import annotations

BASIC_SHEET = "附件2"
SELF_SHEET = "附件3"
PROJECT_SHEET = "项目支出绩效自评表"
FINDINGS_SHEET = "核查结果"
# Words in a sheet's first rows that name the table, for sheets that were renamed.
TITLE_WORDS = {BASIC_SHEET: "基础数据表", SELF_SHEET: "整体支出绩效自评表", PROJECT_SHEET: "项目支出绩效自评表"}

# ---------------------------------------------------------------- 附件2 基础数据表
STAFF_TITLE = "财政供养人员情况（人）"
STAFF_HEADERS: tuple[tuple[str, str], ...] = (
    ("authorized", "编制数"), ("in_service", "实际在职人数"), ("control_rate", "控制率"))
CONTROL_TITLE = "经费控制情况（万元）"
BUILDINGS_TITLE = "楼堂馆所控制情况"
AUSTERITY = "厉行节约保障措施"
BASIC_NOTE = "说明：“项目支出”需要填报基本支出以外的所有项目支出情况，“公用经费”填报基本支出中的一般商品和服务支出。"
SIGNATURE = "填表人：　　　　　　填报日期：　　　　　　联系电话：　　　　　　单位负责人签字："
CATEGORY_PLACEHOLDERS = ("业务工作经费", "运行维护经费")
PLACEHOLDER_LABELS = ("……", "市级专项资金（一个专项一行）")

# ---------------------------------------------------------------- 附件3 自评表
UNIT_LABEL = "预算部门（单位）名称"
FUNDS_BLOCK = "年度预算申请（万元）"
FUNDS_LABEL = "年度资金总额"
FUNDS_HEADERS: tuple[tuple[str, str], ...] = (
    ("initial", "年初预算数"), ("full_year", "全年预算数"), ("final", "全年执行数"),
    ("weight", "分值"), ("rate", "执行率"), ("score", "得分"))
REVENUE_LABELS: tuple[tuple[str, str, str], ...] = (
    ("total", "按收入性质分", "按收入性质分："),
    ("public", "一般公共预算", "其中：一般公共预算："),
    ("gov_fund", "政府性基金拨款", "政府性基金拨款："),
    ("special_account", "纳入专户管理的非税收入拨款", "纳入专户管理的非税收入拨款："),
    ("other", "其他资金", "其他资金："),
)
EXPENDITURE_LABELS: tuple[tuple[str, str, str], ...] = (
    ("total", "按支出性质分", "按支出性质分："),
    ("basic", "基本支出", "其中：基本支出："),
    ("project", "项目支出", "项目支出："),
)
REASON_LABEL = "执行偏差原因"
GOALS = "年度总体目标"
EXPECTED = "预期目标"
ACTUAL = "实际完成情况"
INDICATORS = "绩效指标"
INDICATOR_HEADERS: tuple[tuple[str, str], ...] = (
    ("category", "一级指标"), ("group", "二级指标"), ("name", "三级指标"), ("target", "年度指标值"),
    ("actual", "实际完成值"), ("weight", "分值"), ("score", "得分"), ("reason", "偏差原因分析及改进措施"))
TOTAL = "总分"

# ---------------------------------------------------------------- 项目支出绩效自评表
PROJECT_LABELS: tuple[tuple[str, str], ...] = (
    ("name", "项目名称"), ("department", "主管部门"), ("implementer", "实施单位"))
PROJECT_FUNDS_BLOCK = "项目资金（万元）"
PROJECT_TEXTS: tuple[tuple[str, str], ...] = (
    ("conclusion", "评价结论"), ("problems", "存在问题"), ("improvements", "改进措施"))
PROJECT_SIGNATURE = "项目负责人：　　　　　　　　财务负责人：　　　　　　　　填报日期："

# ---------------------------------------------------------------- 核查结果
FINDINGS_HEADERS = ("序号", "级别", "规则", "问题", "原文位置", "附表单元格")
