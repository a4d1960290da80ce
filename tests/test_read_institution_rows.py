"""The report's 年度收入情况 table with a row per institution under its 汇总 row: each
column's total is kept with the institutions' figures as its parts, and checked."""

from __future__ import annotations

from jixiao.engine import evaluate
from jixiao.model.overall import OverallEvaluation
from jixiao.readers.load import load_bytes


def report(*rows: list[str]) -> OverallEvaluation:
    lines = ["某县2020年度部门(单位)整体支出绩效评价自评报告", "一、部门(单位)基本概况", "人员编制", "|", "25", "|",
             "实有人数", "|", "24", "|", "||||", "二、部门(单位)收支情况", "|", "年度收入情况(万元)", "|",
             "机构名称", "|", "收入合计", "|", "其中:", "|", "上年结转", "|", "公共财政拨款", "|", "其他收入", "|", "||||"]
    for row in rows:
        for cell in row:
            lines.extend([cell, "|"] if cell else ["|"])
        lines.append("||||")
    result = load_bytes("\n".join(lines).encode("utf-8"), "r.txt")
    assert isinstance(result.evaluation, OverallEvaluation), [f.message for f in result.findings]
    return result.evaluation


TOTAL = ["机关及下属单位汇总", "300.5", "20.5", "250", "30"]


def breakdowns(ev: OverallEvaluation) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    assert ev.report is not None
    return {b.label: (b.total.text if b.total else "", [(p.label or "", p.amount.text if p.amount else "")
                                                         for p in b.parts]) for b in ev.report.breakdowns}


def test_each_columns_total_over_the_institutions() -> None:
    ev = report(TOTAL, ["1、机关本级", "200.5", "20.5", "160", "20"], ["2、下属中心", "100", "", "90", "10"],
                ["3、下属站", "", "", "", ""])
    got = breakdowns(ev)
    # 上年结转 is empty in one institution's row: an empty cell is not taken for a zero
    assert got == {"收入合计": ("300.5", [("机关本级", "200.5"), ("下属中心", "100")]),
                   "公共财政拨款": ("250", [("机关本级", "160"), ("下属中心", "90")]),
                   "其他收入": ("30", [("机关本级", "20"), ("下属中心", "10")])}
    assert not [f for f in evaluate(ev).findings if f.code == "sum.inconsistent"]


def test_a_total_row_that_is_not_the_sum_of_the_institutions_is_reported() -> None:
    ev = report(TOTAL, ["1、机关本级", "200.5", "20.5", "150", "20"], ["2、下属中心", "100", "", "90", "10"])
    sums = [f for f in evaluate(ev).findings if f.code == "sum.inconsistent"]
    assert [f.stated for f in sums] == ["250"]


def test_one_institution_only_gives_no_parts() -> None:
    ev = report(TOTAL, ["1、机关本级", "300.5", "20.5", "250", "30"])
    assert breakdowns(ev) == {}
