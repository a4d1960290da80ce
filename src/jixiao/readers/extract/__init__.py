"""From a document to the located tree, whatever its format and template.

One extractor serves every reader: it finds the report text (sections 一–十), the
basic-data table (附件2), the self-evaluation table (附件3) or the project table by
their labels and the synonyms in ``readers/data``, binds every figure to a field and
keeps where it was written. What the document does not state is left out, never
filled in; the framework is taken from the template the document follows and stated
in an info finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jixiao.findings import Finding
from jixiao.located import Mapping, Scalar
from jixiao.model.evaluation import KIND_TITLES
from jixiao.model.location import Location
from jixiao.readers.codes import FRAMEWORK_DETECTED, UNRECOGNIZED
from jixiao.readers.document import Document, Paragraph, Piece, Table
from jixiao.readers.extract.basic import extract_basic_data
from jixiao.readers.extract.block_points import read_block_points
from jixiao.readers.extract.build import Map, Seq
from jixiao.readers.extract.coefficient import read_coefficient_rows
from jixiao.readers.extract.context import Context, find_year
from jixiao.readers.extract.dates import accounts_year, read_report_date
from jixiao.readers.extract.detect import detect_framework, detect_kind, detect_province, level_of, region_of
from jixiao.readers.extract.headerless import read_rows_without_header, read_targeted_rows
from jixiao.readers.extract.indicators import find_indicator_header
from jixiao.readers.extract.labels import Synonyms, is_furniture, label_key, table
from jixiao.readers.extract.narrative import read_project_narrative
from jixiao.readers.extract.normalize import normalize_document
from jixiao.readers.extract.numbered import read_numbered_indicators
from jixiao.readers.extract.report import attachment_headings, extract_report, read_breakdowns
from jixiao.readers.extract.score_sheet import read_score_sheet, read_stated_total
from jixiao.readers.extract.spending_details import read_spending_details
from jixiao.readers.extract.tables import (
    funds_header,
    label_value,
    read_breakdown_cells,
    read_funds,
    read_goals,
    read_indicator_table,
    unit_name,
)
from jixiao.readers.extract.text_figures import prose_cells, read_text_figures

# (2022年度) — also with the opening bracket lost: 2019年度)
_TITLE_YEAR = re.compile(r"[(（]?\s*((?:19|20)\d{2})\s*年度?\s*[)）]")
_PROJECT_CODE = re.compile(r"^([0-9A-Z]{10,})\s*[-－—]\s*(\S.*)$")


@dataclass(slots=True)
class Extraction:
    tree: Mapping | None
    findings: list[Finding] = field(default_factory=list)
    kind: str | None = None
    framework: str | None = None


def extract(doc: Document) -> Extraction:
    repairs = normalize_document(doc)
    ctx = Context.of(doc)
    ctx.notes.extend(repairs)
    ctx.headings = attachment_headings(ctx)
    kind = detect_kind(ctx)
    if kind is None:
        return Extraction(None, [UNRECOGNIZED.finding(
            [Location(doc.source)], what="没有报告章节、基础数据表、自评表的栏目名")])
    root = Map(Location(doc.source, 1, 1) if doc.format == "text" else Location(doc.source))
    root.plain("kind", kind, Location(doc.source))
    detected = detect_framework(ctx, kind)
    root.plain("framework", detected.framework, Location(doc.source))
    found = _overall(ctx, root) if kind == "overall" else _project(ctx, root)
    if not found:
        return Extraction(None, [UNRECOGNIZED.finding(
            [Location(doc.source)], what="文件头或栏目名像是" + KIND_TITLES[kind] + "评价，但未读出任何数据")])
    if not _has_content(root):
        return Extraction(None, [UNRECOGNIZED.finding(
            [Location(doc.source)], what="读出了标题或类型，但没有读出任何数字、表格或章节内容")])
    read_report_date(ctx, root)
    _completeness(ctx, root, _cut_off_table(ctx, root))
    read_text_figures(root, [p.piece for _, p in ctx.paragraphs()] + prose_cells(ctx.doc.blocks))
    findings = list(ctx.findings)
    findings.append(FRAMEWORK_DETECTED.finding(
        [Location(doc.source, field="/framework")], stated=None, expected=detected.framework, kind=KIND_TITLES[kind],
        framework=detected.framework, because=detected.because))
    return Extraction(_ordered(root).build(), findings, kind, detected.framework)


# What every read tree has; a tree with nothing else — not even the unit's or the
# project's name — is a read that found nothing.
_FRAME = frozenset({"kind", "framework", "title", "completeness", "notes", "report_date"})


def _has_content(root: Map) -> bool:
    for key, _, value in root.entries:
        if key in _FRAME or _empty(value):
            continue
        if key in ("unit", "project") and isinstance(value, Map) and "name" not in value:
            continue
        return True
    return False


def _empty(value: object) -> bool:
    if isinstance(value, Map):
        return all(_empty(v) for _, _, v in value.entries)
    if isinstance(value, Seq):
        return all(_empty(m) for m in value.items)
    return False


def _cut_off_table(ctx: Context, root: Map) -> bool:
    """A copy that stops inside the self-evaluation table (no total row, and nothing
    after the table — no conclusion, signature or note) is partial: what is missing
    is not available, not left out by the unit."""
    evaluation = root.get("self_evaluation")
    owner = evaluation if isinstance(evaluation, Map) else root
    if "indicators" not in owner or "total" in owner:
        return False
    header = find_indicator_header(ctx.stream)
    if header is None:
        return False
    closing = Synonyms({"end": [*table("indicators", "total").normal_forms(),
                                *table("indicators", "stop").normal_forms()]})
    if ctx.stream.first(closing, header.end) is not None:
        return False
    return not ctx.stream[len(ctx.stream) - 1].text.rstrip().endswith(("。", "！", "？"))


_ORDER = {"kind": 0, "framework": 1, "title": 2, "completeness": 3, "notes": 4, "report_date": 5, "text_figures": 20}


def _ordered(root: Map) -> Map:
    root.entries.sort(key=lambda e: _ORDER.get(e[0], 10))
    return root


def _completeness(ctx: Context, root: Map, cut_off: bool) -> None:
    meta = ctx.doc.meta.get("completeness", "").strip()
    # a header that says the copy is full is believed over the shape of the table
    cut_off = cut_off and not meta.lower().startswith("full")
    # a stretch of run-together table text that could not be split for certain was
    # left out: the read is partial, what is missing is not available
    partial = meta.lower().startswith("partial") or ctx.doc.truncated or cut_off or bool(ctx.stream.doubtful) \
        or ctx.fragment
    notes: list[str] = []
    if meta.lower().startswith("partial"):
        detail = meta[len("partial"):].strip().strip("()（）").strip()
        notes.append(f"文件头注明：{detail}" if detail else "文件头注明所据文件不完整")
    elif ctx.doc.truncated:
        notes.append("原文末尾注明在此截断")
    elif cut_off:
        notes.append("自评表在文件末尾中断（没有总分行，其后也没有结论、填表人等），缺少的内容按不可得处理")
    notes.extend(ctx.notes)
    if partial or meta.lower().startswith("full"):
        root.plain("completeness", "partial" if partial else "full", Location(ctx.source))
    if notes:
        root.plain("notes", "\n".join(notes), Location(ctx.source))


def _overall(ctx: Context, root: Map) -> bool:
    found = extract_report(ctx, root)
    found = extract_basic_data(ctx, root) or found
    found = _self_evaluation(ctx, root) or found
    found = _coefficient_table(ctx, root) or found
    evaluation = root.map("self_evaluation", Location(ctx.source))
    sheet = Map(evaluation.location)
    read_sheet = read_score_sheet(ctx, sheet)
    if read_sheet:  # its every score fits its points: it replaces a reading by columns
        evaluation.put("indicators", sheet.entries[0][2], sheet.entries[0][1])
        found = True
    if read_sheet or "indicators" not in evaluation:
        # a table read by its columns has its own total row: a sentence's total is not
        # set against rows that may have been read only in part
        read_stated_total([p for _, p in ctx.paragraphs()], evaluation)
    _unit(ctx, root)
    return found


def _self_evaluation(ctx: Context, root: Map) -> bool:
    stream = ctx.stream
    header = find_indicator_header(stream)
    funds = funds_header(ctx)
    anchors = [i for i in (header.start if header else None, funds[0] if funds else None) if i is not None]
    if not anchors:
        return False
    first = min(anchors)
    owner = root.map("self_evaluation", stream[first].piece.location)
    heading = ctx.heading_before(first)
    if heading is not None and heading.number is not None and heading.number_piece is not None \
            and not _heading_used_by_basic(root, heading.number):
        owner.put("attachment_number", Scalar(str(heading.number), heading.number_piece.location))
        if heading.title is not None:
            owner.put("title", Scalar(heading.title.text.strip(), heading.title.location))
    elif header is not None:
        title = _table_title_before(ctx, header.start)
        if title is not None:
            owner.put("title", Scalar(title.text, title.location))
    name, level = unit_name(ctx, owner)
    ctx.unit_name, ctx.unit_level = name, level
    if funds is not None:
        end = read_funds(ctx, owner, "funds", "overall")
        goals_at = _goals_start(ctx, funds[0])
        read_breakdown_cells(ctx, owner, funds[0], goals_at if goals_at is not None else (end or funds[0]) + 60)
    read_goals(ctx, owner, funds[0] if funds else 0)
    read_indicator_table(ctx, owner, 0)
    return True


def _coefficient_table(ctx: Context, root: Map) -> bool:
    """Run-together rows scored by a coefficient (``extract/coefficient.py``), where no
    indicator table was read with its points. (A flattened 得分表 whose names carry their
    points is ``extract/score_sheet.py``'s, read after this.)"""
    evaluation = root.get("self_evaluation")
    if isinstance(evaluation, Map) and _scored(evaluation.get("indicators")):
        return False  # a table read with its points and scores
    owner = Map(Location(ctx.source))
    if not read_coefficient_rows(ctx, owner):
        return False
    target = evaluation if isinstance(evaluation, Map) else root.map("self_evaluation", Location(ctx.source))
    for key, loc, value in owner.entries:
        if key == "indicators":  # the unscored reading of the same rows goes
            target.entries = [e for e in target.entries if e[0] != key]
        if key not in target:
            target.entries.append((key, loc, value))
    return True


def _scored(node: object) -> bool:
    """Whether any indicator under ``node`` has its points or its score."""
    if isinstance(node, Map):
        return "weight" in node or "score" in node or any(_scored(v) for _, _, v in node.entries)
    if isinstance(node, Seq):
        return any(_scored(m) for m in node.items)
    return False


def _heading_used_by_basic(root: Map, number: int) -> bool:
    basic = root.get("basic_data")
    if isinstance(basic, Map):
        got = basic.get("attachment_number")
        return isinstance(got, Scalar) and got.text == str(number)
    return False


def _table_title_before(ctx: Context, start: int) -> Piece | None:
    titles = table("table_titles", "self_evaluation")
    for i in range(start - 1, max(-1, start - 40), -1):
        tok = ctx.stream[i]
        key = label_key(tok.text)
        if any(t in key for t in titles.fields) and "基础数据" not in key and len(key) <= 40:
            return tok.piece.strip()
    return None


def _goals_start(ctx: Context, start: int) -> int | None:
    return ctx.stream.first(table("goals", "anchors"), start)


def _unit(ctx: Context, root: Map) -> None:
    name, level = ctx.unit_name, ctx.unit_level
    if not name:
        name = _stated_unit_name(ctx)
    title = root.get("title")
    title_text = title.text if isinstance(title, Scalar) else ""
    if not name and title_text:
        stripped = re.sub(r"^\s*(?:19|20)\d{2}\s*年度?", "", title_text)
        stripped = re.sub(r"(?:部门)?(?:整体支出|部门整体支出)?(?:绩效)?(?:自评|评价)报告$", "", stripped)
        stripped = re.sub(r"(?:19|20)\d{2}\s*年度?$", "", stripped)
        if stripped and stripped != title_text and len(stripped) >= 4 and stripped != "部门":
            name = stripped
    if ctx.year is None and title_text:
        ctx.year = find_year(title_text)
    if ctx.year is None:
        ctx.year = _cover_year(ctx)
    if ctx.year is None:
        ctx.year = accounts_year(ctx)
    # Without a name the unit is written only when the document has a unit field
    # left blank (填报单位：), so that the omission is reported, not invented.
    if not name and (ctx.year is None or not _blank_unit_field(ctx)):
        return
    unit = root.map("unit", Location(ctx.source))
    if name:
        unit.plain("name", name, Location(ctx.source))
        region = region_of(name)
        if region:
            unit.plain("region", region, Location(ctx.source))
            lvl = level or level_of(region)
            if lvl:
                unit.plain("level", lvl, Location(ctx.source))
    if ctx.year is not None:
        unit.plain("year", str(ctx.year), Location(ctx.source))


# 部门(单位)名称：X, 部门(单位)名称 X (the colon lost), 部门(单位)全称:X (公章)
_UNIT_LINE = re.compile(r"^\s*(?:预算)?(?:部门|单位)\s*[(（]?\s*(?:单位|部门)?\s*[)）]?\s*(?:名\s*称|全\s*称)"
                        r"\s*(?:[:：]\s*|\s+)([^\s:：，,。()（）]{2,40})\s*(?:[(（]\s*(?:公章|盖章|章)\s*[)）])?\s*$")


def _cover_texts(ctx: Context) -> list[str]:
    """The first paragraphs and one-per-line cells: the cover of a report."""
    texts: list[str] = []
    for block in ctx.doc.blocks[:80]:
        if isinstance(block, Paragraph):
            texts.append(block.text)
        elif isinstance(block, Table) and block.flat and block.rows:
            texts.extend(c.text for c in block.rows[0])
        if len(texts) >= 200:
            break
    return texts[:200]


# a space may split the year's digits on a cover line (岳阳县20 16 年度)
_COVER_YEAR = re.compile(r"((?:19|20) ?\d ?\d)\s*年度")


def _cover_year(ctx: Context) -> int | None:
    """The year of the cover (岳阳市2018年度部门整体支出 ⏎ 绩效评价自评报告): the first
    ``YYYY年度`` in its first 40 lines."""
    for text in _cover_texts(ctx)[:40]:
        m = _COVER_YEAR.search(text)
        if m and not is_furniture(text):
            return int(m.group(1).replace(" ", ""))
    return None


# 411001-衡山县贯塘乡人民政府2023年部门决算公开: a unit's code, its name, the year
_CODED_UNIT = re.compile(r"^\s*\d{6,12}\s*[-－—]\s*([\u4e00-\u9fa5（）()]{4,40}?"
                         r"(?:政府|局|委员会|委|中心|院|所|站|办公室|办|学校|小学|中学|幼儿园|医院|协会|联合会|会|处|队|部|社|馆|厅))"
                         r"\s*(?:19|20)\d{2}\s*年")


def _stated_unit_name(ctx: Context) -> str | None:
    """The unit named on the cover of a report (部门(单位)名称：岳阳市……中心), or on a
    line that gives its code first (411001-衡山县贯塘乡人民政府2023年部门决算公开)."""
    for text in _cover_texts(ctx):
        m = _UNIT_LINE.match(text) or _CODED_UNIT.match(text)
        if m and not is_furniture(text):
            return m.group(1)
    return None


def _blank_unit_field(ctx: Context) -> bool:
    labels = table("basic_data", "unit_row")
    stream = ctx.stream
    for i, tok in enumerate(stream.toks):
        if labels.exact(tok.text) is None:
            continue
        nxt = stream[i + 1] if i + 1 < len(stream) else None
        return nxt is None or nxt.blank or ":" in nxt.text or "：" in nxt.text \
            or (tok.row is not None and nxt.row != tok.row)
    return False


def _project(ctx: Context, root: Map) -> bool:
    info = Map(Location(ctx.source))
    title = _project_title(ctx)
    if title is not None:
        root.put("title", Scalar(title.text, title.location))
        m = _TITLE_YEAR.search(title.text) or _COVER_YEAR.search(title.text)  # (2022年度) or 2022年度…自评表
        if m:
            ctx.year = int(m.group(1))
    if ctx.year is None:
        ctx.year = _year_cell(ctx)
    found = False
    for fld in ("name", "code", "department", "implementer"):
        got = label_value(ctx, table("project", fld))
        if got is None:
            continue
        label, value = got
        if not value.text or table("project", fld).exact(value.text) is not None:
            continue
        text = value.text
        if fld == "name":
            m = _PROJECT_CODE.match(text)
            if m:
                info.put("code", Scalar(m.group(1), value.location), label.location)
                text = m.group(2).strip()
        info.put(fld, Scalar(text, value.location), label.location)
        found = True
    province = detect_province(ctx)
    if province:
        info.plain("region", province, Location(ctx.source))
    if ctx.year is not None:
        info.plain("year", str(ctx.year), Location(ctx.source))
    if not info.empty():
        root.put("project", info)
    end = read_funds(ctx, root, "funds", "project")
    found = found or end is not None
    found = read_spending_details(ctx.stream, root) or found
    for piece in read_goals(ctx, root, 0).values():
        read_breakdowns(root, piece, [])
    impl = label_value(ctx, table("implementation"))
    if impl is not None and impl[1].text and table("implementation").exact(impl[1].text) is None:
        root.put("implementation", Scalar(impl[1].text, impl[1].location), impl[0].location)
    header_end = read_indicator_table(ctx, root, 0)
    found = found or header_end is not None
    read_block_points(ctx, root)
    if header_end is None:
        found = read_numbered_indicators(ctx, root) or read_rows_without_header(ctx, root) \
            or read_targeted_rows(ctx, root) or found
    start = header_end or 0
    for fld in ("conclusion", "problems", "improvements"):
        got = label_value(ctx, table("project", "footer", fld), start)
        if got is not None and got[1].text and table("project", "footer", fld).exact(got[1].text) is None:
            root.put(fld, Scalar(got[1].text, got[1].location), got[0].location)
    if not found or header_end is None:
        found = read_project_narrative(ctx, root) or found
    return found


def _year_cell(ctx: Context) -> int | None:
    """The year of a table stated in a cell of its own near the top (``( 2023年度)``)."""
    for tok in ctx.stream.toks[:200]:
        m = _TITLE_YEAR.fullmatch(tok.text.strip())
        if m:
            return int(m.group(1))
    return None


def _project_title(ctx: Context) -> Piece | None:
    words = table("table_titles", "project")
    stream = ctx.stream
    for i, tok in enumerate(stream.toks[:200]):
        key = label_key(tok.text)
        if not any(w in key for w in words.fields) or len(key) > 60 or is_furniture(tok.text):
            continue
        piece = tok.piece.strip()
        if i + 1 < len(stream) and _TITLE_YEAR.fullmatch(stream[i + 1].text.strip()):
            from jixiao.readers.document import join_pieces

            piece = join_pieces([piece, stream[i + 1].piece.strip()], "")
        return piece
    return None
