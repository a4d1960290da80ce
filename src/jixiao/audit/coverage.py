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
  IDs), years written without 年 (``2018绩效``) or split by a space (``20 16 年度``; on
  a page that prints 年 as ``-``, read as the readers read it), page numbers on a line of their own
  (``—— 9 ——``) and slogans in quotation marks made of digits only (``“1453”``,
  ``“1+4+5+3”``). Nor does it count the numbers that are not the report's
  (``not_the_reports``): the fields and notes of the portal or download site that
  published the copy (``浏览量:1``, ``大小:57KB``, ``页数:17页``, ``…360浏览器下载即可``;
  the readers' own ``page_furniture`` lists, through ``labels.furniture_spans``), a
  content site's ``(精选6篇)`` and its pieces' ordinals, page markers ``1 / 17``, the
  template's word limits ``(100字以内)``, column numbers (``列次 0 1 2``), row numbers
  under ``序号`` / ``行次``, enumerators that lost their mark (``1使…``), the ``100`` of
  ``×100%``, telephone numbers in groups, a file's properties printed as text, a code
  before a name (``219-池州市…``), a form's number (``公开14表``, ``附表3``) and a numbered
  goal (``目标1：``), and the report's date under its label however spaced (``报告期:2017
  -7 - 25``, the readers' own ``report_date`` labels). Weights
  and targets stay figures.
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
from itertools import pairwise
from typing import Any

from jixiao.model.evaluation import Evaluation, all_indicators, year_of
from jixiao.model.figure_scan import COLLECTION_TITLE, UNIT_CHARS, figure_spans
from jixiao.model.location import Location
from jixiao.model.overall import OverallEvaluation
from jixiao.model.project import ProjectEvaluation
from jixiao.readers.extract.dates import labelled_date_spans
from jixiao.readers.extract.labels import furniture_spans
from jixiao.readers.extract.normalize import nian_as_dash, nian_restored

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
    figures, aside = _classified(text)
    return [f for f in figures if f not in aside]


def _numbers(text: str) -> list[Figure]:
    """The numbers of a text that are no date, time, enumerator, code or year."""
    lines = text.splitlines()
    first = body_start(lines)
    if nian_as_dash(lines[first:]):  # 20 16 -度: read as the readers read it (年度)
        lines = lines[:first] + [nian_restored(line) for line in lines[first:]]
    found: list[Figure] = []
    for index in range(first, len(lines)):
        line = lines[index]
        if _CUT.match(line) or _PAGE_NUMBER_LINE.match(line):
            continue
        found.extend(Figure(index + 1, start + 1, line[start:end]) for start, end in figure_spans(line))
    return found


# --- numbers on the page that are not the report's ----------------------------------
#
# The scan measures how much of the *report* was read, so it leaves out the numbers of the
# page around it and of the template's apparatus. Each pattern is narrow: a weight (20 分),
# a target (≥90%) or a count in a sentence stays a figure.

# a content site's collection (精选6篇): COLLECTION_TITLE, shared with the readers
# …and its pieces' ordinals, at the end of a title line: 项目绩效自评报告1, (精选6篇)1, 報(bào)告1
_COLLECTION_ORDINAL = re.compile(r"(?:[报報](?:\([^()\d]{1,8}\))?告|篇[)）])\s*(\d{1,2})\s*$")
# a page marker on a line of its own: 1 / 17
_PAGE_OF = re.compile(r"^\s*(\d{1,4})\s+/\s+(\d{1,4})\s*$")
# the template's instruction of how long a text may be: (100字以内), （限200字）
_WORD_LIMIT = re.compile(r"[(（]\s*(?:限|不超过)?\s*\d{1,4}\s*字(?:以内|以下|左右)?\s*[)）]")
# a table's column numbers: 列次 0 1 2 3, | 栏次 | 1 | 2 |
_COLUMN_NUMBERS = re.compile(r"(?:^|(?<=[\s|│]))(?:列次|栏次)(?:[\s|│]*\d{1,2}(?![\d.]))+")
# the constant of a rate's formula: (D/C×100%), 执行数/预算数*100%
_TIMES_100 = re.compile(r"(?:[×*＊]|(?<=[A-Za-z])[xX])\s*100\s*[%％]")
# a telephone number written in groups: 400-688-2000
_TELEPHONE = re.compile(r"(?<![\d\-])\d{3,4}[-－]\d{3,4}[-－]\d{3,4}(?![\d\-])")
# a file's properties a copy printed as text (a DOCX's author, revision, created and modified
# times, application build, words and characters, flags): from the line's start through the
# flags, when it holds two ISO times at least (安福全 x 1 2019-05-22T04:56:35Z … 9300 22370 0 0 False False)
_FILE_PROPERTIES = re.compile(r"^(?=(?:.*?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ){2}).*?\d{4}-\d\d-\d\dT[^|]*?"
                              r"(?:True|False)(?:\s+(?:True|False))+")
# a code before a name: 219-池州市贵池区…人民政府 (three digits at least; 6-严格执行 may be a weight)
_CODE_BEFORE_NAME = re.compile(r"(?<![\d.])\d{3,}(?=[-－][\u4e00-\u9fff])")
# a form's number: 公开14表 (the tables of a budget disclosure), 附表3
_FORM_NUMBER = re.compile(r"(?<=公开)\d{1,2}(?=表)|(?<=附表)\d{1,2}")
# a numbered goal of the template's 总体目标 cell: 目标1：… 目标2：…
_GOAL_NUMBER = re.compile(r"(?<=目标)\d{1,2}(?=\s*[:：])")
# the header of a table's row-number column
_ROW_NUMBER_HEADER = re.compile(r"(?:^|(?<=[\s|│]))(?:序号|序 号|行次)(?=[\s|│]|$)")
_ROW_NUMBERS_SEEN = 3  # 1, 2, 3 in order before a column is taken for row numbers
# an enumerator whose mark the copy lost, glued to its text at a line's start (1使困难群众…)
_GLUED_ENUM = re.compile(r"^\s*(\d{1,2})(?=[\u4e00-\u9fff])")
_LEADING_DIGITS = re.compile(r"^\s*(\d+)")


def _spans(line: str) -> list[tuple[int, int, str]]:
    """The stretches of a line that are not the report's, with why."""
    out = [(a, b, "page furniture") for a, b in furniture_spans(line)]
    out += [(*m.span(), "collection title") for m in COLLECTION_TITLE.finditer(line)]
    out += [(*m.span(1), "collection ordinal") for m in _COLLECTION_ORDINAL.finditer(line)]
    page = _PAGE_OF.match(line)
    if page and int(page.group(1)) <= int(page.group(2)):
        out.append((0, len(line), "page marker"))
    out += [(*m.span(), "instruction") for m in _WORD_LIMIT.finditer(line)]
    out += [(*m.span(), "column numbers") for m in _COLUMN_NUMBERS.finditer(line)]
    out += [(*m.span(), "formula constant") for m in _TIMES_100.finditer(line)]
    out += [(*m.span(), "telephone number") for m in _TELEPHONE.finditer(line)]
    out += [(*m.span(), "file properties") for m in _FILE_PROPERTIES.finditer(line)]
    out += [(*m.span(), "code") for m in _CODE_BEFORE_NAME.finditer(line)]
    out += [(*m.span(), "form number") for m in _FORM_NUMBER.finditer(line)]
    out += [(*m.span(), "enumerator") for m in _GOAL_NUMBER.finditer(line)]
    out += [(a, b, "report date") for a, b in labelled_date_spans(line)]
    return out


def _standalone(line: str, figure: Figure) -> bool:
    """A whole integer cell: nothing but a space, a bar or the line's end on either side."""
    start, end = figure.column - 1, figure.column - 1 + len(figure.text)
    return (figure.text.isdigit() and (start == 0 or line[start - 1] in " \t|│\u3000")
            and (end == len(line) or line[end] in " \t|│\u3000"))


def _row_numbers(lines: Sequence[str], figures: Sequence[Figure]) -> list[Figure]:
    """The numbers of a 序号 / 行次 column: after its header, the first whole integer of a
    line when it continues 1, 2, 3 … (kept as figures unless the run reaches three)."""
    headers = [(i + 1, m.start() + 1) for i in range(body_start(lines), len(lines))
               for m in _ROW_NUMBER_HEADER.finditer(lines[i])]
    if not headers:
        return []
    out: list[Figure] = []
    run: list[Figure] = []
    lines_done: set[int] = set()
    header_at = 0
    for figure in figures:
        while header_at < len(headers) and headers[header_at] < (figure.line, figure.column):
            header_at += 1
            if len(run) >= _ROW_NUMBERS_SEEN:
                out += run
            run = []
        if not header_at or figure.line in lines_done or not _standalone(lines[figure.line - 1], figure):
            continue
        lines_done.add(figure.line)
        if int(figure.text) == len(run) + 1:
            run.append(figure)
    if len(run) >= _ROW_NUMBERS_SEEN:
        out += run
    return out


def _glued_enumerators(lines: Sequence[str], start: int) -> set[int]:
    """Lines (1-based) opening with an enumerator glued to its text, in a run of at least
    two consecutive lines numbered n, n+1 (blank lines between them allowed). A line
    between n and n+2 whose digits begin with n+1 glued to a number of its own
    (``1使…`` / ``220211231日之前…`` / ``3此项…``: 2 and the date 20211231) keeps the run."""
    numbered: list[tuple[int, int | None, str]] = []
    for index in range(start, len(lines)):
        line = lines[index]
        if not line.strip():
            continue
        m = _GLUED_ENUM.match(line)
        glued = m is not None and line[m.end()] not in UNIT_CHARS and line[m.end()] not in "年号"
        lead = _LEADING_DIGITS.match(line)
        numbered.append((index + 1, int(m.group(1)) if m and glued else None, lead.group(1) if lead else ""))
    out: set[int] = set()
    for (line_a, a, _), (line_b, b, _) in pairwise(numbered):
        if a is not None and b == a + 1:
            out |= {line_a, line_b}
    for (line_a, a, _), (_, _, digits), (line_c, c, _) in zip(numbered, numbered[1:], numbered[2:], strict=False):
        if a is not None and c == a + 2 and len(digits) > len(str(a + 1)) and digits.startswith(str(a + 1)):
            out |= {line_a, line_c}
    return out


def not_the_reports(text: str) -> list[tuple[Figure, str]]:
    """The numbers the scan leaves out as not the report's, with why: the page's or the
    download site's furniture, a content site's collection titles and ordinals, page
    markers, the template's word limits, column numbers, row numbers (序号, 行次),
    enumerators that lost their mark, the 100 of ``×100%``, telephone numbers, a file's
    properties, codes before names, form numbers."""
    return sorted(_classified(text)[1].items(), key=lambda item: (item[0].line, item[0].column))


def _classified(text: str) -> tuple[list[Figure], dict[Figure, str]]:
    lines = text.splitlines()
    figures = _numbers(text)
    why: dict[Figure, str] = {}
    spans: dict[int, list[tuple[int, int, str]]] = {}
    for figure in figures:
        if figure.line not in spans:
            spans[figure.line] = _spans(lines[figure.line - 1])
        reason = next((r for a, b, r in spans[figure.line] if a <= figure.column - 1 < b), None)
        if reason:
            why[figure] = reason
    for figure in _row_numbers(lines, [f for f in figures if f not in why]):
        why[figure] = "row number"
    glued = _glued_enumerators(lines, body_start(lines))
    for figure in figures:
        m = _GLUED_ENUM.match(lines[figure.line - 1]) if figure.line in glued else None
        if m and figure.column == m.start(1) + 1:
            why.setdefault(figure, "enumerator")
    return figures, why


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
