"""The fill-in template (填报模板): a workbook in Chinese for one unit (or project)
and year, in which finance staff enter the year's data and check it directly.

Yellow cells are inputs (unlocked, with data validation); grey cells are formulas
(locked: rates, totals and checks, each with its cached result). Sheets are
protected without a password, rows may be inserted and deleted, so a unit adds as
many projects and 三级指标 as it needs. Given an evaluation, the same template comes
out filled, one value per quantity (see :mod:`jixiao.writers.xlsx.fill`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from jixiao.findings import Finding
from jixiao.frameworks.model import Framework
from jixiao.model.evaluation import KIND_TITLES, Evaluation, indicator_categories
from jixiao.model.fact import Fact
from jixiao.model.keys import name_key, project_key
from jixiao.model.location import Location
from jixiao.model.overall import OverallEvaluation
from jixiao.model.parts import IndicatorCategory
from jixiao.model.project import ProjectEvaluation
from jixiao.model.sources import fund_source_key
from jixiao.model.text import Text
from jixiao.model.values import IndicatorValue
from jixiao.reconcile.resolution import Resolution
from jixiao.workbook import layout as L
from jixiao.workbook.cells import a1, quote_sheet
from jixiao.writers.xlsx.common import (
    MONEY_FORMAT,
    Styles,
    Written,
    a4,
    cached,
    decimals_format,
    header_lines,
    number_for,
    text_height,
    text_or_number,
    write_meta,
)
from jixiao.writers.xlsx.fill import Figure, Fill

INSTRUCTIONS_WIDTH = 66

_PERCENT = "0.00%"
_HALF_CENT = "0.005"


@dataclass(frozen=True, slots=True)
class _Cell:
    sheet: str
    row: int
    col: int

    def ref(self, here: str) -> str:
        cell = a1(self.row, self.col)
        return cell if here == self.sheet else f"{quote_sheet(self.sheet)}!{cell}"


_VALIDATION: dict[L.FieldKind, dict[str, Any]] = {
    L.FieldKind.MONEY: {"validate": "decimal", "criteria": "between", "minimum": -1e12, "maximum": 1e12,
                        "error_title": "请填数字", "error_message": "这里填金额数字（单位见表头），不带单位和文字。"},
    L.FieldKind.COUNT: {"validate": "decimal", "criteria": ">=", "value": 0,
                        "error_title": "请填数字", "error_message": "这里填人数或个数，不带单位。"},
    L.FieldKind.POINTS: {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100,
                         "error_title": "请填分数", "error_message": "分值和得分为 0 到 100 之间的数字。"},
    L.FieldKind.YEAR: {"validate": "integer", "criteria": "between", "minimum": 2000, "maximum": 2100,
                       "error_title": "请填年度", "error_message": "年度填四位数字，如 2023。"},
}


def write_template(framework: Framework, *, evaluation: Evaluation | None = None,
                   resolution: Resolution | None = None, unit_name: str | None = None,
                   year: int | None = None, target: str = "template.xlsx") -> tuple[bytes, list[Finding]]:
    """The template as XLSX bytes, and the findings of filling it (none when blank)."""
    fill = Fill.of(evaluation, resolution, target) if evaluation is not None else None
    writer = _TemplateWriter(framework, fill, unit_name, year, target)
    data = writer.write()
    findings: list[Finding] = []
    if fill is not None:
        fill.omitted()
        findings = fill.findings
    return data, findings


class _TemplateWriter:
    def __init__(self, framework: Framework, fill: Fill | None, unit_name: str | None, year: int | None,
                 target: str) -> None:
        self.framework = framework
        self.kind = framework.kind if fill is None else fill.evaluation.kind
        self.fill = fill
        self.unit_name = unit_name
        self.year = year
        self.target = target
        self.buffer = io.BytesIO()
        self.wb = Workbook(self.buffer, {"in_memory": True, "strings_to_numbers": False,
                                         "strings_to_formulas": False, "strings_to_urls": False})
        self.wb.set_properties({"title": "预算绩效自评填报模板", "subject": framework.title,
                                "comments": "由 jixiao 生成"})
        self.st = Styles(self.wb)
        self.cells: dict[str, _Cell] = {}
        self.values: dict[str, Decimal | None] = {}

    # ------------------------------------------------------------ structure
    def write(self) -> bytes:
        overall = self.kind == "overall"
        names = [L.INSTRUCTIONS]
        names += [L.UNIT_SHEET, L.FUNDS_SHEET, L.PROJECTS_SHEET, L.CONTROL_SHEET] if overall \
            else [L.PROJECT_INFO_SHEET, L.FUNDS_SHEET]
        names += [L.INDICATORS_SHEET, L.NARRATIVE_SHEET]
        sheets = {name: self.wb.add_worksheet(name) for name in names}
        self._instructions(sheets[L.INSTRUCTIONS])
        if overall:
            kv = [L.UNIT_SPEC, L.FUNDS_SPEC, L.NARRATIVE_SPEC]
            for spec in kv:
                self._register_kv(spec)
            self._control_sheet(sheets[L.CONTROL_SHEET])
            self._kv_sheet(sheets[L.UNIT_SHEET], L.UNIT_SPEC)
            self._kv_sheet(sheets[L.FUNDS_SHEET], L.FUNDS_SPEC)
            self._projects_sheet(sheets[L.PROJECTS_SHEET])
            weight_cell, score_cell = (self.cells["self_evaluation.funds.weight"],
                                       self.cells["self_evaluation.funds.score"])
            self._indicator_sheet(sheets[L.INDICATORS_SHEET], weight_cell, score_cell, ("self_evaluation",))
            self._kv_sheet(sheets[L.NARRATIVE_SHEET], L.NARRATIVE_SPEC, value_width=80)
        else:
            for spec in (L.PROJECT_INFO_SPEC, L.PROJECT_NARRATIVE_SPEC):
                self._register_kv(spec)
            self._kv_sheet(sheets[L.PROJECT_INFO_SHEET], L.PROJECT_INFO_SPEC)
            weight_cell, score_cell = self._project_funds_sheet(sheets[L.FUNDS_SHEET])
            self._indicator_sheet(sheets[L.INDICATORS_SHEET], weight_cell, score_cell, ())
            self._kv_sheet(sheets[L.NARRATIVE_SHEET], L.PROJECT_NARRATIVE_SPEC, value_width=80)
        write_meta(self.wb, "template", self.kind, self._framework_id())
        sheets[L.UNIT_SHEET if overall else L.PROJECT_INFO_SHEET].activate()
        self.wb.close()
        return self.buffer.getvalue()

    def _framework_id(self) -> str:
        return self.framework.id

    def _loc(self, sheet: str, row: int, col: int) -> Location:
        return Location(self.target, sheet=sheet, cell=a1(row, col))

    def _protect(self, ws: Worksheet) -> None:
        ws.set_default_row(18)
        ws.protect("", {"insert_rows": True, "delete_rows": True, "format_cells": True,
                        "format_columns": True, "format_rows": True, "select_locked_cells": True,
                        "select_unlocked_cells": True})

    def _title(self, ws: Worksheet, text: str, last_col: int, note: str = "") -> None:
        ws.merge_range(0, 0, 0, last_col, text, self.st.title(14))
        ws.set_row(0, 30)
        if note:
            ws.merge_range(1, 0, 1, last_col, note, self.st.plain(font_size=10, font_color="#595959",
                                                                  text_wrap=True))
            ws.set_row(1, 30)

    # ------------------------------------------------------------ instructions
    def _instructions(self, ws: Worksheet) -> None:
        kind = KIND_TITLES["overall" if self.kind == "overall" else "project"]
        lines = [
            (f"预算绩效自评填报模板（{kind}）", "title"),
            (f"评价框架：{self.framework.title}（{self.framework.id}）", "plain"),
            ("", "plain"),
            ("一、怎么填", "section"),
            ("1. 黄色单元格是填报项，灰色单元格是公式（比率、合计、校验），已锁定，不必填写。", "plain"),
            ("2. 金额一律以万元为单位（项目表可在“资金”表改为元），只填数字，不带单位。", "plain"),
            ("3. 每项数据只填一次：同一数字在报告正文和附表中都会用到，这里只有一个单元格。", "plain"),
            ("4. 项目、三级指标、项目支出分项不够用时，在表中间插入行即可（工作表保护允许插入和删除行）。", "plain"),
            ("5. 三级指标的“指标性质”从下拉列表选择（≥、≤、=、定性）；指标值可写成“≥95”加度量单位“%”，"
             "也可直接写“≥95%”“不少于3次”。", "plain"),
            ("6. “校验”列和红色数字提示分项合计与总数不符、得分超过分值、扣分未说明原因等问题。", "plain"),
            ("7. 没有的数据留空，不要填 0：留空表示未填报，0 表示确为零。", "plain"),
            ("", "plain"),
            ("二、填完以后", "section"),
            ("核查：jixiao check 本文件.xlsx（列出问题及其单元格位置，如 本文件.xlsx[资金!B5]）", "plain"),
            ("复算得分：jixiao score 本文件.xlsx", "plain"),
            ("生成附表：jixiao xlsx 本文件.xlsx --to 附表.xlsx（附件2、附件3，比率和合计为公式）", "plain"),
            ("", "plain"),
            ("三、注意", "section"),
            ("请勿改动工作表名称和各表第一列的项目名称，jixiao 按它们读取数据。", "plain"),
            ("工作表保护没有密码：确需调整格式时可在“审阅—撤消工作表保护”中解除。", "plain"),
        ]
        # within A4's printable width (a column unit is about 7 pt of this font): LibreOffice
        # neither shrinks a one-column page to fit nor keeps its margins when it overflows
        ws.set_column(0, 0, INSTRUCTIONS_WIDTH)
        ws.set_default_row(20)
        for r, (text, style) in enumerate(lines):
            if style == "title":
                ws.write_string(r, 0, text, self.st.get(bold=True, font_size=16, text_wrap=True))
                ws.set_row(r, 30)
            elif style == "section":
                ws.write_string(r, 0, text, self.st.get(bold=True, font_size=12, text_wrap=True))
            else:
                ws.write_string(r, 0, text, self.st.get(text_wrap=True))
                ws.set_row(r, text_height(text, INSTRUCTIONS_WIDTH))
        legend = len(lines) + 1
        ws.write_string(legend, 0, "黄色：填报项", self.st.input())
        ws.write_string(legend + 1, 0, "灰色：公式（锁定）", self.st.formula())
        ws.hide_gridlines(2)
        ws.print_area(0, 0, len(lines) + 2, 0)
        a4(ws)

    # ------------------------------------------------------------ key–value sheets
    def _register_kv(self, spec: L.SheetSpec) -> None:
        for offset, row in enumerate(spec.rows):
            if isinstance(row, L.Field):
                self.cells[row.id] = _Cell(spec.name, 2 + offset, 1)

    def _kv_sheet(self, ws: Worksheet, spec: L.SheetSpec, value_width: float = 40) -> None:
        ws.set_column(0, 0, 30)
        ws.set_column(1, 1, value_width)
        ws.set_column(2, 2, 40)
        self._title(ws, spec.title, 2)
        ws.set_row(1, 22)
        for c, header in enumerate(L.KV_COLUMNS):
            ws.write_string(1, c, header, self.st.header())
        for offset, row in enumerate(spec.rows):
            r = 2 + offset
            if isinstance(row, L.Section):
                ws.merge_range(r, 0, r, 2, row.title, self.st.cell(bold=True, bg_color="#DDEBF7"))
                ws.set_row(r, 22)
                continue
            ws.write_string(r, 0, row.label, self.st.cell())
            ws.write_string(r, 2, row.note, self.st.cell(font_size=10, font_color="#595959"))
            if row.is_input:
                self._kv_input(ws, spec.name, r, row, value_width)
            elif row.ratio is not None:
                self._kv_ratio(ws, spec.name, r, row)
            elif row.sum_check is not None:
                self._kv_sum_check(ws, spec.name, r, row)
            elif row.ref is not None:
                self._kv_ref(ws, spec.name, r, row)
        ws.freeze_panes(2, 1)
        a4(ws, repeat=(1, 1))
        self._protect(ws)

    def _kv_input(self, ws: Worksheet, sheet: str, r: int, field: L.Field, value_width: float) -> None:
        kind = field.kind
        cell = self._loc(sheet, r, 1)
        value: Figure | str | int | None = None
        if self.fill is not None:
            if kind in L.NUMERIC_KINDS and field.concept:
                value = self.fill.figure(field.concept, cell=cell)
            elif kind is L.FieldKind.YEAR:
                got = self.fill.attr(field.path)
                value = got if isinstance(got, int) else None
            else:
                value = self.fill.text(field.path)
        else:
            value = self._blank_default(field)
        self._write_input(ws, r, 1, kind, value)
        if isinstance(value, Figure):
            self.values[field.id] = value.value
        if kind is L.FieldKind.LONGTEXT:
            ws.set_row(r, text_height(value if isinstance(value, str) else "", value_width, minimum=48))
        elif isinstance(value, str):
            ws.set_row(r, text_height(value, value_width))
        if field.choices:
            ws.data_validation(r, 1, r, 1, {"validate": "list", "source": list(field.choices),
                                            "error_type": "warning", "error_title": "请从列表选择",
                                            "error_message": "建议从下拉列表中选择。"})
        elif kind in _VALIDATION:
            ws.data_validation(r, 1, r, 1, dict(_VALIDATION[kind]))

    def _blank_default(self, field: L.Field) -> Figure | str | int | None:
        if field.id == "self_evaluation.funds.weight" and self.framework.execution is not None:
            points = self.framework.execution.points
            return Figure(points, 0, "分")
        if field.id == "unit.name" and self.unit_name:
            return self.unit_name
        if field.id in ("unit.year", "project.year") and self.year:
            return self.year
        if field.id == "project.name" and self.unit_name:
            return self.unit_name
        return None

    def _write_input(self, ws: Worksheet, r: int, c: int, kind: L.FieldKind,
                     value: Figure | str | int | Written | None, wrap_left: bool = True) -> None:
        default_format = {L.FieldKind.MONEY: MONEY_FORMAT, L.FieldKind.YEAR: "0"}.get(kind, "General")
        if isinstance(value, Figure):
            written = number_for(value.value, value.decimals)
            ws.write_number(r, c, float(written.value), self.st.input(written.num_format))
        elif isinstance(value, Written):
            if isinstance(value.value, str):
                ws.write_string(r, c, value.value, self.st.input("@", align="left"))
            else:
                ws.write_number(r, c, value.value, self.st.input(value.num_format))
        elif isinstance(value, int):
            ws.write_number(r, c, value, self.st.input(default_format))
        elif isinstance(value, str):
            ws.write_string(r, c, value, self.st.input("@", align="left" if wrap_left else None))
        elif kind in L.NUMERIC_KINDS:
            ws.write_blank(r, c, None, self.st.input(default_format))
        else:  # text cells keep what is typed as typed (a code such as 001234 keeps its zeros)
            ws.write_blank(r, c, None, self.st.input("@", align="left"))

    def _ref(self, field_id: str, here: str) -> str:
        return self.cells[field_id].ref(here)

    def _kv_ratio(self, ws: Worksheet, sheet: str, r: int, field: L.Field) -> None:
        assert field.ratio is not None
        num_id, den_id = field.ratio
        num, den = self._ref(num_id, sheet), self._ref(den_id, sheet)
        value = _ratio(self.values.get(num_id), self.values.get(den_id))
        ws.write_formula(r, 1, f'=IF(N({den})=0,"",{num}/{den})', self.st.formula(_PERCENT), cached(value))
        self.values[field.id] = value
        if self.fill is not None and field.concept:
            self.fill.computed(field.concept, value, True, field.label, self._loc(sheet, r, 1))

    def _kv_sum_check(self, ws: Worksheet, sheet: str, r: int, field: L.Field) -> None:
        assert field.sum_check is not None
        parts, against = field.sum_check
        refs = ",".join(self._ref(p, sheet) for p in parts)
        known = [self.values.get(p) for p in parts]
        total = sum((v for v in known if v is not None), Decimal(0)) if any(v is not None for v in known) \
            else None
        ws.write_formula(r, 1, f'=IF(COUNT({refs})=0,"",SUM({refs}))', self.st.formula(MONEY_FORMAT),
                         cached(total))
        cell = a1(r, 1)
        ws.conditional_format(r, 1, r, 1, {
            "type": "formula",
            "criteria": f"=AND(ISNUMBER({cell}),ISNUMBER({self._ref(against, sheet)}),"
                        f"ABS({cell}-{self._ref(against, sheet)})>{_HALF_CENT})",
            "format": self.wb.add_format({"font_color": "#C00000", "bold": True})})

    def _kv_ref(self, ws: Worksheet, sheet: str, r: int, field: L.Field) -> None:
        assert field.ref is not None
        target = self._ref(field.ref[1], sheet)
        value = self.values.get(field.ref[1])
        ws.write_formula(r, 1, f'=IF(ISNUMBER({target}),{target},"")', self.st.formula(MONEY_FORMAT),
                         cached(value))

    # ------------------------------------------------------------ 经费控制
    def _control_sheet(self, ws: Worksheet) -> None:
        sheet = L.CONTROL_SHEET
        ws.set_column(0, 0, 34)
        ws.set_column(1, 3, 13)
        ws.set_column(4, 4, 30)
        ws.set_column(5, 6, 13)
        self._title(ws, "经费控制情况（附件2）", 4, "单位：万元。三公经费、公务用车和项目支出应等于其分项之和，"
                    "不符时“校验”列提示。项目支出分项一个专项一行，不够时插入行。")
        header_row = 2
        ws.write_string(header_row, 0, "项目", self.st.header())
        year = self._year()
        headers = (f"{year - 1}年决算数", f"{year}年预算数", f"{year}年决算数") if year else L.CONTROL_HEADERS
        for c, header in enumerate(headers, start=1):
            ws.write_string(header_row, c, header, self.st.header())
        ws.write_string(header_row, 4, "校验", self.st.header())
        categories = self._categories()
        rows: dict[str, int] = {}
        category_rows: list[int] = []
        r = header_row + 1
        for line in L.CONTROL_LINES:
            rows[line.key] = r
            r += 1
            if line.key == "project":
                for _ in categories:
                    category_rows.append(r)
                    r += 1
        last = r - 1
        for line in L.CONTROL_LINES:
            row = rows[line.key]
            ws.write_string(row, 0, "　" * line.indent + line.label, self.st.cell(bold=line.indent == 0))
            for c, col in enumerate(L.CONTROL_COLUMNS, start=1):
                field_id = f"basic_data.expenses.{line.key}.{col}"
                self.cells[field_id] = _Cell(sheet, row, c)
                figure = self.fill.figure(f"{line.concept}.{col}", cell=self._loc(sheet, row, c)) \
                    if self.fill is not None else None
                self._write_input(ws, row, c, L.FieldKind.MONEY, figure)
                self.values[field_id] = figure.value if figure else None
        for (name, facts), row in zip(categories, category_rows, strict=True):
            if name:
                ws.write_string(row, 0, name, self.st.input(indent=1))
            else:
                ws.write_blank(row, 0, None, self.st.input(indent=1))
            for c, col in enumerate(L.CONTROL_COLUMNS, start=1):
                figure = None
                if self.fill is not None and name:
                    figure = self.fill.figure(f"project_category.{facts}.{col}", cell=self._loc(sheet, row, c))
                self._write_input(ws, row, c, L.FieldKind.MONEY, figure)
                self.values[f"category.{row}.{col}"] = figure.value if figure else None
        ws.data_validation(header_row + 1, 1, last, 3, dict(_VALIDATION[L.FieldKind.MONEY]))
        # 校验: a total that disagrees with the sum of its parts.
        for line in L.CONTROL_LINES:
            row = rows[line.key]
            if not line.parts:
                ws.write_blank(row, 4, None, self.st.formula())
                continue
            pieces, messages = [], []
            for c, (col, header) in enumerate(zip(L.CONTROL_COLUMNS, L.CONTROL_HEADERS, strict=True), start=1):
                if line.parts == (L.CATEGORIES,):
                    if not category_rows:
                        continue
                    part_refs = f"{a1(category_rows[0], c)}:{a1(category_rows[-1], c)}"
                    part_values = [self.values.get(f"category.{cr}.{col}") for cr in category_rows]
                else:
                    part_refs = ",".join(a1(rows[p], c) for p in line.parts)
                    part_values = [self.values.get(f"basic_data.expenses.{p}.{col}") for p in line.parts]
                total_ref = a1(row, c)
                pieces.append(f'IF(AND(COUNT({part_refs})>0,ABS(N({total_ref})-SUM({part_refs}))>{_HALF_CENT}),'
                              f'"{header}与分项合计不符；","")')
                total = self.values.get(f"basic_data.expenses.{line.key}.{col}")
                present = [v for v in part_values if v is not None]
                if present and abs((total or Decimal(0)) - sum(present, Decimal(0))) > Decimal(_HALF_CENT):
                    messages.append(f"{header}与分项合计不符；")
            formula = "=" + "&".join(pieces) if pieces else '=""'
            ws.write_formula(row, 4, formula, self.st.formula(font_color="#C00000", font_size=10),
                             "".join(messages))
        self._buildings(ws, last + 2)
        ws.freeze_panes(header_row + 1, 1)
        a4(ws, repeat=(header_row, header_row))
        self._protect(ws)

    def _year(self) -> int | None:
        if self.fill is not None:
            from jixiao.model.evaluation import year_of

            return year_of(self.fill.evaluation)
        return self.year

    def _categories(self) -> list[tuple[str, str]]:
        """(name, concept key) of the 项目支出分项 rows: the evaluation's, then spare rows."""
        out: list[tuple[str, str]] = []
        ev = self.fill.evaluation if self.fill is not None else None
        if isinstance(ev, OverallEvaluation) and ev.basic_data and ev.basic_data.expenses:
            used: set[str] = set()
            for index, row in enumerate(ev.basic_data.expenses.project_categories, start=1):
                key = name_key(row.name) if row.name else f"#{index}"
                if key in used:
                    key = f"{key}#{index}"
                used.add(key)
                out.append((row.name, key))
        if not out and ev is None:
            out = [(name, name_key(name)) for name in L.DEFAULT_CATEGORIES]
        out += [("", "")] * 3
        return out

    def _buildings(self, ws: Worksheet, top: int) -> None:
        sheet = L.CONTROL_SHEET
        last_col = len(L.BUILDING_COLUMNS) - 1
        ws.merge_range(top, 0, top, last_col, f"{L.BUILDINGS_TITLE}（本年完工项目）",
                       self.st.cell(bold=True, bg_color="#DDEBF7"))
        header = top + 1
        for c, (_key, title, _kind) in enumerate(L.BUILDING_COLUMNS):
            ws.write_string(header, c, title, self.st.header())
        buildings = []
        ev = self.fill.evaluation if self.fill is not None else None
        if isinstance(ev, OverallEvaluation) and ev.basic_data:
            buildings = list(ev.basic_data.buildings)
        count = max(2, len(buildings) + 1)
        for i in range(count):
            r = header + 1 + i
            building = buildings[i] if i < len(buildings) else None
            key = (name_key(building.name) if building and building.name else f"#{i + 1}")
            values: dict[str, Decimal | None] = {}
            for c, (col, _title, kind) in enumerate(L.BUILDING_COLUMNS):
                if col in L.BUILDING_RATIOS:
                    continue
                if kind is L.FieldKind.TEXT:
                    self._write_input(ws, r, c, kind, building.name if building else None)
                    continue
                figure = None
                if building is not None and self.fill is not None:
                    unit = "万元" if kind is L.FieldKind.MONEY else None
                    figure = self.fill.figure(f"building.{key}.{col}", unit or "万元", self._loc(sheet, r, c))
                self._write_input(ws, r, c, kind, figure)
                values[col] = figure.value if figure else None
            columns = {col: c for c, (col, _t, _k) in enumerate(L.BUILDING_COLUMNS)}
            for col, (num, den) in L.BUILDING_RATIOS.items():
                c = columns[col]
                num_ref, den_ref = a1(r, columns[num]), a1(r, columns[den])
                value = _ratio(values.get(num), values.get(den))
                ws.write_formula(r, c, f'=IF(N({den_ref})=0,"",{num_ref}/{den_ref})',
                                 self.st.formula(_PERCENT), cached(value))
                if building is not None and self.fill is not None:
                    self.fill.computed(f"building.{key}.{col}", value, True,
                                       f"{building.name or '楼堂馆所'}{L.BUILDING_COLUMNS[c][1]}",
                                       self._loc(sheet, r, c))

    # ------------------------------------------------------------ 项目 (报告第六部分)
    def _projects_sheet(self, ws: Worksheet) -> None:
        sheet = L.PROJECTS_SHEET
        columns = L.PROJECT_COLUMNS
        last_col = len(columns) - 1
        for c, column in enumerate(columns):
            ws.set_column(c, c, column.width)
        self._title(ws, "项目支出情况（万元，报告第二、六部分）", last_col,
                    "一个项目一行，不够时在表中间插入行。全年预算和执行率为公式。"
                    "年初预算合计和项目个数由公式计算。")
        header = 2
        for c, column in enumerate(columns):
            ws.write_string(header, c, header_lines(column.header, column.width), self.st.header())
        ws.set_row(header, 36)
        projects = self._projects()
        first = header + 1
        count = len(projects) + (L.PROJECT_BLANK_ROWS if self.fill is None else 3)
        col_of = {column.key: c for c, column in enumerate(columns) if column.key}
        sums: dict[str, Decimal | None] = {}
        places: dict[str, int] = {}  # a total shows as many decimals as its parts
        for i in range(count):
            r = first + i
            item = projects[i] if i < len(projects) else None
            row_values: dict[str, Decimal | None] = {}
            for c, column in enumerate(columns):
                if column.key is None:
                    continue
                if column.kind is L.FieldKind.MONEY:
                    figure = None
                    if item is not None and self.fill is not None:
                        figure = self.fill.figure(f"project.{item[1]}.{column.key}", cell=self._loc(sheet, r, c))
                    self._write_input(ws, r, c, column.kind, figure)
                    row_values[column.key] = figure.value if figure else None
                    if figure is not None:
                        sums[column.key] = (sums.get(column.key) or Decimal(0)) + figure.value
                        places[column.key] = max(places.get(column.key, 0), figure.decimals)
                else:
                    text = item[2].get(column.key) if item is not None else None
                    self._write_input(ws, r, c, column.kind, text)
                    if column.kind is L.FieldKind.LONGTEXT and text:
                        ws.set_row(r, text_height(text, column.width, minimum=20))
            ini, adj, fin = col_of["initial"], col_of["adjustment"], col_of["final"]
            full = _add(row_values.get("initial"), row_values.get("adjustment"))
            ws.write_formula(r, 3, f'=IF(COUNT({a1(r, ini)},{a1(r, adj)})=0,"",N({a1(r, ini)})+N({a1(r, adj)}))',
                             self.st.formula(MONEY_FORMAT), cached(full))
            ws.write_formula(r, 6, f'=IF(N({a1(r, 3)})=0,"",{a1(r, fin)}/{a1(r, 3)})',
                             self.st.formula(_PERCENT), cached(_ratio(row_values.get("final"), full)))
        last = first + count - 1
        total_row = last + 1
        ws.write_string(total_row, 0, L.PROJECT_TOTAL, self.st.cell(bold=True, align="center"))
        for c, column in enumerate(columns):
            if c == 0:
                continue
            rng = f"{a1(first, c)}:{a1(last, c)}"
            if column.kind is L.FieldKind.MONEY:
                total = sums.get(column.key) if column.key else _add(sums.get("initial"), sums.get("adjustment"))
                shown = places.get(column.key or "", 2) if column.key and column.key in places else 2
                ws.write_formula(total_row, c, f'=IF(COUNT({rng})=0,"",SUM({rng}))',
                                 self.st.formula(decimals_format(shown), bold=True), cached(total))
                if column.key == "initial":
                    self.cells["report.performance.projects.initial_total"] = _Cell(sheet, total_row, c)
                    if self.fill is not None:
                        self.fill.computed("expenditure.project.initial", total, False, "年初预算合计",
                                           self._loc(sheet, total_row, c))
            elif column.kind is L.FieldKind.PERCENT:
                full_total = _add(sums.get("initial"), sums.get("adjustment"))
                ws.write_formula(total_row, c, f'=IF(N({a1(total_row, 3)})=0,"",{a1(total_row, 4)}/{a1(total_row, 3)})',
                                 self.st.formula(_PERCENT, bold=True), cached(_ratio(sums.get("final"), full_total)))
            else:
                ws.write_blank(total_row, c, None, self.st.formula())
        count_row = total_row + 1
        ws.write_string(count_row, 0, L.PROJECT_COUNT, self.st.cell(bold=True, align="center"))
        names = f"{a1(first, 0)}:{a1(last, 0)}"
        ws.write_formula(count_row, 1, f"=COUNTA({names})", self.st.formula("0"), len(projects))
        if self.fill is not None:
            self.fill.computed("projects.count", Decimal(len(projects)), False, "项目个数",
                               self._loc(sheet, count_row, 1))
        ws.data_validation(first, 1, last, 5, dict(_VALIDATION[L.FieldKind.MONEY]))
        ws.freeze_panes(header + 1, 1)
        a4(ws, landscape=True, repeat=(header, header))
        self._protect(ws)

    def _projects(self) -> list[tuple[str, str, dict[str, str]]]:
        """(name, key, texts) of every project the report names, §六's statement first."""
        ev = self.fill.evaluation if self.fill is not None else None
        if not isinstance(ev, OverallEvaluation) or ev.report is None:
            return []
        out: dict[str, tuple[str, str, dict[str, str]]] = {}
        performance = ev.report.performance.projects if ev.report.performance else None
        if performance is not None:
            for item in performance.items:
                key = project_key(item.name)
                texts = {k: t.value for k, t in (("adjustment_reason", item.adjustment_reason),
                                                 ("description", item.description))
                         if isinstance(t, Text) and not t.is_empty}
                out.setdefault(key, (item.name, key, {"name": item.name, **texts}))
        listed = ev.report.public_budget.projects if ev.report.public_budget else None
        if listed is not None:
            for spending in listed.items:
                key = project_key(spending.name)
                out.setdefault(key, (spending.name, key, {"name": spending.name}))
        return list(out.values())

    # ------------------------------------------------------------ 项目资金 (project kind)
    def _project_funds_sheet(self, ws: Worksheet) -> tuple[_Cell, _Cell]:
        sheet = L.FUNDS_SHEET
        columns = L.FUND_COLUMNS
        last_col = len(columns) - 1
        for c, column in enumerate(columns):
            ws.set_column(c, c, column.width)
        self._title(ws, "项目资金和预算执行", last_col,
                    "年度资金总额应等于各资金来源之和；执行率＝全年执行数÷全年预算数（公式）。")
        ev = self.fill.evaluation if self.fill is not None else None
        funds = ev.funds if isinstance(ev, ProjectEvaluation) else None
        unit = (funds.unit if funds is not None and funds.unit else None) or "万元"
        ws.write_string(2, 0, L.FUND_UNIT_LABEL, self.st.cell())
        ws.write_string(2, 1, unit, self.st.input(align="center"))
        ws.data_validation(2, 1, 2, 1, {"validate": "list", "source": list(L.UNITS)})
        header = 3
        for c, column in enumerate(columns):
            ws.write_string(header, c, header_lines(column.header, column.width), self.st.header())
        rows: list[tuple[str, Any]] = [(L.FUND_TOTAL, funds.total if funds else None)]
        if funds is not None and funds.rows:
            rows += [(row.source or "", row) for row in funds.rows]
            rows += [("", None)]
        else:
            rows += [(f"其中：{name}" if i == 0 else name, None)
                     for i, name in enumerate(L.FUND_SOURCES.get(self.framework.id, L.DEFAULT_FUND_SOURCES))]
        col_of = {column.key: c for c, column in enumerate(columns) if column.key}
        first_source = header + 2
        last_source = header + len(rows)
        weight_cell = score_cell = _Cell(sheet, header + 1, col_of["weight"])
        for i, (label, row) in enumerate(rows):
            r = header + 1 + i
            total_row = i == 0
            if total_row:
                ws.write_string(r, 0, label, self.st.cell(bold=True))
            else:
                self._write_input(ws, r, 0, L.FieldKind.TEXT, label or None)
            concept_base = "funds.total" if total_row else (
                f"funds.{fund_source_key(row.source)}" if row is not None and row.source else "")
            values: dict[str, Decimal | None] = {}
            for key in ("initial", "full_year", "final", "weight", "score"):
                c = col_of[key]
                if not total_row and key in ("weight", "score"):
                    ws.write_string(r, c, "/", self.st.formula(align="center"))
                    continue
                figure = None
                if self.fill is not None and row is not None and concept_base:
                    fact = getattr(row, key, None)
                    figure_unit = unit if key not in ("weight", "score") else None
                    if isinstance(fact, Fact):
                        figure = self.fill.figure(fact.concept, figure_unit or "万元", self._loc(sheet, r, c)) \
                            or self.fill.fact(fact)
                elif self.fill is None and total_row and key == "weight" and self.framework.execution:
                    figure = Figure(self.framework.execution.points, 0, "分")
                kind = L.FieldKind.POINTS if key in ("weight", "score") else L.FieldKind.MONEY
                self._write_input(ws, r, c, kind, figure)
                values[key] = figure.value if figure else None
            text = row.reason.value if row is not None and isinstance(row.reason, Text) else None
            self._write_input(ws, r, col_of["reason"], L.FieldKind.LONGTEXT, text)
            c = col_of["rate"]
            full, fin = a1(r, col_of["full_year"]), a1(r, col_of["final"])
            value = _ratio(values.get("final"), values.get("full_year"))
            ws.write_formula(r, c, f'=IF(N({full})=0,"",{fin}/{full})', self.st.formula(_PERCENT), cached(value))
            if self.fill is not None and concept_base and row is not None:
                self.fill.computed(f"{concept_base}.rate", value, True, f"{label}执行率", self._loc(sheet, r, c))
            if total_row:
                weight_cell = _Cell(sheet, r, col_of["weight"])
                score_cell = _Cell(sheet, r, col_of["score"])
                self.values["funds.weight"] = values.get("weight")
                self.values["funds.score"] = values.get("score")
        # 校验 on the total row.
        r = header + 1
        pieces = []
        for key in ("initial", "full_year", "final"):
            c = col_of[key]
            parts = f"{a1(first_source, c)}:{a1(last_source, c)}"
            pieces.append(f'IF(AND(COUNT({parts})>0,ABS(N({a1(r, c)})-SUM({parts}))>{_HALF_CENT}),'
                          f'"{columns[c].header}与分项合计不符；","")')
        ws.write_formula(r, len(columns) - 1, "=" + "&".join(pieces),
                         self.st.formula(font_color="#C00000", font_size=10), "")
        ws.data_validation(header + 1, 1, last_source, 3, dict(_VALIDATION[L.FieldKind.MONEY]))
        ws.freeze_panes(header + 1, 1)
        a4(ws, landscape=True)
        self._protect(ws)
        return weight_cell, score_cell

    # ------------------------------------------------------------ 绩效指标
    def _indicator_sheet(self, ws: Worksheet, weight_cell: _Cell, score_cell: _Cell,
                         total_path: tuple[str, ...]) -> None:
        sheet = L.INDICATORS_SHEET
        columns = L.INDICATOR_COLUMNS
        last_col = len(columns) - 1
        for c, column in enumerate(columns):
            ws.set_column(c, c, column.width)
        self._title(ws, "绩效指标", last_col,
                    "一级指标行填该类指标的分值（评价框架的默认分值已填好）；其下每行一个三级指标。"
                    "二级指标写在其第一行，不够时插入行。总分＝预算执行率分值＋各三级指标分值。")
        header = 2
        for c, column in enumerate(columns):
            ws.write_string(header, c, header_lines(column.header, column.width), self.st.header())
        ws.set_row(header, 30)
        col = {column.key: c for c, column in enumerate(columns) if column.key}
        check_col = last_col
        plan = self._indicator_plan()
        r = header + 1
        item_rows: list[int] = []
        weights: list[Decimal] = []
        scores: list[Decimal] = []
        for category_name, category_weight, groups in plan:
            cat_row = r
            r += 1
            first_item = r
            cat_weights: list[Decimal] = []
            cat_scores: list[Decimal] = []
            for group_name, items in groups:
                for index, item in enumerate(items):
                    self._indicator_row(ws, r, col, check_col, group_name if index == 0 else None, item,
                                        cat_weights, cat_scores)
                    item_rows.append(r)
                    r += 1
            last_item = r - 1
            ws.write_string(cat_row, col["category"], category_name,
                            self.st.input(bold=True, align="left"))
            for c in range(1, last_col + 1):
                if c not in (col["weight"], col["score"], check_col):
                    ws.write_blank(cat_row, c, None, self.st.formula())
            self._write_input(ws, cat_row, col["weight"], L.FieldKind.POINTS, category_weight)
            if last_item >= first_item:
                rng_score = f"{a1(first_item, col['score'])}:{a1(last_item, col['score'])}"
                rng_weight = f"{a1(first_item, col['weight'])}:{a1(last_item, col['weight'])}"
            else:
                rng_score = rng_weight = a1(cat_row, col["score"])
            subtotal = sum(cat_scores, Decimal(0)) if cat_scores else None
            ws.write_formula(cat_row, col["score"], f'=IF(COUNT({rng_score})=0,"",SUM({rng_score}))',
                             self.st.formula(bold=True), cached(subtotal))
            cw = category_weight.value if isinstance(category_weight, Figure) else None
            item_weight = sum(cat_weights, Decimal(0))
            message = ""
            if cw is not None and cat_weights and abs(cw - item_weight) > Decimal(_HALF_CENT):
                message = f"三级指标分值合计{_plain(item_weight)}，与一级指标分值不符"
            wcell = a1(cat_row, col["weight"])
            ws.write_formula(
                cat_row, check_col,
                f'=IF(AND(ISNUMBER({wcell}),COUNT({rng_weight})>0,ABS(N({wcell})-SUM({rng_weight}))>{_HALF_CENT}),'
                f'"三级指标分值合计"&SUM({rng_weight})&"，与一级指标分值不符","")',
                self.st.formula(font_color="#C00000", font_size=10), message)
            weights += cat_weights
            scores += cat_scores
        total_row = r
        first = header + 1
        last = max(total_row - 1, first)
        ws.merge_range(total_row, 0, total_row, col["weight"] - 1, L.INDICATOR_TOTAL,
                       self.st.cell(bold=True, align="center"))
        names = f"{a1(first, col['name'])}:{a1(last, col['name'])}"
        fw = self.values.get("funds.weight" if self.kind == "project" else "self_evaluation.funds.weight")
        fs = self.values.get("funds.score" if self.kind == "project" else "self_evaluation.funds.score")
        total_weight = _add(fw, sum(weights, Decimal(0)) if weights else None)
        total_score = _add(fs, sum(scores, Decimal(0)) if scores else None)
        for key, cell, value in (("weight", weight_cell, total_weight), ("score", score_cell, total_score)):
            c = col[key]
            rng = f"{a1(first, c)}:{a1(last, c)}"
            ws.write_formula(total_row, c, f'=N({cell.ref(sheet)})+SUMIF({names},"<>",{rng})',
                             self.st.formula(bold=True), cached(value if value is not None else Decimal(0)))
            if self.fill is not None:
                self.fill.computed(f"total.{key}", value, False, f"总分（{'分值' if key == 'weight' else '得分'}）",
                                   self._loc(sheet, total_row, c))
        ws.write_blank(total_row, col["reason"], None, self.st.formula())
        ws.write_blank(total_row, check_col, None, self.st.formula())
        if item_rows:
            top, bottom = min(item_rows), max(item_rows)
            ws.data_validation(top, col["nature"], bottom, col["nature"],
                               {"validate": "list", "source": list(L.NATURES), "error_title": "指标性质",
                                "error_message": "从列表选择：≥ ≤ = > < 或 定性。"})
            ws.data_validation(top, col["weight"], bottom, col["score"], dict(_VALIDATION[L.FieldKind.POINTS]))
        ws.freeze_panes(header + 1, 3)
        a4(ws, landscape=True, repeat=(header, header))
        self._protect(ws)

    def _indicator_row(self, ws: Worksheet, r: int, col: dict[str, int], check_col: int,
                       group_name: str | None, item: Any, weights: list[Decimal], scores: list[Decimal]) -> None:
        self._write_input(ws, r, col["group"], L.FieldKind.TEXT, group_name)
        ws.write_blank(r, col["category"], None, self.st.formula())
        values: dict[str, Figure | None] = {"weight": None, "score": None}
        texts: dict[str, str | None] = {k: None for k in ("name", "nature", "unit", "target", "actual", "reason")}
        if item is not None:
            texts["name"] = item.name or None
            texts["nature"] = item.nature
            texts["unit"] = item.unit
            for key in ("target", "actual"):
                value = getattr(item, key)
                texts[key] = value.text if isinstance(value, IndicatorValue) and value.text else None
            texts["reason"] = item.reason.value if isinstance(item.reason, Text) and not item.reason.is_empty \
                else None
            if self.fill is not None:
                values["weight"] = self.fill.fact(item.weight)
                values["score"] = self.fill.fact(item.score)
        for key in ("name", "nature", "unit", "reason"):
            kind = L.FieldKind.LONGTEXT if key == "reason" else L.FieldKind.TEXT
            self._write_input(ws, r, col[key], kind, texts[key])
        for key in ("target", "actual"):
            text = texts[key]
            self._write_input(ws, r, col[key], L.FieldKind.TEXT, text_or_number(text) if text else None)
        for key in ("weight", "score"):
            self._write_input(ws, r, col[key], L.FieldKind.POINTS, values[key])
        w, s = values["weight"], values["score"]
        if w is not None and texts["name"] is not None:
            weights.append(w.value)
        if s is not None and texts["name"] is not None:
            scores.append(s.value)
        reason_text = texts["reason"] or ""
        height = max(text_height(texts["target"] or "", 16), text_height(texts["name"] or "", 26),
                     text_height(reason_text, 30))
        if height > 20:
            ws.set_row(r, height)
        wc, sc, rc = a1(r, col["weight"]), a1(r, col["score"]), a1(r, col["reason"])
        message = ""
        if w is not None and s is not None:
            if s.value > w.value:
                message = "得分超过分值"
            elif s.value < w.value and not reason_text:
                message = "扣分须说明原因"
        ws.write_formula(
            r, check_col,
            f'=IF(AND(ISNUMBER({wc}),ISNUMBER({sc})),IF({sc}>{wc},"得分超过分值",'
            f'IF(AND({sc}<{wc},LEN({rc})=0),"扣分须说明原因","")),"")',
            self.st.formula(font_color="#C00000", font_size=10), message)

    def _indicator_plan(self) -> list[tuple[str, Figure | None, list[tuple[str, list[Any]]]]]:
        """Categories with their weight and groups with their items (None = an empty row)."""
        ev = self.fill.evaluation if self.fill is not None else None
        categories: Sequence[IndicatorCategory] = indicator_categories(ev) if ev is not None else ()
        if categories and self.fill is not None:
            plan = []
            for category in categories:
                groups: list[tuple[str, list[Any]]] = []
                for group in category.groups:
                    groups.append((group.name, list(group.items) or [None]))
                weight = self.fill.fact(category.weight)
                plan.append((category.name, weight, groups or [("", [None])]))
            return plan
        plan = []
        for fw_category in self.framework.categories:
            weight = Figure(fw_category.points, 0, "分") if fw_category.points is not None else None
            fw_groups = [(g, [None] * L.INDICATOR_BLANK_ROWS) for g in fw_category.groups] or \
                [("", [None] * L.INDICATOR_BLANK_ROWS)]
            plan.append((fw_category.name, weight if self.fill is None else None, fw_groups))
        return plan


def _ratio(num: Decimal | None, den: Decimal | None) -> Decimal | None:
    if num is None or den is None or den == 0:
        return None
    return num / den


def _add(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None and b is None:
        return None
    return (a or Decimal(0)) + (b or Decimal(0))


def _plain(value: Decimal) -> str:
    from jixiao.model.numbers import format_decimal

    return format_decimal(value.normalize()) if value == value.to_integral() else format_decimal(value)

