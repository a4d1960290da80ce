"""`jixiao check` on one file is benchmarked against a bare interpreter start
(docs/benchmarks.md): the modules that cost most to import must stay off its path.
Each was on it once and was taken off; this keeps them off."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jixiao

ROOT = Path(__file__).resolve().parent.parent

# What each costs on the check path, and why the check does not need it.
HEAVY = {
    "yaml": "PyYAML: more than a whole interpreter start; jixiao.yaml_subset reads the usual files",
    "typing": "several milliseconds; annotations need it only for mypy (TYPE_CHECKING)",
    "json": "only for --format json and JSON input",
    "shutil": "argparse's help width, with bz2 and lzma; the CLI sizes help itself",
    "locale": "argparse's message catalogue lookups, which the CLI skips",
    "dataclasses": "records are built without it (model/record.py: a frozen slotted dataclass costs about 4.5 M instructions per class)",
    "inspect": "brought in by dataclasses",
    "difflib": "only to suggest a key for a misspelt one",
}


def test_check_keeps_heavy_modules_off_its_path() -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(jixiao.__file__).parent.parent)}
    script = ("import sys, io\n"
              "from jixiao.cli import main\n"
              "sys.stdout = io.StringIO()\n"
              f"status = main(['check', {str(ROOT / 'examples' / 'reference-lusong-2023.yaml')!r}])\n"
              "sys.stdout = sys.__stdout__\n"
              "print(status)\n"
              f"print(' '.join(m for m in {sorted(HEAVY)!r} if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    status, imported = [*done.stdout.splitlines(), "", ""][:2]
    assert status == "1"  # the reference report has error-level findings
    assert imported.split() == [], {m: HEAVY[m] for m in imported.split()}
