"""CLI subcommands, one module each. A module defines ``NAME``, ``HELP``,
``configure(parser)`` and ``run(args) -> int``; ``jixiao.cli`` imports only the one
that runs, so a quick ``jixiao check`` never loads the report writers."""

from __future__ import annotations

COMMANDS: dict[str, tuple[str, str]] = {
    # name: (module, one-line help)
    "check": ("jixiao.commands.check", "核查一份或多份自评材料，列出问题及其位置"),
    "score": ("jixiao.commands.score", "按评价框架复算得分并逐项说明"),
    "rules": ("jixiao.commands.rules", "列出全部核查规则"),
    "frameworks": ("jixiao.commands.frameworks", "列出可用的评价框架并检查其分值"),
    "schema": ("jixiao.commands.schema", "输出输入格式的 JSON Schema"),
}

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
