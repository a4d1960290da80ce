"""Plain-text layouts, each as a small readable document."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from jixiao.model.concepts import is_text_figure
from jixiao.readers.load import load_bytes
from jixiao.readers.textlayout import _cell_run, read_text_layout, split_header
from tests.readers_support import findings

T = "\t"


def read(text: str, name: str = "report.txt") -> dict[str, str]:
    result = load_bytes(text.encode("utf-8"), name)
    assert result.evaluation is not None, [f.message for f in result.findings]
    return {f.concept: f.text for f in result.evaluation.facts if not is_text_figure(f.concept)}


def test_tab_cells_rows_and_continued_cells() -> None:
    text = "\n".join([
        "附件3", "2023年度部门（单位）整体支出绩效自评表",
        f"{T}一级指标", f"{T}二级指标", f"{T}三级指标", f"{T}年度指标值", f"{T}实际完成值", f"{T}分值", f"{T}得分",
        f"{T}偏差原因分析及改进措施", "",
        f"{T}产出指标", "", "(40分)", f"{T}数量", "指标", f"{T}专项视察", f"{T}不少于3次", f"{T}4次", f"{T}4",
        f"{T}4", f"{T}", "",
        f"{T}{T}{T}专题调研{T}6个", f"{T}6个", f"{T}4", f"{T}3", f"{T}会期调整", "", "",
        "填表人："])
    doc = read_text_layout(text, "t.txt")
    table = doc.tables()[0]
    assert [c.text for c in table.rows[1]][:2] == ["产出指标\n(40分)", "数量\n指标"]
    assert len(table.rows) == 3
    got = read(text)
    assert got["indicator.产出指标.weight"] == "40"
    assert got["indicator.产出指标.数量指标.专题调研.score"] == "3"


def test_conversion_artefacts_are_dropped_with_columns_kept() -> None:
    doc = read_text_layout("[bookmark: _GoBack]本部门共48人，其中在职30人。\n", "a.txt")
    piece = doc.blocks[0].piece  # type: ignore[union-attr]
    assert piece.text == "本部门共48人，其中在职30人。"
    assert piece.at(piece.text.index("48")).column == 24  # 19 characters of artefact before it


def test_pipe_table_markdown() -> None:
    text = "\n".join([
        "项目支出绩效自评表（2022年度）",
        "| 项目名称 | 道路养护 | 主管部门 | 交通运输局 |",
        "|---|---|---|---|",
        "| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
        "| 年度资金总额 | 100 | 120.5 | 110.25 | 10 | 91.49% | 9.15 |",
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |",
        "| 产出指标 | 数量指标 | 养护里程 | ≥20公里 | 22公里 | 50 | 50 | |",
        "| 总分 | 100 | 95 | |"])
    got = read(text)
    assert got["funds.total.full_year"] == "120.5"
    assert got["indicator.产出指标.数量指标.养护里程.weight"] == "50"
    assert got["total.score"] == "95"


def test_one_cell_per_line_with_pipes_keeps_empty_cells() -> None:
    text = "\n".join(["部门预算项目支出绩效自评表(2023年度) |", "项目名称 |", "工资性支出 |",
                      "年初预算 |", "调整后预算数 |", "预算执行数 |", "预算执行率 |", "权重 |", "得分 |", "原因 |",
                      "总额 |", "238.93 |", "251.89 |", "|", "|", "10 |", "|", "|"])
    got = read(text)
    assert got["funds.total.initial"] == "238.93"
    assert got["funds.total.full_year"] == "251.89"
    assert "funds.total.final" not in got  # an empty cell, not a zero
    assert got["funds.total.weight"] == "10"


def test_flattened_text_reads_rows_by_what_they_hold() -> None:
    text = ("项目支出绩效自评表 (2022年度) 项目名称 委托业务项目 项目资金 (万元) 年初预算数 全年预算数 全年执行数 分值 "
            "执行率 得分 年度资金总额: 90 90 88 10 97.78% 9.78 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 "
            "得分 偏差原因分析及改进措施 产出指标(50分) 数量指标 审计报告数 ≥50个 50 25 25 时效指标 报告及时性 "
            "按期完成 达成预期指标 25 20 个别报告延期 效益指标(30分)")
    got = read(text)
    assert got["funds.total.score"] == "9.78"
    assert got["indicator.产出指标.时效指标.报告及时性.score"] == "20"


def test_metadata_header_and_cut_off_marker() -> None:
    text = ("source: https://example.gov.cn/a.html\nkind: overall-report\n"
            "completeness: partial (only section 一)\n\n"
            "2023年度某局整体支出绩效自评报告\n一、部门（单位）基本情况\n（三）人员情况。\n"
            "本部门共12人，其中在职10人，退休人员2人。\n二、一般公共预算支出情况\n"
            "2023年度财政拨款支出100万元，其中：基本支出80万元，项目支出2\n[text cut off here]\n")
    meta, skip = split_header(text)
    assert meta["kind"] == "overall-report" and skip == 4
    result = load_bytes(text.encode("utf-8"), "cut.txt")
    ev = result.evaluation
    assert ev is not None and ev.completeness == "partial"
    concepts = {f.concept: f for f in ev.facts if not is_text_figure(f.concept)}
    assert concepts["staff.total"].location.line == 8  # lines count from the top of the file
    # the sentence cut off in the middle is not read (its last figure may be incomplete)
    assert "expenditure.basic.final" not in concepts and "expenditure.project.final" not in concepts
    assert ev.notes is not None and "截断" in ev.notes.value


def test_gb18030_text(tmp_path: Path) -> None:
    text = ("2023年度某局整体支出绩效自评报告\n一、部门（单位）基本情况\n（三）人员情况。\n"
            "本部门共12人，其中在职10人。\n")
    got = load_bytes(text.encode("gb18030"), "gbk.txt")
    assert got.evaluation is not None
    assert {f.concept for f in got.evaluation.facts if not is_text_figure(f.concept)} == {"staff.total", "staff.in_service"}


def test_figures_in_sentences_need_their_labels() -> None:
    text = ("2023年度某局整体支出绩效自评报告\n二、一般公共预算支出情况\n"
            "3.2023年度单位一般公共预算财政拨款支出841.25万元，其中：项目支出88.18万元，基本支出753.07万元，"
            "其中：人员经费689.35万元，公用经费63.72万元。开会12次，同比增加3.5万元。\n")
    got = read(text)
    assert got == {"funds.public.final": "841.25", "expenditure.project.final": "88.18",
                   "expenditure.basic.final": "753.07", "expenditure.personnel.final": "689.35",
                   "expenditure.public_funds.final": "63.72"}


def test_breakdown_without_a_field_is_kept_for_its_sum() -> None:
    text = ("2021年度某县政协部门整体支出绩效评价报告\n一、基本情况\n(一)部门整体支出概况。\n"
            "2、支出:799.12万元。其中:人员经费支出434.89万元,公用经费支出77.4万元,项目支出286.83万元。\n")
    got = read(text)
    assert got["breakdown.支出.total"] == "799.12万元"
    assert got["breakdown.支出.part.项目支出"] == "286.83万元"
    assert got["expenditure.personnel.final"] == "434.89"


def test_wrong_sums_in_a_breakdown_are_found() -> None:
    text = ("项目支出绩效自评表(2022年度)\n项目名称 道路养护\n年度总体目标 预期目标 实际完成情况 "
            "本项目共申请预算资金90.00万元。其中:30.00万元用于设计;30.00万元用于审计;30.00万元用于监理。 完成\n")
    result = load_bytes(text.encode("utf-8"), "b.txt")
    assert not any(code == "sum.inconsistent" for code, *_ in findings(result))
    text2 = text.replace("30.00万元用于监理", "29.00万元用于监理")
    found = findings(load_bytes(text2.encode("utf-8"), "b.txt"))
    assert ("sum.inconsistent", "error", "90.00万元", "89.00") in found


def test_one_cell_per_line_without_pipes_reads_what_is_certain() -> None:
    """The Sichuan table (tests/corpus/09_…) with its pipes and empty cells gone:
    figures go where only one column fits them; the rest is reported."""
    corpus = Path(__file__).parent / "corpus" / "09_sichuan_qingshen_fgj_gongzi_2023.txt"
    lines = [ln.rstrip().removesuffix("|").rstrip() for ln in corpus.read_text(encoding="utf-8").split("\n")]
    result = load_bytes("\n".join(lines).encode("utf-8"), "09-no-pipes.txt")
    assert result.evaluation is not None
    got = {f.concept: f.text for f in result.evaluation.facts if not is_text_figure(f.concept)}
    assert got["funds.total.rate"] == "100.00%" and got["funds.fiscal.final"] == "251.89"
    # the row's "10": 权重 or 得分? not known without the empty cell; the points come only
    # from the block's title, 预算执行情况(10分)
    weights = [f.location.line for f in result.evaluation.facts if f.concept == "funds.total.weight"]
    assert weights == [27] and "funds.total.score" not in got
    ev = result.evaluation
    assert ev.project is not None and ev.project.implementer == "青神县发展和改革局"  # not "(盖章)"
    assert ev.implementation is None  # its empty cell is gone; the next label is not its text
    item = ev.indicators[0].groups[0].items[0]
    assert (item.nature, item.unit) == ("=", "%")
    assert item.target is not None and item.target.number == 100 and item.target.unit == "%"
    unsure = sorted(f.stated for f in result.findings if f.code == "input.ambiguous-row")
    assert unsure == ["10", "30", "60"]


def test_two_breakdowns_in_one_paragraph_keep_their_own_parts() -> None:
    text = ("项目支出绩效自评表(2022年度)\n项目名称 道路养护\n年度总体目标 预期目标 实际完成情况 "
            "本项目共申请预算资金90万元。其中:30万元用于设计;60万元用于施工。本项目共完成预算资金88万元。"
            "其中:30万元用于设计;58万元用于施工。 完成\n")
    got = read(text)
    assert got["breakdown.申请预算资金.total"] == "90万元"  # as the sentence writes it
    assert got["breakdown.申请预算资金.part.施工"] == "60万元"
    assert got["breakdown.完成预算资金.part.施工"] == "58万元"
    assert "breakdown.申请预算资金.part.本项目共完成预算资金" not in got


def test_a_flattened_funds_table_whose_total_label_came_after_its_rows() -> None:
    """Two columns, the first row's figures right after the header and its label
    (年度资金总额) after the rows; a row label with a note in brackets split over words."""
    text = ("转移支付(项目)名称 就业补助资金 全年预算数(A) 全年执行数(B) 700.50 690.00 其中:中央财政资金 500.00 500.00 "
            "其他资金 (包括以前年度结转资 金) 200.50 190.00 年度资金总额 资金投入情况 (万元)")
    got = read(text)
    assert got["funds.total.full_year"] == "700.50" and got["funds.total.final"] == "690.00"
    assert got["funds.central.final"] == "500.00" and got["funds.other.full_year"] == "200.50"


def test_two_amount_columns_without_a_total_row_are_not_a_funds_table() -> None:
    text = "项目名称 乡村道路 全年预算数 全年执行数 本文说明两个数 100 90 的来历。"
    result = load_bytes(text.encode("utf-8"), "two.txt")
    ev = result.evaluation
    assert ev is None or not any(f.concept.startswith("funds.") for f in ev.facts)


# --- the one-cell-per-line look-ahead is not repeated over lines it passed -------------

_LINES = st.sampled_from(["", " ", "　", "人员编制", "21", "年初预算数", "一、基本情况", "a | b |", "\t缩进",
                          "这是一行很长的正文" * 8, "实有人数", "（一）人员情况"])


@given(st.lists(_LINES, min_size=1, max_size=40))
def test_no_run_from_a_line_means_none_from_the_lines_its_look_ahead_passed(lines: list[str]) -> None:
    """What read_text_layout relies on to stay linear on long texts of short lines."""
    for start in range(len(lines)):
        run, scanned = _cell_run(lines, start)
        if run is None:
            assert all(_cell_run(lines, s)[0] is None for s in range(start, scanned))
