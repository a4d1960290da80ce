"""The shape of a framework once loaded."""

from __future__ import annotations

from decimal import Decimal

from jixiao.model.location import Location
from jixiao.model.record import Record, record

# The execution-rate policies a framework can name (scoring/execution.py computes them).
POLICY_ZH = {
    "linear": "线性（执行率×分值）",
    "floor": "线性后向下取整",
    "round": "线性后四舍五入取整",
    "step": "每低5个百分点扣2分",
    "manual": "人工评分",
}

SURENESS = {
    "C": "已确认",
    "BK": "通行理解，原文未逐字核对",
    "OBS": "实践中观察到，非成文规定",
    "UNCONFIRMED": "未找到出处，可配置默认值",
}


@record
class Source(Record):
    key: str
    title: str
    sureness: str
    where: str = ""

    def cite(self) -> str:
        return f"{self.title}〔{self.sureness}〕"


@record
class Category(Record):
    """一级指标 with its points (None when the framework leaves them free)."""

    name: str
    aliases: tuple[str, ...]
    points: Decimal | None
    groups: tuple[str, ...]
    reverse: bool
    source: Source
    location: Location | None = None

    def matches(self, name: str) -> bool:
        clean = name.replace(" ", "").split("（")[0].split("(")[0]
        return clean == self.name or clean in self.aliases or clean.startswith(self.name)


@record
class Execution(Record):
    points: Decimal
    denominator: str
    policy: str
    compare: tuple[str, ...]
    reason_below: Decimal
    reason_max_chars: int | None
    source: Source
    policy_source: Source
    reason_source: Source


@record
class Band(Record):
    key: str
    label: str
    low: Decimal
    high: Decimal


@record
class Qualitative(Record):
    bands: tuple[Band, ...]
    met_phrases: tuple[str, ...]
    partly_phrases: tuple[str, ...]
    not_met_phrases: tuple[str, ...]
    source: Source


@record
class DeductionRule(Record):
    """How a rate indicator's points follow from its rate (in percent)."""

    type: str  # deduct_per_point_over | step_below | tiers
    limit: Decimal = Decimal(0)
    per_point: Decimal = Decimal(0)
    full_at: Decimal = Decimal(100)
    step: Decimal = Decimal(5)
    deduct: Decimal = Decimal(2)
    tiers: tuple[tuple[Decimal, Decimal], ...] = ()
    otherwise: Decimal = Decimal(0)


@record
class RateIndicator(Record):
    names: tuple[str, ...]
    measure: str
    points: Decimal
    rule: DeductionRule
    rule_text: str
    source: Source
    basis: str = ""
    variants: tuple[str, ...] = ()


@record
class Grade(Record):
    grade: str
    min: Decimal


@record
class ReportForm(Record):
    """How the province's form lays out a report's attachments: the 附件 number of each
    attached table (``basic_data``, ``self_evaluation``, ``project_table``), the rows the
    基础数据表 prints under 项目支出 (“……” a row left open for more), and the cells the
    form itself fills with “——” (``procurement.prior_final``)."""

    attachments: tuple[tuple[str, int], ...] = ()
    project_rows: tuple[str, ...] = ()
    dashed: tuple[str, ...] = ()
    source: Source | None = None

    def number(self, part: str) -> int | None:
        return dict(self.attachments).get(part)


@record
class Threshold(Record):
    """One budget-system rule with its threshold (and the points it costs, if any)."""

    value: Decimal
    source: Source
    deduct: Decimal = Decimal(0)


@record
class ExecutionCap(Record):
    """Below an execution rate (in percent) the total score may not exceed ``max_total``."""

    below: Decimal
    max_total: Decimal


@record
class BudgetSystem(Record):
    """The warnings and caps the integrated budget systems (预算管理一体化) apply when a
    unit files its self-evaluation: observed practice, off unless a framework turns
    each one on (docs/frameworks.md)."""

    score_over_execution: Threshold | None = None  # percentage points
    zero_budget: Source | None = None
    unspent: Threshold | None = None  # percent of the budget left unspent
    over_target: Threshold | None = None  # actual ÷ target ratio, points deducted
    caps: tuple[ExecutionCap, ...] = ()  # lowest ``below`` first
    caps_source: Source | None = None

    def cap_for(self, rate_pct: Decimal) -> ExecutionCap | None:
        """The strictest cap an execution rate falls under."""
        for cap in self.caps:
            if rate_pct < cap.below:
                return cap
        return None


@record
class Framework(Record):
    id: str
    title: str
    kind: str
    jurisdiction: str
    version: str
    description: str
    sources: dict[str, Source]
    total_points: Decimal
    total_source: Source
    execution: Execution | None
    categories: tuple[Category, ...]
    indicator_points: Decimal | None
    positive_source: Source | None
    reverse_source: Source | None
    reverse_groups: tuple[str, ...]
    qualitative: Qualitative | None
    over_achievement_ratio: Decimal | None
    over_achievement_source: Source | None
    rate_indicators: tuple[RateIndicator, ...]
    grades: tuple[Grade, ...]
    grades_source: Source
    adjustment_reason_level: str
    adjustment_reason_source: Source | None
    required_sections: tuple[str, ...] = ()
    required_sections_source: Source | None = None
    path: str = ""
    budget_system: BudgetSystem | None = None
    score_decimals: int | None = None  # self scores must match the recomputed score to this many places
    score_decimals_source: Source | None = None

    def score_rounding(self) -> str:
        """The rounding a self score is allowed, in words (for messages)."""
        if self.score_decimals is None:
            return ""
        places = "整数" if self.score_decimals == 0 else f"{self.score_decimals}位小数"
        tag = f"〔{self.score_decimals_source.sureness}〕" if self.score_decimals_source else ""
        return f"（按框架，自评得分应与复算结果保留{places}后一致，不能自行取整{tag}）"
    report_form: ReportForm = ReportForm()

    def category_for(self, name: str) -> Category | None:
        for category in self.categories:
            if category.matches(name):
                return category
        return None

    def rate_indicator_for(self, name: str) -> RateIndicator | None:
        if not self.rate_indicators:
            return None
        clean = name.replace(" ", "").replace("\u3000", "")
        for indicator in self.rate_indicators:
            if clean in indicator.names or any(n in clean for n in indicator.names):
                return indicator
        return None

    def grade_for(self, score: Decimal) -> Grade:
        for grade in self.grades:
            if score >= grade.min:
                return grade
        return self.grades[-1]
