"""Reading "label, then values under column headers" from the cell stream.

With rows (DOCX, HTML, PDF, tab text) a value sits under its header: same column.
Without rows (text flattened by PDF extraction) the values follow the label in
order; empty cells have vanished, so when fewer values than columns follow, which
column each belongs to cannot be known: the row is reported, not guessed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from jixiao.model.units import is_known_unit, normalize_unit
from jixiao.readers.codes import AMBIGUOUS
from jixiao.readers.document import Piece
from jixiao.readers.extract.colmarks import DEFAULT, formulas, is_mark_only, mark_of
from jixiao.readers.extract.context import Context
from jixiao.readers.extract.figures import cell_figure, is_figure, is_number
from jixiao.readers.extract.labels import Synonyms
from jixiao.readers.extract.stream import Stream


@dataclass(slots=True)
class Header:
    """Column roles: with rows, by column index; without, in order."""

    roles: list[str]
    cols: list[int | None]
    end: int  # stream index after the header
    row: int | None
    # rate role → (numerator, denominator) roles, from the header's column marks
    formulas: dict[str, tuple[str, str]] = field(default_factory=lambda: dict(DEFAULT))

    def col_of(self, role: str) -> int | None:
        for r, c in zip(self.roles, self.cols, strict=True):
            if r == role:
                return c
        return None


def header_at(stream: Stream, i: int, synonyms: Synonyms, suffix: bool = False,
              classify: Callable[[str], str | None] | None = None) -> Header | None:
    """The column headers in the row of cell ``i`` (with rows), or in the run of
    header words starting at ``i`` (without)."""
    if stream[i].row is not None:
        idxs = stream.row_cells(i)
        roles: list[str] = []
        cols: list[int | None] = []
        marks: list[str | None] = []
        for j in idxs:
            role = _role(stream[j].text, synonyms, suffix, classify)
            if role is not None:
                roles.append(role)
                cols.append(stream[j].col)
                marks.append(mark_of(stream[j].text))
        if len(roles) < 2:
            return None
        return Header(roles, cols, idxs[-1] + 1, stream[i].row, formulas(roles, marks))
    roles = []
    marks = []
    j = i
    while j < len(stream) and stream[j].row is None:
        tok = stream[j]
        role = _role(tok.text, synonyms, suffix, classify)
        if role is None:
            if roles and is_mark_only(tok.text):
                marks[-1] = mark_of(tok.text)  # the column's mark wrapped onto a line of its own
                j += 1
                continue
            if tok.blank and tok.explicit:
                j += 1
                continue
            break
        roles.append(role)
        marks.append(mark_of(tok.text))
        j += 1
    if len(roles) < 2:
        return None
    return Header(roles, [None] * len(roles), j, None, formulas(roles, marks))


def find_header(stream: Stream, synonyms: Synonyms, start: int, end: int, min_roles: int,
                suffix: bool = False, classify: Callable[[str], str | None] | None = None,
                ) -> tuple[int, Header] | None:
    """The first header (row or run) with at least ``min_roles`` distinct roles."""
    i = start
    end = min(end, len(stream))
    while i < end:
        if _role(stream[i].text, synonyms, suffix, classify) is not None:
            header = header_at(stream, i, synonyms, suffix, classify)
            if header is not None and len(set(header.roles)) >= min_roles:
                return i, header
        i += 1
    return None


def _role(text: str, synonyms: Synonyms, suffix: bool,
          classify: Callable[[str], str | None] | None) -> str | None:
    if classify is not None:
        got = classify(text)
        if got is not None:
            return str(got)
    found = synonyms.exact(text)
    if found is None and suffix:
        m = synonyms.suffix(text)
        found = m[0] if m else None
    return found


@dataclass(slots=True)
class RowValues:
    values: dict[str, Piece]  # role → value piece (figures only)
    texts: dict[str, Piece]  # role → text piece (non-figure cells)
    end: int  # stream index after the row


def row_values(ctx: Context, label_index: int, header: Header, label: str,
               roles: list[str] | None = None, stop: Callable[[str], bool] | None = None) -> RowValues:
    """The values of the row whose label is at ``label_index``."""
    stream = ctx.stream
    tok = stream[label_index]
    values: dict[str, Piece] = {}
    texts: dict[str, Piece] = {}
    if tok.row is not None and header.row is not None:
        after = [stream[j].piece for j in stream.row_cells(label_index) if j > label_index]
        ordered = None if tok.grid else by_order(after, header.roles)
        if ordered is not None:
            for role, piece in ordered:
                _put(values, texts, role, piece)
            return RowValues(values, texts, stream.next_row_start(label_index))
        for j in stream.row_cells(label_index):
            if j <= label_index:
                continue
            col = stream[j].col
            for role, c in zip(header.roles, header.cols, strict=True):
                if c is not None and c == col:
                    _put(values, texts, role, stream[j].piece)
        return RowValues(values, texts, stream.next_row_start(label_index))
    wanted = roles or header.roles
    i = label_index + 1
    found: list[Piece | None] = []
    from_row = False
    if tok.row is None and i < len(stream) and stream[i].row is not None:
        # a row label on a line of its own, its figures in the row that follows
        cells = [stream[j].piece for j in stream.row_cells(i) if stream[j].key]
        if cells and all(cell_figure(c) is not None for c in cells) and len(cells) <= len(header.roles):
            found = [cell_figure(c) for c in cells]
            i = stream.next_row_start(i)
            from_row = True
    if not from_row and i < len(stream) and stream[i].row is None and stream[i].text.startswith(("(", "（")):
        # a note in brackets after the label, split over words: 其他资金 (包括以前年度结转资 金)
        for k in range(i, min(len(stream), i + 6)):
            if stream[k].row is not None or cell_figure(stream[k].piece) is not None:
                break
            if ")" in stream[k].text or "）" in stream[k].text:
                i = k + 1
                break
    while not from_row and i < len(stream):
        t = stream[i]
        if t.row is not None:
            break
        if stop is not None and stop(t.text):
            break
        fig = cell_figure(t.piece)
        if fig is not None:
            found.append(fig)
        elif t.blank and (t.explicit or t.key):
            found.append(None)
        elif t.explicit and len(found) < len(header.roles):
            found.append(t.piece)  # a text cell (a reason) in an explicit row
        else:
            break
        i += 1
        if t.explicit and len(found) >= len(header.roles):
            break
    if not any(p is not None for p in found):
        return RowValues({}, {}, i)
    # a row that follows its label on its own line is placed by what it holds unless it
    # has a cell for every column (its lost empty cells are not known)
    explicit = not from_row and any(stream[k].explicit for k in range(label_index + 1, i))
    if explicit or len(found) == len(header.roles):
        chosen: dict[int, str] = {k: role for k, role in enumerate(header.roles[:len(found)])}
        unsure: list[int] = []
    elif len(found) == len(wanted) and all(p is None or fits(role, p.text)
                                           for role, p in zip(wanted, found, strict=True)):
        chosen, unsure = dict(enumerate(wanted)), []
    else:
        chosen, unsure = assign_by_type(found, header.roles)
        if unsure:
            by_rate = assign_by_rate(found, header.roles, header.formulas)
            if by_rate is not None:
                chosen, unsure = by_rate
    for k, role in chosen.items():
        p = found[k]
        if p is not None:
            _put(values, texts, role, p)
    if unsure:
        shown = " ".join(p.text for k in unsure if (p := found[k]) is not None)
        ctx.findings.append(AMBIGUOUS.finding(
            [*[p.location for k in unsure if (p := found[k]) is not None][:1], tok.piece.location],
            stated=shown, expected=None, label=label, count=sum(p is not None for p in found),
            columns=len(header.roles), values=shown))
    return RowValues(values, texts, i)


def by_order(cells: list[Piece], roles: list[str]) -> list[tuple[str, Piece]] | None:
    """A text table's row (no real grid columns) against its header's roles, in order:
    empty cells past the header's width (a row ending in ``||||``) and extra label cells
    before the figures (a merged label column repeated) are dropped; None when the row
    still does not have one cell per role."""
    vals = list(cells)
    while len(vals) > len(roles) and not vals[-1].text.strip():
        vals.pop()
    while len(vals) > len(roles) and cell_figure(vals[0]) is None:
        vals.pop(0)
    if len(vals) != len(roles):
        return None
    return list(zip(roles, vals, strict=True))


_AMOUNT = frozenset({"initial", "full_year", "final", "in_place", "prior_final", "budget", "prior_budget",
                     "budget_investment", "actual_investment", "approved_scale", "actual_scale",
                     "pooled", "net_budget"})
_RATE = frozenset({"rate", "in_place_rate", "control_rate", "scale_control_rate", "investment_control_rate"})
_POINTS = frozenset({"weight", "score", "category_weight", "group_weight"})
_COUNT = frozenset({"authorized", "in_service"})


def fits(role: str, text: str) -> bool:
    """Whether a cell's text can be the value of a column (by what it holds)."""
    s = text.strip()
    if role in _AMOUNT:
        return is_figure(s) and not s.endswith(("%", "％"))
    if role in _RATE:
        return is_figure(s) and s.endswith(("%", "％"))
    if role in _POINTS or role in _COUNT:
        return is_number(s)
    if role in ("reason", "evidence"):
        return not is_figure(s)
    if role == "line_no":  # 行次: the row's number in the template
        return s.isdigit() and len(s) <= 2
    if role == "nature":
        return s in _NATURES
    if role == "unit":
        return bool(s) and not any(c.isdigit() for c in s) and len(s) <= 6 and s not in _NATURES
    if role in ("target", "actual"):
        return bool(s) and s not in _NATURES and not (is_known_unit(normalize_unit(s)) and not any(
            c.isdigit() for c in s))
    return True


