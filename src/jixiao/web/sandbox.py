"""Running a reader on an uploaded file in a child process with memory and time limits,
so a file that makes a reader loop or swell costs one child, never the server.

Children come from a fork server started once (forking the threaded server process
itself could copy a held lock into the child)."""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
from collections.abc import Callable
from typing import Any

MEMORY_LIMIT = 2 * 1024 * 1024 * 1024  # bytes of address space
TIME_LIMIT = 60.0  # seconds, wall clock


class SandboxFailure(Exception):
    """The child ran out of time or memory or died; ``message`` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_context: Any = None


def _get_context() -> Any:
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(["jixiao.web.reading"])
    return _context


def _child(conn: multiprocessing.connection.Connection, fn: Callable[..., Any], args: tuple[Any, ...],
           memory: int, seconds: float) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        conn.send(("ok", fn(*args)))
    except MemoryError:
        conn.send(("error", "读取时内存不足（文件过大或过于复杂）"))
    except Exception as exc:  # any reader defect becomes a message, not a dead request
        conn.send(("error", f"读取时出错（{type(exc).__name__}）"))
    finally:
        conn.close()


def run_limited(fn: Callable[..., Any], *args: Any, memory: int = MEMORY_LIMIT,
                seconds: float = TIME_LIMIT) -> Any:
    """``fn(*args)`` in a child process; its return value must pickle."""
    context = _get_context()
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(send, fn, args, memory, seconds), daemon=True)
    process.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise SandboxFailure(f"读取超过 {int(seconds)} 秒仍未完成，已中止")
        try:
            status, value = receive.recv()
        except EOFError as exc:
            raise SandboxFailure("读取进程异常退出（文件可能过大或已损坏）") from exc
    finally:
        receive.close()
        if process.is_alive():
            process.kill()
        process.join(5)
    if status != "ok":
        raise SandboxFailure(str(value))
    return value
