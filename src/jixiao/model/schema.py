"""Field specifications shared by the model classes, the readers and the JSON Schema.

Every field of an evaluation class carries a :class:`Spec` in its dataclass metadata:
its Chinese title, what kind of value it holds and, for figures, the fragment of the
concept it states and its default unit. Readers walk these specs to build the model
(and to report unknown keys and wrong types with locations); ``jixiao schema`` turns
the same specs into a JSON Schema. One description, no drift.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum

from jixiao.model.record import FieldSpec, Record, field, record, record_fields

TYPE_CHECKING = False  # typing costs milliseconds to import; annotations only need it for mypy
if TYPE_CHECKING:
    from typing import Any


class Kind(StrEnum):
    FACT = "fact"  # a figure: number with optional unit → Fact
    TEXT = "text"  # free text → Text
    VALUE = "value"  # an indicator target/actual → IndicatorValue
    INT = "int"  # a small integer such as the year
    NAME = "name"  # a short string (names, ids) → str
    OBJECT = "object"  # a nested model class
    LIST = "list"  # a list of a nested model class
    TEXT_LIST = "text_list"  # a list of short strings
    FIGURES = "figures"  # a mapping concept → figure, for figures inside sentences


@record
class Spec(Record):
    kind: Kind
    title: str
    concept: str = ""
    unit: str | None = None
    item: type | None = None
    description: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()
    key_prefix: str | None = None  # for LIST: concept fragment for each item
    keyfn: str = "name"  # for LIST: how an item's name becomes its key (name, project, source)
    label: str | None = None  # Chinese place label fragment (defaults to title)


def _f(spec: Spec, default: Any = None) -> Any:
    if spec.kind in (Kind.LIST, Kind.TEXT_LIST):
        return field(default=(), metadata={"spec": spec})
    if spec.kind is Kind.FIGURES:
        return field(default=(), metadata={"spec": spec})
    return field(default=default, metadata={"spec": spec})


def fact_field(title: str, concept: str, unit: str | None = "万元", *, label: str | None = None,
         description: str = "", required: bool = False) -> Any:
    return _f(Spec(Kind.FACT, title, concept, unit, label=label, description=description,
                   required=required))


def text_field(title: str, *, description: str = "", required: bool = False) -> Any:
    return _f(Spec(Kind.TEXT, title, description=description, required=required))


def value_field(title: str, *, description: str = "") -> Any:
    return _f(Spec(Kind.VALUE, title, description=description))


def int_field(title: str, *, description: str = "", required: bool = False) -> Any:
    return _f(Spec(Kind.INT, title, description=description, required=required))


def string_field(title: str, *, description: str = "", required: bool = False,
         choices: tuple[str, ...] = ()) -> Any:
    return _f(Spec(Kind.NAME, title, description=description, required=required,
                   choices=choices))


def object_field(title: str, item: type, concept: str = "", *, label: str | None = None,
        description: str = "", required: bool = False) -> Any:
    return _f(Spec(Kind.OBJECT, title, concept, item=item, label=label,
                   description=description, required=required))


def list_field(title: str, item: type, key_prefix: str | None = None, concept: str = "", *,
          label: str | None = None, description: str = "", keyfn: str = "name") -> Any:
    return _f(Spec(Kind.LIST, title, concept, item=item, key_prefix=key_prefix, label=label,
                   description=description, keyfn=keyfn))


def text_list_field(title: str, *, description: str = "") -> Any:
    return _f(Spec(Kind.TEXT_LIST, title, description=description))


def figures_field(title: str, *, description: str = "") -> Any:
    return _f(Spec(Kind.FIGURES, title, description=description))


def specs(cls: type) -> Iterator[tuple[str, Spec]]:
    """(attribute name, spec) for every specified field of a model class."""
    for f in _fields(cls):
        spec = f.metadata.get("spec")
        if spec is not None:
            yield f.name, spec


def _fields(cls: type) -> tuple[FieldSpec, ...]:
    return record_fields(cls)


def join_concept(*parts: str) -> str:
    if len(parts) == 2:  # the walker's usual case, once per value read
        a, b = parts
        return f"{a}.{b}" if a and b else (a or b)
    return ".".join(p for p in parts if p)


def join_label(*parts: str | None) -> str:
    if len(parts) == 2:
        a, b = parts
        return f"{a}·{b}" if a and b else (a or b or "")
    return "·".join(p for p in parts if p)
