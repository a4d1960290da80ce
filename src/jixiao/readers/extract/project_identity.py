"""Who, what and when a project report is about, from its title and first lines.

A project report names itself in its title, in one of a few shapes:

- ``红河州民政局2020年边境县…补助经费绩效评价自评报告``: the unit, the year, the project;
- ``耒阳市第四中学专项资金绩效自评价报告``: the unit and the kind, no year;
- ``保山市林业和草原局2021年度项目绩效自评报告`` followed by a line of its own
  ``(市级森林防火“三三制”补助经费项目)`` or ``2021年城乡临时救助备用金``: the project
  stands on the line under the title (a subtitle), before the first heading.

The unit is taken only when the words before the year (or before the kind) end as a
unit's name does (局, 中心, 学校 …), and the project only when the title's words left
after the unit, year and kind are not generic (``项目支出``). A title run together with
the first heading (``…自评价报告一、基本情况…``, a flattened copy) is cut before it.
Without a year in the title, the year is the first ``YYYY年度`` of the cover, else the
first ``YYYY年`` of the opening paragraphs (not in a document's name or number). A title
that names no unit leaves it to another title-like line above the report, else to the
unit that signs the report above its date at the end. The score a report states in a sentence
(``绩效自评得分94.9分``, ``自评分为100分``) is its total score when no table states one.
"""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.located import Scalar
from jixiao.model.location import Location
from jixiao.readers.document import Paragraph, Piece, join_pieces
from jixiao.readers.extract.build import Map
from jixiao.readers.extract.labels import is_furniture

_KIND = (r"(?:项目支出|专项资金|专项转移支付|转移支付|财政支出项目|部门预算项目|项目资金|资金|项目|专项)")
_REPORT = re.compile(r"(?:绩效)?(?:单位)?(?:评价)?(?:自评价?|评价)(?:情况|总结)?报告")
# a title at the start of a paragraph, with the text running on after it
TITLE_AT_START = re.compile(r"^\s*(?P<title>[^。，,：:《》\s]{4,60}?(?:自评价?|评价)(?:情况|总结)?报告)")
_UNIT_END = ("局", "中心", "学校", "中学", "小学", "幼儿园", "医院", "政府", "办公室", "委员会", "委", "馆", "站",
             "所", "队", "联合会", "协会", "厅", "院", "办", "社", "处")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")
_PERIOD = re.compile(r"((?:19|20)\d{2})年\d{1,2}月(?:\d{1,2}日)?起?至\1年\d{1,2}月")
_QUOTED = re.compile(r"《[^》]*》|〔[^〕]*〕|\[[^\]]*\]")
_YEAR_OF_COVER = re.compile(r"((?:19|20)\d{2})\s*年度")
_GENERIC = re.compile(r"^(?:部门预算|部门|单位)?" + _KIND + r"?(?:支出)?(?:绩效)?$")
_SUBTITLE = re.compile(r"^\s*[(（]?\s*(?P<name>[^。，,：:；;()（）\s]{4,40}?)\s*[)）]?\s*$")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]|\d+[、.．])")
_STATED_SCORE = re.compile(r"(?:自评|评价|综合)?(?:总)?(?:得分|评分|自评分|分数)\s*(?:为|是|达到|达|:|：)?\s*"
                           r"(?P<score>\d{1,3}(?:\.\d{1,2})?)\s*分")
_SCORE_SCOPE = re.compile(r"(?:自评|评价|综合|总)")
_MAX_SCORE = Decimal(100)
# a table's 自评得分 cell run together with its value (``自评得分98财政审核评分``): the
# label, then the figure, then no 分, range or other figure
_SCORE_CELL = re.compile(r"(?:自评得分|自评总分)(?:[(（]分[)）])?[:：]?(?P<score>\d{1,3}(?:\.\d{1,2})?)"
                         r"(?![\d.%]|\s*分|以[上下]|[-~～至])")


def title_at_start(paragraphs: list[Paragraph]) -> Piece | None:
    """A report title that begins one of the first paragraphs, cut where the paragraph
    runs on into the text (page furniture and quoted file names are not titles)."""
    for para in paragraphs[:20]:
        if is_furniture(para.text):
            continue
        m = TITLE_AT_START.match(para.text)
        if m:
            return para.piece.slice(m.start("title"), m.end("title"))
    return None


def unit_of_title(title: str) -> str | None:
    """The unit a title starts with: the words before its year, or before its kind."""
    text = re.sub(r"\s+", "", title).removeprefix("关于")
    m = _YEAR.search(text)
    head = text[:m.start()] if m else None
    if head is None:
        k = re.search(_KIND + r"(?:支出)?(?:绩效)?", text)
        head = text[:k.start()] if k else None
    if head and 4 <= len(head) <= 30 and head.endswith(_UNIT_END):
        return head
    return None


def project_of_title(title: str, unit: str | None) -> str | None:
    """The project a title names once its unit, year and kind words are taken away."""
    text = re.sub(r"\s+", "", title).removeprefix("关于")
    if unit:
        text = text.removeprefix(unit)
    m = _YEAR.match(text)
    if m:
        text = text[m.end():]
    text = _REPORT.sub("", text).removesuffix("的")
    if text.endswith("支出") and len(text) > 4:
        text = text[:-2]
    if len(text) < 3 or _GENERIC.match(text):
        return None
    return text


