"""A lighter dataclass for jixiao's many record types.

``jixiao check`` must start fast (its wall time is benchmarked against a bare Python
start). ``@dataclass`` imports ``inspect``, inspects every annotation and compiles
several methods per class at import — for some eighty classes, most of which a given
run never builds. A record costs nothing at import: :func:`record` only collects the
field list, and a class's ``__init__`` is compiled once the class is actually used a
few times (until then a generic one runs). Records are read-only (:class:`Record`) or,
for the few objects built up step by step, writable (:class:`MutableRecord`); both
compare by value and print their fields.

Read-only is enforced by the type checker (``dataclass_transform(frozen_default=True)``:
mypy, run on every change, reports any assignment to a record's field), not by a guard
at run time. A ``__setattr__`` or ``__delattr__`` guard sends every field store of
every construction through CPython's slow attribute path: it made a nine-field record
cost about 15,000 instructions to build instead of about 2,500, and an evaluation
builds dozens (scores, score-card rows, findings). ``dataclasses.fields()``,
``dataclasses.replace()`` and ``dataclasses.is_dataclass()`` work on them: the
``__dataclass_fields__`` they read is built (importing :mod:`dataclasses`) only when
something asks for it. Type checkers see a dataclass (``dataclass_transform``).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs milliseconds to import, and start-up is benchmarked
if TYPE_CHECKING:
    from typing import Any, TypeVar, dataclass_transform

    T = TypeVar("T")
else:
    def dataclass_transform(**_options: object) -> object:
        """At run time the decorator only tells type checkers what a record is."""
        return lambda decorated: decorated


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
# Instances built with the generic __init__ before one is compiled: 32 gave the fewest
# instructions for a one-file check (8: 1.3 % more, 128: 1.6 % more).
COMPILE_AFTER = 32


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
    """A record class's fields, in declaration order."""
    found: tuple[FieldSpec, ...] = cls.__dict__.get("__record_fields__", ())
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

    def __init__(self, *args: Any, **values: Any) -> None:
        cls = type(self)
        count = cls.__dict__.get("__record_built__", 0) + 1
        type.__setattr__(cls, "__record_built__", count)
        if count >= COMPILE_AFTER:
            cls.__init__ = _compile_init(cls)  # type: ignore[method-assign]
        _generic_init(self, cls, args, values)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, spec.name) for spec in record_fields(type(self)))

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        parts = ", ".join(f"{spec.name}={getattr(self, spec.name)!r}" for spec in record_fields(type(self))
                          if getattr(self, spec.name) not in (None, ()))
        return f"{type(self).__name__}({parts})"


class Record(MutableRecord):
    """Base of read-only records."""

    __slots__ = ()


# Fields are set as attributes, never through ``self.__dict__``: touching ``__dict__``
# turns the instance's inline attribute values into a real dict, and CPython 3.11 then
# reads every attribute of it by the slow generic lookup (about four times the cost;
# facts are read field by field in every evaluation).
_set = setattr


def _generic_init(self: MutableRecord, cls: type, args: tuple[Any, ...], values: dict[str, Any]) -> None:
    specs = record_fields(cls)
    if len(args) == len(specs) and not values:  # every field given in order: nothing to check
        for spec, value in zip(specs, args, strict=True):
            _set(self, spec.name, value)
        return
    if len(args) > len(specs):
        raise TypeError(f"{cls.__name__}() takes at most {len(specs)} positional arguments")
    d: dict[str, Any] = {}
    for spec, value in zip(specs, args, strict=False):
        if spec.name in values:
            raise TypeError(f"{cls.__name__}() got multiple values for {spec.name!r}")
        values[spec.name] = value
    for spec in specs:
        if spec.name in values:
            d[spec.name] = values.pop(spec.name)
        elif spec.default is not MISSING:
            d[spec.name] = spec.default
        elif spec.default_factory is not MISSING:
            d[spec.name] = spec.default_factory()
        else:
            raise TypeError(f"{cls.__name__}() missing argument: {spec.name!r}")
    if values:
        raise TypeError(f"{cls.__name__}() got unexpected arguments: {sorted(values)}")
    for name, value in d.items():
        _set(self, name, value)


def _compile_init(cls: type) -> Any:
    namespace: dict[str, Any] = {"_MISSING": MISSING}
    params, body = [], []
    for i, spec in enumerate(record_fields(cls)):
        name = spec.name
        if spec.default is not MISSING:
            namespace[f"_d{i}"] = spec.default
            params.append(f"{name}=_d{i}")
            body.append(f"    self.{name} = {name}")
        elif spec.default_factory is not MISSING:
            namespace[f"_f{i}"] = spec.default_factory
            params.append(f"{name}=_MISSING")
            body.append(f"    self.{name} = _f{i}() if {name} is _MISSING else {name}")
        else:
            params.append(name)
            body.append(f"    self.{name} = {name}")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body) + "\n"
    exec(source, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


@dataclass_transform(eq_default=True, frozen_default=True, field_specifiers=(field,))
def record(cls: type[T]) -> type[T]:
    """Declare a record: collect the class's fields (annotations, with plain defaults or
    :func:`field` specs) in declaration order, after any inherited from record bases."""
    found: dict[str, FieldSpec] = {}
    for base in reversed(cls.__mro__[1:]):
        for spec in record_fields(base):
            found[spec.name] = spec
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


class Value:
    """Base of the small values built by the hundred in every evaluation (intervals,
    readings, resolved values): ``__slots__`` attributes named in ``_fields``, set once
    in the subclass's ``__init__`` and never assigned again (mypy holds them ``Final``);
    compared, hashed and printed by value like the records.

    Slots rather than named tuples: on CPython 3.11 reading a slot is a specialized
    instruction, while a named tuple's field goes through the generic attribute lookup
    (about three times slower), and building either costs the same.
    """

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Value) or type(other) is not type(self):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        parts = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({parts})"
