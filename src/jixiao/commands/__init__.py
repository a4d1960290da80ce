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
    "render": ("jixiao.commands.render", "生成自评报告（DOCX、PDF、HTML、Markdown）"),
    "xlsx": ("jixiao.commands.xlsx", "生成附表工作簿（XLSX，含公式）"),
    "template": ("jixiao.commands.template", "生成空白填报模板（XLSX）"),
    "import": ("jixiao.commands.import_", "把已公开的报告（文本、DOCX、PDF、HTML）转为可编辑的 YAML"),
    "audit": ("jixiao.commands.audit", "批量核查已公开的报告，输出汇总（JSON、CSV、XLSX、HTML）"),
    "serve": ("jixiao.commands.serve", "启动网页应用（填报、审核、公开）"),
    "worker": ("jixiao.commands.worker", "运行作业处理进程（批量导入核查、批量生成 PDF、批量公开）"),
    "jobs": ("jixiao.commands.jobs", "作业维护：清理过期的作业输出（clean）、重新排队中断的作业项（recover）"),
    "db": ("jixiao.commands.db", "数据库：升级结构（upgrade）、写入演示数据（demo）"),
    "user": ("jixiao.commands.user", "用户管理：添加用户（密码从标准输入读取）"),
}

# Exit status, the same for every command (docs/robustness.md, README):
# 0 no error-level finding, 1 error-level findings, 2 usage error or unreadable input,
# 3 internal error (a one-line message; the traceback only under --debug).
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

TYPE_CHECKING = False  # typing costs milliseconds to import; annotations only need it for mypy
if TYPE_CHECKING:
    import argparse


def add_frameworks_dir(parser: argparse.ArgumentParser) -> None:
    """``--frameworks-dir``: where the operator keeps frameworks of their own, chosen by
    id with ``--framework`` or an input's ``framework`` (``jixiao.cli`` registers them)."""
    parser.add_argument("--frameworks-dir", action="append", default=[], metavar="DIR",
                        help="另行提供的评价框架目录（其中 <标识>.yaml 可按标识选用；可重复，"
                             "也可用环境变量 JIXIAO_FRAMEWORKS）")
