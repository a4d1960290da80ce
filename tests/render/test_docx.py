"""The DOCX: 公文 page setup and styles, and its tables read back with python-docx."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from jixiao.writers.report import docx_template as tpl
from jixiao.writers.report.view import ReportDocument

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def word(reference_docx: bytes) -> Any:
    import docx

    return docx.Document(io.BytesIO(reference_docx))


def _row(table: Any, label: str) -> list[str]:
    for row in table.rows:
        cells = [c.text.strip().replace("\n", "") for c in row.cells]  # a header broken on two lines
        if any(c.endswith(label) for c in cells):
            return list(dict.fromkeys(c for c in cells if c))  # merged cells repeat: keep one
    raise AssertionError(label)


def test_tables_read_back_hold_the_facts(word: Any) -> None:
    basic, funds, indicators, findings = word.tables
    assert _row(basic, "公用经费") == ["公用经费", "77.2", "102.04", "63.73"]  # as 附件2 states them
    assert _row(basic, "项目支出：") == ["项目支出：", "87.45", "83.2", "88.17"]
    assert _row(basic, "控制率")[-3:] == ["编制数", "2023年实际在职人数", "控制率"]
    assert [c.text for c in basic.rows[1].cells][1::2] == ["27", "30", "111%"]
    assert _row(funds, "年度资金总额")[-7:] == ["年度资金总额", "772.37", "850.19", "841.25", "10", "98.95%", "9"]
    assert _row(indicators, "人员、运转类等办公基本保障和专项支出")[-6:] == [
        "人员、运转类等办公基本保障和专项支出", "≤772.37万元", "850.19万", "20", "19", "专项支出中委员培训费用增加"]
    assert _row(indicators, "总分") == ["总分", "100", "97"]
    assert any("dup.conflict" in c.text for c in findings.columns[2].cells)


def test_merged_cells_are_written_as_in_the_reference(word: Any) -> None:
    basic, _funds, indicators, _ = word.tables
    first = basic.rows[0]._tr.tc_lst[0]
    assert first.tcPr.find(f"{W}vMerge").get(f"{W}val") == "restart"
    assert basic.rows[1]._tr.tc_lst[0].tcPr.find(f"{W}vMerge").get(f"{W}val") is None  # continues
    spans = [tc.tcPr.find(f"{W}gridSpan") for tc in basic.rows[0]._tr.tc_lst[1:]]
    assert [s.get(f"{W}val") for s in spans] == ["2", "2", "2"]
    header = indicators.rows[0]._tr
    assert header.trPr.find(f"{W}tblHeader") is not None  # repeats on each page
    assert "".join(indicators.rows[0].cells[0].text.split()) == "绩效指标"


def test_the_vertical_label_stays_in_the_repeated_header_row(word: Any) -> None:
    """绩效指标 is written whole in the header row (which Word and LibreOffice repeat on a
    continuation page) and continued by an empty cell merged down the body, with no rule
    between them: no merged cell crosses the header's end (cut label, extra box)."""
    _basic, _funds, indicators, _ = word.tables
    label = indicators.rows[0]._tr.tc_lst[0].tcPr
    below = indicators.rows[1]._tr.tc_lst[0].tcPr
    assert label.find(f"{W}vMerge") is None
    assert label.find(f"{W}tcBorders/{W}bottom").get(f"{W}val") == "nil"
    assert below.find(f"{W}vMerge").get(f"{W}val") == "restart"
    assert below.find(f"{W}tcBorders/{W}top").get(f"{W}val") == "nil"
    assert "".join(indicators.rows[1].cells[0].text.split()) == ""
    for row in indicators.rows[2:-1]:  # down to the 总分 row
        assert row._tr.tc_lst[0].tcPr.find(f"{W}vMerge").get(f"{W}val") is None  # continues the body cell


def test_page_setup_is_gbt_9704(word: Any) -> None:
    s = word.sections[0]
    assert round(s.page_width.mm) == 210 and round(s.page_height.mm) == 297
    assert [round(x.mm) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [37, 35, 28, 26]
    assert word.settings.odd_and_even_pages_header_footer
    for footer, align in ((s.footer, "right"), (s.even_page_footer, "left")):
        p = footer.paragraphs[0]
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert "PAGE" in p._p.xml
        assert p.alignment.name.lower() == align


def _fonts(style: Any) -> dict[str, str]:
    rfonts = style.element.rPr.find(f"{W}rFonts")
    return {k.split("}")[1]: v for k, v in rfonts.attrib.items()}


def test_styles_carry_east_asian_fonts_sizes_and_fixed_line_pitch(word: Any) -> None:
    from docx.enum.text import WD_LINE_SPACING

    expected = {"Normal": ("仿宋_GB2312", 16), "Title": ("方正小标宋简体", 22), "Heading 1": ("黑体", 16),
                "Heading 2": ("楷体_GB2312", 16)}
    for name, (font, size) in expected.items():
        style = word.styles[name]
        fonts = _fonts(style)
        assert fonts["eastAsia"] == fonts["ascii"] == font, name
        assert style.font.size.pt == size
        lang = style.element.rPr.find(f"{W}lang")
        assert lang.get(f"{W}eastAsia") == "zh-CN"
    body = word.styles["Normal"].paragraph_format
    assert body.line_spacing_rule == WD_LINE_SPACING.EXACTLY and body.line_spacing.pt == 28
    defaults = word.styles.element.find(f"{W}docDefaults").find(f"{W}rPrDefault").find(f"{W}rPr")
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"


def test_font_table_names_the_windows_fallbacks(reference_docx: bytes) -> None:
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(reference_docx)).read("word/fontTable.xml").decode()
    assert 'w:name="仿宋_GB2312"' in xml and 'w:altName w:val="仿宋"' in xml and 'w:charset w:val="86"' in xml


