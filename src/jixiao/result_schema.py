"""The JSON Schema of an evaluation's result (``jixiao.api.Result.to_data``,
``jixiao schema --output``, ``docs/result.schema.json``)."""

from __future__ import annotations

from typing import Any

SCHEMA_ID = "https://jixiao.invalid/schema/result.schema.json"

_TEXT = {"type": "string"}
_NUMBER_TEXT = {"type": ["string", "null"], "pattern": r"^-?\d+(\.\d+)?$",
                "description": "十进制数字的文本，保留小数位（不用浮点数）"}
_OPTIONAL_TEXT = {"type": ["string", "null"]}


def location_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "title": "位置",
        "description": "字段路径（field，指向数据文档的 JSON Pointer）及原文件中的位置",
        "properties": {
            "field": {"type": "string", "description": "JSON Pointer，如 /report/public_budget/public_funds"},
            "file": _TEXT,
            "line": {"type": "integer", "minimum": 1},
            "column": {"type": "integer", "minimum": 1},
            "sheet": _TEXT,
            "cell": _TEXT,
            "page": {"type": "integer", "minimum": 1},
            "table": {"type": "integer", "minimum": 1},
            "row": {"type": "integer", "minimum": 1},
            "col": {"type": "integer", "minimum": 1},
        },
        "required": ["file"],
        "additionalProperties": False,
    }


def finding_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "title": "核查发现",
        "properties": {
            "id": {"type": "string", "pattern": "^[0-9a-f]{16}$",
                   "description": "稳定标识：规则代码、字段与取值的散列，不随其他位置的修改而变"},
            "code": {"type": "string", "pattern": r"^[a-z]+\.[a-z0-9.-]+$"},
            "level": {"enum": ["error", "warning", "info"]},
            "message": _TEXT,
            "args": {"type": "object", "additionalProperties": {"type": "string"}},
            "field": {"type": ["string", "null"], "description": "主要位置的字段路径"},
            "locations": {"type": "array", "items": {"$ref": "#/$defs/Location"}},
            "stated": _OPTIONAL_TEXT,
            "expected": _OPTIONAL_TEXT,
            "citation": _TEXT,
            "document": _TEXT,
        },
        "required": ["id", "code", "level", "message", "args", "field", "locations"],
        "additionalProperties": False,
    }


def score_schema() -> dict[str, Any]:
    row = {
        "type": "object",
        "title": "评分行",
        "properties": {
            "kind": {"enum": ["execution", "indicator"]},
            "category": _TEXT, "group": _TEXT, "name": _TEXT, "target": _TEXT, "actual": _TEXT,
            "weight": _NUMBER_TEXT,
            "self": {"type": ["string", "null"], "description": "自评得分（照原文）"},
            "recomputed": _NUMBER_TEXT, "low": _NUMBER_TEXT, "high": _NUMBER_TEXT,
            "outcome": {"enum": ["computed", "range", "insufficient", "not_applicable", "manual"]},
            "display": _TEXT,
            "agrees": {"type": ["boolean", "null"]},
            "explanation": _TEXT, "rule": _TEXT, "citation": _TEXT,
            "field": {"type": ["string", "null"]},
        },
        "required": ["kind", "name", "weight", "self", "recomputed", "outcome", "agrees"],
        "additionalProperties": False,
    }
    return {
        "type": ["object", "null"],
        "title": "评分表",
        "properties": {
            "rows": {"type": "array", "items": row},
            "weight_sum": _NUMBER_TEXT,
            "self_total": {"type": ["string", "null"], "description": "自评总分（照原文）"},
            "self_rows_sum": _NUMBER_TEXT,
            "recomputed_total": _NUMBER_TEXT,
            "recomputed_display": {"type": "string", "description": "复算总分，按评分惯例保留两位小数"},
            "self_grade": _OPTIONAL_TEXT,
            "grade": _TEXT,
            "complete": {"type": "boolean"},
        },
        "required": ["rows", "weight_sum", "self_total", "recomputed_total", "grade", "complete"],
        "additionalProperties": False,
    }


def result_schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "jixiao 核查结果",
        "description": "一份自评材料在一个评价框架下的核查发现、评分表和各概念的取值。",
        "type": "object",
        "properties": {
            "framework": {"type": ["string", "null"], "description": "所用评价框架的标识；无法确定时为 null"},
            "kind": {"enum": ["overall", "project"]},
            "findings": {"type": "array", "items": {"$ref": "#/$defs/Finding"}},
            "score": {"$ref": "#/$defs/Score"},
            "resolved": {
                "type": "object",
                "description": "各概念的取值（多处陈述核对后的值）",
                "additionalProperties": {
                    "type": "object",
                    "properties": {"value": _NUMBER_TEXT, "unit": _OPTIONAL_TEXT,
                                   "decimals": {"type": "integer"}, "stated": {"type": "boolean"}},
                    "required": ["value", "unit", "decimals", "stated"],
                    "additionalProperties": False,
                },
            },
            "counts": {
                "type": "object",
                "properties": {level: {"type": "integer", "minimum": 0}
                               for level in ("error", "warning", "info")},
                "required": ["error", "warning", "info"],
                "additionalProperties": False,
            },
        },
        "required": ["framework", "findings", "score", "resolved", "counts"],
        "additionalProperties": False,
        "$defs": {"Finding": finding_schema(), "Location": location_schema(), "Score": score_schema()},
    }
