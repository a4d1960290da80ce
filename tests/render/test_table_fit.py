"""Table headers are broken only between words, and every column holds its longest header
word: in the view (every example and fixture), and as LibreOffice lays out the DOCX and
WeasyPrint the PDF — no header line of the view is broken again by the program that sets it
(one LibreOffice run for all examples)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.narrative.segments import Seg, SegKind, inline
from jixiao.narrative.segments import given as stated
from jixiao.writers.report import build_report
from jixiao.writers.report.cells import cell, head
from jixiao.writers.report.tablefit import (
    CELL_PADDING_PT,
    FONT_PT,
    TABLE_WIDTH_PT,
    PieceKind,
    content_pieces,
    content_words,
    fit_tables,
    known_words,
)
from jixiao.writers.report.view import Paragraph, ReportDocument, Table
from jixiao.writers.textwidth import WORD_BREAK, break_at_words, break_lines, em_width
from tests.render.conftest import ALL_INPUTS, ROOT, result_of

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

# Words of the forms' headers a reader must never see broken (“三级指／标”, “年度指标／值”).
FORM_WORDS = ("指标", "指标值", "完成值", "预算数", "执行数", "执行率", "决算数", "预算", "执行", "部门",
              "单位", "名称", "情况", "性质", "度量", "原因", "分析", "改进措施", "规模", "投资", "概算",
              "控制率", "资金", "总额", "年初", "全年", "调整后", "实际", "在职", "人数", "编制数",
              "（万元）", "（㎡）", "（单位）", "（盖章）", "（人）", "序号", "级别", "规则", "说明", "位置")


@pytest.fixture(scope="module")
def documents() -> dict[str, ReportDocument]:
    return {p.stem: build_report(result_of(p), with_findings=True) for p in (*EXAMPLES, *ALL_INPUTS)}


def _header_cells(doc: ReportDocument) -> list[tuple[Table, float, str]]:
    """(table, cell width in pt, text) of every horizontal header cell."""
    out = []
    for table in doc.tables():
        total = sum(table.widths)
        for _r, c, placed in table.grid():
            if placed.header and not placed.vertical:
                width = TABLE_WIDTH_PT * sum(table.widths[c:c + placed.colspan]) / total
                out.append((table, width, placed.text))
    return out


def test_no_header_word_is_broken_across_lines(documents: dict[str, ReportDocument]) -> None:
    broken_headers = 0
    for name, doc in documents.items():
        for table, _width, text in _header_cells(doc):
            breaks = {i - n for n, i in enumerate(i for i, ch in enumerate(text) if ch == "\n")}
            joined = text.replace("\n", "")
            broken_headers += bool(breaks)
            for word in FORM_WORDS:
                start = joined.find(word)
                while start >= 0:
                    inside = [b for b in breaks if start < b < start + len(word)]
                    assert not inside, f"{name} {table.key}：“{word}”在“{text}”中被断开"
                    start = joined.find(word, start + 1)
    assert broken_headers > 20  # the narrow columns do break their headers (between words)


def test_every_header_line_fits_its_cell(documents: dict[str, ReportDocument]) -> None:
    for name, doc in documents.items():
        for table, width, text in _header_cells(doc):
            size = FONT_PT[table.font]
            for line in text.split("\n"):
                assert em_width(line) * size + CELL_PADDING_PT <= width + 0.05, f"{name} {table.key}：{line}"
        assert all(WORD_BREAK not in seg.text for seg in doc.segments()), name


def test_the_widths_fill_the_type_area(documents: dict[str, ReportDocument]) -> None:
    for doc in documents.values():
        for table in doc.tables():
            assert sum(table.widths) == pytest.approx(TABLE_WIDTH_PT, abs=0.1), table.key


def test_a_narrow_column_is_widened_to_its_longest_header_word() -> None:
    table = Table("t", ((head("三级|指标"), head("偏差原因|分析及|改进措施"), head("说明")),
                        (cell("数量指标"), cell(), cell("一段很长的说明文字" * 8, align="left"))),
                  widths=(0.2, 0.6, 10.0), header_rows=1)
    fitted = fit_tables([table])[0]
    assert isinstance(fitted, Table)
    first, second, third = fitted.widths
    size = FONT_PT["table"]
    assert first >= 4 * size + CELL_PADDING_PT  # 数量指标 whole (a four-character phrase)
    assert second >= 4 * size + CELL_PADDING_PT  # 改进措施 whole
    assert third > 300  # the text column keeps the rest
    assert [c.text for c in fitted.rows[0]][:2] == ["三级指标", "偏差原因\n分析及\n改进措施"]


def test_the_width_comes_first_from_columns_with_room() -> None:
    """A column whose figures are short gives up its width before a text column does."""
    table = Table("t", ((head("一级|指标"), head("分值"), head("说明")),
                        (cell("产出指标"), cell("10"), cell("说明文字" * 30, align="left"))),
                  widths=(0.1, 3.0, 3.0))
    fitted = fit_tables([table])[0]
    assert isinstance(fitted, Table)
    first, points, text = fitted.widths
    assert first >= 4 * FONT_PT["table"] + CELL_PADDING_PT
    assert text == pytest.approx(TABLE_WIDTH_PT * 3.0 / 6.1, abs=0.01)  # untouched
    assert points == pytest.approx(TABLE_WIDTH_PT - first - text, abs=0.02)


def test_a_break_never_goes_into_the_units_text() -> None:
    """A header that starts with a stated word (区级) is broken in the template wording only."""
    header = head(stated("区级"), "预算|部门|（单位）|名称", cs=2)
    table = Table("t", ((header, cell("某单位")),), widths=(0.6, 0.6, 8.0))
    fitted = fit_tables([Paragraph(inline("x")), table])[1]
    assert isinstance(fitted, Table)
    segs = fitted.rows[0][0].segs
    assert segs[0].text == "区级" and "\n" in fitted.rows[0][0].text
    assert all("\n" not in s.text for s in segs if s.kind.value != "text")


def test_joined_tables_share_one_grid() -> None:
    upper = Table("a", ((head("年度|资金|总额"), cell("1")),), widths=(0.2, 5.0))
    lower = Table("b", ((head("一级|指标"), cell("2")),), widths=(0.2, 5.0), joined=True)
    a, b = fit_tables([upper, lower])
    assert isinstance(a, Table) and isinstance(b, Table)
    assert a.widths == b.widths


def test_content_words() -> None:
    assert content_words("产出指标（40分）") == ["产出指标", "（40分）"]
    assert content_words("100.00%") == ["100.00%"]
    assert content_words("社会效益指标") == ["社会效益指标"]  # a known word of any length
    assert content_words("可持续影响指标（10分）") == ["可持续影响指标", "（10分）"]
    assert content_words("服务对象满意度指标") == ["服务对象", "满意度指标"]  # a compound keeps its parts
    assert content_words("对维护基建市场公平的影响程度") == list("对维护基建市场公平的影响程度")
    assert content_words("机关福利、办公支出") == ["机关福利、", "办公支出"]
    assert content_words("满意度指标，其他") == ["满意度指标，", "其他"]  # no line starts with “，”


def test_the_known_words_are_data() -> None:
    words = known_words()
    for word in ("产出指标", "效益指标", "满意度指标", "可持续影响指标", "成本指标", "数量指标", "质量指标",
                 "时效指标", "经济效益指标", "社会效益指标", "生态效益指标", "服务对象满意度指标"):
        assert word in words
    assert [len(w) for w in words] == sorted((len(w) for w in words), reverse=True)  # longest first


def _label_table(*label: Seg | str | None) -> Table:
    """A label column beside a text column whose header word leaves it about six characters."""
    return Table("t", ((head("一级|指标"), head("说明" * 17)), (cell(*label), cell("文字"))), widths=(1.0, 5.0))


def test_a_label_the_page_cannot_hold_is_broken_before_its_points() -> None:
    """The header leaves the label column about six characters: 满意度指标 whole, （10分） on the next line."""
    label = (stated("满意度指标"), "（", Seg("10", SegKind.FIGURE, value=Decimal(10)), "分）")
    fitted = fit_tables([_label_table(*label)])[0]
    assert isinstance(fitted, Table)
    size = FONT_PT["table"]
    assert fitted.widths[0] >= 5 * size + CELL_PADDING_PT  # the firm piece whole
    assert fitted.widths[0] < 9.1 * size + CELL_PADDING_PT  # not the whole label
    segs = fitted.rows[1][0].segs
    assert fitted.rows[1][0].text == "满意度指标\n（10分）"
    assert segs[0] == stated("满意度指标")  # the unit's words untouched


def test_a_stated_compound_is_split_between_its_words_only() -> None:
    fitted = fit_tables([_label_table(stated("服务对象满意度指标"))])[0]
    assert isinstance(fitted, Table)
    segs = fitted.rows[1][0].segs
    assert [s.text for s in segs] == ["服务对象", "\n", "满意度指标"]
    assert [s.kind for s in segs] == [SegKind.INPUT, SegKind.TEXT, SegKind.INPUT]


@given(st.lists(st.sampled_from(["可持续影响指标", "满意度指标", "（10分）", "对", "维护", "、", "12.5", "服务对象满意度指标"]),
                min_size=1, max_size=8), st.floats(min_value=0.5, max_value=4.0))
def test_content_breaks_keep_every_character_and_every_word(parts: list[str], width: float) -> None:
    """Whatever the column, a content cell gets line breaks between its pieces only and keeps
    the unit's characters in their segments."""
    text = "".join(parts)
    table = Table("t", ((cell(stated(text)), cell("文字")),), widths=(width, 10.0))
    got = fit_tables([table])[0]
    assert isinstance(got, Table)
    fitted = got.rows[0][0]
    assert fitted.text.replace("\n", "") == text
    assert all(s.kind is SegKind.TEXT for s in fitted.segs if "\n" in s.text)
    starts = {p.start for p in content_pieces(text)}
    breaks = {i - n for n, i in enumerate(i for i, ch in enumerate(fitted.text) if ch == "\n")}
    assert breaks <= starts


