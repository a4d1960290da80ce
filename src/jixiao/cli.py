"""The ``jixiao`` command. Exit status: 0 no error-level finding, 1 at least one,
2 usage error or unreadable input."""

from __future__ import annotations

import argparse
import importlib
import sys

from jixiao import __version__
from jixiao.commands import COMMANDS, EXIT_USAGE


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"jixiao：参数错误：{message}\n")
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="jixiao", description="预算绩效自评：读取、复算、核查与出具报告。")
    parser.add_argument("--version", action="version", version=f"jixiao {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    for name, (_module, help_text) in COMMANDS.items():
        sub.add_parser(name, help=help_text, description=help_text)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    # Only the chosen command's module is imported (and configures its parser).
    name = next((a for a in argv if not a.startswith("-")), None)
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
    module = importlib.import_module(COMMANDS[args.command][0])
    try:
        return int(module.run(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
