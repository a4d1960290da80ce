"""Find the documents to audit and audit them in parallel.

Discovery: a file named on the command line is always taken; a directory is walked
recursively for the suffixes in :data:`SUFFIXES`; a glob (``*``, ``?``, ``[…]``, ``**``
for any depth) takes every file it matches, whatever its suffix, and walks the
directories it matches. Hidden files and Office lock files (``~$…``) are skipped. Each
file is audited once, in sorted order.

Parallel map: a :class:`~concurrent.futures.ProcessPoolExecutor` with at most
``jobs × 4`` documents in flight, so 10,000 files never become 10,000 futures at once.
Workers return plain JSON-able dicts (:class:`~jixiao.audit.rows.Audited`).

Guards, so that one pathological file cannot stop or hang the run:

- every exception in a worker becomes the row of that document, with the reason;
- a soft timeout (``SIGALRM`` after ``timeout`` seconds of wall time) interrupts Python
  code and blocking calls and becomes a "处理超时" row;
- a hard limit (``SIGPROF`` after ``2 × timeout + 1`` seconds of CPU time, default action:
  the process ends) stops a worker stuck in C code that never returns to Python;
- a memory limit (``RLIMIT_AS`` of :data:`DOCUMENT_MEMORY`): a reader that allocates
  without bound gets MemoryError (a row);
- a document read by native code (DOCX, PDF, HTML, XLSX: lxml, pdfminer's decoders,
  calamine) is audited in a child process of its own, forked from the worker
  (:func:`isolated`), under the same limits: a child that dies — a native library's
  abort, a segfault, the kernel's OOM killer, the hard limit — is that document's row
  with the reason, and the worker goes on. YAML, JSON and text are read by pure Python,
  which cannot abort the process (MemoryError and RecursionError are rows), so they are
  audited in the worker itself: a fork per document costs about 8 ms of CPU on this
  machine (copy-on-write of the pages a document touches), as much again as auditing a
  YAML evaluation (docs/benchmarks.md). ``gc.freeze()`` keeps collections off the pages
  a child shares with its worker;
- a worker that dies all the same (no ``fork``, or the OOM killer) breaks the pool: the
  documents that were in flight are run again one by one, each in a fresh one-process
  pool, so the culprit gets its row ("工作进程异常终止") and the others their normal results.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import pickle
import re
import select
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from jixiao.audit.rows import Audited, audit_document, error_document

SUFFIXES = frozenset({
    ".yaml", ".yml", ".json",          # evaluations as data
    ".txt", ".text",                   # plain-text reports
    ".docx", ".pdf", ".html", ".htm",  # published reports
    ".xlsx", ".xlsm",                  # attached tables
})
DEFAULT_TIMEOUT = 60.0
IN_FLIGHT_PER_JOB = 4
_MAGIC = re.compile(r"[*?[]")

Worker = Callable[[str, "str | None"], Audited]


@dataclass(slots=True)
class Discovery:
    files: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # patterns that found no file


def _skipped(name: str) -> bool:
    return name.startswith((".", "~$"))


def walk(directory: Path) -> Iterator[Path]:
    """The auditable files under a directory, recursively, sorted by path."""
    found: list[Path] = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = [d for d in dirs if not _skipped(d)]
        found.extend(Path(root) / name for name in names
                     if not _skipped(name) and Path(name).suffix.lower() in SUFFIXES)
    yield from sorted(found, key=lambda p: p.parts)


def discover(patterns: Iterable[str]) -> Discovery:
    """Expand files, directories and globs into the list of files to audit."""
    found = Discovery()
    seen: set[str] = set()

    def add(path: Path) -> bool:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            found.files.append(str(path))
        return True

    for pattern in patterns:
        matched = False
        path = Path(pattern)
        if path.is_dir():
            for item in walk(path):
                matched = add(item)
        elif path.is_file():
            matched = add(path)
        elif _MAGIC.search(pattern):
            import glob

            for name in sorted(glob.glob(pattern, recursive=True), key=lambda n: Path(n).parts):
                hit = Path(name)
                if hit.is_dir():
                    for item in walk(hit):
                        matched = add(item)
                elif hit.is_file() and not _skipped(hit.name):
                    matched = add(hit)
        if not matched:
            found.unmatched.append(pattern)
    return found


# --- worker side -------------------------------------------------------------------


class _Timeout(BaseException):
    """Raised by the soft-timeout alarm. A BaseException, so that code which catches
    ``Exception`` (as each check does) cannot swallow it."""


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise _Timeout


DOCUMENT_MEMORY = 2 * 1024 * 1024 * 1024  # address space for auditing one document (RLIMIT_AS)
_FORK = hasattr(os, "fork") and sys.platform != "darwin"
_GRACE = 5.0  # wall seconds beyond the timers before a silent child is killed


def _limit_memory(limit: int) -> None:
    """Cap the worker's address space: a document that makes a reader allocate without
    bound (a decompression bomb, a sheet declaring a million rows) then fails with
    MemoryError — a row — or ends the worker — a row too — instead of the machine."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _init_worker(memory: int = DOCUMENT_MEMORY) -> None:
    _limit_memory(memory)
    if _FORK:
        import gc

        gc.freeze()  # what the worker holds stays shared with each document's child
    if hasattr(signal, "setitimer"):
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.signal(signal.SIGPROF, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business


def _set_timers(soft: float, hard: float) -> None:
    if hasattr(signal, "setitimer"):
        signal.setitimer(signal.ITIMER_REAL, soft)
        signal.setitimer(signal.ITIMER_PROF, hard)


def hard_limit(timeout: float) -> float:
    """CPU seconds after which a worker is ended, whatever it is doing."""
    return 2 * timeout + 1


def guarded(worker: Worker, path: str, framework: str | None, timeout: float,
            hard: float | None = None) -> Audited:
    """Audit one document; whatever goes wrong becomes that document's row."""
    try:
        _set_timers(timeout, hard or hard_limit(timeout))
        try:
            return worker(path, framework)
        finally:
            _set_timers(0, 0)
    except _Timeout:
        return error_document(path, f"处理超时（超过 {timeout:g} 秒），已跳过")
    except RecursionError:
        return error_document(path, "文件结构嵌套过深，无法处理，已跳过")
    except MemoryError:
        return error_document(path, "处理时内存不足，已跳过")
    except Exception as exc:  # one bad file must not stop the run
        return error_document(path, f"处理出错（{type(exc).__name__}: {exc}），已跳过")


def isolated(worker: Worker, path: str, framework: str | None, timeout: float,
             hard: float | None = None, memory: int | None = None) -> Audited:
    """Audit one document read by native code in a child forked from this worker, limited
    to ``memory`` bytes (default :data:`DOCUMENT_MEMORY`) of address space and the timers
    of :func:`guarded`; a child that dies or overruns is the document's row with the
    reason. Other documents, or without ``fork``: :func:`guarded` here."""
    if not _FORK or not native(path):
        return guarded(worker, path, framework, timeout, hard)
    hard = hard or hard_limit(timeout)
    memory = memory or DOCUMENT_MEMORY
    receive, send = os.pipe()
    try:
        pid = os.fork()
    except OSError as exc:
        os.close(receive)
        os.close(send)
        return error_document(path, f"无法启动处理进程（{exc.strerror or exc}），已跳过")
    if pid == 0:  # the child: audit, send the row, and leave without any clean-up
        status = 0
        try:
            os.close(receive)
            faulthandler.disable()  # a crash is reported by the parent, not dumped over its output
            _limit_memory(memory)
            payload = memoryview(pickle.dumps(guarded(worker, path, framework, timeout, hard), pickle.HIGHEST_PROTOCOL))
            while payload:
                payload = payload[os.write(send, payload):]
        except BaseException:  # the parent reports a child without a result
            status = 70
        finally:
            os._exit(status)
    os.close(send)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout + hard + _GRACE
    overran = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                overran = True
                break
            if not select.select([receive], [], [], left)[0]:
                continue
            chunk = os.read(receive, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(receive)
        if overran:
            os.kill(pid, signal.SIGKILL)
        status = os.waitpid(pid, 0)[1]
    if overran:
        return error_document(path, f"处理超时（超过 {timeout + hard + _GRACE:g} 秒），已跳过")
    if chunks and status == 0:
        try:
            item: Audited = pickle.loads(b"".join(chunks))
            return item
        except Exception:  # a truncated result: reported below
            pass
    return error_document(path, f"处理时子进程{_death(status, memory)}，已跳过")


def native(path: str) -> bool:
    """Whether a document is read by native libraries (told from its first bytes, as the
    readers tell its format): DOCX, PDF, HTML, XLSX — not YAML, JSON or text."""
    import stat

    from jixiao.readers.load import detect_format

    try:  # non-blocking, and regular files only: a named pipe must not hang the worker
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            head = os.read(fd, 2048) if stat.S_ISREG(os.fstat(fd).st_mode) else b""
        finally:
            os.close(fd)
    except OSError:
        return False  # the audit says what is wrong with the path
    return detect_format(head, path) not in ("yaml", "json", "text")


def _death(status: int, memory: int) -> str:
    """How a child ended, for its row (zh-CN)."""
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig in (signal.SIGPROF, getattr(signal, "SIGXCPU", signal.SIGPROF)):
            return "超过 CPU 时限"
        if sig == signal.SIGKILL:
            return "被系统终止（常见于内存不足）"
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = str(sig)
        return f"异常终止（信号 {name}，常见于内存不足（上限 {memory // 1048576} MB）或解析库崩溃）"
    return f"异常退出（退出码 {os.WEXITSTATUS(status)}）"


# --- parent side -------------------------------------------------------------------

DIED = "处理时工作进程异常终止（超时、内存不足或崩溃），已跳过"


def _pool(jobs: int) -> ProcessPoolExecutor:
    # fork: workers start in milliseconds and share the already imported engine.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods and sys.platform != "darwin" else None)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                               initargs=(DOCUMENT_MEMORY,))


def _outcome(future: Future[Audited], path: str) -> Audited | None:
    """The document's rows, or None when the pool broke under it."""
    try:
        return future.result()
    except BrokenProcessPool:
        return None
    except BaseException as exc:  # e.g. a timeout that fired after the guard returned
        if isinstance(exc, KeyboardInterrupt):
            raise
        return error_document(path, f"处理出错（{type(exc).__name__}），已跳过")


def _alone(worker: Worker, path: str, framework: str | None, timeout: float, hard: float | None) -> Audited:
    """Run one document in a pool of its own: if the worker dies, it was this document."""
    with _pool(1) as solo:
        try:
            future = solo.submit(isolated, worker, path, framework, timeout, hard)
        except BrokenProcessPool:
            return error_document(path, DIED)
        return _outcome(future, path) or error_document(path, DIED)


# What the readers of DOCX, PDF, HTML and XLSX import when first used: imported before the
# workers fork when such documents are to be audited, or each document's child would pay
# the imports again (about 150 ms a document).
_NATIVE_MODULES = ("jixiao.readers.formats", "jixiao.readers.finish", "jixiao.readers.extract",
                   "jixiao.readers.html", "jixiao.readers.docx", "jixiao.readers.pdf", "jixiao.readers.xlsx",
                   "jixiao.readers.xlsx_template", "jixiao.readers.xlsx_attachments", "lxml.etree",
                   "pdfplumber", "pdfminer.pdfpage", "pdfminer.pdfinterp", "pdfminer.pdfdevice",
                   "pdfminer.pdfparser", "pdfminer.pdftypes")
_WARM_UP_HTML = ("<html><body><p>一、部门基本情况</p><p>二、部门整体支出绩效情况</p><table>"
                 "<tr><td>项目</td><td>年初预算数</td><td>全年预算数</td><td>全年执行数</td><td>分值</td>"
                 "<td>执行率</td><td>得分</td></tr><tr><td>年度资金总额</td><td>1</td><td>1</td><td>1</td>"
                 "<td>10</td><td>100%</td><td>10</td></tr><tr><td>一级指标</td><td>二级指标</td><td>三级指标</td>"
                 "<td>年度指标值</td><td>实际完成值</td><td>分值</td><td>得分</td></tr><tr><td>产出指标</td>"
                 "<td>数量指标</td><td>培训人次</td><td>≥1人次</td><td>1人次</td><td>10</td><td>10</td></tr>"
                 "</table></body></html>").encode()
_NATIVE_SUFFIXES = (".docx", ".docm", ".pdf", ".html", ".htm", ".xlsx", ".xlsm")


def warm_up(framework: str | None = None, native_documents: bool = False) -> None:
    """Import the checks and parse the usual frameworks in the parent, so that forked
    workers share them instead of each loading them again; with ``native_documents``,
    the readers of DOCX, PDF, HTML and XLSX too."""
    import contextlib
    import importlib

    import jixiao.checks  # noqa: F401 - registers every check
    from jixiao.engine import DEFAULT_FRAMEWORKS
    from jixiao.frameworks.loader import load_framework

    for ref in {*DEFAULT_FRAMEWORKS.values(), *([framework] if framework else [])}:
        load_framework(ref)
    if native_documents:
        for module in _NATIVE_MODULES:
            with contextlib.suppress(ImportError):  # the reader reports what is missing
                importlib.import_module(module)
        # and the patterns and tables the extraction compiles on first use
        from jixiao.readers.load import load_bytes

        load_bytes(_WARM_UP_HTML, "warm-up.html")


def audit_paths(files: list[str], *, framework: str | None = None, jobs: int | None = None,
                timeout: float = DEFAULT_TIMEOUT, hard_timeout: float | None = None,
                worker: Worker = audit_document,
                on_result: Callable[[Audited], None] | None = None,
                on_tick: Callable[[], None] | None = None) -> list[Audited]:
    """Audit every file over worker processes; the results in the order of ``files``.

    ``hard_timeout`` (CPU seconds, default :func:`hard_limit`) ends a worker stuck in C
    code. ``on_result`` is called in the parent as each document is done (for a progress bar),
    ``on_tick`` a few times a second while waiting.
    """
    if not files:
        return []
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(files)))
    results: list[Audited | None] = [None] * len(files)
    queue = deque(range(len(files)))

    def done(index: int, item: Audited) -> None:
        results[index] = item
        if on_result is not None:
            on_result(item)

    warm_up(framework, any(f.lower().endswith(_NATIVE_SUFFIXES) for f in files))
    executor = _pool(jobs)
    try:
        inflight: dict[Future[Audited], int] = {}
        while queue or inflight:
            broken: list[int] = []
            while queue and len(inflight) < jobs * IN_FLIGHT_PER_JOB:
                index = queue.popleft()
                try:
                    future = executor.submit(isolated, worker, files[index], framework, timeout, hard_timeout)
                except BrokenProcessPool:
                    broken.append(index)
                    break
                inflight[future] = index
            finished, _ = wait(inflight, timeout=0.2, return_when=FIRST_COMPLETED) if inflight else (set(), set())
            if on_tick is not None:
                on_tick()
            for future in finished:
                index = inflight.pop(future)
                item = _outcome(future, files[index])
                if item is None:
                    broken.append(index)
                else:
                    done(index, item)
            if not broken:
                continue
            # The pool is broken: every document still in flight fails with it. Keep the
            # results that made it, then run the others alone to find the culprit.
            wait(inflight)
            for future, index in inflight.items():
                item = _outcome(future, files[index])
                if item is None:
                    broken.append(index)
                else:
                    done(index, item)
            inflight.clear()
            executor.shutdown(wait=True, cancel_futures=True)
            for index in sorted(broken):
                done(index, _alone(worker, files[index], framework, timeout, hard_timeout))
            executor = _pool(jobs)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    return [r for r in results if r is not None]
