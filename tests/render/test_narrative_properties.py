"""The generated text follows the data, on generated evaluations: all full marks, some
deductions, missing scores, a missing total, a project named “…项目”. Each sentence the
report generates must follow from the figures — or be left out."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.narrative.segments import plain
from jixiao.writers.report import build_report
from jixiao.writers.report.trace import check_document
from jixiao.writers.report.view import Paragraph, ReportDocument
from tests.render.conftest import result_from_text

FULL = "各项绩效指标均取得满分"
# (category, weight, [(group, indicator, weight)])
ROWS = (("产出指标", 50, (("数量指标", "完成户数", 20), ("质量指标", "合格率", 20), ("时效指标", "完成及时率", 10))),
        ("效益指标", 30, (("社会效益指标", "群众受益情况", 30),)),
        ("满意度指标", 10, (("服务对象满意度指标", "群众满意度", 10),)))


@st.composite
def project_yaml(draw: st.DrawFn) -> tuple[str, dict[str, Decimal | None], Decimal | None, bool]:
    """A project table: per indicator a score (full, lower, or missing), the execution score,
    whether the 总分 row is stated."""
    name = draw(st.sampled_from(["道路养护补助", "委托业务项目", "人才引进"]))
    execution = draw(st.sampled_from([Decimal(10), Decimal("9.5"), Decimal(0)]))
    scores: dict[str, Decimal | None] = {}
    lines = []
    for category, weight, groups in ROWS:
        lines.append(f"  - name: {category}\n    weight: {weight}\n    groups:")
        for group, indicator, points in groups:
            choice = draw(st.sampled_from(["full", "full", "lower", "missing"]))
            score = Decimal(points) if choice == "full" else Decimal(points - 2) if choice == "lower" else None
            scores[indicator] = score
            score_text = f", score: {score}" if score is not None else ""
            reason = ", reason: 受天气影响进度滞后" if choice == "lower" and draw(st.booleans()) else ""
            lines.append(f"      - name: {group}\n        items:\n          - {{name: {indicator}, target: 达到要求, "
                         f"actual: 达到要求, weight: {points}{score_text}{reason}}}")
    stated_total = draw(st.booleans())
    total = None
    if stated_total and all(s is not None for s in scores.values()):
        total = execution + sum((s for s in scores.values() if s is not None), Decimal(0))
    text = (f"kind: project\nframework: mof-project-2020\nproject:\n  name: {name}\n  implementer: 示例县农业农村局\n"
            f"  year: 2023\nfunds:\n  total: {{initial: 100, full_year: 100, final: 95, weight: 10, score: {execution}}}\n"
            "indicators:\n" + "\n".join(lines) + "\n")
    if total is not None:
        text += f"total: {{weight: 100, score: {total}}}\n"
    return text, scores, execution, total is not None


def _text(doc: ReportDocument) -> str:
    return "\n".join(plain(b.segs) for b in doc.blocks if isinstance(b, Paragraph))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(project_yaml())
def test_project_narrative_follows_the_scores(case: tuple[str, dict[str, Decimal | None], Decimal, bool]) -> None:
    text, scores, execution, _total_stated = case
    result = result_from_text(text)
    doc = build_report(result)
    body = _text(doc)
    all_full = execution == 10 and all(s is not None and s == w for (s, w) in
                                       zip(scores.values(), (20, 20, 10, 30, 10), strict=True))
    assert (FULL in body) == all_full
    for indicator, score in scores.items():
        lost = score is not None and score < {"完成户数": 20, "合格率": 20, "完成及时率": 10, "群众受益情况": 30,
                                              "群众满意度": 10}[indicator]
        assert (f"“{indicator}”分值" in body) == lost
        assert (f"“{indicator}”得分（未填报）" in body) == (score is None)
    assert ("预算执行分值10分，得" in body) == (execution < 10)
    assert "项目项目" not in doc.title_text and doc.title_text.startswith("示例县农业农村局2023年度")
    assert "评价框架" not in body
    assert check_document(doc, result) == []  # every number traces to a fact or a computation


@settings(max_examples=15, deadline=None)
@given(st.sampled_from(["（一）整体支出绩效情况", None]), st.booleans())
def test_whole_expenditure_adds_no_sentence_to_a_section_the_unit_wrote(written: str | None,
                                                                       with_scores: bool) -> None:
    performance = "  performance:\n    overall: 全年工作有序推进。\n" if written else ""
    scores = ("self_evaluation:\n  funds: {initial: 100, full_year: 100, final: 100, weight: 10, rate: 100%, score: 10}\n"
              "  total: {weight: 100, score: 90}\n") if with_scores else ""
    text = ("kind: overall\nframework: hunan-overall\nunit: {name: 示例区文化馆, year: 2023}\n"
            "report:\n  profile:\n    staff: {total: 12, in_service: 10, retired: 2, authorized: 11}\n"
            f"{performance}{scores}basic_data:\n  staff: {{authorized: 11, in_service: 10}}\n")
    doc = build_report(result_from_text(text))
    body = _text(doc)
    assert "核定编制" not in body and "控制率" not in body  # the unit wrote no such sentence
    if written:
        assert "全年工作有序推进。" in body and "绩效自评得分" not in body and "预算执行率" not in body
    elif with_scores:
        assert "部门整体支出绩效自评得分90分（满分100分）" in body
