"""The located tree every reader produces, and the walker that builds the model.

The tree has the shape of the YAML input format (see ``docs/input-format.md``); its
scalars keep the text exactly as written (``63.70`` stays ``"63.70"``) and where it
was written. The walker checks the tree against the model's field specs and turns
problems — unknown keys, wrong types, figures that are not numbers — into findings
with their locations. It never raises on bad input.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from jixiao.findings import Finding, Level
from jixiao.located import MAX_NODES, MAX_SCALAR, SYNTAX, TOO_LARGE, Mapping, Node, Scalar, Sequence
from jixiao.model.evaluation import Evaluation
from jixiao.model.fact import Fact, is_blank, parse_figure
from jixiao.model.keys import name_key, project_key
from jixiao.model.location import Location
from jixiao.model.numbers import MAX_DIGITS, MAX_INTEGER_DIGITS, out_of_range
from jixiao.model.overall import OverallEvaluation
from jixiao.model.parts import Indicator, combine_split_columns
from jixiao.model.project import ProjectEvaluation
from jixiao.model.record import MutableRecord, field, mutable_record, record_fields
from jixiao.model.schema import Kind, Spec, join_concept, join_label, specs
from jixiao.model.sources import fund_source_key
from jixiao.model.text import Text
from jixiao.model.units import AMOUNT_SCALE
from jixiao.model.values import IndicatorValue, ValueKind, parse_value
from jixiao.readers import reading
from jixiao.registry import declare

TYPE_CHECKING = False  # typing costs milliseconds to import; annotations only need it for mypy
if TYPE_CHECKING:
    from typing import Any

CITE_FORMAT = "jixiao 输入格式（docs/input-format.md）"

UNKNOWN_KEY = declare(
    "input.unknown-key", Level.ERROR, "未知字段",
    "未知字段“{key}”（{where}），该处内容未被读取{hint}", CITE_FORMAT,
    "输入中出现格式未定义的字段。为免数据被悄悄丢弃，按错误报告，并提示最接近的字段名。")
WRONG_TYPE = declare(
    "input.type", Level.ERROR, "类型错误",
    "“{field}”应为{expected}，实际为{actual}", CITE_FORMAT,
    "字段的值类型与格式不符（如应为表格行却写成了文字）。")
NOT_A_NUMBER = declare(
    "input.number", Level.ERROR, "不是数字",
    "“{field}”应为数字（可带单位），实际写的是“{text}”", CITE_FORMAT,
    "应填数字的单元格写了无法读作数字的内容。原文保留，不作猜测。")
MISSING = declare(
    "input.missing", Level.WARNING, "缺少必填项",
    "缺少必填项“{field}”（{where}）", CITE_FORMAT,
    "格式要求必须填写的字段（如单位名称、年度、评价类型）缺失。")
BAD_CHOICE = declare(
    "input.choice", Level.ERROR, "取值不在可选范围",
    "“{field}”只能取 {choices}，实际为“{text}”", CITE_FORMAT)
DUPLICATE_KEY = declare(
    "input.duplicate-key", Level.ERROR, "字段重复",
    "字段“{key}”在同一处出现了两次，后一处的内容会覆盖前一处", CITE_FORMAT)
_CONCEPT = r"^[a-z_]+(\.[^.\s]+)+$"  # compiled by re on first use: most inputs have no such keys




_KIND_ZH = {Scalar: "单个值", Mapping: "键值表", Sequence: "列表"}
_KEYFNS: dict[str, Callable[[str], str]] = {
    "name": name_key,
    "project": project_key,
    "source": fund_source_key,
}


@mutable_record
class _Walk(MutableRecord):
    source: str
    findings: list[Finding] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    texts: list[tuple[str, Text]] = field(default_factory=list)
    visited: int = 0
    stopped: bool = False


def build_evaluation(tree: Node | None, source: str,
                     kind_hint: str | None = None) -> tuple[Evaluation | None, list[Finding]]:
    """Build an evaluation from a located tree; return it with the input findings."""
    walk = _Walk(source)
    if tree is None or (isinstance(tree, Scalar) and tree.null):
        walk.findings.append(SYNTAX.finding([Location(source)], problem="文件为空，没有可读取的内容"))
        return None, walk.findings
    if not isinstance(tree, Mapping):
        walk.findings.append(WRONG_TYPE.finding(
            [tree.location.at_field("")], field="文件顶层", expected="键值表", actual=_KIND_ZH[type(tree)]))
        return None, walk.findings
    if any(key == reading.KEY for key, _loc, _node in tree.entries):  # kept by jixiao.api.to_data
        walk.findings.extend(reading.notes(_entry(tree, reading.KEY), source))
        tree = Mapping([e for e in tree.entries if e[0] != reading.KEY], tree.location)
    kind = kind_hint or _kind_of(tree, walk)
    cls: type = ProjectEvaluation if kind == "project" else OverallEvaluation
    values = _build_object(cls, tree, walk, concept="", label="", unit_override=None, path="")
    values["source"] = source
    values["facts"] = tuple(walk.facts)
    values["texts"] = tuple(walk.texts)
    if "kind" not in values or values["kind"] not in ("overall", "project"):
        values["kind"] = kind
    return cls(**values), walk.findings


def _entry(tree: Mapping, key: str) -> Node | None:
    return next((node for k, _loc, node in tree.entries if k == key), None)


def _kind_of(tree: Mapping, walk: _Walk) -> str:
    for key, _loc, node in tree.entries:
        if key == "kind" and isinstance(node, Scalar) and node.text in ("overall", "project"):
            return node.text
    keys = {k for k, _, _ in tree.entries}
    guessed = "project" if keys & {"project", "funds", "indicators"} else "overall"
    walk.findings.append(MISSING.finding(
        [tree.location.at_field("/kind")], field="kind（评价类型）",
        where=f"未注明，按内容视为 {guessed}", level=Level.ERROR))
    return guessed


def _build_object(cls: type, node: Mapping, walk: _Walk, concept: str, label: str,
                  unit_override: str | None, path: str) -> dict[str, Any]:
    """The field values of one model object; ``path`` is its JSON Pointer in the data
    document, given to every location read inside it."""
    field_specs, located = _plan(cls)
    values: dict[str, Any] = {}
    seen: dict[str, Location] = {}
    # A table may declare its money unit ("单位：元"): it applies to everything inside.
    for key, _loc, child in node.entries:
        if key == "unit" and field_specs.get("unit") is not None and field_specs["unit"].title == "金额单位" \
                and isinstance(child, Scalar) and child.text in AMOUNT_SCALE:
            unit_override = child.text
    for key, key_loc, child in node.entries:
        walk.visited += 1
        child_path = f"{path}/{_pointer_part(key)}"
        key_loc = key_loc.at_field(child_path)
        if walk.visited > MAX_NODES:
            if not walk.stopped:
                walk.stopped = True
                walk.findings.append(TOO_LARGE.finding([key_loc], limit=f"{MAX_NODES} 个节点"))
            break
        if key in seen:
            walk.findings.append(DUPLICATE_KEY.finding([key_loc, seen[key]], key=key))
        seen[key] = key_loc
        spec = field_specs.get(key)
        if spec is None:
            import difflib  # only for a misspelt key: kept off the start-up path

            close = difflib.get_close_matches(key, list(field_specs), n=1)
            hint = f"；是否应为“{close[0]}”？" if close else ""
            walk.findings.append(UNKNOWN_KEY.finding(
                [key_loc], key=key, where=_where(cls), hint=hint))
            continue
        built = _build_value(spec, key, child, walk, concept, label, unit_override, child_path)
        if built is not _SKIP:
            values[key] = built
    for attr, spec in field_specs.items():
        if spec.required and attr not in values and cls is not OverallEvaluation \
                and cls is not ProjectEvaluation:
            walk.findings.append(MISSING.finding(  # at the field it would fill
                [node.location.at_field(f"{path}/{attr}")], field=f"{attr}（{spec.title}）", where=_where(cls)))
            if spec.kind is Kind.NAME:
                values[attr] = ""  # reported above; the model's str field must not be None
    if located:
        values["location"] = node.location.at_field(path)
    if cls is Indicator:
        combine_split_columns(values)
    return values


_SKIP = object()
_PLANS: dict[type, tuple[dict[str, Spec], bool]] = {}


def _plan(cls: type) -> tuple[dict[str, Spec], bool]:
    """A model class's field specs by key, and whether it records its own location;
    worked out once per class, as the walker visits its classes many times."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = (dict(specs(cls)), any(f.name == "location" for f in record_fields(cls)))
    return plan


