"""The reference report as portals publish it — Word with merged cells, a GBK web
page inside a layout table, a PDF whose tables run over several pages — reads to
the same facts and findings as the hand transcription."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.readers.document import Table
from jixiao.readers.docx import read_docx
from jixiao.readers.html import decode_html, read_html
from jixiao.readers.load import detect_format
from jixiao.readers.pdf import read_pdf
from tests.conftest import REFERENCE as REFERENCE_YAML
from tests.readers_support import READER_CODES, facts, findings, loaded


@pytest.fixture(params=["docx", "html", "pdf"])
def published(request: pytest.FixtureRequest) -> Path:
    path: Path = request.getfixturevalue(f"reference_{request.param}")
    return path


def test_same_facts_as_the_transcription(published: Path) -> None:
    assert facts(loaded(published)) == facts(loaded(REFERENCE_YAML))


def test_same_findings_as_the_transcription(published: Path) -> None:
    assert findings(loaded(published), skip=READER_CODES) == findings(loaded(REFERENCE_YAML))


def test_format_is_detected_from_content(published: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "download.bin"
    renamed.write_bytes(published.read_bytes())
    result = loaded(renamed)
    assert result.format == published.suffix[1:]
    assert facts(result) == facts(loaded(published))


def test_docx_merged_cells_are_read_once(reference_docx: Path) -> None:
    doc = read_docx(reference_docx.read_bytes(), "r.docx")
    cells = [c for t in doc.tables() for row in t.rows for c in row]
    texts = [c.text for c in cells if not c.covered]
    assert texts.count("产出指标（40分）") == 1
    assert texts.count("年度预算申请（万元）") == 1
    covered = [c for c in cells if c.covered]
    assert covered and all(c.text == "" for c in covered)
    origin = next(c for c in cells if c.text == "产出指标（40分）")
    assert origin.rowspan == 9


def test_docx_figures_have_table_row_and_column(reference_docx: Path) -> None:
    result = loaded(reference_docx)
    assert result.evaluation is not None
    located = {f.concept: f.location for f in result.evaluation.facts if f.text == "63.73"}
    loc = located["expenditure.public_funds.final"]
    assert (loc.table, loc.row, loc.col) == (1, 13, 4)
    assert loc.render().endswith("[t1 r13 c4]")
    # a figure in a paragraph has the line of the rendition quoted under findings
    text_fact = next(f for f in result.evaluation.facts if f.text == "63.72")
    assert text_fact.location.line is not None and result.text is not None
    assert "63.72" in result.text.splitlines()[text_fact.location.line - 1]


def test_html_gbk_page_in_a_layout_table(reference_html: Path) -> None:
    data = reference_html.read_bytes()
    assert detect_format(data[:2048], "page") == "html"
    text, used, declared = decode_html(data)
    assert (declared, used) == ("gb18030", "gb18030")
    doc = read_html(text, "page.html")
    assert len(doc.tables()) == 2  # the layout table is not read as a data table
    titles = [b.text for b in doc.blocks if not isinstance(b, Table)]
    assert "不是正文" not in "".join(titles)  # script content is dropped
    result = loaded(reference_html)
    assert result.evaluation is not None and result.evaluation.title is not None
    assert result.evaluation.title.startswith("2023年度中国人民政治协商会议")


def test_html_declared_charset_that_does_not_fit(tmp_path: Path) -> None:
    page = '<html><head><meta charset="utf-8"></head><body><p>本部门共48人</p></body></html>'
    gbk = tmp_path / "gbk-but-says-utf8.html"
    gbk.write_bytes(page.encode("gbk"))
    text, used, _ = decode_html(gbk.read_bytes())
    assert used == "gb18030" and "本部门共48人" in text


def test_pdf_table_split_over_pages(reference_pdf: Path) -> None:
    doc = read_pdf(reference_pdf.read_bytes(), "r.pdf")
    table = doc.tables()[-1]
    pages = {c.piece.location.page for row in table.rows for c in row}
    assert len(pages) >= 3  # one table, read across pages
    assert table.rows[0][1].text.startswith("中国人民政治协商会议") or any(
        "区级预算部门" in c.text for c in table.rows[0])
    # the header row is not repeated, no row is read twice
    names = [c.text for row in table.rows for c in row if c.text in ("专项民主监督", "委员培训")]
    assert names == ["专项民主监督", "委员培训"]


def test_pdf_locations_have_pages(reference_pdf: Path) -> None:
    result = loaded(reference_pdf)
    assert result.evaluation is not None
    total = next(f for f in result.evaluation.facts if f.concept == "total.score")
    assert total.location.page is not None and total.location.page >= 8
    assert total.location.render().startswith(str(result.source) + "[p")


def test_docx_nested_table_and_line_breaks(tmp_path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("2023年度某局整体支出绩效自评报告")
    table = doc.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "财政供养人员情况（人）"
    table.cell(0, 1).text = "编制数"
    table.cell(0, 2).text = "实际在职人数"
    table.cell(1, 1).text = "27"
    cell = table.cell(1, 2)
    cell.text = "30"
    cell.paragraphs[0].add_run().add_break()
    cell.paragraphs[0].add_run("（含借调）")
    inner = table.cell(1, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内嵌"
    inner.cell(0, 1).text = "表格"
    path = tmp_path / "nested.docx"
    doc.save(str(path))
    read = read_docx(path.read_bytes(), "nested.docx")
    cells = [c.text for c in read.tables()[0].rows[1]]
    assert cells[1] == "27" and cells[2] == "30\n（含借调）"
    assert "内嵌" in cells[0] and "表格" in cells[0]
