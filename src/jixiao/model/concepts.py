"""Chinese names for concepts, for messages."""

from __future__ import annotations

_HEADS = {
    "indicators": "绩效指标",
    "funds.total": "年度资金总额",
    "funds.public": "一般公共预算资金",
    "funds.gov_fund": "政府性基金",
    "funds.state_capital": "国有资本经营预算资金",
    "funds.social_insurance": "社会保险基金",
    "funds.special_account": "专户管理资金",
    "funds.fiscal": "财政资金",
    "funds.carried_over": "上年结转资金",
    "funds.unit_funds": "单位资金",
    "funds.other": "其他资金",
    "revenue.public": "财政拨款收入",
    "revenue.total": "收入合计",
    "revenue.carryover": "上年结转",
    "revenue.gov_fund": "政府性基金拨款收入",
    "revenue.special_account": "专户管理非税收入",
    "revenue.other": "其他收入",
    "expenditure.total": "支出合计",
    "expenditure.basic": "基本支出",
    "expenditure.personnel": "人员经费",
    "expenditure.public_funds": "公用经费",
    "expenditure.project": "项目支出",
    "three_public.total": "三公经费",
    "three_public.car": "公务用车购置和维护经费",
    "three_public.car_purchase": "公车购置",
    "three_public.car_operation": "公车运行维护",
    "three_public.overseas": "出国经费",
    "three_public.reception": "公务接待",
    "public_funds.office": "办公经费",
    "public_funds.utilities_travel": "水费、电费、差旅费",
    "public_funds.meetings_training": "会议费、培训费",
    "procurement": "政府采购金额",
    "budget_adjustment": "部门基本支出预算调整",
    "staff": "",
    "institutions": "内设机构",
    "projects": "",
    "total": "总分",
}
_TAILS = {
    "initial": "年初预算数",
    "full_year": "全年预算数",
    "pooled": "统筹整合资金数",
    "net_budget": "扣除统筹整合资金后预算金额",
    "final": "决算数",
    "prior_final": "上年决算数",
    "budget": "本年预算数",
    "prior_budget": "上年预算数",
    "adjustment": "年中调整数",
    "carryover": "结余结转",
    "in_place": "到位资金",
    "in_place_rate": "资金到位率",
    "rate": "执行率",
    "weight": "分值",
    "score": "得分",
    "total": "总人数",
    "in_service": "在职人数",
    "retired": "退休人数",
    "authorized": "编制数",
    "control_rate": "人员控制率",
    "count": "专项个数",
}


TEXT_NAMESPACE = "text"  # figures of sentences no field names (jixiao.model.text_figures)
_TEXT_KINDS = {"amount": "金额", "percent": "百分比", "quantity": "数量", "points": "分数"}


def is_text_figure(concept: str) -> bool:
    """A figure of a sentence that no field names (``text.amount`` …): it states no concept
    the checks know, so the resolution and the checks that reconcile concepts leave it alone."""
    return concept.startswith(TEXT_NAMESPACE + ".")


def concept_title(concept: str) -> str:
    """``expenditure.public_funds.final`` → ``公用经费（决算（执行）数）``."""
    parts = concept.split(".")
    if parts[0] == TEXT_NAMESPACE and len(parts) == 2:
        return f"正文中的{_TEXT_KINDS.get(parts[1], '数字')}"
    if parts[0] in ("project", "project_category", "building", "breakdown") and len(parts) >= 3:
        tail = _TAILS.get(parts[-1], parts[-1])
        return f"“{parts[1]}”{tail}"
    if parts[0] == "funds" and parts[-1] == "carryover":  # a funds row's 上年结转, not a year-end 结余结转
        return f"{_HEADS.get('.'.join(parts[:2]), parts[1])}（上年结转）"
    if parts[0] == "indicator":
        return f"“{parts[-2]}”{_TAILS.get(parts[-1], parts[-1])}"
    for cut in (2, 1):
        head = ".".join(parts[:cut])
        if head in _HEADS:
            rest = parts[cut:]
            tail = "".join(_TAILS.get(p, p) for p in rest)
            name = _HEADS[head]
            if not name:
                return tail
            return f"{name}（{tail}）" if tail else name
    return concept
