"""Pipe tables in the dialects published copies use, each as a small document."""

from __future__ import annotations

from jixiao.readers.load import load_bytes
from jixiao.readers.textlayout import read_text_layout
from tests.readers_support import findings

HEAD = "| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |"


def read(text: str) -> dict[str, str]:
    result = load_bytes(text.encode("utf-8"), "pipes.txt")
    assert result.evaluation is not None, [f.message for f in result.findings]
    return {f.concept: f.text for f in result.evaluation.facts}


def project(*rows: str) -> str:
    return "\n".join(["项目支出绩效自评表（2022年度）", "| 项目名称 | 道路养护 | 主管部门 | 交通运输局 |", *rows])


def test_rows_without_a_leading_pipe_and_ending_in_empty_cells() -> None:
    got = read(project("项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
                       "年度资金总额 | 100 | 120 | 110 | 10 | 91.67% | 9.17 |",
                       "其中：当年财政拨款 | 100 | 120 | 110 ||||"))
    assert got["funds.total.final"] == "110" and got["funds.total.score"] == "9.17"
    assert got["funds.fiscal.final"] == "110"


def test_layout_decided_per_line() -> None:
    """A title line ``cell |`` before the rows does not make the rows single cells."""
    text = project("部门预算项目支出绩效自评表 |", HEAD, "| 年度资金总额 | 100 | 120 | 110 | 10 | 91.67% | 9.17 |")
    doc = read_text_layout(text, "p.txt")
    assert [t.flat for t in doc.tables()] == [False, True, False]
    assert read(text)["funds.total.rate"] == "91.67%"


def test_a_row_wrapped_onto_the_next_line() -> None:
    text = project(HEAD, "| 年度资金总额 | 100 | 120 | 110", "| 10 | 91.67% | 9.17 |")
    doc = read_text_layout(text, "p.txt")
    assert [len(r) for r in doc.tables()[0].rows] == [4, 7, 7]
    got = read(text)
    assert got["funds.total.final"] == "110" and got["funds.total.score"] == "9.17"


def test_a_merged_label_cell_does_not_shift_the_figures() -> None:
    """The header carries an extra label column (项目资金 / （万元））; cells are aligned
    by the header's roles, not by index, so no false ratio or sum errors follow."""
    text = project("| 项目资金 | （万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
                   "| 年度资金总额 | 100 | 120 | 110 | 10 | 91.67% | 9.17 |",
                   "| 其中 | 当年财政拨款 | 100 | 120 | 110 | | | |")
    got = read(text)
    assert got["funds.total.initial"] == "100" and got["funds.total.rate"] == "91.67%"
    assert got["funds.fiscal.full_year"] == "120"
    found = findings(load_bytes(text.encode("utf-8"), "p.txt"))
    assert not [k for k in found if k[1] == "error"]


def test_several_tables_on_one_page() -> None:
    text = "\n".join([
        "| 项目名称 | 道路养护 |", "|---|---|", "| 主管部门 | 交通运输局 |", "",
        HEAD, "|---|---|---|---|---|---|---|", "| 年度资金总额 | 100 | 120 | 110 | 10 | 91.67% | 9.17 |",
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
        "|---|---|---|---|---|---|---|",
        "| 产出指标 | 数量指标 | 养护里程 | ≥20公里 | 22公里 | 50 | 50 |"])
    doc = read_text_layout(text, "p.txt")
    assert len(doc.tables()) == 3
    got = read("项目支出绩效自评表（2022年度）\n" + text)
    assert got["funds.total.final"] == "110"
    assert got["indicator.产出指标.数量指标.养护里程.score"] == "50"


def test_an_indicator_table_broken_by_a_blank_line_goes_on_after_it() -> None:
    """A portal page cut the table after its header row: the rows after the blank line
    are its rows, aligned by the header's roles; the year stands in a cell of its own."""
    text = "\n".join([
        "项目支出绩效自评表 |", "| ( 2023年度) |", "项目名称 | 林场道路维修 | 主管部门 | 林业和草原局 |",
        "| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |",
        "|", "| 产出指标 | 数量指标 | 维修道路长度 | ≥12公里 | 12.5公里 | 20 | 20 | 无 |",
        "| 时效指标 | 完工及时率 | 100% | 90% | 10 | 9 | 雨季停工 |"])
    result = load_bytes(text.encode("utf-8"), "broken.txt")
    assert result.evaluation is not None
    got = {f.concept: f.text for f in result.evaluation.facts}
    assert got["indicator.产出指标.数量指标.维修道路长度.weight"] == "20"
    assert got["indicator.产出指标.时效指标.完工及时率.score"] == "9"
    project = result.evaluation.project
    assert project is not None and project.year == 2023


