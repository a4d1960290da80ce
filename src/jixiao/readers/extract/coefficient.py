"""Indicator rows that end in a score coefficient, the points and the score, copied
with their cells run together.

Some templates (the 部门整体绩效自评表 of 重庆, for one) score an indicator as its
points times a coefficient: ``… 得分系数(%) 指标权重(分) 指标得分(分) 是否核心指标``. A
copy that runs the cells together (a document site's text of the DOCX) gives rows
such as ``财政供养人员控制率%定量指标100%92%100%22否``: the row ends in the
coefficient with its ``%``, the points and the score written as one run of digits,
then 是 or 否. The points and score are split by the table's own arithmetic: the
score is the points times the coefficient (to the score's written places), a split
taken only when exactly one fits.

The indicator's name is the row's beginning: the longest known indicator name it
starts with, otherwise its words up to the first figure, unit sign or Latin letter,
without a target and actual written in words after it (``资产管理安全好好`` → 资产管理安全)
and without the unit column when the row's figures carry the same unit
(``党性教育培训次数次26次12次`` → 党性教育培训次数). A row whose name cannot be told
so is left out, and the read notes it. The header's 自评总分(分) gives the total.

The coefficient is the figure the digits before its ``%`` end with: of the ways to cut
those digits (``0100%``: an actual of 0 and 100 %, or 010 and 0 %), the one cut whose
coefficient splits the points and score; none or several, and the row is left out.

Between the name and the coefficient stand the unit and nature columns, then the
target and the actual (``%定量指标100%92%``). Where the header names a target column
(年初指标值, 指标值 …), they are read when the text splits in exactly one way into:
the unit the figures carry (when the header has 计量单位) and a nature word (定量,
定性 …), each optional, then two figures in the same unit (a bare ``0`` fits any
unit). Anything else before them (a garbled unit ``tot扁2200篇``, a garbled target
``到0次43次``), one figure alone (target or actual?), or a second way to split leaves
the two out; the read notes the row. So does a target written without ≥ or ≤ for a
rate the common indicators of 财预〔2013〕53号 count as lower-is-better (控制率, 调整率,
结转结余率 …): the checks would compare it as higher-is-better.
"""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.located import Scalar
from jixiao.readers.document import Paragraph, Piece, join_pieces
from jixiao.readers.extract.build import Map
from jixiao.readers.extract.context import Context
from jixiao.readers.extract.indicators import Builder
from jixiao.readers.extract.labels import table, wordlist

# the columns that end such a row, as the header names them (marks (%) (分) allowed)
_HEADER = re.compile(r"得分系数(?:[(（]%[)）])?(?:指标)?权重(?:[(（]分[)）])?"
                     r"(?:指标)?得分(?:[(（]分[)）])?(?:是否核心指标)?")
_ROW = re.compile(r"(?P<body>.{0,200}?)(?<![\d.])(?P<digits>\d{1,6}(?:\.\d{1,2})?)%"
                  r"(?P<points>\d{2,9}(?:\.\d{1,2})?)(?P<core>[是否])", re.S)
# the coefficient: a figure the digits before its % end with (``0100%`` is an actual of
# 0 and a coefficient of 100 %)
_COEFFICIENT = re.compile(r"(?:0|[1-9]\d{0,2})(?:\.\d{1,2})?$")
_TOTAL = re.compile(r"自评总分(?:[(（]分[)）])?[:：]?(?P<score>(?:0|[1-9]\d{0,2})(?:\.\d{1,2})?)(?!\d)")
_ENUM = re.compile(r"^\d{1,3}、")
_NAME_CHARS = re.compile(r"[\u4e00-\u9fff“”‘’\"'()（）、]+")
_UNIT_AFTER_FIGURE = re.compile(r"\d(?:\.\d+)?([\u4e00-\u9fff]{1,2})(?!.*\d)", re.S)
_MIN_ROWS = 3
_MAX_TEXT = 20_000
# a target or actual with its unit (≥95%, 26次, 2200篇, 0)
_VALUE = re.compile(r"[≥≤><=]?(?:0|[1-9]\d*)(?:\.\d+)?(?P<unit>%|[\u4e00-\u9fff]{1,2})?")
# the rates among the common indicators of 财预〔2013〕53号 that are better the lower they
# are (在职人员控制率, 三公经费变动率, 预算调整率, 结转结余率 …), by how their names end
_LOWER_IS_BETTER = ("控制率", "变动率", "调整率", "结余率")
_NATURE = re.compile(r"(?:定量|定性|正向|反向)(?:指标)?")


