"""Reading coverage: how much of a published document the readers turned into facts.

Two measures, both shown per document:

- **scan coverage** (in every ``jixiao audit`` output): the figures a simple number scan
  finds in the document's text that a reader took, over all of them. A figure is taken
  when a fact (or a quantitative 年度指标值 / 实际完成值, which the indicator checks and
  scoring use) was read from its place: the same line, its column inside the text read
  there. A read place without a line (a workbook cell) counts for one figure. The
  scan counts every number a reader could be expected to take (amounts, rates, counts,
  points) and leaves out what is never a fact: dates and times, years written with 年,
  enumerators (``1、`` ``(2)`` ``3.`` ``任务1``), document numbers (``〔2018〕``,
  ``130号``), codes glued to letters (``YYX292``), long digit runs (telephone numbers,
  IDs), a portal's counters (``浏览量:1``), years written without 年 (``2018绩效``),
  page numbers on a line of their own (``—— 9 ——``) and slogans in quotation marks made
  of digits only (``“1453”``, ``“1+4+5+3”``).
  It needs no expectation, so it works on any file, but a figure counted by the scan
  is not always one a reader should take (a date written oddly, a number inside a
  sentence about something else), so it is a rough second measure.
- **expected coverage** (for the documents of ``tests/corpus/``): the facts a person
  wrote down by hand for the document (``tests/expected/<file>.json``, key ``facts``)
  that the reader got right, over all of them. This is the measure the targets are
  stated in.

Pure functions: no I/O, so the audit workers and the corpus test share them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from jixiao.model.evaluation import Evaluation, all_indicators, year_of
from jixiao.model.figure_scan import figure_spans
from jixiao.model.location import Location
from jixiao.model.overall import OverallEvaluation
from jixiao.model.project import ProjectEvaluation

# The formats whose text is the document itself (or its rendition): a scan means something.
SCANNED_FORMATS = frozenset({"text", "docx", "pdf", "html"})

_META = re.compile(r"(source|title|kind|completeness):")
_CUT = re.compile(r"^\[text cut off")
# a page number on a line of its own between dashes: ``—— 9 ——``, ``- 12 -`` (a bare number on
# its own line is a table cell)
_PAGE_NUMBER_LINE = re.compile(r"^\s*[-—－–]+\s*\d{1,3}\s*[-—－–]+\s*$")


@dataclass(frozen=True, slots=True)
class Figure:
    line: int  # 1-based, in the whole text (the metadata header included)
    column: int  # 1-based
    text: str


def body_start(lines: Sequence[str]) -> int:
    """Index of the first line after a metadata header (``source:`` … up to a blank line)."""
    if not lines or not _META.match(lines[0]):
        return 0
    for i, line in enumerate(lines):
        if not line.strip():
            return i + 1
    return len(lines)


def scan_figures(text: str) -> list[Figure]:
    """The figures a simple number scan finds in a document's text (see module doc)."""
    lines = text.splitlines()
    found: list[Figure] = []
    for index in range(body_start(lines), len(lines)):
        line = lines[index]
        if _CUT.match(line) or _PAGE_NUMBER_LINE.match(line):
            continue
        found.extend(Figure(index + 1, start + 1, line[start:end]) for start, end in figure_spans(line))
    return found


def read_places(evaluation: Evaluation | None) -> set[Location]:
    """The distinct places facts were read from (one figure read as two concepts counts once)."""
    if evaluation is None:
        return set()
    return {f.location for f in evaluation.facts}


def read_spans(evaluation: Evaluation | None) -> dict[Location, str]:
    """Every place a figure was read from, with the text read there: the facts, and the
    quantitative indicator values (年度指标值 / 实际完成值), which are figures the scoring
    and the indicator checks use even though they are kept as values, not facts."""
    if evaluation is None:
        return {}
    spans = {f.location: f.text for f in evaluation.facts}
    for _, _, indicator in all_indicators(evaluation):
        for value in (indicator.target, indicator.actual):
            if value is not None and value.number is not None and value.location is not None:
                spans.setdefault(value.location, value.text)
    return spans


@dataclass(frozen=True, slots=True)
class ScanCoverage:
    read: int  # figures the scan found that a reader took
    figures: int  # figures the scan found

    @property
    def ratio(self) -> Decimal | None:
        if not self.figures:
            return None
        return min(Decimal(1), Decimal(self.read) / Decimal(self.figures))

    def display(self) -> str:
        """``12/40（30%）`` as the audit tables show it."""
        ratio = self.ratio
        percent = "—" if ratio is None else f"{(ratio * 100).quantize(Decimal(1))}%"
        return f"{self.read}/{self.figures}（{percent}）"


