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
from jixiao.readers.extract.indicators import Builder
from jixiao.readers.extract.report import report_title, split_report
from jixiao.readers.extract.sentences import bind, scalar

_DEFAULTS: dict[str, str | None] = {"initial": "万元", "full_year": "万元", "final": "万元", "in_place": "万元",
                                     "rate": None, "in_place_rate": None}
_AMOUNT_UNITS = ("万元", "元", "万", "亿元")
# 关于2023年度农村公路养护项目支出绩效自评报告 → 农村公路养护项目
_TITLE_TAIL = re.compile(r"(?:资金)?(?:支出)?(?:整体)?(?:绩效)?(?:自评|评价|自评价)(?:情况)?报告$")
_TITLE_HEAD = re.compile(r"^(?:关于)?.*?(?:19|20)\d{2}\s*年度?\s*(?:的)?")
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
        piece = report_title(before or paragraphs[:20], ctx.doc.format in ("text", "pdf"))
        if piece is not None and piece.text:
            root.put("title", scalar(piece))
            title = root.get("title")
    title_text = title.text if isinstance(title, Scalar) else ""
    if ctx.year is None and title_text:
        ctx.year = find_year(title_text)
    project = root.get("project")
    info = project if isinstance(project, Map) else None
    name = _name(paragraphs, title_text, title.location if isinstance(title, Scalar) else None)
    if name is not None and (info is None or "name" not in info):
        if info is None:
            info = root.map("project", Location(ctx.source))
        info.put("name", Scalar(name.text, name.location))
        if ctx.year is not None and "year" not in info:
            info.plain("year", str(ctx.year), Location(ctx.source))
    if root.get("funds") is None:
        found = _funds(ctx, root, paragraphs) or found
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


def _name(paragraphs: list[Paragraph], title: str, title_loc: Location | None) -> Piece | None:
    for para in paragraphs[:40]:
        m = _NAME_LABEL.search(para.text)
        if m:
            return para.piece.slice(m.start(1), m.end(1))
    if not title or title_loc is None:
        return None
    name = _TITLE_TAIL.sub("", re.sub(r"\s+", "", title))
    name = _TITLE_HEAD.sub("", name)
    if len(name) < 2 or name == title:
        return None
    return Piece(name, [(0, title_loc)])


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


def _funds(ctx: Context, root: Map, paragraphs: list[Paragraph]) -> bool:
    total: Map | None = None
    for para in paragraphs:
        for b in bind(para.piece, "project_narrative", _DEFAULTS):
            unit_ok = b.figure.unit == "%" if b.field in ("rate", "in_place_rate") else b.figure.unit in _AMOUNT_UNITS
            if not unit_ok:
                continue
            if total is None:
                funds = root.map("funds", para.piece.location)
                total = funds.map("total", para.piece.location)
            if b.field not in total:
                total.put(b.field, scalar(b.piece), b.label.location)
    return total is not None
