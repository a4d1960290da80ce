"""The fill-in template: its layout, its protection and validation, reading it back,
and the round trip reference YAML → filled template → the same facts."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.model.overall import OverallEvaluation
from jixiao.readers.load import load_bytes
from jixiao.reconcile.resolution import resolve
from jixiao.workbook import layout as L
from jixiao.writers.xlsx.template import write_template
from tests.xlsx_helpers import (
    PROJECT,
    REFERENCE,
    blank_template,
    codes,
    edit,
    evaluated,
    facts_by_concept,
    filled_template,
    framework,
    half_unit,
    read,
)


def row_of(ws: Worksheet, label: str, col: int = 1) -> int:
    for row in ws.iter_rows(min_col=col, max_col=col):
        cell = row[0]
        if isinstance(cell.value, str) and cell.value.strip() == label:
            return cell.row
    raise AssertionError(f"{label} not in {ws.title}")


def test_blank_overall_template_layout() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(blank_template()))
    assert wb.sheetnames == [L.INSTRUCTIONS, L.UNIT_SHEET, L.FUNDS_SHEET, L.PROJECTS_SHEET, L.CONTROL_SHEET,
                             L.INDICATORS_SHEET, L.NARRATIVE_SHEET, L.META_SHEET]
    assert wb[L.META_SHEET].sheet_state == "veryHidden"
    funds = wb[L.FUNDS_SHEET]
    assert funds.protection.sheet and funds.protection.insertRows is False  # False = allowed
    r = row_of(funds, "年初预算数")
    value = funds.cell(r, 2)
    assert value.protection.locked is False and value.fill.fgColor.rgb.endswith("FFF2CC")
    assert value.font.name == "仿宋"
    rate = funds.cell(row_of(funds, "预算执行率"), 2)
    assert str(rate.value).startswith("=IF(") and rate.protection.locked is True
    kinds = {dv.type for dv in funds.data_validations.dataValidation}
    assert "decimal" in kinds
    assert funds.cell(row_of(funds, "执行率分值"), 2).value == 10  # from the framework
    indicators = wb[L.INDICATORS_SHEET]
    natures = [dv for dv in indicators.data_validations.dataValidation if dv.type == "list"]
    assert natures and "定性" in natures[0].formula1
    categories = {indicators.cell(r, 1).value: indicators.cell(r, 8).value for r in range(4, indicators.max_row + 1)
                  if indicators.cell(r, 1).value}
    total = categories.pop("总分")
    assert categories == {"产出指标": 40, "效益指标": 20, "满意度指标": 10, "成本指标": 20}
    # 总分 = the execution-rate points (资金!B8, 执行率分值) + every 三级指标's points
    assert total == "=N('资金'!B8)+SUMIF(C4:C29,\"<>\",H4:H29)"
    assert indicators.page_setup.paperSize == 9


def test_blank_template_reads_back_without_errors() -> None:
    loaded = read(blank_template(), "template.xlsx")
    assert loaded.evaluation is not None and loaded.format == "xlsx"
    assert loaded.evaluation.kind == "overall" and loaded.evaluation.framework == "hunan-overall"
    assert not [f for f in loaded.findings if f.level.value == "error"]


def test_project_template_layout_and_reading() -> None:
    data = blank_template("sichuan-project")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames[:5] == [L.INSTRUCTIONS, L.PROJECT_INFO_SHEET, L.FUNDS_SHEET, L.INDICATORS_SHEET,
                                 L.NARRATIVE_SHEET]
    funds = wb[L.FUNDS_SHEET]
    sources = [funds.cell(r, 1).value for r in range(5, 10)]
    assert sources[:4] == ["年度资金总额", "其中：财政资金", "财政专户管理资金", "单位资金"]
    loaded = read(data)
    assert loaded.evaluation is not None and loaded.evaluation.kind == "project"


def _resolved_matches(concept: str, fact_value: Decimal, decimals: int, resolved_value: Decimal,
                      resolved_decimals: int) -> bool:
    return fact_value == resolved_value and decimals == resolved_decimals


def test_reference_round_trip_through_the_filled_template() -> None:
    """Every quantity the template has a cell for comes back as the one resolved value;
    where the reference disagrees with itself a finding names the value chosen."""
    loaded, result = evaluated()
    assert loaded.evaluation is not None and result.resolution is not None
    data, fill_findings = filled_template()
    back = read(data, "filled.xlsx")
    assert back.evaluation is not None
    assert not [f for f in back.findings if f.code.startswith("input.")]
    original = facts_by_concept(loaded.evaluation.facts)
    returned = facts_by_concept(back.evaluation.facts)
    missing = set(original) - set(returned)
    assert not missing, missing
    derived = {"staff.control_rate", "expenditure.project.initial", "projects.count", "total.weight", "total.score"}
    for concept, facts in original.items():
        got = returned[concept]
        assert len(got) == 1, concept  # one cell per quantity
        fact = got[0]
        resolved = result.resolution.get(concept)
        assert resolved is not None
        if concept in derived:  # a formula: consistent with what the reference states
            assert all(abs(f.value - fact.value) <= half_unit(min(f.decimals, fact.decimals)) for f in facts)
            continue
        assert (fact.value, fact.decimals, fact.unit) == (resolved.value, resolved.decimals, resolved.unit), concept
    # The three quantities the reference states with different values (or a unit slip):
    duplicates = [f for f in fill_findings if f.code == "input.resolved-duplicate"]
    assert len(duplicates) == 3
    text = "\n".join(f.message for f in duplicates)
    assert "88.18万元" in text and "63.72万元" in text and "42.82万元" in text
    assert {loc.render() for f in duplicates for loc in f.locations if loc.sheet} == \
        {"filled.xlsx[经费控制!D10]", "filled.xlsx[经费控制!D15]", "filled.xlsx[项目!E6]"}
    assert "input.template-omitted" not in codes(fill_findings)
    assert "input.template-computed" not in codes(fill_findings)


def test_text_fields_round_trip() -> None:
    loaded, _ = evaluated()
    back = read(filled_template()[0]).evaluation
    ev = loaded.evaluation
    assert isinstance(ev, OverallEvaluation) and isinstance(back, OverallEvaluation)
    assert back.unit == ev.unit
    assert ev.report is not None and back.report is not None
    assert back.report.problems is not None and ev.report.problems is not None
    assert back.report.problems.value == ev.report.problems.value
    assert back.report.profile is not None and ev.report.profile is not None
    assert back.report.profile.functions.value == ev.report.profile.functions.value  # type: ignore[union-attr]
    assert back.self_evaluation is not None and ev.self_evaluation is not None
    ours = [(c.name, g.name, i.name, i.target.text if i.target else None, i.actual.text if i.actual else None)
            for c in back.self_evaluation.indicators for g in c.groups for i in g.items]
    theirs = [(c.name, g.name, i.name, i.target.text if i.target else None, i.actual.text if i.actual else None)
              for c in ev.self_evaluation.indicators for g in c.groups for i in g.items]
    assert ours == theirs


def test_findings_point_to_cells() -> None:
    back = read(filled_template()[0], "filled.xlsx")
    from jixiao.engine import evaluate

    assert back.evaluation is not None
    result = evaluate(back.evaluation)
    reason = [f for f in result.findings if f.code == "score.reason-missing"]
    assert reason and reason[0].locations[0].render() == "filled.xlsx[绩效指标!I18]"


def test_project_round_trip_through_the_filled_template() -> None:
    loaded, _ = evaluated(PROJECT)
    data, fill_findings = filled_template(PROJECT)
    assert fill_findings == ()
    back = read(data)
    assert back.evaluation is not None and back.evaluation.kind == "project"
    original = facts_by_concept(loaded.evaluation.facts)  # type: ignore[union-attr]
    returned = facts_by_concept(back.evaluation.facts)
    for concept, facts in original.items():
        assert [(f.value, f.decimals, f.unit) for f in returned[concept]] == \
            [(f.value, f.decimals, f.unit) for f in facts[:1]], concept


def _fill_like_a_person(wb: openpyxl.Workbook) -> None:
    unit = wb[L.UNIT_SHEET]
    unit.cell(row_of(unit, "单位名称"), 2).value = "某某县财政局"
    unit.cell(row_of(unit, "年度"), 2).value = 2024
    unit.cell(row_of(unit, "编制数"), 2).value = 20
    unit.cell(row_of(unit, "实际在职人数"), 2).value = 18
    funds = wb[L.FUNDS_SHEET]
    funds.cell(row_of(funds, "年初预算数"), 2).value = 500
    funds.cell(row_of(funds, "全年预算数"), 2).value = 520.5
    funds.cell(row_of(funds, "全年执行数"), 2).value = 510.25
    funds.cell(row_of(funds, "执行率自评得分"), 2).value = 9.8
    projects = wb[L.PROJECTS_SHEET]
    projects.insert_rows(5)  # a person inserts a row inside the table
    for r, (name, initial, final) in enumerate((("信息化建设", 100, 98.5), ("业务培训", 20, 20)), start=4):
        projects.cell(r, 1).value = name
        projects.cell(r, 2).value = initial
        projects.cell(r, 5).value = final
    indicators = wb[L.INDICATORS_SHEET]
    r = row_of(indicators, "数量指标", col=2)
    for col, value in zip((3, 4, 5, 6, 7, 8, 9), ("培训人次", "≥", "人次", 200, 230, 10, 10), strict=True):
        indicators.cell(r, col).value = value
    r2 = row_of(indicators, "质量指标", col=2)
    for col, value in zip((3, 4, 5, 6, 7, 8, 9), ("验收合格率", "=", "%", 100, 100, 10, 8), strict=True):
        indicators.cell(r2, col).value = value


def test_a_person_fills_the_blank_template_with_another_program() -> None:
    """openpyxl saves no formula results, inserts rows and keeps the layout: the
    template is read by labels, so everything still lands where it belongs."""
    data = edit(blank_template(), _fill_like_a_person)
    loaded = load_bytes(data, "填好的.xlsx")
    ev = loaded.evaluation
    assert isinstance(ev, OverallEvaluation)
    assert ev.unit is not None and (ev.unit.name, ev.unit.year) == ("某某县财政局", 2024)
    facts = {f.concept: f for f in ev.facts}
    assert facts["funds.total.full_year"].text == "520.50"  # the cell shows two places
    assert facts["funds.total.final"].location.render() == "填好的.xlsx[资金!B6]"
    assert facts["project.信息化建设.final"].text == "98.50"
    assert facts["staff.in_service"].value == 18
    assert ev.self_evaluation is not None
    items = {i.name: i for c in ev.self_evaluation.indicators for g in c.groups for i in g.items}
    assert items["培训人次"].target is not None and items["培训人次"].target.text == "≥200人次"
    assert items["培训人次"].actual is not None and items["培训人次"].actual.text == "230人次"
    assert items["验收合格率"].target is not None and items["验收合格率"].target.text == "=100%"
    assert items["验收合格率"].nature == "="
    from jixiao.engine import evaluate

    result = evaluate(ev)
    assert "score.reason-missing" in codes(result.findings)  # 10 → 8 without a reason


def test_input_template_computed_triggered() -> None:
    """A stated control rate the template's formula cannot reproduce is reported."""
    text = REFERENCE.read_text(encoding="utf-8").replace("control_rate: 111%", "control_rate: 120%")
    loaded = load_bytes(text.encode(), "changed.yaml")
    assert loaded.evaluation is not None
    _data, findings = write_template(framework("hunan-overall"), evaluation=loaded.evaluation,
                                     resolution=resolve(loaded.evaluation.facts), target="t.xlsx")
    computed = [f for f in findings if f.code == "input.template-computed"]
    assert len(computed) == 1 and "120%" in computed[0].message and "111.11%" in computed[0].message


