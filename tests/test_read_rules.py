"""Each rule the readers declare, triggered and not triggered; and the two check
adjustments made for published tables."""

from __future__ import annotations

from jixiao.readers.load import load_bytes
from tests.readers_support import findings


def codes(text: str, name: str = "doc.txt", encoding: str = "utf-8") -> set[str]:
    result = load_bytes(text.encode(encoding), name)
    if result.evaluation is None:
        return {f.code for f in result.findings}
    return {code for code, *_ in findings(result)}


REPORT = ("2023年度某局整体支出绩效自评报告\n一、部门（单位）基本情况\n（三）人员情况。\n"
          "本部门共12人，其中在职10人。\n七、存在的问题及原因分析\n无。\n八、下一步改进措施\n无。\n九、绩效自评结果拟应用和公开情况\n公开。\n")


def test_input_framework_detected_triggered() -> None:
    assert "input.framework-detected" in codes(REPORT)


def test_input_framework_detected_not_triggered() -> None:
    # a YAML file names its framework: nothing to detect
    assert "input.framework-detected" not in codes("kind: overall\nframework: hunan-overall\n", "a.yaml")


def test_input_unrecognized_triggered() -> None:
    assert codes("今天天气很好，我们去公园散步。\n") == {"input.unrecognized"}


def test_input_unrecognized_not_triggered() -> None:
    assert "input.unrecognized" not in codes(REPORT)


FLAT = ("部门整体支出绩效评价基础数据表 经费控制情况 2022年决算数 2023年预算数 2023年决算数 "
        "三公经费 1.5 2.0 1.8 其中:公车购置 3.0 3.0 公用经费 10 12 11\n")


def test_input_ambiguous_row_triggered() -> None:
    assert "input.ambiguous-row" in codes(FLAT)


def test_input_ambiguous_row_not_triggered() -> None:
    # the empty cell written as —— keeps its place
    assert "input.ambiguous-row" not in codes(FLAT.replace("公车购置 3.0 3.0", "公车购置 —— 3.0 3.0"))


PAGE = '<html><head><meta charset="utf-8"></head><body><p>2023年度某局整体支出绩效自评报告</p>'


def test_input_encoding_triggered() -> None:
    broken = PAGE.encode("utf-8") + b"<p>\xff\xfe\xfa\x81\x30</p></body></html>"
    assert "input.encoding" in codes(broken.decode("latin-1"), "p.html", "latin-1")


def test_input_encoding_not_triggered() -> None:
    assert "input.encoding" not in codes(PAGE + "</body></html>", "p.html", "gbk")


RUBRIC = ("部门整体支出绩效评价指标表 一级指标 得分 二级指标 得分 三级指标 得分 评价标准 指标说明 得分 "
          "投入 8 预算配置 8 在职人员控制率 8 以100%为标准,每超过一个百分点扣0.5分,扣完为止. "
          "本单位2018年年末实际在职人员为150人,占编制数143人的比率为104.90%. 5.5\n")


def test_reason_missing_not_asked_of_tables_that_explain_in_their_notes() -> None:
    """The 2013 indicator table has no reason column: its 指标说明 shows the computation."""
    assert "score.reason-missing" not in codes(RUBRIC)
    # the same deduction in a table with a reason column and no reason is reported
    table = ("项目支出绩效自评表(2023年度) 项目名称 道路养护 一级指标 二级指标 三级指标 年度指标值 实际完成值 "
             "分值 得分 偏差原因分析及改进措施 产出指标(50分) 数量指标 养护里程 ≥20公里 18公里 8 5.5 效益指标(30分)\n")
    assert "score.reason-missing" in codes(table)


def test_execution_completeness_only_where_the_framework_scores_it() -> None:
    """预算1922.76万元 in an explanation states the initial budget; the 2013 framework
    does not score the execution rate, so its missing operands are not asked for."""
    rubric = ("部门整体支出绩效评价指标表 一级指标 得分 二级指标 得分 三级指标 得分 评价标准 指标说明 得分 "
              "过程 8 预算执行 8 预算完成率 8 100%计满分,每低于5%扣2分,扣完为止. "
              "年初结余为0万元;预算1922.76万元,本年追加预算767.86万元;年末结余数19.8万元."
              "计算本单位预算完成率99.27%. 8\n")
    assert "complete.value" not in codes(rubric)
    yaml_funds = "kind: project\nfunds:\n  total:\n    initial: 100\n    weight: 10\n"
    assert "complete.value" in codes(yaml_funds, "p.yaml")
