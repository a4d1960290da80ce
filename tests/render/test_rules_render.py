"""The rule codes the report writer emits: each triggered, and not triggered."""

from __future__ import annotations

from jixiao.catalogue import all_rules
from jixiao.writers.report import build_report
from jixiao.writers.report.view import ReportDocument
from tests.render.conftest import OVERALL_PARTIAL, PROJECT_MOF, PROJECT_SICHUAN, result_of


def _codes(doc: ReportDocument) -> list[str]:
    return [f.code for f in doc.findings]


def test_render_rules_are_registered_and_documented() -> None:
    rules = {r.code: r for r in all_rules()}
    for code in ("complete.render-placeholder",):
        assert code in rules and rules[code].description and rules[code].citation


def test_placeholder_is_reported_for_each_section_with_missing_content() -> None:
    doc = build_report(result_of(OVERALL_PARTIAL))
    messages = [f.message for f in doc.findings if f.code == "complete.render-placeholder"]
    assert "生成的报告中“二、一般公共预算支出情况”缺少人员经费、公用经费，已以“（未填报）”标示" in messages
    assert any("“七、存在的问题及原因分析”缺少文字内容" in m for m in messages)
    assert any("“附件：整体支出绩效评价基础数据表”缺少全部内容" in m for m in messages)
    assert all(f.level.value == "warning" for f in doc.findings)


def test_no_placeholder_when_everything_is_stated(reference_doc: ReportDocument) -> None:
    assert "complete.render-placeholder" not in _codes(reference_doc)
    assert "complete.render-placeholder" not in _codes(build_report(result_of(PROJECT_SICHUAN)))


def test_placeholder_for_a_missing_deduction_reason() -> None:
    doc = build_report(result_of(PROJECT_MOF))
    assert [f.args["items"] for f in doc.findings] == ["“养护长效机制”偏差原因"]


def test_a_sole_part_keeps_its_stated_figure(reference_doc: ReportDocument) -> None:
    """附件2 lists 业务工作经费 88.17 under 项目支出 88.17 (the text says 88.18): both rows keep
    what the table states; the findings say the statements disagree."""
    basic = next(t for t in reference_doc.tables() if t.key == "basic_data")
    rows = {r[0].strip("　 "): r for r in basic.matrix()}
    assert rows["项目支出："][5] == "88.17"
    assert rows["1、业务工作经费"][5] == "88.17"
    assert "sum.render-sole-part" not in {r.code for r in all_rules()}
