"""A project's self-evaluation written as a report, not as a table
(项目支出 / 专项资金 / 转移支付 绩效自评报告).

The title names the project; the budget, 到位资金, its execution and the execution
rate are stated in sentences (``年初预算资金120万元，全年预算150万元，实际支出142.5万元，预算执行率
95%``) and bound to the funds fields by their labels (``report.yaml``,
``figures.project_narrative``); indicators stated in sentences
(``培训人次指标值为300人次，实际完成320人次``, ``覆盖率目标值≥95%，完成值98%``) are read with
their target and actual where each was written; the sections on problems,
improvements and the conclusion are kept as text. What a project table states is not replaced.
"""

from __future__ import annotations

import re

from jixiao.located import Scalar
from jixiao.model.location import Location
from jixiao.readers.document import Paragraph, Piece, join_pieces
from jixiao.readers.extract.build import Map
from jixiao.readers.extract.context import Context, find_year
from jixiao.readers.extract.funds_sentences import read_stated_funds
from jixiao.readers.extract.indicators import Builder
from jixiao.readers.extract.paired_funds import read_paired_funds
from jixiao.readers.extract.project_identity import (
    project_of_title,
    put_identity,
    read_stated_score,
    signing_unit,
    spaced_name,
    subtitle,
    title_at_start,
    unit_of_title,
    unit_of_titles,
    year_of_opening,
)
from jixiao.readers.extract.project_lists import put_projects, read_project_lists
from jixiao.readers.extract.report import report_title, split_report
from jixiao.readers.extract.sentences import scalar

_DEFAULTS: dict[str, str | None] = {"initial": "万元", "full_year": "万元", "final": "万元", "in_place": "万元",
                                     "rate": None}
_AMOUNT_UNITS = ("万元", "元", "万", "亿元")
_NAME_LABEL = re.compile(r"项目名称\s*[:：]\s*([^，,。；;\s]{2,40})")
_TEXT_FIELDS = {"problems": "problems", "improvements": "improvements", "score": "conclusion"}


def read_project_narrative(ctx: Context, root: Map) -> bool:
    """The narrative parts of a project report into ``root``; True when a figure or a
    section was read."""
    before, parts, _ = split_report(ctx)
    paragraphs = [p for _, p in ctx.paragraphs()]
    found = False
    title = root.get("title")
    if title is None:
        piece = report_title(before or paragraphs[:20], ctx.doc.format in ("text", "pdf")) \
            or title_at_start(paragraphs)
        if piece is not None and piece.text:
            root.put("title", scalar(piece))
            title = root.get("title")
    title_text = title.text if isinstance(title, Scalar) else ""
    if ctx.year is None and title_text:
        ctx.year = find_year(title_text)
    if ctx.year is None:
        ctx.year = year_of_opening(paragraphs, [t.text for t in ctx.stream.toks[:300]])
    project = root.get("project")
    info = project if isinstance(project, Map) else None
    unit = unit_of_title(title_text) if title_text else None
    unit_at = title.location if isinstance(title, Scalar) else Location(ctx.source)
    if unit is None:  # a page title above the report's own, else the signature at its end
        elsewhere = unit_of_titles(paragraphs) or signing_unit(paragraphs)
        if elsewhere is not None:
            unit, unit_at = elsewhere.text, elsewhere.location
    name = _name(paragraphs, title_text, unit, title.location if isinstance(title, Scalar) else None)
    if info is None and (name is not None or unit is not None or ctx.year is not None):
        info = root.map("project", Location(ctx.source))
    if info is not None:
        stated = info.get("name")
        if isinstance(stated, Scalar) and len(stated.text) == 1:
            whole = spaced_name(paragraphs, stated)
            if whole is not None:
                info.put("name", Scalar(whole.text, whole.location))
        if name is not None and "name" not in info:
            info.put("name", Scalar(name.text, name.location))
        if ctx.year is not None and "year" not in info:
            info.plain("year", str(ctx.year), Location(ctx.source))
        put_identity(info, unit, unit_at)
    found = read_stated_score(paragraphs, root) or found
    lists = read_project_lists([p.piece for p in paragraphs])
    if root.get("projects") is None:
        found = put_projects(root, lists) or found
    if root.get("funds") is None:
        found = read_paired_funds(ctx, root) or found
    if root.get("funds") is None:
        found = read_stated_funds([p.piece for p in paragraphs], root, ctx.year, ctx.notes, lists.taken) or found
    if root.get("indicators") is None:
        found = _indicators(root, paragraphs) or found
    for part in parts:
        key = _TEXT_FIELDS.get(part.section or "")
        if key is None or key in root:
            continue
        pieces = [p.piece.strip() for p in part.paragraphs if p.text.strip()]
        if pieces:
            text = join_pieces(pieces)
            loc = part.heading.piece.location if part.heading else text.location
            root.put(key, scalar(text), loc)
            found = True
    return found


def _name(paragraphs: list[Paragraph], title: str, unit: str | None, title_loc: Location | None) -> Piece | None:
    """The project: a ``项目名称：`` line, the line under the title, or the title's own words."""
    labelled = [(para, m) for para in paragraphs[:40] if (m := _NAME_LABEL.search(para.text))]
    if len(labelled) == 1:  # several 项目名称 lines list several projects, none of them the report's
        para, m = labelled[0]
        return para.piece.slice(m.start(1), m.end(1))
    if not title or title_loc is None:
        return None
    below = subtitle(paragraphs, title, title_loc)
    if below is not None:
        return below
    name = project_of_title(title, unit)
    return Piece(name, [(0, title_loc)]) if name else None


# ……指标值为X，实际完成Y / 目标值X，完成值Y: an indicator stated in a sentence
_VALUE = r"[≥≤><=＞＜]?\s*\d+(?:\.\d+)?\s*(?:%|％|[\u4e00-\u9fff]{1,3}(?=[，,。；;、）)\s]|$))?"
_STATED = re.compile(
    r"(?P<name>[^，,。；;：:、（）()\s]{2,30}?)(?:的)?(?:年度)?(?:绩效)?(?:指标值|目标值|计划值|预期目标值|预期值)"
    r"(?:为|是|设定为|[:：])?\s*(?P<target>" + _VALUE + r")\s*[，,]\s*(?:全年)?(?:实际)?(?:完成值|完成|达到|实现)"
    r"(?:了|值|为|[:：])*\s*(?P<actual>" + _VALUE + r")")
_NAME_HEAD = re.compile(r"^(?:\d{1,2}[.、]|[(（]\d{1,2}[)）]|[①-⑳]|其中|一是|二是|三是|四是|五是)+")


def _indicators(root: Map, paragraphs: list[Paragraph]) -> bool:
    """Indicators a report states in sentences (``培训人次指标值为300人次，实际完成320人次``),
    each with the sentence's location, under no stated 一级/二级 level."""
    builder: Builder | None = None
    seen: set[str] = set()
    for para in paragraphs:
        for m in _STATED.finditer(para.text):
            name = _NAME_HEAD.sub("", m.group("name")).strip()
            if len(name) < 2 or name in seen or not re.search(r"[\u4e00-\u9fff]", name):
                continue
            seen.add(name)
            if builder is None:
                builder = Builder(root.seq("indicators", para.piece.location))
            start = m.start("name") + (len(m.group("name")) - len(name))
            item = builder.indicator(para.piece.slice(start, m.end("name")))
            for role in ("target", "actual"):
                value = para.piece.slice(m.start(role), m.end(role)).strip()
                item.put(role, scalar(value))
    return builder is not None
