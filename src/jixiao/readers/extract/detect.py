"""Which kind of evaluation a document is, which framework its template follows, and
which province it comes from — from its own words (``detect.yaml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.readers.extract.context import Context
from jixiao.readers.extract.labels import data, label_key, points_of
from jixiao.readers.extract.project_identity import TITLE_AT_START as title_run_on

_CODE = re.compile(r"(?<!\d)([1-6]\d)0000(?!\d)")


@dataclass(frozen=True, slots=True)
class Detected:
    framework: str
    because: str
    matched: tuple[str, ...]


def _keys(ctx: Context) -> set[str]:
    keys = set(ctx.stream.index)
    for key in list(keys):
        if len(key) > 60:
            continue
        if "(" in key:
            keys.add(points_of(key)[0])
        cut = key.rfind(":")
        if cut > 0:
            keys.add(label_key(key[:cut]))
    return keys


def detect_kind(ctx: Context) -> str | None:
    meta_kind = ctx.doc.meta.get("kind", "").strip().lower()
    mapped = data("detect")["meta_kinds"].get(meta_kind)
    if mapped:
        return str(mapped)
    by_title = _kind_by_title(ctx)
    if by_title is not None:
        return by_title
    words = data("detect")["kinds"]
    text = "\n".join(t.text for t in ctx.stream.toks[:4000])
    project = sum(1 for w in words["project"] if w in text)
    overall = sum(1 for w in words["overall"] if w in text)
    if project == 0 and overall == 0:
        return None
    return "project" if project > overall else "overall"


def _kind_by_title(ctx: Context) -> str | None:
    """The kind the report title names (项目支出绩效自评报告, 部门绩效自评报告 …), when
    only one kind's wording is in it."""
    titles = data("detect")["title_kinds"]
    for _, para in ctx.paragraphs()[:30]:
        key = label_key(para.text)
        if len(key) > 80:  # a title run on into the text of a flattened copy
            m = title_run_on.match(para.text)
            key = label_key(m.group("title")) if m else ""
        if "报告" not in key:
            continue
        kinds = {kind for kind, names in titles.items() if any(label_key(n) in key for n in names)}
        if len(kinds) == 1:
            return str(kinds.pop())
    return None


def detect_framework(ctx: Context, kind: str) -> Detected:
    keys = _keys(ctx)
    for spec in data("detect")["frameworks"]:
        if spec["kind"] != kind:
            continue
        matched = tuple(w for w in spec["words"] if label_key(w) in keys)
        if len(matched) >= int(spec["need"]):
            return Detected(str(spec["id"]), str(spec["because"]), matched)
    default = data("detect")["defaults"][kind]
    return Detected(str(default["id"]), str(default["because"]), ())


def detect_province(ctx: Context) -> str | None:
    """The province from a 报表编号 with an administrative code (510000_…), or a
    province named in the header cells."""
    codes = data("detect")["province_codes"]
    for tok in ctx.stream.toks[:60]:
        if "编号" in tok.text or "代码" in tok.text:
            m = _CODE.search(tok.text)
            if m and m.group(1) in codes:
                return str(codes[m.group(1)])
    return None


def region_of(name: str) -> str | None:
    """湖南省株洲市芦淞区 from 中国人民政治协商会议湖南省株洲市芦淞区委员会: a province
    named in full, then the city and county after it."""
    for province in data("detect")["province_codes"].values():
        at = name.find(str(province))
        if at < 0:
            continue
        rest = name[at + len(province):]
        m = re.match(r"([\u4e00-\u9fa5]{2,4}?(?:市|州|盟))?([\u4e00-\u9fa5]{1,4}?(?:区|县|旗))?", rest)
        city = m.group(1) or "" if m else ""
        county = (m.group(2) or "") if m and city else ""
        return f"{province}{city}{county}"
    return None


def level_of(region: str | None) -> str | None:
    if not region:
        return None
    last = region[-1]
    return {"区": "区级", "县": "县级", "旗": "县级", "市": "市级", "州": "市级", "省": "省级"}.get(last)
