"""Trigger and clean cases of rules emitted outside the checks (writers, other readers).

``tests/test_rule_cases.py`` merges these into its table, so every registered rule has a
case that triggers it and one that does not.
"""

from __future__ import annotations

from collections.abc import Callable

from jixiao.findings import Finding

Case = str | Callable[[], list[Finding]]


def _render(path: str) -> Callable[[], list[Finding]]:
    def run() -> list[Finding]:
        from jixiao.writers.report import build_report
        from tests.render.conftest import FIXTURES, REFERENCE, result_of

        target = REFERENCE if path == "reference" else FIXTURES / path
        return list(build_report(result_of(target)).findings)

    return run


def _render_text(text: str) -> Callable[[], list[Finding]]:
    def run() -> list[Finding]:
        from jixiao.writers.report import build_report
        from tests.render.conftest import result_from_text

        return list(build_report(result_from_text(text)).findings)

    return run


_ONE_PART = """\
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

_STAFF_TEXT = """\
kind: overall
unit: {{name: 示例单位, year: 2023}}
report:
  profile:
    staff: {{total: 12, in_service: {in_service}, text: 本部门共12人，其中在职10人。}}
"""

EXTRA_CASES: dict[str, tuple[Case, Case]] = {
    # jixiao render (writers/report/codes.py)
    "complete.render-placeholder": (_render("overall-partial.yaml"), _render("project-sichuan.yaml")),
    "complete.explanation-unmatched": (
        _render_text(_ONE_PART + "explanations:\n  - {finding: 0123456789abcdef, text: 已核对}\n"),
        _render_text(_ONE_PART)),
    "complete.section-text-figure": (_render_text(_STAFF_TEXT.format(in_service=11)),
                                     _render_text(_STAFF_TEXT.format(in_service=10))),
}
