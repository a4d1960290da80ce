"""Framework answers that scoring and the checks look up row by row, remembered per
framework.

A framework is loaded once and shared by every evaluation under it, and the names
looked up in it (一级、二级、三级指标) repeat from row to row and from document to
document, while each lookup walks names and aliases with string operations. So each
framework gets one :class:`FrameworkLookups` that answers a name once.
"""

from __future__ import annotations

from jixiao.frameworks.model import Category, Framework, RateIndicator

TYPE_CHECKING = False  # typing costs milliseconds to import; annotations only need it for mypy
if TYPE_CHECKING:
    from typing import TypeVar

    K = TypeVar("K")
    V = TypeVar("V")

# Cited when a framework names no source for its proportional rules.
_POSITIVE = "财预〔2020〕10号第二十一条：按完成值与指标值的比例记分〔BK〕"
_REVERSE = "反向指标按指标值÷完成值计分（公开自评表附注〔C〕）"
_MEMO_LIMIT = 4096  # distinct names remembered per framework; documents bring their own
_VERDICT_KEYS = ("not_met", "partly", "met")  # "未达成" contains "达成": negatives first


class FrameworkLookups:
    """One framework's answers by name (see the module docstring)."""

    __slots__ = ("_categories", "_rate_indicators", "_reverse_places", "framework", "positive_cite",
                 "qualitative_cite", "reverse_cite", "verdict_phrases")

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self._rate_indicators: dict[str, RateIndicator | None] = {}
        self._categories: dict[str, Category | None] = {}
        self._reverse_places: dict[tuple[str, str], bool] = {}
        positive, reverse, q = framework.positive_source, framework.reverse_source, framework.qualitative
        self.positive_cite = positive.cite() if positive else _POSITIVE
        self.reverse_cite = reverse.cite() if reverse else _REVERSE
        self.qualitative_cite = q.source.cite() if q else ""
        # Per verdict, its phrases (empty ones dropped). Looked for with ``in``: a pattern
        # of CJK alternatives takes longer to compile than a one-file check spends
        # judging, and is no faster on the few qualitative indicators of a document.
        self.verdict_phrases: tuple[tuple[str, tuple[str, ...]], ...] = ()
        if q is not None:
            phrases = {"not_met": q.not_met_phrases, "partly": q.partly_phrases, "met": q.met_phrases}
            self.verdict_phrases = tuple((key, tuple(p for p in phrases[key] if p)) for key in _VERDICT_KEYS)

    def rate_indicator(self, name: str) -> RateIndicator | None:
        """:meth:`Framework.rate_indicator_for`, remembered."""
        if not self.framework.rate_indicators:
            return None
        memo = self._rate_indicators
        if name in memo:
            return memo[name]
        return _remember(memo, name, self.framework.rate_indicator_for(name))

    def category(self, name: str) -> Category | None:
        """:meth:`Framework.category_for`, remembered."""
        memo = self._categories
        if name in memo:
            return memo[name]
        return _remember(memo, name, self.framework.category_for(name))

    def reverse_place(self, category: str, group: str) -> bool:
        """Whether a bare target under this 一级/二级指标 is reverse (lower is better):
        a cost category, or a group the framework names as reverse."""
        key = (category, group)
        found = self._reverse_places.get(key)
        if found is None:
            cat = self.category(category)
            found = (cat is not None and cat.reverse) or any(g in group for g in self.framework.reverse_groups)
            _remember(self._reverse_places, key, found)
        return found


def _remember(memo: dict[K, V], key: K, value: V) -> V:
    if len(memo) >= _MEMO_LIMIT:
        memo.clear()
    memo[key] = value
    return value


_BY_FRAMEWORK: dict[int, FrameworkLookups] = {}


def lookups(framework: Framework) -> FrameworkLookups:
    """The lookups of a framework (by identity: frameworks are shared, not copied)."""
    found = _BY_FRAMEWORK.get(id(framework))
    if found is None or found.framework is not framework:
        if len(_BY_FRAMEWORK) >= 64:
            _BY_FRAMEWORK.clear()
        found = _BY_FRAMEWORK[id(framework)] = FrameworkLookups(framework)
    return found
