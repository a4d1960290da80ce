"""The rows the 基础数据表 prints under 项目支出, as the province's form prints them.

The Hunan form prints “1、业务工作经费”, “2、运行维护经费”, “……” and “3、市级专项资金（一个专项一行）”
whether or not the unit fills them; a unit's own categories fill the row of the same name,
and the others take the place of the form's one-row-per-special-fund line. The report and
the Excel attachments lay out the same rows (``Framework.report_form.project_rows``).
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.model.overall import NamedControlRow
from jixiao.workbook import attachment_layout as A

OPEN_ROW = A.PLACEHOLDER_LABELS[0]  # “……”: a row the form leaves open for more
ONE_EACH = "一个专项一行"
DEFAULT_ROWS = (*A.CATEGORY_PLACEHOLDERS, *A.PLACEHOLDER_LABELS)


@dataclass(frozen=True, slots=True)
class FormRow:
    """One printed row: its number (None for “……”), its label as printed, and the unit's
    category it shows (None: the form's row left blank)."""

    number: int | None
    label: str
    category: NamedControlRow | None

    @property
    def text(self) -> str:
        return self.label if self.number is None else f"{self.number}、{self.label}"


def project_rows(categories: tuple[NamedControlRow, ...], form_rows: tuple[str, ...] = ()) -> list[FormRow]:
    rows = form_rows or DEFAULT_ROWS
    by_name = {c.name: c for c in categories}
    named = {r for r in rows if r != OPEN_ROW and ONE_EACH not in r}
    others = [c for c in categories if c.name not in named]
    out: list[FormRow] = []
    n = 0
    for label in rows:
        if label == OPEN_ROW:
            out.append(FormRow(None, label, None))
        elif ONE_EACH in label and others:
            for c in others:
                n += 1
                out.append(FormRow(n, c.name, c))
            others = []
        else:
            n += 1
            out.append(FormRow(n, label, by_name.get(label)))
    for c in others:  # a form without a one-per-special-fund line
        n += 1
        out.append(FormRow(n, c.name, c))
    return out
