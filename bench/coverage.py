"""Reading coverage of the corpus: per published document in tests/corpus/, the facts
written down by hand (tests/expected/) that the readers got right, the figures a number
scan finds that were read, and the false errors on partial documents.

    .venv/bin/python bench/coverage.py                # print the table
    .venv/bin/python bench/coverage.py --raise-floor  # record today's figures as the floor

The floor (tests/coverage-floor.json) is what tests/test_corpus_coverage.py holds
the readers to (per document the hand-written facts read right and the scanned figures
read): raise it when a reader improves, so that a later change cannot lose it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.corpus_measure import FLOOR, documents, floor, measure, raised_floor, table  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raise-floor", action="store_true", help="record today's figures where they are better")
    parser.add_argument("--missed", action="store_true", help="list the expected facts not read, per document")
    args = parser.parse_args()
    measured = [measure(name) for name in documents()]
    print(table(measured))
    if args.missed:
        for m in measured:
            if m.expected.missed or m.false_errors:
                print(f"\n{m.name}")
                for item in m.expected.missed:
                    print(f"  missed  {item}")
                for item in m.false_errors:
                    print(f"  false error  {item}")
    if args.raise_floor:
        FLOOR.write_text(json.dumps(raised_floor(measured, floor() if FLOOR.exists() else {}),
                                    ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"\nfloor written to {FLOOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
