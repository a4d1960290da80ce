"""The report text of a whole-expenditure evaluation (报告正文, sections 一–十).

Sections and subsections are found by their headings (``一、……``, ``（一）……``) and
named by the words in them (``report.yaml``); the figures in their sentences are
bound to fields by their labels. Headings that match nothing are kept as text of the
section they are in; figures whose labels match nothing are not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from jixiao.located import Scalar
from jixiao.model.location import Location
from jixiao.readers.document import Paragraph, Piece, join_pieces
from jixiao.readers.extract.accounts import read_accounts
from jixiao.readers.extract.build import Map
from jixiao.readers.extract.context import Context, Heading, find_year
from jixiao.readers.extract.figures import cell_figure, is_number, scan
from jixiao.readers.extract.funds_sentences import sentences
from jixiao.readers.extract.headings import HeadingLine, heading_line, normal_paragraphs, section_of, subsection_of
from jixiao.readers.extract.institutions import read_institutions
from jixiao.readers.extract.labels import data, file_name_stem, is_furniture, label_key, table
from jixiao.readers.extract.project_lists import listed
from jixiao.readers.extract.sentences import Bound, bind, figure_piece, is_comparison, label_of, scalar

ATTACH_HEAD = re.compile(r"^\s*附\s*[件表]\s*(\d{1,2})\s*[:：]?\s*(.*)$")
_ATTACH_LIST = re.compile(r"^\s*附\s*[件表]\s*[:：]\s*(.*)$")
_LIST_ITEM = re.compile(r"(?:^|(?<=\s)|(?<=[；;，,。]))(\d{1,2})\s*[.、．](?!\d)\s*")
_ITEM_START = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}是|\d{1,2}[.、．](?!\d)|[（(]\d{1,2}[)）])\s*")
_ENUM_SPLIT = re.compile(r"(?:^|(?<=[；;，,。：:\s]))\d{1,2}\s*[.、．](?!\d)")
_AS_OF = re.compile(r"截[止至]\s*(?:至|到)?\s*(\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)")
_TITLE_WORDS = re.compile(r"报告|自评|评价")
_TITLE_BAD = re.compile(r"[。，：:【】!！|>＞]")
# Cover lines that are never part of a title above it: the form's maker (岳阳市财政局(制),
# 承德市财政局制) and a dated line (填报日期 2024年 2月26日).
_COVER_LINE = re.compile(r"(?:财政局|财政厅|财政部)\s*[(（]?\s*制\s*[)）]?\s*$|(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月"
                         r"|日\s*期")
_STAFF_DEFAULTS: dict[str, str | None] = {"total": "人", "in_service": "人", "retired": "人", "authorized": "人"}
_SENTENCE_END = "。！？；;.!?"


@dataclass(slots=True)
class Part:
    section: str | None
    sub: str | None
    heading: Paragraph | None
    paragraphs: list[Paragraph] = field(default_factory=list)


_TEXT_SECTIONS = ("problems", "improvements", "application", "other")


def split_report(ctx: Context) -> tuple[list[Paragraph], list[Part], list[Paragraph]]:
    """(title paragraphs, the parts under headings, the attachment-list paragraphs)
    of the text before the first attachment heading (headings in every form that
    :mod:`.headings` reads)."""
    before: list[Paragraph] = []
    parts: list[Part] = []
    attachment_list: list[Paragraph] = []
    current: Part | None = None
    in_list = False
    blocks = normal_paragraphs([p for _, p in ctx.paragraphs()])
    for index, block in enumerate(blocks):
        text = block.text
        if ATTACH_HEAD.match(text):
            if not parts and _labels_this_report(blocks[index:index + 4]):
                continue
            break
        if _ATTACH_LIST.match(text):
            attachment_list.append(block)
            in_list = True
            continue
        if in_list and _ITEM_START.match(text):
            attachment_list.append(block)
            continue
        in_list = False
        started = _start_part(heading_line(block), current)
        if started is not None:
            current = started
            parts.append(current)
            continue
        if current is None:
            before.append(block)
        else:
            current.paragraphs.append(block)
    return before, parts, attachment_list


def _labels_this_report(blocks: list[Paragraph]) -> bool:
    """``附件6`` above the report's own title (岳阳县2016年度部门(单位)整体支出 ⏎
    绩效评价自评报告): the number the report had as an attachment of a notice, not an
    attachment after the report. Told by the lines that follow naming a report, not a
    table."""
    m = ATTACH_HEAD.match(blocks[0].text)
    assert m is not None
    following = " ".join([m.group(2), *(b.text for b in blocks[1:])])
    return "报告" in following and "表" not in following.split("报告")[0]


# 项目支出包括…, 项目支出主要有…: the list of what the projects' spending is made of
_SPENDING_LIST = re.compile(r"项目支出(?:主要)?(?:包括|有|分别是|分别为)[:：]?")
_ITEM_DELIMITERS = "，,；;、"


def _listed_spending(ctx: Context, report: Map, parts: list[Part]) -> None:
    """``项目支出包括委员活动经费36.3万元，扫黑除恶工作经费1万元，……`` outside a 项目支出情况
    subsection: each project with its spending, where no subsection listed them. In the
    sentence the copy was cut off in, the item after the last comma is left out (its
    figure may be cut short)."""
    budget = report.get("public_budget")
    before = budget.get("projects") if isinstance(budget, Map) else None
    if isinstance(before, Map) and "items" in before:
        return
    for part in parts:
        if part.section in _TEXT_SECTIONS or part.sub == "projects":
            continue
        for para in part.paragraphs:
            cut = _truncated_here(ctx, para)
            for sentence in sentences(para.piece):
                m = _SPENDING_LIST.search(sentence.text)
                if m is None:
                    continue
                text = sentence.text
                end = len(text)
                if cut and sentence.location == sentences(para.piece)[-1].location:
                    end = max(text.rfind(d) for d in _ITEM_DELIMITERS)
                    if end <= m.end():
                        continue
                items = listed(sentence.slice(m.start(), end))
                if not items:
                    continue
                loc = items[0][0].location
                budget_map = report.map("public_budget", loc)
                projects = budget_map.map("projects", loc, loc)
                for name, figure in items:
                    item = projects.seq("items", name.location).add(name.location)
                    item.put("name", Scalar(label_key(name.text), name.location))
                    item.put("final", scalar(figure), name.location)
                return


def _start_part(head: HeadingLine | None, current: Part | None) -> Part | None:
    """The part a heading starts, or None when the paragraph is text of the current
    part: a section by its words whatever its numbering; ``一、`` with other words
    starts a section not read; ``（一）`` a subsection of the current section; other
    numbering only when its words name a part."""
    if head is None:
        return None
    title = head.title.text
    section = section_of(title)
    in_text_section = current is not None and current.section in _TEXT_SECTIONS
    sub = None
    if head.level > 1 and current is not None and not in_text_section:
        sub = subsection_of(current.section, title, current.section in ("profile", "public_budget"))
    if head.level == 1:
        part = Part(section, None, head.paragraph)
    elif current is not None and sub is not None:
        part = Part(current.section, sub, head.paragraph)
    elif section is not None and (current is None or section != current.section):
        part = Part(section, None, head.paragraph)
    elif head.level == 2 and current is not None and not in_text_section:
        part = Part(current.section, None, head.paragraph)
    else:
        return None
    if head.rest is not None:
        part.paragraphs.append(Paragraph(head.rest))
    return part


def report_title(before: list[Paragraph], wrapped_lines: bool = True) -> Piece | None:
    """The report title: the last paragraph naming a report, with the title lines
    wrapped before it (in text and PDF, where a paragraph may be one visual line).
    Page furniture is never the title; a file name naming a report is taken, without
    its extension, only when no other line names one."""
    from_file: Piece | None = None
    for i in range(len(before) - 1, -1, -1):
        text = before[i].text.strip()
        if not _TITLE_WORDS.search(text) or len(text) > 60:
            continue
        if is_furniture(text):
            stem = file_name_stem(text)
            if stem and from_file is None and not _TITLE_BAD.search(stem):
                piece = before[i].piece.strip()
                from_file = piece.slice(0, len(stem))
            continue
        if not _TITLE_BAD.search(text):
            pieces = [before[i].piece.strip()]
            j = i - 1
            while wrapped_lines and j >= 0 and _adjacent(before[j], before[j + 1]):
                prev = before[j].text.strip()
                if not prev or _TITLE_BAD.search(prev) or len(prev) > 30 or is_furniture(prev) \
                        or _COVER_LINE.search(prev) or "报告" in prev or _furniture_start(prev):
                    break  # a line naming a report is a title of its own (a page's, repeated)
                pieces.insert(0, before[j].piece.strip())
                j -= 1
            return join_pieces(pieces, "")
    return from_file


@cache
def _furniture_labels() -> re.Pattern[str]:
    words = sorted(data("report")["page_furniture"]["labelled"], key=len, reverse=True)
    return re.compile(r"^[\s\-*·•]*(?:" + "|".join(re.escape(w) for w in words) + ")")


def _furniture_start(text: str) -> bool:
    """A portal's labelled line whose colon the copy lost (``- 发布机构弥勒市民宗局``,
    ``- 有效性有效``): never a line of the title."""
    return _furniture_labels().match(text) is not None


def _adjacent(a: Paragraph, b: Paragraph) -> bool:
    la, lb = a.piece.location.line, b.piece.location.line
    return la is not None and lb is not None and lb == la + 1


def extract_report(ctx: Context, root: Map) -> bool:
    """The report text into ``root['report']``; False when there is none."""
    before, parts, attachment_list = split_report(ctx)
    known = [p for p in parts if p.section is not None]
    if not known:
        return False
    title = report_title(before, ctx.doc.format in ("text", "pdf"))
    if title is not None and title.text:
        root.put("title", scalar(title))
        if ctx.year is None:
            ctx.year = find_year(title.text)
    report = root.map("report", known[0].heading.piece.location if known[0].heading else Location(ctx.source))
    for part in parts:
        if part.section is None:
            continue
        _read_part(ctx, report, part)
    _staff_elsewhere(ctx, report, parts)
    _budget_elsewhere(ctx, report, parts)
    _listed_spending(ctx, report, parts)
    read_accounts(ctx, report, [p for part in parts if part.section not in _TEXT_SECTIONS for p in part.paragraphs])
    profile = [p for part in parts if part.section == "profile" for p in part.paragraphs]
    if profile:
        read_institutions(report.map("profile", profile[0].piece.location), profile)
    _attachment_list(report, attachment_list)
    return True


_PEOPLE = ("人", "名")
_MONEY_UNITS = ("万元", "元", "万", "亿元")


def _staff_elsewhere(ctx: Context, report: Map, parts: list[Part]) -> None:
    """Staff figures stated outside a 人员情况 subsection (in 基本情况, 机构设置 …): a
    paragraph is read when it names a specific count (在职, 退休, 编制), in 人 or 名;
    else a label cell followed by its figure (人员编制 ⏎ 21) in the report's own table."""
    profile = report.get("profile")
    if isinstance(profile, Map) and isinstance(profile.get("staff"), Map):
        return
    for part in parts:
        for para in part.paragraphs:
            bounds = [b for b in bind(para.piece, "staff", _STAFF_DEFAULTS) if b.figure.unit in _PEOPLE]
            if not {b.field for b in bounds} - {"total"}:
                continue
            loc = part.heading.piece.location if part.heading else para.piece.location
            staff = report.map("profile", loc).map("staff", para.piece.location, para.piece.location)
            for b in bounds:
                if b.field not in staff:
                    staff.put(b.field, scalar(b.piece), b.label.location)
            return
    _staff_pairs(ctx, report)