_NATURES = frozenset({"=", "＝", "≥", "≤", ">", "<", "＞", "＜", ">=", "<=", "定性", "定量", "正向", "反向"})


def assign_by_type(found: list[Piece | None], roles: list[str]) -> tuple[dict[int, str], list[int]]:
    """Values in order to columns in order, each to a column it fits. Where every
    such assignment puts a value in the same column, that column is certain; the
    other values are reported, not placed."""
    n, m = len(found), len(roles)
    if n > m or n > 12:
        return {}, [k for k, p in enumerate(found) if p is not None]
    options: list[list[int]] = []

    def extend(k: int, start: int, taken: list[int]) -> None:
        if len(options) > 500:
            return
        if k == n:
            options.append(list(taken))
            return
        p = found[k]
        for j in range(start, m - (n - k) + 1):
            if p is None or fits(roles[j], p.text):
                taken.append(j)
                extend(k + 1, j + 1, taken)
                taken.pop()

    extend(0, 0, [])
    if not options:
        return {}, [k for k, p in enumerate(found) if p is not None]
    chosen: dict[int, str] = {}
    unsure: list[int] = []
    for k in range(n):
        columns = {option[k] for option in options}
        if len(columns) == 1:
            chosen[k] = roles[columns.pop()]
        elif found[k] is not None:
            unsure.append(k)
    return chosen, unsure


