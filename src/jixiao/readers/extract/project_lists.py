"""The projects a report on several projects lists, each with its own figures.

A department's project report, a 专项资金 or a 转移支付 report often states its
projects one after another rather than one project's funds:

- items between semicolons: ``下达转移支付慈善会项目40万元；城乡低保、特困供养、临时救助项目2.75万元；…``;
- items after ``分别是`` / ``其中`` between commas: ``分别是科技活动交流经费5万元，科技项目评审及系统维护费18万元，…``;
- items opened by 一是 / 二是: ``一是用于其他教育管理事务支出，即……合计75万元，已于本年度支出75万元，预算完成率100%``;
- one paragraph per project: ``1、项目名称：2023年民族宗教专项资金，金额为12万元``.

Each item becomes a project of ``projects`` (``project.<name>.full_year`` …), its
figures keeping their places; ``projects.count`` is the count the report states
(``实施项目共15个``). An item's name must end as a project's does (项目, 经费, 支出 …)
and must not be a funds source (中央资金, 上级资金), so a list of sources or of towns'
shares is not a list of projects. An amount of an item is its budget unless a column
word stands before it in the item (``已于本年度支出75万元``); a rate is read after
执行率 or 预算完成率. The amounts read here are not read again as the report's one
project's funds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jixiao.located import Scalar
from jixiao.model.location import Location
from jixiao.readers.document import Piece
from jixiao.readers.extract.build import Map, Seq
from jixiao.readers.extract.figures import scan
from jixiao.readers.extract.funds_sentences import last_word, role_text, role_words, sentences, source_words
from jixiao.readers.extract.sentences import figure_piece

_MIN_ITEMS = 2
_AMOUNT_UNITS = ("万元", "元", "亿元", "万")
# what a project's name ends with (资金 alone names a source or a share more often than a project)
_PROJECT_END = re.compile(r"(?:项目|经费|费|支出|补助|补贴|工程|专项|专项资金)$")
_COUNT = re.compile(r"项目(?:共|合计|总计)?(?P<n>\d{1,3})个")
_OPENER = re.compile(r"(?:分别是|分别为|其中|包括|主要有|主要包括)\s*[:：,，]?")
_ENUMERATED = re.compile(r"[一二三四五六七八九十]{1,2}是")
_LABELLED = re.compile(r"项目名称\s*[:：]\s*(?P<name>[^，,。；;]{2,40})\s*[，,]\s*"
                       r"(?:资金|金额|预算)?(?:金额)?(?:为|是|:|：)?\s*")
_NAME_LEAD = re.compile(r"^(?:(?:19|20)\d{2}\s*年度?|[\d\s、.．]+|用于|即|是|其中|为|分别是|分别为|包括|主要有|主要包括"
                        r"|转移支付(?=\S{3}))+")
# a verb before a project's name (下达转移支付慈善会项目); 预算 and 支出 are often part of the name
_VERBS = tuple((w, "verb") for w in ("下达", "安排", "拨付", "下拨", "批复", "给予", "投入"))
_SPENDING = ("实际支出", "已支出", "执行数", "已支付", "已拨付", "兑现")  # not 支付 alone: 转移支付
_RATES = ("执行率", "预算完成率", "支出率")
_ITEM_END = re.compile(r"[，,。；;即]")


@dataclass(slots=True)
class _Item:
    name: Piece
    figures: dict[str, Piece] = field(default_factory=dict)


@dataclass(slots=True)
class ProjectLists:
    """What was read: the projects, the stated count, and the places of the amounts taken."""

    items: list[_Item] = field(default_factory=list)
    count: Piece | None = None
    taken: set[Location] = field(default_factory=set)


def read_project_lists(paragraphs: list[Piece]) -> ProjectLists:
    found = ProjectLists()
    labelled: list[_Item] = []
    for para in paragraphs:
        if found.count is None:
            m = _COUNT.search(para.text)
            if m:
                found.count = para.slice(m.start("n"), m.end("n"))
        item = _labelled(para)
        if item is not None:
            labelled.append(item)
            continue
        enumerated = _enumerated(para)
        if enumerated:
            found.items.extend(enumerated)
            continue
        for sentence in sentences(para):
            found.items.extend(_listed(sentence))
    if len(labelled) >= _MIN_ITEMS:
        found.items.extend(labelled)
    found.taken = {p.location for item in found.items for p in item.figures.values()}
    seen: set[str] = set()
    unique: list[_Item] = []
    for item in found.items:
        if item.name.text not in seen:
            seen.add(item.name.text)
            unique.append(item)
    found.items = unique
    return found


def put_projects(root: Map, lists: ProjectLists) -> bool:
    if not lists.items and lists.count is None:
        return False
    at = lists.items[0].name.location if lists.items else lists.count.location if lists.count else None
    if at is None:
        return False
    projects = root.map("projects", at)
    if lists.count is not None:
        projects.put("count", Scalar(lists.count.text, lists.count.location))
    if lists.items:
        seq: Seq = projects.seq("items", at)
        for item in lists.items:
            entry = seq.add(item.name.location)
            entry.put("name", Scalar(item.name.text, item.name.location))
            for role, piece in item.figures.items():
                entry.put(role, Scalar(piece.text, piece.location))
    return True


def listed(sentence: Piece) -> list[tuple[Piece, Piece]]:
    """The (name, amount) of each item of a list sentence (``A经费5万元，B费18万元，…``)."""
    return [(item.name, figure) for item in _listed(sentence) for figure in item.figures.values()]


def _labelled(para: Piece) -> _Item | None:
    """``1、项目名称：X，金额为12万元``: one project to a paragraph."""
    m = _LABELLED.search(para.text)
    if not m:
        return None
    figs = [f for f in scan(para.text[m.end():]) if f.unit in _AMOUNT_UNITS]
    if not figs or figs[0].start > 2:
        return None
    rest = para.slice(m.end(), len(para.text))
    item = _Item(para.slice(m.start("name"), m.end("name")).strip())
    item.figures["full_year"] = figure_piece(rest, figs[0], "万元")
    return item


def _enumerated(para: Piece) -> list[_Item]:
    """Items opened by 一是 / 二是 …, each running to the next."""
    starts = [m for m in _ENUMERATED.finditer(para.text)]
    if len(starts) < _MIN_ITEMS:
        return []
    out: list[_Item] = []
    for k, m in enumerate(starts):
        end = starts[k + 1].start() if k + 1 < len(starts) else len(para.text)
        body = para.slice(m.end(), end)
        name_end = _ITEM_END.search(body.text)
        if name_end is None:
            continue
        head = body.text[:name_end.start()]
        lead = _NAME_LEAD.match(head)
        skip = lead.end() if lead else 0
        name = body.slice(skip, name_end.start()).strip()
        if not _PROJECT_END.search(name.text) or _is_source(name.text):
            continue
        item = _Item(name)
        _figures(body, item, name_end.start())
        if item.figures:
            out.append(item)
    return out


def _figures(body: Piece, item: _Item, start: int) -> None:
    """An item's amounts: its budget, unless a column word stands before an amount."""
    prev = start
    roles = role_words()
    for fig in scan(body.text[start:]):
        s, e = fig.start + start, fig.end + start
        lead = body.text[prev:s]
        prev = e
        if fig.unit == "%":
            if any(w in lead for w in _RATES) and "rate" not in item.figures:
                item.figures["rate"] = body.slice(s, e)
            continue
        if fig.unit not in _AMOUNT_UNITS or "/" in body.text[e:e + 1]:
            continue
        word = last_word(role_text(lead), roles)
        role = word[0] if word else "full_year"
        if role == "initial":
            role = "full_year"
        if role not in item.figures:
            item.figures[role] = figure_piece(body.slice(start, len(body.text)), fig, "万元")


