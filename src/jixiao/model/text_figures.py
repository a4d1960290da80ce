"""Figures stated in a report's sentences that no field names.

``实现新建村内道路32.63公里``, ``小学生300元/年``, ``城关镇补助资金2万元``: figures a
reader finds in the report's text (正文) but no field of the form takes. Each is kept as
a fact of its own namespace (``text.amount``, ``text.percent``, ``text.quantity``,
``text.points``), with the words before it as its label, so every figure of the text is
located and can be traced, without being taken for a concept the checks know: the
resolution and the checks that reconcile concepts leave the namespace alone (see
:func:`jixiao.model.concepts.is_text_figure`).

A whole and its parts stated in one sentence (``共计1067.2万元，其中中央资金776.84万元``)
are linked: a part names the position of its whole in the list (``part_of``), the
whole says whether the sentence lists some of its parts (其中) or all of them (分别为). A
member of such a sentence that a field took is listed too (the same figure, at the same
place), so the sentence's sum can be checked.
"""

from __future__ import annotations

from jixiao.model.concepts import TEXT_NAMESPACE
from jixiao.model.fact import Fact
from jixiao.model.location import Location
from jixiao.model.record import Record, record
from jixiao.model.schema import fact_field, int_field, list_field, string_field

TYPE_CHECKING = False  # typing costs milliseconds to import; annotations only need it for mypy
if TYPE_CHECKING:
    from typing import Any

SOME_PARTS = "some"  # 其中: the parts listed are some of the whole
ALL_PARTS = "all"  # 分别为: the parts listed are the whole


@record
class TextFigure(Record):
    """正文中的其他数字: one figure of a sentence that no field takes."""

    label: str = string_field("所在文字", required=True, description="数字前的文字（同一分句内）")
    amount: Fact | None = fact_field("金额", f"{TEXT_NAMESPACE}.amount", None, label="",
                                     description="带金额单位：10万元、300元/年")
    percent: Fact | None = fact_field("百分比", f"{TEXT_NAMESPACE}.percent", "%", label="")
    quantity: Fact | None = fact_field("数量", f"{TEXT_NAMESPACE}.quantity", None, label="",
                                       description="带计量单位：140人、32.63公里、1.26亿立方米")
    points: Fact | None = fact_field("分数", f"{TEXT_NAMESPACE}.points", "分", label="")
    part_of: int | None = int_field("所属合计", description="同一句中作为合计的数字在本列表中的序号（从1起）")
    parts: str | None = string_field(
        "所列分项", choices=(SOME_PARTS, ALL_PARTS),
        description="本数字为合计时：some＝“其中”列出部分分项；all＝“分别为”等列出全部分项")
    location: Location | None = None

    @property
    def figure(self) -> Fact | None:
        return self.amount or self.percent or self.quantity or self.points


def text_figures_field() -> Any:
    return list_field("正文中的其他数字", TextFigure, label="正文",
                      description="正文句子中未被其他字段读取的数字（金额、百分比、数量、分数），以及同一句中合计与其分项的各数，"
                                  "各带所在文字与位置")
