"""Reading an untrusted document in a child process with a memory and a time limit.

The readers are bounded (:mod:`jixiao.readers.safety`), but they stand on C and Rust
libraries (lxml, pdfminer's decoders) that a crafted file can still drive into
a huge allocation or a long loop, and an allocation failure in Rust aborts the whole
process. So a document from outside — a file given to ``audit`` or ``import``, an upload
to the web application — is read in a child process:

- started from the ``forkserver`` (or ``spawn``) context: a clean process, not a copy
  of the caller's threads and open connections;
- with ``RLIMIT_AS`` (address space) set to ``memory_bytes`` and ``RLIMIT_CPU`` to the
  time limit, and ended by the parent when ``seconds`` of wall time have passed;
- returning its :class:`~jixiao.readers.load.LoadResult` through a pipe.

A child that dies (signal, abort, out of memory) or overruns becomes an
``input.reader-died`` finding naming the reason; the caller goes on. Usage::

    from jixiao.readers.isolated import read_isolated

    result = read_isolated(data, "报告.pdf", memory_bytes=1 << 30, seconds=60)
    if result.unreadable:
        ...  # result.findings says why

YAML and JSON need no child: their readers are pure Python with node caps
(:func:`load_path_isolated` reads them in-process).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable
from typing import Any, TypeVar

from jixiao.findings import Finding
from jixiao.model.location import Location
from jixiao.readers.load import LoadResult, detect_format, load_bytes

DEFAULT_MEMORY = 2 * 1024 * 1024 * 1024  # address space of the reading process
DEFAULT_SECONDS = 60.0
_GRACE = 2.0  # seconds for the child to start and to send its result

T = TypeVar("T")
# Imported once by the fork server, so that each child starts with the readers loaded
# (otherwise every document pays their import, about 0.3 s).
_PRELOAD = ["jixiao.readers.isolated", "jixiao.readers.formats", "jixiao.readers.finish",
            "jixiao.readers.extract", "jixiao.readers.text", "jixiao.readers.html",
            "jixiao.readers.docx", "jixiao.readers.pdf", "jixiao.readers.xlsx"]


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        # The server imports the loaders once; each child is then a fork of it.
        context.set_forkserver_preload(_PRELOAD)
    return context


def _limit(memory_bytes: int, seconds: float) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    cpu = int(seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


_IN_CHILD = False


def in_child() -> bool:
    """Whether this process is a limited reader child (its out-of-memory is the
    parent's to report, as input.reader-died)."""
    return _IN_CHILD


def _child(conn: Any, func: Callable[[bytes, str], Any], data: bytes, name: str,
           memory_bytes: int, seconds: float) -> None:
    global _IN_CHILD
    _IN_CHILD = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    try:
        _limit(memory_bytes, seconds)
        result: tuple[str, Any] = ("ok", func(data, name))
    except MemoryError:
        result = ("died", "内存不足（超过 " + _mb(memory_bytes) + "）")
    except RecursionError:
        result = ("died", "结构嵌套过深")
    except BaseException as exc:  # anything: it becomes the reason, not a traceback
        result = ("died", f"读取出错（{type(exc).__name__}: {str(exc)[:120]}）")
    try:
        conn.send(result)
    except MemoryError:
        conn.send(("died", "内存不足（结果过大）"))
    finally:
        conn.close()


def _mb(n: int) -> str:
    return f"{n // 1048576} MB"


def _signal_name(code: int) -> str:
    try:
        return signal.Signals(code).name
    except ValueError:
        return str(code)


def run_isolated(func: Callable[[bytes, str], T], data: bytes, name: str, *,
                 memory_bytes: int = DEFAULT_MEMORY, seconds: float = DEFAULT_SECONDS) -> T | str:
    """``func(data, name)`` in a limited child process: its result, or the reason
    (zh-CN text) the child did not give one. ``func`` must be a module-level function
    (it is sent to the child by reference) and its result picklable."""
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, func, data, name, memory_bytes, seconds),
                              daemon=True)
    try:
        process.start()
    except OSError as exc:
        return f"无法启动读取进程（{exc.strerror or exc}）"
    sender.close()
    reason: str | None = None
    message: Any = None
    try:
        if receiver.poll(seconds + _GRACE):
            message = receiver.recv()
        else:
            reason = f"超过时限（{seconds:g} 秒）"
    except (EOFError, OSError):
        message = None
    finally:
        receiver.close()
        if reason is not None or message is None:
            process.kill()
        process.join(5)
    if reason is not None:
        return reason
    if message is None:
        code = process.exitcode
        if code is not None and code < 0:
            sig = -code
            if sig == getattr(signal, "SIGXCPU", -1):
                return f"超过 CPU 时限（{seconds:g} 秒）"
            if sig == signal.SIGKILL:
                return "被系统终止（可能是内存不足）"
            return f"异常终止（信号 {_signal_name(sig)}，常见于内存不足或解析库崩溃）"
        return f"异常退出（退出码 {code}，常见于内存不足）"
    kind, value = message
    if kind == "died":
        return str(value)
    result: T = value
    return result


def reader_died(name: str, reason: str, fmt: str = "") -> LoadResult:
    from jixiao.readers.codes import READER_DIED

    finding: Finding = READER_DIED.finding([Location(name)], reason=reason)
    return LoadResult(name, None, [finding], format=fmt)


def read_isolated(data: bytes, name: str, *, memory_bytes: int = DEFAULT_MEMORY,
                  seconds: float = DEFAULT_SECONDS) -> LoadResult:
    """Read one document (any supported format, detected from its content) in a child
    process limited to ``memory_bytes`` of address space and ``seconds`` of time.

    Never raises for anything the document does: a reader that dies or overruns gives
    a :class:`LoadResult` with no evaluation and an ``input.reader-died`` finding whose
    message says why (超过时限, 内存不足, 异常终止…)."""
    outcome = run_isolated(load_bytes, data, name, memory_bytes=memory_bytes, seconds=seconds)
    if isinstance(outcome, str):
        return reader_died(name, outcome, detect_format(data[:2048], name))
    return outcome


def needs_isolation(data: bytes, name: str) -> bool:
    """Whether a document's format is read by native libraries (everything but YAML
    and JSON, whose pure-Python readers are bounded by node counts)."""
    return detect_format(data[:2048], name) not in ("yaml", "json")


def load_path_isolated(path: str | os.PathLike[str], *, memory_bytes: int = DEFAULT_MEMORY,
                       seconds: float = DEFAULT_SECONDS) -> LoadResult:
    """:func:`jixiao.readers.load.load_path`, with documents read by :func:`read_isolated`."""
    from jixiao.readers.load import load_path
    from jixiao.readers.safety import MAX_BYTES, UnsafeInput, read_file

    source = str(path)
    try:
        data = read_file(path, MAX_BYTES)
    except (OSError, UnsafeInput):
        return load_path(path)  # the same findings as an ordinary read gives
    if not needs_isolation(data, source):
        return load_bytes(data, source)
    return read_isolated(data, source, memory_bytes=memory_bytes, seconds=seconds)
