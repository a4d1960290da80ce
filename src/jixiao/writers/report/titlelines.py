"""Breaking a document title into lines between words, never inside a place or body name.

A 公文 title is centred over several lines (GB/T 9704 §7.3.1); Word and browsers break CJK text
after any character, which splits “株洲市” over two lines. The title is broken here instead,
after a place or body name (省, 市, 区, 会议, 委员会, 政府 …) or after 年度, and each writer puts
the line breaks in.
"""

from __future__ import annotations

from jixiao.writers.textwidth import width

# Words a name ends with: a break may follow them.
_ENDINGS = ("年度", "自治区", "自治州", "省", "市", "区", "县", "旗", "镇", "乡", "街道", "会议", "委员会",
            "政府", "局", "厅", "院", "中心", "办公室", "协会", "馆", "站", "所", "项目", "支出", "绩效")
_CONTINUES = "议员长级内外"  # 会议, 委员, 区长, 市级 …: the name goes on
TITLE_COLUMNS = 39  # 156 mm at 二号 (22 pt): 40 half-width columns, one kept spare


def _words(text: str) -> list[str]:
    words: list[str] = []
    start = 0
    for i in range(1, len(text)):
        head = text[:i]
        if text[i] in _CONTINUES or (text[i - 1].isdigit() and text[i].isdigit()):
            continue
        if any(head.endswith(e) for e in _ENDINGS):
            words.append(text[start:i])
            start = i
    words.append(text[start:])
    return [w for w in words if w]


def title_lines(text: str, columns: int = TITLE_COLUMNS) -> list[str]:
    """The title in lines of at most ``columns`` (a CJK character is two), broken between
    words; a word longer than a line is broken where it must be."""
    lines: list[str] = []
    line = ""
    for word in _words(text):
        if line and width(line + word) > columns:
            lines.append(line)
            line = ""
        while width(word) > columns:
            cut = len(word)
            while width(word[:cut]) > columns:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line += word
    if line:
        lines.append(line)
    return lines
