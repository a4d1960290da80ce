"""Bad workbooks get findings, never tracebacks."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.readers import xlsxbook
from jixiao.readers.load import load_bytes
from jixiao.workbook import layout as L
from tests.xlsx_helpers import attachments, blank_template, codes, edit, filled_template, patch_cell, read


def _plain_workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                ws.write(r, c, value)
    wb.close()
    return out.getvalue()


def test_empty_file() -> None:
    loaded = load_bytes(b"", "空.xlsx")
    assert loaded.evaluation is None and codes(loaded.findings) == ["input.syntax"]
    assert "文件为空" in loaded.findings[0].message


def test_not_a_workbook() -> None:
    loaded = load_bytes("这不是表格".encode(), "假的.xlsx")
    assert loaded.evaluation is None and codes(loaded.findings) == ["input.syntax"]
    assert "不是 Excel 工作簿" in loaded.findings[0].message


def test_old_xls_and_damaged_zip() -> None:
    xls = load_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧.xlsx")
    assert xls.evaluation is None and "另存为 .xlsx" in xls.findings[0].message
    damaged = load_bytes(filled_template()[0][:3000], "坏.xlsx")
    assert damaged.evaluation is None and codes(damaged.findings) == ["input.syntax"]


def test_zip_that_is_not_a_workbook() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "hello")
    loaded = load_bytes(out.getvalue(), "a.xlsx")
    assert loaded.evaluation is None and "xl/workbook.xml" in loaded.findings[0].message


def test_a_workbook_found_by_its_directory_when_its_name_says_nothing() -> None:
    loaded = load_bytes(filled_template()[0], "upload.bin")
    assert loaded.format == "xlsx" and loaded.evaluation is not None


def test_input_workbook_unknown_triggered() -> None:
    loaded = load_bytes(_plain_workbook({"Sheet1": [["姓名", "金额"], ["张三", 12.5]]}), "别的.xlsx")
    assert loaded.evaluation is None and codes(loaded.findings) == ["input.workbook-unknown"]
    assert "Sheet1" in loaded.findings[0].message


def test_input_workbook_unknown_not_triggered() -> None:
    for data in (blank_template(), attachments()):
        assert "input.workbook-unknown" not in codes(read(data).findings)


def test_input_sheet_missing_triggered() -> None:
    def drop(wb: object) -> None:
        wb.remove(wb[L.PROJECTS_SHEET])  # type: ignore[attr-defined,index]

    loaded = read(edit(filled_template()[0], drop), "缺表.xlsx")
    assert loaded.evaluation is not None  # the other sheets are still read
    missing = [f for f in loaded.findings if f.code == "input.sheet-missing"]
    assert len(missing) == 1 and "“项目”" in missing[0].message
    assert any(f.concept == "funds.total.final" for f in loaded.evaluation.facts)


def test_input_sheet_missing_not_triggered() -> None:
    assert "input.sheet-missing" not in codes(read(filled_template()[0]).findings)


def test_input_sheet_renamed_triggered() -> None:
    def rename(wb: object) -> None:
        wb[L.FUNDS_SHEET].title = "2023资金"  # type: ignore[index]

    loaded = read(edit(filled_template()[0], rename), "改名.xlsx")
    renamed = [f for f in loaded.findings if f.code == "input.sheet-renamed"]
    assert len(renamed) == 1 and renamed[0].locations[0].render() == "改名.xlsx[2023资金!A1]"
    assert loaded.evaluation is not None
    final = next(f for f in loaded.evaluation.facts if f.concept == "funds.total.final")
    assert final.text == "841.25" and final.location.sheet == "2023资金"
    assert "input.sheet-missing" not in codes(loaded.findings)


def test_renamed_attachment_sheet_is_found_by_its_title() -> None:
    def rename(wb: object) -> None:
        wb["附件3"].title = "自评表"  # type: ignore[index]

    loaded = read(edit(attachments(), rename))
    assert "input.sheet-renamed" in codes(loaded.findings)
    assert loaded.evaluation is not None and any(f.concept == "funds.total.final" for f in loaded.evaluation.facts)


def test_input_sheet_renamed_not_triggered() -> None:
    assert "input.sheet-renamed" not in codes(read(attachments()).findings)


def test_text_in_number_cells() -> None:
    def type_text(wb: object) -> None:
        ws = wb[L.FUNDS_SHEET]  # type: ignore[index]
        ws["B4"] = "约770万"
        ws["B6"] = "841.25万元"  # a figure with its unit is still a figure

    loaded = read(edit(blank_template(), type_text), "文字.xlsx")
    wrong = [f for f in loaded.findings if f.code == "input.number"]
    assert len(wrong) == 1 and wrong[0].locations[0].render() == "文字.xlsx[资金!B4]"
    assert loaded.evaluation is not None
    final = next(f for f in loaded.evaluation.facts if f.concept == "funds.total.final")
    assert (final.text, final.unit, final.unit_stated) == ("841.25万元", "万元", True)


def test_input_formula_error_triggered() -> None:
    data = patch_cell(filled_template()[0], L.FUNDS_SHEET, "B7",
                      '<c r="B7" s="5" t="e"><f>B6/0</f><v>#DIV/0!</v></c>')
    data = patch_cell(data, L.UNIT_SHEET, "B13",
                      '<c r="B13" t="e"><f>#REF!/B11</f><v>#REF!</v></c>')
    loaded = read(data, "错.xlsx")
    errors = [f for f in loaded.findings if f.code == "input.formula-error"]
    assert {f.locations[0].render() for f in errors} == {"错.xlsx[资金!B7]", "错.xlsx[单位信息!B13]"}
    assert {f.stated for f in errors} == {"#DIV/0!", "#REF!"}
    assert loaded.evaluation is not None
    assert not any(f.concept in ("funds.total.rate", "staff.control_rate") for f in loaded.evaluation.facts)


def test_input_formula_error_not_triggered() -> None:
    assert "input.formula-error" not in codes(read(attachments()).findings)


def test_input_merged_moved_triggered() -> None:
    def merge(wb: object) -> None:
        wb[L.FUNDS_SHEET].merge_cells("A5:B5")  # type: ignore[index]  # 全年预算数 is now under A5

    loaded = read(edit(filled_template()[0], merge), "合并.xlsx")
    moved = [f for f in loaded.findings if f.code == "input.merged-moved"]
    assert len(moved) == 1 and moved[0].locations[0].render() == "合并.xlsx[资金!B5]"
    assert "A5:B5" in moved[0].message


def test_merged_value_cell_moved_in_the_attachments() -> None:
    def merge(wb: object) -> None:
        ws = wb["附件3"]  # type: ignore[index]
        ws.merge_cells("D6:E6")  # 全年执行数 E6 disappears under 全年预算数

    loaded = read(edit(attachments(), merge))
    moved = [f for f in loaded.findings if f.code == "input.merged-moved"]
    assert moved and moved[0].locations[0].cell == "E6"


def test_input_merged_moved_not_triggered() -> None:
    assert "input.merged-moved" not in codes(read(attachments()).findings)
    assert "input.merged-moved" not in codes(read(filled_template()[0]).findings)


def test_very_large_sheet() -> None:
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "constant_memory": True})
    ws = wb.add_worksheet("附件2")
    ws.write(0, 0, "附件2")
    ws.write(1, 0, "2023年度部门（单位）整体支出绩效评价基础数据表")
    for r in range(2, xlsxbook.MAX_ROWS + 500):
        ws.write_number(r, 1, r)
    wb.close()
    loaded = read(out.getvalue(), "大.xlsx")
    large = [f for f in loaded.findings if f.code == "input.too-large"]
    assert large and "20000 行" in large[0].message


def test_oversized_parts_are_not_inflated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsxbook, "MAX_SHEET_BYTES", 10_000)
    loaded = read(filled_template()[0], "大.xlsx")
    large = [f for f in loaded.findings if f.code == "input.too-large"]
    assert large and all(f.locations[0].sheet for f in large)
    assert loaded.evaluation is not None  # the small sheets are read
    monkeypatch.setattr(xlsxbook, "MAX_UNCOMPRESSED", 50_000)
    bomb = read(filled_template()[0], "炸弹.xlsx")
    assert bomb.evaluation is None and codes(bomb.findings) == ["input.too-large"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=40_000), st.integers(min_value=0, max_value=255)),
                min_size=1, max_size=8))
def test_damaged_bytes_never_raise(changes: list[tuple[int, int]]) -> None:
    data = bytearray(attachments())
    for position, value in changes:
        data[position % len(data)] = value
    loaded = load_bytes(bytes(data), "乱.xlsx")
    assert loaded.evaluation is not None or loaded.findings


def test_cli_reports_bad_workbooks_without_traceback(tmp_path: Path) -> None:
    cases = {"空.xlsx": b"", "假.xlsx": "不是表格".encode(),
             "别的.xlsx": _plain_workbook({"Sheet1": [["a"]]})}
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        run = subprocess.run([sys.executable, "-m", "jixiao.cli", "check", str(path)],
                             capture_output=True, text=True, check=False)
        assert run.returncode == 2, (name, run.stdout, run.stderr)
        assert "Traceback" not in run.stderr
        assert "input." in run.stdout + run.stderr


def test_data_in_an_unknown_row_is_reported() -> None:
    def add_row(wb: object) -> None:
        ws = wb[L.FUNDS_SHEET]  # type: ignore[index]
        row = ws.max_row + 2
        ws.cell(row, 1).value = "其他收入"
        ws.cell(row, 2).value = 5

    loaded = read(edit(blank_template(), add_row), "多一行.xlsx")
    unknown = [f for f in loaded.findings if f.code == "input.unknown-key"]
    assert len(unknown) == 1 and "其他收入" in unknown[0].message
    assert unknown[0].locations[0].sheet == L.FUNDS_SHEET