def assign_by_rate(found: list[Piece | None], roles: list[str],
                   rates: dict[str, tuple[str, str]] | None = None) -> tuple[dict[int, str], list[int]] | None:
    """Where the figures of a funds row fit its columns in more than one way (an empty
    年初预算数 cell lost: two amounts for three amount columns), the ways in which every
    stated rate is its numerator over its denominator (by default 全年执行数 ÷ 全年预算数;
    the header's column marks may name others, ``colmarks.py``), to the rate's written
    precision: a row that states its rate states the figures it is computed from. A
    figure is placed where every such way places it, the others are unsure. None when
    no way fits."""
    rates = {r: f for r, f in (rates or DEFAULT).items() if r in roles and f[0] in roles and f[1] in roles}
    n, m = len(found), len(roles)
    if not rates or n > m or n > 12 or any(p is None for p in found):
        return None
    fitting: list[dict[int, str]] = []
    for cols in itertools.combinations(range(m), n):
        if not all(fits(roles[j], p.text) for j, p in zip(cols, found, strict=True) if p is not None):
            continue
        option = {k: roles[j] for k, j in enumerate(cols)}
        if "line_no" in roles and "line_no" not in option.values():
            continue  # the template's row number (行次) is never empty
        if _rates_agree(found, option, rates) and _net_agrees(found, option):
            fitting.append(option)
        if len(fitting) > _MAX_FITTING:
            return None
    if not fitting:
        return None
    chosen = {k: role for k, role in fitting[0].items() if all(f[k] == role for f in fitting)}
    return chosen, [k for k in range(n) if k not in chosen]


_MAX_FITTING = 20


def _rates_agree(found: list[Piece | None], option: dict[int, str], rates: dict[str, tuple[str, str]]) -> bool:
    by_role = {role: found[k] for k, role in option.items()}
    checked = 0
    for role, (top, bottom) in rates.items():
        rate = by_role.get(role)
        if rate is None:
            continue
        if not _rate_agrees(rate, by_role.get(top), by_role.get(bottom)):
            return False
        checked += 1
    return checked > 0


def _net_agrees(found: list[Piece | None], option: dict[int, str]) -> bool:
    """扣除统筹整合资金后预算金额 is what its name says: 全年预算数 − 统筹整合资金数 (an empty
    统筹整合资金数 is none)."""
    by_role = {role: found[k] for k, role in option.items()}
    net = by_role.get("net_budget")
    if net is None:
        return True
    budget, pooled = by_role.get("full_year"), by_role.get("pooled")
    if budget is None:
        return False
    try:
        expected = _decimal(budget.text) - (_decimal(pooled.text) if pooled is not None else Decimal(0))
        return _decimal(net.text) == expected
    except InvalidOperation:
        return False


def _decimal(text: str) -> Decimal:
    return Decimal(text.strip().replace(",", ""))


def _rate_agrees(rate: Piece, spent: Piece | None, budget: Piece | None) -> bool:
    if budget is None or spent is None:
        return False
    try:
        r = Decimal(rate.text.strip().rstrip("%％").replace(",", ""))
        b = Decimal(budget.text.strip().replace(",", ""))
        f = Decimal(spent.text.strip().replace(",", ""))
    except InvalidOperation:
        return False
    if b == 0:
        return False
    written = rate.text.strip().rstrip("%％")
    places = len(written.split(".")[1]) if "." in written else 0
    return abs(f / b * 100 - r) <= Decimal(1).scaleb(-places)


def _put(values: dict[str, Piece], texts: dict[str, Piece], role: str, piece: Piece) -> None:
    fig = cell_figure(piece)
    if fig is not None:
        values.setdefault(role, fig)
    else:
        p = piece.strip(" \t\r\n\u3000\xa0")
        if p.text:
            texts.setdefault(role, p)
