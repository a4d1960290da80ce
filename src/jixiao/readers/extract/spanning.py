"""A header written over two rows: the first row's spanning cells stand over the
columns the second row names.

    绩效指标        | 年度指标值              | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
    一级 二级 三级  | 指标性质 指标值 度量单位 |

Read in order, the cells of such a header are the first row, then the second. The
columns of the table are the first row's with each spanning cell replaced by the
second row's cells under it: 一级 二级 三级 指标性质 指标值 度量单位 实际完成值 分值 得分
偏差原因. A spanning cell is known by its role: the frame (绩效指标) stands over the
indicator levels (一级 / 二级 / 三级), and a column named again in the second row
(年度指标值 over 指标值) stands over the second row's other cells, which are its
operator (指标性质) and its unit (度量单位). When the second
row's cells cannot all be placed so, the header is not read as two rows.

The second row may be above the row naming the levels (绩效指标 over 一级/二级/三级)
or below it (年度指标值 over 指标性质/指标值/度量单位). In text the rows are merged by
order (``merge_two_rows``); in a table with grid columns (DOCX, HTML, PDF) by column
(``merge_by_columns``).
"""

from __future__ import annotations

LEVELS = ("category", "group", "name")
FRAME = "frame"
SUB_COLUMNS = ("nature", "unit", "other", None)


def merge_two_rows(top: list[str | None], bottom: list[str | None]) -> list[str | None] | None:
    """The columns of a two-row header by role (see the module docstring), or None
    when ``bottom`` is not the second row of ``top``."""
    if not top or not bottom:
        return None
    named_below = {r for r in bottom if r is not None}
    spanning = [k for k, r in enumerate(top) if r == FRAME or (r is not None and r in named_below)]
    if not spanning:
        return None
    rest = list(bottom)
    under: dict[int, list[str | None]] = {}
    if top[spanning[0]] == FRAME:
        k = 0
        while k < len(rest) and rest[k] in LEVELS:
            k += 1
        if k == 0:
            return None
        under[spanning[0]], rest = rest[:k], rest[k:]
        spanning = spanning[1:]
    if rest:
        if len(spanning) != 1 or top[spanning[0]] not in rest:
            return None  # not one spanning cell for what is left: the placing is not known
        if any(r not in (top[spanning[0]], *SUB_COLUMNS) for r in rest):
            return None  # a value column spans its operator, its value and its unit only
        under[spanning[0]] = rest
    elif spanning:
        return None
    out: list[str | None] = []
    for k, role in enumerate(top):
        out.extend(under.get(k, [role]))
    if any(r is not None and r != "other" and out.count(r) > 1 for r in out):
        return None
    return out


def merge_by_columns(top: list[tuple[str | None, int | None]],
                     bottom: list[tuple[str | None, int | None]]) -> list[tuple[str, int]] | None:
    """The same for a table with real grid columns (DOCX, HTML, PDF): (role, column)
    of each row; a column takes the second row's role where it names one, the first
    row's otherwise (a cell spanning both rows), and a spanning cell's role named again
    below is the one below. None when a column is missing."""
    if any(c is None for _, c in top) or any(c is None for _, c in bottom):
        return None
    by_col: dict[int, str] = {}
    below = {r for r, _ in bottom if r is not None}
    for role, col in top:
        if role is not None and role != FRAME and role not in below and col is not None:
            by_col[col] = role
    for role, col in bottom:
        if role is not None and col is not None:
            by_col[col] = role
    roles = list(by_col.values())
    if any(roles.count(r) > 1 for r in roles if r != "other"):
        return None
    return sorted(((r, c) for c, r in by_col.items()), key=lambda rc: rc[1])
