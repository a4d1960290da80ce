"""HTML: one standalone page (inline CSS and JavaScript, no network) with a summary per
document, ranked by severity, and every finding, sortable and filterable by level, rule
and document. The rows are in the page itself, so it reads (and prints) without
JavaScript; the script only sorts and filters. Template: ``audit.html`` beside this file.
"""

from __future__ import annotations

import re
from collections import Counter
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from jixiao.audit.outputs.columns import LEVEL_ZH, coverage, difference, render_location
from jixiao.audit.rows import KIND_ZH, LEVELS, AuditReport, DocumentRow, severity_key
from jixiao.writers.atomic import write_text

TITLE = "预算绩效自评报告批量核查结果"
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def template() -> str:
    return resources.files("jixiao.audit.outputs").joinpath("audit.html").read_text(encoding="utf-8")


def place(loc: dict[str, Any]) -> str:
    """A location without its file, as a person reads it: 第12行第5列, 附表!B7, 第3页 表2 第5行 第4列."""
    if loc.get("sheet") is not None:
        return f"{loc['sheet']}!{loc.get('cell') or ''}"
    parts: list[str] = []
    if loc.get("page") is not None:
        parts.append(f"第{loc['page']}页")
    if loc.get("table") is not None:
        parts.append(f"表{loc['table']}")
        if loc.get("row") is not None:
            parts.append(f"第{loc['row']}行")
        if loc.get("col") is not None:
            parts.append(f"第{loc['col']}列")
    elif loc.get("line") is not None:
        parts.append(f"第{loc['line']}行第{loc.get('column') or 1}列")
    return " ".join(parts) or "全文"


def _e(value: object) -> str:
    return "—" if value is None or value == "" else escape(str(value))


def _count(n: int, level: str) -> str:
    cls = f"count {level}" if n else "zero"
    return f'<td class="num"><span class="{cls}">{n}</span></td>'


def _ratio(doc: DocumentRow) -> str:
    """The coverage as a number for sorting (−1 where there is none)."""
    cov = doc["coverage"]
    return "-1" if cov is None or not cov["figures"] else f"{min(1, cov['read'] / cov['figures']):.4f}"


def _status(doc: DocumentRow) -> tuple[str, str]:
    """(badge class, text) for the 状态 column."""
    if doc["error"]:
        return "error", "无法核查"
    counts = doc["counts"]
    if counts["error"]:
        return "error", "有错误"
    if counts["warning"]:
        return "warning", "有警告"
    if counts["info"]:
        return "info", "仅有提示"
    return "ok", "未发现问题"


def _document_rows(ranked: list[tuple[int, DocumentRow]]) -> str:
    out = []
    for rank, (index, doc) in enumerate(ranked, start=1):
        badge, status = _status(doc)
        bad = "1" if doc["error"] or doc["counts"]["error"] else "0"
        cls = ' class="doc-unaudited"' if doc["error"] else ""
        diff = difference(doc)
        reason = f'<br><span class="reason">{escape(doc["error"])}</span>' if doc["error"] else ""
        out.append(
            f'<tr data-doc="d{index}" data-bad="{bad}"{cls}>'
            f'<td class="num">{rank}</td>'
            f'<td class="file"><a href="#findings" data-doc="d{index}">{escape(doc["file"])}</a></td>'
            f'<td>{_e(doc["unit"])}</td>'
            f'<td class="num">{_e(doc["year"])}</td>'
            f'<td class="nw">{_e(KIND_ZH.get(doc["kind"] or "", doc["kind"]))}</td>'
            f'<td class="nw">{_e(doc["framework"])}</td>'
            f'<td class="num">{_e(doc["score_reported"])}</td>'
            f'<td class="num">{_e(doc["score_recomputed"])}</td>'
            f'<td class="num">{_e(diff)}</td>'
            + "".join(_count(doc["counts"][level], level) for level in LEVELS)  # type: ignore[literal-required]
            + f'<td class="num nw" data-value="{_ratio(doc)}">{_e(coverage(doc))}</td>'
            + f'<td data-value="{badge}"><span class="badge {badge}">{status}</span>{reason}</td></tr>')
    return "\n".join(out)


