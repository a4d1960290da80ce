"""Open any supported source and build its evaluation.

The format is detected from the content (a ZIP with word/ or xl/ parts, ``%PDF``,
HTML markup, JSON, YAML, plain text), not only from the file name. Heavy readers are
imported only when their format is met, so ``jixiao check file.yaml`` stays fast.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable

from jixiao.findings import Finding
from jixiao.located import SYNTAX, Node, Scalar
from jixiao.model.evaluation import Evaluation
from jixiao.model.location import Location
from jixiao.model.record import Record, field, record
from jixiao.readers.safety import MAX_BYTES
from jixiao.readers.tree import build_evaluation


@record
class LoadResult(Record):
    """What a reader got from one source."""

    source: str
    evaluation: Evaluation | None
    findings: list[Finding] = field(default_factory=list)
    format: str = ""
    text: str | None = None  # the source text, for excerpts under findings
    tree: Node | None = None  # the located tree the evaluation was built from (jixiao.api keeps it)

    @property
    def unreadable(self) -> bool:
        return self.evaluation is None


def detect_format(head: bytes, name: str) -> str:
    """Name the format from the first bytes (and the name only to break ties)."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in head or name.lower().endswith((".docx", ".docm")):
            return "docx"
        if b"xl/" in head or name.lower().endswith((".xlsx", ".xlsm")):
            return "xlsx"
        return "zip"
    if head.startswith(b"%PDF"):
        return "pdf"
    lowered = stripped[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered \
            or b"<body" in lowered or b"<table" in lowered:
        return "html"
    if stripped.startswith((b"{", b"[")):
        return "json"
    if name.lower().endswith((".yaml", ".yml")):
        return "yaml"
    if name.lower().endswith(".json"):
        return "json"
    if _looks_like_yaml(stripped):
        return "yaml"
    if name.lower().endswith((".xlsx", ".xlsm")):
        return "xlsx"  # empty or damaged: the workbook reader says what is wrong with it
    return "text"


def _looks_like_yaml(head: bytes) -> bool:
    for line in head.splitlines()[:40]:
        s = line.strip()
        if not s or s.startswith(b"#"):
            continue
        return s.startswith(b"kind:") or s.startswith(b"---") or s.startswith(b"framework:")
    return False


def decode_text(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), then GB18030 as Windows exports use it."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


Loader = Callable[[bytes, str], LoadResult]
_EXTRA_LOADERS: dict[str, Callable[[], Loader]] = {}


def register_loader(fmt: str, factory: Callable[[], Loader]) -> None:
    """Make a reader available for a format; ``factory`` imports it lazily."""
    _EXTRA_LOADERS[fmt] = factory


def load_path(path: str | os.PathLike[str]) -> LoadResult:
    from jixiao.readers.safety import UnsafeInput, read_file

    source = str(path)
    try:
        data = read_file(path, MAX_BYTES)
    except FileNotFoundError:
        return LoadResult(source, None, [SYNTAX.finding([Location(source)], problem="文件不存在")])
    except IsADirectoryError:
        return LoadResult(source, None, [SYNTAX.finding([Location(source)], problem="这是目录，不是文件")])
    except UnsafeInput as exc:
        return LoadResult(source, None, [SYNTAX.finding([Location(source)], problem=str(exc))])
    except OSError as exc:
        return LoadResult(source, None, [SYNTAX.finding(
            [Location(source)], problem=f"无法打开文件：{exc.strerror or exc}")])
    return load_bytes(data, source)


def load_bytes(data: bytes, source: str) -> LoadResult:
    fmt = detect_format(data[:2048], source)
    if fmt == "zip":
        fmt = _zip_kind(data) or fmt
    if fmt in ("yaml", "json"):
        return _load_structured(data, source, fmt)
    _ensure_builtin_loaders()
    factory = _EXTRA_LOADERS.get(fmt)
    if factory is None:
        problem = {"zip": "ZIP 文件既不是 Word（.docx）也不是 Excel（.xlsx）"}.get(
            fmt, f"暂不支持的格式：{fmt}")
        return LoadResult(source, None, [SYNTAX.finding([Location(source)], problem=problem)],
                          format=fmt)
    return factory()(data, source)


def _zip_kind(data: bytes) -> str | None:
    """A ZIP whose first entries did not show its kind: look at its directory."""
    import io
    import zipfile

    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    return None


def _load_structured(data: bytes, source: str, fmt: str) -> LoadResult:
    text = decode_text(data)
    if text is None:
        return LoadResult(source, None, [SYNTAX.finding(
            [Location(source)], problem="无法按 UTF-8 或 GB18030 解码文件")], format=fmt)
    from jixiao.located import parse_json, parse_yaml

    tree: Node | None
    tree, findings = (parse_json if fmt == "json" else parse_yaml)(text, source)
    if tree is None and findings:
        return LoadResult(source, None, findings, format=fmt, text=text)
    evaluation, input_findings = build_evaluation(tree, source)
    if evaluation is not None and _says_nothing(evaluation):
        from jixiao.readers.codes import UNRECOGNIZED

        where = tree.location if tree is not None and not isinstance(tree, Scalar) else Location(source)
        input_findings.append(UNRECOGNIZED.finding(
            [where], what="只有评价类型等文件头，没有任何数据、文字或绩效指标，无从核查"))
    return LoadResult(source, evaluation, findings + input_findings, format=fmt, text=text, tree=tree)


def _says_nothing(evaluation: Evaluation) -> bool:
    """An evaluation with no figure, no text and no indicator (``{"kind": "overall"}``):
    checking it finds nothing, which must not read as "no problem found"."""
    from jixiao.model.evaluation import all_indicators

    return not evaluation.facts and not evaluation.texts and next(iter(all_indicators(evaluation)), None) is None


def _ensure_builtin_loaders() -> None:
    """Register the readers of other issues' formats if they are installed."""
    import importlib

    for module in ("jixiao.readers.formats",):
        with contextlib.suppress(ModuleNotFoundError):
            importlib.import_module(module)
