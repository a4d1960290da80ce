"""A project table's parts stating their points in their title cells: 预算执行情况(10分)
over the funds block, 绩效指标(90分) beside the indicators."""

from __future__ import annotations

from jixiao.engine import evaluate
from jixiao.model.project import ProjectEvaluation
from jixiao.readers.load import load_bytes

TABLE = """项目支出绩效自评表（2023年度）
| 项目名称 | 农村公路养护 | 主管部门 | 县交通运输局 |
| 预算执行情况(10分) | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 | 分值 | 得分 |
| 年度资金总额 | 100 | 120 | 114 | 95% | 10 | 9.5 |
| 绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标值 | 完成值 | 分值 | 得分 |
| | 产出指标 | 数量指标 | 养护里程 | ≥50公里 | 52公里 | 50 | 50 |
| | 效益指标 | 社会效益指标 | 通行保障率 | ≥95% | 96% | 40 | 40 |
| 合计 | | | | | | 100 | 99.5 |
"""


def read(text: str) -> ProjectEvaluation:
    result = load_bytes(text.encode("utf-8"), "points.txt")
    assert isinstance(result.evaluation, ProjectEvaluation), [f.message for f in result.findings]
    return result.evaluation


def errors(ev: ProjectEvaluation) -> list[tuple[str, str | None]]:
    return [(f.code, f.stated) for f in evaluate(ev).findings if f.level == "error"]


def test_the_points_in_the_title_cells() -> None:
    ev = read(TABLE)
    assert ev.funds is not None and ev.funds.weight is not None and ev.funds.weight.text == "10"
    assert (ev.funds.weight.location.line, ev.funds.weight.location.column) == (3, TABLE.splitlines()[2].index("10") + 1)
    assert ev.indicators_weight is not None and ev.indicators_weight.text == "90"
    assert ev.indicators_weight.concept == "indicators.weight"
    assert errors(ev) == []


def test_indicator_points_that_do_not_add_up_to_the_title() -> None:
    ev = read(TABLE.replace("| 96% | 40 | 40 |", "| 96% | 30 | 30 |").replace("| 100 | 99.5 |", "| 90 | 89.5 |"))
    assert ("score.weights-sum", "90") in errors(ev)


def test_a_title_and_a_row_that_disagree_on_the_funds_points() -> None:
    ev = read(TABLE.replace("预算执行情况(10分)", "预算执行情况(20分)"))
    assert any(code == "dup.conflict" for code, _ in errors(ev))


def test_a_title_without_points_gives_none() -> None:
    ev = read(TABLE.replace("预算执行情况(10分)", "预算执行情况").replace("绩效指标(90分)", "绩效指标"))
    assert ev.funds is not None and ev.funds.weight is None and ev.indicators_weight is None
