"""问题说明: the unit's written explanation of one finding, kept in the data document's
``explanations`` (``[{finding, text}]``, by the finding's id; docs/input-format.md).

The store reads them to apply the submit rule (an error neither fixed nor explained needs
the submission's own written explanation); the pages show them beside their findings; the
rendered report counts an explained error as handled. Matching is by id only — what a
finding means is the engine's business, not the store's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def written(data: Mapping[str, Any] | None) -> dict[str, str]:
    """The explanations a data document holds, by finding id: the first non-empty text
    for each id (as the report matches them)."""
    out: dict[str, str] = {}
    entries = (data or {}).get("explanations")
    if not isinstance(entries, list):
        return out
    for entry in entries:
        if not isinstance(entry, Mapping):
            continue
        key, text = str(entry.get("finding") or "").strip(), entry.get("text")
        text = text.strip() if isinstance(text, str) else ""
        if key and text:
            out.setdefault(key, text)
    return out


def errors(result: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    """The error-level findings of an engine result."""
    return [f for f in (result or {}).get("findings") or () if isinstance(f, Mapping) and f.get("level") == "error"]


def open_errors(data: Mapping[str, Any] | None, result: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    """The errors of a version neither fixed nor explained."""
    explained = written(data)
    return [f for f in errors(result) if str(f.get("id") or "") not in explained]


def explained_errors(data: Mapping[str, Any] | None, result: Mapping[str, Any] | None) -> int:
    """How many errors of a version the unit has explained (what the dashboard no longer
    counts as open)."""
    explained = written(data)
    return sum(1 for f in errors(result) if str(f.get("id") or "") in explained)


def stale(data: Mapping[str, Any] | None, result: Mapping[str, Any] | None) -> dict[str, str]:
    """Explanations whose finding this version no longer has (the figure was corrected
    since, or the data changed): they clear nothing."""
    ids = {str(f.get("id") or "") for f in (result or {}).get("findings") or () if isinstance(f, Mapping)}
    return {key: text for key, text in written(data).items() if key not in ids}


def with_explanation(data: Mapping[str, Any], finding: str, text: str) -> dict[str, Any]:
    """A copy of the data document with ``finding``'s explanation set to ``text`` (every
    earlier entry for that id replaced), or removed when ``text`` is empty."""
    out = dict(data)
    kept: list[Any] = []
    placed = False
    for entry in out.get("explanations") or ():
        if isinstance(entry, Mapping) and str(entry.get("finding") or "").strip() == finding:
            if text and not placed:  # the first entry keeps its place in the list
                kept.append({**entry, "finding": finding, "text": text})
                placed = True
            continue
        kept.append(entry)
    if text and not placed:
        kept.append({"finding": finding, "text": text})
    if kept:
        out["explanations"] = kept
    else:
        out.pop("explanations", None)
    return out
