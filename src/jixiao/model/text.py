"""Free text as stated in a document, with its location."""

from __future__ import annotations

import re

from jixiao.model.location import Location
from jixiao.model.record import Record, record

# What ``report_date`` holds, for the field's description in both evaluation kinds.
REPORT_DATE = ("报告自身所署的日期：封面的“报告日期”“填报日期”，或正文末尾落款的日期，如 2022年5月13日；"
               "网页的发布日期不是报告日期")


@record
class Text(Record):
    """A narrative passage or a table's text cell."""

    value: str
    location: Location | None = None

    def __str__(self) -> str:
        return self.value

    @property
    def is_empty(self) -> bool:
        return not self.value.strip().replace("\u3000", "")


# Template prompts left in a cell: "（200字以内）", "请填写…". Every prompt holds one of
# the words, so the pattern is only tried on texts that do: a pattern with CJK character
# classes takes a millisecond to compile, which a one-file check should not pay for
# nothing (re compiles a pattern given as text on first use and keeps it).
_PROMPT = r"[（(]\s*\d+\s*字以内\s*[)）]|请填写|此处填写|XXX|ＸＸＸ|×××"
_PROMPT_WORDS = ("字以内", "请填写", "此处填写", "XXX", "ＸＸＸ", "×××")


def is_placeholder(t: Text | None) -> bool:
    """The text is a form's fill-in prompt rather than content."""
    if t is None or len(t.value) >= 200:
        return False
    text = t.value
    for word in _PROMPT_WORDS:
        if word in text:
            return re.search(_PROMPT, text) is not None
    return False


def says_nothing(t: Text | None) -> bool:
    """Not stated, empty, or only the form's prompt."""
    return t is None or t.is_empty or is_placeholder(t)
