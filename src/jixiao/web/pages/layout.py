"""Where each field of the data document sits on the pages that mirror the official
tables (附件2 基础数据表, 附件3 自评表, the project table) and the report's sections.

Only presentation lives here: every cell names its field by the JSON pointer into the
data document (docs/input-format.md), the label a clerk reads in the printed table, and
whether the figure is typed or computed (totals and rates are recomputed by the engine and
shown read-only). No rule, score or arithmetic: the engine decides what is right.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# How a cell is edited: a short figure, one line of text, or a paragraph.
FIGURE, LINE, TEXT = "figure", "line", "text"


@dataclass(frozen=True, slots=True)
class Cell:
    path: str
    label: str
    kind: str = FIGURE
    computed: bool = False
    # for a computed cell, the engine's figure it shows: a key of ``jixiao.api.Result.computed``
    # ("relation|concept"); the page shows the figure stated beside it when they differ
    source: str = ""


@dataclass(frozen=True, slots=True)
class Row:
    """A table row: its heading (indented by level under a parent row) and its cells."""

    heading: str
    cells: tuple[Cell, ...]
    level: int = 0
    heading_cell: Cell | None = None  # a row whose heading is itself a field (a named 分项)
    item: tuple[str, int] | None = None  # a row of a list the clerk may remove: (the list's pointer, index)
    adds: tuple[tuple[str, str], ...] = ()  # rows the clerk may add from this row: (list pointer, button label)


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """One 三级指标 row with the 一级/二级 cells it opens (rowspan > 0 on the first row)."""

    category: Cell | None
    category_weight: Cell | None
    category_span: int
    group: Cell | None
    group_span: int
    cells: tuple[Cell, ...]
    # the lists this row's parts belong to, for adding and removing rows: (list pointer, index)
    category_item: tuple[str, int] | None = None
    group_item: tuple[str, int] | None = None
    item: tuple[str, int] | None = None

    def all(self) -> tuple[Cell, ...]:
        return tuple(c for c in (self.category, self.category_weight, self.group) if c is not None) + self.cells


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of a tab: a grid (heading column + columns), a list of fields, or
    the indicator table (一级/二级/三级 with rowspans)."""

    title: str
    columns: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    fields: tuple[Cell, ...] = ()
    indicators: tuple[IndicatorRow, ...] = ()
    adds: tuple[tuple[str, str], ...] = ()  # rows the clerk may add under the section: (list pointer, label)


@dataclass(frozen=True, slots=True)
class Tab:
    key: str
    title: str
    sections: tuple[Section, ...]


def pointer_get(doc: Any, path: str) -> Any:
    """The value at a JSON pointer, or None where any step is missing."""
    node = doc
    for raw in path.strip("/").split("/"):
        if not raw:
            continue
        step = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping):
            node = node.get(step)
        elif isinstance(node, list) and step.isdigit() and int(step) < len(node):
            node = node[int(step)]
        else:
            return None
        if node is None:
            return None
    return node


