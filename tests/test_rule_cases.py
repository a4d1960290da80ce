"""Every rule has a case that triggers it and a case that does not.

Cases are small evaluations written as readable YAML. The clean case is the trigger
with the defect mended, so each pair shows exactly what the rule is about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from jixiao.catalogue import all_rules
from jixiao.findings import Finding
from tests.conftest import check_text

Case = str | Callable[[], list[Finding]]

UNIT = "unit: {name: 测试局, year: 2023}\n"

# Shared pieces ------------------------------------------------------------------

FUNDS = """
self_evaluation:
  funds: {{initial: 100.00, full_year: {full}, final: {final}, weight: 10, rate: {rate}, score: {score}}}
"""


def overall(body: str) -> str:
    return "kind: overall\nframework: hunan-overall\n" + UNIT + body


def project(body: str, framework: str = "mof-project-2020") -> str:
    return f"kind: project\nframework: {framework}\nproject: {{name: 测试项目, year: 2023}}\n" + body


def indicators(items: str, category: str = "产出指标", group: str = "数量指标", weight: str = "") -> str:
    w = f"\n      weight: {weight}" if weight else ""
    return f"""
self_evaluation:
  indicators:
    - name: {category}{w}
      groups:
        - name: {group}
          items:
{items}
"""


CASES: dict[str, tuple[Case, Case]] = {
    # input ---------------------------------------------------------------------
    "input.unknown-key": (overall("repport: {}\n"), overall("report: {}\n")),
    "input.type": (overall("report: 无\n"), overall("report: {}\n")),
    "input.number": (overall("basic_data:\n  staff: {authorized: 二十七}\n"),
                     overall("basic_data:\n  staff: {authorized: 27}\n")),
    "input.missing": ("kind: overall\nunit: {year: 2023}\n", "kind: overall\n" + UNIT),
    "input.choice": (overall("completeness: 一半\n"), overall("completeness: partial\n")),
    "input.duplicate-key": (overall("report: {}\nreport: {}\n"), overall("report: {}\n")),
    "input.syntax": ("kind: overall\nunit: [\n", overall("")),
    "input.too-large": ("a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdef", "bcdefg", strict=True)), overall("")),
    # framework ------------------------------------------------------------------
    "framework.unknown": (overall("").replace("hunan-overall", "no-such-framework"), overall("")),
    "framework.invalid": (overall("").replace("hunan-overall", "mof-project-2020"), overall("")),
    # units ----------------------------------------------------------------------
    "unit.slip": (overall("""
report:
  performance:
    projects:
      items:
        - {name: 培训费, initial: 11, adjustment: 31.82, final: 42.82元, carryover: 0}
"""), overall("""
report:
  performance:
    projects:
      items:
        - {name: 培训费, initial: 11, adjustment: 31.82, final: 42.82万元, carryover: 0}
""")),
    "unit.mismatch": (overall(indicators("            - {name: 调研, target: 6个, actual: 6次, weight: 4, score: 4}")),
                      overall(indicators("            - {name: 调研, target: 6个, actual: 6个, weight: 4, score: 4}"))),
    # duplicates -----------------------------------------------------------------
    "dup.conflict": (overall("report:\n  public_budget: {public_funds: 63.72}\n"
                             "basic_data:\n  expenses:\n    public_funds: {final: 63.73}\n"),
                     overall("report:\n  public_budget: {public_funds: 63.72}\n"
                             "basic_data:\n  expenses:\n    public_funds: {final: 63.72}\n")),
    # sums -----------------------------------------------------------------------
    "sum.inconsistent": (overall("report:\n  public_budget: {basic: 753.07, personnel: 689.35, public_funds: 63.62}\n"),
                         overall("report:\n  public_budget: {basic: 753.07, personnel: 689.35, public_funds: 63.72}\n")),
    "sum.parts-exceed": (overall("basic_data:\n  expenses:\n    public_funds: {final: 10.00}\n"
                                 "    office: {final: 8.00}\n    utilities_travel: {final: 3.00}\n"),
                         overall("basic_data:\n  expenses:\n    public_funds: {final: 10.00}\n"
                                 "    office: {final: 6.00}\n    utilities_travel: {final: 3.00}\n")),
    "sum.budget-execution-mix": (overall("""
