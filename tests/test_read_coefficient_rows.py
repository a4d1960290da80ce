"""Indicator rows scored by a coefficient, their cells run together
(``extract/coefficient.py``): points and score split by score = points × coefficient."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from jixiao.model.evaluation import all_indicators
from jixiao.readers.extract.coefficient import (
    coefficient_and_split,
    name_of,
    points_and_score,
    target_and_actual,
)
from jixiao.readers.load import load_bytes

_TABLE = "\n".join([
    "部门整体绩效自评表主管部门财政局自评总分(分)95.5部门联系人张三联系电话"
    "部门预算执行情况年初预算数全年(调整)预算数全年执行数执行率(%)执行率权重执行率得分(分)90%109",
    "当年绩效目标保障正常运转。指标名称计量单位指标性质年初指标值调整指标值全年完成值得分系数(%)指标权重(分)指标得分(分)"
    "是否核心指标在职人员控制率%定量指标100%95%100%55否预算调整率%≤3%0100%1010是资产管理安全好好100%33否"
    "办结率%定量指标95%98%100%22是"
    "培训次数次6次8次80%108否宣传活动次数次到0次43次100%22是"])


def _facts() -> dict[str, str]:
    result = load_bytes(_TABLE.encode("utf-8"), "overall.txt")
    assert result.evaluation is not None, [f.message for f in result.findings]
    return {f.concept: f.text for f in result.evaluation.facts}


def _values() -> dict[str, str]:
    result = load_bytes(_TABLE.encode("utf-8"), "overall.txt")
    assert result.evaluation is not None
    out: dict[str, str] = {}
    for _category, _group, item in all_indicators(result.evaluation):
        for role in ("target", "actual"):
            value = getattr(item, role)
            if value is not None:
                assert value.location is not None and value.location.line == 2
                out[f"{item.name}.{role}"] = value.text
    return out


def test_rows_split_by_the_coefficient() -> None:
    got = _facts()
    weights = {c.split(".")[-2]: v for c, v in got.items() if c.startswith("indicator.") and c.endswith(".weight")}
    scores = {c.split(".")[-2]: v for c, v in got.items() if c.startswith("indicator.") and c.endswith(".score")}
    # 55 at 100 % → 5 and 5; 108 at 80 % → 10 and 8; 0100% is an actual 0 and 100 %
    assert weights == {"在职人员控制率": "5", "预算调整率": "10", "资产管理安全": "3", "办结率": "2",
                       "培训次数": "10", "宣传活动次数": "2"}
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
    assert coefficient_and_split("100", "55") == ("", "100", ("5", "5"))
    assert name_of("资产管理安全好好") == "资产管理安全"  # target and actual in words
    assert name_of("绩效指标3、预决算信息公开性高高") == "预决算信息公开性"  # frame cell and page number before it
    assert name_of("党性教育培训次数次26次12次", unit_column=True) == "党性教育培训次数"
    assert name_of("新增就业人数≥500人480人") == "新增就业人数"  # no unit column: nothing cut


def test_target_and_actual_between_the_name_and_the_coefficient() -> None:
    assert _values() == {
        "培训次数.target": "6次", "培训次数.actual": "8次",  # after the unit column
        "办结率.target": "95%", "办结率.actual": "98%",  # after the unit and nature columns
        "预算调整率.target": "≤3%", "预算调整率.actual": "0",  # 0100%: an actual of 0, then 100 %
        # 在职人员控制率 100% 95%: lower is better, but the target says no ≤: not read
        # 宣传活动次数 次到0次43次: a garbled target, nothing read; 资产管理安全 好好: words
    }


def _split(text: str, unit_column: bool = True) -> tuple[str, str] | None:
    found = target_and_actual(text, unit_column)
    return None if found is None else (text[slice(*found[0])], text[slice(*found[1])])


def test_target_and_actual_split() -> None:
    assert _split("%定量指标100%92%") == ("100%", "92%")
    assert _split("次26次12次") == ("26次", "12次")
    assert _split("%3%0") == ("3%", "0")  # a bare 0 fits any unit
    assert _split("≥90%95%") == ("≥90%", "95%")
    assert _split("次到0次43次") is None  # 到 is no column of its own
    assert _split("tot扁2200篇2859篇") is None  # nor a garbled unit
    assert _split("%100%") is None  # one figure: target or actual?
    assert _split("个10050") is None  # 100 and 50, or 1005 and 0
    assert _split("%90%95%", unit_column=False) is None  # no unit column: % is not a cell


def test_the_coefficient_cut_that_splits_the_points() -> None:
    assert coefficient_and_split("0100", "22") == ("0", "100", ("2", "2"))
    assert coefficient_and_split("97100", "22") == ("97", "100", ("2", "2"))
    assert coefficient_and_split("80", "108") == ("", "80", ("10", "8"))
    # 50 at 0 % (before 9710) or at 100 % (no split: 5 and 0): only one fits
    assert coefficient_and_split("97100", "50") == ("9710", "0", ("5", "0"))
    assert coefficient_and_split("100", "105") is None


def test_rows_read_here_are_not_reported_as_left_unsplit() -> None:
    result = load_bytes(_TABLE.encode("utf-8"), "overall.txt")
    assert result.evaluation is not None
    notes = result.evaluation.notes.value if result.evaluation.notes else ""
    assert "无法确定如何拆分" not in notes  # the run-together splitter's leftovers were read here
    assert "宣传活动次数" in notes  # a row whose values were not read says so itself
