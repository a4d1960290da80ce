"""内设机构 as a report counts and lists them (``内设8个内设机构，即办公室、第一检察部、……``;
``设 17 个内设 机构``): the count, and the names when the sentence lists them, each with
its place, so that a count against its list and a name listed twice can be checked.

Names are split at 、 only. A list that ends in 等 is not the whole list and is not
kept; a last name joined by 和 / 及 is split there only when both halves name an office
(end in 室, 部, 股, 科, 处 …). A list whose names are not short office names is not
kept either: the count alone is read then.
"""

from __future__ import annotations

import re

from jixiao.located import Scalar
from jixiao.readers.document import Paragraph, Piece
from jixiao.readers.extract.build import Map

_COUNT = re.compile(r"(?:内\s*设|设\s*有|下\s*设|设)\s*(?:有\s*)?(?P<n>\d{1,3})\s*个\s*(?:内\s*设\s*)?(?:职\s*能\s*)?"
                    r"(?:机\s*构|科\s*室|股\s*室|部\s*门)")
_LIST = re.compile(r"\s*[,，:：]?\s*(?:即|分别为|分别是|包括|为)\s*[:：]?\s*(?P<list>[^。；;\n]+)")
_OFFICE = re.compile(r"(?:室|部|股|科|处|局|中心|队|所|站|组|办|院|庭|委)$")
_NAME_MAX = 15


def read_institutions(profile: Map, paragraphs: list[Paragraph]) -> None:
    """The first count of 内设机构 in the profile's paragraphs, with its list."""
    for para in paragraphs:
        piece = para.piece
        m = _COUNT.search(piece.text)
        if m is None:
            continue
        block = profile.map("institution_list", piece.at(m.start()))
        block.put("count", Scalar(m.group("n"), piece.at(m.start("n"))), piece.at(m.start()))
        listed = _LIST.match(piece.text, m.end())
        if listed is not None:
            names = _names(piece.slice(listed.start("list"), listed.end("list")))
            if names:
                items = block.seq("items", names[0].location)
                for name in names:
                    items.add(name.location).put("name", Scalar(name.text, name.location))
        return


def _names(piece: Piece) -> list[Piece]:
    text = piece.text.rstrip(" ，,")
    if text.endswith("等") or re.search(r"等\s*(?:\d+\s*个)?\s*(?:机构|科室|股室|部门)?$", text):
        return []
    names: list[Piece] = []
    pos = 0
    for part in text.split("、"):
        name = piece.slice(pos, pos + len(part)).strip()
        pos += len(part) + 1
        names.append(name)
    last = names[-1]
    joined = re.search(r"[和及与]", last.text)
    if joined is not None:
        a, b = last.slice(0, joined.start()).strip(), last.slice(joined.end(), len(last.text)).strip()
        if _OFFICE.search(a.text) and _OFFICE.search(b.text):
            names[-1:] = [a, b]
    if len(names) < 2 or any(not n.text or len(n.text) > _NAME_MAX or not _OFFICE.search(n.text) for n in names):
        return []
    return names
