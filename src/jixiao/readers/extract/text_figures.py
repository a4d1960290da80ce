"""The figures of a report's sentences that no other reader took.

Every number written with a unit in a paragraph of the text (正文) — an amount
(``10万元``, ``300元/年``), a rate (``69.83%``, ``5‰``), a count or a measure
(``140人``, ``32.63公里``, ``1.26亿立方米``), points (``95分``) — that no field took is
kept under ``text_figures`` with the words before it in its clause as its label
(``城关镇补助资金2万元`` → ``城关镇补助资金``). Numbers that are no figures stay out, by
the same rules as the reading-coverage scan (:mod:`jixiao.model.figure_scan`: dates,
years, enumerators, document numbers …); a number without a unit is no figure of a
sentence (it may be a list number or a code), and neither is an approximation
(``300余人``).

A whole and its parts stated in one sentence are linked, so their sum can be checked:
a figure followed by ``其中`` (or a parenthesis) lists some of its parts, one followed by
``分别为`` all of them. The parts are the figures that follow at the same depth of
parentheses, in the whole's unit family, until the sentence ends (``。``), another
whole begins, a figure of another kind or unit comes, a stronger separator than the
one between the first two parts (``其中男30人，女20人；党员15人``: another way of dividing
the whole), or a label says the figure is a change, a share or a status (``比上年``,
``占``, ``已``…) rather than a part. A member
another reader took (``中央资金776.84万元`` read as a funds source) is listed too, at
the same place, so the sum can be checked; a sentence whose members were all taken is
left to the checks of those fields (the staff or funds sums), so nothing is reported
twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from jixiao.located import Scalar
from jixiao.model.figure_scan import COLLECTION_TITLE, figure_spans
from jixiao.model.location import Location
from jixiao.model.text_figures import ALL_PARTS, SOME_PARTS
from jixiao.model.units import AMOUNT_SCALE, COUNT_UNITS, PERCENT_UNITS, is_known_unit, normalize_unit
from jixiao.readers.document import Block, Piece, Table
from jixiao.readers.extract.build import Map, Seq
from jixiao.readers.extract.figures import fold
from jixiao.readers.extract.labels import furniture_spans
from jixiao.readers.extract.normalize import simplified

KEY = "text_figures"

_AMOUNT_WORDS = ("万元", "亿元", "千元", "元")
_PERCENT_WORDS = ("个百分点", "百分点", "%", "‰")
_COUNT_WORDS = tuple(u for u in COUNT_UNITS if "/" not in u)
_PER = "|".join(re.escape(u) for u in sorted(_COUNT_WORDS, key=len, reverse=True))
_BASE = "|".join(re.escape(u) for u in sorted({*_AMOUNT_WORDS, *_PERCENT_WORDS, *_COUNT_WORDS, "分"},
                                               key=len, reverse=True))
# the unit right after a number: one base unit, optionally per one or two counts or times (元/人/年)
# or a standard per a count whose own unit the sentence leaves unsaid (补贴标准89.34/亩, 每人不超过500/年)
_UNIT = re.compile(r"[ \u3000]?(?P<unit>(?:" + _BASE + r")(?:/(?:" + _PER + r")){0,2}|(?:/(?:" + _PER + r")){1,2})")
# 分 as points, not 分钟 (a measure of its own) nor 分别 / 分配 (words)
_NOT_POINTS = re.compile(r"分(?:钟|别|配|解|类|批|期|散|成|为|布|管|项|局|公司|院|校|站|中心)")
# a one-character unit that is the first character of a word when followed by these (部门, 支出, 本年 …)
_WORD_GOES_ON = {"部": "门分署长", "支": "出付持撑", "本": "年级期单部级次", "所": "属需有在以得", "处": "理置于罚",
                 "门": "诊户槛类", "口": "径", "期": "间末初", "户": "籍", "场": "所地", "间": "隔", "条": "件例",
                 "组": "织成", "名": "单称额", "套": "餐", "批": "复准次", "件": "事", "家": "庭属", "座": "谈",
                 "台": "账", "项": "目", "张": "贴", "人": "员民才口均"}
_BOUNDARY = frozenset("，,。；;：:、（()）=＝÷×+*<>≤≥“”\"'‘’!！?？\n")
_LEADING = ("其中", "分别为", "分别是", "分别", "以及", "并且", "并", "和", "及", "与", "共计", "合计", "总计",
            "共", "另", "即")
_TRAILING = ("合计为", "共计", "合计", "总计", "计为", "达到", "为", "是", "分别", "达", "约", "共", "：", ":", "的")
_LABEL_LIMIT = 24
_ONLY_TOTAL = re.compile(r"(?:共计|合计|总计|累计|共|计)(?:为|是|达)?")
_OPERATORS = frozenset("×*＊÷xX")
_BARE_WAN = re.compile(r"[ \u3000]?(?P<unit>万)(?![\u4e00-\u9fff])")
_MONEY_WORDS = re.compile(r"资金|经费|预算|补助|补贴|奖励|投入|投资|支出|收入|拨付|下达|安排|金额|费用|款")
_GAP = re.compile(r"\t|[ \u3000]{2}")  # cells of a table flattened into a line: no clause goes past one
_ENUMERATOR = re.compile(r"^(?:\d{1,2}[.、．]|[(（]\d{1,2}[)）]|[一二三四五六七八九十]{1,3}[、.．]|[①-⑳])+")
# Whole and parts
_PARTS_MARK = re.compile(r"[ \u3000]*[。，,；;]?[ \u3000]*(?P<mark>其中|分别为|分别是|分别|包括|包含)"
                         r"[ \u3000]*[:：，,]?")
_ALL_MARKS = ("分别为", "分别是", "分别")
# the parts by what they are used for, after parts by where they come from
_USE = re.compile(r"用于|主要|投向")
# list separators by strength: 、 within a clause, ，between clauses, ；between sentences' parts
_SEPARATORS = {"、": 1, "，": 2, ",": 2, "；": 3, ";": 3}
_OPEN = "(（"
# a cell that holds sentences (a goal's 实际完成情况, a report laid out as a table): it ends a
# sentence and has words enough to be one
_SENTENCE_END = re.compile(r"[。！？]")
_PROSE_HAN = 10
_CLOSE = ")）"
_WHOLE_WORDS = re.compile(r"^共|合计|共计|总计|总额|总数")
# a figure that is a change, a share, a comparison or a status of the whole, not one of its parts
_NOT_A_PART = re.compile(r"比上年|较上年|同比|环比|增长|增加|减少|下降|提高|降低|占|已|实际|完成|执行|支付|拨付|"
                         r"结余|剩余|余额|累计|到位|超|节约|人均|平均|每")


@dataclass(frozen=True, slots=True)
class _Figure:
    start: int  # offsets in the paragraph
    end: int
    number_end: int
    unit: str  # normalised
    kind: str  # amount, percent, quantity, points
    label: str
    clause: str  # the words before it as written, for telling parts from wholes and changes
    taken: bool

    @property
    def family(self) -> str:
        """What may be added to it: amounts of any money unit, counts of one unit."""
        if self.kind == "amount" and self.unit in AMOUNT_SCALE:
            return "money"
        if self.kind == "quantity" and "/" not in self.unit:
            return f"count:{self.unit}"
        return ""


class Taken:
    """The places other readers took a figure from: line (and the table cell, page …) and
    the columns of the text read there."""

    def __init__(self) -> None:
        self._spans: dict[tuple[object, ...], list[tuple[int, int]]] = {}

    @staticmethod
    def _key(loc: Location) -> tuple[object, ...]:
        return (loc.file, loc.line, loc.page, loc.table, loc.row, loc.col, loc.sheet, loc.cell)

    def add(self, scalar: Scalar) -> None:
        loc = scalar.location
        if (loc.line is None or scalar.null or len(scalar.text) > 40 or not any(c.isdigit() for c in scalar.text)
                or _SENTENCE_END.search(scalar.text)):
            return  # names and sentences kept as text do not take their figures
        start = loc.column or 1
        self._spans.setdefault(self._key(loc), []).append((start, start + max(len(scalar.text), 1)))

    def covers(self, loc: Location) -> bool:
        column = loc.column or 1
        return any(a <= column < b for a, b in self._spans.get(self._key(loc), ()))

    @classmethod
    def of(cls, root: Map) -> Taken:
        taken = cls()
        stack: list[object] = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, Map):
                stack.extend(v for _, _, v in node.entries)
            elif isinstance(node, Seq):
                stack.extend(node.items)
            elif isinstance(node, Scalar):
                taken.add(node)
            else:  # a node already built (a located Mapping or Sequence)
                stack.extend(_children(node))
        return taken


def _children(node: object) -> list[object]:
    entries = getattr(node, "entries", None)
    if entries is not None:
        return [child for _, _, child in entries]
    return list(getattr(node, "items", ()))




def prose_cells(blocks: Sequence[Block]) -> list[Piece]:
    """The cells of the tables that are sentences, not a figure or a label: their figures are
    the text's as much as a paragraph's are."""
    return [cell.piece for block in blocks if isinstance(block, Table) for row in block.rows for cell in row
            if not cell.covered and _SENTENCE_END.search(cell.text)
            and sum(1 for c in cell.text if "\u4e00" <= c <= "\u9fff") >= _PROSE_HAN]


def read_text_figures(root: Map, paragraphs: list[Piece]) -> int:
    """Put the figures of ``paragraphs`` that no field of ``root`` took under ``text_figures``;
    return how many."""
    taken = Taken.of(root)
    seq: Seq | None = None
    count = 0
    for piece in paragraphs:
        figures = scan_paragraph(piece, taken)
        if not any(not f.taken for f in figures):
            continue
        links = link_parts(piece.text, figures)
        if seq is None:
            seq = root.seq(KEY, piece.location)
        positions: dict[int, int] = {}
        for i, fig in enumerate(figures):
            if fig.taken and i not in links:
                continue
            count += 1
            positions[i] = count
            item = seq.add(piece.at(fig.start))
            item.put("label", Scalar(fig.label, piece.at(fig.start)))
            text_end = fig.number_end if fig.kind == "points" else fig.end  # 95 (分 is the field's unit)
            item.put(fig.kind, Scalar(piece.text[fig.start:text_end], piece.at(fig.start)))
            link = links.get(i)
            if link is None:
                continue
            whole, parts = link
            if parts:
                item.put("parts", Scalar(parts, piece.at(fig.start)))
            if whole is not None:
                item.put("part_of", Scalar(str(positions[whole]), piece.at(fig.start)))
    return count


def scan_paragraph(piece: Piece, taken: Taken) -> list[_Figure]:
    """The figures of a paragraph that have a unit, each marked taken when another reader
    read it."""
    # digits folded to ASCII, traditional characters simplified (10萬元, 5畝): one for one,
    # so offsets stay those of the paragraph
    text = simplified(fold(piece.text))
    out: list[_Figure] = []
    previous_end = 0
    previous_label = ""
    # the page's words, not the report's: 页数:17页, (精选6篇)
    aside = furniture_spans(text) + [m.span() for m in COLLECTION_TITLE.finditer(text)]
    for start, number_end in figure_spans(text):
        if any(a <= start < b for a, b in aside) or text[start - 1:start] in _OPERATORS:
            continue  # the page's words, or the constant of a formula (D/C×100%)
        m = _UNIT.match(text, number_end) or _bare_wan(text, start, number_end, previous_end)
        if m is None:
            previous_end = number_end  # a number without a unit (a table's cell): the clause starts after it
            continue
        if m.group("unit") == "分" and _NOT_POINTS.match(text, m.start("unit")):
            continue
        following = text[m.end():m.end() + 1]
        if following and following in _WORD_GOES_ON.get(m.group("unit"), ""):
            continue  # 12部门, 100支出: the first character of a word, not a unit
        raw = m.group("unit")
        unit = normalize_unit(raw) or raw
        kind = _kind(unit)
        if kind is None:
            continue
        clause = _clause(text, start, previous_end)
        label = _label(clause) or previous_label
        out.append(_Figure(start, m.end(), number_end, unit, kind, label, clause, taken.covers(piece.at(start))))
        previous_end, previous_label = m.end(), label
    return out


def _bare_wan(text: str, start: int, number_end: int, previous_end: int) -> re.Match[str] | None:
    """万 alone, where the clause speaks of money (``补贴资金60万，``): 万元."""
    m = _BARE_WAN.match(text, number_end)
    if m is None or not _MONEY_WORDS.search(_clause(text, start, previous_end)):
        return None
    return m


def _kind(unit: str) -> str | None:
    if unit == "分":
        return "points"
    if unit in PERCENT_UNITS:
        return "percent"
    if unit in AMOUNT_SCALE or unit.split("/", 1)[0] in AMOUNT_SCALE:
        return "amount" if is_known_unit(unit) else None
    if unit.startswith("/"):  # per 亩, per 年: what is counted is left unsaid
        return "quantity" if all(per in COUNT_UNITS for per in unit[1:].split("/")) else None
    return "quantity" if is_known_unit(unit) else None


def _clause(text: str, start: int, previous_end: int) -> str:
    """The words before a figure in its clause (back to punctuation or the previous figure)."""
    i = start
    while i > previous_end and text[i - 1] not in _BOUNDARY and start - i < 60 and not _GAP.match(text, i - 2):
        i -= 1
    words = "".join(text[i:start].split())
    if not words and text[:start].rstrip(" \u3000").endswith((":", "：")):  # 一般公共预算：323.97万元
        end = len(text[:start].rstrip(" \u3000")) - 1
        i = end
        while i > previous_end and text[i - 1] not in _BOUNDARY and end - i < 60:
            i -= 1
        words = "".join(text[i:end].split())
    return words


def _label(words: str) -> str:
    """A figure's label: its clause without the linking words around it (``共计救助小学生`` →
    ``救助小学生``, ``项目资金合计为`` → ``项目资金``)."""
    if _ONLY_TOTAL.fullmatch(words):
        return "合计"  # 共计1.5亿元: the total of the sentence, no other name
    changed = True
    while changed:
        changed = False
        for lead in _LEADING:
            if words.startswith(lead) and len(words) > len(lead):
                words, changed = words[len(lead):], True
    changed = True
    while changed:
        changed = False
        for tail in _TRAILING:
            if words.endswith(tail) and len(words) > len(tail):
                words, changed = words[:-len(tail)], True
    words = _ENUMERATOR.sub("", words).rstrip("%（(")
    return words[-_LABEL_LIMIT:]


def link_parts(text: str, figures: list[_Figure]) -> dict[int, tuple[int | None, str]]:
    """Whole and parts: for each figure index, (the index of its whole, or None; ``some`` /
    ``all`` when it is a whole with parts, else ``""``)."""
    text = simplified(fold(text))
    depth = _depths(text)
    links: dict[int, tuple[int | None, str]] = {}
    for i, whole in enumerate(figures):
        if not whole.family:
            continue
        mark = _PARTS_MARK.match(text, whole.end)
        if mark is not None:
            parts_at, level = mark.end(), depth[whole.end]
            listed = ALL_PARTS if mark.group("mark") in _ALL_MARKS else SOME_PARTS
        else:
            opening = re.match(r"[ \u3000]*[(（]", text[whole.end:])
            if opening is None:
                continue
            parts_at, level, listed = whole.end + opening.end(), depth[whole.end] + 1, SOME_PARTS
        parts, clean = _parts(text, depth, figures, i, parts_at, level)
        if len(parts) < 2 or all(figures[j].taken for j in (i, *parts)):
            continue
        if listed == ALL_PARTS and not clean:
            listed = SOME_PARTS  # the list was cut short by something that is no part: some of it
        links[i] = (links.get(i, (None, ""))[0], listed)
        for j in parts:
            links[j] = (i, links.get(j, (None, ""))[1])
    return links


def _parts(text: str, depth: list[int], figures: list[_Figure], whole: int, start: int,
           level: int) -> tuple[list[int], bool]:
    """The parts of ``figures[whole]`` listed from ``start`` at parenthesis depth ``level``,
    and whether the list ran to its end (a full stop, a closing parenthesis, the end of a
    paragraph that ends a sentence) rather than being cut short."""
    family = figures[whole].family
    parts: list[int] = []
    at = start
    separator = 0  # how the first two parts are separated: a stronger mark later ends the list
    for j in range(whole + 1, len(figures)):
        fig = figures[j]
        if fig.start < start:
            continue
        between = range(at, fig.start)
        if any(depth[k] < level for k in between):
            return parts, True  # the parenthesis holding the parts closed
        if any(text[k] == "。" and depth[k] == level for k in between):
            return parts, True
        if depth[fig.start] > level:
            continue  # the parts of a part
        if _PARTS_MARK.search(text, at, fig.start) and parts:
            return parts, False  # another whole's parts begin
        if fig.family != family or _WHOLE_WORDS.search(fig.clause) or _NOT_A_PART.search(fig.clause):
            return parts, False
        if parts and _USE.search(fig.clause) and not _USE.search(figures[parts[0]].clause):
            return parts, False  # 省级资金120万元，市级资金80万元，主要用于购置设备150万元: by use, not by source
        if parts:
            gap = max((_SEPARATORS.get(text[k], 0) for k in between if depth[k] == level), default=0)
            if len(parts) == 1:
                separator = gap
            elif gap > separator:
                return parts, False  # 其中男30人，女20人；党员15人: another way of dividing the whole
        parts.append(j)
        at = fig.end
    # the paragraph's end: the list is whole only where its sentence ends there (a copy cut
    # off mid-list ends without a full stop)
    return parts, text.rstrip().endswith(("。", "！", "？", "!", "?"))


def _depths(text: str) -> list[int]:
    """The parenthesis depth at each offset (one more entry, for the end)."""
    out = []
    level = 0
    for ch in text:
        if ch in _CLOSE and level:
            level -= 1
        out.append(level)
        if ch in _OPEN:
            level += 1
    out.append(level)
    return out
