"""Tracing every number of a report to a fact or a computed figure.

:func:`check_document` verifies the document view: template wording holds no digit; each
figure printed at its place is the input's text at that location, character for character;
each other figure is its concept's resolved value; each computed figure recomputes from
resolved values; numbers in input text occur in the input. :func:`untraced` then checks a rendered
output (its extracted text) against the view: every number there must be one the view
states. Together they prove that no number in a report is untraceable.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from jixiao.engine import Result
from jixiao.model.fact import Fact
from jixiao.model.location import Location
from jixiao.model.numbers import normalize_digits, round_half_up
from jixiao.model.overall import OverallEvaluation
from jixiao.model.project import ProjectEvaluation
from jixiao.model.text import Text
from jixiao.model.values import IndicatorValue
from jixiao.narrative.figures import STATED, Figures
from jixiao.narrative.segments import PLACEHOLDER_TEXT, Seg, SegKind
from jixiao.writers.report.view import ReportDocument

_NUMBER = re.compile(r"(?<![\d.])-?\d+(?:\.\d+)?")
_DIGIT = re.compile(r"\d")
HUNDRED = Decimal(100)


def extract_numbers(text: str) -> list[Decimal]:
    """Every number written in a text (full-width digits folded), as Decimals."""
    return [Decimal(m) for m in _NUMBER.findall(normalize_digits(text))]


def _strings(obj: Any) -> Iterator[str]:
    if obj is None or isinstance(obj, Location | Fact | bool):
        return
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, int):
        yield str(obj)
    elif isinstance(obj, Text):
        yield obj.value
    elif isinstance(obj, IndicatorValue):
        yield obj.text
    elif isinstance(obj, tuple | list):
        for item in obj:
            yield from _strings(item)
    elif dataclasses.is_dataclass(obj):
        top = isinstance(obj, OverallEvaluation | ProjectEvaluation)
        for f in dataclasses.fields(obj):
            if f.name != "facts" and not (top and f.name == "source"):  # the file name is not input text
                yield from _strings(getattr(obj, f.name))


def input_numbers(result: Result) -> set[Decimal]:
    """Numbers written anywhere in the input's text (not its figures) or in the framework's
    title and points."""
    out: set[Decimal] = set()
    for s in _strings(result.evaluation):
        out.update(extract_numbers(s))
    fw = result.framework
    if fw is not None:
        out.update(extract_numbers(fw.title))
        out.update({fw.total_points})
        if fw.indicator_points is not None:
            out.add(fw.indicator_points)
        if fw.execution is not None:
            out.update({fw.execution.points, fw.execution.reason_below})
            if fw.execution.reason_max_chars:
                out.add(Decimal(fw.execution.reason_max_chars))
    return out


def finding_numbers(result: Result, doc: ReportDocument) -> set[Decimal]:
    """Numbers a finding or a resolution decision may state: the findings' messages and
    locations, and every fact as written."""
    out: set[Decimal] = set()
    for f in [*result.findings, *doc.findings]:
        out.update(extract_numbers(f.message))
        out.update(extract_numbers(f.code))
        for loc in f.locations:
            out.update(extract_numbers(loc.render()))
    for fact in result.evaluation.facts:
        out.update(extract_numbers(fact.text))
        out.update(extract_numbers(fact.label))
    for choice in doc.choices:
        out.update(extract_numbers(choice))
    return out


def _close(shown: Decimal, value: Decimal) -> bool:
    """Whether ``shown`` is ``value`` written to its decimals (in 万元, or in 元)."""
    exp = shown.as_tuple().exponent
    half = Decimal("0.5").scaleb(exp if isinstance(exp, int) else 0)
    return any(abs(shown - value * factor) <= half for factor in (Decimal(1), Decimal(10000)))


def _recompute(seg: Seg) -> Decimal | None:
    values = [v for _, v in seg.inputs]
    if seg.op == "ratio":
        return round_half_up(values[0] / values[1] * HUNDRED, 2)
    if seg.op == "change":
        return round_half_up(abs(values[0] - values[1]) / values[1] * HUNDRED, 2)
    if seg.op == "difference":
        return abs(values[0] - values[1])
    if seg.op == "abs":
        return abs(values[0])
    if seg.op == "sum":
        return sum(values, Decimal(0))
    if seg.op == "count":
        return Decimal(len(values))
    if seg.op == "year":
        return values[0] + values[1]
    return None


def check_segment(seg: Seg, fig: Figures, year: int | None, inputs: set[Decimal],
                  findings: set[Decimal], stated: dict[Location, str] | None = None) -> str | None:
    """Why a segment is not traceable, or ``None``."""
    numbers = extract_numbers(seg.text)
    stated = stated or {}
    if seg.kind is SegKind.TEXT:
        return f"模板文字含数字：{seg.text!r}" if _DIGIT.search(normalize_digits(seg.text)) else None
    if seg.kind is SegKind.PLACEHOLDER:
        return None if seg.text == PLACEHOLDER_TEXT else f"占位文字有误：{seg.text!r}"
    if seg.kind is SegKind.ORDINAL:
        return None if len(numbers) == 1 and seg.value == numbers[0] else f"序号有误：{seg.text!r}"
    if seg.kind is SegKind.INPUT:
        if seg.concept == "unit.year":
            return None if seg.value is not None and year is not None and seg.value == year else "年度不符"
        missing = [n for n in numbers if n not in inputs]
        return f"输入中没有的数字 {missing} 出现在 {seg.text!r}" if missing else None
    if seg.kind is SegKind.FINDING:
        missing = [n for n in numbers if n not in findings]
        return f"核查说明中的数字 {missing} 无出处：{seg.text[:40]!r}" if missing else None
    if seg.value is None or len(numbers) != 1:
        return f"数字段应恰含一个数：{seg.text!r}"
    if not _close(numbers[0], seg.value):
        return f"{seg.text!r} 不是 {seg.value} 的写法"
    if seg.kind is SegKind.FIGURE:
        if seg.op == STATED:
            written = stated.get(seg.location) if seg.location is not None else None
            if written is None or seg.text not in (written, written.lstrip("-+－＋")):
                return f"{seg.text!r} 不是输入在 {seg.location} 处的写法"
            return None
        expected = fig.resolution.value(seg.concept)
        if expected is None:
            return f"概念 {seg.concept} 没有数据"
        return None if expected == seg.value else f"{seg.concept}：文中 {seg.value}，数据 {expected}"
    # COMPUTED
    for concept, value in seg.inputs:
        if seg.op == "count" or concept in ("unit.year", "offset"):
            continue
        if fig.value(concept) != value:
            return f"计算 {seg.op} 的输入 {concept}={value} 与数据 {fig.value(concept)} 不符"
    if seg.op == "year" and (year is None or seg.inputs[0][1] != year):
        return "年度不符"
    recomputed = _recompute(seg)
    if recomputed is None or recomputed != seg.value:
        return f"计算 {seg.op} 复算为 {recomputed}，文中为 {seg.value}"
    return None


def check_document(doc: ReportDocument, result: Result) -> list[str]:
    """Every segment of the view (and every chart value) traced, or the reasons why not."""
    from jixiao.model.evaluation import year_of
    from jixiao.reconcile.resolution import resolve

    resolution = result.resolution if result.resolution is not None else resolve(result.evaluation.facts)
    fig = Figures(resolution)
    year = year_of(result.evaluation)
    inputs = input_numbers(result)
    found = finding_numbers(result, doc)
    written = {f.location: f.text.strip() for f in result.evaluation.facts}
    problems = []
    for seg in [*doc.segments(), *doc.chart_values()]:
        why = check_segment(seg, fig, year, inputs, found, written)
        if why is not None:
            problems.append(why)
    return problems


def stated_numbers(doc: ReportDocument) -> set[Decimal]:
    """Numbers the view states, read the way an output is read: segment by segment and
    across the segments of each inline (“1.” then “2023” reads as 1.2023)."""
    from jixiao.narrative.segments import plain

    out: set[Decimal] = set()
    for segs in doc.inlines():
        out.update(extract_numbers(plain(segs)))
        for seg in segs:
            out.update(extract_numbers(seg.text))
    return out


def untraced(output_text: str, doc: ReportDocument, extra: Iterable[Decimal] = ()) -> list[Decimal]:
    """Numbers in a rendered output's text that the document view does not state
    (``extra``: numbers the layout adds, such as page numbers)."""
    allowed = stated_numbers(doc) | set(extra)
    return [n for n in extract_numbers(output_text) if n not in allowed]