report:
  public_budget: {basic: 753.07, project: 88.18}
  performance:
    projects:
      items:
        - {name: 甲专项, initial: 50, adjustment: 38.18, final: 88.18, carryover: 0}
self_evaluation:
  funds: {full_year: 850.19, final: 841.25}
  by_expenditure: {total: 850.19, basic: 753.07, project: 97.12}
"""), overall("""
report:
  public_budget: {basic: 753.07, project: 88.18}
  performance:
    projects:
      items:
        - {name: 甲专项, initial: 50, adjustment: 38.18, final: 88.18, carryover: 0}
self_evaluation:
  funds: {full_year: 850.19, final: 841.25}
  by_expenditure: {total: 850.19, basic: 762.01, project: 88.18}
""")),
    "sum.unexplained-balance": (overall("""
report:
  performance:
    projects:
      items:
        - {name: 甲专项, initial: 10, final: 10, carryover: 0}
self_evaluation:
  funds: {full_year: 100.00, final: 90.00}
"""), overall("""
report:
  performance:
    projects:
      items:
        - {name: 甲专项, initial: 20, final: 10, carryover: 10}
self_evaluation:
  funds: {full_year: 100.00, final: 90.00}
""")),
    "sum.text-parts": (project("text_figures:\n  - {label: 安排资金, amount: 100万元, parts: some}\n"
                               "  - {label: 设备购置, amount: 60万元, part_of: 1}\n"
                               "  - {label: 人员培训, amount: 50万元, part_of: 1}\n"),
                       project("text_figures:\n  - {label: 安排资金, amount: 100万元, parts: some}\n"
                               "  - {label: 设备购置, amount: 60万元, part_of: 1}\n"
                               "  - {label: 人员培训, amount: 40万元, part_of: 1}\n")),
    "sum.count": (overall("report:\n  performance:\n    projects:\n      count: 3\n      items:\n"
                          "        - {name: 甲专项, final: 1}\n        - {name: 乙专项, final: 2}\n"),
                  overall("report:\n  performance:\n    projects:\n      count: 2\n      items:\n"
                          "        - {name: 甲专项, final: 1}\n        - {name: 乙专项, final: 2}\n")),
    # ratios ---------------------------------------------------------------------
    "ratio.inconsistent": (overall("basic_data:\n  staff: {authorized: 27, in_service: 30, control_rate: 101%}\n"),
                           overall("basic_data:\n  staff: {authorized: 27, in_service: 30, control_rate: 111%}\n")),
    "ratio.indicator": ("""
kind: overall
framework: mof-2013-overall
unit: {name: 测试局, year: 2018}
basic_data:
  staff: {authorized: 143, in_service: 136}
self_evaluation:
  indicators:
    - name: 投入
      groups:
        - name: 预算配置
          items:
            - {name: 在职人员控制率, target: ≤100%, actual: 96.10%, weight: 8, score: 8}
""", """
kind: overall
framework: mof-2013-overall
unit: {name: 测试局, year: 2018}
basic_data:
  staff: {authorized: 143, in_service: 136}
self_evaluation:
  indicators:
    - name: 投入
      groups:
        - name: 预算配置
          items:
            - {name: 在职人员控制率, target: ≤100%, actual: 95.10%, weight: 8, score: 8}