def test_no_known_word_is_broken_in_the_view(documents: dict[str, ReportDocument]) -> None:
    """Every known word of a table cell fits its column on one line (the page holds them
    in every example and fixture) and no line break of the view falls inside one."""
    words = known_words()
    for name, doc in documents.items():
        for table in doc.tables():
            total = sum(table.widths)
            size = FONT_PT[table.font]
            for _r, c, placed in table.grid():
                if placed.header or placed.vertical:
                    continue
                usable = (TABLE_WIDTH_PT * sum(table.widths[c:c + placed.colspan]) / total - CELL_PADDING_PT) / size
                for line in placed.text.split("\n"):
                    for piece in content_pieces(line):
                        if piece.kind is PieceKind.WORD:
                            assert em_width(piece.text) <= usable + 0.01, f"{name} {table.key}：{piece.text}"
                joined = placed.text.replace("\n", "")
                for word in words:
                    if word in joined:
                        assert any(word in line or _compound_parts_whole(word, placed.text) for line in
                                   placed.text.split("\n")), f"{name} {table.key}：{placed.text!r}"


def _compound_parts_whole(word: str, text: str) -> bool:
    """A compound (服务对象满意度指标) broken between its words."""
    parts = [p.text for p in content_pieces(word)]
    lines = text.split("\n")
    return len(parts) > 1 and all(any(p in line for line in lines) for p in parts)


