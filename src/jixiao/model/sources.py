"""Funding sources (资金来源) and their many names across templates."""

from __future__ import annotations

from jixiao.model.keys import name_key

FUND_SOURCES: dict[str, tuple[str, ...]] = {
    "fiscal": ("财政资金", "本年财政拨款", "当年财政拨款", "财政拨款", "年度财政拨款", "财政拨款资金"),
    "carried_over": ("上年结转资金", "上年结转", "结转资金", "上年结余结转"),
    "special_account": ("财政专户管理资金", "纳入专户管理的非税收入拨款", "专户资金", "财政专户资金"),
    "unit_funds": ("单位资金", "单位自有资金", "自有资金"),
    "other": ("其他资金", "其他"),
    # by the level of government that gives the funds (转移支付 tables and reports)
    "central": ("中央财政资金", "中央资金", "中央财政", "中央补助资金", "中央财政补助资金"),
    "province": ("省级财政资金", "省级资金", "省财政资金", "省财政", "自治区财政资金", "自治区资金", "省级补助资金"),
    "city": ("市级财政资金", "市级资金", "市财政资金", "市财政", "盟市财政资金", "州级财政资金", "州财政资金"),
    "county": ("县级财政资金", "县级资金", "县财政资金", "县财政", "旗县财政资金", "旗县资金"),
    "district": ("区级财政资金", "区级资金", "区财政资金", "区财政"),
    "local": ("地方财政资金", "地方资金", "本级财政资金", "本级资金"),
    "superior": ("上级资金", "上级补助资金", "上级财政资金"),
    "public": ("一般公共预算", "一般公共预算拨款", "一般公共预算资金"),
    "gov_fund": ("政府性基金", "政府性基金拨款", "政府性基金预算"),
    "state_capital": ("国有资本经营预算", "国有资本经营"),
    "social_insurance": ("社会保险基金预算", "社会保险基金"),
}
SOURCE_TITLES = {key: names[0] for key, names in FUND_SOURCES.items()}
_LOOKUP = {name_key(n): key for key, names in FUND_SOURCES.items() for n in names}


def fund_source_key(name: str) -> str:
    """``本年财政拨款`` → ``fiscal``; an unknown source keeps its own name."""
    cleaned = name_key(name).removeprefix("其中:").removeprefix("其中：")
    return _LOOKUP.get(cleaned, cleaned)
