"""到位资金 and 资金到位率 as project tables state them: columns of the funds table."""

from __future__ import annotations

from jixiao.readers.load import load_bytes


def read(text: str) -> dict[str, str]:
    result = load_bytes(text.encode("utf-8"), "in-place.txt")
    assert result.evaluation is not None, [f.message for f in result.findings]
    return {f.concept: f.text for f in result.evaluation.facts}


def test_the_in_place_rate_as_a_column_of_the_funds_table() -> None:
    got = read("\n".join([
        "项目支出绩效自评表（2024年度）",
        "| 项目名称 | 森林防火 | 主管部门 | 林业局 |",
        "| 项目资金（万元） | 全年预算数 | 全年到位资金 | 资金到位率 | 全年执行数 | 分值 | 执行率 | 得分 |",
        "| 年度资金总额 | 52.80 | 52.80 | 100.00% | 30.80 | 10 | 58.33% | 5.83 |"]))
    assert got["funds.total.in_place"] == "52.80"
    assert got["funds.total.in_place_rate"] == "100.00%"
    assert got["funds.total.rate"] == "58.33%"