def test_input_template_omitted_triggered() -> None:
    text = REFERENCE.read_text(encoding="utf-8").replace(
        "  problems: |-", "  breakdowns:\n    - label: 培训费\n      total: 12.5\n  problems: |-", 1)
    loaded = load_bytes(text.encode(), "changed.yaml")
    assert loaded.evaluation is not None
    _data, findings = write_template(framework("hunan-overall"), evaluation=loaded.evaluation,
                                     resolution=resolve(loaded.evaluation.facts), target="t.xlsx")
    omitted = [f for f in findings if f.code == "input.template-omitted"]
    assert len(omitted) == 1 and "12.5" in omitted[0].message


def test_input_resolved_duplicate_not_triggered() -> None:
    _data, findings = filled_template(PROJECT)
    assert "input.resolved-duplicate" not in codes(findings)


def test_input_resolved_duplicate_triggered() -> None:
    _data, findings = filled_template()
    duplicates = [f for f in findings if f.code == "input.resolved-duplicate"]
    public = next(f for f in duplicates if "公用经费" in f.message)
    assert public.stated == "63.73" and public.expected == "63.72"
    assert [loc.render() for loc in public.locations][-1] == "filled.xlsx[经费控制!D15]"


def test_input_template_computed_not_triggered() -> None:
    assert "input.template-computed" not in codes(filled_template()[1])  # 111% agrees with 111.11%


def test_input_template_omitted_not_triggered() -> None:
    assert "input.template-omitted" not in codes(filled_template()[1])
    assert "input.template-omitted" not in codes(filled_template(PROJECT)[1])
