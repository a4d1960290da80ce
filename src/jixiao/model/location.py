"""Where a figure or a finding sits in its source document."""

from __future__ import annotations

from jixiao.model.record import Record, record, record_fields


@record
class Location(Record):
    """A place in a source: line/column for text formats, sheet!cell for Excel,
    page/table/row/col for DOCX, PDF and HTML tables.

    Absent parts stay ``None`` so the JSON form can omit them.
    """

    file: str
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    cell: str | None = None
    page: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None

    def _values(self) -> tuple[object, ...]:  # compared and hashed often: no generic field walk
        return (self.file, self.line, self.column, self.sheet, self.cell, self.page, self.table, self.row, self.col)

    def render(self) -> str:
        """The editor-style location: ``path:LINE:COL``, ``path[Sheet!B7]``,
        ``path[p3 t2 r5 c4]`` or ``path[p3]``."""
        if self.sheet is not None:
            return f"{self.file}[{self.sheet}!{self.cell or ''}]"
        if self.table is not None:
            parts = []
            if self.page is not None:
                parts.append(f"p{self.page}")
            parts.append(f"t{self.table}")
            if self.row is not None:
                parts.append(f"r{self.row}")
            if self.col is not None:
                parts.append(f"c{self.col}")
            return f"{self.file}[{' '.join(parts)}]"
        if self.line is not None:
            return f"{self.file}:{self.line}:{self.column or 1}"
        if self.page is not None:
            return f"{self.file}[p{self.page}]"
        return self.file

    def as_json(self) -> dict[str, str | int]:
        out: dict[str, str | int] = {}
        for f in record_fields(Location):
            v = getattr(self, f.name)
            if v is not None:
                out[f.name] = v
        return out

    def sort_key(self) -> tuple[str, int, int, str, int, int, int, int]:
        row, col = self.row or 0, self.column or self.col or 0
        if self.cell:  # B7 sorts before B10
            letters = self.cell.rstrip("0123456789")
            digits = self.cell[len(letters):]
            row = int(digits) if digits.isdigit() else 0
            col = sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(letters.upper())))
        return (
            self.file,
            self.page or 0,
            self.table or 0,
            self.sheet or "",
            self.line or 0,
            row,
            col,
            0,
        )


UNKNOWN = Location(file="<未知>")
