"""Everything the engine produces for a corpus, as text, to compare two versions of the
code byte for byte (a speed change must not change a single finding).

    PYTHONPATH=src python bench/dump.py before.txt          # on the old version
    PYTHONPATH=src python bench/dump.py after.txt           # on the new one
    cmp before.txt after.txt

The corpus: ``--n`` evaluations made by perturbing the reference report (bench/perturb.py,
the same every run), the examples, and the documents under tests/ that load. For each:
every finding field, every score-card row, every resolved value with its readings,
intervals and provenance, and the unit slips, conflicts and corrections. The output
does not depend on the hash seed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import TextIO

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from jixiao.engine import Result, evaluate  # noqa: E402
from jixiao.readers.load import load_path  # noqa: E402
from jixiao.reconcile.intervals import Interval  # noqa: E402
from perturb import write_corpus  # noqa: E402

_SUFFIXES = (".yaml", ".json", ".txt", ".xlsx", ".docx", ".html", ".pdf")


def _iv(i: Interval | None) -> object:
    return None if i is None else (str(i.lo), str(i.hi), i.lo_closed, i.hi_closed)


def dump(name: str, r: Result, out: TextIO, strip: str) -> None:
    def here(text: str) -> str:
        return text.replace(strip, "")

    print("##", name, file=out)
    for f in r.findings:
        print("F", f.code, f.level.value, here(f.message), [here(loc.render()) for loc in f.locations],
              f.stated, f.expected, f.citation, sorted(f.args.items()), file=out)
    if r.card is not None:
        for row in r.card.rows:
            s = row.score
            print("S", row.name, s.outcome.value, s.explanation, s.rule, s.citation, s.points, s.low,
                  s.high, s.met, s.alternatives, row.counted, row.agrees, file=out)
        print("T", r.card.weight_sum, r.card.reported_sum, r.card.recomputed_total, r.card.grade,
              r.card.complete, file=out)
    if r.resolution is not None:
        res = r.resolution
        for c, v in res.values.items():
            print("V", c, v.value, v.decimals, v.unit, _iv(v.interval), _iv(v.for_sums), v.stated,
                  [(x.fact.label, str(x.value), x.decimals, _iv(x.interval), _iv(x.sum_interval))
                   for x in v.readings], v.derived_from is not None, v.corrected_from is not None, file=out)
        for sl in res.slips:
            print("SL", sl.reading.fact.label, sl.stated_unit, sl.meant_unit, sl.evidence, file=out)
        for cf in res.conflicts:
            print("CF", cf.concept, cf.chosen.fact.label, cf.reason, cf.agreeing, file=out)
        for co in res.corrections:
            print("CO", co.reading.fact.label, _iv(co.replacement), file=out)
        print("R", len(res.ratios), len(res.identities), file=out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, args.out.open("w", encoding="utf-8") as out:
        paths = list(write_corpus(Path(tmp), args.n))
        paths += sorted((ROOT / "examples").glob("*.yaml"))
        paths += sorted(p for p in (ROOT / "tests").rglob("*") if p.suffix in _SUFFIXES and p.is_file())
        done = 0
        for path in paths:
            ev = load_path(path).evaluation
            if ev is None:
                continue
            strip = f"{tmp}/" if path.is_relative_to(tmp) else f"{ROOT}/"
            dump(str(path).replace(strip, ""), evaluate(ev), out, strip)
            done += 1
    print(f"{done} of {len(paths)} documents evaluated, written to {args.out}")


if __name__ == "__main__":
    main()
