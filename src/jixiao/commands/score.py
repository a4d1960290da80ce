"""``jixiao score``: the recomputed score table with explanations."""

from __future__ import annotations

import argparse
import sys

from jixiao.commands.common import SourceCache, add_inputs, emit_json, exit_status, load_all
from jixiao.writers.findings_text import render_findings

NAME = "score"
HELP = "按评价框架复算得分并逐项说明"


def configure(parser: argparse.ArgumentParser) -> None:
    add_inputs(parser)


def run(args: argparse.Namespace) -> int:
    from jixiao.writers.scorecard_text import render_scorecard, scorecard_json

    items = list(load_all(args.paths, args.framework))
    sources = SourceCache()
    cards = []
    for item in items:
        result = item.result
        if result is None or result.card is None:
            sources.add(item.load.source, item.load.text)
            fatal = [f for f in item.findings if f.code.startswith(("input.syntax", "framework"))] \
                or item.findings
            sys.stderr.write(render_findings(fatal, sources) + "\n")
            continue
        if args.format == "json":
            cards.append(scorecard_json(result.evaluation, result.card))
        else:
            sys.stdout.write(render_scorecard(result.evaluation, result.card) + "\n\n")
    if args.format == "json":
        emit_json(cards[0] if len(cards) == 1 and len(items) == 1 else {"scores": cards})
    return exit_status(items)
