"""Run the benchmarks in bench/ (modules named ``bench_*.py``, each with ``main()``).

Usage: ``python bench/run.py [NAME ...] [--options]`` — e.g. ``python bench/run.py core --record``.
Options are left in ``sys.argv`` for the benchmark modules to read.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main(argv: list[str]) -> int:
    wanted = {a for a in argv if not a.startswith("-")}
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if wanted and name not in wanted:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"## {name}")
        module.main()
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