def display(value: Any) -> str:
    """A stored value as the input shows it (the document keeps figures as written)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


# ---------------------------------------------------------------- 附件2 基础数据表

_CONTROL_COLUMNS = ("上年决算数", "本年预算数", "本年决算数")
_CONTROL_ROWS: tuple[tuple[str, str, int, str], ...] = (
    # key, heading, indent level, the engine's sum a 合计 row shows ("relation|concept" less its measure)
    ("three_public", "三公经费", 0, "three-public|three_public.total"),
    ("car", "1、公务用车购置和维护经费", 1, "car|three_public.car"),
    ("car_purchase", "其中：公车购置", 2, ""),
    ("car_operation", "公车运行维护", 2, ""),
    ("overseas", "2、出国经费", 1, ""),
    ("reception", "3、公务接待", 1, ""),
    ("project", "项目支出", 0, ""),
)
_CONTROL_ROWS_AFTER: tuple[tuple[str, str, int], ...] = (
    ("public_funds", "公用经费", 0),
    ("office", "其中：办公经费", 1),
    ("utilities_travel", "水费、电费、差旅费", 1),
    ("meetings_training", "会议费、培训费", 1),
    ("procurement", "政府采购金额", 0),
    ("budget_adjustment", "部门基本支出预算调整", 0),
)
_BUILDING_FIELDS = (("name", "项目名称", LINE), ("approved_scale", "批复规模", FIGURE),
                    ("actual_scale", "实际规模", FIGURE), ("scale_control_rate", "规模控制率", FIGURE),
                    ("budget_investment", "预算投资", FIGURE), ("actual_investment", "实际投资", FIGURE),
                    ("investment_control_rate", "投资概算控制率", FIGURE))


def _control_row(base: str, key: str, heading: str, level: int, source: str = "") -> Row:
    return Row(heading, tuple(Cell(f"{base}/{key}/{col}", f"{heading}·{label}", computed=bool(source),
                                   source=f"{source}.{col}" if source else "")
                              for col, label in zip(("prior_final", "budget", "final"), _CONTROL_COLUMNS,
                                                    strict=True)), level)


def basic_data_tab(doc: Mapping[str, Any]) -> Tab:
    base = "/basic_data/expenses"
    rows = [_control_row(base, key, heading, level, source) for key, heading, level, source in _CONTROL_ROWS]
    rows[-1] = Row(rows[-1].heading, rows[-1].cells, rows[-1].level,
                   adds=((f"{base}/project_categories", "＋项目支出分项"),))
    categories = pointer_get(doc, f"{base}/project_categories") or []
    for i, category in enumerate(categories):
        name = display(category.get("name")) if isinstance(category, Mapping) else ""
        row = _control_row(base, f"project_categories/{i}", name or f"项目支出分项{i + 1}", 1)
        rows.append(Row(row.heading, row.cells, 1, Cell(f"{base}/project_categories/{i}/name", "分项名称", LINE),
                        item=(f"{base}/project_categories", i)))
    rows.extend(_control_row(base, key, heading, level) for key, heading, level in _CONTROL_ROWS_AFTER)
    staff = Section("财政供养人员情况（人）", ("编制数", "实际在职人数", "控制率"), (
        Row("人数", (Cell("/basic_data/staff/authorized", "编制数"),
                     Cell("/basic_data/staff/in_service", "实际在职人数"),
                     Cell("/basic_data/staff/control_rate", "控制率", computed=True,
                          source="staff-control|staff.control_rate"))),))
    buildings = pointer_get(doc, "/basic_data/buildings") or []
    building_rows = tuple(
        Row(f"{i + 1}", tuple(Cell(f"/basic_data/buildings/{i}/{key}", label, kind)
                              for key, label, kind in _BUILDING_FIELDS), item=("/basic_data/buildings", i))
        for i in range(len(buildings)))
    sections = [staff, Section("经费控制情况（万元）", _CONTROL_COLUMNS, tuple(rows)),
                Section("楼堂馆所控制情况", tuple(label for _, label, _ in _BUILDING_FIELDS), building_rows,
                        adds=(("/basic_data/buildings", "＋楼堂馆所项目"),))]
    sections.append(Section("厉行节约保障措施", fields=(
        Cell("/basic_data/austerity_measures", "厉行节约保障措施", TEXT),)))
    return Tab("basic", "附件2 基础数据表", tuple(sections))


# ---------------------------------------------------------------- 附件3 自评表

def self_evaluation_header(prefix: str = "/self_evaluation") -> tuple[Section, ...]:
    funds = Section("年度资金总额（万元）",
                    ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
                    (Row("年度资金总额", (
                        Cell(f"{prefix}/funds/initial", "年初预算数"),
                        Cell(f"{prefix}/funds/full_year", "全年预算数"),
                        Cell(f"{prefix}/funds/final", "全年执行数"),
                        Cell(f"{prefix}/funds/weight", "分值"),
                        Cell(f"{prefix}/funds/rate", "执行率", computed=True, source="execution|funds.total.rate"),
                        Cell(f"{prefix}/funds/score", "得分"))),))
    breakdown = Section("资金构成（万元）", ("合计", "分项"), (
        Row("按收入性质分", (Cell(f"{prefix}/by_revenue/total", "合计", computed=True,
                                  source="funds-by-source|funds.total.full_year"),
                             Cell(f"{prefix}/by_revenue/public", "一般公共预算"),
                             Cell(f"{prefix}/by_revenue/gov_fund", "政府性基金拨款"),
                             Cell(f"{prefix}/by_revenue/special_account", "纳入专户管理的非税收入拨款"),
                             Cell(f"{prefix}/by_revenue/other", "其他资金"))),
        Row("按支出性质分", (Cell(f"{prefix}/by_expenditure/total", "合计", computed=True,
                                  source="budget-by-type|funds.total.full_year"),
                             Cell(f"{prefix}/by_expenditure/basic", "基本支出"),
                             Cell(f"{prefix}/by_expenditure/project", "项目支出"))),
    ))
    goals = Section("年度总体目标", fields=(
        Cell(f"{prefix}/goals/expected", "预期目标", TEXT),
        Cell(f"{prefix}/goals/actual", "实际完成情况", TEXT)))
    return funds, breakdown, goals


INDICATOR_COLUMNS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "自评得分",
                     "偏差原因分析及改进措施")


def indicator_rows(doc: Mapping[str, Any], base: str) -> Iterator[IndicatorRow]:
    """The indicator table's rows in document order, with rowspans for 一级 and 二级."""
    for ci, category in enumerate(pointer_get(doc, base) or []):
        groups = (category or {}).get("groups") or [] if isinstance(category, Mapping) else []
        spans = [max(1, len((g or {}).get("items") or [])) if isinstance(g, Mapping) else 1 for g in groups]
        category_span = max(1, sum(spans))
        cpath = f"{base}/{ci}"
        first_in_category = True
        if not groups:
            yield IndicatorRow(Cell(f"{cpath}/name", "一级指标", LINE), Cell(f"{cpath}/weight", "分值"),
                               1, None, 1, (), category_item=(base, ci))
            continue
        for gi, group in enumerate(groups):
            gpath = f"{cpath}/groups/{gi}"
            items = (group or {}).get("items") or [] if isinstance(group, Mapping) else []
            for ii in range(max(1, len(items))):
                ipath = f"{gpath}/items/{ii}"
                cells = () if not items else (
                    Cell(f"{ipath}/name", "三级指标", LINE),
                    Cell(f"{ipath}/target", "年度指标值", LINE),
                    Cell(f"{ipath}/actual", "实际完成值", LINE),
                    Cell(f"{ipath}/weight", "分值"),
                    Cell(f"{ipath}/score", "自评得分"),
                    Cell(f"{ipath}/reason", "偏差原因分析及改进措施", LINE))
                yield IndicatorRow(
                    Cell(f"{cpath}/name", "一级指标", LINE) if first_in_category else None,
                    Cell(f"{cpath}/weight", "分值") if first_in_category else None,
                    category_span if first_in_category else 0,
                    Cell(f"{gpath}/name", "二级指标", LINE) if ii == 0 else None,
                    spans[gi] if ii == 0 else 0,
                    cells, category_item=(base, ci), group_item=(f"{cpath}/groups", gi),
                    item=(f"{gpath}/items", ii) if items else None)
                first_in_category = False


