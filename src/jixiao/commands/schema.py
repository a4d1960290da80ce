"""``jixiao schema``: the JSON Schema of the input format."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from jixiao.commands import EXIT_USAGE

NAME = "schema"
HELP = "输出输入格式（或 --output：核查结果）的 JSON Schema"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--to", metavar="PATH", help="写入文件（默认输出到屏幕）")
    parser.add_argument("--output", action="store_true",
                        help="输出核查结果（check --format json 与 jixiao.api 的结果数据）的 JSON Schema")


def run(args: argparse.Namespace) -> int:
    from jixiao.model.jsonschema import input_schema
    from jixiao.result_schema import result_schema

    text = json.dumps(result_schema() if args.output else input_schema(), ensure_ascii=False, indent=2) + "\n"
    if args.to:
        from jixiao.writers.atomic import write_text

        try:
            write_text(Path(args.to), text)
        except OSError as exc:
            sys.stderr.write(f"jixiao：无法写入 {args.to}：{exc.strerror or exc}\n")
            return EXIT_USAGE
    else:
        sys.stdout.write(text)
    return 0