"""),
    # scores ---------------------------------------------------------------------
    "score.over-weight": (overall(indicators("            - {name: 调研, target: 6个, actual: 6个, weight: 4, score: 5}")),
                          overall(indicators("            - {name: 调研, target: 6个, actual: 6个, weight: 4, score: 4}"))),
    "score.weights-sum": (overall(indicators("            - {name: 调研, target: 6个, actual: 6个, weight: 4, score: 4}",
                                             weight="40")),
                          overall(indicators("            - {name: 调研, target: 6个, actual: 6个, weight: 40, score: 40}",
                                             weight="40"))),
    "score.framework-weights": (overall(indicators("            - {name: 调研, target: 6个, actual: 6个, weight: 50, score: 50}",
                                                   weight="50")),
                                overall(indicators("            - {name: 调研, target: 6个, actual: 6个, weight: 40, score: 40}",
                                                   weight="40"))),
    "score.total": (overall(FUNDS.format(full="100.00", final="100.00", rate="100%", score="10")
                            + "  total: {weight: 10, score: 9}\n"),
                    overall(FUNDS.format(full="100.00", final="100.00", rate="100%", score="10")
                            + "  total: {weight: 10, score: 10}\n")),
    "score.execution": (overall(FUNDS.format(full="850.19", final="841.25", rate="98.95%", score="9")),
                        overall(FUNDS.format(full="850.19", final="841.25", rate="98.95%", score="9.89"))),
    "score.mismatch": (overall(indicators("            - {name: 成本, target: ≤772.37万元, actual: 850.19万元, weight: 20, "
                                          "score: 19, reason: 培训费增加}", category="成本指标", group="经济成本指标")),
                       overall(indicators("            - {name: 成本, target: ≤772.37万元, actual: 850.19万元, weight: 20, "
                                          "score: 18.17, reason: 培训费增加}", category="成本指标", group="经济成本指标"))),
    "score.reason-missing": (overall(indicators("            - {name: 制度, target: 推动发展, actual: 长期坚持, weight: 3, score: 2}")),
                             overall(indicators("            - {name: 制度, target: 推动发展, actual: 长期坚持, weight: 3, score: 2, "
                                                "reason: 制度尚在完善}"))),
    "score.full-but-unmet": (overall(indicators("            - {name: 调研, target: 6个, actual: 5个, weight: 6, score: 6}")),
                             overall(indicators("            - {name: 调研, target: 6个, actual: 5个, weight: 6, score: 5, "
                                                "reason: 一项调研延至次年}"))),
    "score.grade": (overall(FUNDS.format(full="100.00", final="100.00", rate="100%", score="10")
                            + "  total: {weight: 10, score: 10, grade: 良}\n"),
                    overall(FUNDS.format(full="100.00", final="100.00", rate="100%", score="10")
                            + "  total: {weight: 10, score: 10, grade: 差}\n")),
    "score.missing": (overall(indicators("            - {name: 调研, target: 6个, actual: 6个, weight: 4}")),
                      overall(indicators("            - {name: 调研, target: 6个, actual: 6个, weight: 4, score: 4}"))),
    "score.rate-basis": ("""
kind: overall
framework: mof-2013-overall
unit: {name: 测试局, year: 2018}
basic_data:
  expenses:
    three_public: {prior_final: 29.08, budget: 63.46, final: 44.29}
self_evaluation:
  indicators:
    - name: 投入
      groups:
        - name: 预算配置
          items:
            - name: 三公经费变动率
              target: ≤0
              actual: 98.31%
              weight: 8
              score: 0
              figures: {three_public.total.prior_budget: 32}
""", """
kind: overall
framework: mof-2013-overall
unit: {name: 测试局, year: 2018}
basic_data:
  expenses:
    three_public: {prior_final: 29.08, budget: 63.46, final: 44.29}
self_evaluation:
  indicators:
    - name: 投入
      groups:
        - name: 预算配置
          items:
            - name: 三公经费变动率
              target: ≤0
              actual: 52.30%
              weight: 8
              score: 0
              figures: {three_public.total.prior_budget: 32}