def test_break_at_words() -> None:
    assert break_at_words("年度|预算|申请|（万元）", 4) == "年度预算\n申请\n（万元）"
    assert break_at_words("偏差原因|分析及|改进措施", 8) == "偏差原因分析及\n改进措施"
    assert break_at_words("预算投资（万元）", 5) == "预算投资\n（万元）"  # phrases without marks
    assert break_at_words("三级|指标", 4) == "三级指标"


_WORDS = st.lists(st.text(alphabet="指标年度预算执行率（）1%", min_size=1, max_size=5), min_size=1, max_size=8)


@given(_WORDS, st.floats(min_value=1, max_value=12))
def test_break_lines_keeps_words_whole_in_the_fewest_lines(words: list[str], usable: float) -> None:
    lines = break_lines(words, usable)
    assert "".join(lines) == "".join(words)
    boundaries = {sum(len(w) for w in words[:i]) for i in range(len(words) + 1)}
    assert {sum(len(line) for line in lines[:i]) for i in range(len(lines) + 1)} <= boundaries
    for line in lines:
        assert em_width(line) <= usable + 1e-9 or line in words
    greedy = 1
    current = 0.0
    for w in words:  # filling each line as far as it goes needs the fewest lines
        width = em_width(w)
        if current and current + width > usable:
            greedy += 1
            current = 0.0
        current += width
    assert len(lines) == greedy


# --- as LibreOffice and WeasyPrint set them ---------------------------------------------

