"""From a ``Result`` to the report as data (pure: no I/O, no rendering libraries)."""

from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.engine import Result
from jixiao.findings import Finding
from jixiao.model.concepts import concept_title
from jixiao.model.evaluation import year_of
from jixiao.model.location import Location
from jixiao.model.overall import OverallEvaluation
from jixiao.model.text import Text
from jixiao.narrative.figures import Figures
from jixiao.narrative.segments import Inline, Seg, given, inline, ordinal, placeholder
from jixiao.reconcile.resolution import resolve
from jixiao.writers.report.codes import RENDER_PLACEHOLDER, RENDER_SOLE_PART
from jixiao.writers.report.view import Block, Chart, ChartSpec, Heading, PageBreak, Paragraph, ReportDocument, Table


@dataclass(slots=True)
class Attachment:
    title: Inline
    blocks: list[Block]


@dataclass(slots=True)
class Builder:
    """Collects blocks; knows the figures, the year, and which input texts are template
    prompts (so they count as not filled)."""

    result: Result
    fig: Figures
    blocks: list[Block] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    chart_count: int = 0
    prompts: set[Location] = field(default_factory=set)
    choices: list[str] = field(default_factory=list)

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

    def chart(self, spec: ChartSpec | None, caption: str) -> None:
        if spec is None:
            return
        self.chart_count += 1
        self.blocks.append(Chart(spec, inline("图", ordinal(self.chart_count), f"　{caption}"),
                                 self.chart_count))

    def table(self, table: Table) -> None:
        self.blocks.append(table)


def build_report(result: Result, *, with_findings: bool = False) -> ReportDocument:
    """The report of one evaluation: the whole-expenditure report with its attached tables,
    or the project table with its short report; ``with_findings`` appends the findings and
    the choices made where the input contradicts itself."""
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
    if with_findings:
        from jixiao.writers.report.appendix import findings_appendix

        b.attachments.append(findings_appendix(b, [*result.findings, *findings]))
    blocks = finish(b)
    return ReportDocument(title, tuple(blocks), ev.kind, ev.source, tuple(findings), tuple(b.choices))


def finish(b: Builder) -> list[Block]:
    """The body, the attachment list, then each attachment on its own page."""
    blocks = list(b.blocks)
    if b.attachments:
        for i, a in enumerate(b.attachments, start=1):
            lead: list[Seg | str | None] = ["附件：" if i == 1 else "　　　"]
            blocks.append(Paragraph(inline(*lead, ordinal(i, "{}. "), *a.title), "attachments"))
        for i, a in enumerate(b.attachments, start=1):
            blocks.append(PageBreak())
            blocks.append(Paragraph(inline("附件", ordinal(i)), "label"))
            blocks.append(Paragraph(a.title, "table-title"))
            blocks.extend(a.blocks)
    return blocks


def render_findings(b: Builder) -> list[Finding]:
    """What the rendering itself has to say: placeholders, sole-part rows."""
    ev = b.result.evaluation
    out: list[Finding] = []
    sections: dict[str, list[str]] = {}
    for m in b.fig.missing:
        sections.setdefault(m.section, []).append(m.item)
    for section, items in sections.items():
        out.append(RENDER_PLACEHOLDER.finding([Location(ev.source)], section=section, items="、".join(items)))
    for sole in b.fig.sole_parts.values():
        from jixiao.writers.report.appendix import written_amount

        chosen = written_amount(sole.chosen.value, sole.chosen.decimals)
        out.append(RENDER_SOLE_PART.finding(
            [sole.stated.fact.location], stated=sole.stated.fact.text, expected=chosen,
            part=concept_title(sole.part), total=concept_title(sole.total),
            written=sole.stated.fact.display, chosen=f"{chosen}{sole.chosen.unit or ''}"))
    return out
