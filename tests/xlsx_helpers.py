"""Shared fixtures for the Excel tests: the reference evaluation, its filled template
and attached tables, and small tools to damage or inspect a workbook."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from functools import cache
from pathlib import Path

import openpyxl

from jixiao.engine import Result, evaluate
from jixiao.findings import Finding
from jixiao.frameworks.loader import load_framework
from jixiao.frameworks.model import Framework
from jixiao.model.fact import Fact
from jixiao.readers.load import LoadResult, load_bytes
from jixiao.writers.xlsx.attachments import write_attachments
from jixiao.writers.xlsx.template import write_template

ROOT = Path(__file__).parent.parent
REFERENCE = ROOT / "examples" / "reference-lusong-2023.yaml"
PROJECT = ROOT / "tests" / "fixtures" / "project-weituo-2022.yaml"


@cache
def evaluated(path: Path = REFERENCE) -> tuple[LoadResult, Result]:
    # the source is named relative to the repository so snapshots do not depend on the checkout
    loaded = load_bytes(path.read_bytes(), str(path.relative_to(ROOT)))
    assert loaded.evaluation is not None
    return loaded, evaluate(loaded.evaluation)


@cache
def framework(ref: str) -> Framework:
    fw, problems = load_framework(ref)
    assert fw is not None, problems
    return fw


@cache
def filled_template(path: Path = REFERENCE) -> tuple[bytes, tuple[Finding, ...]]:
    loaded, result = evaluated(path)
    assert loaded.evaluation is not None and result.framework is not None
    data, findings = write_template(result.framework, evaluation=loaded.evaluation,
                                    resolution=result.resolution, target="filled.xlsx")
    return data, tuple(findings)


@cache
def attachments(path: Path = REFERENCE) -> bytes:
    loaded, result = evaluated(path)
    findings = sorted(list(loaded.findings) + list(result.findings), key=lambda f: f.sort_key())
    return write_attachments(result, findings, target="附表.xlsx")


@cache
def blank_template(ref: str = "hunan-overall") -> bytes:
    data, findings = write_template(framework(ref), target="template.xlsx")
    assert findings == []
    return data


def read(data: bytes, name: str = "book.xlsx") -> LoadResult:
    return load_bytes(data, name)


def codes(findings: list[Finding] | tuple[Finding, ...]) -> list[str]:
    return [f.code for f in findings]


def facts_by_concept(facts: tuple[Fact, ...], places: set[str] | None = None) -> dict[str, list[Fact]]:
    out: dict[str, list[Fact]] = {}
    for fact in facts:
        if places is None or fact.place in places:
            out.setdefault(fact.concept, []).append(fact)
    return out


def half_unit(decimals: int) -> Decimal:
    return Decimal(5).scaleb(-(decimals + 1))


def edit(data: bytes, change: object) -> bytes:
    """Open with openpyxl (as another program would), apply ``change(workbook)``, save."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    change(wb)  # type: ignore[operator]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def sheet_part(data: bytes, sheet: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        workbook = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet name="{re.escape(sheet)}" sheetId="\d+"(?: state="\w+")? r:id="(rId\d+)"', workbook)
    assert rid, sheet
    target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    assert target
    return "xl/" + (target.group(1) or target.group(2)).lstrip("/").removeprefix("xl/")


def patch_cell(data: bytes, sheet: str, cell: str, xml: str) -> bytes:
    """Replace one cell's XML in a sheet, e.g. to give it an error value."""
    part = sheet_part(data, sheet)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == part:
                text = body.decode()
                pattern = rf'<c r="{cell}"(?: [^>]*)?(?:/>|>.*?</c>)'
                text, n = re.subn(pattern, xml, text, count=1, flags=re.S)
                assert n == 1, f"{cell} not in {part}"
                body = text.encode()
            dst.writestr(info, body)
    return out.getvalue()


def dump(data: bytes) -> str:
    """Every non-empty cell of every visible sheet: value, or formula and cached value;
    then the merged ranges. A readable picture of a workbook for snapshots."""
    formulas = openpyxl.load_workbook(io.BytesIO(data))
    values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    lines: list[str] = []
    for ws in formulas.worksheets:
        if ws.sheet_state != "visible":
            continue
        lines.append(f"== {ws.title}")
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None or cell.value == "":
                    continue
                shown = values[ws.title][cell.coordinate].value
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    lines.append(f"{cell.coordinate} {cell.value} → {shown!r}")
                else:
                    text = str(cell.value).replace("\n", "⏎")
                    if len(text) > 60:
                        text = text[:60] + "…"
                    fmt = f" [{cell.number_format}]" if isinstance(cell.value, (int, float)) \
                        and cell.number_format != "General" else ""
                    lines.append(f"{cell.coordinate} {text}{fmt}")
        merged = sorted(str(m) for m in ws.merged_cells.ranges)
        lines.append("merged: " + " ".join(merged))
    return "\n".join(lines) + "\n"