def figures_taken(figures: Sequence[Figure], spans: Mapping[Location, str]) -> int:
    """How many scanned figures sit inside a place a figure was read from."""
    by_line: dict[int, list[tuple[int, int]]] = {}
    unlined = 0
    for location, text in spans.items():
        if location.line is None:
            unlined += 1
            continue
        start = location.column or 1
        by_line.setdefault(location.line, []).append((start, start + max(len(text), 1)))
    taken = sum(1 for f in figures
                if any(a <= f.column < b for a, b in by_line.get(f.line, ())))
    return min(len(figures), taken + unlined)


def scan_coverage(evaluation: Evaluation | None, text: str | None, fmt: str) -> ScanCoverage | None:
    """Scanned figures taken over figures scanned; None for data formats (YAML, JSON, workbooks)."""
    if text is None or fmt not in SCANNED_FORMATS:
        return None
    figures = scan_figures(text)
    return ScanCoverage(figures_taken(figures, read_spans(evaluation)), len(figures))


# --- expected facts (tests/expected/<file>.json) -----------------------------------

_SPACE = re.compile(r"\s+")
_SUFFIX = re.compile(r"[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]$")
_WIDE = str.maketrans("（）：，", "():,")


def _norm(name: str) -> str:
    return _SUFFIX.sub("", _SPACE.sub("", name).translate(_WIDE))


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "").rstrip("%％"))
    except InvalidOperation:
        return None


def identity(evaluation: Evaluation) -> dict[str, object]:
    """What the reader took the document to be: unit or project, year, kind."""
    out: dict[str, object] = {"year": year_of(evaluation), "kind": evaluation.kind}
    if isinstance(evaluation, OverallEvaluation):
        out["unit"] = evaluation.unit.name if evaluation.unit else None
    elif isinstance(evaluation, ProjectEvaluation) and evaluation.project is not None:
        project = evaluation.project
        out["project"] = project.name
        out["unit"] = project.implementer or project.department
    return out


def _same_concept(expected: str, read: str) -> bool:
    """Indicators and projects by their last name and field (the levels above may be worded
    or cleaned differently); everything else exactly."""
    if expected == read:
        return True
    for prefix in ("indicator.", "project."):
        if expected.startswith(prefix) and read.startswith(prefix):
            e, r = expected.split("."), read.split(".")
            if e[-1] != r[-1]:
                return False
            en, rn = _norm(e[-2]), _norm(r[-2])
            return bool(en) and bool(rn) and (en == rn or en in rn or rn in en)
    return False


def fact_matches(expected: Mapping[str, Any], concept: str, value: Decimal, unit: str | None) -> bool:
    if not _same_concept(str(expected["concept"]), concept):
        return False
    want = _decimal(str(expected["value"]))
    if want is None or want != value:
        return False
    wanted_unit = expected.get("unit")
    return wanted_unit is None or wanted_unit == unit


@dataclass(frozen=True, slots=True)
class ExpectedCoverage:
    matched: tuple[str, ...]  # what was read right (concept = value, or identity key)
    missed: tuple[str, ...]

    @property
    def total(self) -> int:
        return len(self.matched) + len(self.missed)

    @property
    def ratio(self) -> Decimal | None:
        return Decimal(len(self.matched)) / Decimal(self.total) if self.total else None


def expected_coverage(evaluation: Evaluation | None, facts: Iterable[Mapping[str, Any]],
                      expected_identity: Mapping[str, object]) -> ExpectedCoverage:
    """Which of the facts written down by hand the reader got right (each read fact used once)."""
    matched: list[str] = []
    missed: list[str] = []
    got = identity(evaluation) if evaluation is not None else {}
    for key, want in expected_identity.items():
        have = got.get(key)
        same = (_norm(str(have)) == _norm(str(want))) if have is not None else False
        (matched if same else missed).append(f"{key} = {want}")
    pool = [(f.concept, f.value, f.unit) for f in evaluation.facts] if evaluation is not None else []
    for item in facts:
        label = f"{item['concept']} = {item['value']}"
        for i, (concept, value, unit) in enumerate(pool):
            if isinstance(value, Decimal) and fact_matches(item, concept, value, unit):
                del pool[i]
                matched.append(label)
                break
        else:
            missed.append(label)
    return ExpectedCoverage(tuple(matched), tuple(missed))
