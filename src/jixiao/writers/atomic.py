"""Writing an output so that it is either whole or not there.

Every file jixiao writes (XLSX, YAML, JSON, CSV, HTML, DOCX, PDF, Markdown, PNG) goes
through :func:`replacing`: the content is written to a temporary file in the target's
own directory (same file system, so the rename is atomic), flushed to disk, and
renamed over the target only when complete. A full disk, a killed process or an
exception leaves the previous file untouched and no partial file behind.

:func:`refuse_inputs` keeps an output from being written over one of the inputs
(``jixiao import x.txt --to x.txt``); :func:`unique_stem` gives two inputs with the
same name distinct outputs.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path


def _umask() -> int:
    # mkstemp creates files readable by the owner only; an output should get the mode
    # an ordinary ``open(..., "w")`` gives it (0666 less the umask).
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def replacing(target: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``target``; renamed onto ``target`` when the block ends
    without an exception, removed otherwise. Raises :class:`OSError` (unwritable
    directory, full disk) for the caller to report."""
    target = Path(target)
    directory = target.parent
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as handle:  # the data on disk before the name points at it
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_bytes(target: str | os.PathLike[str], data: bytes) -> None:
    with replacing(target) as tmp:
        tmp.write_bytes(data)


def write_text(target: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    with replacing(target) as tmp:
        tmp.write_text(text, encoding=encoding)


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths name the same file (through links and ``..`` too)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def refuse_inputs(target: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]]) -> str | None:
    """The input ``target`` would overwrite, if any."""
    for source in inputs:
        if same_file(target, source):
            return str(source)
    return None


def unique_stem(stem: str, used: set[str]) -> str:
    """``stem``, or ``stem-2``, ``stem-3`` … when an earlier output took it (two inputs
    ``a/报告.txt`` and ``b/报告.txt`` must not overwrite each other's output)."""
    stem = stem or "report"
    candidate, n = stem, 2
    while candidate in used:
        candidate, n = f"{stem}-{n}", n + 1
    used.add(candidate)
    return candidate
