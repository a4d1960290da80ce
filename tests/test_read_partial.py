"""Partial copies and reads that find nothing, each as a small document."""

from __future__ import annotations

from jixiao.engine import evaluate
from jixiao.readers.load import load_bytes

TABLE = [
    "项目支出绩效自评表（2022年度）",
    "| 项目名称 | 道路养护 | 主管部门 | 交通运输局 |",
    "| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
    "| 年度资金总额 | 100 | 100 | 100 | 10 | 100% | 10 |",
    "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |",
    "| 产出指标 | 数量指标 | 养护里程 | ≥20公里 | 22公里 | 20 | 20 | |",
    "| 产出指标 | 质量指标 | 验收合格率 | 100% | 100% | 20 | 20 | |",
]


def test_a_copy_that_stops_mid_table_is_partial_and_gives_no_errors() -> None:
    result = load_bytes("\n".join(TABLE).encode("utf-8"), "cut.txt")
    ev = result.evaluation
    assert ev is not None
    assert ev.completeness == "partial"
    assert ev.notes is not None and "中断" in ev.notes.value
    found = list(result.findings) + evaluate(ev).findings
    assert not [f.code for f in found if f.level.value == "error"]
    assert not [f.code for f in found if f.code == "score.weights-sum" and f.level.value != "info"]


def test_a_table_with_its_total_row_is_not_partial() -> None:
    text = "\n".join([*TABLE, "| 总分 | 100 | 100 | |"])
    ev = load_bytes(text.encode("utf-8"), "full.txt").evaluation
    assert ev is not None and ev.completeness != "partial"


def test_a_read_that_finds_nothing_is_unrecognized() -> None:
    text = "某局2023年度部门整体支出绩效自评报告\n一、部门（单位）基本情况\n（一）人员情况\n"
    result = load_bytes(text.encode("utf-8"), "empty.txt")
    assert result.evaluation is None
    assert [f.code for f in result.findings] == ["input.unrecognized"]


REPORT = [
    "某县文化馆2022年度部门整体支出绩效自评报告",
    "一、部门基本情况",
    "（一）部门整体支出概况。",
    "2022年支出:500.5万元。其中:人员经费支出300万元,公用经费支出80.5万元,项目支出120万元。",
    "（二）部门整体支出情况分析。",
]


def _projects(text: str) -> tuple[dict[str, str], list[str]]:
    result = load_bytes(text.encode("utf-8"), "report.txt")
    ev = result.evaluation
    assert ev is not None
    found = list(result.findings) + evaluate(ev).findings
    errors = [f.code for f in found if f.level.value == "error"]
    return {f.concept: f.text for f in ev.facts if f.concept.startswith("project.")}, errors


def test_the_projects_a_report_says_its_project_spending_is_made_of() -> None:
    text = "\n".join([*REPORT, "项目支出包括免费开放经费50万元,非遗保护经费40万元,文化下乡活动经费30万元。"])
    got, errors = _projects(text)
    assert got == {"project.免费开放.final": "50", "project.非遗保护.final": "40", "project.文化下乡活动.final": "30"}
    assert errors == []
    # the same list short of its total in a complete copy is an error of the document
    short = text.replace("文化下乡活动经费30万元", "文化下乡活动经费20万元")
    assert "sum.inconsistent" in _projects(short)[1]


def test_a_list_the_copy_was_cut_off_in_keeps_its_whole_items_and_gives_no_error() -> None:
    # the copy stops after 文化下乡活动经费3: that item's figure may be cut short, and the
    # items read (90 of 120) are not all the projects, so their sum is no error
    text = "\n".join([*REPORT, "项目支出包括免费开放经费50万元,非遗保护经费40万元,文化下乡活动经费3",
                      "[text cut off here in the available copy]"])
    got, errors = _projects(text)
    assert got == {"project.免费开放.final": "50", "project.非遗保护.final": "40"}
    assert errors == []
    # items that already exceed the total are an error, whatever was lost after them
    over = text.replace("非遗保护经费40万元", "非遗保护经费80万元")
    assert "sum.inconsistent" in _projects(over)[1]