"""),
    "ratio.in-place": (project("funds:\n  total: {full_year: 120.00, in_place: 96.00, in_place_rate: 100%}\n"),
                       project("funds:\n  total: {full_year: 120.00, in_place: 96.00, in_place_rate: 80%}\n")),
    # plausibility -----------------------------------------------------------------
    "plaus.spent-over-in-place": (project("funds:\n  total: {full_year: 120.00, in_place: 96.00, final: 110.50}\n"),
                                  project("funds:\n  total: {full_year: 120.00, in_place: 120.00, final: 110.50}\n")),
    "plaus.report-before-year-end": (overall("report_date: 2023年12月28日\n"),
                                     overall("report_date: 2024年3月15日\n")),
    "plaus.over-staff": (overall("basic_data:\n  staff: {authorized: 27, in_service: 30}\n"),
                         overall("basic_data:\n  staff: {authorized: 30, in_service: 30}\n")),
    "plaus.over-budget": (overall("basic_data:\n  expenses:\n    procurement: {budget: 24.39, final: 35.69}\n"),
                          overall("basic_data:\n  expenses:\n    procurement: {budget: 44.39, final: 35.69}\n")),
    "plaus.executed-exceeds-budget": (overall(FUNDS.format(full="100.00", final="101.00", rate="101%", score="10")),
                                      overall(FUNDS.format(full="101.00", final="101.00", rate="100%", score="10"))),
    "plaus.three-public-increase": (overall("basic_data:\n  expenses:\n    three_public: {prior_final: 0.73, final: 0.83}\n"),
                                    overall("basic_data:\n  expenses:\n    three_public: {prior_final: 0.73, final: 0.53}\n")),
    "plaus.over-achievement": (overall(indicators("            - {name: 视察, target: 不少于3次, actual: 6次, weight: 4, score: 4}")),
                               overall(indicators("            - {name: 视察, target: 不少于3次, actual: 4次, weight: 4, score: 4}"))),
    "plaus.cost-actual-budget": (overall(FUNDS.format(full="850.19", final="841.25", rate="98.95%", score="9.89")
                                         + indicators("            - {name: 成本, target: ≤772.37万元, actual: 850.19万元, "
                                                      "weight: 20, score: 18.17, reason: 增加}", category="成本指标",
                                                      group="经济成本指标").replace("self_evaluation:\n", "")),
                                 overall(FUNDS.format(full="850.19", final="841.25", rate="98.95%", score="9.89")
                                         + indicators("            - {name: 成本, target: ≤772.37万元, actual: 841.25万元, "
                                                      "weight: 20, score: 18.36, reason: 增加}", category="成本指标",
                                                      group="经济成本指标").replace("self_evaluation:\n", ""))),
    "plaus.negative": (overall("basic_data:\n  expenses:\n    procurement: {final: -3.5}\n"),
                       overall("basic_data:\n  expenses:\n    procurement: {final: 3.5}\n")),
    # completeness -----------------------------------------------------------------
    "complete.section": (overall("report:\n  problems: 预算未细化。\n  improvements: 细化预算。\n"),
                         overall("report:\n  problems: 预算未细化。\n  improvements: 细化预算。\n"
                                 "  application: 与部门决算一并公开。\n")),
    "complete.placeholder": (project("conclusion: 结合自评情况，说明项目自评总分。（200字以内）\n"),
                             project("conclusion: 项目自评得分95分，工资足额发放。\n")),
    "complete.value": (overall(indicators("            - {name: 调研, target: 6个, weight: 4, score: 4}")),
                       overall(indicators("            - {name: 调研, target: 6个, actual: 6个, weight: 4, score: 4}"))),
    "complete.adjustment-reason": (overall(FUNDS.format(full="110.00", final="110.00", rate="100%", score="10")),
                                   overall(FUNDS.format(full="110.00", final="110.00", rate="100%", score="10")
                                           + "    reason: 年中追加培训经费10万元\n")),
    "complete.exec-reason": (overall(FUNDS.format(full="100.00", final="80.00", rate="80%", score="8")),
                             overall(FUNDS.format(full="100.00", final="80.00", rate="80%", score="8")
                                     + "    reason: 项目延期，资金结转下年\n")),
    "complete.partial": (overall("completeness: partial\nnotes: 网页在第三节处截断\n"),
                         overall("completeness: full\n")),
    # format -----------------------------------------------------------------------
    "format.attachments": (overall("report:\n  attachments_listed:\n    - {number: 1, title: 基础数据表}\n"
                                   "basic_data: {attachment_number: 2}\n"),
                           overall("report:\n  attachments_listed:\n    - {number: 2, title: 基础数据表}\n"
                                   "basic_data: {attachment_number: 2}\n")),
    "format.unparsed": (overall(indicators("            - {name: 调研, target: 3-5次, actual: 4次, weight: 4, score: 4}")),
                        overall(indicators("            - {name: 调研, target: 不少于3次, actual: 4次, weight: 4, score: 4}"))),
}


def _failing_check() -> list[Finding]:
    import jixiao.checks  # noqa: F401  # registers the rule replaced below, whatever ran before
    from jixiao.registry import RULES, Rule

    def broken(ctx: object, rule: Rule) -> Iterator[Finding]:
        raise RuntimeError("故意出错")

    original = RULES["format.unparsed"]
    RULES["format.unparsed"] = Rule(original.code, original.level, original.family, original.title,
                                    original.message, original.citation, original.description, broken,
                                    original.order)
    try:
        return check_text(overall(""))[1]
    finally:
        RULES["format.unparsed"] = original


def _bad_framework_file(tmp: Path, points: int) -> list[Finding]:
    from jixiao.frameworks.loader import parse_framework

    text = (Path(__file__).parent.parent / "src/jixiao/frameworks/data/hunan-overall.yaml").read_text("utf-8")
    text = text.replace("    points: 40\n", f"    points: {points}\n", 1)
    return parse_framework(text, "bad.yaml")[1]


CASES["input.check-failed"] = (_failing_check, lambda: check_text(overall(""))[1])
CASES["framework.weights"] = (lambda: _bad_framework_file(Path("."), 45), lambda: _bad_framework_file(Path("."), 40))


# Cases of rules emitted outside the checks (writers, other readers).
from tests.rule_cases_extra import EXTRA_CASES  # noqa: E402

CASES.update(EXTRA_CASES)


def _run(case: Case) -> list[Finding]:
    if callable(case):
        return case()
    return check_text(case)[1]


def registered_codes() -> list[str]:
    return [r.code for r in all_rules()]


def _named_tests() -> set[str]:
    """Test functions anywhere in tests/ (features with non-YAML inputs keep their pairs
    beside their other tests, named test_<code>_triggered / test_<code>_not_triggered)."""
    import re

    names: set[str] = set()
    for path in Path(__file__).parent.glob("test_*.py"):
        names |= set(re.findall(r"^def (test_\w+)\(", path.read_text(encoding="utf-8"), re.M))
    return names


def test_every_rule_has_cases() -> None:
    named = _named_tests()

    def covered(code: str) -> bool:
        stem = "test_" + code.replace(".", "_").replace("-", "_")
        return code in CASES or (f"{stem}_triggered" in named and f"{stem}_not_triggered" in named)

    missing = [c for c in registered_codes() if not covered(c)]
    assert not missing, f"rules without a triggering and a clean case: {missing}"


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_triggers_and_stays_quiet(code: str) -> None:
    trigger, clean = CASES[code]
    triggered = [f.code for f in _run(trigger)]
    assert code in triggered, f"{code} not triggered; got {triggered}"
    quiet = [f for f in _run(clean) if f.code == code]
    assert not quiet, f"{code} fired on the clean case: {[f.message for f in quiet]}"
