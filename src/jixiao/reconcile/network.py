"""The calculation network: which totals are sums of which parts, and which stated
rates are quotients of which figures.

These are accounting definitions (决算 definitions, the layouts of the basic-data and
self-evaluation tables), not scoring policy, so they live here rather than in a
framework file. A pattern may hold ``{m}`` (a measure: 年初/全年/决算 …), ``{k}`` (a key
taken from the evaluation: each project, each funding source …) and ``*`` (sum over
every key present).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from jixiao.model.record import Record, field, record

BUDGET_MEASURES = ("initial", "full_year", "final")
CONTROL_MEASURES = ("prior_final", "budget", "final")
FUND_SOURCES = ("public", "gov_fund", "state_capital", "social_insurance", "special_account",
                "fiscal", "carried_over", "unit_funds", "other")

MEASURE_TITLES = {
    "initial": "年初预算数",
    "full_year": "全年预算数",
    "final": "决算（执行）数",
    "prior_final": "上年决算数",
    "budget": "本年预算数",
    "adjustment": "调整数",
    "carryover": "结余结转",
}


@record
class Identity(Record):
    """total = Σ weight·item (or, when ``partial``, Σ items ≤ total: a "其中" list)."""

    id: str
    title: str
    total: str
    items: tuple[tuple[int, str], ...]
    measures: tuple[str, ...] = ("",)
    over: str | None = None  # key prefix that {k} ranges over
    partial: bool = False
    derive: bool = False  # the total may be derived from complete items when not stated
    zero_means_blank: bool = False  # a 0 total with non-zero parts is an unfilled total row
    citation: str = ""


@record
class Ratio(Record):
    """rate (in %) = numerator / denominator × 100."""

    id: str
    title: str
    rate: str
    numerator: str
    denominator: str
    over: str | None = None
    citation: str = ""
    # a denominator that replaces ``denominator`` where the evaluation states it (a
    # transfer-payment table computes its rates over the budget net of pooled funds, C)
    net_denominator: str | None = None


@record
class IdentityInstance(Record):
    identity: Identity
    total: str
    items: tuple[tuple[int, str], ...]
    measure: str
    key: str = ""
    wildcard_prefix: str | None = None

    @property
    def concepts(self) -> tuple[str, ...]:
        return (self.total, *(c for _, c in self.items))


@record
class RatioInstance(Record):
    ratio: Ratio
    rate: str
    numerator: str
    denominator: str
    key: str = ""


_C30 = "部门决算口径：基本支出＝人员经费＋公用经费，支出合计＝基本支出＋项目支出〔C〕"
_C31 = "整体支出自评表表内勾稽：按收入性质、按支出性质的分项之和等于年度资金总额（由表式推导的核对）"
_C25 = "三公经费＝公务用车购置及运行维护费＋因公出国（境）费＋公务接待费〔C〕"
_C5 = "年度资金总额行等于各资金来源分项之和（中央、安徽、云南自评表表式，由表式推导的核对）"
_CPROJ = "项目年初预算 ± 年中调整（调增、调减）＝ 实际支出 ＋ 结余结转（由定义推导的核对）"

IDENTITIES: tuple[Identity, ...] = (
    Identity("basic", "基本支出＝人员经费＋公用经费", "expenditure.basic.{m}",
             ((1, "expenditure.personnel.{m}"), (1, "expenditure.public_funds.{m}")),
             ("final", "budget", "prior_final", "full_year"), citation=_C30),
    Identity("spending", "支出合计＝基本支出＋项目支出", "funds.total.final",
             ((1, "expenditure.basic.final"), (1, "expenditure.project.final")), citation=_C30),
    Identity("budget-by-type", "全年预算（按支出性质）＝基本支出＋项目支出", "funds.total.full_year",
             ((1, "expenditure.basic.full_year"), (1, "expenditure.project.full_year")),
             citation=_C31),
    Identity("funds-by-source", "年度资金总额＝各资金来源之和", "funds.total.{m}",
             ((1, "funds.*.{m}"),), BUDGET_MEASURES,
             zero_means_blank=True, citation=_C5),
    Identity("projects-final", "项目支出＝各项目实际支出之和", "expenditure.project.final",
             ((1, "project.*.final"),), citation=_C30),
    Identity("projects-initial", "年初项目预算＝各项目年初预算之和", "expenditure.project.initial",
             ((1, "project.*.initial"),), citation=_CPROJ),
    Identity("projects-full-year", "项目全年预算＝各项目全年预算（年初±调整）之和",
             "expenditure.project.full_year", ((1, "project.*.full_year"),), citation=_C31),
    Identity("project-adjusted", "项目全年预算＝年初预算＋年中调整", "project.{k}.full_year",
             ((1, "project.{k}.initial"), (1, "project.{k}.adjustment")), over="project",
             derive=True, citation=_CPROJ),
    Identity("project-balance", "项目全年预算＝实际支出＋结余结转", "project.{k}.full_year",
             ((1, "project.{k}.final"), (1, "project.{k}.carryover")), over="project",
             citation=_CPROJ),
    Identity("project-categories", "项目支出＝各分项之和（基础数据表）", "expenditure.project.{m}",
             ((1, "project_category.*.{m}"),), CONTROL_MEASURES, citation=_C30),
    Identity("three-public", "三公经费＝公务用车＋出国＋公务接待", "three_public.total.{m}",
             ((1, "three_public.car.{m}"), (1, "three_public.overseas.{m}"),
              (1, "three_public.reception.{m}")), CONTROL_MEASURES, citation=_C25),
    Identity("car", "公务用车购置和维护经费＝公车购置＋公车运行维护", "three_public.car.{m}",
             ((1, "three_public.car_purchase.{m}"), (1, "three_public.car_operation.{m}")),
             CONTROL_MEASURES, citation=_C25),
    Identity("public-funds-items", "公用经费中列明的分项之和不超过公用经费", "expenditure.public_funds.{m}",
             ((1, "public_funds.office.{m}"), (1, "public_funds.utilities_travel.{m}"),
              (1, "public_funds.meetings_training.{m}")), CONTROL_MEASURES, partial=True,
             citation="基础数据表（沿用财预〔2013〕53号表式）“公用经费 其中：”各行为公用经费的一部分"),
    Identity("staff", "总人数＝在职人数＋退休人数", "staff.total",
             ((1, "staff.in_service"), (1, "staff.retired")),
             citation="人员情况：总人数由在职与退休人员构成"),
    Identity("net-budget", "全年预算数＝统筹整合资金数＋扣除统筹整合资金后预算金额", "funds.{k}.full_year",
             ((1, "funds.{k}.pooled"), (1, "funds.{k}.net_budget")), over="funds",
             citation="转移支付资金表表头：扣除统筹整合资金后预算金额(C)＝全年预算数(A)－统筹整合资金数(B)"
                      "（由表式推导的核对）"),
    Identity("breakdown", "文中合计＝所列分项之和", "breakdown.{k}.total",
             ((1, "breakdown.{k}.part.*"),), over="breakdown",
             citation="文字中“共…，其中：…”所列分项之和应等于合计"),
)

RATIOS: tuple[Ratio, ...] = (
    Ratio("staff-control", "人员控制率＝实际在职人数÷编制数", "staff.control_rate", "staff.in_service",
          "staff.authorized", citation="财预〔2013〕53号：在职人员控制率＝在职人员数÷编制数〔C〕"),
    Ratio("execution", "预算执行率＝全年执行数÷全年预算数", "funds.{k}.rate", "funds.{k}.final",
          "funds.{k}.full_year", over="funds",
          citation="预算执行率＝全年执行数÷全年预算数（调整后预算数；中央、四川、云南自评表表式〔C〕）；"
                   "转移支付资金表按表头所示以扣除统筹整合资金后预算金额计算（预算执行(E/C×100%)〔OBS〕）",
          net_denominator="funds.{k}.net_budget"),
    Ratio("project-execution", "项目执行率＝实际支出÷全年预算", "project.{k}.rate", "project.{k}.final",
          "project.{k}.full_year", over="project",
          citation="预算执行率＝实际支出÷全年预算数（中央、四川、云南自评表表式〔C〕）"),
    Ratio("scale-control", "规模控制率＝实际规模÷批复规模", "building.{k}.scale_control_rate",
          "building.{k}.actual_scale", "building.{k}.approved_scale", over="building",
          citation="按基础数据表栏目推定的比率〔OBS〕"),
    Ratio("investment-control", "投资概算控制率＝实际投资÷预算投资", "building.{k}.investment_control_rate",
          "building.{k}.actual_investment", "building.{k}.budget_investment", over="building",
          citation="按基础数据表栏目推定的比率〔OBS〕"),
)


@record
class KeyIndex(Record):
    """The keys present under each prefix (project → {委员培训, …})."""

    keys: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, concepts: Iterable[str]) -> KeyIndex:
        index: dict[str, list[str]] = {}
        for concept in concepts:
            head, _, rest = concept.partition(".")
            if not rest:
                continue
            key = rest.split(".", 1)[0]
            bucket = index.setdefault(head, [])
            if key not in bucket:
                bucket.append(key)
        return cls(index)

    def get(self, prefix: str) -> list[str]:
        return self.keys.get(prefix, [])


def _expand_items(items: Iterable[tuple[int, str]], keys: KeyIndex,
                  ) -> tuple[tuple[tuple[int, str], ...], str | None]:
    out: list[tuple[int, str]] = []
    wildcard: str | None = None
    for weight, pattern in items:
        if "*" in pattern:
            head, _, tail = pattern.partition(".*")
            prefix_head = head.split(".")[0]
            if "." in head:  # breakdown.K.part.* : keys one level below a fixed key
                wildcard = head
                for concept in keys.get(f"{head}"):
                    out.append((weight, f"{head}.{concept}{tail}"))
                continue
            wildcard = prefix_head
            for key in keys.get(prefix_head):
                out.append((weight, f"{prefix_head}.{key}{tail}"))
        else:
            out.append((weight, pattern))
    return tuple(out), wildcard


def expand_identities(concepts: Iterable[str]) -> Iterator[IdentityInstance]:
    """Every identity instance the evaluation's concepts make relevant."""
    concept_list = list(concepts)
    keys = KeyIndex.of(concept_list)
    # Second-level keys (breakdown.K.part.J) for the nested wildcard.
    for concept in concept_list:
        parts = concept.split(".")
        if len(parts) >= 4 and parts[2] == "part":
            bucket = keys.keys.setdefault(".".join(parts[:3]), [])
            if parts[3] not in bucket:
                bucket.append(parts[3])
    for identity in IDENTITIES:
        key_values = keys.get(identity.over) if identity.over else [""]
        for key in key_values:
            for measure in identity.measures:
                def fill(p: str, key: str = key, measure: str = measure) -> str:
                    return p.replace("{k}", key).replace("{m}", measure)
                total = fill(identity.total)
                items, wildcard = _expand_items(((w, fill(c)) for w, c in identity.items), keys)
                items = tuple(item for item in items if item[1] != total)
                yield IdentityInstance(identity, total, items, measure, key, wildcard)


def expand_ratios(concepts: Iterable[str]) -> Iterator[RatioInstance]:
    concept_set = set(concepts)
    keys = KeyIndex.of(concept_set)
    for ratio in RATIOS:
        for key in (keys.get(ratio.over) if ratio.over else [""]):
            def fill(p: str, key: str = key) -> str:
                return p.replace("{k}", key)
            denominator = fill(ratio.denominator)
            if ratio.net_denominator is not None and fill(ratio.net_denominator) in concept_set:
                denominator = fill(ratio.net_denominator)
            yield RatioInstance(ratio, fill(ratio.rate), fill(ratio.numerator), denominator, key)