def _staff_pairs(ctx: Context, report: Map) -> None:
    columns = table("basic_data", "staff", "columns")
    stream = ctx.stream
    staff: Map | None = None
    for i in range(len(stream) - 1):
        role = columns.exact(stream[i].text)
        if role not in ("authorized", "in_service") or ctx.is_claimed(i):
            continue
        fig = cell_figure(stream[i + 1].piece)
        if fig is None or not is_number(fig.text):
            continue
        if staff is None:
            staff = report.map("profile", stream[i].piece.location).map("staff", stream[i].piece.location)
        if role not in staff:
            staff.put(role, Scalar(fig.text, fig.location), stream[i].piece.location)


def _budget_elsewhere(ctx: Context, report: Map, parts: list[Part]) -> None:
    """Budget figures stated outside a budget section (a report without 一般公共预算支出
    情况 that states 基本支出 and 项目支出 in its 基本情况): the paragraphs that bind at
    least two amounts to budget fields."""
    if "public_budget" in report:
        return
    found: list[Paragraph] = []
    for part in parts:
        if part.sub == "projects" or part.section in _TEXT_SECTIONS:
            continue
        for para in part.paragraphs:
            fields = {b.field for b in bind(para.piece, "public_budget")
                      if b.figure.unit in _MONEY_UNITS and b.field != "projects_total"}
            if len(fields) >= 2:
                found.append(para)
    if found:
        _public_budget(ctx, report, Part("public_budget", None, None, found), found[0].piece.location)


