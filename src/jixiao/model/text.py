"""Free text as stated in a document, with its location."""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.model.location import Location


@dataclass(frozen=True, slots=True)
class Text:
    """A narrative passage or a table's text cell."""

    value: str
    location: Location | None = None

    def __str__(self) -> str:
        return self.value

    @property
    def is_empty(self) -> bool:
        return not self.value.strip().replace("\u3000", "")


def text_of(t: Text | None) -> str:
    """The text, or ``""`` when not stated."""
    return t.value if t is not None else ""
