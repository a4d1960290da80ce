"""Table text whose cells were run together without separators.

Some copies of published tables (document sites, text extraction of a DOCX) keep the
cells of a table in order but join them into one long run of characters:
``全年预算数(A)全年执行数(B)分值执行率(B/A)得分年度资金总额:202010100.00%10其中:本年财政拨款2020``.
This module splits such a run back into cells, by the table's own labels and the
roles its header gives the columns:

- the labels (``labels.yaml``) are found where they stand; a short or generic one
  (``满意度``, a 一级/二级 name) only where a cell can start (after another label, a
  figure, punctuation), so that it is not cut out of the middle of an indicator's name;
- a label a space cuts in two (``产出 指标``, a wrapped cell) is one label when the
  halves make a known one and the second half starts no longer label of its own; a
  column mark whose closing bracket was read as ``1`` (``执行率(B/A1``) and a score header
  stating its points (``得分(20分*执行率)``) still end their label;
- the text counts as a table only when three column labels stand next to each other
  (a header row); prose is never split;
- the figures between a funds row's label and the next label are split to the
  header's columns in order by their shapes (amounts, a rate with ``%``, points), and
  a split is taken only when exactly one fits the table's arithmetic: the rate is the
  execution over the budget, a score is at most its points, a source row is at most
  the total row (and, among splits that fit, the one whose score is the points times
  the rate — the points of a 分值 column, or those the score header states); the words
  after the row's figures are a cell of their own;
- the text between indicator labels is split into rows of a name and the header's
  columns (points, target, actual, score); the target and actual are values
  (``≥266米``, ``100%``) or, written in words, the same words twice; the split is taken
  only when exactly one reading fits. A label that is also an indicator's own name
  (经济效益, a 财预〔2013〕53号 name) may name the first row or stand above it, so the rows
  are read from it; a name may hold a counted figure (``达到5亿元``); where the copy
  stops at the end of the run (``cut_off``), the last row may be words cut before any
  figure, a cell of their own.

A doubtful piece is left out and reported, never guessed: no figure is read from a
split that could have been made another way. Every cell keeps its offsets, so every
figure read from it keeps its location.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from jixiao.readers.extract.labels import known_labels, label_key, table, wordlist

MIN_LENGTH = 40  # a run shorter than this is never a table
MAX_LENGTH = 50_000  # longer runs are left as they are (bounded work)
_MAX_PARSES = 2  # enough to know a split is not unique
_MAX_FUNDS_SPLITS = 50  # a funds row with more fitting splits is left out
_MAX_STEPS = 200_000  # bound on the work spent on one stretch of indicator rows

_WIDTH = str.maketrans({"（": "(", "）": ")", "：": ":"})
# after a label: its column mark or points (maybe after a space), 得分(20分*执行率), or a formula
# mark whose closing bracket the copy read as a 1, l, I or | (执行率(B/A1得分)
_SUFFIX = (r"(?:\s?\((?:(?:[A-Z](?:[/+\-*×÷][A-Z])*|\d+(?:\.\d+)?\s?分(?:[*×][\u4e00-\u9fff]{1,6})?|万元|元)\)"
           r"|[A-Z](?:[/+\-*×÷][A-Z])+[1lI|](?=[\u4e00-\u9fff])))?:?")
_NUMBER = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")
_POINTS = re.compile(r"(?:0|[1-9]\d{0,2})(?:\.\d{1,2})?")
_QUANTITY = re.compile(r"[≥≤><=]?(?:0|[1-9]\d*)(?:\.\d+)?(?:%|[\u4e00-\u9fff]{1,3})?")
_WORDS = re.compile(r"[\u4e00-\u9fff]{1,200}")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_FIGURES = re.compile(r"[\d.%]+")
_FIGURE_END = re.compile(r"\d(?:%|[\u4e00-\u9fff]{0,3})$")
_AMOUNT_ROLES = ("initial", "full_year", "final", "in_place")
_POINT_ROLES = ("weight", "score")
_VALUE_ROLES = ("target", "actual")


@dataclass(slots=True)
class Split:
    """Cells as (start, end) offsets into the text (start == end: an empty cell), and
    the stretches left out because no split of them was certain."""

    cells: list[tuple[int, int]] = field(default_factory=list)
    doubtful: list[tuple[int, int]] = field(default_factory=list)


@cache
def _label_pattern() -> re.Pattern[str]:
    return re.compile("(?:" + _label_alternatives() + ")" + _SUFFIX + "|其中:?|…+|注:")


@cache
def _label_alternatives() -> str:
    # the words that end a table or sign it are left out: inside a run they are as
    # often the end of a name (……安装项目负责人及电话) as a label
    closing = set(wordlist("indicators", "stop")) | set(wordlist("signoff"))
    # 行次 (a transfer-payment table's row number column) is as often inside a name
    # (出行次数), and so are the indicator columns whose values are not read (完成率)
    closing |= set(wordlist("funds", "columns", "line_no")) | set(wordlist("indicators", "other_columns"))
    labels = sorted((w for w in known_labels() if len(w) >= 2 and w not in closing), key=len, reverse=True)
    return "|".join(re.escape(w) for w in labels)


@cache
def _bare_label() -> re.Pattern[str]:
    return re.compile("(?:" + _label_alternatives() + ")")


_GAP = re.compile(r"[ \u3000]")
_GAP_REACH = 12  # how far into a label a space may stand


def _label_over_a_space(text: str, i: int) -> tuple[int, str] | None:
    """A label a space splits in two (``产出 指标``, the cell's line wrapped): the end
    offset and the match, when the halves joined make a known label longer than the
    first half. A space is never joined into a label otherwise."""
    gap = _GAP.search(text, i + 1, i + _GAP_REACH)
    if gap is None:
        return None
    j = gap.start()
    joined = text[i:j] + text[j + 1:j + 1 + 40]
    bare = _bare_label().match(joined)
    if bare is None or bare.end() <= j - i or not _CJK.match(joined[j - i]):
        return None
    full = _label_pattern().match(joined)
    assert full is not None
    end = i + full.end() + 1
    after = _label_pattern().match(text, j + 1)
    if after is not None and after.end() > end:
        return None  # 财政 资金总额: the second half starts a longer label of its own
    return end, full.group(0)


@cache
def _loose() -> frozenset[str]:
    """Labels that are also words inside indicator names: taken only where a cell starts."""
    return frozenset(wordlist("indicators", "categories")) | frozenset(wordlist("indicators", "groups"))


@cache
def _columns() -> tuple[dict[str, str], dict[str, str]]:
    funds = {k: role for role, keys in table("funds", "columns").fields.items() for k in keys}
    indicators = {k: role for role, keys in table("indicators", "columns").fields.items() for k in keys}
    return funds, indicators


def _cell_may_start(text: str, i: int, after_label: bool) -> bool:
    if i == 0 or after_label:
        return True
    if not _CJK.match(text[i - 1]):
        return True
    return bool(_FIGURE_END.search(text[max(0, i - 4):i]))


def _segments(text: str) -> list[tuple[int, int, str | None]]:
    """The text as labels (start, end, key) and the stretches between them (key None)."""
    pattern = _label_pattern()
    out: list[tuple[int, int, str | None]] = []
    i, free = 0, 0
    n = len(text)
    while i < n:
        m = pattern.match(text, i)
        split = _label_over_a_space(text, i) if _CJK.match(text[i]) else None
        if split is not None and (m is None or split[0] > m.end()):
            end, matched = split
        elif m and m.end() > i:
            end, matched = m.end(), m.group(0)
        else:
            i += 1
            continue
        key = label_key(matched) or matched.rstrip(":")
        loose = key in _loose() or len(key) < 4
        after_label = free == i and bool(out) and out[-1][2] is not None and out[-1][1] == i
        if not loose or _cell_may_start(text, i, after_label):
            if free < i:
                out.append((free, i, None))
            out.append((i, end, key))
            i = free = end
            continue
        i += 1
    if free < n:
        out.append((free, n, None))
    return out


def _header_runs(segments: list[tuple[int, int, str | None]]) -> list[tuple[int, str, list[str | None]]]:
    """Header rows: three or more column labels next to each other; (index of the last
    label, 'funds' or 'indicators', the roles in order)."""
    funds, indicators = _columns()
    runs: list[tuple[int, str, list[str | None]]] = []
    k = 0
    while k < len(segments):
        j = k
        while j < len(segments) and segments[j][2] is not None and (
                segments[j][2] in funds or segments[j][2] in indicators) \
                and (j == k or segments[j - 1][1] == segments[j][0]):
            j += 1
        if j - k >= 3:
            keys = [s[2] or "" for s in segments[k:j]]
            by_indicators = [indicators.get(key) for key in keys]
            by_funds = [funds.get(key) for key in keys]
            if "name" in by_indicators:
                after = [r for r in by_indicators[by_indicators.index("name") + 1:] if r is not None]
                if len(after) >= 2:
                    runs.append((j - 1, "indicators", by_indicators))
            elif sum(r is not None for r in by_funds) >= 3:
                runs.append((j - 1, "funds", by_funds))
            k = j
        else:
            k += 1
    return runs


@cache
def _column_words() -> re.Pattern[str]:
    funds, indicators = _columns()
    return re.compile("|".join(re.escape(w) for w in sorted({*funds, *indicators}, key=len, reverse=True)))


def table_start(text: str) -> int | None:
    """Where the first header row of a run-together table starts in ``text``, or None."""
    if len(text) < MIN_LENGTH or len(text) > MAX_LENGTH or not any(c.isdigit() for c in text):
        return None
    if len(_column_words().findall(text)) < 3:
        return None  # cheap: most paragraphs are prose with no header row in them
    segments = _segments(text.translate(_WIDTH))
    runs = _header_runs(segments)
    if not runs:
        return None
    index, _kind, roles = runs[0]
    return segments[index - len(roles) + 1][0]


def split_run(text: str, cut_off: bool = False) -> Split | None:
    """The cells of a run-together table, or None when the text is not one;
    ``cut_off``: the copy stops at the end of ``text`` (its last row may be cut short)."""
    n = len(text)
    if n < MIN_LENGTH or n > MAX_LENGTH or not any(c.isdigit() for c in text):
        return None
    norm = text.translate(_WIDTH)
    segments = _segments(norm)
    runs = _header_runs(segments)
    if not runs:
        return None
    headers = {index: (kind, roles) for index, kind, roles in runs}
    stated_weight: Decimal | None = None
    out = Split()
    kind: str | None = None
    roles: list[str | None] = []
    row: str | None = None  # the funds row label before a stretch: 'total' or 'source'
    total: dict[str, Decimal] = {}
    sources = set(wordlist("funds", "sources"))
    totals = set(wordlist("funds", "total"))
    indicator_total = set(wordlist("indicators", "total"))
    for index, (start, end, key) in enumerate(segments):
        if key is not None:
            out.cells.append((start, end))
            if index in headers:
                kind, roles = headers[index]
                row = None
                stated_weight = _header_points(norm, segments[index - len(roles) + 1:index + 1], roles)
            elif kind == "funds" and key in totals:
                row = "total"
            elif kind == "funds" and (key in sources or key.startswith("其中")):
                row = "source"
            elif kind == "indicators" and key in indicator_total:
                row = "total"
            elif kind == "funds" and key not in _columns()[0]:
                kind, row = None, None  # the funds block has ended (goals, indicators …)
            elif kind == "indicators":
                row = None
            continue
        stretch = norm[start:end]
        if kind == "funds" and row is not None:
            # the row's figures end where words begin: what follows is a cell of its own
            # (the next block's garbled heading), not part of the row
            lead = _FIGURES.match(stretch)
            cut = lead.end() if lead and lead.end() < len(stretch) and _CJK.match(stretch[lead.end()]) \
                else len(stretch)
            cells = _funds_row(stretch[:cut], roles, row, total, stated_weight)
            if cells is None:
                out.doubtful.append((start, end))
            else:
                out.cells.extend((start + a, start + b) for a, b in cells)
                if cut < len(stretch):
                    out.cells.append((start + cut, end))
            row = None
        elif kind == "indicators" and row == "total":
            lead = re.match(r"[\d.]*", stretch)
            cut = lead.end() if lead else 0
            cells = _points_pair(stretch[:cut]) if cut else None
            if cells is not None and cut < len(stretch):
                cells.append((cut, len(stretch)))
            if cells is None:
                out.doubtful.append((start, end))
            else:
                out.cells.extend((start + a, start + b) for a, b in cells)
            kind, row = None, None
        elif kind == "indicators":
            if _named_row_label(segments, index, out):
                # an indicator's own name as a label (经济效益): the rows are read from it,
                # for whether it names the first row or stands above it is not told apart
                start = out.cells.pop()[0]
                stretch = norm[start:end]
            rows = _indicator_rows(stretch, roles, cut_off and end == n)
            if rows is None:
                out.doubtful.append((start, end))
            else:
                out.cells.extend((start + a, start + b) for a, b in rows)
        else:
            out.cells.append((start, end))
    return out


def _named_row_label(segments: list[tuple[int, int, str | None]], index: int, out: Split) -> bool:
    """The segment before ``index`` is a label that is also an indicator's name (财预〔2013〕53号),
    not a level or a column, and the cell just taken."""
    if index == 0:
        return False
    start, end, key = segments[index - 1]
    if key is None or end != segments[index][0] or not out.cells or out.cells[-1] != (start, end):
        return False
    structure = set(wordlist("indicators", "categories")) | set(wordlist("indicators", "groups"))
    return key in wordlist("indicators", "names_2013") and key not in structure \
        and key not in _columns()[1] and key not in _columns()[0]


# --- funds rows ---------------------------------------------------------------------

def _shape(role: str | None) -> re.Pattern[str] | None:
    if role in _AMOUNT_ROLES:
        return _NUMBER
    if role == "rate":
        return re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?%")
    if role in _POINT_ROLES:
        return _POINTS
    return None


def _prefixes(text: str, pattern: re.Pattern[str]) -> list[int]:
    """Every end offset at which ``pattern`` matches a prefix of ``text``."""
    ends: list[int] = []
    for end in range(1, len(text) + 1):
        if pattern.fullmatch(text, 0, end):
            ends.append(end)
    return ends


_HEADER_POINTS = re.compile(r"\((\d+(?:\.\d+)?)\s?分")


def _header_points(text: str, segments: list[tuple[int, int, str | None]],
                   roles: list[str | None]) -> Decimal | None:
    """The points a score column's header states (得分(20分*执行率)): the funds block's
    weight where the table has no 分值 column."""
    for (start, end, _key), role in zip(segments, roles, strict=False):
        m = _HEADER_POINTS.search(text, start, end)
        if role == "score" and m:
            return Decimal(m.group(1))
    return None


def _funds_row(text: str, roles: list[str | None], row: str,
               total: dict[str, Decimal], stated_weight: Decimal | None = None) -> list[tuple[int, int]] | None:
    """The cells of a funds row (one per header column; empty at the end when the row
    stops early), when exactly one split fits; ``stated_weight``: the points the score
    column's header states, when no column holds them."""
    columns = [r for r in roles if r != "reason"]
    if row == "source":
        allowed = set(wordlist("funds", "source_columns"))
        columns = [r for r in columns if r in allowed] or columns
    if any(_shape(r) is None for r in columns):
        return None
    found: list[list[tuple[int, int]]] = []

    def collect(pos: int, k: int, taken: list[tuple[int, int]]) -> None:
        if len(found) > _MAX_FUNDS_SPLITS:
            return
        if pos == len(text):
            if taken and _fits_funds(text, columns[:len(taken)], taken, row, total):
                found.append(list(taken))
            return
        if k >= len(columns):
            return
        pattern = _shape(columns[k])
        assert pattern is not None
        for end in _prefixes(text[pos:], pattern):
            taken.append((pos, pos + end))
            collect(pos + end, k + 1, taken)
            taken.pop()

    collect(0, 0, [])
    if len(found) > _MAX_FUNDS_SPLITS:
        return None  # too many ways: not looked at further
    if len(found) > 1:
        # the usual scoring (得分 = 分值 × 执行率) decides between splits that all fit
        found = [f for f in found if _usual_score(text, columns[:len(f)], f, stated_weight)]
    if len(found) != 1:
        return None
    cells = found[0]
    values = {role: Decimal(text[a:b].rstrip("%")) for role, (a, b) in zip(columns, cells, strict=False)
              if role is not None}
    if row == "total":
        total.clear()
        total.update(values)
    by_role = dict(zip(columns, cells, strict=False))
    end = cells[-1][1]
    return [by_role.get(r, (end, end)) if r is not None else (end, end) for r in roles]


def _fits_funds(text: str, roles: list[str | None], cells: list[tuple[int, int]], row: str,
                total: dict[str, Decimal]) -> bool:
    values = {role: Decimal(text[a:b].rstrip("%")) for role, (a, b) in zip(roles, cells, strict=True)
              if role is not None}
    if any(text[a:b].rstrip("%") == "" for a, b in cells):
        return False
    if "weight" in values and values["weight"] > 100:
        return False
    if "score" in values and "weight" in values and values["score"] > values["weight"]:
        return False
    if "rate" in values:
        base = values.get("full_year", values.get("initial"))
        spent = values.get("final")
        if base is None or spent is None or base == 0:
            return False
        if abs(spent / base * 100 - values["rate"]) > _last_place(text, cells[roles.index("rate")]):
            return False
    if row == "source":
        for role, value in values.items():
            if role in total and value > total[role]:
                return False
        if not total:
            return len(cells) == 1
    return True


def _last_place(text: str, cell: tuple[int, int]) -> Decimal:
    """One unit of the last written place of a figure (``100.00%`` → 0.01): how far a
    rounded or cut figure may be from the exact one."""
    written = text[cell[0]:cell[1]].rstrip("%")
    decimals = len(written.split(".")[1]) if "." in written else 0
    return Decimal(1).scaleb(-decimals)


def _usual_score(text: str, roles: list[str | None], cells: list[tuple[int, int]],
                 stated_weight: Decimal | None = None) -> bool:
    values = dict(zip(roles, cells, strict=True))
    if not all(r in values for r in ("rate", "score")):
        return False
    if "weight" in values:
        a, b = values["weight"]
        weight = Decimal(text[a:b])
    elif stated_weight is not None:
        weight = stated_weight
    else:
        return False
    rate, score = (Decimal(text[a:b].rstrip("%")) for a, b in (values["rate"], values["score"]))
    expected = weight * min(rate, Decimal(100)) / 100
    return abs(expected - score) <= max(_last_place(text, values["score"]), Decimal("0.5"))


def _points_pair(text: str) -> list[tuple[int, int]] | None:
    """A total row's points and score (``100100`` → 100, 100)."""
    found: list[tuple[int, int]] = []
    for cut in range(1, len(text)):
        a, b = text[:cut], text[cut:]
        if _POINTS.fullmatch(a) and _POINTS.fullmatch(b) and Decimal(b) <= Decimal(a) <= 100:
            found.append((cut, len(text)))
    if _POINTS.fullmatch(text) and not found:
        return [(0, len(text))]
    if len(found) != 1:
        return None
    cut = found[0][0]
    return [(0, cut), (cut, len(text))]


# --- indicator rows -----------------------------------------------------------------

_UNIT_STARTS = frozenset("%万亿千元人次个天户米件项家名所场期分㎡平吨亩斤公")
_NOT_IN_NAME = re.compile(r"[≥≤<>=%]")
# a number inside a name counts something (孕产妇42天访视数, 0-6岁儿童): one followed by
# another word is a figure of the row before
_COUNTED = "岁月年日号级类批条座台辆套本册间门校园例次项人户个天万亿元米吨亩名所场期件"
_FIGURE_IN_NAME = re.compile(r"\d+(?![\d.\-~～、" + _COUNTED + r"]|$)")
_NAME_END = re.compile(r"[\u4e00-\u9fff)）a-zA-Z]")


def _indicator_rows(text: str, roles: list[str | None], cut_off: bool = False) -> list[tuple[int, int]] | None:
    """Rows of a name and one cell per column after the name, when exactly one split
    of the stretch into such rows fits (None otherwise). ``cut_off``: the copy stops at
    the stretch's end, so its last row may be words the copy cut before any figure (a
    cell of its own, the name of a row whose cells are missing)."""
    if "name" not in roles:
        return None
    after = [r for r in roles[roles.index("name") + 1:]]
    trailing = 0
    while after and after[-1] in ("reason", None):
        after.pop()  # a trailing reason column: empty in these copies, or not told apart
        trailing += 1
    if not after or any(r not in _POINT_ROLES + _VALUE_ROLES for r in after):
        return None
    steps = 0
    memo: dict[int, list[list[tuple[int, int]]]] = {}

    def rows_from(pos: int) -> list[list[tuple[int, int]]]:
        nonlocal steps
        if pos == len(text):
            return [[]]
        if pos in memo:
            return memo[pos]
        if pos and (text[pos].isdigit() or text[pos] in _UNIT_STARTS):
            return []  # a name after a row's last figure starts with a word, not a unit
        found: list[list[tuple[int, int]]] = []
        if cut_off and pos and not any(c.isdigit() for c in text[pos:]) and len(_CJK.findall(text, pos)) >= 2:
            found.append([(pos, len(text))])  # the row the copy stops in, before its figures
        for name_end in range(pos + 2, len(text)):
            steps += 1
            if steps > _MAX_STEPS or len(found) >= _MAX_PARSES:
                break
            if not _NAME_END.match(text[name_end - 1]) or len(_CJK.findall(text, pos, name_end)) < 2:
                continue
            if _NOT_IN_NAME.search(text, pos, name_end) or _FIGURE_IN_NAME.search(text, pos, name_end):
                break  # a name holds no comparison, percent or free figure: the cells have begun
            for cells in _row_cells(text, name_end, after):
                end = cells[-1][1]
                for rest in rows_from(end):
                    found.append([(pos, name_end), *cells, *rest])
                    if len(found) >= _MAX_PARSES:
                        break
                if len(found) >= _MAX_PARSES:
                    break
        memo[pos] = found
        return found

    try:
        parses = rows_from(0)
    except _TooMany:
        return None
    if steps > _MAX_STEPS or len(parses) != 1:
        return None
    out: list[tuple[int, int]] = []
    width = len(after) + 1
    cells = parses[0]
    for k in range(0, len(cells), width):
        row = cells[k:k + width]
        out.extend(row)
        if len(row) == width:  # not the cut-off row's words
            out.extend([(row[-1][1], row[-1][1])] * trailing)
    return out


class _TooMany(Exception):
    """More readings of a row than are looked at: the split is not certain."""


_MAX_ROW_READINGS = 20


def _row_cells(text: str, pos: int, roles: list[str | None]) -> list[list[tuple[int, int]]]:
    """The ways the cells of one row (after its name) can be read from ``pos``; raises
    :class:`_TooMany` when there are more than are looked at."""
    out: list[list[tuple[int, int]]] = []

    def walk(p: int, k: int, taken: list[tuple[int, int]]) -> None:
        if len(out) > _MAX_ROW_READINGS:
            raise _TooMany
        if k == len(roles):
            if _fits_row(text, roles, taken):
                out.append(list(taken))
            return
        role = roles[k]
        if role in _POINT_ROLES:
            ends = [p + e for e in _prefixes(text[p:p + 6], _POINTS)]
        else:
            ends = _value_ends(text, p, roles, k, taken)
        for end in ends:
            taken.append((p, end))
            walk(end, k + 1, taken)
            taken.pop()

    walk(pos, 0, [])
    return out


def _unit(value: str) -> str:
    return re.sub(r"^[≥≤><=]?[\d.]+", "", value)


def _value_ends(text: str, p: int, roles: list[str | None], k: int, taken: list[tuple[int, int]]) -> list[int]:
    ends = [p + e for e in _prefixes(text[p:p + 24], _QUANTITY)]
    words = _WORDS.match(text, p)
    if words:
        if roles[k] == "actual" and k > 0 and roles[k - 1] == "target":
            # written in words: the same words as the target
            a, b = taken[-1]
            target = text[a:b]
            if _WORDS.fullmatch(target) and text.startswith(target, p):
                ends.append(p + len(target))
        elif k + 1 < len(roles) and roles[k + 1] == "actual":
            # a worded target: taken only with the same words right after it
            for length in range(2, words.end() - p + 1):
                if length * 2 <= len(text) - p and text[p:p + length] == text[p + length:p + 2 * length]:
                    ends.append(p + length)
    return sorted(set(ends))


def _fits_row(text: str, roles: list[str | None], cells: list[tuple[int, int]]) -> bool:
    values = {r: text[a:b] for r, (a, b) in zip(roles, cells, strict=True) if r is not None}
    weight, score = values.get("weight"), values.get("score")
    if weight is not None and Decimal(weight) > 100:
        return False
    if weight is not None and score is not None and Decimal(score) > Decimal(weight):
        return False
    target, actual = values.get("target"), values.get("actual")
    if target and actual and _QUANTITY.fullmatch(target) and _QUANTITY.fullmatch(actual) \
            and _unit(target) != _unit(actual):
        return False  # a target and its actual are stated in the same unit
    # a worded value is words only; a figure's unit is never longer than the words
    return not (target and actual and _WORDS.fullmatch(target) and not _WORDS.fullmatch(actual)
                and target in actual)
