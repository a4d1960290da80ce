"""The page layouts name real fields: every cell of every tab is a JSON pointer the
published input schema allows, the reference report's figures land in their cells, and a
finding shows at each field it points at."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from jixiao.web.pages.layout import all_cells, field_label, indicator_rows, pointer_get, tabs_for
from jixiao.web.pages.view import EvaluationView, field_id

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "evaluation.schema.json").read_text(encoding="utf-8"))
REFERENCE = yaml.safe_load((ROOT / "examples" / "reference-lusong-2023.yaml").read_text(encoding="utf-8"))
PROJECT = yaml.safe_load((ROOT / "examples" / "sichuan-qingshen-fgj-gongzi-2023.yaml").read_text(encoding="utf-8"))


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = SCHEMA["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _branches(node: dict[str, Any]) -> list[dict[str, Any]]:
    node = _resolve(node)
    out = [node]
    for alt in node.get("anyOf", []) + node.get("oneOf", []):
        out.extend(_branches(alt))
    return out


def schema_allows(kind: str, path: str) -> bool:
    root = "OverallEvaluation" if kind == "overall" else "ProjectEvaluation"
    nodes = [SCHEMA["$defs"][root]]
    for step in path.strip("/").split("/"):
        nxt = []
        for node in nodes:
            for b in _branches(node):
                types = b.get("type")
                if step.isdigit() and "items" in b and "array" in (types if isinstance(types, list) else [types]):
                    nxt.append(b["items"])
                elif step in b.get("properties", {}):
                    nxt.append(b["properties"][step])
        if not nxt:
            return False
        nodes = nxt
    return True


@pytest.mark.parametrize("doc", [REFERENCE, PROJECT], ids=["overall", "project"])
def test_every_cell_is_a_field_of_the_published_schema(doc: dict[str, Any]) -> None:
    bad = [c.path for tab in tabs_for(doc) for c in all_cells(tab) if not schema_allows(doc["kind"], c.path)]
    assert bad == []


def test_the_reference_figures_land_in_their_cells() -> None:
    cells = {c.path: c for tab in tabs_for(REFERENCE) for c in all_cells(tab)}
    assert pointer_get(REFERENCE, "/basic_data/expenses/project/final") == 88.17
    assert "/basic_data/expenses/project/final" in cells
    assert "/report/public_budget/project" in cells
    assert cells["/self_evaluation/funds/rate"].computed
    view = EvaluationView(REFERENCE, [])
    assert view.value(cells["/report/public_budget/project"]) == "88.18"
    assert view.value(cells["/self_evaluation/indicators/0/groups/0/items/2/target"]) == "不少于3次"
    # every stated figure of the two tables and the report text has a cell
    shown = sum(1 for c in cells.values() if pointer_get(REFERENCE, c.path) not in (None, ""))
    assert shown >= 200


def test_indicator_rows_span_their_category_and_group() -> None:
    rows = list(indicator_rows(REFERENCE, "/self_evaluation/indicators"))
    assert len(rows) == 17  # 三级指标 of the reference 自评表 (9 + 4 + 1 + 3)
    first = rows[0]
    assert first.category is not None and first.category.path == "/self_evaluation/indicators/0/name"
    assert first.category_span == 9 and first.group_span == 7
    assert rows[1].category is None and rows[1].group is None
    assert rows[7].group is not None and rows[7].group.path == "/self_evaluation/indicators/0/groups/1/name"


def test_a_finding_shows_at_every_field_it_points_at() -> None:
    conflict = {"level": "error", "message": "项目支出（决算数）在2处数值不一致", "field": "/report/public_budget/project",
                "locations": [{"file": "x", "field": "/report/public_budget/project"},
                              {"file": "x", "field": "/basic_data/expenses/project/final"}]}
    elsewhere = {"level": "info", "message": "附件列表", "field": "/report/attachments_listed", "locations": []}
    view = EvaluationView(REFERENCE, [elsewhere, conflict])
    assert view.findings_at("/basic_data/expenses/project/final") == [conflict]
    assert view.worst("/report/public_budget/project") == "error"
    assert view.unplaced(tabs_for(REFERENCE)) == [elsewhere]
    basic = tabs_for(REFERENCE)[1]
    assert view.count("error", basic) == 1 and view.count("info", basic) == 0
    assert field_id("/basic_data/expenses/project/final") == "f-basic_data-expenses-project-final"


def test_a_field_is_named_as_a_person_finds_it_on_the_page() -> None:
    tabs = tabs_for(REFERENCE)
    assert field_label("/basic_data/expenses/project/final", tabs) == "附件2 基础数据表·经费控制情况（万元）·项目支出·本年决算数"
    assert field_label("/self_evaluation/funds/rate", tabs) == "附件3 自评表·年度资金总额（万元）·年度资金总额·执行率"
    assert field_label("/self_evaluation/indicators/3/groups/0/items/0/reason", tabs, REFERENCE) == \
        "成本指标·人员、运转类等办公基本保障和专项支出·偏差原因分析及改进措施"
    assert field_label("/report/problems", tabs) == "报告正文·七至十·七、存在的问题及原因分析"
    assert field_label("/nowhere", tabs) == "/nowhere"


def test_a_computed_cell_opens_only_while_its_arithmetic_is_disputed() -> None:
    rate = "/self_evaluation/funds/rate"
    over_staff = {"level": "warning", "code": "plaus.over-staff", "message": "超编", "field": rate}
    wrong_rate = {"level": "error", "code": "ratio.inconsistent", "message": "执行率与全年执行数/全年预算数不符", "field": rate}
    assert not EvaluationView(REFERENCE, [over_staff]).disputed(rate)
    assert EvaluationView(REFERENCE, [over_staff, wrong_rate]).disputed(rate)
