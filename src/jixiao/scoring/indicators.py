"""Scoring one 三级指标 from its target and actual (财预〔2020〕10号 article 21; the
direction and the non-applicable rows from published table notes)."""

from __future__ import annotations

from decimal import Decimal

from jixiao.frameworks.model import Framework, RateIndicator
from jixiao.model.numbers import format_decimal
from jixiao.model.parts import Indicator, IndicatorCategory, IndicatorGroup
from jixiao.model.units import AMOUNT_SCALE, convert_amount
from jixiao.model.values import IndicatorValue, Operator, ValueKind
from jixiao.reconcile.resolution import Resolution
from jixiao.scoring.deductions import apply_rule
from jixiao.scoring.lookups import lookups
from jixiao.scoring.measures import MEASURES
from jixiao.scoring.outcome import Outcome, Score, format_points

_n = format_decimal  # a figure in an explanation, as exact as it is


def _q(text: str, size: int = 24) -> str:
    """A value quoted in an explanation, shortened when long."""
    return text if len(text) <= size else text[: size - 1] + "…"


def judge_qualitative(framework: Framework, target: IndicatorValue | None,
                      actual: IndicatorValue) -> str | None:
    """met / partly / not_met from the words of the actual, or None if they do not say."""
    text = actual.normalized or actual.text
    if target is not None and target.normalized and text == target.normalized:
        return "met"
    # "未达成" contains "达成": the negative and partial phrases are looked for first.
    for key, phrases in lookups(framework).verdict_phrases:
        for phrase in phrases:
            if phrase in text:
                return key
    return None


_REVERSE_OPERATORS = (Operator.LE, Operator.LT)


def is_reverse(framework: Framework, category: str, group: str, target: IndicatorValue) -> bool:
    """≤ and < targets are reverse (lower is better); a bare target under a cost
    category or group is reverse too."""
    if target.operator in _REVERSE_OPERATORS:
        return True
    if target.operator is not None:
        return False
    return lookups(framework).reverse_place(category, group)


def _comparable(target: IndicatorValue, actual: IndicatorValue) -> tuple[Decimal, Decimal] | None:
    """Target and actual numbers in one unit, or None when the units differ."""
    t, a = target.number, actual.number
    assert t is not None and a is not None
    tu, au = target.unit, actual.unit
    if tu == au or tu is None or au is None:
        return t, a
    if tu in AMOUNT_SCALE and au in AMOUNT_SCALE:
        converted, _ = convert_amount(a, actual.decimals or 0, au, tu)
        return t, converted
    return None


def score_indicator(framework: Framework, resolution: Resolution, category: IndicatorCategory,
                    group: IndicatorGroup, indicator: Indicator) -> Score:
    weight = indicator.weight.value if indicator.weight is not None else None
    fw_cite = framework.title
    if weight is None:
        return Score(Outcome.INSUFFICIENT, "分值未填，无法复算", citation=fw_cite)

    rate_indicator = lookups(framework).rate_indicator(indicator.name)
    if rate_indicator is not None:
        return _score_rate_indicator(framework, resolution, indicator, rate_indicator, weight)

    target, actual = indicator.target, indicator.actual
    if target is None or target.kind is ValueKind.BLANK:
        return Score(Outcome.INSUFFICIENT, "年度指标值未填，无法复算", citation=fw_cite)
    if target.kind is ValueKind.NOT_APPLICABLE:
        if weight == 0:
            return Score(Outcome.NOT_APPLICABLE, "不适用（指标值为“/”，分值0）", points=Decimal(0))
        return Score(Outcome.INSUFFICIENT, f"指标值为“{target.text}”却设了{_n(weight)}分", citation=fw_cite)
    if target.kind is ValueKind.UNPARSED:
        return Score(Outcome.INSUFFICIENT, f"指标值“{target.text}”无法解析为数值或定性表述", citation=fw_cite)
    if actual is None or actual.kind is ValueKind.BLANK:
        return Score(Outcome.INSUFFICIENT, "实际完成值未填，无法复算", citation=fw_cite)
    if actual.kind in (ValueKind.NOT_APPLICABLE, ValueKind.UNPARSED):
        return Score(Outcome.INSUFFICIENT, f"实际完成值“{actual.text}”无法用于复算", citation=fw_cite)

    if target.kind is ValueKind.QUANTITATIVE:
        if actual.kind is ValueKind.QUANTITATIVE:
            return _score_quantitative(framework, category, group, target, actual, weight)
        verdict = judge_qualitative(framework, None, actual)
        if verdict is None:
            return Score(Outcome.INSUFFICIENT, f"定量指标的完成值“{actual.text}”没有数值", citation=fw_cite)
        return _band(framework, verdict, weight, f"定量指标以文字表述完成情况（“{actual.text}”）")
    verdict = judge_qualitative(framework, target, actual)
    if verdict is None:
        return Score(Outcome.INSUFFICIENT,
                     f"定性指标：完成情况“{_q(actual.text)}”无法判定是否达成“{_q(target.text)}”，得分区间由评价人确定",
                     rule="定性分档", citation=lookups(framework).qualitative_cite)
    return _band(framework, verdict, weight, f"定性指标：“{_q(actual.text)}”")


