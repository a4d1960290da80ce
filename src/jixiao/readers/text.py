"""Plain-text reports: the reference's tab-indented form, pipe tables, one cell per
line, and text flattened by PDF extraction (see :mod:`jixiao.readers.textlayout`).

A metadata header (``source:`` / ``title:`` / ``kind:`` / ``completeness:`` lines up to
the first blank line) is read as such: ``kind`` names the kind of evaluation and
``completeness: partial`` marks the evaluation as partial.
"""

from __future__ import annotations

from jixiao.located import SYNTAX
from jixiao.model.location import Location
from jixiao.readers.finish import finish
from jixiao.readers.load import LoadResult, decode_text
from jixiao.readers.textlayout import read_text_layout, split_header


def load(data: bytes, source: str) -> LoadResult:
    text = decode_text(data)
    if text is None:
        return LoadResult(source, None, [SYNTAX.finding(
            [Location(source)], problem="无法按 UTF-8 或 GB18030 解码文件")], format="text")
    if "\x00" in text:
        return LoadResult(source, None, [SYNTAX.finding(
            [Location(source)], problem="文件含有二进制内容，不是文本")], format="text")
    meta, skip = split_header(text)
    body = text.split("\n", skip)[-1] if skip else text
    doc = read_text_layout(body, source, first_line=skip + 1)
    doc.meta = meta
    doc.text = text
    return finish(doc)
