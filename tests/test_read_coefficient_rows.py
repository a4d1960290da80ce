"""Indicator rows scored by a coefficient, their cells run together
(``extract/coefficient.py``): points and score split by score = points × coefficient."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from jixiao.readers.extract.coefficient import coefficient_of, name_of, points_and_score
from jixiao.readers.load import load_bytes

_TABLE = "\n".join([
    "部门整体绩效自评表主管部门财政局自评总分(分)95.5部门联系人张三联系电话"
    "部门预算执行情况年初预算数全年(调整)预算数全年执行数执行率(%)执行率权重执行率得分(分)90%109",
    "当年绩效目标保障正常运转。指标名称计量单位指标性质年初指标值调整指标值全年完成值得分系数(%)指标权重(分)指标得分(分)"
    "是否核心指标在职人员控制率%定量指标100%95%100%55否预算调整率%3%0100%1010是资产管理安全好好100%33否"
    "培训次数次6次8次80%108否宣传活动次数次到0次43次100%22是"])


def _facts() -> dict[str, str]:
    result = load_bytes(_TABLE.encode("utf-8"), "overall.txt")
    assert result.evaluation is not None, [f.message for f in result.findings]
    return {f.concept: f.text for f in result.evaluation.facts}


def test_rows_split_by_the_coefficient() -> None:
    got = _facts()
    weights = {c.split(".")[-2]: v for c, v in got.items() if c.startswith("indicator.") and c.endswith(".weight")}
    scores = {c.split(".")[-2]: v for c, v in got.items() if c.startswith("indicator.") and c.endswith(".score")}
    # 55 at 100 % → 5 and 5; 108 at 80 % → 10 and 8; 0100% is an actual 0 and 100 %
    assert weights == {"在职人员控制率": "5", "预算调整率": "10", "资产管理安全": "3", "培训次数": "10",
                       "宣传活动次数": "2"}
    assert scores["培训次数"] == "8"
    assert got["total.score"] == "95.5"
    assert (got["funds.rate"] if "funds.rate" in got else got["funds.total.rate"]) == "90%"


def test_points_and_score_split() -> None:
    assert points_and_score("22", Decimal(100)) == ("2", "2")
    assert points_and_score("1010", Decimal(100)) == ("10", "10")
    assert points_and_score("107.6", Decimal(76)) == ("10", "7.6")
    assert points_and_score("105", Decimal(100)) is None  # 10 and 5 is not 100 %


@given(st.integers(1, 100), st.integers(0, 100))
def test_split_gives_back_what_was_run_together(points: int, coefficient: int) -> None:
    score = Decimal(points) * coefficient / 100
    if score != score.to_integral_value():
        score = score.quantize(Decimal("0.01"))
    text = f"{points}{score.normalize():f}"
    got = points_and_score(text, Decimal(coefficient))
    # never another split: either the one written, or none when two fit
    assert got is None or (Decimal(got[0]), Decimal(got[1])) == (points, score)


def test_names_and_coefficients() -> None:
    assert coefficient_of("0100") == ("0", "100")
    assert coefficient_of("100") == ("", "100")
    assert name_of("资产管理安全好好") == "资产管理安全"  # target and actual in words
    assert name_of("绩效指标3、预决算信息公开性高高") == "预决算信息公开性"  # frame cell and page number before it
    assert name_of("党性教育培训次数次26次12次", unit_column=True) == "党性教育培训次数"
    assert name_of("新增就业人数≥500人480人") == "新增就业人数"  # no unit column: nothing cut