def total_section(prefix: str) -> Section:
    return Section("总分", ("总分值", "总得分", "评价等级"), (Row("总分", (
        Cell(f"{prefix}/total/weight", "总分值", computed=True, source="card|total.weight"),
        Cell(f"{prefix}/total/score", "总得分", computed=True, source="card|total.score"),
        Cell(f"{prefix}/total/grade", "评价等级", LINE, computed=True, source="card|total.grade"))),))


def self_evaluation_tab(doc: Mapping[str, Any]) -> Tab:
    indicators = Section("绩效指标", INDICATOR_COLUMNS,
                         indicators=tuple(indicator_rows(doc, "/self_evaluation/indicators")),
                         adds=(("/self_evaluation/indicators", "＋一级指标"),))
    return Tab("self", "附件3 自评表", (*self_evaluation_header(), indicators, total_section("/self_evaluation")))


# ---------------------------------------------------------------- 项目支出绩效自评表

def project_info_section() -> Section:
    return Section("项目信息", fields=(
        Cell("/project/name", "项目名称", LINE), Cell("/project/code", "项目编码", LINE),
        Cell("/project/department", "主管部门", LINE), Cell("/project/implementer", "实施单位", LINE)))


PROJECT_FUNDS_COLUMNS = ("资金来源", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")


def project_funds_rows(doc: Mapping[str, Any]) -> tuple[Row, ...]:
    total = Row("年度资金总额", (
        Cell("/funds/total/initial", "年初预算数", computed=True, source="funds-by-source|funds.total.initial"),
        Cell("/funds/total/full_year", "全年预算数", computed=True, source="funds-by-source|funds.total.full_year"),
        Cell("/funds/total/final", "全年执行数", computed=True, source="funds-by-source|funds.total.final"),
        Cell("/funds/total/weight", "分值"),
        Cell("/funds/total/rate", "执行率", computed=True, source="execution|funds.total.rate"),
        Cell("/funds/total/score", "得分")))
    rows = [total]
    for i, source in enumerate(pointer_get(doc, "/funds/rows") or []):
        name = display(source.get("source")) if isinstance(source, Mapping) else ""
        rows.append(Row(name or f"资金来源{i + 1}", (
            Cell(f"/funds/rows/{i}/initial", "年初预算数"),
            Cell(f"/funds/rows/{i}/full_year", "全年预算数"),
            Cell(f"/funds/rows/{i}/final", "全年执行数")), 1, item=("/funds/rows", i)))
    return tuple(rows)


def project_tab(doc: Mapping[str, Any]) -> Tab:
    funds = Section("项目资金（" + (display(pointer_get(doc, "/funds/unit")) or "万元") + "）",
                    PROJECT_FUNDS_COLUMNS[1:], project_funds_rows(doc), adds=(("/funds/rows", "＋资金来源"),))
    goals = Section("年度总体目标", fields=(Cell("/goals/expected", "预期目标", TEXT),
                                          Cell("/goals/actual", "实际完成情况", TEXT)))
    indicators = Section("绩效指标", INDICATOR_COLUMNS, indicators=tuple(indicator_rows(doc, "/indicators")),
                         adds=(("/indicators", "＋一级指标"),))
    return Tab("project", "项目支出绩效自评表",
               (project_info_section(), funds, goals, indicators, total_section(""), project_text_section()))


def project_text_section() -> Section:
    return Section("评价结论与问题", fields=(
        Cell("/implementation", "项目实施内容及过程概述", TEXT),
        Cell("/conclusion", "评价结论", TEXT),
        Cell("/problems", "存在问题", TEXT),
        Cell("/improvements", "改进措施", TEXT)))


# ---------------------------------------------------------------- 报告正文

def report_tab(doc: Mapping[str, Any]) -> Tab:
    r = "/report"
    sections = [
        Section("基本信息", fields=(Cell("/title", "报告标题", LINE), Cell("/unit/name", "单位名称", LINE),
                                    Cell("/unit/region", "地区", LINE), Cell("/unit/year", "年度"))),
        Section("一、部门（单位）基本情况", fields=(
            Cell(f"{r}/profile/functions", "主要职能", TEXT),
            Cell(f"{r}/profile/institutions", "机构情况", TEXT),
            Cell(f"{r}/profile/staff/total", "总人数"),
            Cell(f"{r}/profile/staff/in_service", "在职人数"),
            Cell(f"{r}/profile/staff/retired", "退休人数"))),
        Section("二、一般公共预算支出情况（万元）", fields=(
            Cell(f"{r}/public_budget/initial_budget", "年初预算资金"),
            Cell(f"{r}/public_budget/revenue", "财政拨款收入"),
            Cell(f"{r}/public_budget/expenditure", "财政拨款支出"),
            Cell(f"{r}/public_budget/basic", "基本支出"),
            Cell(f"{r}/public_budget/personnel", "其中：人员经费"),
            Cell(f"{r}/public_budget/public_funds", "其中：公用经费"),
            Cell(f"{r}/public_budget/project", "项目支出"),
            Cell(f"{r}/public_budget/projects/total", "项目支出合计", computed=True,
                 source="projects-final|expenditure.project.final"))),
    ]
    items = pointer_get(doc, f"{r}/public_budget/projects/items") or []
    sections.append(Section("（二）项目支出情况（万元）", ("项目名称", "支出金额"), tuple(
        Row(f"{i + 1}", (Cell(f"{r}/public_budget/projects/items/{i}/name", "项目名称", LINE),
                         Cell(f"{r}/public_budget/projects/items/{i}/final", "支出金额")),
            item=(f"{r}/public_budget/projects/items", i))
        for i in range(len(items))), adds=((f"{r}/public_budget/projects/items", "＋项目"),)))
    sections.append(Section("三至五、其他预算支出情况", fields=(
        Cell(f"{r}/government_fund/text", "三、政府性基金预算支出情况", TEXT),
        Cell(f"{r}/state_capital/text", "四、国有资本经营预算支出情况", TEXT),
        Cell(f"{r}/social_insurance/text", "五、社会保险基金预算支出情况", TEXT))))
    sections.append(Section("六、资金使用及绩效情况", fields=(
        Cell(f"{r}/performance/overall", "（一）整体支出绩效情况", TEXT),
        Cell(f"{r}/performance/projects/count", "（二）专项个数"),
        Cell(f"{r}/performance/projects/initial_total", "年初预算专项资金合计"))))
    statements = pointer_get(doc, f"{r}/performance/projects/items") or []
    cols = (("name", "项目名称", LINE), ("initial", "年初预算", FIGURE), ("adjustment", "年中调整", FIGURE),
            ("final", "实际支出", FIGURE), ("carryover", "结余结转", FIGURE))
    sections.append(Section("（二）项目支出绩效情况（万元）", tuple(label for _, label, _ in cols), tuple(
        Row(f"{i + 1}", tuple(Cell(f"{r}/performance/projects/items/{i}/{key}", label, kind)
                              for key, label, kind in cols), item=(f"{r}/performance/projects/items", i))
        for i in range(len(statements))), adds=((f"{r}/performance/projects/items", "＋项目"),)))
    sections.append(Section("七至十", fields=(
        Cell(f"{r}/problems", "七、存在的问题及原因分析", TEXT),
        Cell(f"{r}/improvements", "八、下一步改进措施", TEXT),
        Cell(f"{r}/application", "九、绩效自评结果拟应用和公开情况", TEXT),
        Cell(f"{r}/other", "十、其他需要说明的情况", TEXT))))
    return Tab("report", "报告正文", tuple(sections))


def tabs_for(doc: Mapping[str, Any]) -> tuple[Tab, ...]:
    """The tabs of an evaluation page in the order of the official forms."""
    if doc.get("kind") == "project":
        return (project_tab(doc),)
    return (self_evaluation_tab(doc), basic_data_tab(doc), report_tab(doc))


def all_cells(tab: Tab) -> Iterator[Cell]:
    for section in tab.sections:
        yield from section.fields
        for row in section.rows:
            if row.heading_cell is not None:
                yield row.heading_cell
            yield from row.cells
        for irow in section.indicators:
            yield from irow.all()


WIDE = 5  # a grid row of this many cells or more shows its findings in a row of their own below


def findings_below(tab: Tab) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The cells whose findings show under their row, across its columns (the indicator
    table's 三级指标 cells and the cells of wide grid rows, too narrow for a sentence):
    the column label each finding is prefixed with, and the cells before it in the row
    (a finding about two cells of a row is listed once)."""
    rows = [row.cells for section in tab.sections for row in section.indicators]
    rows += [row.cells for section in tab.sections
             if section.rows and max(len(row.cells) for row in section.rows) >= WIDE for row in section.rows]
    return {c.path: (c.label, tuple(earlier.path for earlier in cells[:i]))
            for cells in rows for i, c in enumerate(cells)}


_ITEM = re.compile(r"^(?P<category>.*/indicators/\d+)/groups/\d+/items/(?P<item>\d+)/\w+$")


def field_label(path: str, tabs: Sequence[Tab], doc: Mapping[str, Any] | None = None) -> str:
    """A field as a person finds it on the page: tab · section · row · column, with the
    indicator's own name for a cell of the indicator table; the path when not on a tab."""
    for tab in tabs:
        for section in tab.sections:
            for row in section.rows:
                for c in (row.heading_cell, *row.cells):
                    if c is not None and c.path == path:
                        parts = [tab.title, section.title]
                        if not c.label.startswith(row.heading) and not row.heading.isdigit():
                            parts.append(row.heading)
                        return "·".join([*parts, c.label])
            for c in section.fields:
                if c.path == path:
                    return f"{tab.title}·{section.title}·{c.label}"
            for irow in section.indicators:
                for c in irow.all():
                    if c.path == path:
                        return "·".join(_indicator_names(doc, path) or [tab.title, section.title]) + f"·{c.label}"
    return path


def _indicator_names(doc: Mapping[str, Any] | None, path: str) -> list[str]:
    match = _ITEM.match(path)
    if doc is None or match is None:
        return []
    category = display(pointer_get(doc, match.group("category") + "/name"))
    item = display(pointer_get(doc, path.rsplit("/", 1)[0] + "/name"))
    return [name for name in (category, item) if name]
