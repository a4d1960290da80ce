"""The Excel reader: a filled template (填报模板) or the attached tables (附件2, 附件3,
项目支出绩效自评表) that jixiao writes, read back into an evaluation.

The workbook names its layout in a very hidden sheet; a workbook without it is
recognised by its sheet names and titles. Each sheet is looked up by name, and when
it was renamed, by its title row. Anything else — a workbook of another shape — is
reported (``input.workbook-unknown``) rather than guessed at. Findings point to
``file[Sheet!B7]``.
"""

from __future__ import annotations

from collections.abc import Callable

from jixiao.findings import Finding
from jixiao.located import SYNTAX, Scalar
from jixiao.model.location import Location
from jixiao.readers.fields import with_fields
from jixiao.readers.load import LoadResult
from jixiao.readers.tree import build_evaluation
from jixiao.readers.xlsx_common import TreeBuilder, norm
from jixiao.readers.xlsxbook import Book, Sheet, open_book
from jixiao.workbook import layout as L
from jixiao.workbook.codes import SHEET_MISSING, SHEET_RENAMED, WORKBOOK_UNKNOWN

SheetTest = Callable[[Sheet], bool]


def load(data: bytes, source: str) -> LoadResult:
    """Read XLSX bytes (see the module docstring)."""
    try:
        book, findings = open_book(data, source)
    except Exception as exc:  # a workbook must never end in a traceback
        return LoadResult(source, None, [SYNTAX.finding(
            [Location(source)], problem=f"工作簿已损坏，无法读取（{type(exc).__name__}: {exc}）")], format="xlsx")
    if book is None:
        return LoadResult(source, None, findings, format="xlsx")
    try:
        return _load(book, source, findings)
    except Exception as exc:
        findings.append(SYNTAX.finding([Location(source)],
                                       problem=f"读取工作簿时出错（{type(exc).__name__}: {exc}）"))
        return LoadResult(source, None, findings, format="xlsx")
    finally:
        book.close()


def _load(book: Book, source: str, findings: list[Finding]) -> LoadResult:
    meta = _meta(book)
    layout = meta.get(L.META_MARK) or _guess(book)
    tree = TreeBuilder(source)
    here = Location(source)
    if layout == "template":
        kind = meta.get("kind") or ("project" if L.PROJECT_INFO_SHEET in book.names else "overall")
        _read_template(book, tree, kind, findings)
    elif layout == "attachments":
        from jixiao.readers.xlsx_attachments import read_attachments

        kind = meta.get("kind") or ""
        kind = read_attachments(book, tree, kind, findings, find_sheet)
    else:
        findings.append(WORKBOOK_UNKNOWN.finding(
            [here], reason=f"工作表为：{'、'.join(book.names) or '（无）'}"))
        findings.extend(book.findings)
        return LoadResult(source, None, findings, format="xlsx")
    tree.root.entries.insert(0, ("kind", here, Scalar(kind, here)))
    framework = meta.get("framework")
    if framework:
        tree.root.entries.insert(1, ("framework", here, Scalar(framework, here)))
    findings.extend(book.findings)
    evaluation, walk_findings = build_evaluation(tree.root, source)
    findings = with_fields(tree.root, findings)
    return LoadResult(source, evaluation, findings + walk_findings, format="xlsx", tree=tree.root)


def _meta(book: Book) -> dict[str, str]:
    if L.META_SHEET not in book.all_names:
        return {}
    sheet = book.sheet(L.META_SHEET)
    if sheet is None:
        return {}
    return {sheet.text(r, 0): sheet.text(r, 1) for r in range(min(sheet.nrows, 20))}


def _guess(book: Book) -> str | None:
    names = set(book.names)
    if L.INDICATORS_SHEET in names and (L.UNIT_SHEET in names or L.PROJECT_INFO_SHEET in names):
        return "template"
    from jixiao.workbook import attachment_layout as A

    if names & {A.BASIC_SHEET, A.SELF_SHEET, A.PROJECT_SHEET}:
        return "attachments"
    for name in book.names[:8]:
        sheet = book.sheet(name)
        if sheet is not None and any(mentions(sheet, word) for word in A.TITLE_WORDS.values()):
            return "attachments"
    return None