def _text(paragraphs: list[Paragraph]) -> Piece | None:
    pieces = [p.piece.strip() for p in paragraphs if p.text.strip()]
    if not pieces:
        return None
    return join_pieces(pieces)


def _read_part(ctx: Context, report: Map, part: Part) -> None:
    section, sub = part.section, part.sub
    assert section is not None
    key_loc = part.heading.piece.location if part.heading else Location(ctx.source)
    text = _text(part.paragraphs)
    if section in ("problems", "improvements", "application", "other"):
        if text is not None:
            report.text(section, text, key_loc)
        return
    if section in ("government_fund", "state_capital", "social_insurance"):
        if text is not None:
            report.map(section, key_loc).text("text", text, key_loc)
        return
    if section == "profile":
        profile = report.map("profile", key_loc)
        if sub in ("functions", "institutions"):
            if text is not None:
                profile.text(sub, text, key_loc)
        elif sub == "staff":
            _staff(profile, part, key_loc)
            if text is not None:  # the unit's sentence, which the report prints as written
                profile.map("staff", key_loc, key_loc).text("text", text, key_loc)
        elif sub == "budget":
            _public_budget(ctx, report, part, key_loc)
        return
    if section == "public_budget":
        if sub == "projects":
            _project_list(report.map("public_budget", key_loc), part, key_loc)
            if text is not None:
                report.map("public_budget", key_loc).map("projects", key_loc, key_loc).text("text", text, key_loc)
        else:
            _public_budget(ctx, report, part, key_loc)
            if sub == "budget" and text is not None:  # （一）, under its own heading
                report.map("public_budget", key_loc).text("statement", text, key_loc)
        return
    if section == "performance":
        performance = report.map("performance", key_loc)
        if sub == "overall":
            if text is not None:
                performance.text("overall", text, key_loc)
        elif sub == "projects":
            _project_statements(ctx, performance, part, key_loc)


