"""From a ``Result`` to the report as data (pure: no I/O, no rendering libraries)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.engine import Result
from jixiao.findings import Finding, Level
from jixiao.frameworks.model import ReportForm
from jixiao.model.concepts import concept_title
from jixiao.model.evaluation import year_of
from jixiao.model.fact import Fact
from jixiao.model.location import Location
from jixiao.model.overall import OverallEvaluation
from jixiao.model.parts import Explanation
from jixiao.model.project import ProjectEvaluation
from jixiao.model.text import Text
from jixiao.narrative.figures import Figures
from jixiao.narrative.segments import Inline, Seg, SegKind, given, inline, ordinal, placeholder
from jixiao.reconcile.resolution import resolve
from jixiao.writers.report import chartspecs
from jixiao.writers.report.codes import RENDER_EXPLANATION_UNMATCHED, RENDER_PLACEHOLDER, RENDER_TEXT_FIGURE
from jixiao.writers.report.tablefit import fit_tables
from jixiao.writers.report.view import Block, Chart, ChartSpec, Heading, PageBreak, Paragraph, ReportDocument, Table


@dataclass(slots=True)
class Attachment:
    """An attachment: its title, its blocks, and the number the province's form gives it
    (``None``: numbered after the form's)."""

    title: Inline
    blocks: list[Block]
    number: int | None = None


@dataclass(slots=True)
class Builder:
    """Collects blocks; knows the figures, the year, and which input texts are template
    prompts (so they count as not filled)."""

    result: Result
    fig: Figures
    blocks: list[Block] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    chart_count: int = 0
    charts: list[Chart] = field(default_factory=list)
    prompts: set[Location] = field(default_factory=set)
    choices: list[str] = field(default_factory=list)
    text_findings: list[Finding] = field(default_factory=list)

    @property
    def form(self) -> ReportForm:
        """The province's form (attachment numbers, fixed rows) from the framework."""
        fw = self.result.framework
        return fw.report_form if fw is not None else ReportForm()

    @property
    def year(self) -> Seg:
        y = year_of(self.result.evaluation)
        if y is None:
            self.fig.note_missing("年度", "年度")
            return placeholder()
        return Figures.year(y)

    def prior_year(self) -> Seg:
        y = year_of(self.result.evaluation)
        return Figures.year(y, -1) if y is not None else placeholder()

    def heading(self, level: int, *parts: Seg | str | None) -> None:
        self.blocks.append(Heading(level, inline(*parts)))

    def para(self, *parts: Seg | str | None, style: str = "body") -> None:
        self.blocks.append(Paragraph(inline(*parts), style))

    def filled(self, t: Text | None) -> bool:
        return t is not None and not t.is_empty and t.location not in self.prompts

    def text_section(self, t: Text | None, section: str, *, required: bool = True) -> None:
        """The input text as paragraphs (one per line), or a placeholder."""
        if t is None or not self.filled(t):
            if required:
                self.fig.note_missing(section, "文字内容")
                self.blocks.append(Paragraph((placeholder(),)))
            return
        for line in t.value.splitlines():
            line = line.strip().replace("\u3000", " ").strip()
            if line:
                self.blocks.append(Paragraph((given(line, t.location),)))

    def unit_text(self, t: Text | None, section: str, facts: Iterable[Fact | None]) -> bool:
        """The unit's own text of a section, printed as written (typos too), when the input
        holds it; each figure the section's fields state that the text does not write is
        reported (the report still prints the text). False when there is no such text (the
        caller generates the section from its figures)."""
        if t is None or not self.filled(t):
            return False
        self.text_section(t, section)
        for fact in facts:
            if fact is not None and not written_in(fact, t.value):
                self.text_findings.append(RENDER_TEXT_FIGURE.finding(
                    [t.location, fact.location], stated=fact.text, section=section,
                    label=fact.label.split("·")[-1] or concept_title(fact.concept), figure=fact.text))
        return True

    def chart(self, spec: ChartSpec | None, caption: str) -> None:
        """Charts are no part of the official form: collected here, printed (with ``charts``)
        only in an appendix of their own."""
        if spec is None or not chartspecs.has_values(spec):
            return
        self.chart_count += 1
        self.charts.append(Chart(spec, inline("图", ordinal(self.chart_count), f"　{caption}"), self.chart_count))

    def table(self, table: Table) -> None:
        self.blocks.append(table)


def build_report(result: Result, *, with_findings: bool = False, charts: bool = False) -> ReportDocument:
    """The report of one evaluation: the whole-expenditure report with its attached tables,
    or the project table with its short report; ``charts`` appends the charts as an appendix,
    ``with_findings`` the findings and the choices made where the input contradicts itself.
    A report with error findings opens with a draft mark (草稿 — N 处错误未处理); an error
    the unit explained in writing (the input's ``explanations``, by finding id) is not
    counted, and the findings appendix prints it with its explanation."""
    ev = result.evaluation
    resolution = result.resolution if result.resolution is not None else resolve(ev.facts)
    fig = Figures(resolution)
    prompts = {loc for f in result.findings if f.code == "complete.placeholder" for loc in f.locations}
    b = Builder(result, fig, prompts=prompts)
    if isinstance(ev, OverallEvaluation):
        from jixiao.writers.report.overall import build_overall

        title = build_overall(b)
    else:
        from jixiao.writers.report.project import build_project

        title = build_project(b)
    findings = render_findings(b)
    explained, unmatched = match_explanations(ev, [*result.findings, *findings])
    findings += unmatched
    if charts and b.charts:
        b.attachments.append(Attachment(inline("图表"), list(b.charts)))
    if with_findings:
        from jixiao.writers.report.appendix import findings_appendix

        b.attachments.append(findings_appendix(b, [*result.findings, *findings], explained))
    blocks = fit_tables(finish(b))
    errors = [f for f in [*result.findings, *findings] if f.level is Level.ERROR and f.id not in explained]
    if errors:
        blocks.insert(0, draft_mark(errors))
    return ReportDocument(title, tuple(blocks), ev.kind, ev.source, tuple(findings), tuple(b.choices))


def match_explanations(ev: OverallEvaluation | ProjectEvaluation,
                       findings: list[Finding]) -> tuple[dict[str, Explanation], list[Finding]]:
    """The unit's explanations by the id of the finding they explain, and a finding for
    each explanation that names no finding of this run (the data changed since, or the
    id is mistyped): such an explanation clears nothing."""
    ids = {f.id for f in findings}
    explained: dict[str, Explanation] = {}
    unmatched: list[Finding] = []
    for e in ev.explanations:
        key = e.finding.strip()
        if e.text is None or e.text.is_empty:
            continue  # an empty explanation explains nothing (input.missing says so)
        if key in ids:
            explained.setdefault(key, e)
        else:
            unmatched.append(RENDER_EXPLANATION_UNMATCHED.finding([e.location or Location(ev.source)],
                                                                  finding=key))
    return explained, unmatched


def draft_mark(errors: list[Finding]) -> Paragraph:
    """草稿 — N 处错误未处理: on the first page until the errors are fixed."""
    count = Seg(str(len(errors)), SegKind.COMPUTED, concept="findings.errors", value=Decimal(len(errors)),
                op="count", inputs=tuple((f.code, Decimal(0)) for f in errors))
    return Paragraph(inline("草稿 — ", count, " 处错误未处理"), "draft")


def finish(b: Builder) -> list[Block]:
    """The body, the attachment list, then each attachment on its own page. Attachments are
    numbered as the province's form numbers them (``Attachment.number``); one without a
    number in the form takes the next number the form does not use."""
    blocks = list(b.blocks)
    numbers = attachment_numbers(b.attachments)
    for i, (n, a) in enumerate(zip(numbers, b.attachments, strict=True)):
        lead: list[Seg | str | None] = ["附件：" if i == 0 else "　　　"]
        blocks.append(Paragraph(inline(*lead, ordinal(n, "{}. "), *a.title), "attachments"))
    for n, a in zip(numbers, b.attachments, strict=True):
        blocks.append(PageBreak())
        blocks.append(Paragraph(inline("附件", ordinal(n)), "label"))
        blocks.append(Paragraph(a.title, "table-title"))
        blocks.extend(a.blocks)
    return blocks


def attachment_numbers(attachments: list[Attachment]) -> list[int]:
    """The form's numbers where it gives them; the others count on after the highest number
    used, so a findings or chart appendix never takes a number the form uses."""
    used = {a.number for a in attachments if a.number is not None}
    out: list[int] = []
    following = max(used, default=0)
    for a in attachments:
        if a.number is not None:
            out.append(a.number)
        else:
            following += 1
            while following in used:
                following += 1
            out.append(following)
    return out


_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")


def written_in(fact: Fact, text: str) -> bool:
    """Whether ``text`` writes the figure as the field writes it (its digits, not inside a
    longer number: 0 is not written by 2023)."""
    m = _NUMBER.search(fact.text)
    if m is None:
        return True  # nothing numeric to look for
    number = m.group(0).lstrip("+-")
    return re.search(rf"(?<![\d.]){re.escape(number)}(?![\d]|\.\d)", text) is not None


def render_findings(b: Builder) -> list[Finding]:
    """What the rendering itself has to say: the placeholders."""
    ev = b.result.evaluation
    out: list[Finding] = list(b.text_findings)
    sections: dict[str, list[str]] = {}
    for m in b.fig.missing:
        sections.setdefault(m.section, []).append(m.item)
    for section, items in sections.items():
        out.append(RENDER_PLACEHOLDER.finding([Location(ev.source)], section=section, items="、".join(items)))
    return out
