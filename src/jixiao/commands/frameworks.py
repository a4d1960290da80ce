"""``jixiao frameworks``: the built-in frameworks, each checked for consistent points."""

from __future__ import annotations

import argparse
import sys

from jixiao.commands import add_frameworks_dir
from jixiao.commands.common import SourceCache, emit_json
from jixiao.frameworks.loader import available_ids, load_framework, load_framework_file
from jixiao.model.numbers import format_decimal
from jixiao.writers.findings_text import render_findings

NAME = "frameworks"
HELP = "列出可用的评价框架并检查其分值"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="FILE", help="另行检查的框架文件")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    add_frameworks_dir(parser)


def run(args: argparse.Namespace) -> int:
    # The available ones by id, then the files the operator names, each read as it is.
    refs = [(fid, False) for fid in available_ids()] + [(path, True) for path in args.paths]
    listed = []
    status = 0
    sources = SourceCache()
    for ref, is_file in refs:
        fw, findings = load_framework_file(ref) if is_file else load_framework(ref)
        if findings:
            status = 1 if fw is not None else 2
        if args.format == "json":
            listed.append({"id": fw.id if fw else ref, "title": fw.title if fw else None,
                           "kind": fw.kind if fw else None,
                           "findings": [f.as_json() for f in findings]})
            continue
        if fw is None:
            sys.stdout.write(render_findings(findings, sources) + "\n")
            continue
        points = []
        if fw.execution:
            points.append(f"执行率{format_decimal(fw.execution.points)}")
        points += [f"{c.name}{format_decimal(c.points) if c.points is not None else '（自定）'}"
                   for c in fw.categories]
        if fw.indicator_points is not None:
            points.append(f"绩效指标合计{format_decimal(fw.indicator_points)}")
        sys.stdout.write(f"{fw.id:<20} {fw.kind:<8} {fw.title}\n{'':<29}{'、'.join(points)}\n")
        if findings:
            sys.stdout.write(render_findings(findings, sources) + "\n")
    if args.format == "json":
        emit_json({"frameworks": listed})
    return status
