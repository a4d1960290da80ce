"""The located tree written as an editable YAML file (``jixiao import``).

Every scalar keeps its text exactly as the document wrote it (``63.70`` stays
``63.70``, ``42.82元`` keeps its unit), so the YAML checks the same as the document it
came from. A comment after each figure says where the document states it, so a clerk
can compare the two; a header says where the file came from and what the import
noticed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import yaml

from jixiao.located import Mapping, Node, Scalar, Sequence
from jixiao.model.location import Location

_INDENT = "  "
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def dump_tree(tree: Mapping, header: Iterable[str] = (), lines: bool = True) -> str:
    """The tree as YAML text; ``header`` lines become comments at the top. ``lines``:
    the source's line numbers mean something to a reader (text, YAML), unlike the
    lines of the rendition of a DOCX, PDF or HTML file."""
    out: list[str] = [f"# {line}" if line else "#" for line in header]
    if out:
        out.append("")
    _mapping(tree, 0, out, lines)
    return "\n".join(out) + "\n"


def where(loc: Location, lines: bool = True) -> str:
    """A location in words for a comment: 第22行, 第3页 表2 第5行 第4列."""
    parts: list[str] = []
    if loc.page is not None:
        parts.append(f"第{loc.page}页")
    if loc.table is not None:
        parts.append(f"表{loc.table}")
        if loc.row is not None:
            parts.append(f"第{loc.row}行")
        if loc.col is not None:
            parts.append(f"第{loc.col}列")
        return " ".join(parts)
    if loc.sheet is not None:
        return f"{loc.sheet}!{loc.cell or ''}"
    if loc.line is not None and lines:
        parts.append(f"第{loc.line}行")
    return " ".join(parts)


def _mapping(node: Mapping, depth: int, out: list[str], lines: bool, first_prefix: str = "") -> None:
    pad = _INDENT * depth
    for index, (key, _key_loc, child) in enumerate(node.entries):
        lead = first_prefix if index == 0 and first_prefix else pad
        k = _key(key)
        if isinstance(child, Scalar):
            _scalar_entry(lead, k, child, depth, out, lines)
        elif isinstance(child, Mapping):
            if not child.entries:
                out.append(f"{lead}{k}: {{}}")
                continue
            out.append(f"{lead}{k}:")
            _mapping(child, depth + 1, out, lines)
        else:
            if not child.items:
                out.append(f"{lead}{k}: []")
                continue
            out.append(f"{lead}{k}:")
            _sequence(child, depth + 1, out, lines)


def _sequence(node: Sequence, depth: int, out: list[str], lines: bool) -> None:
    pad = _INDENT * depth
    for item in node.items:
        if isinstance(item, Mapping):
            if not item.entries:
                out.append(f"{pad}- {{}}")
                continue
            _mapping(item, depth + 1, out, lines, first_prefix=f"{pad}- ")
        elif isinstance(item, Scalar):
            text = _inline(item.text)
            out.append(f"{pad}- {text}{_comment(item.location, lines)}")
        else:
            out.append(f"{pad}-")
            _sequence(item, depth + 1, out, lines)


def _scalar_entry(lead: str, key: str, node: Scalar, depth: int, out: list[str], lines: bool) -> None:
    if node.null:
        out.append(f"{lead}{key}:")
        return
    text = node.text
    comment = _comment(node.location, lines)
    if "\n" in text:
        block = _literal(text, depth + 1)
        if block is not None:
            indicator, body = block
            out.append(f"{lead}{key}: {indicator}{comment}")
            out.extend(body)
            return
    out.append(f"{lead}{key}: {_inline(text)}{comment}")


def _comment(loc: Location | None, lines: bool) -> str:
    if loc is None or (loc.line is None and loc.table is None and loc.page is None and loc.sheet is None):
        return ""
    text = where(loc, lines)
    return f"  # {text}" if text else ""


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) else _inline(key)


def _inline(text: str) -> str:
    """A one-line scalar: plain when YAML reads it back as the same text, else
    double-quoted (JSON escapes are valid YAML)."""
    if text and "\n" not in text and text == text.strip() and _reads_back(text):
        return text
    return quote(text)


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def quote(text: str) -> str:
    """A YAML double-quoted scalar; every character YAML would not keep as it is
    (controls, NEL, line and paragraph separators, surrogates) is escaped."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF) \
                or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _reads_back(text: str) -> bool:
    try:
        node = yaml.compose(f"k: {text}\n", Loader=_Loader)
    except yaml.YAMLError:
        return False
    if node is None or not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
        return False
    value = node.value[0][1]
    return isinstance(value, yaml.ScalarNode) and value.value == text \
        and value.tag != "tag:yaml.org,2002:null"


def _literal(text: str, depth: int) -> tuple[str, list[str]] | None:
    """A literal block (``|-``) when it reads back exactly; None otherwise."""
    lines = text.split("\n")
    if any(ln != ln.rstrip(" \t") or "\t" in ln or "\r" in ln for ln in lines):
        return None
    if not lines[0].strip() or lines[0][:1] == " ":
        return None
    chomp = "-"
    if text.endswith("\n"):
        return None
    pad = _INDENT * depth
    body = [f"{pad}{ln}" if ln else "" for ln in lines]
    probe = "k: |" + chomp + "\n" + "\n".join(body) + "\n"
    try:
        node = yaml.compose(probe, Loader=_Loader)
    except yaml.YAMLError:
        return None
    if node is None or node.value[0][1].value != text:
        return None
    return "|" + chomp, body


def tree_scalars(node: Node) -> list[str]:
    """Every scalar text of a tree, in order (for round-trip checks)."""
    if isinstance(node, Scalar):
        return [node.text]
    if isinstance(node, Mapping):
        return [s for _, _, child in node.entries for s in tree_scalars(child)]
    return [s for item in node.items for s in tree_scalars(item)]