def _staff(profile: Map, part: Part, key_loc: Location) -> None:
    staff = profile.map("staff", key_loc, key_loc)
    for para in part.paragraphs:
        m = _AS_OF.search(para.text)
        if m and "as_of" not in staff:
            staff.put("as_of", Scalar(re.sub(r"\s+", "", m.group(1)), para.piece.at(m.start(1))))
        for b in bind(para.piece, "staff", _STAFF_DEFAULTS):
            if b.field not in staff:
                staff.put(b.field, scalar(b.piece), b.label.location)


def _public_budget(ctx: Context, report: Map, part: Part, key_loc: Location) -> None:
    budget = report.map("public_budget", key_loc)
    for para in part.paragraphs:
        if _truncated_here(ctx, para):
            ctx.notes.append(f"{_where(para)}的句子在截断处中断，其中的数字未读取")
            continue
        bounds = bind(para.piece, "public_budget")
        for b in bounds:
            if b.field == "projects_total":
                budget.map("projects", b.label.location).put("total", scalar(b.piece), b.label.location)
            elif b.field not in budget:
                budget.put(b.field, scalar(b.piece), b.label.location)
        read_breakdowns(report, para.piece, bounds)


def read_breakdowns(report: Map, piece: Piece, bounds: list[Bound]) -> None:
    """``支出:799.12万元。其中:人员经费支出434.89万元,……``: a total that no field
    names, followed by the parts it lists (at least two, not counting year-on-year
    changes), is kept as a breakdown so its sum can be checked."""
    figures = scan(piece.text)
    bound_starts = {b.figure.start for b in bounds}
    for i, fig in enumerate(figures):
        if fig.start in bound_starts or fig.unit not in ("万元", "元", "亿元", "万"):
            continue
        rest = piece.text[fig.end:]
        m = re.match(r"\s*[。，,；;]?\s*其中\s*[:：]?", rest)
        if not m:
            continue
        label = label_of(piece, fig)
        total_label = _clean_total_label(label.text)
        if not total_label or is_comparison(label.text):
            continue
        parts: list[tuple[str, Piece, Piece]] = []
        for other in figures[i + 1:]:
            if _OTHER_TOTAL.match(piece.text[other.end:]):
                break  # the next total with its own parts
            olabel = label_of(piece, other)
            if other.unit != fig.unit and not (other.unit in ("万元", "万") and fig.unit in ("万元", "万")):
                continue
            if is_comparison(olabel.text):
                continue
            name = label_key(olabel.text).removeprefix("其中")
            phrase_end = other.end + len(other.after)
            if not name and other.after.startswith("用于"):  # 30万元用于基建工程项目审计
                stop = re.search(r"[；;。，,]", piece.text[other.end:])
                phrase_end = other.end + stop.start() if stop else len(piece.text)
                name_piece = piece.slice(other.end + 2, phrase_end).strip()
                name = label_key(name_piece.text)
            else:
                name_piece = olabel
            if not name:
                break
            parts.append((name, name_piece, figure_piece(piece, other, None)))
            if piece.text[phrase_end:phrase_end + 1] == "。":
                break  # the sentence listing the parts ends here
        if len(parts) < 2:
            continue
        seq = report.seq("breakdowns", label.location)
        item = seq.add(label.location)
        item.put("label", Scalar(total_label, label.location))
        # A breakdown keeps its figures with their units, as the sentence writes them.
        item.put("total", scalar(figure_piece(piece, fig, None)), label.location)
        plist = item.seq("parts", label.location)
        for name, name_piece, amount in parts:
            entry = plist.add(name_piece.location)
            entry.put("label", Scalar(name, name_piece.location))
            entry.put("amount", scalar(amount), name_piece.location)


