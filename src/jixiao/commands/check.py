"""``jixiao check``: the findings of one or more evaluations."""

from __future__ import annotations

import argparse
import sys

from jixiao.commands.common import SourceCache, add_inputs, emit_json, exit_status, load_all
from jixiao.writers.findings_text import render_findings, summary_line

NAME = "check"
HELP = "核查一份或多份自评材料，列出问题及其位置"


def configure(parser: argparse.ArgumentParser) -> None:
    add_inputs(parser)


def run(args: argparse.Namespace) -> int:
    items = list(load_all(args.paths, args.framework))
    if args.format == "json":
        findings = []
        for item in items:
            for f in item.findings:
                data = f.as_json()
                if len(items) > 1:
                    data["document"] = item.load.source
                findings.append(data)
        emit_json({"findings": findings})
        return exit_status(items)
    sources = SourceCache()
    all_findings = []
    for item in items:
        sources.add(item.load.source, item.load.text)
        found = item.findings
        all_findings.extend(found)
        if found:
            sys.stdout.write(render_findings(found, sources) + "\n\n")
    if all_findings:
        sys.stdout.write(summary_line(all_findings) + "\n")
    else:
        sys.stderr.write("未发现问题。\n")
    return exit_status(items)
