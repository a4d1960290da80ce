"""One call from an evaluation to its result: framework, resolution, score card,
findings. The CLI, the writers and the web app all go through here."""

from __future__ import annotations

from jixiao.findings import Finding, Level
from jixiao.frameworks.loader import FW_INVALID, load_framework
from jixiao.frameworks.model import Framework
from jixiao.model.evaluation import KIND_TITLES, Evaluation
from jixiao.model.location import Location
from jixiao.model.record import MutableRecord, field, mutable_record
from jixiao.reconcile.resolution import Resolution, resolve
from jixiao.registry import RULES, CheckFn, Rule, declare
from jixiao.scoring.card import ScoreCard, build_score_card

DEFAULT_FRAMEWORKS = {"overall": "hunan-overall", "project": "mof-project-2020"}

CHECK_FAILED = declare(
    "input.check-failed", Level.ERROR, "核查规则运行出错",
    "核查规则 {code} 未能完成（{error}）；其余规则照常运行，请报告此问题",
    "jixiao 自身错误",
    "某条核查规则在这份输入上出错。为不让一个缺陷中断整次核查，以错误级别报告并继续。")


@mutable_record
class Result(MutableRecord):
    evaluation: Evaluation
    framework: Framework | None
    resolution: Resolution | None = None
    card: ScoreCard | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return self.framework is not None and self.card is not None


def choose_framework(ev: Evaluation, override: str | None) -> tuple[Framework | None, list[Finding]]:
    ref = override or ev.framework or DEFAULT_FRAMEWORKS.get(ev.kind, "hunan-overall")
    framework, findings = load_framework(ref)
    # An unknown framework is about the evaluation's `framework` field, not a file.
    findings = [f if f.code != "framework.unknown" else
                Finding(f.code, f.level, f.message, (Location(ev.source, field="/framework"),), f.stated,
                        f.expected, f.citation, f.args)
                for f in findings]
    if framework is not None and framework.kind != ev.kind:
        findings.append(FW_INVALID.finding(
            [Location(ev.source)], framework=framework.id,
            problem=f"适用于{KIND_TITLES[framework.kind]}，而输入是{KIND_TITLES.get(ev.kind, ev.kind)}"))
        return None, findings
    return framework, findings




def evaluate(ev: Evaluation, framework_ref: str | None = None) -> Result:
    """Resolve, score and check an evaluation under its framework."""
    framework, findings = choose_framework(ev, framework_ref)
    result = Result(ev, framework, findings=findings)
    if framework is None:
        return result
    result.resolution = resolve(ev.facts)
    result.card = build_score_card(framework, result.resolution, ev)
    result.findings.extend(run_checks(ev, framework, result.resolution, result.card))
    return result


def run_checks(ev: Evaluation, framework: Framework, resolution: Resolution,
               card: ScoreCard) -> list[Finding]:
    from jixiao.checks import CheckContext  # registers every check on first import

    ctx = CheckContext(ev, framework, resolution, card)
    out: list[Finding] = []
    for rule, fn in _checks_in_order():
        try:
            out.extend(fn(ctx, rule))
        except Exception as exc:
            out.append(CHECK_FAILED.finding([Location(ev.source)], code=rule.code,
                                            error=f"{type(exc).__name__}: {exc}"))
    return out


_ORDER: tuple[tuple[Rule, ...], list[tuple[Rule, CheckFn]]] = ((), [])


def _checks_in_order() -> list[tuple[Rule, CheckFn]]:
    """The registered checks in run order, sorted again only when the registry changed
    (rules are registered on import, and a test may swap one)."""
    global _ORDER
    registered = tuple(RULES.values())
    if registered != _ORDER[0]:
        ordered = sorted(registered, key=lambda r: r.order)
        _ORDER = (registered, [(r, r.fn) for r in ordered if r.fn is not None])
    return _ORDER[1]
