"""项目支出明细: a project's spending listed item by item (支出内容, 实际支出数, 会计凭证号,
备注), one cell per line or as pipe rows; kept as a breakdown whose total is checked."""

from __future__ import annotations

from jixiao.engine import evaluate
from jixiao.model.project import ProjectEvaluation
from jixiao.readers.load import load_bytes

HEAD = ["某县财政支出项目绩效评价自评报告", "项目名称", "乡村道路养护", "项目单位", "某县交通运输局",
        "计划安排资金 (万元)", "80", "实际到位资金 (万元)", "80", "实际支出 (万元)", "78.5"]
HEADER = ["二、项目支出明细情况", "支出内容", "实际支出数", "会计凭证号", "备注"]


def cells(*lines: str) -> bytes:
    return ("\n\n".join(lines) + "\n").encode("utf-8")


def read(data: bytes) -> ProjectEvaluation:
    result = load_bytes(data, "details.txt")
    assert isinstance(result.evaluation, ProjectEvaluation), [f.message for f in result.findings]
    return result.evaluation


def parts(ev: ProjectEvaluation) -> list[tuple[str, str]]:
    (breakdown,) = ev.breakdowns
    return [(p.label or "", p.amount.text if p.amount else "") for p in breakdown.parts]


def test_items_with_their_vouchers_and_the_total_row() -> None:
    ev = read(cells(*HEAD, *HEADER, "路面修补材料", "40.5", "3月31日12号凭证", "养护人员劳务", "30",
                    "6月30日8、9号凭证", "9月30日3号凭证", "桥涵清淤", "8", "10月31日21号凭证", "支出合计", "78.5",
                    "三、项目绩效自评情况"))
    assert parts(ev) == [("路面修补材料", "40.5"), ("养护人员劳务", "30"), ("桥涵清淤", "8")]
    (breakdown,) = ev.breakdowns
    assert breakdown.label == "实际支出数"
    assert breakdown.total is not None and breakdown.total.text == "78.5" and breakdown.total.unit == "万元"
    assert breakdown.parts[1].amount is not None and breakdown.parts[1].amount.location.line == 41


def test_a_total_that_is_not_the_sum_of_the_items_is_reported() -> None:
    ev = read(cells(*HEAD, *HEADER, "路面修补材料", "40.5", "3月31日12号凭证", "养护人员劳务", "30",
                    "6月30日8号凭证", "支出合计", "78.5"))
    sums = [f for f in evaluate(ev).findings if f.code == "sum.inconsistent"]
    assert [f.stated for f in sums] == ["78.5"] and sums[0].locations[0].line == 47


def test_a_list_cut_off_keeps_its_items_and_no_total() -> None:
    pipes = "\n".join(f"{c} |" for c in [*HEAD, *HEADER, "1月城乡低保", "70.1", "1月31日9号凭证", "||||||",
                                           "2月城乡低保", "69.3", "2月29日5号凭证", "||||||", "3月城乡低保"]) + "\n"
    ev = read(pipes.encode("utf-8"))
    assert parts(ev) == [("1月城乡低保", "70.1"), ("2月城乡低保", "69.3")]
    assert ev.breakdowns[0].total is None


def test_amounts_in_yuan_are_not_read_at_the_wrong_scale() -> None:
    ev = read(cells(*HEAD, "二、项目支出明细情况", "支出内容", "实际支出数（元）", "备注", "路面修补材料", "405000",
                    "养护人员劳务", "300000", "支出合计", "705000"))
    assert not ev.breakdowns
