"""The report as data: its sections, its generated paragraphs, its tables."""

from __future__ import annotations

import dataclasses

from jixiao.engine import Result
from jixiao.narrative.segments import SegKind, plain
from jixiao.writers.report import build_report
from jixiao.writers.report.view import Heading, PageBreak, Paragraph, ReportDocument, Table
from tests.render.conftest import PROJECT_MOF, PROJECT_SICHUAN, result_of


def _headings(doc: ReportDocument, level: int) -> list[str]:
    return [plain(b.segs) for b in doc.blocks if isinstance(b, Heading) and b.level == level]


def _paragraph_after(doc: ReportDocument, heading: str) -> str:
    blocks = list(doc.blocks)
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and plain(b.segs) == heading)
    return next(plain(b.segs) for b in blocks[start + 1:] if isinstance(b, Paragraph))


def _table(doc: ReportDocument, key: str) -> Table:
    return next(t for t in doc.tables() if t.key == key)


def _row(table: Table, label: str) -> list[str]:
    return next(r for r in table.matrix() if next((c for c in r if c), "").strip().endswith(label))


def test_whole_expenditure_report_has_the_nine_sections_in_order(reference_doc: ReportDocument) -> None:
    assert reference_doc.title_text == "2023年度中国人民政治协商会议湖南省株洲市芦淞区委员会整体支出绩效自评报告"
    assert [h.split("、")[0] for h in _headings(reference_doc, 1)] == \
        ["一", "二", "三", "四", "五", "六", "七", "八", "九"]
    assert _headings(reference_doc, 2)[:3] == ["（一）主要职能", "（二）机构情况", "（三）人员情况"]
    assert "（一）整体支出绩效情况" in _headings(reference_doc, 2)
    assert "（二）项目支出绩效情况" in _headings(reference_doc, 2)


def test_budget_paragraph_states_the_figures_as_the_text_does(reference_doc: ReportDocument) -> None:
    text = "".join(plain(b.segs) for b in reference_doc.blocks if isinstance(b, Paragraph))
    assert "项目支出88.18万元，基本支出753.07万元，其中：人员经费689.35万元，公用经费63.72万元。" in text
    assert "63.73" not in text and "88.17" not in text  # those are the 基础数据表's


def test_each_project_paragraph_is_as_the_unit_wrote_it(reference_doc: ReportDocument) -> None:
    paras = [plain(b.segs) for b in reference_doc.blocks if isinstance(b, Paragraph)]
    training = next(p for p in paras if p.startswith("三是委员培训费"))
    # "实际支出42.82元" stays as written (the findings point out the unit slip); no execution
    # rate is added: the unit wrote none.
    assert training.startswith("三是委员培训费，年初预算资金11万元，年中执行调增31.82万元，实际支出42.82元，"
                               "结余结转0万元。该专项资金")
    assert any(p.startswith("一是政协全会经费专项，年初预算资金16.2万元，年中执行调减1.93万元") for p in paras)
    assert "本单位2023年年初预算专项资金共4个，共83.2万元，其中：" in paras


def test_no_sentence_the_unit_did_not_write(reference_doc: ReportDocument) -> None:
    text = "".join(plain(b.segs) for b in reference_doc.blocks if isinstance(b, Paragraph))
    assert "本部门截止至2023年12月31日共48人，其中在职30人，退休人员18人。" in text  # as written
    for added in ("核定编制", "控制率", "评价框架", "株洲市区级表式", "评价等级", "预算执行率", "“三公”经费决算"):
        assert added not in text, added
    assert "六、资金使用及绩效情况（包含单位管理的公共专项）" in _headings(reference_doc, 1)


def test_score_and_grade_are_stated_where_the_unit_wrote_no_text(reference: Result) -> None:
    from jixiao.model.overall import PerformanceText

    ev = reference.evaluation
    assert ev.report is not None and ev.report.performance is not None
    performance = PerformanceText(overall=None, projects=ev.report.performance.projects)
    report = dataclasses.replace(ev.report, performance=performance)
    doc = build_report(dataclasses.replace(reference, evaluation=dataclasses.replace(ev, report=report)))
    para = _paragraph_after(doc, "（一）整体支出绩效情况")
    assert "预算执行率98.95%" in para
    text = " ".join(plain(b.segs) for b in doc.blocks if isinstance(b, Paragraph))
    assert "部门整体支出绩效自评得分97分（满分100分），评价等级为“优”" in text
    assert "预算执行得9分（分值10分）" in text and "成本指标得19分（分值20分）" in text
    assert "评价框架" not in text


def test_attachments_keep_the_numbers_of_the_form(reference_doc: ReportDocument,
                                                   reference_doc_findings: ReportDocument) -> None:
    """The Hunan form numbers 基础数据表 附件2 and 自评表 附件3; the findings appendix takes 4."""
    for doc, numbers in ((reference_doc, [2, 3]), (reference_doc_findings, [2, 3, 4])):
        listed = [plain(b.segs) for b in doc.blocks if isinstance(b, Paragraph) and b.style == "attachments"]
        labels = [plain(b.segs) for b in doc.blocks if isinstance(b, Paragraph) and b.style == "label"]
        titles = [plain(b.segs) for b in doc.blocks if isinstance(b, Paragraph) and b.style == "table-title"]
        assert labels == [f"附件{i}" for i in numbers]
        assert len(listed) == len(numbers)
        for n, line, title in zip(numbers, listed, titles, strict=True):
            assert line.strip("　").removeprefix("附件：") == f"{n}. {title}"
        assert sum(isinstance(b, PageBreak) for b in doc.blocks) == len(numbers)


