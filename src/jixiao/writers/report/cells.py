"""Small constructors for table cells and the indicator table both layouts share."""

from __future__ import annotations

from jixiao.model.parts import IndicatorCategory
from jixiao.model.values import IndicatorValue
from jixiao.narrative.figures import Figures
from jixiao.narrative.scores import TotalScore
from jixiao.narrative.segments import Seg, given, inline
from jixiao.writers.report.view import Cell
from jixiao.writers.textwidth import WORD_BREAK

Part = Seg | str | None


def cell(*parts: Part, rs: int = 1, cs: int = 1, align: str = "center", vertical: bool = False) -> Cell:
    return Cell(inline(*parts), rs, cs, align, False, vertical)


def head(*parts: Part, rs: int = 1, cs: int = 1, align: str = "center", vertical: bool = False) -> Cell:
    """A header cell; a “|” in its wording marks where a word ends (“年度|指标值”): the only
    places where the header may be broken when its column is narrow (``tablefit``)."""
    marked = (p.replace("|", WORD_BREAK) if isinstance(p, str) else p for p in parts)
    return Cell(inline(*marked), rs, cs, align, True, vertical)


def value_text(v: IndicatorValue | None) -> Seg | None:
    if v is None or not v.text:
        return None
    return given(v.text, v.location)


def indicator_rows(fig: Figures, categories: tuple[IndicatorCategory, ...], *,
                   sichuan: bool = False) -> list[list[Cell]]:
    """Body rows of the indicator table: 一级 (with its points), 二级, 三级, target, actual,
    weight, score, reason; Sichuan splits the target into 指标性质 / 指标值 / 度量单位."""
    rows: list[list[Cell]] = []
    for category in categories:
        groups = list(category.groups)
        n_cat = sum(max(1, len(g.items)) for g in groups) or 1
        weight = fig.stated(category.weight)
        points = ("（", weight, "分）") if weight else ()
        cat_cell = cell(given(category.name, category.location), *points, rs=n_cat)
        first_in_cat = True
        if not groups:
            rows.append([cat_cell, *[cell() for _ in range(8 if sichuan else 7)]])
            continue
        for group in groups:
            items = list(group.items)
            group_cell = cell(given(group.name, group.location), rs=max(1, len(items)))
            if not items:
                row = [group_cell, *[cell() for _ in range(7 if sichuan else 6)]]
                rows.append(([cat_cell] if first_in_cat else []) + row)
                first_in_cat = False
                continue
            for i, ind in enumerate(items):
                row = []
                if first_in_cat:
                    row.append(cat_cell)
                    first_in_cat = False
                if i == 0:
                    row.append(group_cell)
                row.append(cell(given(ind.name, ind.location), align="left"))
                if sichuan:
                    row.extend(_sichuan_target(ind.nature, ind.target, ind.unit))
                else:
                    row.append(cell(value_text(ind.target)))
                row.append(cell(value_text(ind.actual)))
                row.append(cell(fig.stated(ind.weight)))
                row.append(cell(fig.stated(ind.score)))
                reason = ind.reason
                row.append(cell(given(reason.value.strip(), reason.location) if reason and not reason.is_empty
                                else None, align="left"))
                rows.append(row)
    return rows


def _sichuan_target(nature: str | None, target: IndicatorValue | None, unit: str | None) -> list[Cell]:
    """指标性质 / 指标值 / 度量单位: as stated in split columns, else split from a merged target."""
    from jixiao.model.numbers import format_decimal
    from jixiao.model.values import ValueKind

    unit_seg = given(unit) if unit else None
    if target is None or not target.text:
        return [cell(given(nature) if nature else None), cell(), cell(unit_seg)]
    if nature:
        nature_seg: Seg | None = given(nature)
    elif target.kind is ValueKind.QUANTITATIVE:
        nature_seg = given(target.operator.value if target.operator else "=")
    elif target.kind is ValueKind.QUALITATIVE:
        nature_seg = given("定性")
    else:
        nature_seg = None
    if target.kind is ValueKind.QUANTITATIVE and target.number is not None:
        number = given(format_decimal(target.number, target.decimals), target.location)
        return [cell(nature_seg), cell(number), cell(unit_seg or (given(target.unit) if target.unit else None))]
    return [cell(nature_seg), cell(given(target.text, target.location)), cell(unit_seg)]


def indicator_header(body_rows: int) -> list[Cell]:
    """The header row of the MOF indicator table, its words marked (“年度|指标值”, never
    “年度指标／值”); the vertical 绩效指标 label spans the body."""
    return [head("绩效指标", rs=1 + body_rows, vertical=True), head("一级|指标"), head("二级|指标"),
            head("三级|指标"), head("年度|指标值"), head("实际|完成值"), head("分值"), head("得分"),
            head("偏差原因|分析及|改进措施")]


def total_row(total: TotalScore, label_span: int, trailing: int) -> list[Cell]:
    return [head("总分", cs=label_span), cell(total.weight), cell(total.score), *[cell() for _ in range(trailing)]]
