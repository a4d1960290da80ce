"""One cell per line with blank lines between the cells (a Word table copied as
text), each as a small document."""

from __future__ import annotations

from jixiao.readers.load import load_bytes
from jixiao.readers.textlayout import read_text_layout

E = " "  # a line holding one space: an empty cell


def cells(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


PROJECT = cells("项目支出绩效自评表（2023年度）", "项目名称", "农村 公路养护", "主管部门", "县交通运输局",
                "项目资金（万元）", "年初", "预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分",
                "年度资金总额", "120", "150", "142.5", "10", "95%", "9.5",
                "其中：当年财政拨款", "120", "150", E, E, E, E,
                "上年结转资金", E, E, E, E, E, E)


def read(text: str) -> dict[str, str]:
    result = load_bytes(text.encode("utf-8"), "cells.txt")
    assert result.evaluation is not None, [f.message for f in result.findings]
    return {f.concept: f.text for f in result.evaluation.facts}


def test_blank_separated_cells_with_empty_cells_are_one_table() -> None:
    doc = read_text_layout(PROJECT, "cells.txt")
    table = doc.tables()[0]
    assert table.flat and table.blanks_explicit
    texts = [c.text for c in table.rows[0]]
    assert "农村 公路养护" in texts  # a cell is never split at a space
    assert texts.count("") == 4  # the empty cells at the very end are dropped


def test_a_header_wrapped_over_lines_is_one_cell() -> None:
    got = read(PROJECT)
    assert got["funds.total.initial"] == "120" and got["funds.total.full_year"] == "150"
    assert got["funds.total.final"] == "142.5" and got["funds.total.rate"] == "95%"
    assert got["funds.total.weight"] == "10" and got["funds.total.score"] == "9.5"
    assert got["funds.fiscal.full_year"] == "150"
    assert "funds.fiscal.final" not in got  # its cell is empty


def test_label_value_pairs_on_consecutive_lines() -> None:
    text = "\n".join(["2023年度部门整体支出绩效评价基础数据表", "财政供养人员情况", "人员编制", "21", "实有人数", "20",
                      "经费控制情况"])
    got = read(text)
    assert got["staff.authorized"] == "21" and got["staff.in_service"] == "20"


def test_paragraphs_between_blank_lines_stay_paragraphs() -> None:
    text = cells("某局2023年度部门整体支出绩效自评报告", "一、部门（单位）基本情况", "（三）人员情况",
                 "本部门共12人，其中在职10人，退休人员2人。", "二、一般公共预算支出情况", "支出情况良好。")
    doc = read_text_layout(text, "p.txt")
    assert not doc.tables()
    assert read(text)["staff.in_service"] == "10"