_OTHER_TOTAL = re.compile(r"\s*[。，,；;]?\s*其中\s*[:：]?")


def _clean_total_label(text: str) -> str:
    key = label_key(text)
    for prefix in ("本项目", "本单位", "本部门", "全年", "共", "合计"):
        key = key.removeprefix(prefix)
    key = re.sub(r"^\d{4}年度?", "", key)
    for prefix in ("本项目", "本单位", "本部门", "共"):
        key = key.removeprefix(prefix)
    return key.rstrip(":为")


def _project_list(budget: Map, part: Part, key_loc: Location) -> None:
    """二（二）项目支出情况: ``项目支出合计88.18万元，其中：1.委员培训项目支出42.82万元；……``"""
    projects = budget.map("projects", key_loc, key_loc)
    for para in part.paragraphs:
        piece = para.piece
        for b in bind(piece, "public_budget"):
            if b.field == "projects_total" and "total" not in projects:
                projects.put("total", scalar(b.piece), b.label.location)
        starts = [m.end() for m in _ENUM_SPLIT.finditer(piece.text)]
        for start in starts:
            end = len(piece.text)
            nxt = _ENUM_SPLIT.search(piece.text, start)
            if nxt:
                end = nxt.start()
            segment = piece.slice(start, end)
            figs = [f for f in scan(segment.text) if f.unit in ("万元", "元", "万", "亿元")]
            if len(figs) != 1:
                continue
            fig = figs[0]
            name = segment.slice(0, fig.start).strip(" \u3000：:")
            if not label_key(name.text):
                continue
            item = projects.seq("items", name.location).add(name.location)
            item.put("name", Scalar(label_key(name.text), name.location))
            item.put("final", scalar(figure_piece(segment, fig, "万元")), name.location)