def test_a_table_after_a_blank_line_that_starts_with_its_own_header_is_another_table() -> None:
    text = "\n".join([
        "项目支出绩效自评表（2023年度）", "| 项目名称 | 林场道路维修 | 主管部门 | 林业和草原局 |",
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
        "| 产出指标 | 数量指标 | 维修道路长度 | ≥12公里 | 12.5公里 | 20 | 20 |", "|",
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
        "| 效益指标 | 社会效益指标 | 通行时间缩短 | ≥10% | 12% | 30 | 30 |"])
    result = load_bytes(text.encode("utf-8"), "two.txt")
    assert result.evaluation is not None
    got = {f.concept: f.text for f in result.evaluation.facts}
    assert got["indicator.产出指标.数量指标.维修道路长度.weight"] == "20"
    assert not any("通行时间缩短" in c for c in got)  # not read as rows of the first table


def test_a_funds_row_on_the_line_after_its_label_with_a_lost_empty_cell() -> None:
    """年度资金总额 on a line of its own and its figures on the next, the empty 年初预算数
    cell lost: the two amounts are placed where the stated rate is 执行数 ÷ 全年预算数."""
    text = "\n".join([
        "项目支出绩效自评表（2023年度）", "| 项目名称 | 林场道路维修 | 主管部门 | 林业和草原局 |",
        "项目资金 (万元) |", "| 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
        "年度资金总额 |", "| 32.4 | 31.69 | 10 | 97.80% | 9 |"])
    result = load_bytes(text.encode("utf-8"), "lost.txt")
    assert result.evaluation is not None
    got = {f.concept: f.text for f in result.evaluation.facts}
    assert got["funds.total.full_year"] == "32.4" and got["funds.total.final"] == "31.69"
    assert "funds.total.initial" not in got


def test_a_funds_row_whose_rate_fits_no_placing_is_not_read() -> None:
    text = "\n".join([
        "项目支出绩效自评表（2023年度）", "| 项目名称 | 林场道路维修 | 主管部门 | 林业和草原局 |",
        "项目资金 (万元) |", "| 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
        "年度资金总额 |", "| 32.4 | 31.69 | 10 | 90.00% | 9 |"])
    result = load_bytes(text.encode("utf-8"), "lost.txt")
    assert result.evaluation is not None
    got = {f.concept: f.text for f in result.evaluation.facts}
    assert not any(c in got for c in ("funds.total.initial", "funds.total.full_year", "funds.total.final"))
    assert any(f.code == "input.ambiguous-row" for f in result.findings)


def test_a_transfer_payment_table_with_its_sources_by_level_of_government() -> None:
    text = "\n".join([
        "就业补助资金绩效自评表 | |||||||", "(2024年度) | |||||||", "转移支付(项目)名称 | 就业补助资金 | ||||||",
        "资金使用单位 | 某区人力资源和社会保障局 | ||||", "资金投入情况 (万元) |",
        "全年预算数(A) | 全年执行数(B) | 预算执行率(B/A×100%) | ||||",
        "年度资金总额: | 808.1 | 692.98 | 86% | ||||", "其中:中央财政资金 | 808.1 | 692.98 | 86% | ||||",
        "地方财政资金 | |||||||"])
    result = load_bytes(text.encode("utf-8"), "transfer.txt")
    assert result.evaluation is not None
    got = {f.concept: f.text for f in result.evaluation.facts}
    assert got["funds.total.full_year"] == "808.1" and got["funds.total.rate"] == "86%"
    assert got["funds.central.final"] == "692.98"
    project = result.evaluation.project
    assert project is not None and project.name == "就业补助资金" and project.implementer == "某区人力资源和社会保障局"
