"""The unit's own sentences come through as written: every body paragraph of the rendered
reference report, §一 to §九, is the published report's line (tests/corpus/000_…txt), typos
too (“截止至”), in its order; §一(三) and §二 are printed from the unit's text where the
input holds it and generated from the figures only where it does not; a field whose figure
the text does not write is reported."""

from __future__ import annotations

import re

from jixiao.narrative.segments import plain
from jixiao.writers.report import build_report
from jixiao.writers.report.view import Heading, PageBreak, Paragraph, ReportDocument
from tests.render.conftest import REFERENCE, ROOT, result_from_text, result_of

CORPUS = ROOT / "tests" / "corpus" / "000_ca49b2c89bc71ff3.txt"


def _published_body(headings: set[str]) -> list[str]:
    """The published report's paragraphs from §一 to the 附件 list, headings left out (the
    published headings end with “。” where the form's do not)."""
    lines = [line.strip().replace("[bookmark: _GoBack]", "") for line in CORPUS.read_text("utf-8").splitlines()]
    start = lines.index("一、部门（单位）基本情况")
    end = next(i for i, line in enumerate(lines) if line.startswith("附件："))
    return [line for line in lines[start:end] if line and line.rstrip("。") not in headings]


def _rendered_body(doc: ReportDocument) -> tuple[list[str], set[str]]:
    body: list[str] = []
    headings: set[str] = set()
    for b in doc.blocks:
        if isinstance(b, PageBreak):
            break
        if isinstance(b, Heading):
            headings.add(plain(b.segs))
        elif isinstance(b, Paragraph) and b.style == "body":
            body.append(plain(b.segs))
    return body, headings


def test_the_reference_body_is_the_published_text_line_for_line() -> None:
    body, headings = _rendered_body(build_report(result_of(REFERENCE)))
    assert body == _published_body(headings)


def test_staff_and_budget_sections_are_the_units_sentences() -> None:
    body, _ = _rendered_body(build_report(result_of(REFERENCE)))
    assert "本部门截止至2023年12月31日共48人，其中在职30人，退休人员18人。" in body  # 截止至 as written
    assert "3.2023年度单位一般公共预算财政拨款支出841.25万元，其中：项目支出88.18万元，基本支出753.07万元，" \
           "其中：人员经费689.35万元，公用经费63.72万元。" in body


def _without(key: str) -> str:
    """The reference input without the unit's text of one section (the ``key: …`` line, or
    the block under ``key: |-``)."""
    text = REFERENCE.read_text("utf-8")
    block = re.compile(rf"^( *){key}: \|-.*\n(?:\1  .*\n)+", re.M)
    text, n = block.subn("", text, count=1)
    if n == 0:
        text, n = re.subn(rf"^ *{key}: 本部门.*\n|^ *{key}: 2023年项目支出.*\n", "", text, count=1, flags=re.M)
    assert n == 1, key
    return text


def test_a_section_the_unit_did_not_write_is_generated_from_its_figures() -> None:
    doc = build_report(result_from_text(_without("statement"), REFERENCE.name))
    body, _ = _rendered_body(doc)
    # the generated sentences state the same figures, as the fields write them
    assert "1.2023年预算资金772.37万元。" in body
    assert any(p.startswith("3.2023年度单位一般公共预算财政拨款支出841.25万元") and "公用经费63.72万元" in p for p in body)
    assert "本部门截止至2023年12月31日共48人，其中在职30人，退休人员18人。" in body  # the staff text stays
    staff_doc = build_report(result_from_text(_without("text"), REFERENCE.name))
    staff_body, _ = _rendered_body(staff_doc)
    assert "本部门截至2023年12月31日共48人，其中在职30人，退休人员18人。" in staff_body


def test_a_field_the_units_text_does_not_write_is_reported() -> None:
    text = REFERENCE.read_text("utf-8").replace("      retired: 18 ", "      retired: 19 ", 1)
    doc = build_report(result_from_text(text, REFERENCE.name))
    found = [f for f in doc.findings if f.code == "complete.section-text-figure"]
    assert len(found) == 1
    assert "19" in found[0].message and "人员情况" in found[0].message
    body, _ = _rendered_body(doc)
    assert "本部门截止至2023年12月31日共48人，其中在职30人，退休人员18人。" in body  # printed as written
    clean = build_report(result_of(REFERENCE))
    assert not [f for f in clean.findings if f.code == "complete.section-text-figure"]