def _where(cls: type) -> str:
    doc = (cls.__doc__ or cls.__name__).strip().splitlines()[0]
    return doc.rstrip("。.")


def _pointer_part(key: str) -> str:
    """A key as a JSON Pointer reference token (RFC 6901: ``~`` → ``~0``, ``/`` → ``~1``)."""
    if "~" in key or "/" in key:
        return key.replace("~", "~0").replace("/", "~1")
    return key


def _build_value(spec: Spec, key: str, node: Node, walk: _Walk, concept: str, label: str,
                 unit_override: str | None, path: str) -> Any:
    kind = spec.kind
    if isinstance(node, Scalar):
        node = Scalar(node.text, node.location.at_field(path), node.null)
        if node.null:
            if kind is Kind.VALUE:
                return IndicatorValue("", ValueKind.BLANK, location=node.location)
            return _SKIP

    if kind is Kind.OBJECT:
        if not isinstance(node, Mapping):
            return _type_error(walk, node, _field_name(key, spec), "键值表", path)
        assert spec.item is not None
        sub = _build_object(spec.item, node, walk, join_concept(concept, spec.concept),
                            join_label(label, spec.title if spec.label is None else spec.label),
                            unit_override, path)
        return spec.item(**sub)

    if kind is Kind.LIST:
        if not isinstance(node, Sequence):
            return _type_error(walk, node, _field_name(key, spec), "列表", path)
        assert spec.item is not None
        built: list[Any] = []
        used: set[str] = set()
        base_concept = join_concept(concept, spec.concept)
        base_label = join_label(label, spec.title if spec.label is None else spec.label)
        keyfn = _KEYFNS[spec.keyfn]
        for index, item in enumerate(node.items, start=1):
            walk.visited += 1
            item_path = f"{path}/{index - 1}"
            if not isinstance(item, Mapping):
                _type_error(walk, item, f"{_field_name(key, spec)}第{index}项", "键值表", item_path)
                continue
            item_name = _item_name(item, spec.keyfn)
            item_key = keyfn(item_name) if item_name else f"#{index}"
            if spec.key_prefix is None:
                item_concept = ""
            else:
                if item_key in used and spec.keyfn == "name":
                    item_key = f"{item_key}#{index}"
                used.add(item_key)
                item_concept = join_concept(base_concept, spec.key_prefix, item_key)
            item_label = join_label(base_label, item_name or f"第{index}项")
            sub = _build_object(spec.item, item, walk, item_concept, item_label, unit_override, item_path)
            built.append(spec.item(**sub))
        return tuple(built)

    if kind is Kind.TEXT_LIST:
        if not isinstance(node, Sequence):
            return _type_error(walk, node, _field_name(key, spec), "列表", path)
        return tuple(s.text for s in node.items if isinstance(s, Scalar) and not s.null)

    if not isinstance(node, Scalar):
        if kind is Kind.FIGURES and isinstance(node, Mapping):
            return _build_figures(node, walk, join_label(label, spec.title), path)
        expected = {Kind.FIGURES: "键值表"}.get(kind, "单个值")
        return _type_error(walk, node, _field_name(key, spec), expected, path)
    if len(node.text) > MAX_SCALAR:
        walk.findings.append(TOO_LARGE.finding([node.location], limit=f"单个值 {MAX_SCALAR} 字"))
        return _SKIP

    if kind is Kind.FACT:
        return _build_fact(node, walk, join_concept(concept, spec.concept),
                           join_label(label, spec.title if spec.label is None else spec.label),
                           _unit_for(spec.unit, unit_override), key, spec)
    if kind is Kind.TEXT:
        stated = Text(node.text, node.location)
        walk.texts.append((join_label(label, spec.title), stated))
        return stated
    if kind is Kind.VALUE:
        return parse_value(node.text, node.location)
    if kind is Kind.INT:
        text = node.text.strip()
        if text.isdigit() and len(text) <= 9:
            return int(text)
        walk.findings.append(NOT_A_NUMBER.finding([node.location], field=_field_name(key, spec), text=text))
        return _SKIP
    if kind is Kind.NAME:
        text = node.text.strip()
        if spec.choices and text not in spec.choices:
            walk.findings.append(BAD_CHOICE.finding(
                [node.location], field=_field_name(key, spec), choices="、".join(spec.choices), text=text))
            return _SKIP
        return text
    if kind is Kind.FIGURES:  # a scalar where a mapping is needed
        return _type_error(walk, node, _field_name(key, spec), "键值表", path)
    raise AssertionError(kind)  # pragma: no cover


