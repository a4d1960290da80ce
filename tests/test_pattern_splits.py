"""Patterns split so that their slow-to-compile CJK halves are only compiled when a
text can need them (model.values, model.keys, model.text): each split must answer
exactly as the single pattern it replaced, which is kept here as the oracle."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from jixiao.model import keys, text, values
from jixiao.model.text import Text

ALPHABET = "0123456789一二三四五六七八九十零〇两年度全、.．是（()）其中:：字以内请填写此处XＸ×+-, \u3000\n次个人%≥"
# A head drawn from the characters the branches start with, then anything: random text
# alone would rarely start with four Chinese digits and 年.
HEADS = st.text(alphabet="0123456789一二三四五六七八九十零〇两（(其+-", max_size=5)
texts = st.builds(str.__add__, HEADS, st.text(alphabet=ALPHABET, max_size=12))

OLD_YEAR = re.compile(r"^(?:\d{4}|[一二三四五六七八九〇零]{4})\s*年度?\s*")
OLD_NUMBER_UNIT = re.compile(
    r"^([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[零〇一二两三四五六七八九十]{1,3})\s*(.*)$")
OLD_PREFIX = re.compile(r"^(?:[一二三四五六七八九十]+[、.．是]|\d+[、.．]|[（(]\d+[)）]|其中[:：])\s*")
OLD_PROMPT = re.compile(r"[（(]\s*\d+\s*字以内\s*[)）]|请填写|此处填写|XXX|ＸＸＸ|×××")


@given(texts)
@example("二〇二三年全年")
@example("〇一二三年度")
@example("2023年度 全年")
def test_year_prefix_split_matches_the_single_pattern(s: str) -> None:
    assert values._undated(s) == OLD_YEAR.sub("", s)


@given(texts)
@example("三次")
@example("〇个")
def test_number_unit_split_matches_the_single_pattern(s: str) -> None:
    old = OLD_NUMBER_UNIT.match(s)
    new = (re.match(values._CN_COUNT_UNIT, s) if s[:1] in values._CN_COUNT_DIGITS
           else values._NUMBER_UNIT.match(s))
    assert (old.groups() if old else None) == (new.groups() if new else None)


@given(texts)
def test_project_key_prefix_guard_matches_the_single_pattern(s: str) -> None:
    first = s[:1]
    guarded = re.sub(keys._PREFIX, "", s) if first in keys._PREFIX_FIRST or first.isdecimal() else s
    assert guarded == OLD_PREFIX.sub("", s)


@given(texts)
def test_prompt_word_guard_matches_the_single_pattern(s: str) -> None:
    assert text.is_placeholder(Text(s)) == (OLD_PROMPT.search(s) is not None)


OLD_SPACE = re.compile(r"[\s\u3000]+")
OLD_BAD = re.compile(r"[.\[\]]")


@given(st.text())
def test_name_key_without_patterns_matches_them(s: str) -> None:
    assert keys.name_key(s) == (OLD_BAD.sub("_", OLD_SPACE.sub("", s)) or "_")
