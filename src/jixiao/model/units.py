"""Units as written in budget documents, and how amounts convert between them."""

from __future__ import annotations

from decimal import Decimal

# Money: the canonical unit of a whole-expenditure report is 万元.
AMOUNT_SCALE: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10000),
    "亿元": Decimal(100000000),
}
CANONICAL_AMOUNT = "万元"

# Spellings that mean the same unit.
_ALIASES: dict[str, str] = {
    "万": "万元",
    "萬元": "万元",
    "萬": "万元",
    "亿": "亿元",
    "百分比": "%",
    "百分点": "%",
    "个百分点": "%",
    "畝": "亩",
    "％": "%",
    "m2": "㎡",
    "m²": "㎡",
    "平米": "㎡",
    "平方米": "㎡",
    "平方": "㎡",
    "人数": "人",
    "名": "人",
    "次数": "次",
    "个数": "个",
    "天数": "天",
}

# Units that count things or time; used to recognise "6个", "48人", "1次".
COUNT_UNITS = frozenset(
    "人 人次 次 个 件 项 家 户 所 篇 份 期 场 台 辆 套 处 条 本 册 批 部 座 名 支 队 "
    "天 日 周 月 年 小时 分钟 亩 公里 米 ㎡ 吨 立方米 元/人 万元/人 课时 学时 学分 届 轮 组 村 栋 间 张 "
    "万人 万人次 万册 万份 万亩 千米 千瓦 次/年 个/年 次/月 "
    "个月 公顷 万公顷 平方公里 立方米 万立方米 亿立方米 万吨 千克 公斤 棵 株 万株 头 只 盏 块 起 宗 例 床 "
    "首 门 眼 口 户次 人日 批次 架次 车次 班次 万方".split()
)
PERCENT_UNITS = frozenset({"%", "‰"})


def normalize_unit(unit: str | None) -> str | None:
    """The canonical spelling of a unit, or ``None`` for no unit."""
    if unit is None:
        return None
    u = unit.strip().strip("（）()").strip()
    if not u:
        return None
    return _ALIASES.get(u, u)


def is_known_unit(unit: str | None) -> bool:
    if unit in AMOUNT_SCALE or unit in COUNT_UNITS or unit in PERCENT_UNITS:
        return True
    return unit is not None and is_rate_unit(unit)


def is_rate_unit(unit: str) -> bool:
    """An amount or a count per a count or a time: ``元/年``, ``元/人/月``, ``人/年``; or a
    standard per a count whose own unit the text leaves unsaid (``89.34/亩``: ``/亩``)."""
    top, slash, rest = unit.partition("/")
    if not slash or not (not top or top in AMOUNT_SCALE or top in COUNT_UNITS):
        return False
    return all(per in COUNT_UNITS for per in rest.split("/"))


def convert_amount(value: Decimal, decimals: int, from_unit: str, to_unit: str) -> tuple[Decimal, int]:
    """Convert an amount and its declared decimals between money units.

    ``42.82元`` in 万元 is 0.004282 with 6 decimals; ``42.82万元`` in 元 is 428200 with
    −2 decimals (XBRL allows negative decimals): the interval the figure stands for is
    preserved exactly.
    """
    if from_unit == to_unit:
        return value, decimals
    factor = AMOUNT_SCALE[from_unit] / AMOUNT_SCALE[to_unit]
    shift = factor.adjusted()  # factors are exact powers of ten
    return value.scaleb(shift), decimals - shift
