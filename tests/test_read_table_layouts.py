"""Table layouts of published self-evaluation tables, each capability as a small
readable table: column names of other templates, columns whose values are not read,
headers whose cells are wrapped over lines or span two rows, and cells aligned by the
header's roles rather than by their index."""

from __future__ import annotations

from jixiao.readers.load import load_bytes


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