def subtitle(paragraphs: list[Paragraph], title: str, at_title: Location) -> Piece | None:
    """The line right under the title naming the project, before the first heading."""
    line = at_title.line
    squashed = re.sub(r"\s+", "", title)
    for para in paragraphs[:30]:
        at = para.piece.location.line
        if line is None or at is None or at <= line:
            continue
        if re.sub(r"\s+", "", para.text) and re.sub(r"\s+", "", para.text) in squashed:
            line = at  # a line of the title itself, wrapped
            continue
        if at > line + 2 or _HEADING.match(para.text) or is_furniture(para.text):
            return None
        m = _SUBTITLE.match(para.text)
        if m and not _REPORT.search(para.text):
            return para.piece.slice(m.start("name"), m.end("name"))
        return None
    return None


def year_of_opening(paragraphs: list[Paragraph], cells: list[str] | None = None) -> int | None:
    """The year of a report whose title states none: a project period within one year
    (``项目起止时间 2016年1月起至2016年12月止``), the cover's ``YYYY年度``, else the first
    ``YYYY年`` of its opening paragraphs (not in a document's name or number)."""
    texts = [p.text for p in paragraphs[:40] if not is_furniture(p.text)]
    period = _PERIOD.search(re.sub(r"\s+", "", "".join(cells or []) + "".join(texts)))
    if period:
        return int(period.group(1))
    for text in texts:
        m = _YEAR_OF_COVER.search(text)
        if m:
            return int(m.group(1))
    for text in texts:
        for m in _YEAR.finditer(_QUOTED.sub("", text)):
            return int(m.group(1))
    return None


def unit_of_titles(paragraphs: list[Paragraph]) -> Piece | None:
    """The unit of the first title-like line that names one (a page title above the
    report's own, ``忠县民政局2024年度资金绩效自评报告``), where that line has it."""
    for para in paragraphs[:40]:
        text = para.text.strip()
        m = TITLE_AT_START.match(text)
        if m and len(m.group("title")) >= len(text) - 2 and not is_furniture(text):
            unit = unit_of_title(m.group("title"))
            if unit:
                at = para.text.find(unit[:2])
                return para.piece.slice(at, at + len(unit)) if at >= 0 else Piece(unit, [(0, para.piece.location)])
    return None


def read_stated_score(paragraphs: list[Paragraph], root: Map) -> bool:
    """``绩效自评得分94.9分``: the total score a report states, when no table gave one;
    else a 自评得分 cell run together with its value (``自评得分98财政审核评分``)."""
    if "total" in root:
        return False
    for para in paragraphs:
        for m in _STATED_SCORE.finditer(para.text):
            before = para.text[max(0, m.start() - 12):m.end()]
            if not _SCORE_SCOPE.search(before) or "指标" in para.text[max(0, m.start() - 8):m.start()]:
                continue
            piece = para.piece.slice(m.start("score"), m.end("score"))
            total = root.map("total", para.piece.slice(m.start(), m.end()).location)
            total.put("score", Scalar(piece.text, piece.location))
            return True
    for para in paragraphs:
        cell = _SCORE_CELL.search(para.text)
        if cell and Decimal(cell.group("score")) <= _MAX_SCORE:
            piece = para.piece.slice(cell.start("score"), cell.end("score"))
            total = root.map("total", para.piece.slice(cell.start(), cell.end()).location)
            total.put("score", Scalar(piece.text, piece.location))
            return True
    return False


# 项目名称  优 抚: a name typeset with a space between its characters
_SPACED = re.compile(r"(?P<v>[\u4e00-\u9fff](?:[ \u3000][\u4e00-\u9fff])+)\s*$")


def spaced_name(paragraphs: list[Paragraph], name: Scalar) -> Piece | None:
    """The whole name where a cell read only its first character of a name written
    with spaces between its characters (``优 抚`` is 优抚, not 优)."""
    line = name.location.line
    for para in paragraphs[:60]:
        if para.piece.location.line != line:
            continue
        m = _SPACED.search(para.text)
        if m and para.text[m.start("v"):].startswith(name.text):
            chars = [para.piece.slice(i, i + 1) for i in range(m.start("v"), m.end("v"))
                     if not para.text[i].isspace()]
            return join_pieces(chars, "")
    return None


_DATE_LINE = re.compile(r"^\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_UNIT_LINE = re.compile(r"^\s*(?P<unit>[\u4e00-\u9fff（）()]{4,30})\s*$")


def signing_unit(paragraphs: list[Paragraph]) -> Piece | None:
    """The unit that signs the report: its name on a line of its own right before the
    date that closes the report (``中共保山市委办公室`` ⏎ ``2018年6月5日``)."""
    tail = [p for p in paragraphs[-8:] if p.text.strip()]
    for k in range(len(tail) - 1):
        m = _UNIT_LINE.match(tail[k].text)
        if m and _DATE_LINE.match(tail[k + 1].text) and m.group("unit").endswith(_UNIT_END):
            return tail[k].piece.slice(m.start("unit"), m.end("unit"))
    return None


def put_identity(info: Map, unit: str | None, at: Location) -> None:
    if unit and "department" not in info and "implementer" not in info:
        info.plain("department", unit, at)
