"""Data documents as trees of JSON: set a field by its JSON pointer, list the fields,
and compare two documents field by field (what a reviewer sees against the last submission)."""

from __future__ import annotations

from typing import Any

from jixiao.store.errors import Invalid


def parse_pointer(pointer: str) -> list[str]:
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise Invalid(f"字段路径“{pointer}”应以 / 开头（JSON Pointer）")
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/")]


def escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def get_field(doc: Any, pointer: str) -> Any:
    node = doc
    for part in parse_pointer(pointer):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def set_field(doc: dict[str, Any], pointer: str, value: Any) -> dict[str, Any]:
    """A copy of ``doc`` with the field at ``pointer`` set to ``value`` (``None`` removes
    it); missing objects on the way are created, ``-`` appends to a list."""
    parts = parse_pointer(pointer)
    if not parts:
        raise Invalid("字段路径不能为空")
    root: dict[str, Any] = _copy(doc)
    node: Any = root
    for i, part in enumerate(parts[:-1]):
        following = parts[i + 1]
        child = _child(node, part, pointer)
        if child is None or not isinstance(child, dict | list):
            child = [] if following == "-" or following.isdigit() else {}
            _put(node, part, child, pointer)
        node = child
    last = parts[-1]
    if value is None:
        if isinstance(node, dict):
            node.pop(last, None)
        elif isinstance(node, list) and last.isdigit() and int(last) < len(node):
            node.pop(int(last))
    else:
        _put(node, last, value, pointer)
    return root


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _child(node: Any, part: str, pointer: str) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list):
        if part == "-":
            return None
        if not part.isdigit():
            raise Invalid(f"字段路径“{pointer}”中“{part}”应为序号")
        return node[int(part)] if int(part) < len(node) else None
    raise Invalid(f"字段路径“{pointer}”无法定位")


def _put(node: Any, part: str, value: Any, pointer: str) -> None:
    if isinstance(node, dict):
        node[part] = value
        return
    if isinstance(node, list):
        if part == "-" or (part.isdigit() and int(part) == len(node)):
            node.append(value)
        elif part.isdigit() and int(part) < len(node):
            node[int(part)] = value
        else:
            raise Invalid(f"字段路径“{pointer}”中的序号“{part}”超出范围")
        return
    raise Invalid(f"字段路径“{pointer}”无法定位")


def flatten(doc: Any, prefix: str = "") -> dict[str, Any]:
    """Every leaf of a document by its JSON pointer (empty objects and lists are leaves)."""
    out: dict[str, Any] = {}
    if isinstance(doc, dict) and doc:
        for key, value in doc.items():
            out.update(flatten(value, f"{prefix}/{escape(str(key))}"))
    elif isinstance(doc, list) and doc:
        for index, value in enumerate(doc):
            out.update(flatten(value, f"{prefix}/{index}"))
    else:
        out[prefix] = doc
    return out


def diff(before: Any, after: Any) -> list[dict[str, Any]]:
    """Field-level changes from ``before`` to ``after``: added, removed, changed."""
    old, new = flatten(before), flatten(after)
    changes: list[dict[str, Any]] = []
    for pointer in sorted(old.keys() | new.keys(), key=_order_key):
        if pointer not in new:
            changes.append({"field": pointer, "change": "removed", "from": old[pointer], "to": None})
        elif pointer not in old:
            changes.append({"field": pointer, "change": "added", "from": None, "to": new[pointer]})
        elif old[pointer] != new[pointer]:
            changes.append({"field": pointer, "change": "changed", "from": old[pointer], "to": new[pointer]})
    return changes


def _order_key(pointer: str) -> list[tuple[int, int | str]]:
    return [(0, int(p)) if p.isdigit() else (1, p) for p in pointer.split("/")]
