"""A 得分表 of four columns (一级/二级/三级指标, 得分) with the points after each name,
flattened; and a total score stated in a sentence."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jixiao.model.evaluation import all_indicators
from jixiao.model.overall import OverallEvaluation
from jixiao.readers.load import load_bytes

HEAD = "某局2019年度部门整体支出绩效自评报告"


def evaluation(*lines: str) -> OverallEvaluation:
    result = load_bytes("\n".join(lines).encode("utf-8"), "sheet.txt")
    ev = result.evaluation
    assert isinstance(ev, OverallEvaluation), [f.message for f in result.findings]
    return ev


def rows(ev: OverallEvaluation) -> list[tuple[str, str, str, str, str]]:
    return [(c.name, g.name, i.name, i.weight.text if i.weight else "", i.score.text if i.score else "")
            for c, g, i in all_indicators(ev)]


def test_a_flattened_score_sheet_with_points_in_the_names() -> None:
    ev = evaluation(HEAD, "2019年部门整体支出绩效评价得分表 一级指 标 二级指标 三级指标 得分 部门决 策(25 分) "
                    "目标任务(15 分) 相关性(5 分)", "5 明确性(5 分)", "4 合理性(5 分)", "5 预算编制(10 分) 测算依据(5 分)",
                    "2 目标管理(5 分)", "4 综合管 理(30 分) 资金分配(10 分) 分配时限(4 分)", "3")
    assert rows(ev) == [("部门决策", "目标任务", "相关性", "5", "5"), ("部门决策", "目标任务", "明确性", "5", "4"),
                        ("部门决策", "目标任务", "合理性", "5", "5"), ("部门决策", "预算编制", "测算依据", "5", "2"),
                        ("部门决策", "预算编制", "目标管理", "5", "4"), ("综合管理", "资金分配", "分配时限", "4", "3")]


def test_a_row_cut_off_after_its_name_is_left_out() -> None:
    ev = evaluation(HEAD, "一级指标 二级指标 三级指标 得分 决策(25 分) 目标任务(15 分) 相关性(5 分)", "5 明确性(5 分)",
                    "4 中央专款分配合规")
    assert [r[2] for r in rows(ev)] == ["相关性", "明确性"]


def test_a_score_above_its_points_is_not_this_layout() -> None:
    result = load_bytes("\n".join([HEAD, "2019年得分表 一级指标 二级指标 三级指标 得分 决策(25 分) 目标任务(15 分) 相关性(5 分)",
                                   "8 明确性(5 分)", "4"]).encode("utf-8"), "sheet.txt")
    ev = result.evaluation
    assert ev is None or not any(i.name == "相关性" for _c, _g, i in all_indicators(ev))


def test_a_total_score_stated_in_a_sentence_over_a_line_break() -> None:
    ev = evaluation(HEAD, "一、部门基本情况", "本单位编制15人。", "二、自评结论", "按照要求，本部门对2019年整体支出开展自评,自评得分",
                    "90 分,存在的问题:预算编制不够精细。")
    assert ev.self_evaluation is not None and ev.self_evaluation.total is not None
    assert ev.self_evaluation.total.score is not None and ev.self_evaluation.total.score.text == "90"


def test_a_projects_score_is_not_the_total() -> None:
    ev = evaluation(HEAD, "一、部门基本情况", "本单位编制15人。", "二、自评结论", "委员培训项目自评得分95分。")
    assert ev.self_evaluation is None or ev.self_evaluation.total is None


def test_a_sentence_total_is_not_set_against_a_table_read_by_its_columns() -> None:
    ev = evaluation(HEAD, "一、部门基本情况", "本单位编制15人。", "二、自评结论", "本部门自评得分95分。",
                    "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |",
                    "| 产出指标 | 数量指标 | 维修道路长度 | ≥12公里 | 12.5公里 | 20 | 20 | 无 |")
    assert any(i.name == "维修道路长度" for _c, _g, i in all_indicators(ev))
    assert ev.self_evaluation is not None and ev.self_evaluation.total is None


_NAME = st.text(alphabet="相关性明确合理测算依据目标管理部门决策综合资金分配时限", min_size=2, max_size=8)
_LEAF = st.tuples(_NAME, st.integers(1, 10)).flatmap(lambda t: st.tuples(st.just(t[0]), st.just(t[1]),
                                                                            st.integers(0, t[1])))


@given(st.lists(st.tuples(_NAME, st.lists(st.tuples(_NAME, st.lists(_LEAF, min_size=1, max_size=3)),
                                             min_size=1, max_size=2)), min_size=1, max_size=2),
       st.randoms(use_true_random=False))
def test_a_flattened_sheet_reads_back_row_by_row(sheet: list, rnd) -> None:  # type: ignore[no-untyped-def]
    """Whatever the names and points, and wherever the lines break, each 三级 gets its
    own points and score under its own 一级 and 二级."""
    tokens: list[str] = []
    expected: list[tuple[str, str, str, str, str]] = []
    for category, groups in sheet:
        tokens.append(f"{category}(99 分)")
        for group, leaves in groups:
            tokens.append(f"{group}(50 分)")
            for name, points, score in leaves:
                tokens += [f"{name}({points} 分)", str(score)]
                expected.append((category, group, name, str(points), str(score)))
    if len(expected) < 2:
        return
    lines = ["一级指标 二级指标 三级指标 得分"]
    for token in tokens:
        if rnd.random() < 0.4:
            lines.append(token)
        else:
            lines[-1] += " " + token
    assert rows(evaluation(HEAD, *lines)) == expected


def test_a_groups_points_are_read_at_their_figure() -> None:
    line = "得分表 一级指标 二级指标 三级指标 得分 部门决策(25 分) 目标任务(15 分) 相关性(5 分)"
    ev = evaluation(HEAD, line, "5 明确性(5 分)", "4")
    assert ev.self_evaluation is not None
    category = ev.self_evaluation.indicators[0]
    group = category.groups[0]
    assert group.weight is not None and group.weight.text == "15"
    assert group.weight.location.line == 2 and group.weight.location.column == line.index("15") + 1
    assert category.weight is not None and category.weight.location.column == line.index("25") + 1
