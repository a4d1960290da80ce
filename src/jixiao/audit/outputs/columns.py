"""The columns of the tabular outputs (CSV, XLSX), shared so both say the same."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from jixiao.audit.rows import KIND_ZH, DocumentRow

LEVEL_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass(frozen=True, slots=True)
class Column:
    header: str  # zh-CN, as people read it in Excel
    key: str  # the JSON field it comes from (docs/audit.md)
    get: Callable[[Any], object]
    kind: str = "text"  # text | int | score
    width: int = 12


def score(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def difference(doc: DocumentRow) -> str | None:
    """复算得分 − 自评得分, with the decimals of the more precise of the two."""
    reported, recomputed = score(doc["score_reported"]), score(doc["score_recomputed"])
    if reported is None or recomputed is None:
        return None
    diff = recomputed - reported
    return "0" if diff == 0 else f"{diff:+f}"


def coverage(doc: DocumentRow) -> str | None:
    """读取覆盖: facts read / figures in the document (``12/40（30%）``)."""
    from jixiao.audit.coverage import ScanCoverage

    cov = doc.get("coverage")
    return None if cov is None else ScanCoverage(cov["read"], cov["figures"]).display()


def render_location(loc: dict[str, Any]) -> str:
    """The editor-style location (``path:LINE:COL``, ``path[Sheet!B7]``, ``path[p3 t2 r5 c4]``)."""
    from jixiao.model.location import Location

    return Location(**loc).render()


DOCUMENT_COLUMNS = (
    Column("文件", "file", lambda d: d["file"], width=40),
    Column("单位", "unit", lambda d: d["unit"], width=30),
    Column("年度", "year", lambda d: d["year"], "int", 6),
    Column("类型", "kind", lambda d: KIND_ZH.get(d["kind"], d["kind"]), width=9),
    Column("评价框架", "framework", lambda d: d["framework"], width=16),
    Column("自评得分", "score_reported", lambda d: d["score_reported"], "score", 9),
    Column("复算得分", "score_recomputed", lambda d: d["score_recomputed"], "score", 9),
    Column("差值", "score_recomputed − score_reported", difference, "score", 8),
    Column("错误", "counts.error", lambda d: d["counts"]["error"], "int", 6),
    Column("警告", "counts.warning", lambda d: d["counts"]["warning"], "int", 6),
    Column("提示", "counts.info", lambda d: d["counts"]["info"], "int", 6),
    Column("读取覆盖", "coverage.read / coverage.figures", coverage, width=14),
    Column("无法核查的原因", "error", lambda d: d["error"], width=40),
)

FINDING_COLUMNS = (
    Column("文件", "document", lambda f: f["document"], width=40),
    Column("级别", "level", lambda f: LEVEL_ZH.get(f["level"], f["level"]), width=6),
    Column("规则", "code", lambda f: f["code"], width=22),
    Column("问题", "message", lambda f: f["message"], width=70),
    Column("位置", "locations[0]",
           lambda f: render_location(f["locations"][0]) if f["locations"] else None, width=36),
    Column("其他位置", "locations[1:]",
           lambda f: "；".join(render_location(loc) for loc in f["locations"][1:]) or None, width=36),
    Column("填报值", "stated", lambda f: f["stated"], width=14),
    Column("应为", "expected", lambda f: f["expected"], width=14),
    Column("依据", "citation", lambda f: f["citation"], width=40),
)
