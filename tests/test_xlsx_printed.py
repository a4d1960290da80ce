"""The workbooks as LibreOffice prints them (converted to PDF, measured with pdfplumber):
every page keeps its margins (the 填报说明 sheet too), no line of a form is a lone “）” or “，”,
every figure the attached tables state is shown as written (88.17, 83.2, 111%, 1.00); and,
without LibreOffice, no row is collapsed to zero height and every sheet prints on A4 with
margins and fit-to-width."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from tests.xlsx_helpers import PROJECT, REFERENCE, attachments, evaluated, filled_template

BOOKS = {"attachments": lambda: attachments(), "project": lambda: attachments(PROJECT),
         "filled": lambda: filled_template()[0]}
MARGIN = 0.6 * 72  # left and right, in points


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    tmp = tmp_path_factory.mktemp("printed")
    for name, make in BOOKS.items():
        (tmp / f"{name}.xlsx").write_bytes(make())
    profile = tmp / f"lo_{os.getpid()}"
    run = subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                          "pdf", "--outdir", str(tmp), *(str(tmp / f"{n}.xlsx") for n in BOOKS)],
                         capture_output=True, text=True, timeout=180, check=False)
    assert run.returncode == 0, run.stderr
    return {name: tmp / f"{name}.pdf" for name in BOOKS}


def _pages(path: Path) -> list[tuple[float, float, list[dict[str, object]], list[str]]]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [(float(p.width), float(p.height), list(p.chars), [str(w["text"]) for w in p.extract_words()])
                for p in pdf.pages]


def test_every_page_keeps_its_margins(printed: dict[str, Path]) -> None:
    for name, path in printed.items():
        for i, (width, _h, chars, _w) in enumerate(_pages(path), start=1):
            if not chars:
                continue
            left = min(float(c["x0"]) for c in chars)  # type: ignore[arg-type]
            right = width - max(float(c["x1"]) for c in chars)  # type: ignore[arg-type]
            assert left >= MARGIN - 3 and right >= MARGIN - 3, f"{name} 第{i}页：左{left:.0f} 右{right:.0f}"


def test_no_line_is_a_lone_bracket_or_comma(printed: dict[str, Path]) -> None:
    """In the forms' headers and labels (the 核查结果 sheet's prose wraps as prose does)."""
    for name, path in printed.items():
        for i, (_w, _h, _c, words) in enumerate(_pages(path), start=1):
            if any(w.startswith("核查结果") for w in words):
                continue
            lone = [w for w in words if w in (")", "）", "，", ",")]
            assert lone == [], f"{name} 第{i}页"


def test_every_stated_figure_is_shown_as_written(printed: dict[str, Path]) -> None:
    words = {w for page in _pages(printed["attachments"]) for w in page[3]}
    _, result = evaluated(REFERENCE)
    shown = 0
    for fact in result.evaluation.facts:
        if fact.place not in ("基础数据表", "自评表") or "说明中的数字" in fact.label:
            continue
        written = fact.text.strip()
        assert any(w == written or w.endswith(f"（{written}分）") for w in words), f"{fact.label} 写作“{written}”"
        shown += 1
    assert shown > 40
    assert {"88.17", "63.73", "111%", "83.2", "1.00"} <= words
    assert "111.00%" not in words and "111.11%" not in words and "88.18" not in words


@pytest.mark.parametrize("name", BOOKS)
def test_no_collapsed_row_and_a4_print_setup(name: str) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(BOOKS[name]()))
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        for r, dim in ws.row_dimensions.items():
            assert not dim.hidden and (dim.height is None or dim.height >= 12), f"{ws.title} 第{r}行高{dim.height}"
        assert ws.page_setup.paperSize == 9, ws.title
        assert ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.page_margins.left >= 0.5 and ws.page_margins.right >= 0.5, ws.title


def test_the_instructions_sheet_prints_with_margins_fit_to_width() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(filled_template()[0]))
    ws = wb["填报说明"]
    assert ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToHeight == 0
    assert (ws.page_margins.left, ws.page_margins.right) == (0.6, 0.6)
    assert ws.print_area is not None


def test_no_header_is_broken_inside_a_word(printed: dict[str, Path]) -> None:
    """Each line of a header (a bold cell) is printed whole on one line: LibreOffice adds no
    break of its own inside a word (“申请（万／元）”, “偏差原因分析及改／进措施”)."""
    for name, make in BOOKS.items():
        wb = openpyxl.load_workbook(io.BytesIO(make()))
        lines = {line for ws in wb.worksheets if ws.sheet_state == "visible" for row in ws.iter_rows()
                 for c in row if isinstance(c.value, str) and c.font.b and not c.value.startswith("=")
                 for line in c.value.split("\n") if line and " " not in line and len(line) <= 12}
        words = {w for page in _pages(printed[name]) for w in page[3]}
        assert len(lines) > 10
        assert sorted(line for line in lines if line not in words) == [], name
