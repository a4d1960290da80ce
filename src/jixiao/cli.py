"""The ``jixiao`` command.

Exit status, for every command, decided here and in :mod:`jixiao.commands`:
0 no error-level finding, 1 at least one, 2 usage error or unreadable input,
3 internal error — one line on standard error, the traceback only with ``--debug``
(or ``JIXIAO_DEBUG=1``)."""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import os
import sys

from jixiao import __version__
from jixiao.commands import COMMANDS, EXIT_INTERNAL, EXIT_USAGE

TYPE_CHECKING = False  # typing costs milliseconds to import; annotations only need it for mypy
if TYPE_CHECKING:
    from typing import Any


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, sized without importing :mod:`shutil` (which brings the
    bz2 and lzma modules): ``argparse`` builds a formatter for every argument added,
    so the stock one costs every run that import, help or not."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         width if width is not None else _terminal_columns() - 2)


def _terminal_columns() -> int:
    """What ``shutil.get_terminal_size().columns`` gives: $COLUMNS, the terminal, or 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 0
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"jixiao：参数错误：{message}\n")
        raise SystemExit(EXIT_USAGE)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command-line parser; with ``only``, just that subcommand's parser is added
    (each parser costs argparse several message-catalogue lookups), otherwise all of
    them, for the overview help and for telling an unknown command what exists."""
    parser = _Parser(prog="jixiao", description="预算绩效自评：读取、复算、核查与出具报告。")
    parser.add_argument("--version", action="version", version=f"jixiao {__version__}")
    parser.add_argument("--debug", action="store_true", help="内部错误时显示完整的调用栈（可写在任何位置）")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    for name, (_module, help_text) in COMMANDS.items():
        if only is None or name == only:
            sub.add_parser(name, help=help_text, description=help_text)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # --debug is accepted anywhere on the line (before or after the command's name).
    debug = "--debug" in argv or os.environ.get("JIXIAO_DEBUG", "") not in ("", "0")
    argv = [a for a in argv if a != "--debug"]
    _tolerant_streams()
    try:
        return _main(argv)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except SystemExit:
        raise
    except BaseException as exc:  # the last line of defence: never a bare traceback
        return _internal_error(exc, debug)


def _tolerant_streams() -> None:
    """Text that cannot be encoded (a file name with undecodable bytes, a stray
    surrogate) is written escaped instead of ending the command."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a closed or odd stream
                reconfigure(errors="backslashreplace")


def _internal_error(exc: BaseException, debug: bool) -> int:
    if debug:
        import traceback

        traceback.print_exception(exc)
    names: dict[type[BaseException], str] = {MemoryError: "内存不足", RecursionError: "嵌套过深"}
    what = names.get(type(exc), type(exc).__name__)
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    hint = "" if debug else "（加 --debug 显示调用栈）"
    sys.stderr.write(f"jixiao：内部错误：{what}{f'：{detail}' if detail else ''}{hint}\n")
    return EXIT_INTERNAL


def _main(argv: list[str]) -> int:
    # Start-up builds tens of thousands of objects that all live to the end (modules,
    # classes, field specs), and the collector's default pace re-examines them over and
    # over: about 4 % of a one-file check. A command's own garbage still goes, later.
    gc.set_threshold(50_000, 50, 100)
    # argparse looks up a message catalogue for every string it shows or stores, and the
    # first lookup imports locale: milliseconds per run, for catalogues that Python does
    # not ship. The process is ours here, so its messages stay as written.
    argparse._ = str  # type: ignore[attr-defined]
    # Only the chosen command's module is imported (and configures its parser).
    name = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(name if name in COMMANDS else None)
    if name in COMMANDS:
        try:
            module = importlib.import_module(COMMANDS[name][0])
        except ModuleNotFoundError as exc:
            sys.stderr.write(f"jixiao：命令“{name}”不可用（缺少 {exc.name}）\n")
            return EXIT_USAGE
        subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        module.configure(subparsers.choices[name])
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    framework = getattr(args, "framework", None)
    if framework:
        from jixiao.commands.common import check_framework_option

        problem = check_framework_option(framework)
        if problem:
            sys.stderr.write(f"jixiao：参数错误：{problem}\n")
            return EXIT_USAGE
    module = importlib.import_module(COMMANDS[args.command][0])
    for directory in getattr(args, "frameworks_dir", None) or ():
        if not os.path.isdir(directory):
            sys.stderr.write(f"jixiao：参数错误：评价框架目录“{directory}”不存在\n")
            return EXIT_USAGE
    if not getattr(args, "frameworks_dir", None):
        return int(module.run(args))
    # Through the environment, so that audit's worker processes see them however started;
    # restored afterwards, so that a caller running several commands in one process (the
    # web app's tests, a script) does not keep one command's directories for the next.
    before = os.environ.get("JIXIAO_FRAMEWORKS")
    dirs = [os.path.abspath(d) for d in args.frameworks_dir]
    os.environ["JIXIAO_FRAMEWORKS"] = os.pathsep.join([*dirs, *filter(None, [before])])
    try:
        return int(module.run(args))
    finally:
        if before is None:
            del os.environ["JIXIAO_FRAMEWORKS"]
        else:
            os.environ["JIXIAO_FRAMEWORKS"] = before


if __name__ == "__main__":
    raise SystemExit(main())
