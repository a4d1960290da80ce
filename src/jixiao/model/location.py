"""Where a figure or a finding sits in its source document."""

from __future__ import annotations

from collections import namedtuple

TYPE_CHECKING = False  # typing costs milliseconds to import; annotations only need it for mypy
if TYPE_CHECKING:
    from typing import NamedTuple

    class _Place(NamedTuple):
        file: str
        line: int | None = None
        column: int | None = None
        sheet: str | None = None
        cell: str | None = None
        page: int | None = None
        table: int | None = None
        row: int | None = None
        col: int | None = None
        field: str | None = None
else:  # typing.NamedTuple compiles each string annotation at import
    _Place = namedtuple("_Place", "file line column sheet cell page table row col field",
                        defaults=(None,) * 9)


class Location(_Place):
    """A place in a source: line/column for text formats, sheet!cell for Excel,
    page/table/row/col for DOCX, PDF and HTML tables; and, beside it, the ``field``
    it fills in the data document — a JSON Pointer such as
    ``/report/public_budget/public_funds`` — which a form shows where a file position
    means nothing.

    Absent parts stay ``None`` so the JSON form can omit them. A named tuple: every
    value read gets one (and every key in YAML), so it must be cheap to build, and it
    compares and hashes by value like the records.
    """

    __slots__ = ()

    @classmethod
    def at(cls, file: str, line: int, column: int) -> Location:
        """A line and column in a text source, built without argument handling (the
        YAML reader makes one for every key and value)."""
        return _new(cls, (file, line, column, None, None, None, None, None, None, None))

    def at_field(self, path: str) -> Location:
        """The same place, naming the field of the data document it fills."""
        return _new(Location, (*self[:9], path))

    def __repr__(self) -> str:
        parts = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self, strict=True)
                          if value is not None)
        return f"Location({parts})"

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
        if self.field:  # no position in the file (a form, or a part it does not have)
            return f"{self.file}#{self.field}"
        return self.file

    def as_json(self) -> dict[str, str | int]:
        out: dict[str, str | int] = {}
        for name, value in zip(self._fields, self, strict=True):
            if value is not None:
                out[name] = value
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


_new = tuple.__new__

UNKNOWN = Location(file="<未知>")
