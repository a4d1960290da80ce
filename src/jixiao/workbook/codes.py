"""Finding codes of the Excel reader and the template filler.

Text in a number cell, an empty file or a file that is not a workbook are reported
with the general input codes (``input.number``, ``input.syntax``); a sheet too large
to read with ``input.too-large``. The codes here are the ones only a workbook has.
"""

from __future__ import annotations

from jixiao.findings import Level
from jixiao.registry import declare

CITE_XLSX = "jixiao Excel 填报模板与附表（docs/xlsx.md）"

WORKBOOK_UNKNOWN = declare(
    "input.workbook-unknown", Level.ERROR, "无法识别的工作簿",
    "这个工作簿不是 jixiao 的填报模板或附表（{reason}）；请用“jixiao template”生成模板后填写",
    CITE_XLSX,
    "工作簿中既没有填报模板的工作表（单位信息、资金、绩效指标……），也没有附表（附件2、附件3、"
    "项目支出绩效自评表）。jixiao 只按自己的表式读取 Excel，不猜测陌生表格的含义。命令以状态 2 退出。")
SHEET_MISSING = declare(
    "input.sheet-missing", Level.ERROR, "缺少工作表",
    "工作簿缺少工作表“{sheet}”（{what}），这部分数据未读取",
    CITE_XLSX,
    "识别出的模板或附表缺少某张工作表（被删除，或改名后内容也无法识别）。其余工作表照常读取。")
SHEET_RENAMED = declare(
    "input.sheet-renamed", Level.INFO, "工作表已改名",
    "工作表“{sheet}”已改名为“{renamed}”，按表头内容识别后照常读取",
    CITE_XLSX,
    "工作表名称与表式不同，但其表头（第一行标题）表明它就是该表，因此照常读取并提示。")
FORMULA_ERROR = declare(
    "input.formula-error", Level.ERROR, "单元格显示错误值",
    "“{field}”所在单元格显示错误值 {error}{formula}，该值未读取",
    CITE_XLSX,
    "单元格的公式出错（如 #DIV/0! 除以零、#REF! 引用的单元格已被删除、#VALUE! 引用了文字），"
    "显示的是错误值而不是数字。该格按未填处理，请修正公式或改填数值。")
MERGED_MOVED = declare(
    "input.merged-moved", Level.WARNING, "合并单元格与表式不符",
    "合并区域 {range} 遮住了“{field}”所在的单元格 {cell}，该格的内容无法读取；请取消合并或恢复原表式",
    CITE_XLSX,
    "合并单元格只保留左上角一格的内容。表式中应单独填写的单元格被并入别的合并区域时，"
    "其中的数据读不到，因此报告，而不是当作未填。")
RESOLVED_DUPLICATE = declare(
    "input.resolved-duplicate", Level.WARNING, "模板只填一个值",
    "{name}在原文中有不同的值（{statements}）；模板中每项数据只有一个单元格，填入{value}（{reason}）",
    CITE_XLSX,
    "由已有材料生成填好的模板时，同一数据在原文多处出现且数值不同（或某处单位有误）。模板中"
    "该数据只有一个单元格，填入核查采用的数值，并以此提示原文的不一致。")
TEMPLATE_COMPUTED = declare(
    "input.template-computed", Level.WARNING, "原文数与公式结果不符",
    "{field}原文为{written}；模板中该格是公式，按所填数据计算为{computed}",
    CITE_XLSX,
    "模板中的比率和合计（人员控制率、预算执行率、总分等）由公式计算。由已有材料生成模板时，"
    "原文所填数值与按其他数据算出的结果在舍入范围内也不相符，模板显示的是计算结果。")
TEMPLATE_OMITTED = declare(
    "input.template-omitted", Level.INFO, "模板未收录的数据",
    "原文中有 {count} 项数据在模板中没有对应的单元格，未写入模板：{items}",
    CITE_XLSX,
    "由已有材料生成模板时，原文中的个别数据（如文字说明中的分项数字）在模板中没有位置。"
    "为免数据被悄悄丢弃，逐项列出。")