def _attachment_words(pdf: Path, *, from_start: bool = False) -> set[str]:
    """The words of the pages from the first attachment on (or of every page)."""
    import pdfplumber

    words: set[str] = set()
    with pdfplumber.open(pdf) as doc:
        started = from_start
        for page in doc.pages:
            started = started or (page.extract_text() or "").lstrip().startswith("附件")
            if started:
                words |= {str(w["text"]).replace(" ", "") for w in page.extract_words()}
    return words


def _unbroken(doc: ReportDocument, words: set[str]) -> list[str]:
    """Header lines of the view that the PDF does not show whole on one line."""
    return [line for _t, _w, text in _header_cells(doc) for line in text.split("\n")
            if line.strip() and line.replace(" ", "") not in words]


@pytest.fixture(scope="module")
def libreoffice_pdfs(documents: dict[str, ReportDocument],
                     tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    from jixiao.writers.fonts import fontconfig_file
    from jixiao.writers.report.docx import to_docx

    tmp = tmp_path_factory.mktemp("headers")
    names = [p.stem for p in EXAMPLES]
    for name in names:
        (tmp / f"{name}.docx").write_bytes(to_docx(documents[name]))
    env = {"FONTCONFIG_FILE": str(fontconfig_file()), "HOME": str(tmp), "PATH": os.environ.get("PATH", "")}
    run = subprocess.run(["soffice", f"-env:UserInstallation={(tmp / 'lo').as_uri()}", "--headless", "--convert-to",
                          "pdf", "--outdir", str(tmp), *(str(tmp / f"{n}.docx") for n in names)],
                         env=env, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    return {name: tmp / f"{name}.pdf" for name in names}


def test_libreoffice_breaks_no_header_line_again(documents: dict[str, ReportDocument],
                                                 libreoffice_pdfs: dict[str, Path]) -> None:
    for name, pdf in libreoffice_pdfs.items():
        assert _unbroken(documents[name], _attachment_words(pdf)) == [], name


def _attachment_chunks(pdf: Path, *, from_start: bool = False) -> list[str]:
    """The text chunks of the pages from the first attachment on (or of every page): a
    cell's line each."""
    import pdfplumber

    chunks: list[str] = []
    with pdfplumber.open(pdf) as doc:
        started = from_start
        for page in doc.pages:
            started = started or (page.extract_text() or "").lstrip().startswith("附件")
            if started:
                chunks += [str(w["text"]).replace(" ", "") for w in page.extract_words()]
    return chunks


def test_libreoffice_breaks_no_known_word(documents: dict[str, ReportDocument],
                                          libreoffice_pdfs: dict[str, Path]) -> None:
    """Every known word of a table cell (可持续影响指标, 满意度指标, a compound's parts) is
    printed whole on one line: the printed lines hold each at least as often as the cells do."""
    for name, pdf in libreoffice_pdfs.items():
        assert _broken_known_words([documents[name]], _attachment_chunks(pdf)) == {}, name


def _broken_known_words(docs: list[ReportDocument], chunks: list[str]) -> dict[str, tuple[int, int]]:
    """Known words of the documents' table cells that the printed lines hold fewer times than
    the cells do: (in the cells, printed)."""
    in_cells = Counter(piece.text for doc in docs for table in doc.tables() for _r, _c, placed in table.grid()
                       if not placed.header for piece in content_pieces(placed.text) if piece.kind is PieceKind.WORD)
    assert in_cells  # every set of examples has indicator tables
    printed = {word: sum(chunk.count(word) for chunk in chunks) for word in in_cells}
    return {word: (n, printed[word]) for word, n in in_cells.items() if printed[word] < n}


def test_weasyprint_breaks_no_header_line_again(documents: dict[str, ReportDocument], tmp_path: Path) -> None:
    """The tables of every example set in one PDF (the body holds no table; one WeasyPrint
    run keeps the test quick)."""
    from dataclasses import replace

    from jixiao.writers.report.pdf import to_pdf
    from jixiao.writers.report.view import Block, PageBreak

    docs = [documents[path.stem] for path in EXAMPLES]
    blocks: list[Block] = []
    for doc in docs:
        blocks += [PageBreak(), *(b for b in doc.blocks if isinstance(b, Table))]
    pdf = tmp_path / "tables.pdf"
    pdf.write_bytes(to_pdf(replace(docs[0], blocks=tuple(blocks[1:]))))
    words = _attachment_words(pdf, from_start=True)
    for path, doc in zip(EXAMPLES, docs, strict=True):
        assert _unbroken(doc, words) == [], path.stem
    assert _broken_known_words(docs, _attachment_chunks(pdf, from_start=True)) == {}
