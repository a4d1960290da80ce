"""Registration of the readers for formats other than YAML/JSON.

Each reader module defines ``load(data: bytes, source: str) -> LoadResult`` and is
imported only when a file of its format is met.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from jixiao.located import SYNTAX
from jixiao.model.location import Location
from jixiao.readers.load import Loader, LoadResult, register_loader

# Format → the module that reads it (published documents also through readers/finish.py).
READERS = {
    "xlsx": "jixiao.readers.xlsx",
    "docx": "jixiao.readers.docx",
    "pdf": "jixiao.readers.pdf",
    "html": "jixiao.readers.html",
    "text": "jixiao.readers.text",
}


def _factory(fmt: str, module: str) -> Callable[[], Loader]:
    def make() -> Loader:
        try:
            loader: Loader = importlib.import_module(module).load
        except ModuleNotFoundError as exc:
            missing = exc.name or module

            def unavailable(data: bytes, source: str) -> LoadResult:
                return LoadResult(source, None, [SYNTAX.finding(
                    [Location(source)], problem=f"无法读取 {fmt} 格式：缺少组件 {missing}")], format=fmt)

            return unavailable
        return loader

    return make


for _fmt, _module in READERS.items():
    register_loader(_fmt, _factory(_fmt, _module))
