"""``jixiao audit``: audit many published evaluations at once and write one summary.

``jixiao audit 报告/ '归档/**/*.yaml' --to 汇总.html`` finds the documents, audits them
over all cores (``--jobs``) and writes one row per document and one per finding, as JSON,
CSV, XLSX or a standalone HTML page (by the ``--to`` suffix; ``--to`` may be repeated;
without it the JSON goes to standard output). A document that cannot be read is a row
with the reason; the run goes on. Exit status: 0 no error-level finding, 1 at least one
(or a document that could not be audited), 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.commands import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, add_frameworks_dir

if TYPE_CHECKING:
    from jixiao.audit.rows import Audited

MAX_TIMEOUT = 86400.0
NAME = "audit"
HELP = "批量核查已公开的报告，输出汇总（JSON、CSV、XLSX、HTML）"


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为正整数：{text}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为正整数：{text}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为正数（秒）：{text}") from None
    # inf would never fire, nan compares false with everything; a day is plenty.
    if not 0 < value <= MAX_TIMEOUT:
        raise argparse.ArgumentTypeError(f"应为 0 到 {MAX_TIMEOUT:g} 之间的秒数：{text}")
    return value


def configure(parser: argparse.ArgumentParser) -> None:
    from jixiao.audit.runner import DEFAULT_TIMEOUT

    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="文件、目录（递归查找）或通配符（如 '报告/**/*.txt'）")
    parser.add_argument("--to", action="append", metavar="FILE", default=[],
                        help="输出文件，格式按后缀：.json、.csv（另写 FILE.findings.csv）、.xlsx、.html；"
                             "可重复；不给出时把 JSON 写到标准输出")
    parser.add_argument("--framework", metavar="ID", help="评价框架标识（覆盖各文件中的 framework）")
    add_frameworks_dir(parser)
    parser.add_argument("--jobs", "-j", type=_positive_int, metavar="N",
                        help=f"并行进程数（默认为 CPU 核数，本机 {os.cpu_count() or 1}）")
    parser.add_argument("--timeout", type=_positive_float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"单个文件的处理时限，超时记为无法核查（默认 {DEFAULT_TIMEOUT:g} 秒）")
    parser.add_argument("--quiet", "-q", action="store_true", help="不显示进度条和汇总行")


def _usage(message: str) -> int:
    sys.stderr.write(f"jixiao audit：{message}\n")
    return EXIT_USAGE


def run(args: argparse.Namespace) -> int:
    from jixiao.audit.outputs import FORMATS, writer_for
    from jixiao.audit.rows import AuditReport
    from jixiao.audit.runner import audit_paths, discover

    writers = []
    for target in args.to:
        write = writer_for(target)
        if write is None:
            return _usage(f"不支持的输出格式“{Path(target).suffix or target}”；"
                          f"可用：{'、'.join(sorted(set(FORMATS)))}")
        writers.append((Path(target), write))
    if args.framework:
        from jixiao.frameworks.loader import load_framework

        framework, problems = load_framework(args.framework)
        if framework is None:
            return _usage("；".join(f.message for f in problems) or f"无法加载评价框架“{args.framework}”")

    found = discover(args.paths)
    for pattern in found.unmatched:
        sys.stderr.write(f"jixiao audit：未找到可核查的文件：{pattern}\n")
    if not found.files:
        return _usage("没有找到任何可核查的文件")
    from jixiao.audit.outputs.csv import findings_path
    from jixiao.writers.atomic import refuse_inputs

    for target, _write in writers:
        outputs = [target, findings_path(target)] if target.suffix.lower() == ".csv" else [target]
        for out in outputs:
            if clash := refuse_inputs(out, found.files):
                return _usage(f"输出文件 {out} 是要核查的文件（{clash}），不予覆盖")

    show = not args.quiet and sys.stderr.isatty()
    items = _run_with_progress(found.files, args) if show else audit_paths(
        found.files, framework=args.framework, jobs=args.jobs, timeout=args.timeout)
    report = AuditReport(items)

    written: list[Path] = []
    failed = False
    for target, write in writers:  # one unwritable output does not cost the others
        try:
            if target.parent != Path():
                target.parent.mkdir(parents=True, exist_ok=True)
            written.extend(write(report, target))
        except OSError as exc:
            sys.stderr.write(f"jixiao audit：无法写入 {target}：{exc.strerror or exc}\n")
            failed = True
    if not writers:
        from jixiao.audit.outputs.json import dumps

        sys.stdout.write(dumps(report))
    if not args.quiet:
        totals = report.totals()
        unaudited = f"，其中 {report.unaudited} 份无法核查" if report.unaudited else ""
        where = f"；已写入 {'、'.join(map(str, written))}" if written else ""
        sys.stderr.write(f"已核查 {len(report.items)} 份文件{unaudited}：错误 {totals['error']}，"
                         f"警告 {totals['warning']}，提示 {totals['info']}{where}\n")
    if failed:
        return EXIT_USAGE
    return EXIT_FINDINGS if report.failing else EXIT_OK


def _run_with_progress(files: list[str], args: argparse.Namespace) -> list[Audited]:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from jixiao.audit.runner import audit_paths

    # No refresh thread (auto_refresh=False): workers are forked while the bar is shown.
    progress = Progress(TextColumn("核查"), BarColumn(), MofNCompleteColumn(), TextColumn("已用"),
                        TimeElapsedColumn(), TextColumn("剩余"), TimeRemainingColumn(),
                        console=Console(stderr=True), auto_refresh=False, transient=True)
    task = progress.add_task("audit", total=len(files))
    with progress:
        return audit_paths(files, framework=args.framework, jobs=args.jobs, timeout=args.timeout,
                           on_result=lambda _item: progress.advance(task),
                           on_tick=progress.refresh)