def _project_statements(ctx: Context, performance: Map, part: Part, key_loc: Location) -> None:
    """六（二）: the count and total of the projects, then one paragraph per project
    (``一是政协全会经费专项，年初预算资金16.2万元，年中执行调减1.93万元，……``)."""
    projects = performance.map("projects", key_loc, key_loc)
    items_started = False
    signs = {"adjustment_up": ("adjustment", ""), "adjustment_down": ("adjustment", "-")}
    for para in part.paragraphs:
        text = para.text
        start = _ITEM_START.match(text)
        if start is None:
            if items_started:
                continue
            for b in bind(para.piece, "projects_intro"):
                if b.figure.unit == "个" and "count" not in projects:
                    count = figure_piece(para.piece, b.figure, "个")
                    projects.put("count", scalar(count), b.label.location)
                elif b.figure.unit in ("万元", "万", "元") and "initial_total" not in projects:
                    projects.put("initial_total", scalar(b.piece), b.label.location)
            continue
        items_started = True
        piece = para.piece
        body = piece.slice(start.end(), len(text))
        m = re.search(r"[，,：:]", body.text)
        if not m:
            continue
        name = body.slice(0, m.start()).strip()
        if not name.text or scan(name.text):
            continue
        item = projects.seq("items", name.location).add(name.location)
        item.put("name", Scalar(name.text, name.location))
        bounds = bind(body, "project_statement", signs=signs)
        last_end = 0
        for b in bounds:
            if b.field not in item:
                item.put(b.field, scalar(b.piece), b.label.location)
                last_end = b.figure.end
        stop = _first_sentence_end(body.text, last_end)
        if stop is not None:
            description = body.slice(stop + 1, len(body.text)).strip()
            if description.text:
                item.put("description", scalar(description), description.location)


def _first_sentence_end(text: str, start: int) -> int | None:
    for i in range(start, len(text)):
        if text[i] == "。":
            return i
    return None


def _attachment_list(report: Map, paragraphs: list[Paragraph]) -> None:
    if not paragraphs:
        return
    first = paragraphs[0]
    m = _ATTACH_LIST.match(first.text)
    pieces = []
    if m:
        pieces.append(first.piece.slice(m.start(1), len(first.text)))
    pieces.extend(p.piece for p in paragraphs[1:])
    seq = report.seq("attachments_listed", first.piece.location)
    for piece in pieces:
        marks = list(_LIST_ITEM.finditer(piece.text))
        for k, mm in enumerate(marks):
            end = marks[k + 1].start() if k + 1 < len(marks) else len(piece.text)
            title = piece.slice(mm.end(), end).strip(" \u3000；;，,。")
            item = seq.add(piece.at(mm.start()))
            item.put("number", Scalar(mm.group(1), piece.at(mm.start(1))))
            if title.text:
                item.put("title", scalar(title))


def _truncated_here(ctx: Context, para: Paragraph) -> bool:
    """The document was cut off inside this paragraph (its last one, ending
    mid-sentence)."""
    if not ctx.doc.truncated:
        return False
    last = [p for _, p in ctx.paragraphs() if p.text.strip()]
    if not last or not para.text.strip() or para.text.rstrip().endswith(tuple(_SENTENCE_END)):
        return False
    # the same last character (a paragraph may be a part of a split one)
    end, last_end = para.piece.strip(), last[-1].piece.strip()
    return end.at(len(end.text) - 1) == last_end.at(len(last_end.text) - 1)


def _where(para: Paragraph) -> str:
    loc = para.piece.location
    return f"第{loc.line}行" if loc.line is not None else "最后一段"


def attachment_headings(ctx: Context) -> list[Heading]:
    """Every ``附件2`` heading with the title of the table it introduces."""
    out: list[Heading] = []
    blocks = ctx.doc.blocks
    for index, block in ctx.paragraphs():
        m = ATTACH_HEAD.match(block.text)
        if not m:
            continue
        piece = block.piece
        number_piece = piece.slice(m.start(1), m.end(1))
        rest = piece.slice(m.start(2), len(block.text)).strip()
        title: Piece | None = None
        first_word = rest.text.split()[0] if rest.text.split() else ""
        if first_word and "表" in first_word:
            title = rest.slice(0, len(first_word))
        elif not rest.text and index + 1 < len(blocks) and isinstance(blocks[index + 1], Paragraph):
            nxt = blocks[index + 1]
            assert isinstance(nxt, Paragraph)
            if "表" in nxt.text and len(nxt.text.strip()) <= 60:
                title = nxt.piece.strip()
        out.append(Heading(int(m.group(1)), title, number_piece, ctx.paragraph_start(index)))
    return out
