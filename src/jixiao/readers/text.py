"""Plain-text reports: the reference's tab-indented form, pipe tables, one cell per
line, and text flattened by PDF extraction (see :mod:`jixiao.readers.textlayout`).

A metadata header (``source:`` / ``title:`` / ``kind:`` / ``completeness:`` lines up to
the first blank line) is read as such: ``kind`` names the kind of evaluation and
``completeness: partial`` marks the evaluation as partial.
"""

from __future__ import annotations

from jixiao.readers.document import Document
from jixiao.readers.finish import load_document
from jixiao.readers.load import LoadResult, decode_text
from jixiao.readers.safety import UnsafeInput
from jixiao.readers.textlayout import read_text_layout, split_header


def document(data: bytes, source: str) -> Document:
    text = decode_text(data)
    if text is None:
        raise UnsafeInput("无法按 UTF-8 或 GB18030 解码文件")
    if "\x00" in text:
        raise UnsafeInput("文件含有二进制内容，不是文本")
    meta, skip = split_header(text)
    body = text.split("\n", skip)[-1] if skip else text
    doc = read_text_layout(body, source, first_line=skip + 1)
    doc.meta = meta
    doc.text = text
    return doc


def load(data: bytes, source: str) -> LoadResult:
    return load_document(document, "text", data, source)
