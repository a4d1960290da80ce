"""A figure is printed as the unit stated it, in every place it stated it: for every example,
each figure the input states in a table or a section appears verbatim in that table or section
of the rendered text; and a report carries the draft mark exactly when it has error findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.engine import Result
from jixiao.findings import Level
from jixiao.model.fact import Fact
from jixiao.narrative.segments import plain
from jixiao.writers.report import build_report
from jixiao.writers.report.view import Heading, Paragraph, ReportDocument, Table
from tests.render.conftest import ALL_INPUTS, ROOT, result_of

EXAMPLES = tuple(sorted((ROOT / "examples").glob("*.yaml")))
# Where each kind of place is printed: the table of the view (by key) or the report's body.
_TABLES = {"基础数据表": ("basic_data",), "自评表": ("self_evaluation_funds", "self_evaluation_indicators",
                                             "project_funds", "project_indicators")}


def _place_texts(doc: ReportDocument) -> dict[str, str]:
    """The rendered text of each place: a table's cells, the body's paragraphs per 一级 section."""
    out: dict[str, str] = {}
    section = ""
    for block in doc.blocks:
        if isinstance(block, Table):
            out[block.key] = out.get(block.key, "") + "\n".join("\t".join(r) for r in block.matrix())
        elif isinstance(block, Heading) and block.level == 1:
            section = plain(block.segs).split("、")[0]
        elif isinstance(block, Paragraph) and block.style == "body":
            out[f"正文·{section}"] = out.get(f"正文·{section}", "") + plain(block.segs) + "\n"
    return out


def _where(fact: Fact, doc: ReportDocument) -> list[str]:
    """The rendered places the fact's place stands for."""
    part = fact.place
    if part == "正文":
        return [f"正文·{fact.label.split('·')[1]}"]
    keys = [k for k in _TABLES.get(part, ()) if any(t.key == k for t in doc.tables())]
    return keys


def _cells(doc: ReportDocument, keys: list[str]) -> set[str]:
    return {c.text for t in doc.tables() if t.key in keys for row in t.rows for c in row}


@pytest.mark.parametrize("path", EXAMPLES + ALL_INPUTS, ids=lambda p: p.stem)
def test_every_stated_figure_is_printed_as_stated_at_its_place(path: Path) -> None:
    result = result_of(path)
    doc = build_report(result)
    texts = _place_texts(doc)
    checked = 0
    for fact in result.evaluation.facts:
        keys = _where(fact, doc)
        if not keys or "说明中的数字" in fact.label:
            continue  # figures inside an indicator's explanation are text, not a cell of the form
        written = fact.text.strip()
        if fact.concept.endswith(".adjustment"):
            written = written.lstrip("-+")  # 调增 / 调减 is said in words
        if fact.place == "正文":
            body = texts.get(keys[0], "")
            if not body:
                continue  # a section the report does not print figures in
            assert written in body, f"{fact.label} 写作“{written}”，报告该处没有"
        else:
            cells = _cells(doc, keys)
            assert any(written == c or c.endswith(f"：{written}") or f"（{written}分）" in c for c in cells), \
                f"{fact.label} 写作“{written}”，报告该表没有"
        checked += 1
    assert checked > 0


def _has_draft_mark(doc: ReportDocument) -> bool:
    return any(isinstance(b, Paragraph) and b.style == "draft" for b in doc.blocks)


@pytest.mark.parametrize("path", EXAMPLES + ALL_INPUTS, ids=lambda p: p.stem)
def test_draft_mark_iff_errors(path: Path) -> None:
    result: Result = result_of(path)
    doc = build_report(result)
    errors = [f for f in [*result.findings, *doc.findings] if f.level is Level.ERROR]
    assert _has_draft_mark(doc) == bool(errors)
    if errors:
        first = doc.blocks[0]
        assert isinstance(first, Paragraph) and plain(first.segs) == f"草稿 — {len(errors)} 处错误未处理"