def mentions(sheet: Sheet, word: str) -> bool:
    """Whether the first rows of a sheet (its title) contain ``word``."""
    head = "".join(sheet.text(r, c) for r in range(min(sheet.nrows, 3)) for c in range(3))
    return word in head


def find_sheet(book: Book, name: str, test: SheetTest, what: str, findings: list[Finding],
               taken: set[str], required: bool = True) -> Sheet | None:
    """A sheet by its name or, if renamed, by its content; a finding when it is gone."""
    if name in book.names:
        taken.add(name)
        return book.sheet(name)
    for other in book.names:
        if other in taken:
            continue
        sheet = book.sheet(other)
        if sheet is not None and test(sheet):
            taken.add(other)
            findings.append(SHEET_RENAMED.finding([sheet.location(0, 0)], sheet=name, renamed=other))
            return sheet
    if required:
        findings.append(SHEET_MISSING.finding([Location(book.source)], sheet=name, what=what))
    return None


def _title_test(title: str) -> SheetTest:
    wanted = norm(title)

    def test(sheet: Sheet) -> bool:
        return norm(sheet.text(0, 0)).startswith(wanted)

    return test


_OVERALL: tuple[tuple[str, str, str], ...] = (
    (L.UNIT_SHEET, L.UNIT_SPEC.title, "单位信息和人员情况"),
    (L.FUNDS_SHEET, L.FUNDS_SPEC.title, "资金和预算执行"),
    (L.PROJECTS_SHEET, "项目支出情况", "各项目的预算和支出"),
    (L.CONTROL_SHEET, "经费控制情况", "三公经费、项目支出、公用经费等经费控制情况"),
    (L.INDICATORS_SHEET, "绩效指标", "绩效指标和得分"),
    (L.NARRATIVE_SHEET, L.NARRATIVE_SPEC.title, "报告正文和附表中的文字"),
)
_PROJECT: tuple[tuple[str, str, str], ...] = (
    (L.PROJECT_INFO_SHEET, L.PROJECT_INFO_SPEC.title, "项目信息"),
    (L.FUNDS_SHEET, "项目资金和预算执行", "项目资金和预算执行"),
    (L.INDICATORS_SHEET, "绩效指标", "绩效指标和得分"),
    (L.NARRATIVE_SHEET, L.PROJECT_NARRATIVE_SPEC.title, "年度目标和评价结论等文字"),
)


def _read_template(book: Book, tree: TreeBuilder, kind: str, findings: list[Finding]) -> None:
    from jixiao.readers.xlsx_template import TemplateReader

    reader = TemplateReader(tree, kind, findings)
    taken: set[str] = {L.INSTRUCTIONS}
    expected = _OVERALL if kind == "overall" else _PROJECT
    sheets = {name: find_sheet(book, name, _title_test(title), what, findings, taken)
              for name, title, what in expected}
    if kind == "overall":
        if (s := sheets[L.UNIT_SHEET]) is not None:
            reader.kv(s, L.UNIT_SPEC)
        if (s := sheets[L.FUNDS_SHEET]) is not None:
            reader.kv(s, L.FUNDS_SPEC)
        if (s := sheets[L.PROJECTS_SHEET]) is not None:
            reader.projects(s)
        if (s := sheets[L.CONTROL_SHEET]) is not None:
            reader.control(s)
        if (s := sheets[L.INDICATORS_SHEET]) is not None:
            reader.indicators(s, ("self_evaluation",), ("self_evaluation", "total"))
        if (s := sheets[L.NARRATIVE_SHEET]) is not None:
            reader.kv(s, L.NARRATIVE_SPEC)
    else:
        if (s := sheets[L.PROJECT_INFO_SHEET]) is not None:
            reader.kv(s, L.PROJECT_INFO_SPEC)
        if (s := sheets[L.FUNDS_SHEET]) is not None:
            reader.project_funds(s)
        if (s := sheets[L.INDICATORS_SHEET]) is not None:
            reader.indicators(s, (), ("total",))
        if (s := sheets[L.NARRATIVE_SHEET]) is not None:
            reader.kv(s, L.PROJECT_NARRATIVE_SPEC)