def points_and_score(run: str, coefficient: Decimal) -> tuple[str, str] | None:
    """``22`` at 100 % → (``2``, ``2``): the one split of a run of digits into points and
    a score that is the points times the coefficient; None when none or several fit."""
    found: list[tuple[str, str]] = []
    for cut in range(1, len(run)):
        points, score = run[:cut], run[cut:]
        if not _plain_number(points) or not _plain_number(score):
            continue
        p, s = Decimal(points), Decimal(score)
        if p > 100 or s > p:
            continue
        places = len(score.split(".")[1]) if "." in score else 0
        if abs(p * coefficient / 100 - s) <= Decimal(1).scaleb(-places) / 2 + Decimal("0.005"):
            found.append((points, score))
    return found[0] if len(found) == 1 else None


def _plain_number(text: str) -> bool:
    return bool(re.fullmatch(r"(?:0|[1-9]\d*)(?:\.\d+)?", text))


def _structure_words() -> list[str]:
    words = [*wordlist("indicators", "frame"), *wordlist("indicators", "categories"),
             *wordlist("indicators", "groups")]
    return sorted(words, key=len, reverse=True)


def coefficient_and_split(digits: str, points: str) -> tuple[str, str, tuple[str, str]] | None:
    """(figures before the coefficient, the coefficient, (points, score)): the one cut of
    ``digits`` whose coefficient splits ``points``; None when none or several do."""
    found = []
    for start in range(len(digits)):
        before, coefficient = digits[:start], digits[start:]
        if not _COEFFICIENT.fullmatch(coefficient):
            continue
        split = points_and_score(points, Decimal(coefficient))
        if split is not None:
            found.append((before, coefficient, split))
    return found[0] if len(found) == 1 else None


