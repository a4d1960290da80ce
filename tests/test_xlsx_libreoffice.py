"""LibreOffice recalculates every formula of the workbooks jixiao writes and gets
the cached results jixiao stored; after a person edits a figure, the rates and
totals follow. One (slow) conversion run for all workbooks."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from jixiao.readers.load import load_path
from tests.xlsx_helpers import PROJECT, attachments, blank_template, edit, filled_template

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")

# Recalculate on load even files that carry cached results (LibreOffice's default for
# OOXML is to trust them, which would make this test unable to fail).
_RECALC = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def _sentinel() -> bytes:
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = wb.add_worksheet("S")
    ws.write_number("A1", 2)
    ws.write_formula("B1", "=A1+1", None, 99)  # a wrong cached value on purpose
    wb.close()
    return out.getvalue()


def _edited(data: bytes) -> bytes:
    def change(wb: openpyxl.Workbook) -> None:
        wb["附件2"]["D5"] = 27  # 在职人数 30 → 27: 控制率 100%
        wb["附件3"]["E6"] = 850.19  # 全年执行数 = 全年预算数: 执行率 100%
        wb["附件3"]["H29"] = 20  # 成本指标 19 → 20: 总分 98
    return edit(data, change)


def _values(path: Path) -> dict[tuple[str, str], object]:
    wb = openpyxl.load_workbook(path, data_only=True)
    return {(ws.title, c.coordinate): c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}


def _formulas(data: bytes) -> list[tuple[str, str]]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return [(ws.title, c.coordinate) for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and c.value.startswith("=")]


def _same(a: object, b: object) -> bool:
    a = None if a == "" else a
    b = None if b == "" else b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) < 1e-9
    return a == b


def test_libreoffice_recalculates_to_the_cached_results(tmp_path: Path) -> None:
    books = {
        "sentinel.xlsx": _sentinel(),
        "attachments.xlsx": attachments(),
        "project.xlsx": attachments(PROJECT),
        "filled.xlsx": filled_template()[0],
        "blank.xlsx": blank_template(),
        "edited.xlsx": _edited(attachments()),
    }
    for name, data in books.items():
        (tmp_path / name).write_bytes(data)
    profile = tmp_path / f"lo_xlsx_{os.getpid()}"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_RECALC, encoding="utf-8")
    out = tmp_path / "out"
    run = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "xlsx",
         "--outdir", str(out), *(str(tmp_path / n) for n in books)],
        capture_output=True, text=True, timeout=180, check=False)
    assert run.returncode == 0, run.stderr
    assert _values(out / "sentinel.xlsx")[("S", "B1")] == 3  # LibreOffice did recalculate
    checked = 0
    for name in ("attachments.xlsx", "project.xlsx", "filled.xlsx", "blank.xlsx"):
        data = books[name]
        cached = _values(tmp_path / name)
        recalculated = _values(out / name)
        for key in _formulas(data):
            assert _same(cached.get(key), recalculated.get(key)), (name, key, cached.get(key), recalculated.get(key))
            checked += 1
    assert checked > 100
    # A workbook saved by LibreOffice (its own XML, styles and shared strings) reads
    # back to the same facts as the one jixiao wrote.
    for name in ("attachments.xlsx", "filled.xlsx", "project.xlsx"):
        ours = load_path(tmp_path / name)
        theirs = load_path(out / name)
        assert ours.evaluation is not None and theirs.evaluation is not None
        assert [(f.concept, f.text, f.unit) for f in theirs.evaluation.facts] == \
            [(f.concept, f.text, f.unit) for f in ours.evaluation.facts], name
    edited = _values(out / "edited.xlsx")
    assert edited[("附件2", "F5")] == 1
    assert edited[("附件3", "G6")] == 1
    total_row = next(r for (sheet, cell), v in edited.items() if sheet == "附件3" and v == "总分"
                     for r in [cell[1:]])
    assert edited[("附件3", f"H{total_row}")] == 98
