"""Keys that bind the same thing named differently in different places.

A report's text says "委员培训项目支出", its project table "委员培训费", its 附件2 row
"委员培训": they are one project. The key drops the generic words that templates add
around a project's own name, so statements of one project share one concept.
"""

from __future__ import annotations

import re

_SUFFIXES = ("项目支出", "项目经费", "专项资金", "专项经费", "项目资金", "专项", "项目", "经费",
             "资金", "支出", "费用", "费")
# A list number or "其中：" before a name. Kept as text, compiled by re on first use and
# tried only on names that start the way one of its branches does: its CJK character
# classes take a millisecond to compile.
_PREFIX = r"^(?:[一二三四五六七八九十]+[、.．是]|\d+[、.．]|[（(]\d+[)）]|其中[:：])\s*"
_PREFIX_FIRST = frozenset("一二三四五六七八九十（(其")
_BAD = str.maketrans(".[]", "___")  # characters a concept id cannot hold


def _unspaced(name: str) -> str:
    """The name with all whitespace (U+3000 included) removed."""
    return "".join(name.split())


def project_key(name: str) -> str:
    """A stable key for a project name (``政协全会经费专项`` → ``政协全会``)."""
    key = _unspaced(name)
    first = key[:1]
    if first in _PREFIX_FIRST or first.isdecimal():
        key = re.sub(_PREFIX, "", key)
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix) + 1:
                key = key[: -len(suffix)]
                changed = True
                break
    return key.translate(_BAD) or "_"


def name_key(name: str) -> str:
    """A key for names used inside concept ids (indicators, rows): whitespace and
    dots removed, nothing else changed."""
    return _unspaced(name).translate(_BAD) or "_"
