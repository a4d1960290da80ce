"""The attached tables workbook: official layout, live formulas with cached results,
the findings sheet, and reading it back to the same facts."""

from __future__ import annotations

import io

import openpyxl

from jixiao.workbook import attachment_layout as A
from tests.snapshots import assert_snapshot
from tests.xlsx_helpers import PROJECT, attachments, dump, evaluated, facts_by_concept, half_unit, read

ATTACHED = {"基础数据表", "自评表"}


def test_sheets_layout_and_print_setup() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(attachments()))
    assert wb.sheetnames[:3] == [A.BASIC_SHEET, A.SELF_SHEET, A.FINDINGS_SHEET]
    basic = wb[A.BASIC_SHEET]
    assert basic["A1"].value == "附件2"
    assert basic["A2"].value == "2023年度部门（单位）整体支出绩效评价基础数据表"
    assert basic["A3"].value == "单位：万元"
    assert "A2:G2" in {str(m) for m in basic.merged_cells.ranges}
    assert basic["A2"].font.name == "仿宋" and basic["A2"].font.bold
    assert basic["A6"].border.left.style == "thin"
    assert basic.page_setup.paperSize == 9 and basic.sheet_properties.pageSetUpPr.fitToPage
    assert basic.column_dimensions["A"].width > 30
    self_eval = wb[A.SELF_SHEET]
    last = max(r for r in range(1, self_eval.max_row + 1) if self_eval.cell(r, 1).value)
    assert str(self_eval.cell(last, 1).value).startswith("填表人：")


def test_derived_cells_are_formulas_with_cached_results() -> None:
    data = attachments()
    formulas = openpyxl.load_workbook(io.BytesIO(data))
    cached = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    basic, basic_values = formulas[A.BASIC_SHEET], cached[A.BASIC_SHEET]
    assert basic["F5"].value == '=IF(OR(N(B5)=0,COUNT(D5)=0),"",D5/B5)'  # 控制率 = 在职 ÷ 编制
    assert abs(basic_values["F5"].value - 30 / 27) < 1e-12
    assert basic["B7"].value.startswith("=IF(COUNT(")  # 三公经费 = Σ its parts
    self_eval, self_values = formulas[A.SELF_SHEET], cached[A.SELF_SHEET]
    assert self_eval["G6"].value == '=IF(OR(N(D6)=0,COUNT(E6)=0),"",E6/D6)'  # 执行率
    assert abs(self_values["G6"].value - 841.25 / 850.19) < 1e-12
    total_row = next(r for r in range(1, self_eval.max_row + 1) if self_eval.cell(r, 1).value == "总分")
    assert self_eval.cell(total_row, 7).value.startswith("=N(F6)+SUM(")
    assert self_values.cell(total_row, 7).value == 100 and self_values.cell(total_row, 8).value == 97
    count = sum(1 for ws in formulas.worksheets for row in ws.iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith("="))
    assert count >= 12


def test_findings_sheet_lists_every_finding_with_places() -> None:
    loaded, result = evaluated()
    wb = openpyxl.load_workbook(io.BytesIO(attachments()))
    ws = wb[A.FINDINGS_SHEET]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert len(rows) == len(loaded.findings) + len(result.findings)
    by_code = {r[2]: r for r in rows}
    public = next(r for r in rows if r[2] == "dup.conflict" and "公用经费" in r[3])
    assert "reference-lusong-2023.yaml:155:14" in public[4]
    # the cell that shows the 63.73 of 附件2, linked (a HYPERLINK formula, one cell a line)
    assert public[5] == '=HYPERLINK("#\'附件2\'!F18","附件2!F18")'
    several = [r[5] for r in rows if isinstance(r[5], str) and "CHAR(10)" in r[5]]
    assert several, "a finding in several cells lists one cell a line"
    assert "score.reason-missing" in by_code