def _field_name(key: str, spec: Spec) -> str:
    """How a finding names a field: ``final（决算数）``. Built only for findings."""
    return f"{key}（{spec.title}）"


def _unit_for(default: str | None, override: str | None) -> str | None:
    if override is not None and default in AMOUNT_SCALE:
        return override
    return default


def _item_name(item: Mapping, keyfn: str) -> str:
    wanted = "source" if keyfn == "source" else ("name", "label", "title")
    for key, _loc, child in item.entries:
        if key in wanted and isinstance(child, Scalar) and not child.null:
            return child.text.strip()
    return ""


def _build_fact(node: Scalar, walk: _Walk, concept: str, label: str, unit: str | None,
                key: str, spec: Spec | None = None) -> Any:
    text = node.text
    if is_blank(text):
        return _SKIP
    figure = parse_figure(text, unit)
    if figure is None and out_of_range(text):
        from jixiao.readers.codes import NUMBER_RANGE

        walk.findings.append(NUMBER_RANGE.finding(
            [node.location], field=key if spec is None else _field_name(key, spec), text=text.strip()[:60],
            integer=MAX_INTEGER_DIGITS, total=MAX_DIGITS))
        return _SKIP
    if figure is None:
        walk.findings.append(NOT_A_NUMBER.finding(
            [node.location], field=key if spec is None else _field_name(key, spec),
            text=text.strip()[:60]))
        return _SKIP
    number = figure.number
    f = Fact(concept, number.value, figure.unit, number.decimals, number.text, node.location,
             label, figure.unit_stated)
    walk.facts.append(f)
    return f


def _build_figures(node: Mapping, walk: _Walk, label: str, path: str) -> tuple[Fact, ...]:
    out: list[Fact] = []
    for key, key_loc, child in node.entries:
        child_path = f"{path}/{_pointer_part(key)}"
        key_loc = key_loc.at_field(child_path)
        if not re.match(_CONCEPT, key):
            walk.findings.append(UNKNOWN_KEY.finding(
                [key_loc], key=key, where="说明中的数字（键应为概念标识，如 three_public.total.budget）",
                hint=""))
            continue
        if not isinstance(child, Scalar):
            _type_error(walk, child, key, "数字", child_path)
            continue
        child = Scalar(child.text, child.location.at_field(child_path), child.null)
        built = _build_fact(child, walk, key, label, "万元", key)  # a concept id names itself
        if built is not _SKIP:
            out.append(built)
    return tuple(out)


def _type_error(walk: _Walk, node: Node, field_name: str, expected: str, path: str) -> Any:
    actual = _KIND_ZH[type(node)]
    if isinstance(node, Scalar):
        actual = f"“{node.text[:30]}”"
    walk.findings.append(WRONG_TYPE.finding(
        [node.location.at_field(path)], field=field_name, expected=expected, actual=actual))
    return _SKIP
