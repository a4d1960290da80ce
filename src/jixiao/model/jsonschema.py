"""The JSON Schema of the input format, generated from the model's field specs."""

from __future__ import annotations

from typing import Any

from jixiao.model.overall import OverallEvaluation
from jixiao.model.project import ProjectEvaluation
from jixiao.model.schema import Kind, Spec, specs

SCHEMA_ID = "https://jixiao.invalid/schema/evaluation.schema.json"
_CONCEPT_PATTERN = r"^[a-z_]+(\.[^.\s]+)+$"


# The part of a document that names whose evaluation it is: a data document must carry
# the key, null when the source did not say (the reader then reports what is missing).
_SUBJECT = {OverallEvaluation: "unit", ProjectEvaluation: "project"}


def required_keys(cls: type) -> tuple[str, ...]:
    """The keys a data document must carry in an object of ``cls``: the fields the model
    requires (应填). A required field may be ``null`` (not known): the walk over the
    document then reports it missing (``input.missing``), as for an absent key, so that
    what :func:`jixiao.api.to_data` writes for an incomplete source still validates.
    At the top, ``kind`` and the subject (``unit`` or ``project``)."""
    keys = [attr for attr, spec in specs(cls) if spec.required]
    subject = _SUBJECT.get(cls)
    if subject is not None:
        keys.append(subject)
    return tuple(keys)


def _leaf(spec: Spec) -> dict[str, Any]:
    base: dict[str, Any] = {"title": spec.title}
    if spec.description:
        base["description"] = spec.description
    if spec.kind is Kind.FACT:
        unit = f"默认单位：{spec.unit}" if spec.unit else "无单位"
        base.update({"type": ["number", "string", "null"],
                     "description": (spec.description + "；" if spec.description else "")
                     + f"数字，可带单位（如 42.82元、98.95%），{unit}；空白、“/”、“——”表示未填"})
    elif spec.kind in (Kind.TEXT, Kind.VALUE):
        base["type"] = ["string", "number", "null"]
    elif spec.kind is Kind.INT:
        base["anyOf"] = [{"type": ["integer", "null"]}, {"type": "string", "pattern": r"^\d{1,9}$"}]
    elif spec.kind is Kind.NAME:
        base["type"] = ["string", "number", "null"]
        if spec.choices:
            base["enum"] = [*spec.choices, None]
    elif spec.kind is Kind.TEXT_LIST:
        base.update({"type": ["array", "null"], "items": {"type": "string"}})
    elif spec.kind is Kind.FIGURES:
        base.update({"type": ["object", "null"],
                     "patternProperties": {_CONCEPT_PATTERN: {"type": ["number", "string"]}},
                     "additionalProperties": False})
    return base


def _object(cls: type, defs: dict[str, Any]) -> dict[str, str]:
    name = cls.__name__
    if name not in defs:
        defs[name] = {}  # reserve against recursion
        properties: dict[str, Any] = {}
        for attr, spec in specs(cls):
            if spec.kind is Kind.OBJECT:
                assert spec.item is not None
                # null or the object: `required` applies to objects only, and a validator
                # reports a missing key inside, not that no alternative matched
                properties[attr] = {"title": spec.title, **_object(spec.item, defs), "type": ["object", "null"]}
            elif spec.kind is Kind.LIST:
                assert spec.item is not None
                properties[attr] = {"title": spec.title, "type": ["array", "null"],
                                    "items": {**_object(spec.item, defs), "type": "object"}}
            else:
                properties[attr] = _leaf(spec)
            if spec.required:
                properties[attr]["description"] = (properties[attr].get("description", "") + "（应填）").lstrip()
        doc = (cls.__doc__ or "").strip().splitlines()
        title = doc[0] if doc and not doc[0].startswith(f"{name}(") else name
        # no "type": each use says whether null is allowed there
        body: dict[str, Any] = {"title": title,
                                "properties": properties, "additionalProperties": False}
        required = required_keys(cls)
        if required:
            body["required"] = list(required)
        defs[name] = body
    return {"$ref": f"#/$defs/{name}"}


_READING: dict[str, Any] = {
    "title": "读取记录",
    "description": "从 Word、PDF、网页、文本或 Excel 文件读取时的提示，由 jixiao 写出；"
                   "核查时按规则代码和参数重现为核查发现",
    "type": ["object", "null"],
    "properties": {
        "source": {"type": "string", "title": "原文件"},
        "format": {"type": "string", "title": "原文件格式"},
        "findings": {"type": "array", "items": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "level": {"enum": ["error", "warning", "info"]},
                "args": {"type": "object", "additionalProperties": {"type": "string"}},
                "locations": {"type": "array", "items": {"type": "object"}},
                "stated": {"type": ["string", "null"]},
                "expected": {"type": ["string", "null"]},
            },
            "required": ["code"],
        }},
    },
}


def input_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    overall = _object(OverallEvaluation, defs)
    project = _object(ProjectEvaluation, defs)
    defs["OverallEvaluation"]["properties"]["kind"] = {"const": "overall", "title": "评价类型"}
    defs["ProjectEvaluation"]["properties"]["kind"] = {"const": "project", "title": "评价类型"}
    for name in ("OverallEvaluation", "ProjectEvaluation"):
        defs[name]["properties"]["reading"] = _READING
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "jixiao 绩效自评输入格式",
        "description": "部门（单位）整体支出或项目支出绩效自评的数据；每个数字照原文书写，可带单位。",
        "type": "object",
        # By kind, not oneOf: a validator then reports what is wrong in the document's own
        # kind ("'year' is a required property" at /unit), not that neither kind matched.
        "if": {"properties": {"kind": {"const": "project"}}, "required": ["kind"]},
        "then": project,
        "else": overall,
        "$defs": defs,
    }


def fill_required(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (a data document) with every required key present, ``null`` where it
    was absent, in the document and in each object and list item it holds. Reading the
    result gives the same facts and findings (a null required field is reported missing
    as an absent one is), and it validates against :func:`input_schema`."""
    cls: type = ProjectEvaluation if data.get("kind") == "project" else OverallEvaluation
    _fill(cls, data)
    return data


def _fill(cls: type, data: dict[str, Any]) -> None:
    for key in required_keys(cls):
        data.setdefault(key, None)
    for attr, spec in specs(cls):
        value = data.get(attr)
        if spec.item is None or value is None:
            continue
        if spec.kind is Kind.OBJECT and isinstance(value, dict):
            _fill(spec.item, value)
        elif spec.kind is Kind.LIST and isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    _fill(spec.item, item)
