"""The rule codes the report writer emits: each triggered, and not triggered."""

from __future__ import annotations

from jixiao.catalogue import all_rules
from jixiao.engine import Result
from jixiao.writers.report import build_report
from jixiao.writers.report.view import ReportDocument
from tests.render.conftest import OVERALL_PARTIAL, PROJECT_MOF, PROJECT_SICHUAN, result_from_text, result_of


def _codes(doc: ReportDocument) -> list[str]:
    return [f.code for f in doc.findings]


def test_render_rules_are_registered_and_documented() -> None:
    rules = {r.code: r for r in all_rules()}
    for code in ("complete.render-placeholder", "sum.render-sole-part"):
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


def test_sole_part_is_reported_when_a_row_repeats_the_rejected_total(reference: Result,
                                                                      reference_doc: ReportDocument) -> None:
    found = [f for f in reference_doc.findings if f.code == "sum.render-sole-part"]
    assert len(found) == 1
    f = found[0]
    assert f.stated == "88.17" and f.expected == "88.18" and f.level.value == "info"
    assert f.locations[0].line is not None


SOLE_PART_OK = """\
kind: overall
unit: {name: 示例单位, year: 2023}
report:
  public_budget: {project: 10.00}
basic_data:
  expenses:
    project: {final: 10.00}
    project_categories:
      - {name: 业务工作经费, final: 10.00}
"""


def test_no_sole_part_when_the_total_is_not_in_conflict() -> None:
    doc = build_report(result_from_text(SOLE_PART_OK))
    assert "sum.render-sole-part" not in _codes(doc)
    conflicting = SOLE_PART_OK.replace("project: {final: 10.00}", "project: {final: 10.01}").replace(
        "{name: 业务工作经费, final: 10.00}", "{name: 业务工作经费, final: 10.01}")
    assert "sum.render-sole-part" not in _codes(build_report(result_from_text(conflicting)))
