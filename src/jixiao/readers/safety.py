"""Reading untrusted files safely: every limit in one place, checked before the work.

- Files: only regular files are read (a named pipe or a device such as /dev/zero is
  refused, without blocking on it), and at most :data:`MAX_BYTES`, whatever ``st_size``
  says (a file may grow while read).
- ZIP (DOCX, XLSX): the declared uncompressed sizes are checked before anything is
  extracted, parts are read with a hard cap (a lying header cannot make us read
  more), and an implausible compression ratio is refused (zip bombs).
- XML: a part that declares a DTD is refused outright, as ``defusedxml`` does with
  ``forbid_dtd`` (no entity tricks, no external entities, no billion laughs); the
  rest is parsed by lxml with entity resolution, network access and huge trees
  disabled, and its elements are counted against :data:`MAX_XML_NODES`.
- Tables: grid positions (a cell's rowspan × colspan, not its tag) are counted
  against :data:`MAX_TABLE_CELLS` before a grid is laid out.
- PDF: pages, characters per page and decompressed stream bytes are bounded before
  text is extracted (:data:`MAX_PDF_PAGES`, :data:`MAX_PAGE_CHARS`, :data:`MAX_PDF_STREAM`).
- Sheets: dimensions are taken from the cells a sheet holds, never from its declared
  range (:data:`MAX_SHEET_ROWS`, :data:`MAX_SHEET_COLUMNS`).

The values are listed with their reasons in docs/robustness.md. lxml is imported only
by the functions that parse XML, so the YAML path does not pay for it.
"""

from __future__ import annotations

import os
import stat

TYPE_CHECKING = False  # zipfile, lxml and typing cost start-up time; only the readers need them
if TYPE_CHECKING:
    import zipfile
    from typing import Any

    from lxml import etree

MAX_BYTES = 200 * 1024 * 1024  # any one input file
MAX_PART = 64 * 1024 * 1024  # one XML part, uncompressed
MAX_TOTAL = 256 * 1024 * 1024  # all parts together, uncompressed
MAX_ENTRIES = 5000
MAX_RATIO = 200  # uncompressed / compressed, for parts larger than 1 MB
MAX_XML_NODES = 2_000_000  # elements in one XML part
MAX_TABLE_CELLS = 200_000  # grid positions in one table (rowspan × colspan counted)
MAX_PDF_PAGES = 2000
MAX_PAGE_CHARS = 100_000  # characters drawn on one PDF page
MAX_PDF_STREAM = 64 * 1024 * 1024  # one decompressed PDF content stream
MAX_SHEET_ROWS = 100_000  # rows in one worksheet, counted from its cells
MAX_SHEET_COLUMNS = 1_000  # columns in one worksheet, counted from its cells
MAX_TEXT_LINE = 100_000  # characters in one line of a text report handed to the layout

class UnsafeInput(Exception):
    """The file cannot be read safely; the message is shown to the user (zh-CN)."""


def read_file(path: str | os.PathLike[str], limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file, at most ``limit`` of them.

    Opened without blocking (a named pipe with no writer would otherwise wait for
    ever), then refused unless it is a regular file; read in chunks up to ``limit + 1``
    bytes so that neither a lying ``st_size`` nor a growing file can make us read more.
    Raises :class:`OSError` as ``open`` does, :class:`UnsafeInput` when refused.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "这是目录，不是文件", str(path))
        if not stat.S_ISREG(mode):
            raise UnsafeInput("不是普通文件（管道、设备或套接字），不予读取")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise UnsafeInput(f"文件过大（超过 {limit // 1048576} MB 的上限）")
        return b"".join(chunks)
    finally:
        os.close(fd)


def open_zip(data: bytes) -> zipfile.ZipFile:
    import io
    import zipfile

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
    import zipfile

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
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           dtd_validation=False, remove_comments=True, remove_pis=True)


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Parse an XML part; refuse DTDs (and with them every entity trick)."""
    from lxml import etree

    if b"<!DOCTYPE" in data or b"<!ENTITY" in data or b"<!doctype" in data:
        raise UnsafeInput(f"部件 {name} 含有 DTD 声明，出于安全考虑不予读取")
    # Every element starts with '<': counted before lxml builds a tree (tens of bytes of
    # memory per byte of tiny elements).
    if data.count(b"<") > MAX_XML_NODES:
        raise UnsafeInput(f"部件 {name} 的 XML 元素过多（超过 {MAX_XML_NODES} 个）")
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
