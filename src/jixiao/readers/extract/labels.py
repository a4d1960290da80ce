"""Label matching: the synonym tables (``readers/data/*.yaml``) and how a cell or a
phrase is compared with them.

Labels are compared in a normal form: no whitespace, full-width brackets and colons
as half-width, no leading enumerator (``1、`` ``（一）`` ``其中：``) and no trailing colon
or unit note (``（万元）``). A label matches a synonym when it equals it; in a phrase,
when the phrase ends with it (longest synonym first).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml

_WS = re.compile(r"[\s\u3000\xa0\u200b\ufeff]+")
_WIDTH = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "；": ";", "、": "、", "．": ".",
                        "［": "[", "］": "]", "【": "[", "】": "]"})
_ENUM = re.compile(r"^(?:[(]?[一二三四五六七八九十]{1,3}[)、.]|[(]\d{1,2}[)]|\d{1,2}[、.](?!\d)|[①-⑳]|"
                   r"其中[:]?)")
# a unit note after a label, also with its closing bracket lost: 财政供养人员情况(人
_UNIT_NOTE = re.compile(r"\((?:万元|元|人|个|%|㎡|分|单位[:][^)]*)\)?$")
# Column marks and points after a label: 全年预算数(A), 执行率(B/A), 执行率(B/A×100%), 分值(10分),
# 得分(20分*执行率); a bracket the copy lost the end of: 全年执行数(B; and a formula whose closing
# bracket the copy read as a 1, l, I or |: 执行率(B/A1
_COLUMN_MARK = re.compile(r"\((?:[A-Z](?:[/+\-*×÷][A-Z])*(?:[×*]100%)?|\d+(?:\.\d+)?分(?:[*×][\u4e00-\u9fff]{1,6})?)\)$"
                          r"|\([A-Z/]{0,3}$|\([A-Z](?:[/+\-*×÷][A-Z])+[1lI|]$")
_POINTS = re.compile(r"[(]\s*(\d+(?:\.\d+)?)\s*分\s*[)]$")


@cache
def data(name: str) -> dict[str, Any]:
    """A data file of the readers (``labels``, ``report``, ``detect``)."""
    text = resources.files("jixiao.readers").joinpath("data", f"{name}.yaml").read_text(encoding="utf-8")
    loaded = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert isinstance(loaded, dict)
    return loaded


def squash(text: str) -> str:
    """No whitespace, half-width brackets and colons."""
    return _WS.sub("", text).translate(_WIDTH)


@lru_cache(maxsize=1 << 16)
def label_key(text: str) -> str:
    """The normal form of a label (see the module docstring)."""
    s = squash(text)
    for _ in range(3):
        new = _ENUM.sub("", s)
        if new == s:
            break
        s = new
    s = s.rstrip(":")
    s = _UNIT_NOTE.sub("", s).rstrip(":")
    s = _COLUMN_MARK.sub("", s).rstrip(":")
    return s


@lru_cache(maxsize=1 << 14)
def points_of(text: str) -> tuple[str, str | None]:
    """``产出指标（40分）`` → (``产出指标``, ``40``)."""
    s = squash(text)
    m = _POINTS.search(s)
    if not m:
        return label_key(s), None
    return label_key(s[: m.start()]), m.group(1)


class Synonyms:
    """A field → synonyms table, matched in normal form."""

    def __init__(self, table: Mapping[str, Iterable[str]]) -> None:
        self.fields: dict[str, tuple[str, ...]] = {k: tuple(label_key(s) for s in v) for k, v in table.items()}
        pairs = [(syn, key) for key, syns in self.fields.items() for syn in syns]
        self._exact: dict[str, str] = {}
        for syn, key in pairs:
            self._exact.setdefault(syn, key)
        self._by_length = sorted(pairs, key=lambda p: -len(p[0]))

    def exact(self, text: str) -> str | None:
        """The field whose synonym equals the label."""
        return self._exact.get(label_key(text))

    def normal_forms(self) -> Iterable[str]:
        """The synonyms in normal form."""
        return self._exact.keys()

    def suffix(self, text: str) -> tuple[str, str] | None:
        """(field, synonym) for the longest synonym the phrase ends with."""
        key = label_key(text)
        for syn, field in self._by_length:
            if syn and key.endswith(syn):
                return field, syn
        return None

    def contains(self, text: str) -> str | None:
        key = label_key(text)
        for syn, field in self._by_length:
            if syn and syn in key:
                return field
        return None


def words(items: Iterable[str]) -> Synonyms:
    """A plain list of labels as a table mapping each label to itself."""
    return Synonyms({label_key(w): [w] for w in items})


@cache
def table(*path: str) -> Synonyms:
    """The synonym table at ``path`` in ``labels.yaml`` (or ``report.yaml`` when the
    path starts with ``report``)."""
    node: Any = data("report") if path[0] == "report" else data("labels")
    for part in path[1:] if path[0] == "report" else path:
        node = node[part]
    if isinstance(node, list):
        return words(node)
    return Synonyms(node)


@cache
def wordlist(*path: str) -> tuple[str, ...]:
    node: Any = data("report") if path[0] == "report" else data("labels")
    for part in path[1:] if path[0] == "report" else path:
        node = node[part]
    return tuple(label_key(w) for w in node)


@cache
def known_labels() -> frozenset[str]:
    """Every label of labels.yaml in normal form: a cell holding one of them is
    structure, not a value."""
    out: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            out.update(label_key(str(w)) for w in node)

    walk(data("labels"))
    out.discard("")
    return frozenset(out)


_NOTE = re.compile(r"^[(][^()]{1,8}[)]$")


def is_note(text: str) -> bool:
    """A short parenthetical note after a label: (盖章), (万元), (人)."""
    return bool(_NOTE.match(squash(text)))


def is_structure(text: str) -> bool:
    """A table label (with or without its points, as 预算执行情况(10分))."""
    key = label_key(text)
    return key in known_labels() or points_of(text)[0] in known_labels() or _points_only(key)


def _points_only(key: str) -> bool:
    name, points = points_of(key)
    return points is not None and bool(name)


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _furniture() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    spec = data("report")["page_furniture"]
    return (re.compile(rf"(?:{_alternatives(spec['labelled'])})\s*[:：]"),
            re.compile(rf"^[\s【\[]*(?:{_alternatives(spec['actions'])})"),
            re.compile(rf"(?:{_alternatives(spec['navigation'])}).{{0,40}}[>＞»]|[>＞»].{{0,40}}(?:{_alternatives(spec['navigation'])})"),
            re.compile(rf"\.(?:{_alternatives(spec['file_types'])})\s*$", re.IGNORECASE),
            re.compile(_alternatives(spec["site_notes"])))


def is_furniture(text: str) -> bool:
    """A line of the page or the file around the report, not the report: 发布日期：…,
    浏览量：…, 大小：57KB, 打印本页, 首页 > 通知公告, ……报告.docx, a download site's
    note (``report.yaml`` page_furniture)."""
    s = text.strip()
    return any(p.search(s) for p in _furniture())


@cache
def _field() -> re.Pattern[str]:
    words = _alternatives(data("report")["page_furniture"]["labelled"])
    # the value ends at a gap of two spaces, a cell's bar, a sentence's end, or where another
    # labelled field begins (发布日期：2022-04-15 14:54 浏览量：1)
    end = r"\s{2}|\s*[|│。;；]|\s+[\u4e00-\u9fffA-Za-z]{1,8}\s*[:：]"
    return re.compile(rf"(?:^|(?<=[\s|│]))(?:{words})\s*[:：](?:(?!{end}).)*")


_SENTENCE_END = re.compile(r"[。！？!?]")


def furniture_spans(line: str) -> list[tuple[int, int]]:
    """Where a line holds the page's or the download site's words rather than the report's:
    each labelled field (a ``page_furniture`` label at the line's start or after a space
    or a bar, its colon and its value: 浏览量：1, 格式:docx, 大小:57KB, 页数:17页,
    上传人:1017848967 2022/6/26) and each sentence holding a site's note (本站不支持迅雷下载,
    请使用…360浏览器…下载即可). A label inside a word is not one (资金来源：…)."""
    spans = [m.span() for m in _field().finditer(line)]
    for m in _furniture()[4].finditer(line):
        ends = [e.end() for e in _SENTENCE_END.finditer(line, 0, m.start())]
        after = _SENTENCE_END.search(line, m.end())
        spans.append((ends[-1] if ends else 0, after.end() if after else len(line)))
    return spans


def file_name_stem(text: str) -> str | None:
    """``2021年……自评报告`` for a line that is a file name (``2021年……自评报告.pdf``)."""
    s = text.strip()
    m = _furniture()[3].search(s)
    return s[:m.start()].strip() if m else None