def target_and_actual(text: str, unit_column: bool) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The offsets of the target and the actual in what stands between a row's name and
    its coefficient (see the module docstring); None unless exactly one split fits."""
    found: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for start in range(len(text)):
        if not text[start].isdigit() and text[start] not in "≥≤><=":
            continue
        for cut in range(start + 1, len(text)):
            first, second = _VALUE.fullmatch(text, start, cut), _VALUE.fullmatch(text, cut, len(text))
            if first is None or second is None or not _same_unit(first, second):
                continue
            unit = first.group("unit") if first.group(0) != "0" else second.group("unit")
            if _columns_before(text[:start], unit if unit_column else None):
                found.append(((start, cut), (cut, len(text))))
    return found[0] if len(found) == 1 else None


def _same_unit(a: re.Match[str], b: re.Match[str]) -> bool:
    return a.group("unit") == b.group("unit") or "0" in (a.group(0), b.group(0))


def _columns_before(text: str, unit: str | None) -> bool:
    """Only the unit column (the figures' own unit) and a nature word, each optional."""
    if unit and text.startswith(unit):
        text = text[len(unit):]
    return text == "" or _NATURE.fullmatch(text) is not None


def name_of(body: str, unit_column: bool = False) -> str | None:
    """The indicator's name at the start of a row's text (see the module docstring);
    ``unit_column``: the header has 计量单位 after the name."""
    text = body
    changed = True
    while changed:  # a merged 一级 cell (绩效指标, 产出指标) or a page number before the name
        changed = False
        m = _ENUM.match(text)
        if m:
            text, changed = text[m.end():], True
        for word in _structure_words():
            if word and text.startswith(word) and len(text) > len(word) and word.endswith("指标"):
                text, changed = text[len(word):], True
                break
    known = [n for n in wordlist("indicators", "names_2013") if text.startswith(n)]
    if known:
        return max(known, key=len)
    m = _NAME_CHARS.match(text)
    if not m:
        return None
    name = m.group(0)
    for size in (4, 3, 2, 1):  # a target and its actual in words: the same word twice
        if len(name) > 2 * size + 1 and name[-size:] == name[-2 * size:-size]:
            name = name[:-2 * size]
            break
    unit = _UNIT_AFTER_FIGURE.search(text)
    if unit_column and unit:
        # the unit column after the name: the name ends at the last place the unit the
        # row's figures carry stands before them (what is between is a garbled target)
        cut = name.rfind(unit.group(1))
        if cut >= 2 and len(name) - cut <= len(unit.group(1)) + 2:
            name = name[:cut]
    return name if len(name) >= 2 else None


def read_coefficient_rows(ctx: Context, owner: Map) -> bool:
    """The rows after such a header into ``owner['indicators']``, and 自评总分 into
    ``owner['total']``; True when any row was read."""
    paragraphs = [b.piece for _, b in ctx.paragraphs() if isinstance(b, Paragraph)]
    for k, piece in enumerate(paragraphs):
        header = _HEADER.search(piece.text)
        if header is None:
            continue
        following = [piece.slice(header.end(), len(piece.text))]
        following.extend(p.strip() for p in paragraphs[k + 1:k + 20])
        text = join_pieces(following, "")
        text = text.slice(0, _MAX_TEXT)  # bounded work: a table's rows, not a whole site
        rows = list(_ROW.finditer(text.text))
        if len(rows) < _MIN_ROWS:
            return False
        before = piece.text[:header.start()]
        unit_column = re.search(r"指标名称\s*计量单位", before) is not None
        # the target and actual are read only where the header names a target column
        values = any(w in before for w in table("indicators", "columns").fields["target"])
        builder = Builder(owner.seq("indicators", piece.at(header.start())))
        read = 0
        for m in rows:
            name = name_of(m.group("body"), unit_column)
            cut = coefficient_and_split(m.group("digits"), m.group("points"))
            if name is None or cut is None:
                ctx.notes.append(f"指标行“{m.group(0)[:40]}”的名称或分值无法确定，未读取")
                continue
            glued, _coefficient, (points, score) = cut
            start = m.start("body") + m.group("body").find(name[:1])
            item = builder.indicator(Piece(name, [(0, text.at(max(start, m.start("body"))))]))
            name_at = m.group("body").find(name)
            at = m.start("points")
            item.put("weight", Scalar(points, text.at(at)))
            item.put("score", Scalar(score, text.at(at + len(points))))
            if values and name_at >= 0:
                _values(ctx, item, name, text, m.start("body") + name_at + len(name),
                        m.start("digits") + len(glued), unit_column)
            read += 1
        # the splitter of run-together tables could not split these rows (its columns
        # stop at 指标性质): what it left out between the table's header and its last row
        # has been read here, or noted row by row
        table_start = before.rfind("指标名称")
        ctx.settle(piece.at(table_start if table_start >= 0 else header.start()), text.at(rows[-1].end() - 1))
        _total(paragraphs[:k + 1], owner)
        _funds(paragraphs[:k + 1], owner)
        return read > 0
    return False


def _values(ctx: Context, item: Map, name: str, text: Piece, start: int, end: int, unit_column: bool) -> None:
    """The row's target and actual, from between its name and its coefficient."""
    between = text.text[start:end]
    if not any(c.isdigit() for c in between):
        return  # nothing written, or both in words
    found = target_and_actual(between, unit_column)
    if found is not None and _direction_unstated(name, between[found[0][0]:found[0][1]]):
        ctx.notes.append(f"指标行“{name}”的指标值未写明≥或≤，而该比率越低越好，年度指标值和实际完成值未读取")
        return
    if found is None:
        ctx.notes.append(f"指标行“{name}”的年度指标值和实际完成值“{between}”无法确定，未读取")
        return
    for role, (a, b) in zip(("target", "actual"), found, strict=True):
        item.put(role, Scalar(between[a:b], text.at(start + a)))


def _direction_unstated(name: str, target: str) -> bool:
    return target[:1] not in "≥≤><=" and name.endswith(_LOWER_IS_BETTER)


# the funds row of the same template: 执行率(%) 执行率权重 执行率得分(分), its score the
# weight times the rate (the figures before them lost or garbled in such copies)
_FUNDS = re.compile(r"执行率(?:[(（]%[)）])?执行率权重(?:[(（]分[)）])?执行率得分(?:[(（]分[)）])?"
                    r"\D{0,3}?(?P<rate>(?:0|[1-9]\d{0,2})(?:\.\d{1,2})?)%(?P<points>\d{2,9}(?:\.\d{1,2})?)(?!\d)")


def _funds(paragraphs: list[Piece], owner: Map) -> None:
    for piece in paragraphs:
        m = _FUNDS.search(piece.text)
        if m is None:
            continue
        split = points_and_score(m.group("points"), min(Decimal(m.group("rate")), Decimal(100)))
        if split is None:
            return
        funds = owner.map("funds", piece.at(m.start()))
        funds.put("rate", Scalar(m.group("rate") + "%", piece.at(m.start("rate"))))
        at = m.start("points")
        funds.put("weight", Scalar(split[0], piece.at(at)))
        funds.put("score", Scalar(split[1], piece.at(at + len(split[0]))))
        return


def _total(paragraphs: list[Piece], owner: Map) -> None:
    for piece in paragraphs:
        m = _TOTAL.search(piece.text)
        if m:
            total = owner.map("total", piece.at(m.start()))
            if "score" not in total:
                total.put("score", Scalar(m.group("score"), piece.at(m.start("score"))))
            return
