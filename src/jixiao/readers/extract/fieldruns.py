"""The header fields of a project table run together with their values, as a document
site's copy gives them: ``项目名称东津院区建设补助主管部门襄阳市卫生健康委项目实施单位襄阳市
中心医院项目类别1、部门预算项目…``.

Where no column header makes the run a table (``runtogether.py``), a run holding the
project's three header fields in order (项目名称, 主管部门, 实施单位) is split into its
labels and their values: a value runs from its label to the next label of the table
(any label of ``labels.yaml``, or a field of the header that is not read: 项目类别,
项目属性 …). What follows the last value is split as a table when it is one, and is
kept as one piece otherwise. Every cell keeps its offsets.
"""

from __future__ import annotations

import re
from functools import cache

from jixiao.readers.extract.labels import data, known_labels, label_key, wordlist
from jixiao.readers.extract.runtogether import MAX_LENGTH, MIN_LENGTH, split_run

_FIELDS = ("name", "department", "implementer")
_MIN_VALUE = 2
_SENTENCE = re.compile(r"[，。；！？]")


@cache
def _field_labels() -> dict[str, str]:
    """Label → project field, for the three header fields."""
    out: dict[str, str] = {}
    for fld in _FIELDS:
        for key in wordlist("project", fld):
            out[key] = fld
    return out


@cache
def _label_pattern() -> re.Pattern[str]:
    titles = {label_key(w) for kind in data("labels")["table_titles"].values() for w in kind}
    words = set(_field_labels()) | {w for w in known_labels() if len(w) >= 3 and w not in titles} \
        | set(wordlist("project", "other_fields"))  # a table's title is no label: it stays whole
    ordered = sorted(words, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in ordered))


def split_fields(text: str) -> list[tuple[int, int]] | None:
    """The cells (start, end) of a run holding the project header fields with their
    values, or None when the run is not one."""
    if len(text) < MIN_LENGTH or len(text) > MAX_LENGTH:
        return None
    fields = _field_labels()
    if {fields[w] for w in fields if w in text} != set(_FIELDS):  # cheap: most runs are prose
        return None
    found = [(m.start(), m.end(), label_key(m.group(0))) for m in _label_pattern().finditer(text)]
    order = [fields[key] for _, _, key in found if key in fields]
    if [f for f in _FIELDS if f in order] != list(_FIELDS) or order.index("name") > order.index("implementer"):
        return None
    cells: list[tuple[int, int]] = []
    if found[0][0] > 0:
        cells.append((0, found[0][0]))
    last_field = max(k for k, (_, _, key) in enumerate(found) if key in fields)
    for k, (start, end, key) in enumerate(found[:last_field + 1]):
        nxt = found[k + 1][0] if k + 1 < len(found) else len(text)
        cells.append((start, end))
        if key in fields and _SENTENCE.search(text, end, nxt):
            return None  # a field's value is a name, not a sentence: this is prose
        if nxt - end >= _MIN_VALUE or (key not in fields and nxt > end):
            cells.append((end, nxt))
        elif key in fields:
            return None  # a field without its value: not a header run
    rest = found[last_field + 1][0] if last_field + 1 < len(found) else None
    if rest is not None:
        tail = text[rest:]
        split = split_run(tail)
        if split is not None and not split.doubtful:
            cells.extend((rest + a, rest + b) for a, b in split.cells)
        else:
            cells.append((rest, len(text)))
    return cells
