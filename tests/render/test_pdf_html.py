"""The PDF (WeasyPrint) and the standalone HTML page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from jixiao.writers.report.html import to_html
from jixiao.writers.report.output import svg_data_uri
from jixiao.writers.report.view import ReportDocument


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils is not installed")
def test_pdf_embeds_the_cjk_fonts(reference_pdf: Path) -> None:
    out = subprocess.run(["pdffonts", str(reference_pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:]]
    names = " ".join(r[0] for r in rows)
    assert "Noto-Serif-CJK-SC" in names  # 仿宋 / 小标宋 stand-in
    assert "Noto-Sans-CJK-SC" in names  # 黑体 stand-in
    assert "KaitiM" in names  # 楷体 stand-in
    assert all(r[-5] == "yes" for r in rows)  # every font embedded


def test_pdf_repeats_table_headers_and_numbers_pages(reference_pdf: Path) -> None:
    import pdfplumber

    with pdfplumber.open(reference_pdf) as pdf:
        texts = [p.extract_text() or "" for p in pdf.pages]
        size = (round(pdf.pages[0].width), round(pdf.pages[0].height))
    assert size == (595, 842)  # A4 in points
    with_header = [i for i, t in enumerate(texts) if "三级指标" in t]
    assert len(with_header) >= 2 and with_header == list(range(with_header[0], with_header[-1] + 1))
    assert all(f"— {i} —" in t for i, t in enumerate(texts, start=1))


def test_html_is_one_standalone_page(reference_doc_charts: ReportDocument) -> None:
    html = to_html(reference_doc_charts, svg_data_uri)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
    assert "<link" not in html and "<script" not in html and "http://" not in html and "https://" not in html
    assert html.count('src="data:image/svg+xml;base64,') == 4
    assert "@page" in html and "counter(page)" in html  # print CSS
    assert '"仿宋_GB2312"' in html and '"Noto Serif CJK SC"' in html  # official name, then the free one


def test_html_splits_a_header_cell_that_spans_into_the_body(reference_doc: ReportDocument) -> None:
    html = to_html(reference_doc, lambda chart: "chart.svg")
    table = html[html.index('class="grid self_evaluation_indicators'):]
    thead, tbody = table.split("</thead>", 1)
    assert 'class="open-bottom">绩<br>效<br>指<br>标</th>' in thead
    assert 'class="open-top"></th>' in tbody.split("</tr>", 1)[0]


def test_pdf_has_no_pictures_and_no_page_with_only_a_signature(reference_pdf: Path) -> None:
    """Charts are off by default; the signature line (填表人 …) never sits alone on a page."""
    import re

    import pdfplumber

    with pdfplumber.open(reference_pdf) as pdf:
        assert all(not page.images for page in pdf.pages)
        for page in pdf.pages:
            text = re.sub(r"—\s*\d+\s*—", "", page.extract_text() or "")
            lines = [line for line in text.splitlines() if line.strip()]
            assert not (lines and all("填表人" in line or "单位负责人签字" in line for line in lines)), page.page_number


def test_findings_appendix_names_places_in_the_report_s_words(reference_doc_findings: ReportDocument) -> None:
    table = next(t for t in reference_doc_findings.tables() if t.key == "findings")
    places = [row[4] for row in table.matrix()[1:]]
    assert "基础数据表／公用经费／本年决算数；正文／二／公用经费" in places
    assert not any("行" in p and "列" in p for p in places)  # no line and column numbers
    codes = [c for row in table.rows[1:] for c in row if c.text and "." in c.text and c.nowrap]
    assert len(codes) == len(table.rows) - 1  # each rule code kept on one line
