"""Records: how the model and the core declare their types.

    @record
    class Fact(Record):
        concept: str
        value: Decimal | None = None

A record is a class with annotated fields, built by keyword or in field order, compared,
hashed and printed by its field values, and pickled like any class. ``@record`` makes it
read-only, ``@mutable_record`` writable (for the few objects built up step by step).
A record may be subclassed; a decorated subclass adds its own fields after its bases'.

To type checkers a record is a dataclass (``dataclass_transform``: mypy, run on every
change, reports any assignment to a read-only record's field), and
``dataclasses.fields()``, ``replace()`` and ``is_dataclass()`` work on records.

Why not ``@dataclass(frozen=True, slots=True)`` itself: ``jixiao check`` on one file is
measured against a bare interpreter start, and the check path declares about eighty
record classes. ``@dataclass(frozen=True, slots=True)`` generates and compiles six
methods and builds each class twice: about 4.5 million instructions per class, plus 47
million to import :mod:`dataclasses` — together several times a bare start
(docs/benchmarks.md). :func:`record` only collects the field list; one ``__init__``
serves every record. Read-only is not guarded at run time: a ``__setattr__`` guard
would send every field store of every construction through CPython's slow path.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs milliseconds to import, and start-up is benchmarked
if TYPE_CHECKING:
    from typing import Any, ClassVar, TypeVar, dataclass_transform

    T = TypeVar("T")
else:
    def dataclass_transform(**_options: object) -> object:
        """At run time the decorator only tells type checkers what a record is."""
        return lambda decorated: decorated


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class FieldSpec:
    """A record field: its name, default or default factory, and metadata."""

    __slots__ = ("default", "default_factory", "metadata", "name", "type")

    def __init__(self, default: Any = MISSING, default_factory: Any = MISSING,
                 metadata: dict[str, Any] | None = None) -> None:
        self.name = ""
        self.type: Any = None
        self.default = default
        self.default_factory = default_factory
        self.metadata = metadata or {}


def field(*, default: Any = MISSING, default_factory: Any = MISSING,
          metadata: dict[str, Any] | None = None) -> Any:
    """Declare a field with a default factory or metadata (like ``dataclasses.field``)."""
    return FieldSpec(default, default_factory, metadata)


def record_fields(cls: type) -> tuple[FieldSpec, ...]:
    """A record class's fields, in declaration order (inherited ones first)."""
    found: tuple[FieldSpec, ...] = getattr(cls, "__record_fields__", ())
    return found


class _DataclassFields:
    """``__dataclass_fields__`` built on first access, so :mod:`dataclasses` is imported
    only by code that uses it."""

    def __get__(self, instance: object, owner: type) -> dict[str, Any]:
        import dataclasses

        built: dict[str, Any] = {}
        for spec in record_fields(owner):
            made: Any = dataclasses.field(
                default=dataclasses.MISSING if spec.default is MISSING else spec.default,
                default_factory=dataclasses.MISSING if spec.default_factory is MISSING else spec.default_factory,
                metadata=spec.metadata)
            made.name, made.type = spec.name, spec.type
            made._field_type = dataclasses._FIELD  # type: ignore[attr-defined]  # what fields() selects on
            built[spec.name] = made
        type.__setattr__(owner, "__dataclass_fields__", built)
        return built


class MutableRecord:
    """Base of records whose attributes may be assigned after construction."""

    __slots__ = ()
    __record_fields__: ClassVar[tuple[FieldSpec, ...]] = ()

    def __init__(self, *args: Any, **values: Any) -> None:
        # Fields are set as attributes, never through ``self.__dict__``, which would make
        # CPython 3.11 read every attribute of the record by its slow generic lookup.
        specs = type(self).__record_fields__
        if len(args) > len(specs):
            raise TypeError(f"{type(self).__name__}() takes at most {len(specs)} positional arguments")
        for spec, value in zip(specs, args, strict=False):
            setattr(self, spec.name, value)
        for spec in specs[len(args):]:
            if spec.name in values:
                value = values.pop(spec.name)
            elif spec.default is not MISSING:
                value = spec.default
            elif spec.default_factory is not MISSING:
                value = spec.default_factory()
            else:
                raise TypeError(f"{type(self).__name__}() missing argument: {spec.name!r}")
            setattr(self, spec.name, value)
        if values:
            raise TypeError(f"{type(self).__name__}() got unexpected or repeated arguments: {sorted(values)}")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, spec.name) for spec in self.__record_fields__)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        parts = ", ".join(f"{spec.name}={getattr(self, spec.name)!r}" for spec in self.__record_fields__
                          if getattr(self, spec.name) not in (None, ()))
        return f"{type(self).__name__}({parts})"


class Record(MutableRecord):
    """Base of read-only records."""

    __slots__ = ()


@dataclass_transform(eq_default=True, frozen_default=True, field_specifiers=(field,))
def record(cls: type[T]) -> type[T]:
    """Declare a record: collect the class's fields (annotations, with plain defaults or
    :func:`field` specs) in declaration order, after any inherited from record bases."""
    found = {spec.name: spec for spec in record_fields(cls)}
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063 - own, unevaluated
        if isinstance(annotation, str) and annotation.startswith("ClassVar"):
            continue
        value = cls.__dict__.get(name, MISSING)
        spec = value if isinstance(value, FieldSpec) else FieldSpec(default=value)
        spec.name, spec.type = name, annotation
        found[name] = spec
        if name in cls.__dict__:
            delattr(cls, name)
    type.__setattr__(cls, "__record_fields__", tuple(found.values()))
    type.__setattr__(cls, "__dataclass_fields__", _DataclassFields())
    return cls


@dataclass_transform(eq_default=True, field_specifiers=(field,))
def mutable_record(cls: type[T]) -> type[T]:
    """Declare a writable record (see :func:`record`)."""
    return record(cls)
