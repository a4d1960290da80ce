"""Reading the attached tables (附件2, 附件3, 项目支出绩效自评表) back into the YAML-shaped
located tree.

The tables are found by their labels (``年度资金总额``, ``一级指标`` …) and their
columns by their headers; merged cells are read at their top-left cell and 一级/二级
指标 names run down their merged ranges. Formula cells are read with their cached
results: they are what the table shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from jixiao.findings import Finding
from jixiao.located import Mapping, Scalar
from jixiao.model.location import Location
from jixiao.model.tree import append_item
from jixiao.readers.xlsx_common import TreeBuilder, add, new_item, norm, read_cell
from jixiao.readers.xlsxbook import Book, Sheet
from jixiao.workbook import attachment_layout as A
from jixiao.workbook import layout as L

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")
_CATEGORY_WEIGHT = re.compile(r"\s*[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*$")
_PROJECT_YEAR = re.compile(r"[（(]\s*((?:19|20)\d{2})\s*年度?\s*[)）]")
_UNIT_LINE = re.compile(r"单位[:：]\s*(万元|元)")

FindSheet = Callable[[Book, str, Callable[[Sheet], bool], str, list[Finding], set[str], bool], Sheet | None]


def read_attachments(book: Book, tree: TreeBuilder, kind: str, findings: list[Finding],
                     find_sheet: FindSheet) -> str:
    """Read the attached tables; return the evaluation kind they belong to."""
    from jixiao.readers.xlsx import mentions

    taken: set[str] = set()
    if not kind:
        project_like = A.PROJECT_SHEET in book.names or any(
            (s := book.sheet(n)) is not None and mentions(s, A.TITLE_WORDS[A.PROJECT_SHEET]) for n in book.names[:4])
        kind = "project" if project_like and A.SELF_SHEET not in book.names else "overall"
    if kind == "project":
        sheet = find_sheet(book, A.PROJECT_SHEET, lambda s: mentions(s, A.TITLE_WORDS[A.PROJECT_SHEET]),
                           "项目支出绩效自评表", findings, taken, True)
        if sheet is not None:
            _Reader(sheet, tree, findings).project()
        return kind
    basic = find_sheet(book, A.BASIC_SHEET, lambda s: mentions(s, A.TITLE_WORDS[A.BASIC_SHEET]),
                       "附件2 整体支出绩效评价基础数据表", findings, taken, True)
    self_eval = find_sheet(book, A.SELF_SHEET, lambda s: mentions(s, A.TITLE_WORDS[A.SELF_SHEET]),
                           "附件3 整体支出绩效自评表", findings, taken, True)
    if basic is not None:
        _Reader(basic, tree, findings).basic()
    if self_eval is not None:
        _Reader(self_eval, tree, findings).self_evaluation()
    return kind


@dataclass(slots=True)
class _Reader:
    sheet: Sheet
    tree: TreeBuilder
    findings: list[Finding]
    _labels: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    _merge_at: dict[tuple[int, int], tuple[int, int, int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for r in range(self.sheet.nrows):
            for c in range(len(self.sheet.rows[r])):
                value = self.sheet.raw(r, c)
                if isinstance(value, str) and value.strip():
                    self._labels.setdefault(norm(value), []).append((r, c))
        for m in self.sheet.merges:
            self._merge_at[(m[0], m[1])] = m

    # ------------------------------------------------------------ helpers
    def find(self, label: str, *, prefix: bool = False, after: int = -1) -> tuple[int, int] | None:
        wanted = norm(label)
        best: tuple[int, int] | None = None
        if prefix:
            for text, places in self._labels.items():
                if text.startswith(wanted) or text.endswith(wanted):
                    for place in places:
                        if place[0] > after and (best is None or place < best):
                            best = place
            return best
        for place in self._labels.get(wanted, []):
            if place[0] > after and (best is None or place < best):
                best = place
        return best

    def right_of(self, r: int, c: int) -> int:
        merge = self._merge_at.get((r, c))
        return (merge[3] if merge else c) + 1

    def cell(self, r: int, c: int, name: str) -> Scalar | None:
        return read_cell(self.sheet, r, c, name, self.findings)

    def header_columns(self, r: int, names: tuple[tuple[str, str], ...],
                       contains: bool = False) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in range(len(self.sheet.rows[r]) if r < self.sheet.nrows else 0):
            text = norm(self.sheet.text(r, c))
            if not text:
                continue
            for key, header in names:
                if key in out:
                    continue
                if text == norm(header) or (contains and norm(header) in text):
                    out[key] = c
                    break
        return out

    def head(self, base: tuple[str, ...], word: str, number_key: str = "attachment_number") -> None:
        """附件N and the title line."""
        first = self.sheet.text(0, 0)
        m = re.match(r"^附件\s*(\d+)$", first.replace(" ", ""))
        if m:
            self.tree.text((*base, number_key), m.group(1), self.sheet.location(0, 0))
        for r in range(min(4, self.sheet.nrows)):
            text = self.sheet.text(r, 0)
            if word in text:
                self.tree.text((*base, "title"), text, self.sheet.location(r, 0))
                year = _YEAR.search(text)
                if year:
                    self._year(year.group(1), self.sheet.location(r, 0))
                return

    def _year(self, year: str, loc: Location) -> None:
        mapping = self.tree.mapping(("unit",), loc)
        if not any(k == "year" for k, _l, _n in mapping.entries):
            self.tree.text(("unit", "year"), year, loc)

    # ------------------------------------------------------------ 附件2
    def basic(self) -> None:
        base = ("basic_data",)
        self.head(base, "基础数据表")
        staff = self.find(A.STAFF_TITLE[:8], prefix=True)
        if staff is not None:
            r = staff[0]
            columns = self.header_columns(r, A.STAFF_HEADERS, contains=True)
            item = self.tree.mapping((*base, "staff"), self.sheet.location(r, 0))
            for key, c in columns.items():
                add(item, key, self.cell(r + 1, c, f"财政供养人员情况·{dict(A.STAFF_HEADERS)[key]}"))
        control = self.find(A.CONTROL_TITLE[:6], prefix=True)
        end = self.sheet.nrows
        buildings = self.find(A.BUILDINGS_TITLE, prefix=True)
        austerity = self.find(A.AUSTERITY, prefix=True)
        for stop in (buildings, austerity):
            if stop is not None:
                end = min(end, stop[0])
        if control is not None:
            self._control(control[0], end, base)
        if buildings is not None:
            self._buildings(buildings[0], austerity[0] if austerity else self.sheet.nrows, base)
        if austerity is not None:
            r, c = austerity
            value = self.cell(r, self.right_of(r, c), A.AUSTERITY)
            if value is not None:
                self.tree.put((*base, "austerity_measures"), value, self.sheet.location(r, c))

    def _control(self, header: int, end: int, base: tuple[str, ...]) -> None:
        columns = [c for c in range(1, len(self.sheet.rows[header])) if self.sheet.text(header, c)][:3]
        lines = {line.name: line for line in L.CONTROL_LINES}
        in_categories = False
        categories = None
        for r in range(header + 1, end):
            raw = self.sheet.text(r, 0)
            label = norm(raw)
            key = L.CONTROL_ALIASES.get(label) or (lines[label].key if label in lines else None)
            if key is not None:
                in_categories = key == "project"
                item = self.tree.mapping((*base, "expenses", key), self.sheet.location(r, 0))
            elif in_categories and label:
                item = new_item(self.sheet.location(r, 0))
                add(item, "name", Scalar(label, self.sheet.location(r, 0)))
            else:
                continue
            for col, c in zip(L.CONTROL_COLUMNS, columns, strict=False):
                header_text = L.CONTROL_HEADERS[L.CONTROL_COLUMNS.index(col)]
                add(item, col, self.cell(r, c, f"{label}·{header_text}"))
            if key is None and len(item.entries) > 1:  # a 分项 with figures (placeholders have none)
                if categories is None:
                    categories = self.tree.sequence((*base, "expenses", L.CATEGORIES), self.sheet.location(r, 0))
                categories.items.append(item)

    def _buildings(self, header: int, end: int, base: tuple[str, ...]) -> None:
        names = tuple((key, title.split("（")[0]) for key, title, _k in L.BUILDING_COLUMNS[1:])
        columns = self.header_columns(header, names, contains=True)
        seq = None
        for r in range(header + 1, end):
            item = new_item(self.sheet.location(r, 0))
            name = self.cell(r, 0, "楼堂馆所·项目名称")
            add(item, "name", name)
            for key, c in columns.items():
                add(item, key, self.cell(r, c, f"楼堂馆所·{dict(names)[key]}"))
            if item.entries:
                if seq is None:
                    seq = self.tree.sequence((*base, "buildings"), self.sheet.location(header, 0))
                seq.items.append(item)

    # ------------------------------------------------------------ 附件3
    def self_evaluation(self) -> None:
        base = ("self_evaluation",)
        self.head(base, "自评表")
        unit = self.find(A.UNIT_LABEL, prefix=True)
        if unit is not None:
            r, c = unit
            name = self.cell(r, self.right_of(r, c), A.UNIT_LABEL)
            if name is not None:
                self.tree.put((*base, "unit_name"), name, self.sheet.location(r, c))
                self.tree.put(("unit", "name"), Scalar(name.text, name.location), self.sheet.location(r, c))
            level = self.sheet.text(r, c).split("预算部门")[0].strip()
            if level:
                self.tree.text(("unit", "level"), level, self.sheet.location(r, c))
        funds_row = self._funds(base, A.FUNDS_LABEL, ("self_evaluation", "funds"))
        goals = self.find(A.EXPECTED)
        stop = goals[0] if goals is not None else self.sheet.nrows
        if funds_row is not None:
            self._breakdowns(funds_row + 1, stop, base)
        self._goals(base)
        self._indicators(base, (*base, "total"))

    def _funds(self, base: tuple[str, ...], label: str, path: tuple[str, ...]) -> int | None:
        at = self.find(label)
        if at is None:
            return None
        r, c = at
        columns = self.header_columns(r - 1, A.FUNDS_HEADERS)
        item = self.tree.mapping(path, self.sheet.location(r, c))
        names = dict(A.FUNDS_HEADERS)
        for key, col in columns.items():
            add(item, key, self.cell(r, col, f"{label}·{names[key]}"))
        reason = self.find(A.REASON_LABEL, after=r)
        if reason is not None and reason[0] <= r + 8:
            rr, rc = reason
            add(item, "reason", self.cell(rr, self.right_of(rr, rc), A.REASON_LABEL))
        return r

    def _breakdowns(self, first: int, stop: int, base: tuple[str, ...]) -> None:
        targets: dict[str, tuple[str, str]] = {}
        for key, name, _shown in A.REVENUE_LABELS:
            targets[norm(name)] = ("by_revenue", key)
        for key, name, _shown in A.EXPENDITURE_LABELS:
            targets[norm(name)] = ("by_expenditure", key)
        for r in range(first, stop):
            for c in range(len(self.sheet.rows[r])):
                text = self.sheet.raw(r, c)
                if not isinstance(text, str) or not text.strip():
                    continue
                target = targets.get(norm(text))
                if target is None:
                    continue
                value = self.cell(r, self.right_of(r, c), norm(text))
                if value is not None:
                    self.tree.put((*base, *target), value, self.sheet.location(r, c))

    def _goals(self, base: tuple[str, ...]) -> None:
        for key, label in (("expected", A.EXPECTED), ("actual", A.ACTUAL)):
            at = self.find(label)
            if at is None:
                continue
            value = self.cell(at[0] + 1, at[1], label)
            if value is not None:
                self.tree.put((*base, "goals", key), value, self.sheet.location(*at))

    def _indicators(self, base: tuple[str, ...], total_path: tuple[str, ...]) -> None:
        at = self.find("一级指标")
        if at is None:
            return
        header = at[0]
        col = self.header_columns(header, A.INDICATOR_HEADERS)
        if "name" not in col:
            return
        categories = self.tree.sequence((*base, "indicators"), self.sheet.location(*at))
        category: Mapping | None = None
        group: Mapping | None = None
        for r in range(header + 1, self.sheet.nrows):
            texts = [norm(self.sheet.text(r, c)) for c in range(min(len(self.sheet.rows[r]), col["name"] + 1))]
            if A.TOTAL in texts:
                for key in ("weight", "score"):
                    if key in col:
                        value = self.cell(r, col[key], f"总分·{'分值' if key == 'weight' else '得分'}")
                        if value is not None:
                            self.tree.put((*total_path, key), value, self.sheet.location(r, texts.index(A.TOTAL)))
                break
            cat_text = self.sheet.text(r, col["category"]) if "category" in col else ""
            if cat_text:
                loc = self.sheet.location(r, col["category"])
                category = new_item(loc)
                m = _CATEGORY_WEIGHT.search(cat_text)
                name = cat_text[: m.start()] if m else cat_text
                add(category, "name", Scalar(name.replace("\n", "").strip(), loc))
                if m:
                    add(category, "weight", Scalar(m.group(1), loc))
                categories.items.append(category)
                group = None
            group_text = self.sheet.text(r, col["group"]) if "group" in col else ""
            if group_text:
                group = new_item(self.sheet.location(r, col["group"]))
                add(group, "name", Scalar(group_text.replace("\n", ""), self.sheet.location(r, col["group"])))
                if category is None:
                    category = new_item(self.sheet.location(r, 0))
                    categories.items.append(category)
                append_item(category, "groups", group)
            item = new_item(self.sheet.location(r, col["name"]))
            for key in ("name", "target", "actual", "weight", "score", "reason"):
                if key in col:
                    add(item, key, self.cell(r, col[key], f"第{r + 1}行·{dict(A.INDICATOR_HEADERS)[key]}"))
            if not item.entries:
                continue
            if category is None:
                category = new_item(self.sheet.location(r, 0))
                categories.items.append(category)
            if group is None:
                group = new_item(self.sheet.location(r, col["name"]))
                append_item(category, "groups", group)
            append_item(group, "items", item)

    # ------------------------------------------------------------ 项目支出绩效自评表
    def project(self) -> None:
        year_found = False
        for r in range(min(4, self.sheet.nrows)):
            text = self.sheet.text(r, 0)
            if "自评表" in text:
                self.tree.text(("title",), text, self.sheet.location(r, 0))
            year = _PROJECT_YEAR.search(text)
            if year and not year_found:
                year_found = True
                self.tree.text(("project", "year"), year.group(1), self.sheet.location(r, 0))
        for r in range(min(4, self.sheet.nrows)):
            unit = _UNIT_LINE.search(self.sheet.text(r, 0))
            if unit:
                self.tree.text(("funds", "unit"), unit.group(1), self.sheet.location(r, 0))
                break
        for key, label in A.PROJECT_LABELS:
            at = self.find(label)
            if at is not None:
                value = self.cell(at[0], self.right_of(*at), label)
                if value is not None:
                    self.tree.put(("project", key), value, self.sheet.location(*at))
        funds_row = self._funds((), A.FUNDS_LABEL, ("funds", "total"))
        goals = self.find(A.GOALS)
        if funds_row is not None:
            self._sources(funds_row, goals[0] if goals is not None else self.sheet.nrows)
        self._goals(())
        self._indicators((), ("total",))
        for key, label in A.PROJECT_TEXTS:
            at = self.find(label)
            if at is not None:
                value = self.cell(at[0], self.right_of(*at), label)
                if value is not None:
                    self.tree.put((key,), value, self.sheet.location(*at))

    def _sources(self, total_row: int, stop: int) -> None:
        label_col = next((c for c in range(len(self.sheet.rows[total_row]))
                          if norm(self.sheet.text(total_row, c)) == A.FUNDS_LABEL), 1)
        columns = self.header_columns(total_row - 1, A.FUNDS_HEADERS)
        seq = None
        for r in range(total_row + 1, stop):
            label = norm(self.sheet.text(r, label_col))
            if not label or label == norm(A.REASON_LABEL):
                continue
            item = new_item(self.sheet.location(r, label_col))
            add(item, "source", Scalar(label, self.sheet.location(r, label_col)))
            for key, c in columns.items():
                add(item, key, self.cell(r, c, f"{label}·{dict(A.FUNDS_HEADERS)[key]}"))
            if len(item.entries) > 1:
                if seq is None:
                    seq = self.tree.sequence(("funds", "rows"), self.sheet.location(r, label_col))
                seq.items.append(item)


