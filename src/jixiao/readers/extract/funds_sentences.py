"""A project's funds stated in sentences, by the words of the clause each amount stands in.

Project reports write their funds as prose, seldom with a label right before the
figure: ``按生均1000元安排,共计239万元,其中上级资金179.25万元,本级59.75万元``,
``中央资金完成636.75万元,预算执行率81.97%``, ``下达我局……经费75.96万元,全部到位``.
So an amount's column (年初预算, 全年预算, 到位, 执行) is the nearest column word
before it in its sentence (``report.yaml`` ``project_funds_clauses.roles``; the last one
wins, so ``财政安排支出共计87.06万元`` is spending); its source (中央, 省级, 上级, 本级 …)
is the source word in its own clause — not who gave the funds (``市财政给予``,
``上级下达``, ``市财政局下达``), nor a source joined to another fund by 和/及. Parts
listed after ``其中`` take the column of their total (also in the next sentence) and
are read only when they name a source; a rate is read only right after 执行率 and
belongs to the amount before it. An amount followed by ``全部到位`` / ``已全部拨付`` is
also the amount in place; in a paragraph on the goals, what is put in is the budget.

Never read: an amount after a standard or a per-head word (``生均1000元``,
``300元/年``), a comparison (``高于控制指标32万元``), a balance (``结余217.24万元``),
several levels of government together (``中、省下达``), a figure in brackets, table
text run together (``(A)`` ``(B/A)``), an amount with no column word in its sentence.
A field keeps its first value (a later restatement is the same figure). Sources that
add up to less than their total, and were not all named as its parts, are an
incomplete list: they are left out and the notes say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from jixiao.located import Scalar
from jixiao.model.fact import parse_figure
from jixiao.model.location import Location
from jixiao.model.sources import SOURCE_TITLES
from jixiao.readers.document import Piece
from jixiao.readers.extract.build import Map, Seq
from jixiao.readers.extract.figures import Figure, scan
from jixiao.readers.extract.labels import data
from jixiao.readers.extract.sentences import figure_piece

_AMOUNT_UNITS = ("万元", "元", "亿元", "万")
_RATE_UNITS = ("%",)
_OPEN, _CLOSE = "(（[【〔", ")）]】〕"
_CLAUSE_BREAK = re.compile(r"[，,：:；;]")
# (A) (B) B/A: the column labels of a table run together into a line, not prose; and cells
# run together, an amount or a rate followed at once by the next cell's digits
# (办公所需成本415万元15万元4): prose puts a word or a stop after a unit
_TABLE_TEXT = re.compile(r"[(（]\s*[AB]\s*[)）]|B\s*/\s*A|(?:\d万元|\d%)\d")
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")
_MAX_RATE_DIGITS = 4  # a "rate" of more integer digits is figures run together
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_BALANCE = re.compile(r"结余|结转|余额|余款")
_THEREOF = "其中"
# 二、 (三) after the words of the text before it: a heading in a line flattened by extraction
_BURIED_HEADING = re.compile(r"(?<=[\u4e00-\u9fff])"
                             r"(?:[一二三四五六七八九十]{1,2}、|[(（][一二三四五六七八九十]{1,2}[)）])")
# 市财政给予 / 上级下达: who gave the whole, not a source among others
_GIVER = re.compile(r"^(?:财政|资金)?(?:给予|下达|安排|拨付|下拨|拨款)")
_OFFICE = re.compile(r"[\u4e00-\u9fff]{0,8}?财政(?:局|厅|部)")


@dataclass(frozen=True, slots=True)
class _Words:
    roles: tuple[tuple[str, str], ...]  # (word, role), longest first
    rates: tuple[str, ...]
    per_unit: tuple[str, ...]
    comparisons: tuple[str, ...]
    sources: tuple[tuple[str, str], ...]  # (word, source key), longest first
    fully_in_place: tuple[str, ...]


@cache
def _words() -> _Words:
    node = data("report")["project_funds_clauses"]
    roles = sorted(((w, role) for role, ws in node["roles"].items() for w in ws), key=lambda p: -len(p[0]))
    sources = sorted(((w, key) for key, ws in node["sources"].items() for w in ws), key=lambda p: -len(p[0]))
    return _Words(tuple(roles), tuple(node["rates"]), tuple(node["per_unit"]), tuple(node["comparisons"]),
                  tuple(sources), tuple(node["fully_in_place"]))


@dataclass(frozen=True, slots=True)
class StatedAmount:
    """One amount of a sentence bound to a funds row and column."""

    source: str | None  # None: the total row
    role: str  # initial, full_year, in_place, final, rate
    piece: Piece  # the figure as written (number, and its unit unless 万元)
    part: bool = False  # listed after 其中 as a part of a total, with every other part


def sentences(piece: Piece) -> list[Piece]:
    """A paragraph cut at 。！？ (not inside brackets, which list a figure's parts) and
    before a heading buried in a flattened line (``…的支出三、预算支出…``); a ； only
    separates clauses, the items of one list."""
    out: list[Piece] = []
    depth, start = 0, 0
    headings = {m.start() for m in _BURIED_HEADING.finditer(piece.text)}
    for i, ch in enumerate(piece.text):
        if i in headings and i > start:
            out.append(piece.slice(start, i))
            start, depth = i, 0
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in "。！？!?\n" and depth == 0:
            if i > start:
                out.append(piece.slice(start, i))
            start = i + 1
    if start < len(piece.text):
        out.append(piece.slice(start, len(piece.text)))
    return out


def last_word(text: str, table: tuple[tuple[str, str], ...]) -> tuple[str, int] | None:
    """The entry of the word that ends last in ``text`` (the longer one at a tie), and
    where that word ends."""
    best: tuple[int, int, str] | None = None
    for word, value in table:
        at = text.rfind(word)
        if at < 0:
            continue
        key = (at + len(word), len(word), value)
        if best is None or key[:2] > best[:2]:
            best = key
    return (best[2], best[0]) if best else None


def role_text(text: str) -> str:
    """The text column words are looked for in: 转移支付 names a kind of funds, its 支付
    is no spending (same length, so offsets hold)."""
    return text.replace("转移支付", "转移资金")


def _last_word(text: str, table: tuple[tuple[str, str], ...]) -> str | None:
    found = last_word(text, table)
    return found[0] if found else None


def role_words() -> tuple[tuple[str, str], ...]:
    """(word, column) of the column words, longest first."""
    return _words().roles


def source_words() -> tuple[str, ...]:
    return tuple(w for w, _ in _words().sources)


def _last_clause(text: str) -> str:
    parts = _CLAUSE_BREAK.split(text)
    return parts[-1] if parts else text


def _source(clause: str, year: int | None, thereof: bool) -> str | None:
    """The source a clause names: a source word not joined to another fund by 和/及
    (``补助资金和中央专项彩票公益金…共投入`` is the whole); 上级 only for a part after
    其中 (上级下达 otherwise says who gave the whole)."""
    words = _words()
    clause = _OFFICE.sub("", clause)  # 市财政局下达: who gave the funds, not their source
    found = _last_word(clause, words.sources)
    if found is not None:
        at, word = max((clause.rfind(w), w) for w, key in words.sources if key == found)
        if not thereof and (found == "superior" or _GIVER.match(clause[at + len(word):])):
            return None
        if _JOINED.search(clause[:at]):
            return None
        return found
    lead = clause
    # 2018年度农机购置补贴结余资金: the balance of a year before the report's is carried over
    m = _YEAR.search(lead)
    if m and year is not None and int(m.group(1)) < year and _BALANCE.search(lead[m.end():]):
        return "carried_over"
    return None


@dataclass(slots=True)
class _Carry:
    """What a sentence hands to the next one that starts with 其中 (its parts)."""

    role: str | None = None


# 中、省下达 / 省、市、县资金: an amount of several levels of government together is
# neither the total nor one source row
_SEVERAL_LEVELS = re.compile(r"(?:中央|[中省市州县区]级?)[、和及与](?:[省市州县区]级?)(?![\u4e00-\u9fff]?[长委政])")
_JOINED = re.compile(r"[和及与]")


def read_sentence(sentence: Piece, year: int | None, carry: _Carry | None = None,
                  planned: bool = False) -> list[StatedAmount]:
    """The amounts and rates of one sentence bound to their rows and columns.

    ``carry``: a sentence starting with 其中 lists the parts of the previous one and
    takes its column; ``planned``: the sentence states the year's goals, so what it
    says is put in (投入, 到位) is the budget."""
    words = _words()
    text = sentence.text
    out: list[StatedAmount] = []
    carry = carry if carry is not None else _Carry()
    if _TABLE_TEXT.search(text):
        return out
    thereof = text.lstrip().startswith(_THEREOF)
    role: str | None = carry.role if thereof else None
    prev_end = 0
    prev_source: str | None = None
    prev_amount = False
    unnamed = False  # a part after 其中 without a source: the parts read are not all of them
    for fig in scan(text):
        if _depth(text, fig.start) or fig.unit is None:
            continue  # a figure in brackets details the one before it; a bare number is a code or a count
        lead = text[prev_end:fig.start]
        prev_end = fig.end
        clause = _last_clause(lead)
        if _THEREOF in lead:
            thereof = True
        source = _source(clause, year, thereof)
        found_role = _last_word(role_text(_BRACKETED.sub("", lead)), words.roles)
        if found_role is None and _CLAUSE_BREAK.search(lead) and not thereof \
                and not (source is not None and prev_amount):
            role = None  # a column word does not run on into the next clause, except along a list of sources
        if found_role is not None:
            role = found_role
        if fig.unit in _RATE_UNITS:
            if any(w in clause for w in words.rates) and len(fig.number.split(".")[0]) <= _MAX_RATE_DIGITS:
                rate_source = source or (prev_source if prev_amount else None)
                out.append(StatedAmount(rate_source, "rate", sentence.slice(fig.start, fig.end)))
            prev_amount = False
            continue
        prev_amount = False
        if fig.unit not in _AMOUNT_UNITS:
            continue
        if role is None:
            if _fully_in_place(fig, text) and _source(clause, year, thereof) is None and not thereof \
                    and not any(w in clause for w in words.per_unit):
                out.append(StatedAmount(None, "in_place", figure_piece(sentence, fig, "万元")))
            continue
        if any(w in clause for w in words.per_unit) or fig.after.lstrip().startswith("/") \
                or any(w in clause for w in words.comparisons) or _SEVERAL_LEVELS.search(lead):
            continue
        if source is None and (thereof or _BALANCE.search(clause) or _first_of_list(text, fig, words)):
            unnamed = unnamed or thereof
            prev_amount = False
            continue  # a part the sentence does not name, a balance, or a share in a list
        column = "full_year" if planned and role == "in_place" else role
        piece = figure_piece(sentence, fig, "万元")
        out.append(StatedAmount(source, column, piece, thereof))
        if _fully_in_place(fig, text) and column != "in_place":
            out.append(StatedAmount(source, "in_place", piece))
        prev_source, prev_amount = source, True
    carry.role = role
    if unnamed:
        out = [StatedAmount(a.source, a.role, a.piece) if a.part else a for a in out]
    return out


def _first_of_list(text: str, fig: Figure, words: _Words) -> bool:
    """``下达甲镇10万元；乙镇20万元；丙镇30万元``: the first of a list of shares, each a name
    and an amount with no column word of its own, is a share, not the whole."""
    rest = text[fig.end:]
    if not rest.lstrip()[:1] or rest.lstrip()[0] not in "；;、":
        return False
    following = [f for f in scan(rest) if f.unit in _AMOUNT_UNITS]
    if len(following) < 2:
        return False
    between = rest[:following[0].start]
    return _last_word(between, words.roles) is None and _last_word(between, words.sources) is None


def _depth(text: str, at: int) -> int:
    depth = 0
    for ch in text[:at]:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
    return depth


def _fully_in_place(fig: Figure, text: str) -> bool:
    rest = text[fig.end:]
    nxt = re.search(r"\d", rest)
    span = rest[:nxt.start()] if nxt else rest
    return any(w in span for w in _words().fully_in_place)


def read_stated_funds(paragraphs: list[Piece], root: Map, year: int | None, notes: list[str] | None = None,
                      taken: set[Location] | None = None) -> bool:
    """Every paragraph's stated amounts into ``root.funds`` (``total`` and source rows),
    a field keeping its first value; True when one was read.

    Sources named one by one in the text are not always all of them: where the
    sources of a column add up to less than its total and were not listed as that
    total's parts (其中), they are not read — the breakdown is incomplete, not wrong —
    and ``notes`` says so. Amounts at ``taken`` (read as listed projects') are left."""
    chosen: dict[tuple[str | None, str], StatedAmount] = {}
    for para in paragraphs:
        carry = _Carry()
        planned = _states_goals(para.text)
        for sentence in sentences(para):
            for amount in read_sentence(sentence, year, carry, planned):
                if taken is None or amount.piece.location not in taken:
                    chosen.setdefault((amount.source, amount.role), amount)
    for role in sorted({r for _, r in chosen}):
        _carried_beside(chosen, role)
        _drop_incomplete_sources(chosen, role, notes)
    if not chosen:
        return False
    existing = root.get("funds")
    first = next(iter(chosen.values())).piece.location
    funds = existing if isinstance(existing, Map) else root.map("funds", first)
    rows: dict[str | None, Map] = {}
    for (source, role), amount in chosen.items():
        row = rows.get(source)
        if row is None:
            row = rows[source] = _row(funds, source, amount.piece.location)
        if role not in row:
            row.put(role, Scalar(amount.piece.text, amount.piece.location))
    return True


def _carried_beside(chosen: dict[tuple[str | None, str], StatedAmount], role: str) -> None:
    """``预算数60万元，其中兵团资金60万元，2018年度结余资金12.664万元``: when the other sources
    already make the whole total, the money carried over from an earlier year cannot be
    one of its parts — it is stated beside the budget, the total's 上年结转."""
    carried = chosen.get(("carried_over", role))
    total = chosen.get((None, role))
    others = [a for (source, r), a in chosen.items() if r == role and source not in (None, "carried_over")]
    if carried is None or total is None or not others or role == "rate" or (None, "carryover") in chosen:
        return
    whole = parse_figure(total.piece.text, "万元")
    figures = [parse_figure(a.piece.text, "万元") for a in others]
    if whole is None or any(f is None or f.unit != whole.unit for f in figures):
        return
    listed = sum((f.number.value for f in figures if f is not None), Decimal(0))
    if listed + Decimal(1).scaleb(-whole.number.decimals) / 2 < whole.number.value:
        return  # the other sources fall short: the carried-over money may be the rest
    del chosen[("carried_over", role)]
    chosen[(None, "carryover")] = StatedAmount(None, "carryover", carried.piece)


def _drop_incomplete_sources(chosen: dict[tuple[str | None, str], StatedAmount], role: str,
                             notes: list[str] | None) -> None:
    total = chosen.get((None, role))
    parts = [(key, a) for key, a in chosen.items() if key[1] == role and key[0] is not None]
    if total is None or not parts or role == "rate" or all(a.part for _, a in parts):
        return
    whole = parse_figure(total.piece.text, "万元")
    figures = [parse_figure(a.piece.text, "万元") for _, a in parts]
    if whole is None or any(f is None or f.unit != whole.unit for f in figures):
        return
    listed = sum((f.number.value for f in figures if f is not None), Decimal(0))
    if listed + Decimal(1).scaleb(-whole.number.decimals) / 2 >= whole.number.value:
        return
    for key, _ in parts:
        del chosen[key]
    if notes is not None:
        named = "、".join(f"{SOURCE_TITLES.get(k[0] or '', k[0])}{_money(a.piece.text)}" for k, a in parts)
        notes.append(f"正文逐项列出的资金来源（{named}）合计少于总额{_money(total.piece.text)}，来源不全，分项未读取")


def _money(text: str) -> str:
    """An amount as the notes show it: with its unit (万元 unless the text states one)."""
    return text if text[-1:] in "元万" else text + "万元"


_LEAD_IN = re.compile(r"^\s*([^，,。:：]{2,20})[:：]")


def _states_goals(paragraph: str) -> bool:
    """A paragraph opened by a lead-in on the goals (``项目年初总体目标为:``)."""
    m = _LEAD_IN.match(paragraph)
    return bool(m and "目标" in m.group(1))


def _row(funds: Map, source: str | None, at: Location) -> Map:
    if source is None:
        existing = funds.get("total")
        return existing if isinstance(existing, Map) else funds.map("total", at)
    rows = funds.get("rows")
    seq = rows if isinstance(rows, Seq) else funds.seq("rows", at)
    for item in seq.items:
        got = item.get("source")
        if isinstance(got, Scalar) and got.text == source:
            return item
    item = seq.add(at)
    item.plain("source", SOURCE_TITLES.get(source, source), at)
    return item
