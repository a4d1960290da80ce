"""The findings appendix (``--with-findings``): every choice made where the input contradicts
itself, then every finding with its location."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from jixiao.findings import Finding
from jixiao.model.concepts import concept_title, is_text_figure
from jixiao.model.evaluation import Evaluation
from jixiao.model.location import Location
from jixiao.model.numbers import format_decimal
from jixiao.model.parts import Explanation
from jixiao.narrative.segments import Seg, SegKind, given, inline, ordinal
from jixiao.writers.report.build import Attachment, Builder
from jixiao.writers.report.cells import cell, head
from jixiao.writers.report.view import Block, Cell, Heading, Paragraph, Table

FINDINGS_WIDTHS = (0.4, 0.45, 2.9, 4.25, 2.0)  # the 规则 column holds the longest code on one line


def finding_seg(s: str) -> Seg:
    return Seg(s, SegKind.FINDING)


def written_amount(value: Decimal, decimals: int) -> str:
    return format_decimal(value, max(0, min(decimals, 6)))


def short_location(loc: Location, source: str) -> str:
    """A location within the evaluation's own file without the file name (第140行第14列,
    [p3 t2 r5 c4], [Sheet!B7]); other files keep their name."""
    if loc.file != source:
        return loc.render()
    if loc.sheet is not None or loc.table is not None:
        return loc.render()[len(loc.file):]
    if loc.line is not None:
        return f"第{loc.line}行第{loc.column or 1}列"
    if loc.page is not None:
        return f"第{loc.page}页"
    return "全文"


def place_labels(ev: Evaluation) -> dict[tuple[int | None, int | None], str]:
    """The label of the figure written at each place (line and column, or a table's row and
    column). A field's name wins over a figure of a sentence (``text_figures``) listed again
    at the same place for its sentence's sum: it is the field's figure."""
    labels: dict[tuple[int | None, int | None], str] = {}
    text_labels: dict[tuple[int | None, int | None], str] = {}
    for fact in ev.facts:
        if fact.label:
            at = (fact.location.line, fact.location.column) if fact.location.line is not None \
                else (fact.location.row, fact.location.col)
            (text_labels if is_text_figure(fact.concept) else labels)[at] = fact.label
    return {**text_labels, **labels}


def place_in_words(loc: Location, ev: Evaluation, labels: dict[tuple[int | None, int | None], str]) -> str:
    """Where a finding points, as finance staff name it: the section, table and row label
    (基础数据表／项目支出／本年决算数), from the figure written there or the field's titles;
    the position in the file only when neither is known."""
    label = labels.get((loc.line, loc.column)) if loc.line is not None else None
    if label is None and loc.sheet is None:
        label = labels.get((loc.row, loc.col)) if loc.table is not None else None
    if label:
        return label.replace("·", "／")
    if loc.field:
        titled = field_titles(ev, loc.field)
        if titled:
            return "／".join(titled)
    return short_location(loc, ev.source)


def field_titles(obj: object, pointer: str) -> list[str]:
    """The Chinese titles of a JSON Pointer's fields in ``obj`` (/basic_data/expenses/project/final
    → 基础数据表, 经费控制情况, 项目支出, 本年决算数); a list item is named by its own name."""
    from jixiao.model.schema import Kind, specs

    out: list[str] = []
    parts = [p for p in pointer.split("/") if p]
    i = 0
    while i < len(parts) and obj is not None:
        spec = dict(specs(type(obj))).get(parts[i])
        if spec is None:
            break
        obj = getattr(obj, parts[i], None)
        if spec.kind is Kind.LIST and i + 1 < len(parts) and parts[i + 1].isdigit() \
                and isinstance(obj, tuple) and int(parts[i + 1]) < len(obj):
            obj = obj[int(parts[i + 1])]
            name = getattr(obj, "name", None) or getattr(obj, "source", None)
            out.append(name if isinstance(name, str) and name else f"{spec.title}第{int(parts[i + 1]) + 1}项")
            i += 2
            continue
        title = spec.label if spec.label is not None else spec.title  # the words the places use
        if title:
            out.append(title)
        if spec.kind is not Kind.OBJECT:
            obj = None
        i += 1
    return out


def choice_sentences(b: Builder) -> list[str]:
    fig = b.fig
    out = []
    for c in fig.resolution.conflicts:
        stated = "；".join(f"{r.fact.label}记为{r.fact.display}" for r in c.readings)
        chosen = f"{written_amount(c.chosen.value, c.chosen.decimals)}{c.chosen.unit or ''}"
        why = c.reason + (f"：{'；'.join(c.agreeing)}" if c.agreeing else "")
        out.append(f"{concept_title(c.concept)}：{stated}。报告采用{chosen}（{why}）。")
    for s in fig.resolution.slips:
        fact = s.reading.fact
        meant = f"{written_amount(s.reading.value, s.reading.decimals)}{s.meant_unit}"
        out.append(f"{fact.label}写作“{fact.text}”，按上下文应为{meant}，报告按{meant}列示"
                   f"（{'；'.join(s.evidence)}）。")
    for r in fig.resolution.corrections:
        out.append(f"{r.reading.fact.label}填为0而分项已填，按分项之和列示。")
    out.extend(b.choices)
    return out


def findings_appendix(b: Builder, findings: list[Finding],
                      explained: Mapping[str, Explanation] | None = None) -> Attachment:
    """The choices, then every finding; one the unit explained in writing says so in its
    level (错误（已说明）) and prints the explanation under its message."""
    explained = explained or {}
    blocks: list[Block] = [Paragraph(inline(
        "本附件列明生成本报告时对所据数据的核查结果。所据数据前后不一致时，报告采用与合计关系相符的数值，"
        "无法据合计判断时采用附表数值；计量单位笔误按上下文所指单位列示。"))]
    blocks.append(Heading(1, inline("一、取值说明")))
    sentences = choice_sentences(b)
    if sentences:
        for i, s in enumerate(sentences, start=1):
            blocks.append(Paragraph(inline(ordinal(i, "{}."), finding_seg(s))))
    else:
        blocks.append(Paragraph(inline("所据数据各处一致，无需取舍。")))
    blocks.append(Heading(1, inline("二、核查发现")))
    ordered = sorted(findings, key=lambda f: (f.level.rank, f.sort_key()))
    if not ordered:
        blocks.append(Paragraph(inline("未发现问题。")))
        return Attachment(inline("数据核查情况说明"), blocks)
    rows: list[tuple[Cell, ...]] = [(head("序号"), head("级别"), head("规则"), head("说明"), head("位置"))]
    ev = b.result.evaluation
    labels = place_labels(ev)
    for i, f in enumerate(ordered, start=1):
        where = "；".join(dict.fromkeys(place_in_words(loc, ev, labels) for loc in f.locations))
        code = Cell((finding_seg(f.code),), align="left", nowrap=True)
        note = explained.get(f.id)
        level = f.level.zh + ("（已说明）" if note is not None else "")
        said: list[Seg | str | None] = [finding_seg(f.message)]
        if note is not None and note.text is not None:
            lead = "单位说明：" if f.message.endswith("。") else "。单位说明："
            said += [lead, given(note.text.value.strip(), note.text.location)]
        rows.append((cell(ordinal(i)), cell(level), code,
                     cell(*said, align="left"), cell(finding_seg(where), align="left")))
    blocks.append(Table("findings", tuple(rows), FINDINGS_WIDTHS, header_rows=1, font="small"))
    return Attachment(inline("数据核查情况说明"), blocks)