def test_basic_data_table_keeps_the_figures_it_states(reference_doc: ReportDocument) -> None:
    table = _table(reference_doc, "basic_data")
    assert table.ncols == 7
    assert [c for c in _row(table, "公用经费") if c] == ["公用经费", "77.2", "102.04", "63.73"]
    assert [c for c in _row(table, "项目支出：") if c] == ["项目支出：", "87.45", "83.2", "88.17"]
    assert [c for c in _row(table, "业务工作经费") if c][-1] == "88.17"
    assert [c for c in table.matrix()[1] if c] == ["27", "30", "111%"]


def test_self_evaluation_table_is_merged_like_the_reference(reference_doc: ReportDocument) -> None:
    funds = _table(reference_doc, "self_evaluation_funds")
    indicators = _table(reference_doc, "self_evaluation_indicators")
    assert funds.ncols == indicators.ncols == 9
    first = funds.rows[1][0]
    assert first.text == "年度预算申请（万元）" and first.rowspan == 7
    assert [c for c in funds.matrix()[2] if c] == ["年度资金总额", "772.37", "850.19", "841.25", "10", "98.95%", "9"]
    head = indicators.rows[0][0]
    assert head.text == "绩效指标" and head.vertical and head.rowspan == len(indicators.rows) - 1
    output = next(c for c in indicators.rows[1] if c.text.startswith("产出指标"))
    assert output.text == "产出指标\n（40分）" and output.rowspan == 9  # broken before its points, not inside
    assert indicators.header_rows == 1 and indicators.joined
    assert [c for c in indicators.matrix()[-1] if c] == ["总分", "100", "97"]


def test_findings_appendix_lists_findings_and_choices(reference_doc_findings: ReportDocument,
                                                      reference: Result) -> None:
    table = _table(reference_doc_findings, "findings")
    codes = [row[2] for row in table.matrix()[1:]]
    assert codes.count("dup.conflict") == 2 and "unit.slip" in codes
    assert len(codes) == len(reference.findings) + len(reference_doc_findings.findings)
    text = " ".join(plain(b.segs) for b in reference_doc_findings.blocks if isinstance(b, Paragraph))
    assert "基础数据表·公用经费·本年决算数记为63.73万元。报告采用63.72万元（与合计关系相符" in text
    assert "写作“42.82元”，按上下文应为42.82万元" in text


def test_findings_appendix_is_absent_by_default(reference_doc: ReportDocument) -> None:
    assert all(t.key != "findings" for t in reference_doc.tables())


def test_project_report_follows_the_outline_and_mof_layout() -> None:
    doc = build_report(result_of(PROJECT_MOF))
    assert doc.title_text == "示例县公路事务中心2023年度农村公路养护补助项目支出绩效自评报告"
    assert [h.split("、")[0] for h in _headings(doc, 1)] == ["一", "二", "三", "四", "五", "六"]
    funds = _table(doc, "project_funds")
    assert [c for c in _row(funds, "年度资金总额") if c] == [
        "年度资金总额", "120", "110", "104.5", "10", "95%", "9.5"]  # as the table states them
    assert any(r[1].startswith("其中：当年财政拨款") for r in funds.matrix())
    text = " ".join(plain(b.segs) for b in doc.blocks if isinstance(b, Paragraph))
    assert "全年预算110万元（年中调减10万元），全年执行104.5万元，预算执行率95%" in text
    assert "项目绩效自评得分96.5分" in text
    assert "“养护长效机制”分值10分，得8分。偏差原因及改进措施：（未填报）" in text


def test_sichuan_layout_splits_the_target_and_carries_the_notes() -> None:
    doc = build_report(result_of(PROJECT_SICHUAN))
    lower = _table(doc, "project_indicators")
    assert lower.ncols == 10 and lower.header_rows == 2
    assert lower.matrix()[0][0] == "绩效指标（90分）"
    assert lower.matrix()[2][:9] == ["产出指标", "数量指标", "发放\n(缴纳)覆盖率", "=", "100", "%", "100%", "60", "60"]
    upper = _table(doc, "project_funds")
    notes = next(c for r in upper.matrix() for c in r if c.startswith("1.预算执行率"))
    assert "未达到90%的需说明原因（100字以内）" in notes
    assert [c for c in _row(upper, "总额") if c][1:6] == ["238.93", "251.89", "251.89", "100.00%", "10"]


def test_no_template_wording_holds_a_digit(any_input: tuple[Result, ReportDocument]) -> None:
    _, doc = any_input
    for seg in doc.segments():
        if seg.kind is SegKind.TEXT:
            assert not any(ch.isdigit() for ch in seg.text), seg.text


def test_markdown_tables_have_no_empty_columns_for_merged_cells(reference_doc: ReportDocument) -> None:
    from jixiao.writers.report.markdown import to_markdown

    text = to_markdown(reference_doc, lambda chart: "chart.png")
    assert "| 项目支出： | 87.45 | 83.2 | 88.17 |" in text
    assert "|  | 27 | 30 | 111% |" in text
    for line in text.splitlines():
        if line.startswith("| ") and "---" not in line:
            cells = line.strip("|").split(" | ")
            assert len(cells) <= 9, line


def test_a_title_names_the_unit_and_one_report_not_table_names() -> None:
    from tests.render.conftest import ROOT

    doc = build_report(result_of(ROOT / "examples" / "basicdata-2018-wanglu.yaml"))
    assert doc.title_text == "2018年度（未填报）整体支出绩效自评报告"  # the source names no unit
    assert "数据表" not in doc.title_text and "指标表" not in doc.title_text
    assert any(f.args.get("section") == "标题" for f in doc.findings)
