"""Paragraphs of the whole-expenditure report (整体支出绩效自评报告) that state figures.

Each function returns inlines built from resolved figures; a figure the report needs and
the input does not state becomes “（未填报）” and is recorded in ``Figures.missing``.
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.model.fact import Fact
from jixiao.model.keys import project_key
from jixiao.model.location import Location
from jixiao.model.overall import (
    OtherBudgetText,
    ProjectPerformance,
    ProjectStatement,
    PublicBudgetText,
    StaffStatement,
)
from jixiao.narrative.figures import Figures
from jixiao.narrative.segments import Inline, Seg, chinese_number, given, inline, ordinal, text

WAN = "万元"
SECTION_STAFF = "一、（三）人员情况"
SECTION_BUDGET = "二、一般公共预算支出情况"
SECTION_PROJECTS = "六、（二）项目支出绩效情况"


def staff(fig: Figures, statement: StaffStatement | None) -> Inline:
    """（三）人员情况: 共N人，其中在职、退休 — the figures as the text states them. Nothing is
    added that the unit did not write (编制数 and 控制率 belong to the 基础数据表)."""
    st = statement
    as_of = st.as_of if st else None
    total = fig.count("staff.total", stated=st.total if st else None) \
        or fig.total(["staff.in_service", "staff.retired"], kind="count")
    in_service = fig.need(fig.count("staff.in_service", stated=st.in_service if st else None),
                          SECTION_STAFF, "在职人数")
    parts: list[Seg | str | None] = ["本部门"]
    if as_of:
        parts += ["截至", given(as_of), "共"]
    else:
        parts += ["共有人员"]
    parts += [fig.need(total, SECTION_STAFF, "总人数"), "人，其中在职", in_service, "人"]
    retired = fig.count("staff.retired", stated=st.retired if st else None)
    if retired is not None:
        parts += ["，退休人员", retired, "人"]
    parts.append("。")
    return inline(*parts)


def budget(fig: Figures, year: Seg, pb: PublicBudgetText | None) -> list[Inline]:
    """§二（一）: 预算资金, 财政拨款收入, 财政拨款支出 and its parts, as the text states them."""
    s = SECTION_BUDGET
    need = fig.need

    def money(concept: str, attr: str) -> Seg | None:
        return fig.money(concept, stated=getattr(pb, attr) if pb is not None else None)

    out = [
        inline(ordinal(1, "{}."), year, "年预算资金", need(money("funds.public.initial", "initial_budget"), s,
                                                          "年初预算资金"), WAN, "。"),
        inline(ordinal(2, "{}."), year, "年度单位一般公共预算财政拨款收入",
               need(money("revenue.public.final", "revenue"), s, "财政拨款收入"), WAN, "。"),
    ]
    third: list[Seg | str | None] = [
        ordinal(3, "{}."), year, "年度单位一般公共预算财政拨款支出",
        need(money("funds.public.final", "expenditure"), s, "财政拨款支出"), WAN, "，其中：项目支出",
        need(money("expenditure.project.final", "project"), s, "项目支出"), WAN, "，基本支出",
        need(money("expenditure.basic.final", "basic"), s, "基本支出"), WAN, "，其中：人员经费",
        need(money("expenditure.personnel.final", "personnel"), s, "人员经费"), WAN, "，公用经费",
        need(money("expenditure.public_funds.final", "public_funds"), s, "公用经费"), WAN, "。"]
    out.append(inline(*third))
    return out


@dataclass(frozen=True, slots=True)
class NamedProject:
    name: str
    key: str
    location: Location | None
    final: Fact | None = None  # the expenditure as this list states it


def project_spending(fig: Figures, year: Seg, projects: list[NamedProject], stated_total: Fact | None) -> Inline:
    """§二（二）: 项目支出合计 and each project's expenditure."""
    total = fig.need(fig.money("expenditure.project.final", stated=stated_total), SECTION_BUDGET, "项目支出合计")
    parts: list[Seg | str | None] = [year, "年项目支出合计", total, WAN]
    if projects:
        parts.append("，其中：")
        for i, p in enumerate(projects, start=1):
            parts += [ordinal(i, "{}."), given(p.name, p.location),
                      fig.need(fig.money(f"project.{p.key}.final", stated=p.final), SECTION_BUDGET,
                               f"“{p.name}”支出"), WAN,
                      "；" if i < len(projects) else "。"]
    else:
        parts.append("。")
    return inline(*parts)


def other_budget(fig: Figures, year: Seg, concept: str, title: str,
                 statement: OtherBudgetText | None) -> Inline | None:
    """三、四、五: the figures when stated (预算数, 支出数); ``None`` when there are none."""
    budget_seg = fig.money(f"{concept}.full_year", stated=statement.budget if statement else None)
    spent = fig.money(f"{concept}.final", stated=statement.expenditure if statement else None)
    if budget_seg is None and spent is None:
        return None
    parts: list[Seg | str | None] = [year, f"年度{title}"]
    if budget_seg is not None:
        parts += ["预算数", budget_seg, WAN]
    if spent is not None:
        parts += ["，" if budget_seg is not None else "", "支出数", spent, WAN]
    parts.append("。")
    return inline(*parts)


