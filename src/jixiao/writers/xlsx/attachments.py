"""The attached tables as a workbook: 附件2 基础数据表 and 附件3 整体支出绩效自评表 (or
the 项目支出绩效自评表), in the official layout, plus a sheet of findings.

Figures are written as the attached tables state them (their decimals kept through
the number format); what the attachments leave out is taken from the rest of the
evaluation (its resolved value). Every derived cell — 控制率, 执行率, the totals of
三公经费, 公务用车, 项目支出 and of the budget breakdowns, the 总分 — is an Excel formula
carrying its cached result, so a person who edits a figure sees the rates and
totals follow, and a viewer that does not recalculate still shows numbers. Where a
stated total disagrees with its parts, the formula shows the sum and the findings
sheet lists the disagreement.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from jixiao.engine import Result
from jixiao.findings import Finding, count_levels
from jixiao.frameworks.model import ReportForm
from jixiao.model.evaluation import Evaluation, subject_name, year_of
from jixiao.model.fact import Fact
from jixiao.model.keys import name_key
from jixiao.model.location import Location
from jixiao.model.overall import ControlRow, OverallEvaluation
from jixiao.model.parts import IndicatorCategory, TotalScore
from jixiao.model.project import ProjectEvaluation, ProjectFundsRow
from jixiao.model.text import Text
from jixiao.model.units import AMOUNT_SCALE, CANONICAL_AMOUNT, convert_amount
from jixiao.model.values import IndicatorValue
from jixiao.reconcile.resolution import Resolution
from jixiao.workbook import attachment_layout as A
from jixiao.workbook import layout as L
from jixiao.workbook.cells import a1, quote_sheet
from jixiao.writers.form_rows import FormRow, project_rows
from jixiao.writers.xlsx.common import (
    Styles,
    Written,
    a4,
    cached,
    decimals_format,
    header_lines,
    number_for,
    number_for_fact,
    text_height,
    text_or_number,
    write_meta,
)

_PERCENT = "0.00%"
_CATEGORY_WEIGHT = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]")


@dataclass(slots=True)
class _Num:
    """A figure placed in a cell: what Excel stores and the number formulas see."""

    written: Written
    value: Decimal | None  # None when the cell holds text (N() reads it as 0)
    fact: Fact | None


@dataclass(slots=True)
class _Sources:
    """Where each cell's figure comes from: the attached table's own statement,
    else the evaluation's resolved value of the quantity."""

    resolution: Resolution | None
    placed: dict[Location, str] = field(default_factory=dict)  # fact location → Sheet!A1

    def num(self, fact: Fact | None, concept: str | None, unit: str | None = CANONICAL_AMOUNT) -> _Num | None:
        if fact is not None:
            written = number_for_fact(fact, unit)
            value: Decimal | None = fact.value
            if isinstance(written.value, str):
                value = None
            elif fact.unit in AMOUNT_SCALE and unit in AMOUNT_SCALE and fact.unit != unit:
                assert fact.unit is not None and unit is not None
                value, _ = convert_amount(fact.value, fact.decimals, fact.unit, unit)
            return _Num(written, value, fact)
        if concept is None or self.resolution is None:
            return None
        resolved = self.resolution.get(concept)
        if resolved is None or not resolved.stated:
            return None
        value, decimals = resolved.value, resolved.decimals
        if resolved.unit in AMOUNT_SCALE and unit in AMOUNT_SCALE and resolved.unit != unit:
            assert resolved.unit is not None and unit is not None
            value, decimals = convert_amount(value, decimals, resolved.unit, unit)
        return _Num(number_for(value, max(decimals, 0)), value, resolved.readings[0].fact)


def write_attachments(result: Result, findings: Sequence[Finding], target: str = "附表.xlsx") -> bytes:
    """The attached tables of ``result.evaluation`` as XLSX bytes."""
    return _AttachmentWriter(result, findings, target).write()


