"""``jixiao template --to FILE.xlsx``: the fill-in template (填报模板) for one unit or
project and year, blank or filled from an existing evaluation (``--from``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jixiao.commands import EXIT_OK, EXIT_USAGE, add_frameworks_dir
from jixiao.commands.common import SourceCache
from jixiao.writers.findings_text import render_findings, summary_line

NAME = "template"
HELP = "生成空白填报模板（XLSX）"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--to", metavar="FILE.xlsx", required=True, help="写入的工作簿")
    parser.add_argument("--framework", metavar="ID",
                        help="评价框架（默认 hunan-overall；项目支出用 mof-project-2020 或 sichuan-project）")
    parser.add_argument("--kind", choices=("overall", "project"),
                        help="评价类型（未给 --framework 时选默认框架）")
    add_frameworks_dir(parser)
    parser.add_argument("--from", dest="source", metavar="PATH",
                        help="由已有材料（YAML、XLSX 等）生成填好的模板")
    parser.add_argument("--unit", metavar="名称", help="预填单位（或项目）名称")
    parser.add_argument("--year", metavar="年度", type=int, help="预填年度")


def run(args: argparse.Namespace) -> int:
    from jixiao.engine import DEFAULT_FRAMEWORKS, evaluate
    from jixiao.frameworks.loader import load_framework
    from jixiao.readers.load import load_path
    from jixiao.writers.xlsx.template import write_template

    target = Path(args.to)
    sources = SourceCache()
    if args.source:
        from jixiao.writers.atomic import same_file

        if same_file(target, args.source):
            sys.stderr.write("jixiao：--to 不能与 --from 的文件相同\n")
            return EXIT_USAGE
        loaded = load_path(args.source)
        sources.add(loaded.source, loaded.text)
        if loaded.evaluation is None:
            sys.stderr.write(render_findings(loaded.findings, sources) + "\n")
            return EXIT_USAGE
        result = evaluate(loaded.evaluation, args.framework)
        if result.framework is None:
            sys.stderr.write(render_findings(result.findings, sources) + "\n")
            return EXIT_USAGE
        data, findings = write_template(result.framework, evaluation=loaded.evaluation,
                                        resolution=result.resolution, target=target.name)
    else:
        ref = args.framework or DEFAULT_FRAMEWORKS[args.kind or "overall"]
        framework, problems = load_framework(ref)
        if framework is None:
            sys.stderr.write(render_findings(problems, sources) + "\n")
            return EXIT_USAGE
        if args.kind and framework.kind != args.kind:
            kinds = {"overall": "部门（单位）整体支出", "project": "项目支出"}
            sys.stderr.write(f"jixiao：参数错误：--kind {args.kind}（{kinds[args.kind]}）与评价框架 {ref}"
                             f"（{kinds.get(framework.kind, framework.kind)}）不符\n")
            return EXIT_USAGE
        data, findings = write_template(framework, unit_name=args.unit, year=args.year, target=target.name)
    from jixiao.writers.atomic import write_bytes

    try:
        write_bytes(target, data)
    except OSError as exc:
        sys.stderr.write(f"jixiao：无法写入 {target}：{exc.strerror or exc}\n")
        return EXIT_USAGE
    if findings:
        sys.stdout.write(render_findings(findings, sources) + "\n\n" + summary_line(findings) + "\n")
    what = "填好的模板" if args.source else "空白填报模板"
    sys.stderr.write(f"已写入 {target}（{what}）\n")
    return EXIT_OK
