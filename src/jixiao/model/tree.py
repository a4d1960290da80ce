"""The located tree every reader produces: mappings, sequences and scalars as written,
each with its :class:`~jixiao.model.location.Location`. The walker
(:mod:`jixiao.readers.tree`) builds the model from it; :mod:`jixiao.located` reads YAML
and JSON text into it.
"""

from __future__ import annotations

from collections import namedtuple

from jixiao.model.location import Location
from jixiao.model.record import MutableRecord, mutable_record

TYPE_CHECKING = False  # typing costs milliseconds to import; annotations only need it for mypy
if TYPE_CHECKING:
    from typing import NamedTuple

    class _ScalarFields(NamedTuple):
        text: str
        location: Location
        null: bool = False
else:  # typing.NamedTuple compiles each string annotation at import
    _ScalarFields = namedtuple("_ScalarFields", "text location null", defaults=(False,))


class Scalar(_ScalarFields):
    """A value as written (its text, where, and whether YAML reads it as null). A named
    tuple: a reader makes one for every value, so it must be cheap to build."""

    __slots__ = ()


@mutable_record
class Mapping(MutableRecord):
    entries: list[tuple[str, Location, Node]]
    location: Location


@mutable_record
class Sequence(MutableRecord):
    items: list[Node]
    location: Location


Node = Scalar | Mapping | Sequence


def append_item(parent: Mapping, key: str, child: Mapping) -> None:
    """Add ``child`` to the sequence under ``key`` (made when missing), once."""
    for k, _loc, node in parent.entries:
        if k == key and isinstance(node, Sequence):
            if not node.items or node.items[-1] is not child:
                node.items.append(child)
            return
    parent.entries.append((key, child.location, Sequence([child], child.location)))