def test_reference_attachments_read_back_to_the_same_facts() -> None:
    loaded, _ = evaluated()
    back = read(attachments(), "附表.xlsx")
    assert back.evaluation is not None and back.evaluation.kind == "overall"
    assert not [f for f in back.findings if f.code.startswith("input.")]
    original = facts_by_concept(loaded.evaluation.facts, ATTACHED)  # type: ignore[union-attr]
    returned = facts_by_concept(back.evaluation.facts, ATTACHED)
    assert set(original) == set(returned)
    for concept, facts in original.items():
        got = [(f.value, f.decimals, f.unit) for f in returned[concept]]
        want = [(f.value, f.decimals, f.unit) for f in facts]
        if concept == "staff.control_rate":  # a formula: 111.11% is what 111% rounds from
            assert abs(returned[concept][0].value - facts[0].value) <= half_unit(facts[0].decimals)
            continue
        assert got == want, concept
    ev = back.evaluation
    assert ev.unit is not None and ev.unit.name == "中国人民政治协商会议湖南省株洲市芦淞区委员会"
    assert ev.unit.year == 2023 and ev.unit.level == "区级"


def test_project_attachments_read_back_to_the_same_facts() -> None:
    loaded, _ = evaluated(PROJECT)
    data = attachments(PROJECT)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames[:2] == [A.PROJECT_SHEET, A.FINDINGS_SHEET]
    back = read(data)
    assert back.evaluation is not None and back.evaluation.kind == "project"
    original = facts_by_concept(loaded.evaluation.facts)  # type: ignore[union-attr]
    returned = facts_by_concept(back.evaluation.facts)
    for concept, facts in original.items():
        assert [(f.value, f.decimals, f.unit) for f in returned[concept]] == \
            [(f.value, f.decimals, f.unit) for f in facts], concept
    assert set(returned) - set(original) == {"funds.fiscal.rate"}  # the source row's rate, a formula
    assert back.evaluation.conclusion is not None  # type: ignore[union-attr]


def test_snapshot_reference_attachments() -> None:
    assert_snapshot("xlsx_attachments_reference", dump(attachments()))


def test_snapshot_project_attachments() -> None:
    assert_snapshot("xlsx_attachments_project", dump(attachments(PROJECT)))


def _shown(value: object, number_format: str) -> str:
    """A cached cell value as Excel displays it with its number format (the formats jixiao
    writes: 0.00######## for amounts, 0% / 0.00% for rates)."""
    if value is None or isinstance(value, str):
        return "" if value is None else value
    from decimal import Decimal

    number = Decimal(str(value))
    if number_format.endswith("%"):
        digits = number_format.rstrip("%").partition(".")[2].count("0")
        return f"{number * 100:.{digits}f}%"
    shown_min = number_format.partition(".")[2].count("0")
    text = format(number.normalize(), "f")
    decimals = len(text.partition(".")[2])
    return f"{number:.{max(shown_min, decimals)}f}"


def test_xlsx_and_render_print_the_same_basic_data_table() -> None:
    """`jixiao xlsx` and `jixiao render` agree: each row of 附件2 shows the same figures
    (88.17 and 63.73 as the table states them, 控制率 111%), and the same rows (2、运行维护经费,
    ……, 3、市级专项资金 as the form prints them, —— where the form prints it)."""
    from jixiao.writers.report import build_report

    _, result = evaluated()
    doc = build_report(result)
    table = next(t for t in doc.tables() if t.key == "basic_data")
    rendered = {row[0].replace("\n", "").strip("　 "): [c for c in row[1:] if c] for row in table.matrix() if row[0]}
    cached = openpyxl.load_workbook(io.BytesIO(attachments()), data_only=True)[A.BASIC_SHEET]
    workbook: dict[str, list[str]] = {}
    for r in range(4, cached.max_row + 1):
        label = str(cached.cell(r, 1).value or "").strip("　 ")
        if label:
            workbook[label] = [s for c in (2, 4, 6) if (s := _shown(cached.cell(r, c).value,
                                                                      cached.cell(r, c).number_format))]
    for label in ("三公经费", "3、公务接待", "项目支出：", "1、业务工作经费", "2、运行维护经费", "……",
                  "3、市级专项资金（一个专项一行）", "公用经费", "其中：办公经费", "政府采购金额", "部门基本支出预算调整"):
        assert workbook[label] == rendered[label], label
    assert rendered["项目支出："][-1] == "88.17" and rendered["公用经费"][-1] == "63.73"
    assert rendered["政府采购金额"][0] == "——"
    assert _shown(cached["F5"].value, cached["F5"].number_format) == "111%" == table.matrix()[1][5]
