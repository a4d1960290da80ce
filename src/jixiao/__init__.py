"""jixiao — 预算绩效自评：读取、复算、核查、出具报告。

The package is split the way data flows (see docs/architecture.md):
readers → model (facts) → frameworks + scoring + checks (pure) → writers.
"""

__version__ = "0.1.0"
