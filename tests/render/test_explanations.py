"""An error the unit explained in writing (``explanations``: finding id and text, as the web
app's submit-with-explanation asks for) no longer counts towards the draft mark; the
findings appendix lists it with its explanation; an explanation naming no finding clears
nothing and is itself reported."""

from __future__ import annotations

from jixiao.engine import Result
from jixiao.findings import Level
from jixiao.narrative.segments import plain
from jixiao.writers.report import build_report
from jixiao.writers.report.view import Paragraph, ReportDocument, Table
from tests.render.conftest import REFERENCE, result_from_text, result_of

REASON = "88.17为基础数据表按决算报表口径填列，88.18为正文按明细合计填列，差额0.01系四舍五入所致。"


def _with_explanations(ids: list[str], text: str = REASON) -> Result:
    source = REFERENCE.read_text(encoding="utf-8").rstrip("\n")
    items = "".join(f"  - finding: {i}\n    text: {text}{n}\n" for n, i in enumerate(ids))
    return result_from_text(f"{source}\nexplanations:\n{items}", REFERENCE.name)


def _errors(result: Result) -> list[str]:
    return [f.id for f in result.findings if f.level is Level.ERROR]


def _mark(doc: ReportDocument) -> str | None:
    first = doc.blocks[0]
    return plain(first.segs) if isinstance(first, Paragraph) and first.style == "draft" else None


def test_explained_errors_are_not_counted_and_the_mark_says_how_many_remain() -> None:
    errors = _errors(result_of(REFERENCE))
    assert len(errors) >= 3
    result = _with_explanations(errors[:2])
    assert _errors(result) == errors  # explaining changes no finding
    doc = build_report(result)
    assert _mark(doc) == f"草稿 — {len(errors) - 2} 处错误未处理"


def test_all_errors_explained_clears_the_mark() -> None:
    result = _with_explanations(_errors(result_of(REFERENCE)))
    doc = build_report(result)
    assert _mark(doc) is None
    assert not [f for f in doc.findings if f.code == "complete.explanation-unmatched"]


def test_the_findings_appendix_lists_an_explained_error_with_its_explanation() -> None:
    errors = _errors(result_of(REFERENCE))
    result = _with_explanations(errors[:1])
    doc = build_report(result, with_findings=True)
    table = next(b for b in doc.blocks if isinstance(b, Table) and b.key == "findings")
    rows = [[text.replace("\n", "") for text in r] for r in table.matrix()[1:]]  # line breaks are layout
    explained = [r for r in rows if r[1] == "错误（已说明）"]
    assert len(explained) == 1
    assert f"单位说明：{REASON}0" in explained[0][3]
    first = next(f for f in result.findings if f.id == errors[0])
    assert explained[0][3].startswith(first.message)
    assert sum(r[1] == "错误" for r in rows) == len(errors) - 1


def test_an_explanation_naming_no_finding_clears_nothing_and_is_reported() -> None:
    errors = _errors(result_of(REFERENCE))
    doc = build_report(_with_explanations(["0123456789abcdef"]))
    assert _mark(doc) == f"草稿 — {len(errors)} 处错误未处理"
    unmatched = [f for f in doc.findings if f.code == "complete.explanation-unmatched"]
    assert len(unmatched) == 1 and "0123456789abcdef" in unmatched[0].message
    assert unmatched[0].locations[0].line is not None  # points at the explanation in the input
