"""Loading framework files, and reporting a framework that contradicts itself.

A framework file is data a user may edit; a broken one gives findings (with the file
and line), never a traceback, and a framework whose points do not add up is
reported before any evaluation is scored with it.
"""

from __future__ import annotations

import os
from decimal import Decimal

from jixiao.findings import Finding, Level
from jixiao.frameworks.model import (
    POLICY_ZH,
    SURENESS,
    Band,
    BudgetSystem,
    Category,
    DeductionRule,
    Execution,
    ExecutionCap,
    Framework,
    Grade,
    Qualitative,
    RateIndicator,
    ReportForm,
    Source,
    Threshold,
)
from jixiao.located import Mapping, Node, Scalar, Sequence, parse_yaml
from jixiao.model.location import Location
from jixiao.model.numbers import format_decimal, parse_number
from jixiao.model.record import MutableRecord, field, mutable_record
from jixiao.registry import declare

TYPE_CHECKING = False  # typing costs milliseconds to import; annotations only need it for mypy
if TYPE_CHECKING:
    from typing import Any

_CITE = "jixiao 评价框架文件格式（docs/frameworks.md）"

FW_INVALID = declare(
    "framework.invalid", Level.ERROR, "框架文件无效",
    "评价框架“{framework}”：{problem}", _CITE,
    "框架文件缺少必需项、类型不对或引用了不存在的出处。")
FW_WEIGHTS = declare(
    "framework.weights", Level.ERROR, "框架分值不一致",
    "评价框架“{framework}”：{problem}", _CITE,
    "执行率分值与各一级指标分值之和应等于总分（财预〔2020〕10号第二十条〔BK〕）。")
FW_UNKNOWN = declare(
    "framework.unknown", Level.ERROR, "未知评价框架",
    "未知评价框架“{framework}”；可用的有：{available}", _CITE,
    "输入或 --framework 指定的框架不存在。命令以状态 2 退出。")
BUILTIN_DIR = "data"


@mutable_record
class _Ctx(MutableRecord):
    path: str
    fid: str
    findings: list[Finding] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)

    def bad(self, node: Node | None, problem: str) -> None:
        loc = node.location if node is not None else Location(self.path)
        self.findings.append(FW_INVALID.finding([loc], framework=self.fid, problem=problem))


# Package data sits beside this module (installed as package data); os.path keeps
# pathlib and importlib.resources off the start-up path of `jixiao check`.
_DATA_DIR = os.path.join(os.path.dirname(__file__), BUILTIN_DIR)
ENV_DIRS = "JIXIAO_FRAMEWORKS"  # directories of the operator's own frameworks, os.pathsep-separated

# Frameworks are chosen by id only: the built-in set, the directories the operator
# registers (--frameworks-dir, JIXIAO_FRAMEWORKS) and frameworks given as text
# (jixiao.api.framework_from_text). What an input names is looked up among these and
# never opened as a path.
_DIRS: list[str] = []
_TEXTS: dict[str, tuple[Framework | None, list[Finding]]] = {}
_CACHE: dict[str, tuple[Framework | None, list[Finding]]] = {}


def builtin_ids() -> list[str]:
    return sorted(n.removesuffix(".yaml") for n in os.listdir(_DATA_DIR) if n.endswith(".yaml"))


def register_dir(path: str) -> None:
    """Make the ``<id>.yaml`` files of a directory available by id (the operator's
    choice: ``--frameworks-dir``); a built-in id is not shadowed."""
    path = os.path.abspath(path)
    if path not in _DIRS:
        _DIRS.append(path)


def registered_dirs() -> list[str]:
    """The operator's framework directories: ``register_dir`` ones, then ``JIXIAO_FRAMEWORKS``."""
    from_env = [os.path.abspath(d) for d in os.environ.get(ENV_DIRS, "").split(os.pathsep) if d]
    return [*_DIRS, *(d for d in from_env if d not in _DIRS)]


def available_ids() -> list[str]:
    """Every id an evaluation can name: built-in, from the registered directories, and
    registered from text."""
    ids = set(builtin_ids()) | set(_TEXTS)
    for directory in registered_dirs():
        try:
            names = os.listdir(directory)
        except OSError:
            continue
        ids.update(n.removesuffix(".yaml") for n in names if n.endswith(".yaml") and is_id(n[:-5]))
    return sorted(ids)


