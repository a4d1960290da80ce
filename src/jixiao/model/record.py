"""A lighter dataclass for jixiao's many record types.

``jixiao check`` must start fast (its wall time is benchmarked against a bare Python
start), and ``@dataclass`` inspects every annotation and compiles several methods per
class at import — for some eighty classes, most of which a given run never builds.
A record costs nothing at import: :func:`record` only collects the field list (so
``dataclasses.fields()`` and ``dataclasses.replace()`` work), and the class's
``__init__`` is compiled the first time an instance is made. Records are read-only
(:class:`Record`) or, for the few objects built up step by step, writable
(:class:`MutableRecord`); both compare by value and print their fields.
Type checkers see a dataclass (``dataclass_transform``).
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")
_MISSING = dataclasses.MISSING


class MutableRecord:
    """Base of records whose attributes may be assigned after construction."""

    __slots__ = ()

    def __init__(self, *args: Any, **values: Any) -> None:
        # First instance of this class: compile its own __init__, then use it.
        cls = type(self)
        init = _compile_init(cls)
        cls.__init__ = init  # type: ignore[method-assign]
        init(self, *args, **values)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in _names(type(self)))

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        parts = ", ".join(f"{name}={getattr(self, name)!r}" for name in _names(type(self))
                          if getattr(self, name) not in (None, ()))
        return f"{type(self).__name__}({parts})"


class Record(MutableRecord):
    """Base of read-only records."""

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _names(cls: type) -> tuple[str, ...]:
    names: tuple[str, ...] | None = cls.__dict__.get("__record_names__")
    if names is None:
        names = tuple(cls.__dataclass_fields__)  # type: ignore[attr-defined]
        type.__setattr__(cls, "__record_names__", names)
    return names


def _compile_init(cls: type) -> Any:
    fields: dict[str, dataclasses.Field[Any]] = cls.__dataclass_fields__  # type: ignore[attr-defined]
    namespace: dict[str, Any] = {"_MISSING": _MISSING}
    params, body = [], ["    d = self.__dict__"]
    for i, (name, spec) in enumerate(fields.items()):
        if spec.default is not _MISSING:
            namespace[f"_d{i}"] = spec.default
            params.append(f"{name}=_d{i}")
            body.append(f"    d[{name!r}] = {name}")
        elif spec.default_factory is not _MISSING:
            namespace[f"_f{i}"] = spec.default_factory
            params.append(f"{name}=_MISSING")
            body.append(f"    d[{name!r}] = _f{i}() if {name} is _MISSING else {name}")
        else:
            params.append(name)
            body.append(f"    d[{name!r}] = {name}")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body) + "\n"
    exec(source, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


@dataclass_transform(eq_default=True, frozen_default=True)
def record(cls: type[T]) -> type[T]:
    """Declare a record: collect the class's fields (annotations with defaults or
    ``dataclasses.field()`` specs) the way a dataclass lists them."""
    found: dict[str, dataclasses.Field[Any]] = {}
    for base in reversed(cls.__mro__[1:]):
        found.update(getattr(base, "__dataclass_fields__", {}))
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063 - own annotations only, unevaluated
        if isinstance(annotation, str) and annotation.startswith("ClassVar"):
            continue
        value = cls.__dict__.get(name, _MISSING)
        spec: dataclasses.Field[Any] = value if isinstance(value, dataclasses.Field) \
            else dataclasses.field(default=value)
        spec.name, spec.type = name, annotation
        spec._field_type = dataclasses._FIELD  # type: ignore[attr-defined]  # what fields() selects on
        found[name] = spec
        if name in cls.__dict__:
            delattr(cls, name)
    cls.__dataclass_fields__ = found  # type: ignore[attr-defined]
    return cls


@dataclass_transform(eq_default=True)
def mutable_record(cls: type[T]) -> type[T]:
    """Declare a writable record (see :func:`record`)."""
    return record(cls)
