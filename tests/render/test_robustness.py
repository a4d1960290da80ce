"""Rendering bad or partial input never crashes, and every number still traces: parts of
the reference are deleted or spoiled at random (hypothesis)."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.engine import evaluate
from jixiao.readers.load import load_bytes
from jixiao.writers.report import build_report
from jixiao.writers.report.html import to_html
from jixiao.writers.report.markdown import to_markdown
from jixiao.writers.report.trace import check_document, untraced
from tests.render.conftest import PROJECT_MOF, REFERENCE

Path_ = tuple[Any, ...]


def _paths(node: Any, prefix: Path_ = ()) -> list[Path_]:
    out: list[Path_] = []
    if isinstance(node, dict):
        for k, v in node.items():
            out.append((*prefix, k))
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.append((*prefix, i))
            out.extend(_paths(v, (*prefix, i)))
    return out


def _apply(tree: Any, path: Path_, action: str) -> None:
    node = tree
    for key in path[:-1]:
        if (isinstance(node, dict) and key in node) or (isinstance(node, list) and isinstance(key, int) \
                and key < len(node)):
            node = node[key]
        else:
            return
    last = path[-1]
    if isinstance(node, dict) and last in node:
        if action == "delete":
            del node[last]
        else:
            node[last] = {"blank": None, "junk": "不详", "zero": 0, "negative": -5, "huge": "9999999999.99元"}[action]
    elif isinstance(node, list) and isinstance(last, int) and last < len(node):
        if action == "delete":
            del node[last]
        else:
            node[last] = None


def _spoiled(source: str) -> st.SearchStrategy[str]:
    with open(source, encoding="utf-8") as f:
        base = yaml.safe_load(f)
    paths = [p for p in _paths(base) if p[0] not in ("kind",)]
    ops = st.lists(st.tuples(st.sampled_from(paths),
                             st.sampled_from(["delete", "delete", "blank", "junk", "zero", "negative", "huge"])),
                   min_size=1, max_size=10)

    def build(edits: list[tuple[Path_, str]]) -> str:
        with open(source, encoding="utf-8") as f:
            tree = yaml.safe_load(f)
        for path, action in edits:
            _apply(tree, path, action)
        return str(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False))

    return ops.map(build)


def _render_and_trace(text: str) -> None:
    loaded = load_bytes(text.encode("utf-8"), "spoiled.yaml")
    if loaded.evaluation is None:
        return
    result = evaluate(loaded.evaluation)
    doc = build_report(result, with_findings=True)
    assert check_document(doc, result) == []
    assert untraced(to_markdown(doc, lambda c: "chart.png"), doc) == []
    assert to_html(doc, lambda c: "chart.svg").startswith("<!DOCTYPE html>")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_spoiled(str(REFERENCE)))
def test_spoiled_whole_expenditure_input_renders_and_traces(text: str) -> None:
    _render_and_trace(text)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_spoiled(str(PROJECT_MOF)))
def test_spoiled_project_input_renders_and_traces(text: str) -> None:
    _render_and_trace(text)


def test_an_empty_evaluation_renders_placeholders_only() -> None:
    for kind in ("overall", "project"):
        loaded = load_bytes(f"kind: {kind}\n".encode(), "empty.yaml")
        assert loaded.evaluation is not None
        result = evaluate(loaded.evaluation)
        doc = build_report(result)
        assert check_document(doc, result) == []
        assert doc.findings and all(f.code == "complete.render-placeholder" for f in doc.findings)
        assert "（未填报）" in to_markdown(doc, lambda c: "chart.png")
