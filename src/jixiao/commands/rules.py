"""``jixiao rules``: the rule registry (also the source of docs/rules.md)."""

from __future__ import annotations

import argparse
import sys

from jixiao.catalogue import all_rules
from jixiao.commands.common import emit_json
from jixiao.registry import FAMILIES

NAME = "rules"
HELP = "列出全部核查规则"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")


def markdown() -> str:
    out = ["# 核查规则（Rule catalogue）", "",
           "This file is generated from the rule registry by `jixiao rules --format markdown`;",
           "`tests/test_docs.py` fails when it is out of date.", "",
           "“依据”写明所据的文件和条款，并以标记注明可靠程度：〔C〕已由公开文件确认；"
           "〔BK〕依据全国性文件的通行理解，原文条款未逐字核对；〔OBS〕公开自评表中观察到的做法，"
           "属实践惯例，各地不一；〔UNCONFIRMED〕未找到出处，只作可由评价框架调整的默认值。"
           "写作“由……推导的核对”的，是从所列口径推出的一致性检查，不是成文规定。", ""]
    family = None
    for rule in all_rules():
        if rule.family != family:
            family = rule.family
            out += [f"## {FAMILIES[family]}（{family}）", ""]
        out += [f"### `{rule.code}` — {rule.title}", "",
                f"- 级别：{rule.level.zh}（{rule.level.value}）",
                f"- 依据：{rule.citation}",
                f"- 消息模板：{rule.message}", ""]
        if rule.description:
            out += [rule.description, ""]
    return "\n".join(out).rstrip() + "\n"


def run(args: argparse.Namespace) -> int:
    rules = all_rules()
    if args.format == "json":
        emit_json({"rules": [{"code": r.code, "level": r.level.value, "family": r.family, "title": r.title,
                              "description": r.description, "citation": r.citation, "message": r.message}
                             for r in rules]})
    elif args.format == "markdown":
        sys.stdout.write(markdown())
    else:
        for r in rules:
            sys.stdout.write(f"{r.code:<32} {r.level.zh}  {r.title}\n")
    return 0
