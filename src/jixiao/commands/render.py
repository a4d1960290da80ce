"""``jixiao render``: the self-evaluation report (DOCX, PDF, HTML, Markdown)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jixiao.commands import EXIT_USAGE, add_frameworks_dir
from jixiao.commands.common import Loaded, SourceCache, exit_status, load_all
from jixiao.writers.findings_text import render_findings, summary_line

NAME = "render"
HELP = "生成自评报告（DOCX、PDF、HTML、Markdown）"
FORMATS = ("docx", "pdf", "html", "md")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="自评材料（YAML、JSON 等）")
    parser.add_argument("--to", required=True, metavar="DIR", help="输出目录（不存在则创建）")
    parser.add_argument("--formats", default=",".join(FORMATS), metavar="LIST",
                        help=f"输出格式，逗号分隔（默认 {','.join(FORMATS)}）")
    parser.add_argument("--framework", metavar="ID", help="评价框架标识（覆盖输入中的 framework）")
    add_frameworks_dir(parser)
    parser.add_argument("--with-findings", action="store_true", help="附上核查发现及取值说明")
    parser.add_argument("--charts", action="store_true", help="附上图表（另作一个附件；默认不附，图表不属规定表式）")
    parser.add_argument("--docx-template", metavar="FILE", help="Word 模板（.docx），沿用其样式与页面设置")
    parser.add_argument("--fonts-dir", metavar="DIR",
                        help="正版字体目录（仿宋_GB2312、方正小标宋简体等），也可用环境变量 JIXIAO_FONTS_DIR")
    parser.add_argument("--quiet", action="store_true", help="不列出核查发现，只报告写出的文件")


def _formats(text: str) -> list[str] | None:
    wanted = [f.strip().lower() for f in text.split(",") if f.strip()]
    aliases = {"markdown": "md", "htm": "html", "word": "docx"}
    wanted = [aliases.get(f, f) for f in wanted]
    if not wanted or any(f not in FORMATS for f in wanted):
        return None
    return list(dict.fromkeys(wanted))


def _stem(item: Loaded, used: set[str]) -> str:
    from jixiao.writers.atomic import unique_stem

    return unique_stem(Path(item.load.source).stem, used)


def _template_problem(template: Path) -> str | None:
    """Why ``--docx-template`` cannot serve as a Word template, checked before any
    report is built: a bounded read, the ZIP limits, then python-docx itself."""
    import io

    from jixiao.readers.safety import UnsafeInput, open_zip, read_file

    try:
        data = read_file(template, 50 * 1024 * 1024)
        names = set(open_zip(data).namelist())
    except (OSError, UnsafeInput) as exc:
        return f"无法读取 Word 模板“{template}”：{exc.strerror if isinstance(exc, OSError) else exc}"
    if "word/document.xml" not in names or "word/styles.xml" not in names:
        return f"“{template}”不是 Word 文件（.docx/.dotx），不能用作模板"
    try:
        import docx

        docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds on a damaged package
        return f"“{template}”无法作为 Word 模板打开（{type(exc).__name__}）"
    return None


def run(args: argparse.Namespace) -> int:
    formats = _formats(args.formats)
    if formats is None:
        sys.stderr.write(f"jixiao：参数错误：--formats 只能取 {'、'.join(FORMATS)}，实际为“{args.formats}”\n")
        return EXIT_USAGE
    template = Path(args.docx_template) if args.docx_template else None
    if template is not None and not template.is_file():
        sys.stderr.write(f"jixiao：参数错误：找不到 Word 模板“{template}”\n")
        return EXIT_USAGE
    if template is not None and (problem := _template_problem(template)):
        sys.stderr.write(f"jixiao：参数错误：{problem}\n")
        return EXIT_USAGE
    fonts_dir = Path(args.fonts_dir) if args.fonts_dir else None
    if fonts_dir is not None and not fonts_dir.is_dir():
        sys.stderr.write(f"jixiao：参数错误：字体目录“{fonts_dir}”不存在\n")
        return EXIT_USAGE
    to = Path(args.to)
    if to.exists() and not to.is_dir():
        sys.stderr.write(f"jixiao：参数错误：--to 应为目录，“{to}”是文件\n")
        return EXIT_USAGE

    from jixiao.writers.report import build_report, write_report

    items = list(load_all(args.paths, args.framework))
    sources = SourceCache()
    used: set[str] = set()
    all_findings = []
    for item in items:
        sources.add(item.load.source, item.load.text)
        if item.result is None or item.unusable:
            sys.stderr.write(render_findings(item.findings, sources) + "\n")
            why = "无法读取" if item.result is None else "无法确定评价框架"
            sys.stderr.write(f"jixiao：{why}“{item.load.source}”，未生成报告\n")
            continue
        doc = build_report(item.result, with_findings=args.with_findings, charts=args.charts)
        try:
            outputs = write_report(doc, to, _stem(item, used), formats, docx_template=template,
                                   fonts_dir=fonts_dir)
        except OSError as exc:
            sys.stderr.write(f"jixiao：写出报告失败：{exc}\n")
            return EXIT_USAGE
        found = sorted([*item.findings, *doc.findings], key=lambda f: f.sort_key())
        all_findings.extend(found)
        if found and not args.quiet:
            sys.stderr.write(render_findings(found, sources) + "\n\n")
        for out in outputs:
            sys.stdout.write(f"{out.path}\n")
    if all_findings:
        sys.stderr.write(summary_line(all_findings) + "\n")
    status = exit_status(items)
    if status == 0 and any(f.level.value == "error" for f in all_findings):
        status = 1
    return status
