"""Uploaded files and ZIP archives → the documents of an import job.

A ZIP is opened with the readers' own limits (:func:`jixiao.readers.safety.open_zip`:
entry count, total uncompressed size, compression ratio) and each entry read with a hard
cap whatever its header says. Entry names are only labels (nothing is written to disk),
yet a name that climbs out of the archive (``../``, an absolute path, a drive letter) is
refused as a failed row, so no such name ever reaches a page or a log as if it were
honest. Directories, hidden files and files of other types are skipped (a row says so);
an archive inside the archive is not opened."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from jixiao.audit.runner import SUFFIXES
from jixiao.jobs.models import FAILED, SKIPPED
from jixiao.jobs.state import NewItem
from jixiao.readers.safety import MAX_ENTRIES, UnsafeInput, open_zip, read_part
from jixiao.store.errors import Invalid

MAX_DOCUMENT = 50 * 1024 * 1024  # one document, as for a single upload
MAX_DOCUMENTS = MAX_ENTRIES


@dataclass
class Upload:
    filename: str
    content: bytes


def is_zip(upload: Upload) -> bool:
    return upload.content[:4] == b"PK\x03\x04" and upload.filename.lower().endswith(".zip")


def _unsafe_name(name: str) -> str | None:
    """Why an entry name is refused, or None."""
    if "\x00" in name:
        return "文件名含有空字符"
    normal = name.replace("\\", "/")
    if normal.startswith("/") or (len(normal) > 1 and normal[1] == ":"):
        return "使用绝对路径"
    if ".." in normal.split("/"):
        return "含有“..”（跳出压缩包目录）"
    return None


def _hidden(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return any(p.startswith((".", "~$")) or p == "__MACOSX" for p in parts if p)


def _label(name: str) -> str:
    return name.encode("utf-8", "replace").decode("utf-8")[:400]


def expand(uploads: list[Upload]) -> list[NewItem]:
    """The items of an import job: one per document, with refused entries as failed rows.

    Raises :class:`Invalid` (a Chinese message naming the file) when an archive itself
    cannot be read safely."""
    items: list[NewItem] = []
    for upload in uploads:
        if is_zip(upload):
            items.extend(_entries(upload))
        else:
            items.append(_document(upload.filename or "上传文件", upload.content))
        if len(items) > MAX_DOCUMENTS:
            raise Invalid(f"文件过多：一次最多导入 {MAX_DOCUMENTS} 份")
    return items


def _document(name: str, content: bytes) -> NewItem:
    suffix = posixpath.splitext(name.lower())[1]
    if suffix == ".zip":
        return NewItem(name, status=SKIPPED, message="压缩包中的压缩包不展开，已跳过")
    if suffix not in SUFFIXES:
        return NewItem(name, status=SKIPPED, message=f"不支持的文件类型“{suffix or '无扩展名'}”，已跳过")
    if len(content) > MAX_DOCUMENT:
        return NewItem(name, status=FAILED, message=f"文件过大（超过 {MAX_DOCUMENT // 1048576} MB），未读取")
    return NewItem(name, content=content)


def _entries(upload: Upload) -> list[NewItem]:
    try:
        archive = open_zip(upload.content)
    except UnsafeInput as exc:
        raise Invalid(f"{upload.filename}：{exc}") from exc
    items: list[NewItem] = []
    with archive:
        for info in archive.infolist():
            name = _label(info.filename)
            why = _unsafe_name(info.filename)
            if why is not None:
                items.append(NewItem(name, status=FAILED, message=f"压缩包中的文件名不安全（{why}），未读取"))
                continue
            if info.is_dir() or _hidden(info.filename):
                continue
            if info.flag_bits & 0x1:
                items.append(NewItem(name, status=FAILED, message="文件已加密，无法读取"))
                continue
            if info.file_size > MAX_DOCUMENT:
                items.append(NewItem(name, status=FAILED,
                                     message=f"文件解压后过大（超过 {MAX_DOCUMENT // 1048576} MB），未读取"))
                continue
            suffix = posixpath.splitext(name.lower())[1]
            if suffix not in SUFFIXES or suffix == ".zip":
                items.append(_document(name, b""))
                continue
            try:
                content = read_part(archive, info.filename, MAX_DOCUMENT)
            except UnsafeInput as exc:
                items.append(NewItem(name, status=FAILED, message=f"无法解压：{exc}"))
                continue
            items.append(_document(name, content))
    return items
