"""Walking an evaluation's parts generically (by their field specs)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jixiao.model.schema import Kind, Spec, specs
from jixiao.model.text import Text

_TEXTUAL: dict[type, tuple[tuple[str, Spec], ...]] = {}


def _textual(cls: type) -> tuple[tuple[str, Spec], ...]:
    """The fields of a class that are or may contain text (cached per class)."""
    found = _TEXTUAL.get(cls)
    if found is None:
        found = _TEXTUAL[cls] = tuple((a, s) for a, s in specs(cls)
                                      if s.kind in (Kind.TEXT, Kind.OBJECT, Kind.LIST))
    return found


def iter_texts(obj: Any, path: str = "") -> Iterator[tuple[str, Text]]:
    """Every stated text with the Chinese path of titles leading to it."""
    if obj is None:
        return
    for attr, spec in _textual(type(obj)):
        value = getattr(obj, attr)
        if value is None:
            continue
        here = f"{path}·{spec.title}" if path else spec.title
        if spec.kind is Kind.TEXT and isinstance(value, Text):
            yield here, value
        elif spec.kind is Kind.OBJECT:
            yield from iter_texts(value, here)
        elif spec.kind is Kind.LIST:
            for item in value:
                label = getattr(item, "name", None) or getattr(item, "label", None) or ""
                yield from iter_texts(item, f"{here}·{label}" if label else here)