def is_id(text: str) -> bool:
    """A framework id is a file name without its extension: letters (any script),
    digits, ``-``, ``_`` and inner dots; no separator, no ``..``, nothing a path needs."""
    return 0 < len(text) <= 100 and text[0].isalnum() and ".." not in text \
        and all(ch.isalnum() or ch in "-_." for ch in text)


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


MAX_FRAMEWORK_BYTES = 4 * 1024 * 1024  # the built-in frameworks are under 40 KB


def _read_user_file(path: str) -> tuple[str | None, str]:
    """A framework file named on the command line: bounded, and decoded or refused
    with the reason (never a traceback)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FRAMEWORK_BYTES + 1)
    except OSError as exc:
        return None, f"无法打开文件：{exc.strerror or exc}"
    if len(data) > MAX_FRAMEWORK_BYTES:
        return None, f"文件过大（超过 {MAX_FRAMEWORK_BYTES // 1048576} MB）"
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        return None, "文件不是 UTF-8 编码的文本"


def _find(fid: str) -> tuple[str | None, str, str] | None:
    """The text (None when it cannot be read, with the reason), and the shown name of
    framework ``fid``: built-in first, then the registered directories in order. Only a
    well-formed id is looked up."""
    if not is_id(fid):
        return None
    builtin = os.path.join(_DATA_DIR, f"{fid}.yaml")
    if os.path.isfile(builtin):
        return _read(builtin), "", f"jixiao/frameworks/data/{fid}.yaml"
    for directory in registered_dirs():
        path = os.path.join(directory, f"{fid}.yaml")
        if os.path.isfile(path):
            text, problem = _read_user_file(path)  # an operator's file: bounded, decoded or refused
            return text, problem, path
    return None


def load_framework(fid: str) -> tuple[Framework | None, list[Finding]]:
    """The framework with id ``fid`` (built-in, from a registered directory or registered
    from text); ``framework.unknown`` for any other value — a path is not opened."""
    cached = _CACHE.get(fid)
    if cached is not None:
        return cached
    if fid in _TEXTS:
        return _TEXTS[fid]
    found = _find(fid)
    if found is None:  # not kept: a directory registered later may hold it
        return None, [FW_UNKNOWN.finding([Location("<评价框架>", field="/framework")], framework=fid[:100],
                                         available="、".join(available_ids()))]
    text, problem, path = found
    if text is None:
        return None, [FW_INVALID.finding([Location(path)], framework=fid, problem=problem)]
    result = _CACHE[fid] = parse_framework(text, path)
    return result


def load_framework_file(path: str) -> tuple[Framework | None, list[Finding]]:
    """A framework file the operator names (``jixiao frameworks FILE``), read as it is
    and not kept."""
    text, problem = _read_user_file(path)
    if text is None:
        return None, [FW_INVALID.finding([Location(path)], framework=path, problem=problem)]
    return parse_framework(text, path)


def register_text(text: str, name: str) -> tuple[Framework | None, list[Finding]]:
    """Parse a framework given as text (a bureau's own, uploaded) and, when it is valid
    and does not reuse a built-in id, make it available by its id."""
    framework, findings = parse_framework(text, name)
    if framework is not None:
        if framework.id in builtin_ids():
            return None, [*findings, FW_INVALID.finding(
                [Location(name, field="/id")], framework=framework.id, problem="与内置评价框架同名，请另取标识")]
        _TEXTS[framework.id] = (framework, findings)
        _CACHE.pop(framework.id, None)
    return framework, findings


def clear_cache() -> None:
    """Forget every framework read (files are read again on next use) and every one
    registered from text."""
    _CACHE.clear()
    _TEXTS.clear()


def parse_framework(text: str, path: str) -> tuple[Framework | None, list[Finding]]:
    tree, findings = parse_yaml(text, path)
    ctx = _Ctx(path, os.path.splitext(os.path.basename(path))[0])
    ctx.findings.extend(findings)
    if not isinstance(tree, Mapping):
        ctx.bad(tree, "文件顶层应为键值表")
        return None, ctx.findings
    root = _map(tree)
    try:
        ctx.fid = _str(ctx, root, "id", tree) or ctx.fid
        framework = _build(ctx, root, tree)
    except _Invalid:
        return None, ctx.findings
    ctx.findings.extend(check_framework(framework, root))
    return framework, ctx.findings


class _Invalid(Exception):
    pass


def _map(node: Mapping) -> dict[str, Node]:
    return {k: v for k, _loc, v in node.entries}


def _str(ctx: _Ctx, m: dict[str, Node], key: str, parent: Node, required: bool = True) -> str:
    node = m.get(key)
    if isinstance(node, Scalar) and not node.null:
        return node.text
    if required:
        ctx.bad(node or parent, f"缺少“{key}”")
        raise _Invalid
    return ""


def _num(ctx: _Ctx, m: dict[str, Node], key: str, parent: Node,
         required: bool = True) -> Decimal | None:
    node = m.get(key)
    if node is None or (isinstance(node, Scalar) and node.null):
        if required:
            ctx.bad(parent, f"缺少“{key}”")
            raise _Invalid
        return None
    if not isinstance(node, Scalar) or parse_number(node.text) is None:
        ctx.bad(node, f"“{key}”应为数字")
        raise _Invalid
    parsed = parse_number(node.text)
    assert parsed is not None
    return parsed.value


def _list(m: dict[str, Node], key: str) -> list[Node]:
    node = m.get(key)
    return node.items if isinstance(node, Sequence) else []


def _strs(m: dict[str, Node], key: str) -> tuple[str, ...]:
    return tuple(n.text for n in _list(m, key) if isinstance(n, Scalar) and not n.null)


def _source(ctx: _Ctx, m: dict[str, Node], key: str, parent: Node,
            required: bool = True) -> Source | None:
    ref = _str(ctx, m, key, parent, required)
    if not ref:
        return None
    source = ctx.sources.get(ref)
    if source is None:
        ctx.bad(m.get(key), f"出处“{ref}”未在 sources 中定义")
        raise _Invalid
    return source


def _build(ctx: _Ctx, root: dict[str, Node], tree: Mapping) -> Framework:
    kind = _str(ctx, root, "kind", tree)
    if kind not in ("overall", "project"):
        ctx.bad(root.get("kind"), "kind 只能是 overall 或 project")
        raise _Invalid
    sources_node = root.get("sources")
    if not isinstance(sources_node, Mapping):
        ctx.bad(sources_node or tree, "缺少 sources（每个分值和规则的出处）")
        raise _Invalid
    for key, _loc, node in sources_node.entries:
        if not isinstance(node, Mapping):
            ctx.bad(node, f"出处“{key}”应为键值表")
            raise _Invalid
        sm = _map(node)
        sureness = _str(ctx, sm, "sureness", node)
        if sureness not in SURENESS:
            ctx.bad(sm.get("sureness"), f"sureness 只能是 {'、'.join(SURENESS)}")
            raise _Invalid
        ctx.sources[key] = Source(key, _str(ctx, sm, "title", node), sureness,
                                  _str(ctx, sm, "where", node, False))

    total_node = root.get("total")
    if not isinstance(total_node, Mapping):
        ctx.bad(total_node or tree, "缺少 total")
        raise _Invalid
    tm = _map(total_node)
    total_points = _num(ctx, tm, "points", total_node)
    assert total_points is not None
    total_source = _source(ctx, tm, "source", total_node)
    assert total_source is not None

    execution = None
    exec_node = root.get("execution")
    if isinstance(exec_node, Mapping):
        em = _map(exec_node)
        policy = _str(ctx, em, "policy", exec_node)
        for p in (policy, *_strs(em, "compare")):
            if p not in POLICY_ZH:
                ctx.bad(em.get("policy"), f"未知的执行率计分规则“{p}”；可用：{'、'.join(POLICY_ZH)}")
                raise _Invalid
        points = _num(ctx, em, "points", exec_node)
        reason_below = _num(ctx, em, "reason_below", exec_node, False)
        max_chars = _num(ctx, em, "reason_max_chars", exec_node, False)
        source = _source(ctx, em, "source", exec_node)
        assert points is not None and source is not None
        execution = Execution(
            points=points, denominator=_str(ctx, em, "denominator", exec_node, False) or "full_year",
            policy=policy, compare=_strs(em, "compare"),
            reason_below=reason_below if reason_below is not None else Decimal(90),
            reason_max_chars=int(max_chars) if max_chars is not None else None,
            source=source, policy_source=_source(ctx, em, "policy_source", exec_node) or source,
            reason_source=_source(ctx, em, "reason_source", exec_node, False) or source)

    categories = []
    for node in _list(root, "categories"):
        if not isinstance(node, Mapping):
            ctx.bad(node, "categories 的每一项应为键值表")
            raise _Invalid
        cm = _map(node)
        source = _source(ctx, cm, "source", node)
        assert source is not None
        reverse_node = cm.get("reverse")
        categories.append(Category(
            name=_str(ctx, cm, "name", node), aliases=_strs(cm, "aliases"),
            points=_num(ctx, cm, "points", node, False), groups=_strs(cm, "groups"),
            reverse=isinstance(reverse_node, Scalar) and reverse_node.text == "true",
            source=source, location=node.location))

    ind = root.get("indicators")
    im = _map(ind) if isinstance(ind, Mapping) else {}
    qualitative = None
    qnode = im.get("qualitative")
    if isinstance(qnode, Mapping):
        qm = _map(qnode)
        bands = []
        for b in _list(qm, "bands"):
            if not isinstance(b, Mapping):
                ctx.bad(b, "bands 的每一项应为键值表")
                raise _Invalid
            bm = _map(b)
            low, high = _num(ctx, bm, "low", b), _num(ctx, bm, "high", b)
            assert low is not None and high is not None
            bands.append(Band(_str(ctx, bm, "key", b), _str(ctx, bm, "label", b), low, high))
        qsource = _source(ctx, qm, "source", qnode)
        assert qsource is not None
        qualitative = Qualitative(tuple(bands), _strs(qm, "met_phrases"), _strs(qm, "partly_phrases"),
                                  _strs(qm, "not_met_phrases"), qsource)
    over = im.get("over_achievement")
    over_ratio = over_source = None
    if isinstance(over, Mapping):
        om = _map(over)
        over_ratio = _num(ctx, om, "ratio", over)
        over_source = _source(ctx, om, "source", over)

    def sub_source(key: str) -> Source | None:
        node = im.get(key)
        if isinstance(node, Mapping):
            return _source(ctx, _map(node), "source", node)
        return None

    rate_indicators = []
    for node in _list(root, "rate_indicators"):
        if not isinstance(node, Mapping):
            ctx.bad(node, "rate_indicators 的每一项应为键值表")
            raise _Invalid
        rm = _map(node)
        rule_node = rm.get("rule")
        if not isinstance(rule_node, Mapping):
            ctx.bad(rule_node or node, "缺少 rule")
            raise _Invalid
        rate_indicators.append(RateIndicator(
            names=_strs(rm, "names"), measure=_str(ctx, rm, "measure", node),
            points=_num(ctx, rm, "points", node) or Decimal(0), rule=_rule(ctx, rule_node),
            rule_text=_str(ctx, rm, "rule_text", node, False),
            source=_source(ctx, rm, "source", node) or total_source,
            basis=_str(ctx, rm, "basis", node, False), variants=_strs(rm, "variants")))

    grades_node = root.get("grades")
    if not isinstance(grades_node, Mapping):
        ctx.bad(grades_node or tree, "缺少 grades（等级划分）")
        raise _Invalid
    gm = _map(grades_node)
    grades = []
    for g in _list(gm, "bands"):
        if isinstance(g, Mapping):
            gg = _map(g)
            minimum = _num(ctx, gg, "min", g)
            assert minimum is not None
            grades.append(Grade(_str(ctx, gg, "grade", g), minimum))
    grades.sort(key=lambda g: g.min, reverse=True)
    grades_source = _source(ctx, gm, "source", grades_node)
    assert grades_source is not None

    adj = root.get("adjustment_reason")
    adj_level, adj_source = "info", None
    if isinstance(adj, Mapping):
        am = _map(adj)
        adj_level = _str(ctx, am, "level", adj, False) or "info"
        if adj_level not in ("error", "warning", "info"):
            ctx.bad(am.get("level"), "level 只能是 error、warning 或 info")
            raise _Invalid
        adj_source = _source(ctx, am, "source", adj, False)

    sections: tuple[str, ...] = ()
    sections_source = None
    sec = root.get("required_sections")
    if isinstance(sec, Mapping):
        sm = _map(sec)
        sections = _strs(sm, "fields")
        sections_source = _source(ctx, sm, "source", sec)

    places, places_source = _score_decimals(ctx, im)
    return Framework(
        report_form=_report_form(ctx, root),
        id=ctx.fid, title=_str(ctx, root, "title", tree), kind=kind,
        jurisdiction=_str(ctx, root, "jurisdiction", tree, False),
        version=_str(ctx, root, "version", tree, False),
        description=_str(ctx, root, "description", tree, False),
        sources=dict(ctx.sources), total_points=total_points, total_source=total_source,
        execution=execution, categories=tuple(categories),
        indicator_points=_num(ctx, root, "indicator_points", tree, False),
        positive_source=sub_source("positive"), reverse_source=sub_source("reverse"),
        reverse_groups=_strs(im, "reverse_groups"), qualitative=qualitative,
        over_achievement_ratio=over_ratio, over_achievement_source=over_source,
        rate_indicators=tuple(rate_indicators), grades=tuple(grades), grades_source=grades_source,
        adjustment_reason_level=adj_level, adjustment_reason_source=adj_source,
        required_sections=sections, required_sections_source=sections_source, path=ctx.path,
        budget_system=_budget_system(ctx, root.get("budget_system")),
        score_decimals=places, score_decimals_source=places_source)


ATTACHED_PARTS = ("basic_data", "self_evaluation", "project_table")


def _report_form(ctx: _Ctx, root: dict[str, Node]) -> ReportForm:
    """``report_form``: attachments (part → 附件 number), project_rows, dashed, source."""
    node = root.get("report_form")
    if not isinstance(node, Mapping):
        return ReportForm()
    m = _map(node)
    numbers: list[tuple[str, int]] = []
    att = m.get("attachments")
    if isinstance(att, Mapping):
        for key, _loc, value in att.entries:
            if key not in ATTACHED_PARTS:
                ctx.bad(value, f"附件“{key}”未知；可用：{'、'.join(ATTACHED_PARTS)}")
                raise _Invalid
            number = _num(ctx, {key: value}, key, att)
            if number is None or number != number.to_integral_value() or number < 1:
                ctx.bad(value, f"附件“{key}”的序号应为正整数")
                raise _Invalid
            numbers.append((key, int(number)))
    return ReportForm(tuple(numbers), _strs(m, "project_rows"), _strs(m, "dashed"),
                      _source(ctx, m, "source", node, False))


def _rule(ctx: _Ctx, node: Mapping) -> DeductionRule:
    m = _map(node)
    kind = _str(ctx, m, "type", node)
    if kind == "deduct_per_point_over":
        return DeductionRule(kind, limit=_num(ctx, m, "limit", node) or Decimal(0),
                             per_point=_num(ctx, m, "per_point", node) or Decimal(0))
    if kind == "step_below":
        return DeductionRule(kind, full_at=_num(ctx, m, "full_at", node) or Decimal(100),
                             step=_num(ctx, m, "step", node) or Decimal(5),
                             deduct=_num(ctx, m, "deduct", node) or Decimal(2))
    if kind == "tiers":
        tiers = []
        for t in _list(m, "tiers"):
            if isinstance(t, Mapping):
                tm = _map(t)
                hi, pts = _num(ctx, tm, "max", t), _num(ctx, tm, "points", t)
                assert hi is not None and pts is not None
                tiers.append((hi, pts))
        return DeductionRule(kind, tiers=tuple(tiers),
                             otherwise=_num(ctx, m, "otherwise", node, False) or Decimal(0))
    ctx.bad(m.get("type"), f"未知的扣分规则类型“{kind}”；可用：deduct_per_point_over、step_below、tiers")
    raise _Invalid


def check_framework(fw: Framework, root: dict[str, Any] | None = None) -> list[Finding]:
    """A framework's points must add up (财预〔2020〕10号 article 20)."""
    out: list[Finding] = []
    loc = Location(fw.path)
    exec_points = fw.execution.points if fw.execution else Decimal(0)
    known: list[Decimal] = [c.points for c in fw.categories if c.points is not None]
    unknown = [c.name for c in fw.categories if c.points is None]
    total = fw.total_points

    def report(problem: str) -> None:
        out.append(FW_WEIGHTS.finding([loc], framework=fw.id, problem=problem))

    if fw.indicator_points is not None:
        if exec_points + fw.indicator_points != total:
            report(f"执行率{format_decimal(exec_points)}分＋绩效指标{format_decimal(fw.indicator_points)}分"
                   f"≠总分{format_decimal(total)}分")
        if known and sum(known, Decimal(0)) > fw.indicator_points:
            report(f"一级指标分值合计{format_decimal(sum(known, Decimal(0)))}分"
                   f"超过绩效指标{format_decimal(fw.indicator_points)}分")
    elif not unknown:
        if exec_points + sum(known, Decimal(0)) != total:
            parts = "＋".join(f"{c.name}{format_decimal(c.points or Decimal(0))}" for c in fw.categories)
            report(f"执行率{format_decimal(exec_points)}分＋{parts}＝"
                   f"{format_decimal(exec_points + sum(known, Decimal(0)))}分≠总分{format_decimal(total)}分")
    elif exec_points + sum(known, Decimal(0)) > total:
        report(f"已定分值合计{format_decimal(exec_points + sum(known, Decimal(0)))}分超过总分{format_decimal(total)}分")
    for grade in fw.grades:
        if grade.min > total:
            report(f"等级“{grade.grade}”的下限{format_decimal(grade.min)}超过总分")
    for cap in fw.budget_system.caps if fw.budget_system else ():
        if cap.max_total > total:
            report(f"执行率低于{format_decimal(cap.below)}%时的封顶分{format_decimal(cap.max_total)}超过总分")
    return out


def _budget_system(ctx: _Ctx, node: Node | None) -> BudgetSystem | None:
    """The ``budget_system`` block: each rule on only when named, with its threshold
    and a source (the block's own unless the rule names another)."""
    if node is None or (isinstance(node, Scalar) and node.null):
        return None
    if not isinstance(node, Mapping):
        ctx.bad(node, "budget_system 应为键值表")
        raise _Invalid
    m = _map(node)
    default = _source(ctx, m, "source", node)
    assert default is not None

    def threshold(key: str, value_key: str, with_deduct: bool = False) -> Threshold | None:
        sub = m.get(key)
        if sub is None:
            return None
        if not isinstance(sub, Mapping):
            ctx.bad(sub, f"budget_system.{key} 应为键值表")
            raise _Invalid
        sm = _map(sub)
        value = _num(ctx, sm, value_key, sub)
        assert value is not None
        deduct = _num(ctx, sm, "deduct", sub) if with_deduct else None
        return Threshold(value, _source(ctx, sm, "source", sub, False) or default, deduct or Decimal(0))

    zero = m.get("zero_budget")
    zero_source: Source | None = None
    if isinstance(zero, Mapping):
        zero_source = _source(ctx, _map(zero), "source", zero, False) or default
    elif zero is not None:
        ctx.bad(zero, "budget_system.zero_budget 应为键值表（可只写 {}）")
        raise _Invalid

    caps: list[ExecutionCap] = []
    caps_source: Source | None = None
    caps_node = m.get("execution_caps")
    if isinstance(caps_node, Mapping):
        cm = _map(caps_node)
        caps_source = _source(ctx, cm, "source", caps_node, False) or default
        for item in _list(cm, "caps"):
            if not isinstance(item, Mapping):
                ctx.bad(item, "execution_caps.caps 的每一项应为键值表 {below, max_total}")
                raise _Invalid
            im = _map(item)
            below, most = _num(ctx, im, "below", item), _num(ctx, im, "max_total", item)
            assert below is not None and most is not None
            caps.append(ExecutionCap(below, most))
        caps.sort(key=lambda c: c.below)
    elif caps_node is not None:
        ctx.bad(caps_node, "budget_system.execution_caps 应为键值表")
        raise _Invalid

    return BudgetSystem(
        score_over_execution=threshold("score_over_execution", "margin"),
        zero_budget=zero_source,
        unspent=threshold("unspent", "limit"),
        over_target=threshold("over_target", "ratio", with_deduct=True),
        caps=tuple(caps), caps_source=caps_source)


def _score_decimals(ctx: _Ctx, im: dict[str, Node]) -> tuple[int | None, Source | None]:
    """``indicators.score_decimals: {places: 2, source: …}``: how exactly a self score must
    match its recomputed score (else a score is read at the precision it is written)."""
    node = im.get("score_decimals")
    if node is None:
        return None, None
    if not isinstance(node, Mapping):
        ctx.bad(node, "indicators.score_decimals 应为键值表 {places, source}")
        raise _Invalid
    m = _map(node)
    places = _num(ctx, m, "places", node)
    assert places is not None
    if places != places.to_integral_value() or not 0 <= places <= 4:
        ctx.bad(m.get("places"), "places 应为 0–4 的整数")
        raise _Invalid
    return int(places), _source(ctx, m, "source", node, False)
