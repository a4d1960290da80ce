"""Parts shared by the whole-expenditure and the project evaluations."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.model.fact import Fact
from jixiao.model.location import Location
from jixiao.model.record import Record, record
from jixiao.model.schema import (
    fact_field,
    figures_field,
    list_field,
    object_field,
    string_field,
    text_field,
    value_field,
)
from jixiao.model.text import Text
from jixiao.model.values import IndicatorValue, ValueKind, with_nature

TYPE_CHECKING = False  # typing costs milliseconds to import; annotations only need it for mypy
if TYPE_CHECKING:
    from typing import Any

POINTS = "分"


@record
class Indicator(Record):
    """三级指标: one row of the indicator table."""

    name: str = string_field("三级指标", required=True)
    nature: str | None = string_field(
        "指标性质", description="分列填写时的 =、≥、≤ 或 定性（四川、云南表式）；合并写在指标值里时不填")
    target: IndicatorValue | None = value_field("年度指标值", description="如 ≤772.37万元、不少于3次、≥95%、全年")
    unit: str | None = string_field("度量单位", description="分列填写时的度量单位")
    actual: IndicatorValue | None = value_field("实际完成值")
    weight: Fact | None = fact_field("分值", "weight", POINTS, label="分值")
    score: Fact | None = fact_field("得分", "score", POINTS, label="得分")
    reason: Text | None = text_field("偏差原因分析及改进措施", description="或“未完成原因分析”")
    standard: Text | None = text_field("评价标准", description="指标表所列评（扣）分标准")
    explanation: Text | None = text_field("指标说明", description="指标说明或计算过程")
    figures: tuple[Fact, ...] = figures_field(
        "说明中的数字", description="说明文字中出现的数字，键为其表述的概念")
    location: Location | None = None


@record
class IndicatorGroup(Record):
    """二级指标 and its 三级指标."""

    name: str = string_field("二级指标", required=True)
    weight: Fact | None = fact_field("分值", "weight", POINTS, label="分值")
    score: Fact | None = fact_field("得分", "score", POINTS, label="得分")
    items: tuple[Indicator, ...] = list_field("三级指标", Indicator, key_prefix="", label="")
    location: Location | None = None


@record
class IndicatorCategory(Record):
    """一级指标 (产出、效益、满意度、成本 …) with its stated points, e.g. 产出指标（40分）."""

    name: str = string_field("一级指标", required=True)
    weight: Fact | None = fact_field("分值", "weight", POINTS, label="分值")
    score: Fact | None = fact_field("得分", "score", POINTS, label="得分")
    groups: tuple[IndicatorGroup, ...] = list_field("二级指标", IndicatorGroup, key_prefix="", label="")
    location: Location | None = None


def iter_indicators(
    categories: tuple[IndicatorCategory, ...],
) -> Iterator[tuple[IndicatorCategory, IndicatorGroup, Indicator]]:
    """Every 三级指标 with its 一级 and 二级."""
    for category in categories:
        for group in category.groups:
            for indicator in group.items:
                yield category, group, indicator


@record
class Goals(Record):
    """年度总体目标: 预期目标 vs 实际完成情况."""

    expected: Text | None = text_field("预期目标")
    actual: Text | None = text_field("实际完成情况")


@record
class BreakdownPart(Record):
    label: str | None = string_field("分项")
    amount: Fact | None = fact_field("金额", "", label="")
    location: Location | None = None


@record
class Breakdown(Record):
    """A figure stated in a sentence together with its parts ("共…万元，其中：…")."""

    label: str = string_field("合计项", required=True)
    total: Fact | None = fact_field("合计", "total", label="合计")
    parts: tuple[BreakdownPart, ...] = list_field("分项", BreakdownPart, key_prefix="part", label="")
    location: Location | None = None


@record
class TotalScore(Record):
    """总分 row: points available, points scored and (where stated) the grade."""

    weight: Fact | None = fact_field("总分值", "total.weight", POINTS, label="分值")
    score: Fact | None = fact_field("总得分", "total.score", POINTS, label="得分")
    grade: str | None = string_field("评价等级", choices=("优", "良", "中", "差"))
    location: Location | None = None


@record
class Explanation(Record):
    """问题说明: the unit's written explanation of one finding, by the finding's id (the
    ``id`` of ``jixiao check --format json``). An explained error no longer keeps the
    report a draft; the findings appendix prints it with its explanation."""

    finding: str = string_field("问题编号", required=True, description="核查发现的编号（check --format json 的 id）")
    text: Text | None = text_field("说明", required=True, description="为何如此填报，或已如何处理")
    location: Location | None = None


def explanations_field() -> Any:
    return list_field("问题说明", Explanation, label="问题说明",
                      description="对核查发现（特别是错误）的书面说明，按问题编号逐条填写")


def breakdowns_field(title: str = "文中的分项合计") -> Any:
    return list_field(title, Breakdown, key_prefix="breakdown",
                      description="文字中“共…，其中：…”形式的数字；项目支出明细表所列各项及其合计")


def goals_field() -> Any:
    return object_field("年度总体目标", Goals)


def combine_split_columns(values: dict[str, object]) -> None:
    """Tables that split a target into 指标性质 / 指标值 / 度量单位 (Sichuan, Yunnan) state
    one target: combine them, and give a bare 完成值 the column's unit."""
    nature, unit = values.get("nature"), values.get("unit")
    if not nature and not unit:
        return
    target = values.get("target")
    if isinstance(target, IndicatorValue) and target.kind is not ValueKind.BLANK:
        values["target"] = with_nature(str(nature or ""), target.text, str(unit or ""), target.location)
    actual = values.get("actual")
    if unit and isinstance(actual, IndicatorValue) and actual.kind is ValueKind.QUANTITATIVE \
            and actual.unit is None:
        values["actual"] = with_nature("", actual.text, str(unit), actual.location)
