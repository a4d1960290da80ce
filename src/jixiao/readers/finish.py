"""From a format reader's document to a :class:`LoadResult` (extract the located
tree, build the evaluation, gather the findings), and the located tree alone for
``jixiao import``."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from jixiao.findings import Finding
from jixiao.located import SYNTAX, Mapping, Node
from jixiao.model.location import Location
from jixiao.readers.document import Document
from jixiao.readers.fields import with_fields
from jixiao.readers.formats import READERS
from jixiao.readers.isolated import in_child
from jixiao.readers.load import LoadResult, decode_text, detect_format
from jixiao.readers.tree import build_evaluation


def finish(doc: Document) -> LoadResult:
    from jixiao.readers.extract import extract

    extraction = extract(doc)
    findings = list(doc.findings) + extraction.findings
    if extraction.tree is None:
        return LoadResult(doc.source, None, findings, format=doc.format, text=doc.text)
    evaluation, input_findings = build_evaluation(extraction.tree, doc.source)
    findings = with_fields(extraction.tree, findings)
    return LoadResult(doc.source, evaluation, findings + input_findings, format=doc.format, text=doc.text,
                      tree=extraction.tree)


_WHAT = {"docx": "Word 文件", "pdf": "PDF 文件", "html": "网页", "text": "文本文件"}


def load_document(read: Callable[[bytes, str], Document], fmt: str, data: bytes, source: str) -> LoadResult:
    """Read a source with a format reader and finish it; bad input becomes a
    finding, and so does a failure of the reader itself (never a traceback)."""
    from jixiao.readers.safety import UnsafeInput

    try:
        doc = read(data, source)
        return finish(doc)
    except UnsafeInput as exc:
        problem = f"无法读取{_WHAT.get(fmt, fmt)}：{exc}"
    except RecursionError:
        problem = f"无法读取{_WHAT.get(fmt, fmt)}：结构嵌套过深"
    except MemoryError:
        if in_child():
            raise  # the limit set for the child: reported as input.reader-died
        problem = f"无法读取{_WHAT.get(fmt, fmt)}：内存不足"
    except Exception as exc:
        problem = f"读取{_WHAT.get(fmt, fmt)}时出错（{type(exc).__name__}: {str(exc)[:120]}），请报告此问题"
    return LoadResult(source, None, [SYNTAX.finding([Location(source)], problem=problem)], format=fmt)


@dataclass(slots=True)
class Imported:
    """A source read into its located tree (before the evaluation is built)."""

    source: str
    format: str
    tree: Mapping | None
    findings: list[Finding] = field(default_factory=list)
    framework: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


def read_tree(data: bytes, source: str) -> Imported:
    """The located tree of any supported source (YAML and JSON as they are)."""
    from jixiao.readers.extract import extract
    from jixiao.readers.safety import UnsafeInput

    fmt = detect_format(data[:2048], source)
    if fmt in ("yaml", "json"):
        from jixiao.located import parse_json, parse_yaml

        text = decode_text(data)
        if text is None:
            return Imported(source, fmt, None, [SYNTAX.finding([Location(source)],
                                                               problem="无法按 UTF-8 或 GB18030 解码文件")])
        tree: Node | None
        tree, findings = (parse_json if fmt == "json" else parse_yaml)(text, source)
        if not isinstance(tree, Mapping):
            return Imported(source, fmt, None, findings or [SYNTAX.finding(
                [Location(source)], problem="文件顶层不是键值表")])
        return Imported(source, fmt, tree, findings)
    module = READERS.get(fmt) if fmt in _WHAT else None  # a workbook is a template, not a document
    if module is None:
        problem = {"zip": "ZIP 文件既不是 Word（.docx）也不是 Excel（.xlsx）"}.get(fmt, f"暂不支持的格式：{fmt}")
        return Imported(source, fmt, None, [SYNTAX.finding([Location(source)], problem=problem)])
    try:
        doc: Document = importlib.import_module(module).document(data, source)
        extraction = extract(doc)
    except UnsafeInput as exc:
        return Imported(source, fmt, None, [SYNTAX.finding(
            [Location(source)], problem=f"无法读取{_WHAT.get(fmt, fmt)}：{exc}")])
    except MemoryError:
        if in_child():
            raise  # the limit set for the child: reported as input.reader-died
        return Imported(source, fmt, None, [SYNTAX.finding(
            [Location(source)], problem=f"无法读取{_WHAT.get(fmt, fmt)}：内存不足")])
    except Exception as exc:
        return Imported(source, fmt, None, [SYNTAX.finding([Location(source)], problem=(
            f"读取{_WHAT.get(fmt, fmt)}时出错（{type(exc).__name__}: {str(exc)[:120]}），请报告此问题"))])
    return Imported(source, fmt, extraction.tree, list(doc.findings) + extraction.findings,
                    extraction.framework, doc.meta)
