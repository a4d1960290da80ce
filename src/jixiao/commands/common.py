"""What the subcommands share: loading inputs, evaluating, excerpts, exit status."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator

from jixiao.commands import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, add_frameworks_dir
from jixiao.engine import Result, evaluate
from jixiao.findings import Finding, has_errors
from jixiao.model.record import MutableRecord, mutable_record
from jixiao.readers.load import LoadResult, load_path

TYPE_CHECKING = False  # typing costs milliseconds to import; annotations only need it for mypy
if TYPE_CHECKING:
    from typing import Any


def add_inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="自评材料（YAML、JSON 等）")
    parser.add_argument("--framework", metavar="ID", help="评价框架标识（覆盖输入中的 framework）")
    add_frameworks_dir(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）")


def check_framework_option(ref: str) -> str | None:
    """Why a ``--framework`` value is refused before anything is loaded, if it is: a
    newline or control character would end up in file headers and messages."""
    if any(ord(c) < 32 or 127 <= ord(c) < 160 or c in "\u2028\u2029" for c in ref):
        return "--framework 含有换行或控制字符"
    if len(ref) > 1024:
        return "--framework 过长"
    return None


@mutable_record
class Loaded(MutableRecord):
    load: LoadResult
    result: Result | None

    @property
    def findings(self) -> list[Finding]:
        found = list(self.load.findings)
        if self.result is not None:
            found.extend(self.result.findings)
        return sorted(found, key=lambda f: f.sort_key())

    @property
    def unusable(self) -> bool:
        return self.result is None or not self.result.usable


def load_all(paths: list[str], framework: str | None) -> Iterator[Loaded]:
    for path in paths:
        loaded = load_path(path)
        if loaded.evaluation is None:
            yield Loaded(loaded, None)
            continue
        yield Loaded(loaded, evaluate(loaded.evaluation, framework))


class SourceCache:
    """Source lines for excerpts under findings."""

    def __init__(self) -> None:
        self._lines: dict[str, list[str] | None] = {}

    def add(self, name: str, text: str | None) -> None:
        if text is not None:
            self._lines[name] = text.splitlines()

    def __call__(self, name: str) -> list[str] | None:
        if name not in self._lines:
            try:
                with open(name, encoding="utf-8") as handle:
                    self._lines[name] = handle.read().splitlines()
            except (OSError, UnicodeDecodeError):
                self._lines[name] = None
        return self._lines[name]


def exit_status(items: list[Loaded]) -> int:
    if any(i.unusable for i in items):
        return EXIT_USAGE
    if any(has_errors(i.findings) for i in items):
        return EXIT_FINDINGS
    return EXIT_OK


def emit_json(data: Any) -> None:
    import json  # only --format json needs it; text output is the common, start-up-bound case

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