def _listed(sentence: Piece) -> list[_Item]:
    """``A项目40万元；B项目2.75万元；…`` or ``分别是A经费5万元，B费18万元，…``."""
    text = sentence.text
    semicolons = len(re.findall(r"[；;]", text)) >= _MIN_ITEMS - 1 and re.search(r"[；;]", text) is not None
    opener = _OPENER.search(text)
    if not semicolons and opener is None:
        return []
    begin = 0 if semicolons else opener.end() if opener else 0
    intro = text[:begin] if not semicolons else ""
    if opener is not None and not semicolons:
        # 部门预算项目支出87.5万元，分别是……: the amount the list adds up to, as one more item
        before = [f for f in scan(text[:opener.start()]) if f.unit in _AMOUNT_UNITS]
        if before and not text[before[-1].end:opener.start()].strip("，,：: "):
            begin = max(text.rfind(d, 0, before[-1].start) for d in "，,；;") + 1
    role = "final" if any(w in intro for w in _SPENDING) else "full_year"
    delimiters = "；;，," if semicolons else "，,；;、"
    out: list[_Item] = []
    prev = begin
    for fig in scan(text[begin:]):
        s, e = fig.start + begin, fig.end + begin
        if fig.unit not in _AMOUNT_UNITS:
            prev = e
            continue
        head = text[prev:s]
        cut = max(head.rfind(d) for d in delimiters)
        name_start = prev + cut + 1 if cut >= 0 else prev
        verb = last_word(text[name_start:s], _VERBS)
        if verb is not None:  # 下达转移支付慈善会项目: the name follows the verb
            name_start += verb[1]
        name = sentence.slice(name_start, s).strip(" \u3000，,、：:")
        lead = _NAME_LEAD.match(name.text)
        if lead:
            name = name.slice(lead.end(), len(name.text))
        prev = e
        if not _PROJECT_END.search(name.text) or _is_source(name.text) or len(name.text) < 3:
            if out:
                break  # the list ends where an item is not a project
            continue
        item = _Item(name)
        item.figures[role] = figure_piece(sentence.slice(begin, len(text)), fig, "万元")
        out.append(item)
    return out if len(out) >= _MIN_ITEMS else []


def _is_source(name: str) -> bool:
    """A funds source rather than a project (中央补助, 上级资金)."""
    words = source_words()
    return name in words or re.sub(r"(?:补助|财政|资金)+$", "", name) in words
