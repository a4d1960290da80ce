"""A lighter dataclass for the model's many record types.

``jixiao check`` must start fast (its wall time is benchmarked against a bare Python
start), and ``@dataclass(frozen=True)`` compiles six methods per class at import. A
record compiles none: its ``__init__``, ``__repr__`` and immutability come from this
shared base, driven by the dataclass field list. Records are built a few hundred times
per document, so the generic ``__init__`` costs nothing that matters.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")
_MISSING = dataclasses.MISSING
_FIELDS: dict[type, tuple[tuple[str, Any, Any], ...]] = {}


def _field_table(cls: type) -> tuple[tuple[str, Any, Any], ...]:
    table = _FIELDS.get(cls)
    if table is None:
        table = tuple((f.name, f.default, f.default_factory) for f in dataclasses.fields(cls))
        _FIELDS[cls] = table
    return table


class Record:
    """Base of model records: construction, read-only attributes, value equality, a readable repr."""

    __slots__ = ()

    def __init__(self, *args: Any, **values: Any) -> None:
        setter = object.__setattr__
        table = _field_table(type(self))
        if args:
            if len(args) > len(table):
                raise TypeError(f"{type(self).__name__}() takes at most {len(table)} positional arguments")
            for (name, _d, _f), value in zip(table, args, strict=False):
                if name in values:
                    raise TypeError(f"{type(self).__name__}() got multiple values for {name!r}")
                values[name] = value
        for name, default, factory in table:
            if name in values:
                setter(self, name, values.pop(name))
            elif default is not _MISSING:
                setter(self, name, default)
            elif factory is not _MISSING:
                setter(self, name, factory())
            else:
                raise TypeError(f"{type(self).__name__}() missing argument: {name!r}")
        if values:
            raise TypeError(f"{type(self).__name__}() got unexpected arguments: {sorted(values)}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name, _d, _f in _field_table(type(self)))

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        parts = ", ".join(f"{name}={getattr(self, name)!r}" for name, _d, _f in _field_table(type(self))
                          if getattr(self, name) not in (None, ()))
        return f"{type(self).__name__}({parts})"


@dataclass_transform(eq_default=False, frozen_default=True)
def record(cls: type[T]) -> type[T]:
    """Declare a model record (a dataclass whose methods come from :class:`Record`)."""
    wrap: Callable[[type[T]], type[T]] = dataclasses.dataclass(init=False, repr=False, eq=False, slots=True)
    return wrap(cls)
