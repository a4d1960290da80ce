"""``jixiao import``: a published report (text, DOCX, PDF, HTML) as an editable YAML
file that checks the same.

The YAML keeps every figure as the document wrote it, with a comment saying where;
its header records where it came from and what the import noticed (the framework it
chose and why, rows it could not read). Edit it, then ``jixiao check`` it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jixiao.commands import EXIT_OK, EXIT_USAGE
from jixiao.commands.common import SourceCache
from jixiao.findings import Finding
from jixiao.located import Mapping, Scalar
from jixiao.readers.finish import Imported
from jixiao.writers.findings_text import render_findings

NAME = "import"
HELP = "把已公开的报告（文本、DOCX、PDF、HTML）转为可编辑的 YAML"
_FORMATS = {"text": "文本", "docx": "Word（DOCX）", "pdf": "PDF", "html": "网页（HTML）", "yaml": "YAML",
            "json": "JSON"}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="已公开的报告或自评表（文本、DOCX、PDF、HTML）")
    parser.add_argument("--to", metavar="FILE", help="写入的 YAML 文件；多个输入时为目录（默认输出到屏幕）")
    parser.add_argument("--framework", metavar="ID", help="写入指定的评价框架（代替按表式判断的结果）")


def run(args: argparse.Namespace) -> int:
    from jixiao.readers.safety import UnsafeInput, read_file
    from jixiao.writers.atomic import refuse_inputs, unique_stem, write_text
    from jixiao.writers.located_yaml import dump_tree

    paths: list[str] = args.paths
    target = Path(args.to) if args.to else None
    if target is not None and len(paths) > 1 and not target.is_dir():
        sys.stderr.write("jixiao：参数错误：多个输入时 --to 应为已存在的目录\n")
        return EXIT_USAGE
    if target is not None and not target.is_dir() and (clash := refuse_inputs(target, paths)):
        sys.stderr.write(f"jixiao：参数错误：--to 不能是输入文件本身（{clash}）\n")
        return EXIT_USAGE
    status = EXIT_OK
    used: set[str] = set()
    for path in paths:
        try:
            data = read_file(path)
        except (OSError, UnsafeInput) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            sys.stderr.write(f"{path}: 无法读取文件：{reason}\n")
            status = EXIT_USAGE
            continue
        imported = _read(data, path)
        if imported.tree is None:
            sys.stderr.write(render_findings(imported.findings, SourceCache()) + "\n")
            status = EXIT_USAGE
            continue
        tree = imported.tree
        if args.framework:
            tree = _with_framework(tree, args.framework)
        text = dump_tree(tree, _header(path, imported.format, imported.findings, args.framework),
                         lines=imported.format in ("text", "yaml", "json"))
        if target is None:
            sys.stdout.write(text)
            continue
        out = target / (unique_stem(Path(path).stem, used) + ".yaml") if target.is_dir() else target
        if clash := refuse_inputs(out, paths):
            sys.stderr.write(f"jixiao：{out} 是输入文件（{clash}），不覆盖，已跳过\n")
            status = EXIT_USAGE
            continue
        try:
            write_text(out, text)
        except OSError as exc:
            sys.stderr.write(f"jixiao：无法写入 {out}：{exc.strerror or exc}\n")
            return EXIT_USAGE
        notes = sum(1 for f in imported.findings if f.code != "input.framework-detected")
        sys.stderr.write(f"已写入 {out}（读自{_FORMATS.get(imported.format, imported.format)}"
                         f"{f'，读取提示 {notes} 条，见文件开头' if notes else ''}）\n")
    return status


def _read(data: bytes, path: str) -> Imported:
    """The located tree; documents (not YAML or JSON) are read in a child process with a
    memory and a time limit, and a reader that dies is reported, not fatal."""
    from jixiao.readers.finish import read_tree
    from jixiao.readers.isolated import needs_isolation, reader_died, run_isolated

    if not needs_isolation(data, path):
        return read_tree(data, path)
    outcome = run_isolated(read_tree, data, path)
    if isinstance(outcome, str):
        died = reader_died(path, outcome)
        return Imported(path, died.format, None, died.findings)
    return outcome


def _with_framework(tree: Mapping, framework: str) -> Mapping:
    entries = [(k, loc, Scalar(framework, node.location) if k == "framework" else node)
               for k, loc, node in tree.entries]
    return Mapping(entries, tree.location)


def _header(path: str, fmt: str, findings: list[Finding], framework: str | None) -> list[str]:
    lines = [f"由 jixiao import 从 {path}（{_FORMATS.get(fmt, fmt)}）读取。",
             "数字照原文书写（含小数位和单位）；数字后的注释是它在原文中的位置（行，或页、表、行、列），请对照原文核对。",
             "原文未载明的内容没有写出，不要补零；核对、修改后用 jixiao check 核查。"]
    if framework:
        lines.append(f"评价框架按命令行指定为 {framework}。")
    noted = [f for f in findings if not (framework and f.code == "input.framework-detected")]
    if noted:
        lines.append("")
        lines.append("读取时的提示：")
        for f in noted:
            where = f.locations[0].render() if f.locations else path
            lines.append(f"- [{f.level.zh}] {f.code}（{where}）：{f.message}")
    return lines