def _band(framework: Framework, verdict: str, weight: Decimal, what: str) -> Score:
    q = framework.qualitative
    if q is None:
        return Score(Outcome.MANUAL, f"{what}；框架未规定定性分档", rule="定性")
    band = next(b for b in q.bands if b.key == verdict)
    low, high = band.low * weight, band.high * weight
    return Score(Outcome.RANGE,
                 f"{what}，判定为“{band.label}”，得分区间 {format_points(low)}–{format_points(high)}"
                 f"（分值的{int(band.low * 100)}%–{int(band.high * 100)}%）",
                 rule="定性分档", citation=q.source.cite(), low=low, high=high,
                 met=verdict == "met")


def _score_quantitative(framework: Framework, category: IndicatorCategory, group: IndicatorGroup,
                        target: IndicatorValue, actual: IndicatorValue, weight: Decimal) -> Score:
    pair = _comparable(target, actual)
    if pair is None:
        return Score(Outcome.INSUFFICIENT,
                     f"指标值单位“{target.unit}”与完成值单位“{actual.unit}”不一致，无法比较",
                     citation=framework.title)
    t, a = pair
    reverse = is_reverse(framework, category.name, group.name, target)
    unit = target.unit or actual.unit or ""
    if reverse:
        cite = lookups(framework).reverse_cite
        if a <= t:
            return Score(Outcome.COMPUTED, f"反向指标：完成值{_n(a)}{unit}≤指标值{_n(t)}{unit}，得满分",
                         rule="反向比例", citation=cite, points=weight, met=True)
        points = weight * t / a if a else Decimal(0)
        return Score(Outcome.COMPUTED,
                     f"反向指标：完成值{_n(a)}{unit}超过指标值{_n(t)}{unit}，"
                     f"得分＝{_n(t)}÷{_n(a)}×{_n(weight)}＝{format_points(points)}",
                     rule="反向比例", citation=cite, points=points, met=False)
    cite = lookups(framework).positive_cite
    if a >= t:
        over = _over_target(framework, t, a, weight)
        if over is not None:
            return over
        return Score(Outcome.COMPUTED, f"正向指标：完成值{_n(a)}{unit}≥指标值{_n(t)}{unit}，得满分",
                     rule="正向比例", citation=cite, points=weight, met=True)
    points = weight * a / t if t else weight
    return Score(Outcome.COMPUTED,
                 f"正向指标：完成值{_n(a)}{unit}未达指标值{_n(t)}{unit}，"
                 f"得分＝{_n(a)}÷{_n(t)}×{_n(weight)}＝{format_points(points)}",
                 rule="正向比例", citation=cite, points=points, met=False)


def _over_target(framework: Framework, t: Decimal, a: Decimal, weight: Decimal) -> Score | None:
    """The budget system's deduction for a target set too low: an actual at or above
    the framework's ratio of its target (130 % where observed) costs points."""
    rule = framework.budget_system.over_target if framework.budget_system else None
    if rule is None or t <= 0 or a < t * rule.value:
        return None
    points = max(weight - rule.deduct, Decimal(0))
    return Score(Outcome.COMPUTED,
                 f"正向指标：完成值{_n(a)}为指标值{_n(t)}的{format_decimal(a / t * 100, 2)}%，"
                 f"达到{format_decimal((rule.value * 100).normalize())}%以上，视为指标设定偏低，"
                 f"扣{format_points(rule.deduct)}分，得{format_points(points)}分",
                 rule="指标值设定偏低扣分", citation=rule.source.cite(), points=points, met=True)


def _score_rate_indicator(framework: Framework, resolution: Resolution, indicator: Indicator,
                          spec: RateIndicator, weight: Decimal) -> Score:
    measure = MEASURES.get(spec.measure)
    value = measure(resolution, spec.basis) if measure else None
    cite = spec.source.cite()
    if value is None:
        return Score(Outcome.INSUFFICIENT, f"计算{spec.names[0]}所需的数据未填报", rule=spec.rule_text,
                     citation=cite)
    points = apply_rule(spec.rule, value.rate_pct, weight)
    alternatives = []
    for variant in spec.variants:
        other = measure(resolution, variant) if measure else None
        if other is not None:
            alternatives.append((variant, other.rate_pct))
    return Score(Outcome.COMPUTED,
                 f"{spec.names[0]}＝{value.formula}；{spec.rule_text}，得{format_points(points)}分",
                 rule=spec.rule_text, citation=cite, points=points,
                 alternatives=tuple(alternatives))
