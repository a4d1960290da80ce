"""Every rule jixiao can report, for ``jixiao rules`` and docs/rules.md.

The registry (:mod:`jixiao.registry`) fills as modules declare their rules: the checks,
the framework loader, the readers, the workbook layout and the report writers. The
registry sits low in the layers and imports none of them; this module, beside the
readers and writers, imports them all so that the catalogue is complete.
"""

from __future__ import annotations

from jixiao.registry import FAMILIES, RULES, Rule


def all_rules() -> list[Rule]:
    """Every rule, ordered by family and code, loading the modules that declare them."""
    import jixiao.checks
    import jixiao.frameworks.loader
    import jixiao.readers.codes
    import jixiao.readers.tree
    import jixiao.workbook.codes
    import jixiao.writers.report.codes  # noqa: F401

    return sorted(RULES.values(), key=lambda r: (list(FAMILIES).index(r.family), r.code))