def test_headings_and_paragraphs_use_the_template_styles(word: Any) -> None:
    styles = {p.style.name for p in word.paragraphs if p.text}
    assert {"Title", "Heading 1", "Heading 2", "Normal", tpl.LABEL, tpl.TABLE_TITLE, tpl.DRAFT,
            tpl.ATTACHMENTS} <= styles
    assert not [p for p in word.paragraphs if p._p.xpath(".//pic:pic")]  # no charts unless asked for


def test_charts_are_pictures_in_their_own_appendix(reference_doc_charts: ReportDocument) -> None:
    import docx

    from jixiao.writers.report.docx import to_docx

    word = docx.Document(io.BytesIO(to_docx(reference_doc_charts)))
    paragraphs = list(word.paragraphs)
    pictures = [i for i, p in enumerate(paragraphs) if p._p.xpath(".//pic:pic")]
    label = next(i for i, p in enumerate(paragraphs) if p.style.name == tpl.LABEL and p.text == "附件4")
    assert len(pictures) == 4 and min(pictures) > label
    assert all(paragraphs[i].style.name == tpl.FIGURE for i in pictures)


def test_lines_hold_twenty_eight_characters(word: Any) -> None:
    """GB/T 9704: 28 characters per line — the body's character pitch (三号 with its spacing)
    fits 28 characters in the text width and not 29."""
    section = word.sections[0]
    width_pt = section.page_width.pt - section.left_margin.pt - section.right_margin.pt
    for name in ("Normal", "Heading 1", tpl.ATTACHMENTS):
        rpr = word.styles[name].element.rPr
        pitch = word.styles[name].font.size.pt + int(rpr.find(f"{W}spacing").get(f"{W}val")) / 20
        assert 28 * pitch <= width_pt < 29 * pitch, name
    assert section._sectPr.find(f"{W}docGrid").get(f"{W}linePitch") == "560"  # 28 pt lines


def test_packaged_template_is_current() -> None:
    import docx

    packaged = docx.Document(str(tpl.TEMPLATE))
    fresh = tpl.build_template()
    assert packaged.styles.element.xml == fresh.styles.element.xml, \
        "python -m jixiao.writers.report.docx_template regenerates templates/report.docx"


def test_a_user_template_without_the_styles_still_renders(reference_doc: ReportDocument, tmp_path: Path) -> None:
    import docx

    from jixiao.writers.report.docx import to_docx

    bare = tmp_path / "bare.docx"
    docx.Document().save(str(bare))
    word = docx.Document(io.BytesIO(to_docx(reference_doc, template=bare)))
    assert word.paragraphs[0].style.name == "Title"
    assert tpl.TABLE_TEXT in {s.name for s in word.styles}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_renders_the_docx_with_the_mapped_fonts(reference_docx: bytes, tmp_path: Path) -> None:
    from jixiao.writers.fonts import fontconfig_file

    src = tmp_path / "report.docx"
    src.write_bytes(reference_docx)
    env = {"FONTCONFIG_FILE": str(fontconfig_file()), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(src)], env=env, capture_output=True, timeout=180, check=True)
    fonts = subprocess.run(["pdffonts", str(tmp_path / "report.pdf")], capture_output=True, text=True,
                           check=True).stdout
    assert "NotoSerifCJK" in fonts and "NotoSansCJK" in fonts  # 仿宋/小标宋 and 黑体 mapped, not WenQuanYi
    assert "WenQuanYi" not in fonts


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_pages_measure_as_gbt_9704(reference_docx: bytes, tmp_path: Path) -> None:
    """The DOCX as LibreOffice lays it out, measured: full body pages hold 22 lines of at most
    28 characters (and some of exactly 28), every page carries its number “— N —”, no table
    line is a lone “）”, and no page inside an attachment is less than half full when the
    attachment goes on."""
    import collections
    import unicodedata

    import pdfplumber

    from jixiao.writers.fonts import fontconfig_file
    from tests.render.test_chart_layout import _fills

    src = tmp_path / "report.docx"
    src.write_bytes(reference_docx)
    env = {"FONTCONFIG_FILE": str(fontconfig_file()), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(src)], env=env, capture_output=True, timeout=180, check=True)
    pdf_path = tmp_path / "report.pdf"
    body_lines: list[int] = []
    widest = 0
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            text = page.extract_text() or ""
            assert f"— {number} —" in text, f"第{number}页没有页码"
            words = [str(w["text"]) for w in page.extract_words()]
            assert "）" not in words and ")" not in words, f"第{number}页有单独成行的“）”"
            if text.lstrip().startswith("附件"):
                break  # the attachments: tables, not the 28 × 22 grid
            rows: dict[int, list[str]] = collections.defaultdict(list)
            for c in page.chars:
                if round(float(c["size"])) == 16 and str(c["text"]).strip():
                    rows[round(float(c["top"]))].append(str(c["text"]))
            body_lines.append(len(rows))
            for chars in rows.values():
                if all(unicodedata.east_asian_width(ch) in ("W", "F") for ch in chars):
                    # a closing mark may hang past the margin (标点悬挂) rather than start a line
                    held = len(chars) - (1 if chars[-1] in "。，、；：）”！？" else 0)
                    widest = max(widest, held)
                    assert held <= 28, "".join(chars)
    assert widest == 28
    assert max(body_lines) == 22 and body_lines[1:-1].count(22) >= len(body_lines[1:-1]) // 2, body_lines
    pages = _fills(pdf_path)
    for i, (fill, _) in enumerate(pages[:-1]):
        if i > 0 and not pages[i + 1][1].startswith("附件"):
            assert fill >= 0.5, f"第{i + 1}页只填了{fill:.0%}"
