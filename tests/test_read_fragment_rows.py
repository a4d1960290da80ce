"""Indicator rows of a fragment without its header, each a name run together with a target
opened by a comparison sign and one number (``extract/headerless.py``)."""

from __future__ import annotations

from jixiao.engine import evaluate
from jixiao.model.evaluation import all_indicators
from jixiao.readers.load import load_bytes

TITLE = "项目支出绩效自评表（2023年度，续）\n"
FRAGMENT = (TITLE + "产出指标数量指标培训人次≥300人次 15 资料印发份数≥2000份 15 "
            "质量指标培训合格率=100% 20 效益指标社会效益指标就业带动人数≥50人 30 合计100 "
            "评价结论目标完成。项目负责人:财务负责人:\n")


def _read(text: str) -> tuple[dict[str, tuple[str, str, str | None]], list[str], list[str]]:
    result = load_bytes(text.encode("utf-8"), "fragment.txt")
    ev = result.evaluation
    assert ev is not None, [f.message for f in result.findings]
    rows = {item.name: (category.name, group.name, item.target.text if item.target else None)
            for category, group, item in all_indicators(ev)}
    found = list(result.findings) + evaluate(ev).findings
    serious = [f.code for f in found if f.level.value in ("error", "warning")]
    notes = ev.notes.value.splitlines() if ev.notes else []
    return rows, serious, notes


def test_names_and_targets_are_read_and_the_lone_numbers_are_not() -> None:
    rows, serious, notes = _read(FRAGMENT)
    assert rows == {
        "培训人次": ("产出指标", "数量指标", "≥300人次"),
        "资料印发份数": ("产出指标", "数量指标", "≥2000份"),
        "培训合格率": ("产出指标", "质量指标", "=100%"),
        "就业带动人数": ("效益指标", "社会效益指标", "≥50人"),
    }
    # 15, 20, 30: the points or the score? The other column is missing: nothing is read
    result = load_bytes(FRAGMENT.encode("utf-8"), "fragment.txt")
    assert result.evaluation is not None
    assert not [f for f in result.evaluation.facts if f.concept.endswith((".weight", ".score"))]
    assert any("分值还是得分无法确定" in n and "15、20、30" in n for n in notes)
    assert any("合计100" in n for n in notes)
    assert serious == []


def test_one_such_row_is_no_table() -> None:
    result = load_bytes((TITLE + "产出指标数量指标培训人次≥300人次 15 评价结论目标完成。\n").encode(), "one.txt")
    assert result.evaluation is None or not list(all_indicators(result.evaluation))


def test_a_target_without_a_sign_does_not_tell_where_the_name_ends() -> None:
    text = TITLE + "产出指标数量指标培训人次300人次 15 资料印发份数2000份 15 合计100\n"
    result = load_bytes(text.encode(), "unsigned.txt")
    assert result.evaluation is None or not list(all_indicators(result.evaluation))
