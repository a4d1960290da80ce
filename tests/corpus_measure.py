"""Reading coverage of the published documents in tests/corpus/, against the facts
written down by hand in tests/expected/<file>.json (shared by tests/test_corpus_coverage.py
and bench/coverage.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.audit.coverage import ExpectedCoverage, ScanCoverage, expected_coverage, scan_coverage
from jixiao.engine import evaluate
from jixiao.findings import Level
from jixiao.readers.load import load_path

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
EXPECTED = HERE / "expected"
FLOOR = HERE / "coverage-floor.json"
TARGET = Decimal("0.8")  # a document counts as read when ≥ 80 % of its figures are


def documents() -> list[str]:
    return sorted(p.name for p in CORPUS.iterdir() if p.suffix == ".txt")


def reviewed_documents() -> list[str]:
    """The documents whose every finding a reviewer agreed with (key ``findings``); the
    others have their hand-written facts only."""
    return [name for name in documents() if "findings" in expectation(name)]


def expectation(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True, slots=True)
class Measured:
    name: str
    province: str
    kind: str
    partial: bool
    expected: ExpectedCoverage
    scan_read: int
    scan_figures: int
    unread: bool  # input.unrecognized, or no evaluation at all
    false_errors: tuple[str, ...]  # error findings not among the document's real inconsistencies

    @property
    def read_enough(self) -> bool:
        ratio = self.expected.ratio
        return ratio is not None and ratio >= TARGET

    @property
    def scan_ratio(self) -> Decimal | None:
        return ScanCoverage(self.scan_read, self.scan_figures).ratio

    @property
    def scan_read_enough(self) -> bool:
        """≥ 80 % of the figures the scan finds were read (the issue's measure)."""
        ratio = self.scan_ratio
        return ratio is not None and ratio >= TARGET


def _real_error_codes(data: dict[str, Any]) -> set[str]:
    codes = {f["code"] for f in data.get("findings", []) if f["level"] == "error"}
    codes |= {e["code"] for e in data.get("inconsistencies", []) if e.get("code")}
    return codes


def measure(name: str) -> Measured:
    data = expectation(name)
    result = load_path(CORPUS / name)
    ev = result.evaluation
    findings = list(result.findings)
    if ev is not None:
        findings += evaluate(ev).findings
    real = _real_error_codes(data)
    false_errors = tuple(f"{f.code} {f.stated or ''}".strip() for f in findings
                         if f.level is Level.ERROR and f.code not in real and f.code != "input.unrecognized")
    scanned = scan_coverage(ev, result.text, result.format)
    return Measured(
        name=name, province=data["province"], kind=data["kind"], partial=bool(data["partial"]),
        expected=expected_coverage(ev, data["facts"], data["identity"]),
        scan_read=scanned.read if scanned else 0, scan_figures=scanned.figures if scanned else 0,
        unread=ev is None or any(f.code == "input.unrecognized" for f in findings),
        false_errors=false_errors)


@dataclass(frozen=True, slots=True)
class Summary:
    documents: int
    read_enough: int  # documents with ≥ 80 % of their expected facts read right
    scan_read_enough: int  # documents with ≥ 80 % of their scanned figures read
    facts_read: int
    facts_expected: int
    partial: int
    false_errors_on_partial: int
    unread: int

    @property
    def share_read_enough(self) -> Decimal:
        return Decimal(self.read_enough) / Decimal(self.documents) if self.documents else Decimal(0)


def summarize(measured: list[Measured]) -> Summary:
    return Summary(
        documents=len(measured),
        read_enough=sum(m.read_enough for m in measured),
        scan_read_enough=sum(m.scan_read_enough for m in measured),
        facts_read=sum(len(m.expected.matched) for m in measured),
        facts_expected=sum(m.expected.total for m in measured),
        partial=sum(m.partial for m in measured),
        false_errors_on_partial=sum(len(m.false_errors) for m in measured if m.partial),
        unread=sum(m.unread for m in measured))


def _percent(ratio: Decimal | None) -> str:
    return "—" if ratio is None else f"{(ratio * 100).quantize(Decimal(1))}%"


def table(measured: list[Measured]) -> str:
    """A plain-text table, one row per document, and the totals."""
    rows = [f"{'document':<46} {'prov':<4} {'kind':<16} {'part':<4} {'facts':>9} {'%':>5} "
            f"{'scan':>9} {'%':>5} {'false err':>9}"]
    for m in measured:
        e = m.expected
        rows.append(f"{m.name[:46]:<46} {m.province:<4} {m.kind:<16} {'yes' if m.partial else 'no':<4} "
                    f"{len(e.matched):>4}/{e.total:<4} {_percent(e.ratio):>5} "
                    f"{m.scan_read:>4}/{m.scan_figures:<4} {_percent(m.scan_ratio):>5} {len(m.false_errors):>9}"
                    + ("  (unread)" if m.unread else ""))
    s = summarize(measured)
    rows.append("")
    rows.append(f"documents read with ≥ 80 % of their facts: {s.read_enough}/{s.documents} "
                f"({_percent(s.share_read_enough)}); facts read right: {s.facts_read}/{s.facts_expected}; "
                f"unread (input.unrecognized or nothing): {s.unread}; "
                f"false errors on the {s.partial} partial documents: {s.false_errors_on_partial}")
    rows.append(f"documents with ≥ 80 % of their scanned figures read: {s.scan_read_enough}/{s.documents} "
                f"({_percent(Decimal(s.scan_read_enough) / Decimal(s.documents) if s.documents else None)})")
    return "\n".join(rows)


def floor() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FLOOR.read_text(encoding="utf-8"))
    return data


def raised_floor(measured: list[Measured], old: dict[str, Any]) -> dict[str, Any]:
    """The floor with every figure raised to today's where today is better (never lowered)."""
    s = summarize(measured)
    docs = dict(old.get("facts_read", {}))
    scanned = dict(old.get("scan_read", {}))
    for m in measured:
        docs[m.name] = max(docs.get(m.name, 0), len(m.expected.matched))
        scanned[m.name] = max(scanned.get(m.name, 0), m.scan_read)
    return {
        "note": old.get("note", ""),
        "facts_read": dict(sorted(docs.items())),
        "scan_read": dict(sorted(scanned.items())),
        "documents_read_enough": max(old.get("documents_read_enough", 0), s.read_enough),
        "false_errors_on_partial": min(old.get("false_errors_on_partial", s.false_errors_on_partial),
                                       s.false_errors_on_partial),
    }
