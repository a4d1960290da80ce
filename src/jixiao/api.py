"""The engine as a library: read, evaluate and render evaluations from an application.

This is the one public module (documented in ``docs/api.md``); everything else in
``jixiao`` is internal and may change. An application reads a source (any supported
format) or a data document into an :class:`Evaluation`, evaluates it under a framework
into a :class:`Result`, and turns the result into JSON-ready data or into the report,
attached-tables workbook and fill-in template the command line writes.

Bad input never raises a traceback from the engine: an unreadable source raises
:class:`ReadError` (with its findings and a Chinese message); everything else the
engine finds is a finding in the result.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Literal

from jixiao import engine
from jixiao.findings import Finding, Level, count_levels
from jixiao.frameworks.model import Framework
from jixiao.located import SYNTAX, Node, Scalar, Sequence
from jixiao.located import Mapping as TreeMapping
from jixiao.model.evaluation import Evaluation as ModelEvaluation
from jixiao.model.fact import Fact
from jixiao.model.location import Location
from jixiao.readers import reading

__all__ = [
    "ApiError",
    "Evaluation",
    "FrameworkError",
    "ReadError",
    "ReportFormat",
    "Result",
    "attached_tables_xlsx",
    "clear_frameworks",
    "evaluate",
    "fill_in_template",
    "finding_data",
    "framework_from_text",
    "frameworks",
    "from_data",
    "input_schema",
    "read",
    "register_frameworks_dir",
    "render_report",
    "result_schema",
    "to_data",
]

DATA_NAME = "<数据>"  # the file name locations carry for a data document without a name
UPLOAD_NAME = "<上传文件>"
ReportFormat = Literal["docx", "pdf", "html", "md"]


class ApiError(Exception):
    """An input or request the engine cannot work with; ``findings`` say why and where."""

    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.findings: list[Finding] = list(findings or [])


class ReadError(ApiError):
    """The source cannot be read into an evaluation (not found, wrong format, syntax
    error, empty). ``str(error)`` is a Chinese message; ``findings`` locate the problem."""


class FrameworkError(ApiError):
    """No usable framework for the request (unknown id, invalid framework, wrong kind)."""


@dataclass(frozen=True, slots=True)
class Evaluation:
    """An evaluation as read: the model the checks work on, the data as written, and
    what reading it noticed.

    ``findings`` are the reading findings (they also appear in :func:`evaluate`'s
    result); ``notes`` are those of them the data document itself cannot reproduce —
    what the reader of a DOCX, PDF, HTML, text or XLSX source noticed — and travel with
    the data document under ``reading``.
    """

    model: ModelEvaluation
    tree: TreeMapping
    findings: tuple[Finding, ...] = ()
    notes: tuple[Finding, ...] = ()
    source: str = DATA_NAME
    format: str = "data"
    text: str | None = None  # the source text, for excerpts under findings

    @property
    def kind(self) -> str:
        """``overall`` (部门（单位）整体支出) or ``project`` (项目支出)."""
        return self.model.kind

    @property
    def framework(self) -> str | None:
        """The framework id the evaluation names, if any."""
        return self.model.framework

    @property
    def facts(self) -> tuple[Fact, ...]:
        """Every figure stated, with its unit, decimals and location."""
        return self.model.facts


@dataclass(frozen=True, slots=True)
class Result:
    """An evaluation under a framework: its findings (reading and checks, sorted by
    place), score card, resolved values and framework."""

    evaluation: Evaluation
    engine: engine.Result
    findings: tuple[Finding, ...]

    @property
    def framework(self) -> str | None:
        """The id of the framework used; ``None`` when none could be used."""
        return self.engine.framework.id if self.engine.framework is not None else None

    @property
    def card(self) -> Any:
        """The score card (:class:`jixiao.scoring.card.ScoreCard`), or ``None``."""
        return self.engine.card

    @property
    def usable(self) -> bool:
        """A framework was found and the evaluation scored under it."""
        return self.engine.usable

    @property
    def resolved(self) -> dict[str, dict[str, Any]]:
        """Every concept's resolved value: ``{concept: {"value", "unit", "decimals", "stated"}}``
        (values as text, keeping the decimals)."""
        resolution = self.engine.resolution
        if resolution is None:
            return {}
        return {concept: {"value": _decimal(r.value), "unit": r.unit, "decimals": r.decimals,
                          "stated": r.stated}
                for concept, r in sorted(resolution.values.items())}

    @property
    def computed(self) -> dict[str, str]:
        """The figures the engine computes from their parts, whether or not the document
        states them: ``{"relation|concept": value}`` — each sum of the reconciliation
        network (``funds-by-source|funds.total.full_year``: the sources' sum) from the
        resolved values of its items, each rate (``execution|funds.total.rate``:
        final ÷ full year × 100, two decimals), and from the score card the total weight
        (``card|total.weight``), the sum of the scores stated per row (``card|total.score``)
        and its grade under the framework (``card|total.grade``). Values as decimal text.
        An application shows these beside the figures stated (a 合计 or 执行率 is
        computed, not typed); a figure is left out when a part is missing."""
        out: dict[str, str] = {}
        resolution = self.engine.resolution
        if resolution is not None:
            for identity in resolution.identities:
                if identity.identity.partial or not identity.items:
                    continue
                parts = [(weight, resolution.value(concept)) for weight, concept in identity.items]
                if any(value is None for _, value in parts):
                    continue
                total = sum((weight * value for weight, value in parts if value is not None), Decimal(0))
                out.setdefault(f"{identity.identity.id}|{identity.total}", _decimal(total) or "0")
            for ratio in resolution.ratios:
                numerator, denominator = resolution.value(ratio.numerator), resolution.value(ratio.denominator)
                if numerator is None or denominator is None or denominator == 0:
                    continue
                rate = (numerator / denominator * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
                out.setdefault(f"{ratio.ratio.id}|{ratio.rate}", _decimal(rate) or "0")
        card, framework = self.engine.card, self.engine.framework
        if card is not None:
            if card.weight_sum is not None:
                out["card|total.weight"] = _decimal(card.weight_sum) or "0"
            if card.reported_sum is not None and any(row.reported is not None for row in card.rows):
                out["card|total.score"] = _decimal(card.reported_sum) or "0"
                if framework is not None and framework.grades:
                    out["card|total.grade"] = framework.grade_for(card.reported_sum).grade
        return out

    @property
    def counts(self) -> dict[str, int]:
        return count_levels(self.findings)

    def to_data(self) -> dict[str, Any]:
        """The result as JSON-ready data, valid against :func:`result_schema`."""
        return {
            "framework": self.framework,
            "kind": self.evaluation.kind,
            "findings": [finding_data(f) for f in self.findings],
            "score": _card_data(self.engine.card),
            "resolved": self.resolved,
            "counts": self.counts,
        }


# ---------------------------------------------------------------------------- reading

def read(source: str | os.PathLike[str] | bytes, name: str | None = None) -> Evaluation:
    """Read any supported source (YAML, JSON, XLSX template or attachments, DOCX, PDF,
    HTML, text) into an evaluation. ``source`` is a path or the file's bytes; ``name``
    is the file name findings show (and helps tell the format of bytes).

    Raises :class:`ReadError` when the source cannot be read at all."""
    from jixiao.readers.load import load_bytes, load_path
    from jixiao.readers.safety import MAX_BYTES, UnsafeInput, read_file

    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        label = name or UPLOAD_NAME
        if len(data) > MAX_BYTES:
            finding = SYNTAX.finding([Location(label)],
                                     problem=f"文件过大（{len(data) // 1024 // 1024} MB），超过上限")
            raise ReadError(_unreadable(label, [finding]), [finding])
        loaded = load_bytes(data, label)
    elif name is not None:
        try:
            data = read_file(source, MAX_BYTES)
        except (OSError, UnsafeInput):
            loaded = load_path(source)  # says what is wrong with the path, in Chinese
        else:
            loaded = load_bytes(data, name)
    else:
        loaded = load_path(source)
    if loaded.evaluation is None or not isinstance(loaded.tree, TreeMapping):
        raise ReadError(_unreadable(loaded.source, loaded.findings), loaded.findings)
    return _from_tree(loaded.tree, loaded.source, loaded.format, loaded.text, loaded.findings)


def read_untrusted(data: bytes, name: str, *, memory_bytes: int = 2 << 30, seconds: float = 60.0) -> Evaluation:
    """:func:`read` for a document from outside (an upload, a file of unknown origin):
    formats read by native libraries (XLSX, DOCX, PDF, HTML, text) are read in a child
    process limited to ``memory_bytes`` of address space and ``seconds`` of time, so a
    crafted file costs one child, never the caller. YAML and JSON, read in pure Python
    with node caps, are read in this process.

    Raises :class:`ReadError` when the document cannot be read, including when the
    child overran or died (an ``input.reader-died`` finding says why, in Chinese)."""
    from jixiao.readers.isolated import needs_isolation, read_isolated

    if not needs_isolation(data, name):
        return read(data, name)
    loaded = read_isolated(data, name, memory_bytes=memory_bytes, seconds=seconds)
    if loaded.evaluation is None or not isinstance(loaded.tree, TreeMapping):
        raise ReadError(_unreadable(loaded.source, loaded.findings), loaded.findings)
    return _from_tree(loaded.tree, loaded.source, loaded.format, loaded.text, loaded.findings)


def from_data(data: Mapping[str, Any], name: str | None = None) -> Evaluation:
    """An evaluation from its data document (the published input schema, as
    :func:`to_data` gives it or an application's form builds it). Numbers are best
    given as strings (``"63.70"``) to keep their decimals as written.

    Raises :class:`ReadError` when ``data`` is not a data document at all."""
    label = name or DATA_NAME
    if not isinstance(data, Mapping):
        finding = SYNTAX.finding([Location(label)], problem="数据文档应为键值表（JSON 对象）")
        raise ReadError(_unreadable(label, [finding]), [finding])
    tree = _tree(data, Location(label))
    assert isinstance(tree, TreeMapping)
    return _from_tree(tree, label, "data", None, ())


def to_data(ev: Evaluation) -> dict[str, Any]:
    """The evaluation's data document: JSON-ready, in the published input schema, every
    value as written (text keeps its decimals and unit). ``from_data(to_data(ev))``
    gives the same facts and the same findings: what reading a DOCX, PDF, HTML, text or
    XLSX source noticed is kept under ``reading``."""
    from jixiao.model.jsonschema import fill_required

    data = reading.plain(ev.tree)
    assert isinstance(data, dict)
    fill_required(data)
    before = data.pop(reading.KEY, None)  # written again from the notes, with numbers as numbers
    if ev.notes:
        origin = before if isinstance(before, dict) else {"source": ev.source, "format": ev.format}
        data[reading.KEY] = {"source": origin.get("source") or ev.source, "format": origin.get("format") or ev.format,
                             "findings": [reading.note_data(f) for f in ev.notes]}
    return data


def _from_tree(tree: TreeMapping, source: str, fmt: str, text: str | None,
               read_findings: list[Finding] | tuple[Finding, ...]) -> Evaluation:
    from jixiao.readers.tree import build_evaluation

    model, walked = build_evaluation(tree, source)
    if model is None:
        findings = [*read_findings, *walked]
        raise ReadError(_unreadable(source, findings), findings)
    # What the reader noticed beyond what a walk over the data finds again ...
    left = Counter(_same(f) for f in walked)
    extra = []
    for f in read_findings:
        if left[_same(f)] > 0:
            left[_same(f)] -= 1
        else:
            extra.append(f)
    # ... and what the data's own `reading` entry records (the walk gives those again).
    carried = reading.notes(next((n for k, _loc, n in tree.entries if k == reading.KEY), None), source)
    return Evaluation(model, tree, tuple([*extra, *walked]), tuple([*carried, *extra]), source, fmt, text)


def _same(f: Finding) -> tuple[object, ...]:
    return (f.code, f.level, f.message, f.locations, f.stated, f.expected)


def _unreadable(source: str, findings: list[Finding]) -> str:
    first = next((f for f in findings if f.level is Level.ERROR), findings[0] if findings else None)
    why = first.message if first is not None else "没有可读取的内容"
    return f"无法读取“{source}”：{why}"


def _tree(value: Any, loc: Location) -> Node:
    """A located tree from plain data (JSON types, plus Decimal)."""
    if isinstance(value, Mapping):
        return TreeMapping([(str(k), loc, _tree(v, loc)) for k, v in value.items()], loc)
    if isinstance(value, list | tuple):
        return Sequence([_tree(v, loc) for v in value], loc)
    if value is None:
        return Scalar("", loc, null=True)
    if isinstance(value, bool):
        return Scalar("true" if value else "false", loc)
    if isinstance(value, Decimal):
        return Scalar(format(value, "f"), loc)
    return Scalar(str(value), loc)


# --------------------------------------------------------------------------- evaluating

def evaluate(ev: Evaluation, framework: str | None = None) -> Result:
    """Resolve, score and check an evaluation under a framework: ``framework`` (an id),
    else the one the evaluation names, else the default for its kind. A framework that
    cannot be used is a finding (``framework.unknown``, ``framework.invalid``) and the
    result has no score card."""
    outcome = engine.evaluate(ev.model, framework)
    findings = sorted([*ev.findings, *outcome.findings], key=lambda f: f.sort_key())
    return Result(ev, outcome, tuple(findings))


def frameworks() -> list[dict[str, Any]]:
    """The frameworks an evaluation can name: the built-in set, those in the registered
    directories (:func:`register_frameworks_dir`, ``JIXIAO_FRAMEWORKS``) and those given
    as text (:func:`framework_from_text`). Each: ``id``, ``title``, ``kind``
    (``overall``/``project``), ``jurisdiction``, ``version`` (the year of its form),
    ``description``, ``total_points``, ``builtin``. One that does not load is left out
    (``jixiao frameworks`` reports why)."""
    from jixiao.frameworks.loader import available_ids, builtin_ids, load_framework

    builtin = set(builtin_ids())
    listed = []
    for fid in available_ids():
        fw, _problems = load_framework(fid)
        if fw is not None:
            listed.append({**_framework_info(fw), "builtin": fid in builtin})
    return listed


def framework_from_text(text: str, name: str = "<上传的评价框架>") -> dict[str, Any]:
    """Load a framework from its YAML text (a bureau's own, uploaded; format in
    ``docs/frameworks.md``) and make it available by its ``id`` to :func:`evaluate` and
    :func:`fill_in_template` in this process. Returns what :func:`frameworks` lists for
    it, with ``findings`` (e.g. ``framework.weights`` when its points do not add up).

    Raises :class:`FrameworkError` when the text is not a usable framework or reuses a
    built-in id."""
    from jixiao.frameworks.loader import register_text

    fw, findings = register_text(text, name)
    if fw is None:
        why = "；".join(f.message for f in findings) or "无法读取"
        raise FrameworkError(f"评价框架无效：{why}", findings)
    return {**_framework_info(fw), "builtin": False, "findings": [f.as_json() for f in findings]}


def register_frameworks_dir(path: str | os.PathLike[str]) -> None:
    """Make the ``<id>.yaml`` framework files of a directory available by id (the
    operator's choice, like ``--frameworks-dir``). What an evaluation names is only ever
    looked up by id among these, never opened as a path."""
    from jixiao.frameworks.loader import register_dir

    if not os.path.isdir(path):
        raise FrameworkError(f"评价框架目录“{path}”不存在")
    register_dir(os.fspath(path))


def clear_frameworks() -> None:
    """Forget the frameworks read so far (files are read again when next used) and those
    given as text."""
    from jixiao.frameworks.loader import clear_cache

    clear_cache()


def _framework_info(fw: Framework) -> dict[str, Any]:
    return {"id": fw.id, "title": fw.title, "kind": fw.kind, "jurisdiction": fw.jurisdiction,
            "version": fw.version, "description": fw.description,
            "total_points": _decimal(fw.total_points)}


# ------------------------------------------------------------------------------ output

def finding_data(f: Finding) -> dict[str, Any]:
    """A finding as JSON-ready data: stable ``id``, ``code``, ``level``, ``message``,
    ``args``, ``field`` (of its main location), ``locations`` (each with its ``field``
    and its place in the file), ``stated``, ``expected``, ``citation``."""
    return f.as_json()


def _decimal(value: Decimal | None) -> str | None:
    if value is None:
        return None
    from jixiao.model.numbers import format_decimal

    return format_decimal(value)


def _card_data(card: Any) -> dict[str, Any] | None:
    if card is None:
        return None
    from jixiao.scoring.card import ScoreCard
    from jixiao.scoring.outcome import format_points

    assert isinstance(card, ScoreCard)
    rows = []
    for row in card.rows:
        score = row.score
        rows.append({
            "kind": row.kind, "category": row.category, "group": row.group, "name": row.name,
            "target": row.target, "actual": row.actual,
            "weight": _decimal(row.weight),
            "self": row.reported.text if row.reported is not None else None,
            "recomputed": _decimal(score.points),
            "low": _decimal(score.low), "high": _decimal(score.high),
            "outcome": score.outcome.value, "display": score.display(),
            "agrees": row.agrees, "explanation": score.explanation,
            "rule": score.rule, "citation": score.citation,
            "field": _row_field(row),
        })
    reported = card.reported_total
    return {
        "rows": rows,
        "weight_sum": _decimal(card.weight_sum),
        "self_total": reported.text if reported is not None else None,
        "self_rows_sum": _decimal(card.reported_sum),
        "recomputed_total": _decimal(card.recomputed_total),
        "recomputed_display": format_points(card.recomputed_total),
        "self_grade": card.reported_grade,
        "grade": card.grade.grade,
        "complete": card.complete,
    }


def _row_field(row: Any) -> str | None:
    """The field of a score-card row: its stated score, else its indicator."""
    if row.reported is not None and row.reported.location.field is not None:
        return str(row.reported.location.field)
    indicator = row.indicator
    if indicator is not None and indicator.location is not None and indicator.location.field is not None:
        return str(indicator.location.field)
    if row.weight_fact is not None and row.weight_fact.location.field is not None:
        return str(row.weight_fact.location.field).rsplit("/", 1)[0]
    return None


def input_schema() -> dict[str, Any]:
    """The JSON Schema of the data document (``docs/evaluation.schema.json``)."""
    from jixiao.model.jsonschema import input_schema as schema

    return schema()


def result_schema() -> dict[str, Any]:
    """The JSON Schema of :meth:`Result.to_data` (``docs/result.schema.json``)."""
    from jixiao.result_schema import result_schema as schema

    return schema()


def _usable(result: Result) -> engine.Result:
    if not result.usable:
        raise FrameworkError("无法确定评价框架，不能生成：" + "；".join(
            f.message for f in result.findings if f.code.startswith("framework.")), list(result.findings))
    return result.engine


def render_report(result: Result, fmt: ReportFormat, *, with_findings: bool = False) -> bytes:
    """The self-evaluation report as DOCX, PDF, HTML or Markdown bytes (``jixiao
    render``). Markdown refers to its charts as files and is returned without them;
    HTML carries its charts inline. ``with_findings`` appends the findings."""
    from jixiao.writers.report import build_report, write_report

    if fmt not in ("docx", "pdf", "html", "md"):
        raise ValueError(f"不支持的报告格式：{fmt}")
    doc = build_report(_usable(result), with_findings=with_findings)
    with tempfile.TemporaryDirectory(prefix="jixiao-report-") as tmp:
        outputs = write_report(doc, Path(tmp), "report", [fmt])
        return outputs[0].path.read_bytes()


def attached_tables_xlsx(result: Result) -> bytes:
    """The attached tables as an XLSX workbook with live formulas and a sheet of
    findings (``jixiao xlsx``)."""
    from jixiao.writers.xlsx.attachments import write_attachments

    return write_attachments(_usable(result), list(result.findings))


def fill_in_template(framework: str | None = None, ev: Evaluation | None = None) -> bytes:
    """The fill-in template (填报模板) as XLSX bytes (``jixiao template``): blank for
    ``framework`` (default: the whole-expenditure framework), or filled from ``ev``."""
    from jixiao.frameworks.loader import load_framework
    from jixiao.writers.xlsx.template import write_template

    if ev is not None:
        outcome = engine.evaluate(ev.model, framework)
        if outcome.framework is None:
            raise FrameworkError("无法确定评价框架，不能生成模板", list(outcome.findings))
        data, _findings = write_template(outcome.framework, evaluation=ev.model,
                                         resolution=outcome.resolution)
        return data
    fw, problems = load_framework(framework or engine.DEFAULT_FRAMEWORKS["overall"])
    if fw is None:
        raise FrameworkError("无法确定评价框架，不能生成模板：" + "；".join(f.message for f in problems),
                             problems)
    data, _findings = write_template(fw)
    return data
