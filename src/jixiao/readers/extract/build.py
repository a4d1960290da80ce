"""Building the located tree (the shape of the YAML input format) from pieces."""

from __future__ import annotations

from jixiao.located import Mapping, Node, Scalar, Sequence
from jixiao.model.location import Location
from jixiao.readers.document import Piece


class Map:
    """A mapping under construction; keys keep their first position."""

    def __init__(self, location: Location) -> None:
        self.location = location
        self.entries: list[tuple[str, Location, Node | Map | Seq]] = []

    def __contains__(self, key: str) -> bool:
        return any(k == key for k, _, _ in self.entries)

    def get(self, key: str) -> Node | Map | Seq | None:
        for k, _, v in self.entries:
            if k == key:
                return v
        return None

    def put(self, key: str, value: Node | Map | Seq, key_location: Location | None = None) -> None:
        """Set a key (replacing an earlier value)."""
        for i, (k, loc, _) in enumerate(self.entries):
            if k == key:
                self.entries[i] = (k, loc, value)
                return
        self.entries.append((key, key_location or _location_of(value), value))

    def text(self, key: str, piece: Piece | None, key_location: Location | None = None) -> None:
        if piece is None:
            return
        p = piece.strip(" \t\r\n\u3000\xa0")
        if not p.text:
            return
        self.put(key, Scalar(p.text, p.location), key_location)

    def plain(self, key: str, text: str, location: Location) -> None:
        self.put(key, Scalar(text, location))

    def map(self, key: str, location: Location, key_location: Location | None = None) -> Map:
        existing = self.get(key)
        if isinstance(existing, Map):
            return existing
        m = Map(location)
        self.put(key, m, key_location or location)
        return m

    def seq(self, key: str, location: Location) -> Seq:
        existing = self.get(key)
        if isinstance(existing, Seq):
            return existing
        s = Seq(location)
        self.put(key, s, location)
        return s

    def empty(self) -> bool:
        return not self.entries

    def build(self) -> Mapping:
        entries: list[tuple[str, Location, Node]] = []
        for key, loc, value in self.entries:
            node = value.build() if isinstance(value, Map | Seq) else value
            if isinstance(value, Map | Seq) and value.empty():
                continue
            entries.append((key, loc, node))
        return Mapping(entries, self.location)


class Seq:
    def __init__(self, location: Location) -> None:
        self.location = location
        self.items: list[Map] = []

    def add(self, location: Location) -> Map:
        m = Map(location)
        self.items.append(m)
        return m

    def empty(self) -> bool:
        return not any(not m.empty() for m in self.items)

    def build(self) -> Sequence:
        return Sequence([m.build() for m in self.items if not m.empty()], self.location)


def _location_of(value: Node | Map | Seq) -> Location:
    return value.location
