"""Table layouts of published self-evaluation tables, each capability as a small
readable table: column names of other templates, columns whose values are not read,
headers whose cells are wrapped over lines or span two rows, and cells aligned by the
header's roles rather than by their index."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jixiao.audit.coverage import identity
from jixiao.engine import evaluate
from jixiao.model.evaluation import year_of
from jixiao.model.tree import Mapping, Scalar, Sequence
from jixiao.readers.extract.colmarks import formulas, is_mark_only, mark_of
from jixiao.readers.extract.fieldruns import split_fields
from jixiao.readers.extract.spanning import merge_two_rows
from jixiao.readers.finish import read_tree
from jixiao.readers.load import load_bytes
from jixiao.readers.pipeflow import flow_cells
from jixiao.readers.textlayout import read_text_layout


def read(text: str, name: str = "table.txt") -> dict[str, str]:
    result = load_bytes(text.encode("utf-8"), name)
    assert result.evaluation is not None, [f.message for f in result.findings]
    return {f.concept: f.text for f in result.evaluation.facts}


def test_space_separated_rows_with_weight_named_fenzhi_quanzhong() -> None:
    # 分值权重 (a 新疆 template's name for 分值) is a funds column like 分值
    got = read("\n".join([
        "项目支出绩效自评表",
        "(2023年度)",
        "项目名称 统计调查专项经费",
        "资金来源 年初预算数 全年预算数 全年执行数 分值权重 执行率 得分",
        "年度资金总额 6.00 5.00 4.00 10 80.00% 8",
        "其中:当年财政拨款 6.00 5.00 4.00 - - -",
        "其他资金 0.00 0.00 0.00 - - -"]))
    assert (got["funds.total.full_year"], got["funds.total.final"], got["funds.total.weight"],
            got["funds.total.score"]) == ("5.00", "4.00", "10", "8")
    assert got["funds.fiscal.initial"] == "6.00"
    assert got["funds.other.final"] == "0.00"


def test_indicator_columns_not_read_keep_the_header_and_its_alignment() -> None:
    # 指标值设置依据, 上年完成值, 指标赋分规则, 佐证资料, 完成率 are columns of the header
    # whose values are not read; the points and the score stay in their own columns
    got = read("\n".join([
        "项目支出绩效自评表",
        "项目名称 统计调查专项经费",
        "一级指标 二级指标 三级指标 指标值 指标值设置依据 上年完成值 指标分值权重 指标赋分规则 佐证资料 "
        "指标实际完成值 完成率 指标得分 偏差原因分析及改进措施",
        "产出指标 数量指标 调查户数 120户 工作方案 118户 20 按比例得分 台账 120户 100% 18 无",
        "总分 100 98"]))
    assert got["indicator.产出指标.数量指标.调查户数.weight"] == "20"
    assert got["indicator.产出指标.数量指标.调查户数.score"] == "18"
    assert got["total.score"] == "98"


def test_adjusted_budget_named_tiaozheng_yusuanshu() -> None:
    # 调整预算数 is the full-year budget; one cell per line, the empty 年初预算数 lost:
    # the stated rate (全年执行数 ÷ 调整预算数) places the two amounts
    got = read("\n".join([
        "项目支出绩效自评表", "( 2021年度)", "项目名称", "双随机抽查委托审计费", "项目资金", "(万元)",
        "年初预算数", "调整预算数", "全年执行数", "分值", "执行率", "得分",
        "年度资金总额", "40", "30", "10", "75%", "7.5"]))
    assert (got["funds.total.full_year"], got["funds.total.final"], got["funds.total.rate"]) == ("40", "30", "75%")
    assert "funds.total.initial" not in got


# --- a web table as pipe text, its empty cells written as line breaks -----------------

_FLOW = "\n".join([
    "2022年度项目支出绩效自评表 | 部门:某县第一中学 |",
    "|",
    "| 项目名称 | 学生资助资金 | 主管部门 | 某县教育局 | 实施单位 | 某县第一中学 | 项目资金 (万元) |",
    "| 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | 年度资金总额 |",
    "| 50 | 40 | 10 | 80% | 8 | 其中:当年财政 拨款 |",
    "| 50 | 40 | — |",
    "| — | 绩效指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 | 一级指标 | 二级指标 "
    "| 三级指标 | 指标性质 | 指标值 | 度量单位 | 产出指标 | 数量指标 | 资助人数 | ≥ | 100 | 人 | 90 | 20 | 18 |",
    "| 资助时效 | ≥ | 95 | % | 100% | 20 | 20 |",
    "| 满意度指标 | 服务对象满意度指标等 | 家长满意度 | ≥ | 90 | % | 95% | 20 | 20 |",
    "| 生态效益 指标 |",
    "|",
    "|",
    "| 其他需要说明事项 | 无 | 总分 | 100 | 96 | 优 |",
    "|"])


def test_pipe_cells_in_reading_order_with_line_breaks_for_empty_cells() -> None:
    got = read(_FLOW)
    # the empty 年初预算数 of each funds row is the line break after the row label
    assert "funds.total.initial" not in got
    assert (got["funds.total.full_year"], got["funds.total.final"], got["funds.total.weight"],
            got["funds.total.rate"], got["funds.total.score"]) == ("50", "40", "10", "80%", "8")
    assert (got["funds.fiscal.full_year"], got["funds.fiscal.final"]) == ("50", "40")
    evaluation = load_bytes(_FLOW.encode("utf-8"), "table.txt").evaluation
    assert evaluation is not None and year_of(evaluation) == 2022  # 2022年度…自评表, no brackets
    final = next(f for f in evaluation.facts if f.concept == "funds.total.final")
    assert (final.location.line, final.location.column) == (5, 8)  # each cell keeps its place


def test_header_over_two_rows_gives_the_columns_in_order() -> None:
    # 绩效指标 stands over 一级/二级/三级, 年度指标值 over 指标性质/指标值/度量单位
    got = read(_FLOW)
    assert (got["indicator.产出指标.数量指标.资助人数.weight"], got["indicator.产出指标.数量指标.资助人数.score"]) \
        == ("20", "18")
    # a row under a merged 二级 cell starts at its name; a line break ended the row before
    assert got["indicator.产出指标.数量指标.资助时效.score"] == "20"
    # 满意度指标 before a 二级 name is the 一级 one; 其他需要说明事项 is no indicator
    assert got["indicator.满意度指标.服务对象满意度指标等.家长满意度.weight"] == "20"
    assert not any("其他需要说明事项" in concept for concept in got)
    assert (got["total.weight"], got["total.score"]) == ("100", "96")


def test_pipe_rows_of_one_width_are_still_read_as_rows() -> None:
    got = read("\n".join([
        "项目支出绩效自评表（2022年度）",
        "| 项目名称 | 道路养护 | 主管部门 | 交通运输局 |",
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |",
        "|",
        "| 产出指标 | 数量指标 | 养护里程 | ≥20公里 | 22公里 | 50 | 50 | 无 |",
        "| 效益指标 | 社会效益指标 | 通行时间 | ≤30分钟 | 25分钟 | 40 | 40 | 无 |",
        "| 满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% | 95% | 10 | 10 | 无 |"]))
    assert got["indicator.效益指标.社会效益指标.通行时间.weight"] == "40"


def test_merge_two_rows_places_the_second_row_under_the_spanning_cells() -> None:
    top = ["frame", "target", "actual", "weight", "score", "reason"]
    bottom = ["category", "group", "name", "nature", "target", "unit"]
    assert merge_two_rows(top, bottom) == [
        "category", "group", "name", "nature", "target", "unit", "actual", "weight", "score", "reason"]
    # the frame alone over a one-row header: nothing spans
    assert merge_two_rows(["frame"], ["category", "group", "name", "target", "actual"]) is None
    # what is left of the second row has no single cell to stand under
    assert merge_two_rows(["frame", "actual", "weight"], ["category", "name", "nature", "unit"]) is None
    # a header whose 年度指标值 spans 指标值 / 度量单位 in the row below
    assert merge_two_rows(["category", "name", "target", "weight"], ["target", "unit"]) == [
        "category", "name", "target", "unit", "weight"]


# --- a transfer-payment funds table: marks on lines of their own, rates by the marks ---

_TRANSFER = "\n".join([
    "某县林业局2024年度林业改革发展资金绩效评价表",
    "年度:2024年",
    "资金投入情况",
    "(万元)",
    "",
    "行次 全年预算数", "(A)", "统筹整合资金数", "(B)", "扣除统筹整合资金后预算金额", "(C)", "全年到位资金", "(D)",
    "预算到位", "(D/C×100%)", "全年执行资金", "(E)", "预算执行", "(E/C×100%)", "佐证材料",
    "年度资金总额(万元): 1 80.000000",
    "80.000000 80.000000 100.00% 60.000000 75.00%",
    "其中:中央财政资金(万元) 2 80.000000",
    "80.000000 80.000000 100.00% 60.000000 75.00% 预算下达文件",
    "地方财政资金(万元) 3"])


def test_transfer_payment_columns_by_their_marks() -> None:
    # one amount cell is empty and lost: the row number (行次) is never empty, the rates
    # are computed as their marks say (E/C, D/C), and C = A − B: one placing fits
    got = read(_TRANSFER)
    assert (got["funds.total.full_year"], got["funds.total.in_place"], got["funds.total.final"],
            got["funds.total.rate"]) == ("80.000000", "80.000000", "60.000000", "75.00%")
    assert got["funds.central.final"] == "60.000000"
    assert not any(value == "1" or value == "2" for value in got.values())  # 行次 is no figure of the row


def test_column_marks_give_the_rate_formulas() -> None:
    assert mark_of("执行率(B/A×100%)") == "B/A"
    assert mark_of("(D/C×100%)") == "D/C"
    assert mark_of("全年预算数（A）") == "A"
    assert mark_of("全年预算数") is None
    assert is_mark_only("(E)") and not is_mark_only("全年执行资金(E)")
    roles = ["full_year", "pooled", "net_budget", "in_place", "in_place_rate", "final", "rate"]
    marks = ["A", "B", "C", "D", "D/C", "E", "E/C"]
    assert formulas(roles, marks) == {"rate": ("final", "net_budget"), "in_place_rate": ("in_place", "net_budget")}
    # without marks a rate is the execution over the full-year budget
    assert formulas(["full_year", "final", "rate"], [None, None, None]) == {"rate": ("final", "full_year")}


# --- indicator rows whose header was lost ------------------------------------------------

def test_rows_after_a_lost_header_are_read_by_the_template_columns() -> None:
    # a copy that starts inside the indicator table: rows of the project table's shape
    # (name, target, actual, points, score) after 一级/二级 names
    lines = ["项目支出绩效自评表", "( 2021年度)", "项目名称", "食品抽检经费", "实施单位", "某县市场监督管理局",
             "效益指标", "社会效益指标", "抽检覆盖面", "全覆盖", "全覆盖", "20", "18",
             "可持续影响指标", "长效机制", "建立", "建立", "10", "9",
             "满意度", "指标", "服务对象满意度指标", "商户满意度", "≥90%", "95%", "10", "10",
             "总分", "100", "97"]
    got = read("\n".join(lines))
    assert (got["indicator.效益指标.社会效益指标.抽检覆盖面.weight"],
            got["indicator.效益指标.社会效益指标.抽检覆盖面.score"]) == ("20", "18")
    assert got["indicator.满意度.服务对象满意度指标.商户满意度.score"] == "10"
    assert (got["total.weight"], got["total.score"]) == ("100", "97")


def test_one_row_of_that_shape_is_not_a_table() -> None:
    lines = ["项目支出绩效自评表", "( 2021年度)", "项目名称", "食品抽检经费",
             "效益指标", "抽检覆盖面", "全覆盖", "全覆盖", "20", "18", "评价结论", "较好"]
    result = load_bytes("\n".join(lines).encode("utf-8"), "t.txt")
    facts = {f.concept for f in result.evaluation.facts} if result.evaluation is not None else set()
    assert not any(c.startswith("indicator.") for c in facts)


def test_a_label_heading_a_list_column_is_passed_for_its_next_place() -> None:
    # 项目名称 first heads the column of a list of tables (序号 项目名称 备注), then
    # labels the project in the table itself
    lines = ["2022年度项目支出绩效自评表", "", "单位项目绩效自评表清单", "", "序号", "", "项目名称", "", "备注", "",
             "1", "", "基层服务补助资金自评表", "", " ", "", "项目支出绩效自评表", "", "项目名称", "",
             "基层服务补助资金", "", "主管部门", "", "某市人力资源和社会保障局", "", "项目资金", "(万元)", "",
             "年初预算数", "", "全年预算数", "", "全年执行数", "", "分值", "", "执行率", "", "得分", "",
             "年度资金总额", "", "99", "", "99", "", "99", "", "10", "", "100%", "", "10"]
    result = load_bytes("\n".join(lines).encode("utf-8"), "t.txt")
    assert result.evaluation is not None
    assert result.evaluation.project is not None and result.evaluation.project.name == "基层服务补助资金"


# --- a project table's header fields run together with their values ---------------------

def test_header_fields_run_together_are_split_at_their_labels() -> None:
    text = ("2021年度财政项目绩效自评表单位名称:某市人民医院填报日期:2022年3月18日项目名称新院区建设补助"
            "主管部门某市卫生健康委项目实施单位某市人民医院项目类别1、部门预算项目 02、财政专项口")
    result = load_bytes(text.encode("utf-8"), "t.txt")
    assert result.evaluation is not None and result.evaluation.project is not None
    project = result.evaluation.project
    assert (project.name, project.department, project.implementer) == ("新院区建设补助", "某市卫生健康委", "某市人民医院")
    assert year_of(result.evaluation) == 2021  # the title stays whole


def test_prose_naming_the_fields_is_not_split() -> None:
    # the three fields must follow each other as a header's do
    assert split_fields("本单位作为项目实施单位，会同主管部门，对项目名称与内容进行了核对，确保资金使用规范有序并及时公开") is None


# --- headers over two rows in tables with rows ------------------------------------------

def _indicator(got: dict[str, str], field: str) -> str:
    return got[f"indicator.产出指标.数量指标.资助人数.{field}"]


def test_two_row_header_in_a_web_table_by_its_grid_columns() -> None:
    # 年度指标值 spans 指标性质 / 指标值 / 度量单位; the other cells span both rows
    html = """<html><head><meta charset="utf-8"></head><body><p>项目支出绩效自评表（2022年度）</p><table>
    <tr><td>项目名称</td><td colspan="9">学生资助</td></tr>
    <tr><td rowspan="2">一级指标</td><td rowspan="2">二级指标</td><td rowspan="2">三级指标</td>
        <td colspan="3">年度指标值</td><td rowspan="2">实际完成值</td><td rowspan="2">分值</td>
        <td rowspan="2">得分</td><td rowspan="2">偏差原因分析及改进措施</td></tr>
    <tr><td>指标性质</td><td>指标值</td><td>度量单位</td></tr>
    <tr><td>产出指标</td><td>数量指标</td><td>资助人数</td><td>≥</td><td>100</td><td>人</td><td>90</td>
        <td>20</td><td>18</td><td>人数减少</td></tr>
    <tr><td>总分</td><td colspan="6"></td><td>100</td><td>96</td><td></td></tr></table></body></html>"""
    got = read(html, "t.html")
    assert (_indicator(got, "weight"), _indicator(got, "score")) == ("20", "18")
    tree = read_tree(html.encode("utf-8"), "t.html").tree
    item = _at(_at(_at(tree, "indicators", 0), "groups", 0), "items", 0)
    # the value under 指标值, not the operator under 指标性质
    assert [_text(item, k) for k in ("nature", "target", "unit")] == ["≥", "100", "人"]


def _at(node: object, key: str, index: int) -> Mapping:
    assert isinstance(node, Mapping)
    seq = next(v for k, _, v in node.entries if k == key)
    assert isinstance(seq, Sequence)
    item = seq.items[index]
    assert isinstance(item, Mapping)
    return item


def _text(node: Mapping, key: str) -> str:
    value = next(v for k, _, v in node.entries if k == key)
    assert isinstance(value, Scalar)
    return value.text


def test_two_row_header_in_a_pipe_table_by_order() -> None:
    got = read("\n".join([
        "项目支出绩效自评表（2022年度）",
        "| 项目名称 | 学生资助 |",
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |",
        "| 指标性质 | 指标值 | 度量单位 |",
        "| 产出指标 | 数量指标 | 资助人数 | ≥ | 100 | 人 | 90 | 20 | 18 | 人数减少 |",
        "| 总分 | 100 | 96 | |"]))
    assert (_indicator(got, "weight"), _indicator(got, "score")) == ("20", "18")


def test_two_row_header_one_cell_per_line() -> None:
    # a Word table pasted as text: the second header row follows the first
    cells = ["项目支出绩效自评表", "（2022年度）", "项目名称", "学生资助",
             "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施",
             "指标性质", "指标值", "度量单位",
             "产出指标", "数量指标", "资助人数", "≥", "100", "人", "90", "20", "18", " ",
             "总分", "100", "96"]
    got = read("\n\n".join(cells))
    assert (_indicator(got, "weight"), _indicator(got, "score")) == ("20", "18")


def _render_flow(cells: list[str]) -> list[str]:
    """Cells written as a portal page copies them: a line break for each empty cell,
    a line holding a lone pipe for each further one."""
    lines: list[str] = []
    line: list[str] = []
    for cell in cells:
        if cell:
            line.append(cell)
        elif line:
            lines.append("| " + " | ".join(line) + " |")
            line = []
        else:
            lines.append("|")
    if line:
        lines.append("| " + " | ".join(line) + " |")
    return lines


_CELL = st.text(alphabet="年初预算数执行率得分0123456789.%≥人 ", min_size=1, max_size=8).map(str.strip)


@given(st.lists(st.one_of(st.just(""), _CELL), min_size=1, max_size=40))
def test_cells_in_reading_order_come_back_as_written(cells: list[str]) -> None:
    lines = _render_flow(cells)
    got = [c.piece.text for c in flow_cells(lines, 0, "t.txt", 1, lambda p: p)]
    while cells and not cells[-1]:
        cells = cells[:-1]  # a trailing empty cell leaves no trace
    while got and not got[-1]:
        got = got[:-1]
    assert got == cells


# --- a report laid out as a pipe table ----------------------------------------------------

_PIPE_REPORT = "\n".join([
    "附件3-1",
    "某区2021年度部门(单位)整体支出",
    "绩效评价自评报告",
    "部门(单位)名称: 某区人民政府办公室",
    "一、部门(单位)基本概况 |",
    "|||||||||||||||",
    "联系人 |", "王五 |", "联络电话 |", "8245327 |",
    "||||||||||||",
    "人员编制 |", "36 |", "实有人数 |", "38 |",
    "||||||||||||"])


def test_a_heading_in_a_pipe_line_stays_a_heading() -> None:
    # 一、… | is the report's heading, not a cell; 附件3-1 above the title labels the
    # report itself, it does not start its attachments
    got = read(_PIPE_REPORT)
    assert (got["staff.authorized"], got["staff.in_service"]) == ("36", "38")


def test_cells_on_lines_of_their_own_between_lines_of_pipes() -> None:
    # each cell on its own line, a line of pipes after it, a run of pipes closing a row
    text = "\n".join([
        "某县2016年度部门(单位)整体支出绩效评价自评报告",
        "部门(单位)名称 某县建设开发服务中心",  # the colon written as a space
        "一、部门(单位)基本概况",
        "|", "|||||||||||||||||",
        "联系人", "|", "谢某", "|", "联络电话", "|", "13500000000", "|", "||||||||||||||",
        "人员编制", "|", "19", "|", "实有人数", "|", "17", "|", "||||||||||||||",
        "职能职责概述", "|", "负责建设规划;", "负责资金的管理。", "|", "||||||||||||||||"])
    got = read(text)
    assert (got["staff.authorized"], got["staff.in_service"]) == ("19", "17")
    evaluation = load_bytes(text.encode("utf-8"), "t.txt").evaluation
    assert evaluation is not None
    assert identity(evaluation)["unit"] == "某县建设开发服务中心"
    cells = [c.piece.text for c in read_text_layout(text, "t.txt").tables()[0].rows[0]]
    assert "负责建设规划;\n负责资金的管理。" in cells  # a cell over two lines is one cell


def test_carryover_column_of_the_funds_table() -> None:
    # 上年结转: a column of its own between 年初预算数 and 全年预算数, beside the source
    # row of the same name
    got = read("\n".join([
        "2022年度道路养护项目支出绩效自评表",
        "项目名称 | 道路养护",
        "项目资金（万元） | 年初预算数 | 上年结转 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分",
        "年度资金总额 | 100 | 20 | 120 | 114 | 10 | 95% | 9.5",
        "其中：财政拨款 | 100 | | 100 | 96 | — | — | —",
        "上年结转资金 | | 20 | 20 | 18 | — | — | —"]))
    assert (got["funds.total.initial"], got["funds.total.carryover"], got["funds.total.full_year"],
            got["funds.total.final"]) == ("100", "20", "120", "114")
    assert "funds.fiscal.carryover" not in got and got["funds.carried_over.full_year"] == "20"


def test_a_carried_over_source_row_without_the_column_stays_a_row() -> None:
    got = read("\n".join([
        "2022年度道路养护项目支出绩效自评表",
        "项目名称 | 道路养护",
        "项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分",
        "年度资金总额 | 100 | 120 | 114 | 10 | 95% | 9.5",
        "其中：财政拨款 | 100 | 100 | 96 | — | — | —",
        "上年结转 | | 20 | 18 | — | — | —"]))
    assert "funds.total.carryover" not in got
    assert (got["funds.carried_over.full_year"], got["funds.carried_over.final"]) == ("20", "18")


def test_transfer_payment_pooled_funds_and_the_budget_net_of_them() -> None:
    """统筹整合资金数 (B) and 扣除统筹整合资金后预算金额 (C) are the row's own figures, kept
    and checked: C = A − B."""
    got = read(_TRANSFER)
    assert got["funds.total.net_budget"] == got["funds.central.net_budget"] == "80.000000"
    assert "funds.total.pooled" not in got  # the empty B cell was lost: nothing to keep
    header = ("| 项目名称 | 林业改革发展资金 |\n| 资金投入情况 | 全年预算数(A) | 统筹整合资金数(B) | "
              "扣除统筹整合资金后预算金额(C) | 全年到位资金(D) | 预算到位(D/C×100%) | 全年执行资金(E) | 预算执行(E/C×100%) |\n")
    good = header + "| 年度资金总额 | 100 | 20 | 80 | 80 | 100% | 60 | 75% |\n"
    result = load_bytes(("某县2024年度林业改革发展资金绩效评价表\n" + good).encode("utf-8"), "t.txt")
    assert result.evaluation is not None
    facts = {f.concept: f.text for f in result.evaluation.facts}
    assert (facts["funds.total.pooled"], facts["funds.total.net_budget"]) == ("20", "80")
    found = evaluate(result.evaluation).findings
    # the rates are over C, as the marks D/C and E/C say: 80 ÷ 80, 60 ÷ 80
    assert not [f for f in found if f.code in ("sum.inconsistent", "ratio.inconsistent", "ratio.in-place")]
    bad = load_bytes(("某县2024年度林业改革发展资金绩效评价表\n" + good.replace("| 100 | 20 | 80 |", "| 100 | 30 | 80 |"))
                     .encode("utf-8"), "t.txt")
    assert bad.evaluation is not None
    sums = [f for f in evaluate(bad.evaluation).findings if f.code == "sum.inconsistent"]
    assert [f.stated for f in sums] == ["100"]