def _finding_rows(findings: list[dict[str, Any]], doc_ids: dict[str, int]) -> str:
    if not findings:
        return '<tr><td colspan="8" class="empty">未发现问题。</td></tr>'
    out = []
    for f in findings:
        level = f["level"]
        locs = f["locations"]
        if locs:
            full = "\n".join(render_location(loc) for loc in locs)
            loc_html = escape(place(locs[0]))
            if len(locs) > 1:
                loc_html += f'<br><span class="more" title="{escape(full)}">另见 {len(locs) - 1} 处</span>'
            loc_cell = f'<td class="loc" title="{escape(full)}">{loc_html}</td>'
        else:
            loc_cell = '<td class="loc">全文</td>'
        doc = f["document"]
        out.append(
            f'<tr data-level="{escape(level)}" data-code="{escape(f["code"])}" data-doc="d{doc_ids.get(doc, -1)}">'
            f'<td class="file">{escape(doc)}</td>'
            f'<td data-value="{LEVELS.index(level) if level in LEVELS else 9}">'
            f'<span class="badge {escape(level)}">{LEVEL_ZH.get(level, escape(level))}</span></td>'
            f'<td class="code">{escape(f["code"])}</td>'
            f"{loc_cell}"
            f'<td class="msg">{escape(f["message"])}</td>'
            f'<td>{_e(f["stated"])}</td><td>{_e(f["expected"])}</td>'
            f'<td class="cite">{_e(f["citation"])}</td></tr>')
    return "\n".join(out)


def render(report: AuditReport, title: str = TITLE) -> str:
    documents = report.documents
    doc_ids = {doc["file"]: i for i, doc in enumerate(documents)}
    ranked = sorted(enumerate(documents), key=lambda pair: severity_key(pair[1]))
    position = {doc["file"]: rank for rank, (_i, doc) in enumerate(ranked)}
    findings = sorted(report.findings, key=lambda f: (
        LEVELS.index(f["level"]) if f["level"] in LEVELS else 9, position.get(f["document"], 0)))
    totals = report.totals()
    unaudited = report.unaudited
    n_findings = len(findings)
    lead = (f"共核查 {len(documents)} 份文件"
            + (f"，其中 {unaudited} 份无法核查" if unaudited else "")
            + f"；发现问题 {n_findings} 条：错误 {totals['error']}，警告 {totals['warning']}，"
              f"提示 {totals['info']}。")
    cards = [("documents", len(documents), "份文件"), ("unaudited", unaudited, "份无法核查"),
             ("error", totals["error"], "条错误"), ("warning", totals["warning"], "条警告"),
             ("info", totals["info"], "条提示")]
    level_counts = Counter(f["level"] for f in findings)
    codes = Counter(f["code"] for f in findings)
    parts = {
        "title": escape(title),
        "lead": escape(lead),
        "cards": "".join(f'<div class="card {cls}"><b>{n}</b><span>{label}</span></div>'
                         for cls, n, label in cards),
        "doc_count": str(len(documents)),
        "documents": _document_rows(ranked),
        "finding_count": str(n_findings),
        "level_filters": "".join(
            f'<label><input type="checkbox" name="level" value="{level}" checked> '
            f'<span class="badge {level}">{LEVEL_ZH[level]}</span> {level_counts[level]}</label>'
            for level in LEVELS),
        "code_options": "".join(f'<option value="{escape(code)}">{escape(code)}（{n}）</option>'
                                for code, n in sorted(codes.items(), key=lambda kv: (-kv[1], kv[0]))),
        "doc_options": "".join(f'<option value="d{i}">{escape(doc["file"])}</option>' for i, doc in ranked),
        "findings": _finding_rows(findings, doc_ids),
    }
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1)], template())


def write(report: AuditReport, path: Path) -> list[Path]:
    write_text(path, render(report))
    return [path]
