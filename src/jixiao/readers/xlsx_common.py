"""What the two workbook readers share: building the located tree, reading one cell
into a scalar (with its error and merge findings), and matching labels."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jixiao.findings import Finding
from jixiao.located import Mapping, Node, Scalar, Sequence
from jixiao.model.location import Location
from jixiao.readers.xlsxbook import Sheet
from jixiao.workbook.cells import a1
from jixiao.workbook.codes import FORMULA_ERROR, MERGED_MOVED

_SPACE = re.compile(r"[\s\u3000\xa0]+")
_NUMBERING = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]|其中[:：]?)+")


def norm(label: str) -> str:
    """A label for matching: no spaces, numbering, 其中 or trailing colon."""
    text = _SPACE.sub("", label)
    text = _NUMBERING.sub("", text)
    return text.rstrip(":：")


@dataclass(slots=True)
class TreeBuilder:
    """Builds a located tree in the YAML input shape from paths and scalars."""

    source: str
    root: Mapping = field(init=False)

    def __post_init__(self) -> None:
        self.root = Mapping([], Location(self.source))

    def mapping(self, path: tuple[str, ...], loc: Location) -> Mapping:
        """The mapping at ``path``, created (located at ``loc``) when absent."""
        node = self.root
        for key in path:
            for k, _kl, child in node.entries:
                if k == key and isinstance(child, Mapping):
                    node = child
                    break
            else:
                child = Mapping([], loc)
                node.entries.append((key, loc, child))
                node = child
        return node

    def put(self, path: tuple[str, ...], value: Node, key_loc: Location) -> None:
        parent = self.mapping(path[:-1], key_loc)
        parent.entries.append((path[-1], key_loc, value))

    def text(self, path: tuple[str, ...], text: str, loc: Location) -> None:
        self.put(path, Scalar(text, loc), loc)

    def sequence(self, path: tuple[str, ...], loc: Location) -> Sequence:
        parent = self.mapping(path[:-1], loc)
        for k, _kl, child in parent.entries:
            if k == path[-1] and isinstance(child, Sequence):
                return child
        seq = Sequence([], loc)
        parent.entries.append((path[-1], loc, seq))
        return seq


def new_item(loc: Location) -> Mapping:
    return Mapping([], loc)


def add(item: Mapping, key: str, node: Node | None, loc: Location | None = None) -> None:
    if node is not None:
        item.entries.append((key, loc or (node.location if not isinstance(node, Mapping) else item.location),
                             node))


def read_cell(sheet: Sheet, r: int, c: int, field_name: str, findings: list[Finding]) -> Scalar | None:
    """One cell as a located scalar; ``None`` when blank. Error values and cells
    hidden under a merged range become findings."""
    ref = a1(r, c)
    loc = sheet.location(r, c, ref)
    info = sheet.info.get(ref)
    error = info.error if info is not None else None
    if error is not None:
        assert info is not None
        formula = f"（公式 ={info.formula}）" if info.formula else ""
        findings.append(FORMULA_ERROR.finding([loc], stated=error, field=field_name, error=error,
                                              formula=formula))
        return None
    merge = sheet.covering_merge(r, c)
    if merge is not None:
        r0, c0, r1, c1 = merge
        findings.append(MERGED_MOVED.finding(
            [loc, sheet.location(r0, c0)], range=f"{a1(r0, c0)}:{a1(r1, c1)}", field=field_name,
            cell=a1(r, c)))
        return None
    text = sheet.text(r, c, info)
    if not text:
        return None
    return Scalar(text, loc)
