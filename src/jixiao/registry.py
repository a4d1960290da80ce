"""The rule registry: every finding code jixiao can emit, with its level, family,
description and the regulation or practice it comes from.

Checks register with :func:`check`; readers and the framework loader declare the codes
they emit with :func:`declare`. :mod:`jixiao.catalogue` loads them all for
``jixiao rules`` and ``docs/rules.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from jixiao.findings import Finding, Level
from jixiao.model.location import Location
from jixiao.model.record import Record, record

TYPE_CHECKING = False  # typing costs milliseconds to import; annotations only need it for mypy
if TYPE_CHECKING:
    from typing import Any

    from jixiao.checks.context import CheckContext

CheckFn = Callable[["CheckContext", "Rule"], Iterable[Finding]]


@record
class Rule(Record):
    code: str
    level: Level
    family: str
    title: str
    message: str  # str.format template with named arguments, in Chinese
    citation: str
    description: str = ""
    fn: CheckFn | None = None
    order: int = 0

    def finding(self, locations: Iterable[Location | None] = (), *, stated: str | None = None,
                expected: str | None = None, level: Level | None = None,
                **args: Any) -> Finding:
        """A finding of this rule with its message filled from named arguments."""
        for name, value in args.items():  # the arguments are kept as text; most already are
            if type(value) is not str:
                args[name] = str(value)
        template = self.message
        if "{stated}" in template or "{expected}" in template:  # the finding's own values
            message = template.format(stated=stated or "", expected=expected or "", **args)
        else:
            message = template.format_map(args)
        return Finding(self.code, level or self.level, message,
                       tuple(filter(None, locations)),  # drops the Nones (a Location is always true)
                       stated, expected, self.citation, args)


RULES: dict[str, Rule] = {}

FAMILIES = {
    "input": "输入",
    "framework": "评价框架",
    "unit": "计量单位",
    "dup": "重复数据",
    "sum": "合计",
    "ratio": "比率",
    "score": "评分",
    "system": "一体化系统预警",
    "complete": "完整性",
    "plaus": "合理性",
    "format": "格式",
}


def declare(code: str, level: Level, title: str, message: str, citation: str,
            description: str = "") -> Rule:
    """Declare a rule emitted outside the check functions (reader, loader)."""
    family = code.split(".", 1)[0]
    rule = Rule(code, level, family, title, message, citation, description, None, len(RULES))
    RULES[code] = rule
    return rule


def check(code: str, level: Level, title: str, message: str, citation: str,
          description: str = "") -> Callable[[CheckFn], CheckFn]:
    """Register a check function under a rule code."""

    def wrap(fn: CheckFn) -> CheckFn:
        family = code.split(".", 1)[0]
        doc = description or (fn.__doc__ or "").strip()
        RULES[code] = Rule(code, level, family, title, message, citation, doc, fn, len(RULES))
        return fn

    return wrap


def rule(code: str) -> Rule:
    return RULES[code]

