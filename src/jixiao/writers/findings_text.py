"""Findings as text: ``LOCATION: CODE [级别] message``, then the source excerpt —
clickable in an editor, readable in a terminal (hledger style)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from jixiao.findings import Finding, count_levels
from jixiao.model.location import Location
from jixiao.writers.textwidth import width

SourceLines = Callable[[str], list[str] | None]
MAX_OTHERS = 3


def _excerpt(loc: Location, lines_of: SourceLines) -> list[str]:
    if loc.line is None:
        return []
    lines = lines_of(loc.file)
    if not lines or not 1 <= loc.line <= len(lines):
        return []
    text = lines[loc.line - 1].rstrip("\n")
    gutter = f"{loc.line:>6} | "
    out = [gutter + text]
    if loc.column:
        prefix = text[: loc.column - 1]
        token = text[loc.column - 1:].split("#", 1)[0].rstrip()
        token = token.split(",", 1)[0].split("}", 1)[0] if text.lstrip().startswith("- {") else token
        marker = "^" * max(1, min(width(token), 40))
        out.append(" " * 6 + " | " + " " * width(prefix) + marker)
    return out


def render_finding(f: Finding, lines_of: SourceLines) -> str:
    main = f.locations[0].render() if f.locations else "<无位置>"
    out = [f"{main}: {f.code} [{f.level.zh}] {f.message}"]
    if f.locations:
        out.extend(_excerpt(f.locations[0], lines_of))
    others = f.locations[1:]
    for other in others[:MAX_OTHERS]:
        out.append(f"  另见 {other.render()}")
        out.extend(_excerpt(other, lines_of))
    if len(others) > MAX_OTHERS:
        out.append(f"  另有 {len(others) - MAX_OTHERS} 处（完整位置见 --format json）")
    return "\n".join(out)


def render_findings(findings: Iterable[Finding], lines_of: SourceLines) -> str:
    items = list(findings)
    blocks = [render_finding(f, lines_of) for f in items]
    return "\n\n".join(blocks)


def summary_line(findings: Iterable[Finding]) -> str:
    c = count_levels(findings)
    total = c["error"] + c["warning"] + c["info"]
    return f"共 {total} 条：错误 {c['error']}，警告 {c['warning']}，提示 {c['info']}"
