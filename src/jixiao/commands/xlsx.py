"""``jixiao xlsx PATH --to FILE.xlsx``: the attached tables as a workbook — 附件2 and
附件3 (or the 项目支出绩效自评表) with live formulas, and a sheet of findings."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jixiao.commands import EXIT_USAGE, add_frameworks_dir
from jixiao.commands.common import SourceCache, exit_status, load_all
from jixiao.findings import count_levels
from jixiao.writers.findings_text import render_findings

NAME = "xlsx"
HELP = "生成附表工作簿（XLSX，含公式）"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="自评材料（YAML、JSON、填好的 XLSX 模板等）")
    parser.add_argument("--to", metavar="FILE.xlsx", required=True, help="写入的工作簿")
    parser.add_argument("--framework", metavar="ID", help="评价框架标识（覆盖输入中的 framework）")
    add_frameworks_dir(parser)


def run(args: argparse.Namespace) -> int:
    from jixiao.writers.xlsx.attachments import write_attachments

    target = Path(args.to)
    from jixiao.writers.atomic import same_file

    if same_file(target, args.path):
        sys.stderr.write("jixiao：--to 不能与输入文件相同\n")
        return EXIT_USAGE
    items = list(load_all([args.path], args.framework))
    item = items[0]
    if item.result is None or item.unusable:
        sources = SourceCache()
        sources.add(item.load.source, item.load.text)
        sys.stderr.write(render_findings(item.findings, sources) + "\n")
        return exit_status(items)
    data = write_attachments(item.result, item.findings, target=target.name)
    from jixiao.writers.atomic import write_bytes

    try:
        write_bytes(target, data)
    except OSError as exc:
        sys.stderr.write(f"jixiao：无法写入 {target}：{exc.strerror or exc}\n")
        return EXIT_USAGE
    counts = count_levels(item.findings)
    sheets = "附件2、附件3" if item.result.evaluation.kind == "overall" else "项目支出绩效自评表"
    sys.stderr.write(f"已写入 {target}：{sheets}、核查结果（错误 {counts['error']}，警告 {counts['warning']}，"
                     f"提示 {counts['info']}）\n")
    return exit_status(items)