def execution_summary(fig: Figures, year: Seg, denominator: str) -> Inline | None:
    """（一）整体支出: 年初预算, 全年预算, 全年执行, 执行率."""
    initial = fig.money("funds.total.initial")
    full = fig.money("funds.total.full_year")
    final = fig.money("funds.total.final")
    if full is None and final is None:
        return None
    parts: list[Seg | str | None] = [year, "年度部门整体支出"]
    if initial is not None:
        parts += ["年初预算", initial, WAN, "，"]
    if full is not None:
        parts += ["全年预算", full, WAN, "，"]
    if final is not None:
        parts += ["全年执行", final, WAN]
    rate = fig.rate_of("funds.total.rate", "funds.total.final", f"funds.total.{denominator}")
    if rate:
        parts += ["，预算执行率", *rate]
    parts.append("。")
    if initial is not None and full is not None:
        sign = (fig.value("funds.total.full_year") or 0) - (fig.value("funds.total.initial") or 0)
        if sign:
            parts += ["全年预算比年初预算", "增加" if sign > 0 else "减少",
                      fig.difference("funds.total.full_year", "funds.total.initial"), WAN, "。"]
    return inline(*parts)


def three_public(fig: Figures, year: Seg) -> Inline | None:
    """“三公”经费: 决算 vs 预算 and vs 上年决算."""
    final = fig.money("three_public.total.final")
    if final is None:
        return None
    parts: list[Seg | str | None] = [year, "年度“三公”经费决算", final, WAN]
    budget_seg = fig.money("three_public.total.budget")
    if budget_seg is not None:
        diff = (fig.value("three_public.total.final") or 0) - (fig.value("three_public.total.budget") or 0)
        parts += ["，预算", budget_seg, WAN]
        if diff:
            parts += ["，决算比预算", "增加" if diff > 0 else "减少",
                      fig.difference("three_public.total.final", "three_public.total.budget"), WAN]
        else:
            parts += ["，决算与预算持平"]
    prior = fig.money("three_public.total.prior_final")
    if prior is not None:
        diff = (fig.value("three_public.total.final") or 0) - (fig.value("three_public.total.prior_final") or 0)
        parts += ["；上年决算", prior, WAN]
        if diff:
            parts += ["，本年比上年", "增加" if diff > 0 else "减少",
                      fig.difference("three_public.total.final", "three_public.total.prior_final"), WAN]
            change = fig.change("three_public.total.final", "three_public.total.prior_final")
            if change is not None:
                parts += ["，", "增长" if diff > 0 else "下降", change, "%"]
        else:
            parts += ["，与上年持平"]
    parts.append("。")
    return inline(*parts)


def statement_key(st: ProjectStatement) -> str:
    for f in (st.final, st.initial, st.adjustment, st.carryover):
        if f is not None:
            return f.concept.split(".")[1]
    return project_key(st.name)


def projects_intro(fig: Figures, year: Seg, keys: list[str], stated: ProjectPerformance | None) -> Inline:
    """（二）项目支出绩效情况: 年初预算专项资金共N个，共X万元."""
    count = fig.count("projects.count", stated=stated.count if stated else None) or (
        fig.number_of([f"project.{k}" for k in keys], "projects.count") if keys else None)
    initial = fig.money("expenditure.project.initial", stated=stated.initial_total if stated else None) or (
        fig.total([f"project.{k}.initial" for k in keys]) if keys else None)
    return inline("本单位", year, "年年初预算专项资金共", fig.need(count, SECTION_PROJECTS, "专项个数"), "个，共",
                  fig.need(initial, SECTION_PROJECTS, "年初预算合计"), WAN, "，其中：" if keys else "。")


def project(fig: Figures, index: int, st: ProjectStatement, key: str) -> Inline:
    """One project as the text states it: 年初预算, 年中调增/调减, 实际支出, 结余结转, then its
    description (no figure the unit did not write: the execution rate is in no sentence of
    the form)."""
    s = SECTION_PROJECTS
    c = f"project.{key}"
    parts: list[Seg | str | None] = [
        text(f"{chinese_number(index)}是"), given(st.name, st.location), "，年初预算资金",
        fig.need(fig.money(f"{c}.initial", stated=st.initial), s, f"“{st.name}”年初预算"), WAN]
    sign = fig.sign(f"{c}.adjustment")
    if st.adjustment is not None:
        sign = (st.adjustment.value > 0) - (st.adjustment.value < 0)
    if sign is not None:
        if sign == 0:
            parts += ["，年中未作调整"]
        else:
            adjustment = fig.stated(st.adjustment, magnitude=True) if st.adjustment is not None \
                else fig.magnitude(f"{c}.adjustment")
            parts += ["，年中执行", "调增" if sign > 0 else "调减", adjustment, WAN]
    parts += ["，实际支出", fig.need(fig.money(f"{c}.final", stated=st.final), s, f"“{st.name}”实际支出"), WAN]
    carry = fig.money(f"{c}.carryover", stated=st.carryover)
    if carry is not None:
        parts += ["，结余结转", carry, WAN]
    parts.append("。")
    if st.adjustment_reason is not None and not st.adjustment_reason.is_empty:
        parts += ["调整原因：", given(st.adjustment_reason.value.strip(), st.adjustment_reason.location)]
        if not st.adjustment_reason.value.strip().endswith(("。", "；", "！")):
            parts.append("。")
    if st.description is not None and not st.description.is_empty:
        parts.append(given(st.description.value.strip(), st.description.location))
    return inline(*parts)


def other_budget_titles() -> tuple[tuple[str, str, str, str], ...]:
    """(attribute, concept, section heading, phrase) of 三、四、五."""
    return (
        ("government_fund", "funds.gov_fund", "三、政府性基金预算支出情况", "政府性基金预算"),
        ("state_capital", "funds.state_capital", "四、国有资本经营预算支出情况", "国有资本经营预算"),
        ("social_insurance", "funds.social_insurance", "五、社会保险基金预算支出情况", "社会保险基金预算"),
    )