class _AttachmentWriter:
    def __init__(self, result: Result, findings: Sequence[Finding], target: str) -> None:
        self.result = result
        self.ev: Evaluation = result.evaluation
        self.findings = list(findings)
        self.target = target
        self.buffer = io.BytesIO()
        self.wb = Workbook(self.buffer, {"in_memory": True, "strings_to_numbers": False,
                                         "strings_to_formulas": False, "strings_to_urls": False})
        self.wb.set_properties({"title": f"{subject_name(self.ev)} 附表", "comments": "由 jixiao 生成"})
        self.st = Styles(self.wb)
        self.src = _Sources(result.resolution)
        self.year = year_of(self.ev)
        framework = result.framework
        self.form = framework.report_form if framework is not None else ReportForm()

    def write(self) -> bytes:
        if isinstance(self.ev, OverallEvaluation):
            basic = self.wb.add_worksheet(A.BASIC_SHEET)
            self_eval = self.wb.add_worksheet(A.SELF_SHEET)
            findings = self.wb.add_worksheet(A.FINDINGS_SHEET)
            self._basic(basic, self.ev)
            self._self_evaluation(self_eval, self.ev)
        else:
            table = self.wb.add_worksheet(A.PROJECT_SHEET)
            findings = self.wb.add_worksheet(A.FINDINGS_SHEET)
            self._project(table, self.ev)
        self._findings(findings)
        framework = self.result.framework.id if self.result.framework else self.ev.framework
        write_meta(self.wb, "attachments", self.ev.kind, framework)
        self.wb.close()
        return self.buffer.getvalue()

    # ------------------------------------------------------------ cells
    def _put(self, ws: Worksheet, r: int, c: int, num: _Num | None, fmt: dict[str, Any],
             last_col: int | None = None) -> Decimal | None:
        """Write a figure (merged across to ``last_col``); return the value formulas see."""
        span = last_col is not None and last_col > c
        if num is None:
            style = self.st.cell(**fmt)
            if span:
                assert last_col is not None
                ws.merge_range(r, c, r, last_col, "", style)
            else:
                ws.write_blank(r, c, None, style)
            return None
        written = num.written
        if isinstance(written.value, str):
            style = self.st.cell(**fmt)
            if span:
                assert last_col is not None
                ws.merge_range(r, c, r, last_col, written.value, style)
            else:
                ws.write_string(r, c, written.value, style)
        else:
            style = self.st.cell(num_format=written.num_format, **fmt)
            if span:
                assert last_col is not None
                ws.merge_range(r, c, r, last_col, "", style)
            ws.write_number(r, c, written.value, style)
        if num.fact is not None:
            self.src.placed.setdefault(num.fact.location, f"{ws.get_name()}!{a1(r, c)}")
        return num.value

    def _formula(self, ws: Worksheet, r: int, c: int, formula: str, value: Decimal | None, num_format: str,
                 fmt: dict[str, Any], last_col: int | None = None, stated: Fact | None = None) -> None:
        style = self.st.cell(num_format=num_format, **fmt)
        if last_col is not None and last_col > c:
            ws.merge_range(r, c, r, last_col, "", style)
        ws.write_formula(r, c, formula, style, cached(value))
        if stated is not None:
            self.src.placed.setdefault(stated.location, f"{ws.get_name()}!{a1(r, c)}")

    def _text(self, ws: Worksheet, r: int, c: int, text: str, last_col: int | None = None,
              **fmt: Any) -> None:
        style = self.st.cell(**fmt)
        if last_col is not None and last_col > c:
            ws.merge_range(r, c, r, last_col, text, style)
        elif text:
            ws.write_string(r, c, text, style)
        else:
            ws.write_blank(r, c, None, style)

    def _head(self, ws: Worksheet, number: int | None, title: str, last_col: int, unit_line: str) -> int:
        """附件N, the title and the 单位 line; returns the next row."""
        if number is not None:
            ws.write_string(0, 0, f"附件{number}", self.st.plain(bold=True, font_size=12))
        ws.merge_range(1, 0, 1, last_col, title, self.st.title())
        ws.set_row(1, 36)
        ws.merge_range(2, 0, 2, last_col, unit_line, self.st.plain(align="right"))
        return 3

    def _signature(self, ws: Worksheet, r: int, last_col: int, text: str = A.SIGNATURE) -> None:
        ws.merge_range(r, 0, r, last_col, text, self.st.plain())
        ws.set_row(r, 24)

    # ------------------------------------------------------------ 附件2
    def _basic(self, ws: Worksheet, ev: OverallEvaluation) -> None:
        data = ev.basic_data
        last = 6
        for c, w in enumerate(BASIC_COLUMNS):
            ws.set_column(c, c, w)
        ws.set_default_row(20)
        year = self.year
        title = (data.title if data and data.title else None) or \
            f"{year or ''}年度部门（单位）整体支出绩效评价基础数据表"
        number = self.form.number("basic_data") or (data.attachment_number if data else None) or 2
        r = self._head(ws, number, title, last, "单位：万元")
        center = {"align": "center"}
        # 财政供养人员情况
        staff = data.staff if data else None
        ws.write_string(r, 0, A.STAFF_TITLE, self.st.header(align="left"))
        headers = ("编制数", f"{year}年实际在职人数" if year else "实际在职人数", "控制率")
        for i, header in enumerate(headers):
            ws.merge_range(r, 1 + 2 * i, r, 2 + 2 * i, header, self.st.header())
        ws.set_row(r, 30)
        r += 1
        self._text(ws, r, 0, "")
        authorized = self._put(ws, r, 1, self.src.num(staff.authorized if staff else None, "staff.authorized", "人"),
                               center, 2)
        in_service = self._put(ws, r, 3, self.src.num(staff.in_service if staff else None, "staff.in_service", "人"),
                               center, 4)
        den_ref, num_ref = a1(r, 1), a1(r, 3)
        stated_rate = staff.control_rate if staff else None
        self._formula(ws, r, 5, f'=IF(OR(N({den_ref})=0,COUNT({num_ref})=0),"",{num_ref}/{den_ref})',
                      _ratio(in_service, authorized), _percent_as_stated(stated_rate), center, 6,
                      stated=stated_rate)
        r += 1
        # 经费控制情况
        expenses = data.expenses if data else None
        ws.write_string(r, 0, A.CONTROL_TITLE, self.st.header(align="left"))
        control_headers = (f"{year - 1}年决算数", f"{year}年预算数", f"{year}年决算数") if year \
            else L.CONTROL_HEADERS
        for i, header in enumerate(control_headers):
            ws.merge_range(r, 1 + 2 * i, r, 2 + 2 * i, header, self.st.header())
        ws.set_row(r, 30)
        r += 1
        rows: dict[str, int] = {}
        values: dict[tuple[str, str], Decimal | None] = {}
        category_rows: list[int] = []
        form = self.form
        # 项目支出's rows as the province's form prints them (shared with the report)
        printed = project_rows(expenses.project_categories if expenses else (), form.project_rows)
        plan: list[tuple[str, Any]] = []
        for planned in L.CONTROL_LINES:
            plan.append(("line", planned))
            if planned.key == "project":
                plan += [("category", row) for row in printed]
        for what, item in plan:
            if what == "line":
                rows[item.key] = r
            elif what == "category":
                category_rows.append(r)
            r += 1
        index = 0
        for what, item in plan:
            if what == "line":
                line: L.ControlLine = item
                row = rows[line.key]
                indent = "　" * (2 * line.indent)
                label = line.label + ("：" if line.key == "project" else "")
                ws.write_string(row, 0, indent + label, self.st.cell(bold=line.indent == 0))
                control: ControlRow | None = getattr(expenses, line.key, None) if expenses else None
                for i, col in enumerate(L.CONTROL_COLUMNS):
                    fact = getattr(control, col, None) if control is not None else None
                    num = self.src.num(fact, f"{line.concept}.{col}")
                    if line.parts:
                        continue  # totals are written below, once their parts are known
                    if num is None and f"{line.concept}.{col}" in form.dashed:
                        self._text(ws, row, 1 + 2 * i, "——", 2 + 2 * i, align="center")
                        continue
                    values[(line.key, col)] = self._put(ws, row, 1 + 2 * i, num, center, 2 + 2 * i)
            elif what == "category":
                form_row: FormRow = item
                row = category_rows[index]
                index += 1
                ws.write_string(row, 0, form_row.text if form_row.number is None else f"　　{form_row.text}",
                                self.st.cell())
                category = form_row.category
                key = name_key(category.name) if category is not None else ""
                for i, col in enumerate(L.CONTROL_COLUMNS):
                    fact = getattr(category, col, None) if category is not None else None
                    num = self.src.num(fact, f"project_category.{key}.{col}") if category is not None else None
                    values[(f"category{index}", col)] = self._put(ws, row, 1 + 2 * i, num, center, 2 + 2 * i)
        # totals, children before parents (公务用车 feeds 三公经费)
        for key in ("car", "three_public", "project"):
            total_line = next(x for x in L.CONTROL_LINES if x.key == key)
            row = rows[key]
            control = getattr(expenses, key, None) if expenses else None
            for i, col in enumerate(L.CONTROL_COLUMNS):
                c = 1 + 2 * i
                fact = getattr(control, col, None) if control is not None else None
                if key == "project":
                    part_rows = category_rows
                    part_values = [values.get((f"category{n}", col)) for n in range(1, len(category_rows) + 1)]
                else:
                    part_rows = [rows[p] for p in total_line.parts]
                    part_values = [values.get((p, col)) for p in total_line.parts]
                if any(v is not None for v in part_values):
                    refs = ",".join(a1(pr, c) for pr in part_rows)
                    total = sum((v for v in part_values if v is not None), Decimal(0))
                    decimals = max((_decimals(v) for v in part_values if v is not None), default=2)
                    self._formula(ws, row, c, f'=IF(COUNT({refs})=0,"",SUM({refs}))', total,
                                  decimals_format(decimals), center, c + 1, stated=fact)
                    values[(key, col)] = total
                else:
                    values[(key, col)] = self._put(ws, row, c, self.src.num(fact, f"{total_line.concept}.{col}"),
                                                   center, c + 1)
        # 楼堂馆所
        ws.write_string(r, 0, f"{A.BUILDINGS_TITLE}\n（{year}年完工项目）" if year else A.BUILDINGS_TITLE,
                        self.st.header(align="left"))
        for c, (_key, title, _kind) in enumerate(L.BUILDING_COLUMNS[1:], start=1):
            ws.write_string(r, c, header_lines(title, BASIC_COLUMNS[c], 10), self.st.header(font_size=10))
        ws.set_row(r, 44)
        r += 1
        buildings = list(data.buildings) if data else []
        for index, building in enumerate(buildings or [None], start=1):
            key = name_key(building.name) if building is not None and building.name else f"#{index}"
            self._text(ws, r, 0, (building.name or "") if building is not None else "")
            got: dict[str, Decimal | None] = {}
            for c, (col, _title, kind) in enumerate(L.BUILDING_COLUMNS[1:], start=1):
                if col in L.BUILDING_RATIOS:
                    continue
                fact = getattr(building, col, None) if building is not None else None
                unit = CANONICAL_AMOUNT if kind is L.FieldKind.MONEY else "㎡"
                figure = self.src.num(fact, f"building.{key}.{col}", unit) if building is not None else None
                got[col] = self._put(ws, r, c, figure, center)
            columns = {col: c for c, (col, _t, _k) in enumerate(L.BUILDING_COLUMNS)}
            for col, (num_key, den_key) in L.BUILDING_RATIOS.items():
                n, d = a1(r, columns[num_key]), a1(r, columns[den_key])
                self._formula(ws, r, columns[col], f'=IF(OR(N({d})=0,COUNT({n})=0),"",{n}/{d})',
                              _ratio(got.get(num_key), got.get(den_key)), _PERCENT, center,
                              stated=getattr(building, col, None) if building is not None else None)
            r += 1
        # 厉行节约保障措施
        austerity = data.austerity_measures.value if data and isinstance(data.austerity_measures, Text) else ""
        ws.write_string(r, 0, A.AUSTERITY, self.st.header(align="left"))
        self._text(ws, r, 1, austerity, last, align="left")
        ws.set_row(r, text_height(austerity, 54, minimum=40))
        r += 2
        ws.merge_range(r, 0, r, last, A.BASIC_NOTE, self.st.plain(text_wrap=True, font_size=10))
        ws.set_row(r, 30)
        self._signature(ws, r + 1, last)
        a4(ws)

    # ------------------------------------------------------------ 附件3
    def _self_evaluation(self, ws: Worksheet, ev: OverallEvaluation) -> None:
        se = ev.self_evaluation
        last = 8
        for c, w in enumerate(SELF_COLUMNS):
            ws.set_column(c, c, w)
        ws.set_default_row(20)
        year = self.year
        title = (se.title if se and se.title else None) or f"{year or ''}年度部门（单位）整体支出绩效自评表"
        number = self.form.number("self_evaluation") or (se.attachment_number if se else None) or 3
        r = self._head(ws, number, title, last, "单位：万元")
        unit_name = (se.unit_name if se and se.unit_name else None) or (ev.unit.name if ev.unit else "") or ""
        level = ev.unit.level if ev.unit and ev.unit.level else ""
        ws.merge_range(r, 0, r, 2, f"{level}{A.UNIT_LABEL}", self.st.header())
        ws.merge_range(r, 3, r, last, unit_name, self.st.cell(align="left"))
        ws.set_row(r, 30)
        r += 1
        block_top = r
        funds = se.funds if se else None
        funds_rows = self._funds_block(ws, r, funds, ev)
        r = funds_rows["next"]
        ws.merge_range(block_top, 0, r - 1, 0, header_lines(A.FUNDS_BLOCK, SELF_COLUMNS[0], 10),
                       self.st.header(font_size=10))
        r = self._goals(ws, r, se.goals if se else None, last)
        categories = se.indicators if se else ()
        weight_ref = a1(funds_rows["funds"], 5)
        score_ref = a1(funds_rows["funds"], 7)
        r = self._indicators(ws, r, categories, se.total if se else None, weight_ref, score_ref,
                             funds_rows.get("weight_value"), funds_rows.get("score_value"))
        self._signature(ws, r + 1, last)
        a4(ws)

    def _funds_header(self, ws: Worksheet, r: int) -> None:
        """The funds block's column headings (年初预算数 … 得分), the last over two columns."""
        ws.write_blank(r, 1, None, self.st.header())
        for i, (_key, header) in enumerate(A.FUNDS_HEADERS):
            c = 2 + i
            if i == len(A.FUNDS_HEADERS) - 1:
                ws.merge_range(r, c, r, c + 1, header, self.st.header())
            else:
                ws.write_string(r, c, header_lines(header, SELF_COLUMNS[c]), self.st.header())

    def _funds_block(self, ws: Worksheet, r: int, funds: Any, ev: OverallEvaluation) -> dict[str, Any]:
        center = {"align": "center"}
        self._funds_header(ws, r)
        r += 1
        funds_row = r
        ws.write_string(r, 1, A.FUNDS_LABEL, self.st.cell(align="center"))
        got: dict[str, Decimal | None] = {}
        concept_of = {"initial": "funds.total.initial", "full_year": "funds.total.full_year",
                      "final": "funds.total.final", "weight": "funds.total.weight", "score": "funds.total.score"}
        for i, (key, _header) in enumerate(A.FUNDS_HEADERS):
            c = 2 + i
            if key == "rate":
                continue
            fact = getattr(funds, key, None) if funds is not None else None
            unit = CANONICAL_AMOUNT if key in ("initial", "full_year", "final") else "分"
            got[key] = self._put(ws, r, c, self.src.num(fact, concept_of[key], unit), center,
                                 c + 1 if key == "score" else None)
        denominator = "full_year"
        if self.result.framework is not None and self.result.framework.execution is not None:
            denominator = self.result.framework.execution.denominator
        den_col = 2 + [k for k, _h in A.FUNDS_HEADERS].index(denominator if denominator in concept_of else "full_year")
        den_ref, num_ref = a1(r, den_col), a1(r, 4)
        self._formula(ws, r, 6, f'=IF(OR(N({den_ref})=0,COUNT({num_ref})=0),"",{num_ref}/{den_ref})',
                      _ratio(got.get("final"), got.get(denominator)), _PERCENT, center,
                      stated=funds.rate if funds is not None else None)
        r += 1
        se = ev.self_evaluation
        revenue = se.by_revenue if se else None
        expenditure = se.by_expenditure if se else None
        rev_rows = self._breakdown(ws, r, 1, 2, 3, revenue, A.REVENUE_LABELS,
                                   {"public": "funds.public.full_year", "gov_fund": "funds.gov_fund.full_year",
                                    "special_account": "funds.special_account.full_year",
                                    "other": "funds.other.full_year"})
        self._breakdown(ws, r, 4, 6, 7, expenditure, A.EXPENDITURE_LABELS,
                        {"basic": "expenditure.basic.full_year", "project": "expenditure.project.full_year"},
                        value_last=8)
        r += rev_rows
        reason = funds.reason.value if funds is not None and isinstance(funds.reason, Text) else ""
        if reason:
            ws.write_string(r, 1, A.REASON_LABEL, self.st.cell(align="center"))
            self._text(ws, r, 2, reason, 8, align="left")
            ws.set_row(r, text_height(reason, 100, minimum=24))
            r += 1
        return {"funds": funds_row, "next": r, "weight_value": got.get("weight"), "score_value": got.get("score")}

    def _breakdown(self, ws: Worksheet, r: int, label_col: int, label_last: int, value_col: int, part: Any,
                   labels: tuple[tuple[str, str, str], ...], concepts: dict[str, str],
                   value_last: int | None = None) -> int:
        """One half of the 按收入性质分 / 按支出性质分 block; its total is a formula."""
        center = {"align": "center"}
        got: dict[str, Decimal | None] = {}
        rows = 5
        for i in range(rows):
            row = r + i
            if i < len(labels):
                key, _name, shown = labels[i]
                ws.merge_range(row, label_col, row, label_last, shown, self.st.cell(align="left"))
                if key == "total":
                    continue
                fact = getattr(part, key, None) if part is not None else None
                got[key] = self._put(ws, row, value_col, self.src.num(fact, concepts[key]), center, value_last)
            else:
                ws.merge_range(row, label_col, row, label_last, "", self.st.cell())
                self._put(ws, row, value_col, None, center, value_last)
        parts = [k for k, _n, _s in labels if k != "total"]
        refs = ",".join(a1(r + 1 + i, value_col) for i in range(len(parts)))
        stated = getattr(part, "total", None) if part is not None else None
        if any(got.get(k) is not None for k in parts):
            total = sum((v for k in parts if (v := got.get(k)) is not None), Decimal(0))
            decimals = max((_decimals(v) for v in got.values() if v is not None), default=2)
            self._formula(ws, r, value_col, f'=IF(COUNT({refs})=0,"",SUM({refs}))', total,
                          decimals_format(decimals), center, value_last, stated=stated)
        else:
            self._put(ws, r, value_col, self.src.num(stated, "funds.total.full_year"), center, value_last)
        return rows

    def _goals(self, ws: Worksheet, r: int, goals: Any, last: int) -> int:
        ws.merge_range(r, 0, r + 1, 0, header_lines(A.GOALS, SELF_COLUMNS[0], 10), self.st.header(font_size=10))
        ws.merge_range(r, 1, r, 4, A.EXPECTED, self.st.header())
        ws.merge_range(r, 5, r, last, A.ACTUAL, self.st.header())
        expected = goals.expected.value if goals is not None and isinstance(goals.expected, Text) else ""
        actual = goals.actual.value if goals is not None and isinstance(goals.actual, Text) else ""
        ws.merge_range(r + 1, 1, r + 1, 4, expected, self.st.cell(align="left", valign="top"))
        ws.merge_range(r + 1, 5, r + 1, last, actual, self.st.cell(align="left", valign="top"))
        ws.set_row(r + 1, max(text_height(expected, 60), text_height(actual, 60), 40))
        return r + 2

    def _indicators(self, ws: Worksheet, r: int, categories: Sequence[IndicatorCategory],
                    total: TotalScore | None, weight_ref: str, score_ref: str,
                    funds_weight: Decimal | None, funds_score: Decimal | None) -> int:
        center = {"align": "center"}
        top = r
        for i, (_key, header) in enumerate(A.INDICATOR_HEADERS, start=1):
            ws.write_string(r, i, header_lines(header, SELF_COLUMNS[i], 10), self.st.header(font_size=10))
        ws.set_row(r, 30)
        r += 1
        first_item = r
        rows_height: dict[int, float] = {}
        weights: list[Decimal] = []
        scores: list[Decimal] = []
        for category in categories:
            cat_top = r
            for group in category.groups:
                group_top = r
                for item in group.items:
                    target = _value_text(item.target, item.nature, item.unit)
                    actual = _value_text(item.actual, None, item.unit)
                    self._text(ws, r, 3, item.name, align="left")
                    self._value(ws, r, 4, target)
                    self._value(ws, r, 5, actual)
                    w = self._put(ws, r, 6, self.src.num(item.weight, None, "分"), center)
                    s = self._put(ws, r, 7, self.src.num(item.score, None, "分"), center)
                    if w is not None:
                        weights.append(w)
                    if s is not None:
                        scores.append(s)
                    reason = item.reason.value if isinstance(item.reason, Text) else ""
                    self._text(ws, r, 8, reason, align="left")
                    height = max(text_height(item.name, 22), text_height(target, 16), text_height(actual, 16),
                                 text_height(reason, 22), text_height(group.name, 12))
                    rows_height[r] = height
                    ws.set_row(r, height)
                    r += 1
                if r == group_top:
                    for c in range(3, 9):
                        self._text(ws, r, c, "")
                    r += 1
                self._span(ws, group_top, r - 1, 2, group.name)
            if r == cat_top:
                self._text(ws, r, 2, "")
                for c in range(3, 9):
                    self._text(ws, r, c, "")
                r += 1
            label = category.name
            if category.weight is not None and not _CATEGORY_WEIGHT.search(label):
                label = f"{label}\n（{category.weight.text}分）"
            if r - cat_top == 1:  # one row must show the two-line label
                ws.set_row(cat_top, max(rows_height.get(cat_top, 20.0), text_height(label, 12)))
            self._span(ws, cat_top, r - 1, 1, label)
            if category.weight is not None:
                self.src.placed.setdefault(category.weight.location, f"{ws.get_name()}!{a1(cat_top, 1)}")
        if r == first_item:
            for c in range(1, 9):
                self._text(ws, r, c, "")
            r += 1
        last_item = r - 1
        self._span(ws, top, last_item, 0, A.INDICATORS)
        ws.merge_range(r, 0, r, 5, A.TOTAL, self.st.header())
        weight_range = f"{a1(first_item, 6)}:{a1(last_item, 6)}"
        score_range = f"{a1(first_item, 7)}:{a1(last_item, 7)}"
        total_weight = sum(weights, funds_weight or Decimal(0))
        total_score = sum(scores, funds_score or Decimal(0))
        self._formula(ws, r, 6, f"=N({weight_ref})+SUM({weight_range})", total_weight, "General", center,
                      stated=total.weight if total else None)
        self._formula(ws, r, 7, f"=N({score_ref})+SUM({score_range})", total_score, "General", center,
                      stated=total.score if total else None)
        grade = total.grade if total is not None and total.grade else ""
        self._text(ws, r, 8, f"评价等级：{grade}" if grade else "")
        ws.set_row(r, 24)
        return r + 1

    def _span(self, ws: Worksheet, first: int, last: int, col: int, text: str) -> None:
        style = self.st.cell(align="center", font_size=10)
        if last > first:
            ws.merge_range(first, col, last, col, text, style)
        else:
            ws.write_string(first, col, text, style)

    def _value(self, ws: Worksheet, r: int, c: int, text: str) -> None:
        if not text:
            self._text(ws, r, c, "")
            return
        written = text_or_number(text)
        if isinstance(written.value, str):
            ws.write_string(r, c, written.value, self.st.cell(align="center"))
        else:
            ws.write_number(r, c, written.value, self.st.cell(align="center", num_format=written.num_format))

    # ------------------------------------------------------------ 项目支出绩效自评表
    def _project(self, ws: Worksheet, ev: ProjectEvaluation) -> None:
        last = 8
        for c, w in enumerate(SELF_COLUMNS):
            ws.set_column(c, c, w)
        ws.set_default_row(20)
        year = self.year
        info = ev.project
        funds = ev.funds
        unit = (funds.unit if funds is not None and funds.unit else None) or CANONICAL_AMOUNT
        ws.merge_range(0, 0, 0, last, ev.title or "项目支出绩效自评表", self.st.title())
        ws.set_row(0, 36)
        ws.merge_range(1, 0, 1, last, f"（{year}年度）" if year else "", self.st.plain(align="center"))
        ws.merge_range(2, 0, 2, last, f"单位：{unit}", self.st.plain(align="right"))
        r = 3
        name = info.name if info and info.name else ""
        ws.merge_range(r, 0, r, 1, "项目名称", self.st.header())
        ws.merge_range(r, 2, r, last, name, self.st.cell(align="left"))
        r += 1
        ws.merge_range(r, 0, r, 1, "主管部门", self.st.header())
        ws.merge_range(r, 2, r, 4, (info.department or "") if info else "", self.st.cell(align="left"))
        ws.merge_range(r, 5, r, 6, "实施单位", self.st.header())
        ws.merge_range(r, 7, r, last, (info.implementer or "") if info else "", self.st.cell(align="left"))
        r += 1
        block_top = r
        center = {"align": "center"}
        self._funds_header(ws, r)
        r += 1
        total_row = r
        sources: list[ProjectFundsRow] = list(funds.rows) if funds is not None else []
        source_rows = list(range(r + 1, r + 1 + len(sources)))
        values: dict[tuple[int, str], Decimal | None] = {}
        for row, source in zip(source_rows, sources, strict=True):
            label = source.source or ""
            shown = label if label.startswith("其中") or row != source_rows[0] else f"其中：{label}"
            ws.write_string(row, 1, shown, self.st.cell(align="left", font_size=10))
            ws.set_row(row, text_height(shown, 13))
            for key, c in (("initial", 2), ("full_year", 3), ("final", 4)):
                fact = getattr(source, key)
                values[(row, key)] = self._put(ws, row, c, self.src.num(fact, None, unit), center)
            ws.write_string(row, 5, "—", self.st.cell(align="center"))
            ws.merge_range(row, 7, row, 8, "—", self.st.cell(align="center"))
            den_ref, num_ref = a1(row, 3), a1(row, 4)
            self._formula(ws, row, 6, f'=IF(OR(N({den_ref})=0,COUNT({num_ref})=0),"",{num_ref}/{den_ref})',
                          _ratio(values.get((row, "final")), values.get((row, "full_year"))), _PERCENT, center,
                          stated=source.rate)
        ws.write_string(total_row, 1, A.FUNDS_LABEL, self.st.cell(align="center"))
        total = funds.total if funds is not None else None
        got: dict[str, Decimal | None] = {}
        for key, c in (("initial", 2), ("full_year", 3), ("final", 4)):
            fact = getattr(total, key, None) if total is not None else None
            part_values = [values.get((row, key)) for row in source_rows]
            if any(v is not None for v in part_values):
                refs = ",".join(a1(row, c) for row in source_rows)
                value = sum((v for v in part_values if v is not None), Decimal(0))
                decimals = max((_decimals(v) for v in part_values if v is not None), default=2)
                self._formula(ws, total_row, c, f'=IF(COUNT({refs})=0,"",SUM({refs}))', value,
                              decimals_format(decimals), center, stated=fact)
                got[key] = value
            else:
                got[key] = self._put(ws, total_row, c, self.src.num(fact, f"funds.total.{key}", unit), center)
        got["weight"] = self._put(ws, total_row, 5, self.src.num(total.weight if total else None,
                                                                 "funds.total.weight", "分"), center)
        got["score"] = self._put(ws, total_row, 7, self.src.num(total.score if total else None,
                                                                "funds.total.score", "分"), center, 8)
        den_ref, num_ref = a1(total_row, 3), a1(total_row, 4)
        self._formula(ws, total_row, 6, f'=IF(OR(N({den_ref})=0,COUNT({num_ref})=0),"",{num_ref}/{den_ref})',
                      _ratio(got.get("final"), got.get("full_year")), _PERCENT, center,
                      stated=total.rate if total else None)
        r = total_row + 1 + len(sources)
        reason = total.reason.value if total is not None and isinstance(total.reason, Text) else ""
        if reason:
            ws.write_string(r, 1, A.REASON_LABEL, self.st.cell(align="center"))
            self._text(ws, r, 2, reason, last, align="left")
            r += 1
        ws.merge_range(block_top, 0, r - 1, 0, header_lines(A.PROJECT_FUNDS_BLOCK, SELF_COLUMNS[0], 10),
                       self.st.header(font_size=10))
        r = self._goals(ws, r, ev.goals, last)
        r = self._indicators(ws, r, ev.indicators, ev.total, a1(total_row, 5), a1(total_row, 7),
                             got.get("weight"), got.get("score"))
        for key, label in A.PROJECT_TEXTS:
            text = getattr(ev, key)
            if isinstance(text, Text) and not text.is_empty:
                ws.merge_range(r, 0, r, 1, label, self.st.header())
                self._text(ws, r, 2, text.value, last, align="left")
                ws.set_row(r, text_height(text.value, 100, minimum=30))
                r += 1
        self._signature(ws, r + 1, last, A.PROJECT_SIGNATURE)
        a4(ws)

    # ------------------------------------------------------------ 核查结果
    def _findings(self, ws: Worksheet) -> None:
        widths = (6, 7, 26, 66, 32, 24)
        for c, w in enumerate(widths):
            ws.set_column(c, c, w)
        last = len(widths) - 1
        counts = count_levels(self.findings)
        ws.merge_range(0, 0, 0, last, f"核查结果：{subject_name(self.ev)}", self.st.title(14))
        ws.set_row(0, 30)
        summary = (f"共 {len(self.findings)} 条：错误 {counts['error']}，警告 {counts['warning']}，"
                   f"提示 {counts['info']}。“附表单元格”指向本工作簿中对应的数字。")
        ws.merge_range(1, 0, 1, last, summary, self.st.plain(text_wrap=True))
        for c, header in enumerate(A.FINDINGS_HEADERS):
            ws.write_string(2, c, header, self.st.header())
        link = self.st.cell(font_color="#0563C1", underline=1)
        level_colors = {"error": "#C00000", "warning": "#B45F06", "info": "#38761D"}
        for i, finding in enumerate(self.findings, start=1):
            r = 2 + i
            ws.write_number(r, 0, i, self.st.cell(align="center"))
            ws.write_string(r, 1, finding.level.zh, self.st.cell(align="center",
                                                                 font_color=level_colors[finding.level.value]))
            ws.write_string(r, 2, finding.code, self.st.cell(font_size=10))
            ws.write_string(r, 3, finding.message, self.st.cell(align="left"))
            places = "\n".join(loc.render() for loc in finding.locations) or "—"
            ws.write_string(r, 4, places, self.st.cell(font_size=9))
            cells = [self.src.placed[loc] for loc in finding.locations if loc in self.src.placed]
            if cells:
                first = cells[0]
                sheet, cell = first.split("!", 1)
                # one cell a line; a HYPERLINK formula, since LibreOffice shows a plain link's
                # text on one line whatever its width or line breaks
                shown = list(dict.fromkeys(cells))
                label = "&CHAR(10)&".join(f'"{c}"' for c in shown)
                target = f"#{quote_sheet(sheet)}!{cell}"
                ws.write_formula(r, 5, f'=HYPERLINK("{target}",{label})', link, "\n".join(shown))
            else:
                ws.write_blank(r, 5, None, self.st.cell())
            lines = max(len(finding.locations), len(set(cells)))
            ws.set_row(r, max(text_height(finding.message, 70), 15.0 * lines + 6))
        ws.freeze_panes(3, 0)
        ws.autofilter(2, 0, 2 + len(self.findings), last)
        a4(ws, landscape=True, repeat=(2, 2))


BASIC_COLUMNS = (36, 11, 11, 11, 11, 11, 11)  # 附件2: the labels on one line, six figure columns
# 附件3 and the project table: the first column holds “（万元）” of its block labels on one line
SELF_COLUMNS = (8, 12, 12, 22, 16, 16, 8, 8, 22)


def _percent_as_stated(stated: Fact | None) -> str:
    """A rate cell shows as many decimals as the unit stated (“111%” → 0%), so the formula
    displays the figure the table states; two decimals where nothing is stated."""
    if stated is None:
        return _PERCENT
    return "0%" if stated.decimals <= 0 else "0." + "0" * min(stated.decimals, 6) + "%"


def _ratio(num: Decimal | None, den: Decimal | None) -> Decimal | None:
    if num is None or den is None or den == 0:
        return None
    return num / den


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _value_text(value: IndicatorValue | None, nature: str | None, unit: str | None) -> str:
    """An indicator value as the table shows it; split columns (性质/值/单位) joined."""
    if value is None or not value.text:
        return ""
    text = value.text
    if nature or unit:
        from jixiao.model.numbers import parse_number

        if parse_number(text) is not None:
            op = nature if nature and nature != "定性" else ""
            return f"{op}{text}{unit or ''}"
    return text

