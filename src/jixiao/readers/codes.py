"""The rules the readers of published reports (text, DOCX, PDF, HTML) emit.

Declared here, apart from the readers, so that ``jixiao rules`` and docs/rules.md
list them without loading the readers.
"""

from __future__ import annotations

from jixiao.findings import Level
from jixiao.located import SURROGATE  # noqa: F401 - declared where JSON is read (below the readers)
from jixiao.registry import declare

CITE = "jixiao 读取已公开报告（docs/import.md）"

FRAMEWORK_DETECTED = declare(
    "input.framework-detected", Level.INFO, "评价框架按表式判断",
    "按{kind}评价读取，评价框架采用 {framework}：{because}", CITE,
    "读取 DOCX、PDF、HTML 或文本格式的已公开报告时，评价类型和评价框架由文件头注明或按表式"
    "（栏目名）判断，并以提示说明依据。可用 --framework 另行指定。")
UNRECOGNIZED = declare(
    "input.unrecognized", Level.ERROR, "未识别出自评内容",
    "未能在文件中找到绩效自评报告或自评表的内容（{what}）", CITE,
    "文件可以读取，但其中没有可识别的自评报告章节、基础数据表或自评表栏目。")
AMBIGUOUS = declare(
    "input.ambiguous-row", Level.INFO, "无法确定数字所属的列",
    "“{label}”一行的 {values} 无法确定属于哪一列（该行有{count}个数，表头有{columns}列，"
    "原文的空单元格已在转换中丢失），未读取",
    "jixiao 读取原则：不作猜测",
    "由 PDF 等转换成的文字丢失了表格的空单元格：一行的数少于表头的列数时，若某个数可能属于"
    "不止一列，就无法确定它属于哪一列。这样的数不被读取，以提示列出，供人工核对原件。")
ENCODING = declare(
    "input.encoding", Level.WARNING, "编码无法完全识别",
    "网页声明的编码为 {declared}，但有无法按 {declared}、UTF-8 或 GB18030 解码的字节，"
    "已按 {used} 读取并以替换符代替", CITE,
    "网页的字节与其声明的字符集不符（常见于转载、拼接的页面）。读出的文字可能有乱码，请核对原网页。")
NUMBER_RANGE = declare(
    "input.number-range", Level.ERROR, "数字超出可处理的范围",
    "“{field}”的数字“{text}”超出可处理的范围（整数部分至多 {integer} 位，数字共至多 {total} 位），未读取", CITE,
    "预算金额以万元或元计，整数部分不会超过 15 位。更长的数字多为误填或恶意构造，"
    "读取时按错误报告，不参与计算（避免十进制运算溢出）。")
READER_DIED = declare(
    "input.reader-died", Level.ERROR, "读取进程异常终止",
    "读取此文件的子进程未能完成：{reason}；文件未读取", CITE,
    "不受信任的文件在独立的子进程中读取，并限制其内存和时间。子进程超时、内存不足或崩溃时，"
    "该文件记为无法读取并说明原因，其余文件照常处理。")
