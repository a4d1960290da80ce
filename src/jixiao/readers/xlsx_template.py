"""Reading a filled template (填报模板) back into the YAML-shaped located tree.

Rows are found by their labels (column A) and table columns by their headers, so
inserted rows — more projects, more 三级指标 — are read like the others. Formula
cells that state a quantity (人员控制率, 预算执行率, 总分 …) are read with their cached
result; display-only formulas (校验, 小计) are not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from jixiao.findings import Finding
from jixiao.located import Mapping, Scalar
from jixiao.model.numbers import parse_number
from jixiao.model.tree import append_item
from jixiao.readers.tree import UNKNOWN_KEY
from jixiao.readers.xlsx_common import TreeBuilder, add, new_item, norm, read_cell
from jixiao.readers.xlsxbook import Sheet
from jixiao.workbook import layout as L

_OPERATORS = ("≥", "≤", "=", ">", "<")


@dataclass(slots=True)
class TemplateReader:
    tree: TreeBuilder
    kind: str
    findings: list[Finding] = field(default_factory=list)

    # ------------------------------------------------------------ key–value sheets
    def kv(self, sheet: Sheet, spec: L.SheetSpec) -> None:
        rows: dict[str, int] = {}
        for r in range(sheet.nrows):
            label = norm(sheet.text(r, 0))
            if label and label not in rows:
                rows[label] = r
        known: set[int] = set()
        for row in spec.rows:
            if isinstance(row, L.Section):
                known.add(rows.get(norm(row.title), -1))
                continue
            r = rows.get(norm(row.label), -1)
            known.add(r)
            if r < 0 or row.display_only:
                continue
            value = read_cell(sheet, r, 1, row.label, self.findings)
            if value is not None:
                self.tree.put(row.path, value, sheet.location(r, 0))
        title = norm(spec.title)
        for r in range(2, sheet.nrows):
            if r in known:
                continue
            label = sheet.text(r, 0)
            if sheet.text(r, 1) and norm(label) != title and norm(label) not in ("项目",):
                self.findings.append(UNKNOWN_KEY.finding(
                    [sheet.location(r, 0)], key=label or "（无标签）", where=f"工作表“{sheet.name}”", hint=""))

    # ------------------------------------------------------------ 经费控制
    def control(self, sheet: Sheet) -> None:
        header = _find_row(sheet, 0, "项目", lambda texts: sum("决算" in t or "预算" in t for t in texts) >= 2)
        if header is None:
            return
        columns = [c for c, t in enumerate(sheet.row_texts(header)) if c > 0 and ("决算" in t or "预算" in t)][:3]
        lines = {line.name: line for line in L.CONTROL_LINES}
        base = ("basic_data", "expenses")
        in_categories = False
        categories = None
        r = header + 1
        while r < sheet.nrows:
            raw_label = sheet.text(r, 0)
            label = norm(raw_label)
            if label.startswith(L.BUILDINGS_TITLE):
                self._buildings(sheet, r + 1)
                break
            key = L.CONTROL_ALIASES.get(label) or (lines[label].key if label in lines else None)
            if key is not None:
                in_categories = key == "project"
                item = self.tree.mapping((*base, key), sheet.location(r, 0))
                self._control_values(sheet, r, columns, item, lines.get(label), raw_label)
            elif in_categories:
                item = new_item(sheet.location(r, 0))
                if raw_label:
                    add(item, "name", Scalar(raw_label.strip(), sheet.location(r, 0)))
                self._control_values(sheet, r, columns, item, None, raw_label or "项目支出分项")
                if len(item.entries) > (1 if raw_label else 0):
                    if categories is None:
                        categories = self.tree.sequence((*base, L.CATEGORIES), sheet.location(r, 0))
                    categories.items.append(item)
            elif any(sheet.text(r, c) for c in columns):
                self.findings.append(UNKNOWN_KEY.finding(
                    [sheet.location(r, 0)], key=raw_label or "（无标签）", where=f"工作表“{sheet.name}”",
                    hint=""))
            r += 1

    def _control_values(self, sheet: Sheet, r: int, columns: list[int], item: Mapping,
                        line: L.ControlLine | None, label: str) -> None:
        for key, c in zip(L.CONTROL_COLUMNS, columns, strict=False):
            header = L.CONTROL_HEADERS[L.CONTROL_COLUMNS.index(key)]
            value = read_cell(sheet, r, c, f"{norm(label)}·{header}", self.findings)
            add(item, key, value)

    def _buildings(self, sheet: Sheet, header: int) -> None:
        titles = [norm(t) for t in sheet.row_texts(header)]
        columns: dict[str, int] = {}
        for key, title, _kind in L.BUILDING_COLUMNS:
            if norm(title) in titles:
                columns[key] = titles.index(norm(title))
        seq = None
        for r in range(header + 1, sheet.nrows):
            item = new_item(sheet.location(r, 0))
            for key, c in columns.items():
                add(item, key, read_cell(sheet, r, c, f"楼堂馆所·{key}", self.findings))
            if (item.entries and any(k != "name" for k, _l, _n in item.entries)) or \
                    any(k == "name" for k, _l, _n in item.entries):
                if seq is None:
                    seq = self.tree.sequence(("basic_data", "buildings"), sheet.location(header, 0))
                seq.items.append(item)

    # ------------------------------------------------------------ 项目
    def projects(self, sheet: Sheet) -> None:
        header = _find_row(sheet, 0, "项目名称")
        if header is None:
            return
        titles = [norm(t) for t in sheet.row_texts(header)]
        columns = {col.key: titles.index(norm(col.header)) for col in L.PROJECT_COLUMNS
                   if col.key and norm(col.header) in titles}
        base = ("report", "performance", "projects")
        seq = None
        r = header + 1
        while r < sheet.nrows:
            label = norm(sheet.text(r, 0))
            if label == L.PROJECT_TOTAL:
                break
            item = new_item(sheet.location(r, 0))
            for key, c in columns.items():
                add(item, key, read_cell(sheet, r, c, f"项目第{r - header}行·{key}", self.findings))
            if item.entries:
                if seq is None:
                    seq = self.tree.sequence((*base, "items"), sheet.location(header, 0))
                seq.items.append(item)
            r += 1
        if r < sheet.nrows and "initial" in columns:
            total = read_cell(sheet, r, columns["initial"], "项目年初预算合计", self.findings)
            if total is not None:
                self.tree.put((*base, "initial_total"), total, sheet.location(r, 0))
        for rr in range(r + 1, min(r + 4, sheet.nrows)):
            if norm(sheet.text(rr, 0)) == L.PROJECT_COUNT:
                count = read_cell(sheet, rr, 1, L.PROJECT_COUNT, self.findings)
                if count is not None:
                    self.tree.put((*base, "count"), count, sheet.location(rr, 0))
                break

    # ------------------------------------------------------------ 项目资金 (project kind)
    def project_funds(self, sheet: Sheet) -> None:
        unit_row = _find_row(sheet, 0, L.FUND_UNIT_LABEL)
        if unit_row is not None:
            unit = read_cell(sheet, unit_row, 1, L.FUND_UNIT_LABEL, self.findings)
            if unit is not None:
                self.tree.put(("funds", "unit"), unit, sheet.location(unit_row, 0))
        header = _find_row(sheet, 0, "资金", lambda texts: any("年初预算" in t for t in texts))
        if header is None:
            return
        titles = [norm(t) for t in sheet.row_texts(header)]
        columns = {col.key: titles.index(norm(col.header)) for col in L.FUND_COLUMNS
                   if col.key and col.key != "source" and norm(col.header) in titles}
        seq = None
        for r in range(header + 1, sheet.nrows):
            raw = sheet.text(r, 0)
            label = norm(raw)
            if label == L.FUND_TOTAL:
                item = self.tree.mapping(("funds", "total"), sheet.location(r, 0))
            else:
                item = new_item(sheet.location(r, 0))
                if label:
                    add(item, "source", Scalar(label, sheet.location(r, 0)))
            for key, c in columns.items():
                add(item, key, read_cell(sheet, r, c, f"{label or '资金'}·{key}", self.findings))
            if label != L.FUND_TOTAL and any(k != "source" for k, _l, _n in item.entries):
                if seq is None:
                    seq = self.tree.sequence(("funds", "rows"), sheet.location(header, 0))
                seq.items.append(item)

    # ------------------------------------------------------------ 绩效指标
    def indicators(self, sheet: Sheet, base: tuple[str, ...], total_path: tuple[str, ...]) -> None:
        header = _find_row(sheet, 0, "一级指标")
        if header is None:
            return
        titles = [norm(t) for t in sheet.row_texts(header)]
        col = {c.key: titles.index(norm(c.header)) for c in L.INDICATOR_COLUMNS
               if c.key and norm(c.header) in titles}
        if "category" not in col or "name" not in col:
            return
        categories = self.tree.sequence((*base, "indicators"), sheet.location(header, 0))
        category: Mapping | None = None
        group: Mapping | None = None
        for r in range(header + 1, sheet.nrows):
            first = sheet.text(r, col["category"])
            if norm(first) == L.INDICATOR_TOTAL:
                for key in ("weight", "score"):
                    if key in col:
                        value = read_cell(sheet, r, col[key], f"总分·{'分值' if key == 'weight' else '得分'}",
                                          self.findings)
                        if value is not None:
                            self.tree.put((*total_path, key), value, sheet.location(r, col["category"]))
                break
            if first:
                category = new_item(sheet.location(r, col["category"]))
                add(category, "name", Scalar(first, sheet.location(r, col["category"])))
                if "weight" in col:
                    add(category, "weight", read_cell(sheet, r, col["weight"], f"{first}·分值", self.findings))
                categories.items.append(category)
                group = None
                continue
            group_name = sheet.text(r, col["group"]) if "group" in col else ""
            if group_name:
                if category is None:
                    category = new_item(sheet.location(r, 0))
                    categories.items.append(category)
                group = new_item(sheet.location(r, col["group"]))
                add(group, "name", Scalar(group_name, sheet.location(r, col["group"])))
            item = self._indicator(sheet, r, col)
            if item is None:
                continue
            if category is None:
                category = new_item(sheet.location(r, 0))
                categories.items.append(category)
            if group is None:
                group = new_item(sheet.location(r, col["name"]))
            append_item(category, "groups", group)
            append_item(group, "items", item)

    def _indicator(self, sheet: Sheet, r: int, col: dict[str, int]) -> Mapping | None:
        cells: dict[str, Scalar | None] = {}
        for key in ("name", "nature", "unit", "target", "actual", "weight", "score", "reason"):
            cells[key] = read_cell(sheet, r, col[key], f"第{r + 1}行·{key}", self.findings) if key in col else None
        if not any(cells.values()):
            return None
        item = new_item(sheet.location(r, col["name"]))
        nature = cells["nature"].text.strip() if cells["nature"] else ""
        unit = cells["unit"].text.strip() if cells["unit"] else ""
        for key, node in cells.items():
            if node is None:
                continue
            if key == "target":
                node = Scalar(_combine(nature, node.text, unit), node.location)
            elif key == "actual" and nature != "定性":
                node = Scalar(_combine("", node.text, unit), node.location)
            add(item, key, node)
        return item


def _combine(nature: str, value: str, unit: str) -> str:
    """Split columns (指标性质 / 指标值 / 度量单位) as one target: ``≥`` ``95`` ``%`` → ``≥95%``.
    A value that already carries its operator or unit is kept as written."""
    text = value.strip()
    if parse_number(text) is None:
        return text
    prefix = nature if nature in _OPERATORS else ""
    return f"{prefix}{text}{unit}"


def _find_row(sheet: Sheet, col: int, label: str,
              extra: Callable[[list[str]], bool] | None = None) -> int | None:
    wanted = norm(label)
    for r in range(min(sheet.nrows, 60)):
        if norm(sheet.text(r, col)) == wanted and (extra is None or extra(sheet.row_texts(r))):
            return r
    return None
