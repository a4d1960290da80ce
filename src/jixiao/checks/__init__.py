"""Checks: small pure functions over an evaluation, one module per rule family.

Importing this package registers every check in :mod:`jixiao.registry`. The run order
matters for "no cascades": unit slips and duplicate conflicts are decided in the
resolution and reported first; specific diagnoses claim what they explain before the
generic sum and ratio checks run.
"""

from __future__ import annotations

from jixiao.checks import (  # noqa: F401  (registration order = run order)
    budget_system,  # adds warnings, claims nothing: its place in the order does not matter
    completeness,
    dates,  # adds a warning, claims nothing
    duplicates,
    formats,
    in_place,  # adds findings, claims nothing
    plausibility,
    ratios,
    scores,
    statements,  # adds findings, claims nothing
    sums,
    text_parts,  # adds findings, claims nothing
    units,
)
from jixiao.checks.context import CheckContext

__all__ = ["CheckContext"]
