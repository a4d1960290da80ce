"""Report headings in the forms published copies give them, each as a small report."""

from __future__ import annotations

from jixiao.model.concepts import is_text_figure
from jixiao.readers.load import load_bytes


def read(text: str, name: str = "report.txt") -> dict[str, str]:
    result = load_bytes(text.encode("utf-8"), name)
    assert result.evaluation is not None, [f.message for f in result.findings]
    return {f.concept: f.text for f in result.evaluation.facts if not is_text_figure(f.concept)}


STAFF = "本单位编制15人，实有在职人员14人，退休人员6人。"
BUDGET = "2023年度一般公共预算财政拨款支出320.5万元，其中：基本支出280.5万元，项目支出40万元。"
EXPECTED = {"staff.authorized": "15", "staff.in_service": "14", "staff.retired": "6",
            "funds.public.final": "320.5", "expenditure.basic.final": "280.5", "expenditure.project.final": "40"}


def test_wording_variants_of_the_sections() -> None:
    text = "\n".join(["某镇人民政府2023年度部门整体支出绩效自评报告", "一、单位基本概况", "（一）人员编制",
                      STAFF, "二、一般公共预算支出情况", BUDGET])
    assert read(text) == EXPECTED


def test_arabic_and_circled_numbering() -> None:
    text = "\n".join(["某镇人民政府2023年度部门整体支出绩效自评报告", "1.基本情况", "(1)人员情况", STAFF,
                      "2、一般公共预算支出情况", "① 支出情况", BUDGET,
                      "3.存在的问题", "1.预算编制不够精细。"])
    got = read(text)
    assert {k: got[k] for k in EXPECTED} == EXPECTED


def test_number_on_one_line_and_words_on_the_next() -> None:
    text = "\n".join(["某镇人民政府2023年度部门整体支出绩效自评报告", "一、", "部门（单位）基本情况", "（三）",
                      "人员情况", STAFF, "二、", "一般公共预算支出情况", BUDGET])
    assert read(text) == EXPECTED


def test_run_in_headings() -> None:
    text = "\n".join(["某镇人民政府2023年度部门整体支出绩效自评报告", "一、基本情况",
                      "（一）主要职能。负责全镇经济社会发展规划。", "（二）人员情况。" + STAFF,
                      "二、一般公共预算支出情况：" + BUDGET])
    result = load_bytes(text.encode("utf-8"), "r.txt")
    ev = result.evaluation
    assert ev is not None
    assert {f.concept: f.text for f in ev.facts if not is_text_figure(f.concept)} == EXPECTED
    assert ev.report is not None and ev.report.profile is not None
    assert ev.report.profile.functions is not None and ev.report.profile.functions.value == "负责全镇经济社会发展规划。"


def test_headings_buried_in_a_flattened_line() -> None:
    text = ("某镇人民政府2023年度部门整体支出绩效自评报告 一、部门（单位）基本情况 （一）主要职能 负责全镇规划。"
            "（二）人员情况 " + STAFF + " 二、一般公共预算支出情况 " + BUDGET + " 三、存在的问题 预算编制不够精细。\n")
    assert read(text) == EXPECTED


def test_a_heading_turned_into_a_list_item() -> None:
    text = "\n".join(["某镇人民政府2023年度部门整体支出绩效自评报告", "- 一、部门（单位）基本情况", "## 人员情况",
                      "1. （三）人员情况", STAFF, "* 二、一般公共预算支出情况", BUDGET])
    assert read(text) == EXPECTED


def test_figures_from_whatever_section_states_them() -> None:
    """No 人员情况 subsection and no budget section: the sentences that state them are read."""
    text = "\n".join(["某镇人民政府2023年度部门整体支出绩效自评报告", "一、基本情况",
                      "本单位内设机构3个。" + STAFF, "二、绩效目标实现情况",
                      "全年支出情况：基本支出280.5万元，项目支出40万元。", "共开展培训12次。"])
    assert read(text) == {"staff.authorized": "15", "staff.in_service": "14", "staff.retired": "6",
                          "expenditure.basic.final": "280.5", "expenditure.project.final": "40"}


def test_a_numbered_list_item_is_not_a_heading() -> None:
    """``1.收入:…`` and ``2.人员…`` in a section's text stay its text."""
    text = "\n".join(["某镇人民政府2023年度部门整体支出绩效自评报告", "一、基本情况", "（一）部门整体支出概况",
                      "1.收入：320.5万元。", "2.支出：320.5万元。其中：基本支出280.5万元，项目支出40万元。",
                      "（二）人员情况", STAFF, "七、存在的问题", "（一）人员情况。人员老化，缺少专业人才。"])
    got = read(text)
    assert got["expenditure.basic.final"] == "280.5" and got["staff.in_service"] == "14"
    result = load_bytes(text.encode("utf-8"), "r.txt")
    assert result.evaluation is not None and result.evaluation.report is not None
    problems = result.evaluation.report.problems
    assert problems is not None and "人员老化" in problems.value
