"""Opening untrusted files safely: ZIP containers and XML parts.

- ZIP (DOCX): the declared uncompressed sizes are checked before anything is
  extracted, parts are read with a hard cap (a lying header cannot make us read
  more), and an implausible compression ratio is refused (zip bombs).
- XML: a part that declares a DTD is refused outright, as ``defusedxml`` does with
  ``forbid_dtd`` (no entity tricks, no external entities, no billion laughs); the
  rest is parsed by lxml with entity resolution, network access and huge trees
  disabled.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from lxml import etree

MAX_PART = 64 * 1024 * 1024  # one XML part, uncompressed
MAX_TOTAL = 256 * 1024 * 1024  # all parts together, uncompressed
MAX_ENTRIES = 5000
MAX_RATIO = 200  # uncompressed / compressed, for parts larger than 1 MB


class UnsafeInput(Exception):
    """The file cannot be read safely; the message is shown to the user (zh-CN)."""


def open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise UnsafeInput(f"ZIP 容器已损坏（{exc}）") from exc
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise UnsafeInput(f"ZIP 容器中的文件过多（{len(infos)} 个）")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_PART and info.filename.endswith((".xml", ".rels")):
            raise UnsafeInput(f"部件 {info.filename} 解压后过大（{info.file_size // 1048576} MB）")
        if info.file_size > 1048576 and info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise UnsafeInput(f"部件 {info.filename} 的压缩比异常（疑似压缩炸弹）")
    if total > MAX_TOTAL:
        raise UnsafeInput(f"ZIP 容器解压后过大（{total // 1048576} MB）")
    return zf


def read_part(zf: zipfile.ZipFile, name: str, limit: int = MAX_PART) -> bytes:
    """A part's bytes, reading at most ``limit`` whatever its header says."""
    try:
        with zf.open(name) as fh:
            data = fh.read(limit + 1)
    except KeyError as exc:
        raise UnsafeInput(f"缺少部件 {name}") from exc
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError,
            RuntimeError) as exc:  # RuntimeError: encrypted members
        raise UnsafeInput(f"部件 {name} 无法解压（{exc}）") from exc
    if len(data) > limit:
        raise UnsafeInput(f"部件 {name} 解压后超过 {limit // 1048576} MB")
    return data


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           dtd_validation=False, remove_comments=True, remove_pis=True)


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Parse an XML part; refuse DTDs (and with them every entity trick)."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data or b"<!doctype" in data:
        raise UnsafeInput(f"部件 {name} 含有 DTD 声明，出于安全考虑不予读取")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise UnsafeInput(f"部件 {name} 不是有效的 XML（{exc.msg}）") from exc
    if root is None:
        raise UnsafeInput(f"部件 {name} 为空")
    docinfo: Any = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:  # e.g. a UTF-16 part
        raise UnsafeInput(f"部件 {name} 含有 DTD 声明，出于安全考虑不予读取")
    return root
