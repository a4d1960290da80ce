"""No number in a report is untraceable: every number of the document view traces to a
fact or a computed figure, and every number in each rendered output is one the view states."""

from __future__ import annotations

import dataclasses
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.engine import Result
from jixiao.narrative.segments import SegKind
from jixiao.writers.report.trace import check_document, extract_numbers, untraced
from jixiao.writers.report.view import Paragraph, ReportDocument


def test_extract_numbers_reads_decimals_and_full_width_digits() -> None:
    assert extract_numbers("支出８４１.２５万元，其中1.委员培训42.82万元；98.95%") == [
        Decimal("841.25"), Decimal(1), Decimal("42.82"), Decimal("98.95")]


def test_every_number_of_the_view_traces(any_input: tuple[Result, ReportDocument]) -> None:
    result, doc = any_input
    assert check_document(doc, result) == []


def _replace_first(doc: ReportDocument, kind: SegKind, **changes: object) -> ReportDocument:
    blocks = list(doc.blocks)
    for i, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            for j, seg in enumerate(block.segs):
                if seg.kind is kind:
                    segs = list(block.segs)
                    segs[j] = dataclasses.replace(seg, **changes)  # type: ignore[arg-type]
                    blocks[i] = Paragraph(tuple(segs), block.style)
                    return dataclasses.replace(doc, blocks=tuple(blocks))
    raise AssertionError(f"no {kind} segment")


@pytest.mark.parametrize(("kind", "changes", "why"), [
    (SegKind.FIGURE, {"text": "63.73", "value": Decimal("63.73")}, "写法"),
    (SegKind.FIGURE, {"text": "63.7"}, "不是"),
    (SegKind.COMPUTED, {"text": "98.96", "value": Decimal("98.96")}, "复算"),
    (SegKind.TEXT, {"text": "共计12项"}, "模板文字含数字"),
    (SegKind.INPUT, {"text": "全年开展活动999场"}, "输入中没有的数字"),
])
def test_a_number_that_does_not_trace_is_reported(reference: Result, reference_doc: ReportDocument,
                                                  kind: SegKind, changes: dict[str, object], why: str) -> None:
    tampered = _replace_first(reference_doc, kind, **changes)
    problems = check_document(tampered, reference)
    assert len(problems) == 1 and why in problems[0]


def _html_text(html: str) -> str:
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(html)
    for el in tree.xpath("//style|//script"):
        el.getparent().remove(el)
    return "\n".join(tree.itertext())


def test_html_numbers_trace(any_input: tuple[Result, ReportDocument]) -> None:
    from jixiao.writers.report.html import to_html

    _, doc = any_input
    assert untraced(_html_text(to_html(doc, lambda chart: "chart.svg")), doc) == []


def test_markdown_numbers_trace(any_input: tuple[Result, ReportDocument]) -> None:
    from jixiao.writers.report.markdown import to_markdown

    _, doc = any_input
    assert untraced(to_markdown(doc, lambda chart: "chart.png"), doc) == []


def docx_text(data: bytes) -> str:
    import docx

    word = docx.Document(io.BytesIO(data))
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in word.sections:
        for footer in (section.footer, section.even_page_footer):
            parts.extend(p.text for p in footer.paragraphs)
    return "\n".join(parts)


def test_docx_numbers_trace(reference_docx: bytes, reference_doc_findings: ReportDocument) -> None:
    text = docx_text(reference_docx)
    assert "63.72" in text and "63.73" in text  # 63.73 only in the findings appendix
    assert untraced(text, reference_doc_findings, extra=[Decimal(1)]) == []  # the footer's page field


def test_pdf_numbers_trace(reference_pdf: Path, reference_doc_findings: ReportDocument) -> None:
    import pdfplumber

    with pdfplumber.open(reference_pdf) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    text = "\n".join(pages)
    assert re.search(r"— 1 —", pages[0]) and re.search(rf"— {len(pages)} —", pages[-1])
    assert untraced(text, reference_doc_findings, extra=[Decimal(n) for n in range(1, len(pages) + 1)]) == []


