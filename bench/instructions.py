"""Instruction counts (valgrind's callgrind), the figures that do not move with the load
on a shared machine: use them to compare two versions of the code.

    .venv/bin/python bench/instructions.py          # needs valgrind (apt-get install valgrind)

Prints the instructions of a bare ``python -c pass``, of one ``jixiao check`` of the
reference report, and per evaluation (check + score of one loaded model: two passes
over 30 perturbed models, minus a run that only loads them).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
MODELS = 30

_EVALUATE = """
import sys
sys.path.insert(0, {bench!r})
from pathlib import Path
import tempfile
from jixiao.engine import evaluate
from jixiao.readers.load import load_path
from perturb import write_corpus
models = [load_path(p).evaluation for p in write_corpus(Path(tempfile.mkdtemp()), {models})]
for ev in models:
    evaluate(ev)  # first runs: caches
for _ in range({passes}):
    for ev in models:
        evaluate(ev)
"""


def instructions(args: list[str]) -> int:
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *args],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise SystemExit(f"valgrind gave no count:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    bare = instructions([PYTHON, "-c", "pass"])
    check = instructions([PYTHON, "-c", "import sys; from jixiao.cli import main; sys.exit(main())",
                          "check", "examples/reference-lusong-2023.yaml"])
    loaded, evaluated = (instructions([PYTHON, "-c", _EVALUATE.format(bench=str(HERE), models=MODELS,
                                                                     passes=passes)])
                         for passes in (0, 2))
    print(f"python -c pass:               {bare / 1e6:8.1f} M instructions")
    print(f"jixiao check, reference:      {check / 1e6:8.1f} M ({check / bare:.1f}× bare)")
    print(f"check + score, per evaluation: {(evaluated - loaded) / (2 * MODELS) / 1e6:7.2f} M")


if __name__ == "__main__":
    main()
