"""Reading coverage of the published documents in tests/corpus/ (see bench/coverage.py).

The figures are held to a recorded floor (tests/coverage-floor.json), not to the
final target: a change that reads fewer of a document's hand-written facts or of the
figures the number scan finds in it, fewer documents to 80 %, or adds a false error on
a partial document fails here. Raise the
floor with ``bench/coverage.py --raise-floor`` when a reader improves."""

from __future__ import annotations

import re

import pytest

from jixiao.audit.coverage import ScanCoverage, expected_coverage, scan_figures
from jixiao.readers.load import load_path
from tests.corpus_measure import CORPUS, documents, expectation, floor, measure, summarize, table

DOCUMENTS = documents()
KINDS = {"overall-report", "overall-table", "basic-data-table", "project-table", "project-report"}


@pytest.fixture(scope="module")
def measured() -> list:  # type: ignore[type-arg]
    return [measure(name) for name in DOCUMENTS]


def test_no_document_reads_fewer_facts_than_its_floor(measured: list) -> None:  # type: ignore[type-arg]
    recorded = floor()["facts_read"]
    print("\n" + table(measured))
    lost = {m.name: (len(m.expected.matched), recorded[m.name]) for m in measured
            if len(m.expected.matched) < recorded.get(m.name, 0)}
    assert not lost, f"facts read right (now, floor): {lost}"


def test_no_document_reads_fewer_scanned_figures_than_its_floor(measured: list) -> None:  # type: ignore[type-arg]
    recorded = floor()["scan_read"]
    lost = {m.name: (m.scan_read, recorded[m.name]) for m in measured if m.scan_read < recorded.get(m.name, 0)}
    assert not lost, f"scanned figures read (now, floor): {lost}"


def test_documents_read_to_80_percent_and_false_errors_hold(measured: list) -> None:  # type: ignore[type-arg]
    s, recorded = summarize(measured), floor()
    assert s.read_enough >= recorded["documents_read_enough"]
    false = {m.name: m.false_errors for m in measured if m.partial and m.false_errors}
    assert s.false_errors_on_partial <= recorded["false_errors_on_partial"], false


def test_every_document_has_its_facts_source_and_kind() -> None:
    for name in DOCUMENTS:
        data = expectation(name)
        assert data["kind"] in KINDS and data["province"] and isinstance(data["partial"], bool), name
        assert data["identity"] and "kind" in data["identity"], name
        for fact in data["facts"]:
            assert set(fact) <= {"concept", "value", "unit"} and re.fullmatch(r"-?\d+(\.\d+)?", fact["value"]), \
                (name, fact)
        text = (CORPUS / name).read_text(encoding="utf-8")
        if not text.startswith("source:"):  # the reference report, kept byte for byte (SOURCES.md says what it is)
            assert not data["partial"], name
            continue
        head = text.split("\n\n", 1)[0]
        assert re.search(r"^source: \S+", head, re.M) and re.search(r"^completeness: (full|partial)", head, re.M), name
        stated = re.search(r"^completeness: (\w+)", head, re.M)
        assert stated and (stated.group(1) == "partial") == data["partial"], name


def test_every_expected_figure_is_written_in_its_document() -> None:
    """A typo in an expected fact would measure the readers against a figure the document
    does not contain. (A substring test: in some copies the cells run together, 64.864.8.)"""
    for name in DOCUMENTS:
        text = (CORPUS / name).read_text(encoding="utf-8")
        missing = [f for f in expectation(name)["facts"] if f["value"] not in text]
        assert not missing, (name, missing)


def test_the_sources_index_lists_every_document() -> None:
    index = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    for name in DOCUMENTS:
        assert f"`{name}`" in index, name


def test_the_corpus_spans_ten_provinces_and_every_kind() -> None:
    data = [expectation(name) for name in DOCUMENTS]
    assert len({d["province"] for d in data} - {"未知"}) >= 10
    assert {d["kind"] for d in data} == KINDS


# --- the measure itself, on small fixtures -----------------------------------------


def test_the_scan_counts_figures_not_dates_enumerators_or_codes() -> None:
    text = ("source: x\ntitle: y\n\n"
            "发布日期:2022-04-15 14:54 联系电话:0730-7802036 预算编码:YYX292\n"
            "根据(茂财绩函〔2022〕2号)要求,2021年12月31日:\n"
            "1、收入:792.22万元,增加31.39%。(一)人员 任务1:在职30人\n"
            "(2)公用经费77.4万元,资金1,003,618.46元\n")
    assert [f.text for f in scan_figures(text)] == ["792.22", "31.39", "30", "77.4", "1,003,618.46"]


def test_the_scan_leaves_out_portal_counters_and_years_without_nian() -> None:
    text = ("source: x\ntitle: y\n\n"
            "某中心2018绩效评价自评报告\n浏览量:1 | 阅读：35\n"
            "编制2018人，投入2019万元，2020年度\n")
    assert [f.text for f in scan_figures(text)] == ["2018", "2019"]


def test_scan_coverage_counts_each_place_once_and_never_passes_one() -> None:
    assert ScanCoverage(3, 4).display() == "3/4（75%）"
    assert ScanCoverage(5, 4).ratio == 1
    assert ScanCoverage(0, 0).display() == "0/0（—）"


def test_expected_facts_match_by_value_and_indicator_name(tmp_path) -> None:  # type: ignore[no-untyped-def]
    doc = tmp_path / "r.txt"
    doc.write_text("source: x\ntitle: t\nkind: overall-report\ncompleteness: full\n\n"
                   "一、部门（单位）基本情况\n（一）人员情况。\n本部门共48人，其中在职30人，退休人员18人。\n",
                   encoding="utf-8")
    ev = load_path(doc).evaluation
    got = expected_coverage(ev, [{"concept": "staff.in_service", "value": "30"},
                                 {"concept": "staff.retired", "value": "18.0"},
                                 {"concept": "staff.total", "value": "49"}], {"kind": "overall"})
    assert got.matched == ("kind = overall", "staff.in_service = 30", "staff.retired = 18.0")
    assert got.missed == ("staff.total = 49",)


def test_every_published_format_gets_the_same_coverage(reference_docx, reference_html, reference_pdf) -> None:  # type: ignore[no-untyped-def]
    """The Word, web and PDF editions of the reference report read as much as its text."""
    from jixiao.audit.coverage import scan_coverage

    def of(path: object) -> tuple[int, int]:
        result = load_path(str(path))
        got = scan_coverage(result.evaluation, result.text, result.format)
        assert got is not None, path
        return got.read, got.figures

    text = of(CORPUS / "000_ca49b2c89bc71ff3.txt")
    assert text[0] > 100
    for edition in (reference_docx, reference_html, reference_pdf):
        read, figures = of(edition)
        assert read == text[0] and abs(figures - text[1]) <= 2, (edition, read, figures, text)


def test_the_scan_leaves_out_page_numbers_and_slogans_in_digits() -> None:
    text = ("source: x\ntitle: y\n\n"
            "落实“1453”履职总要求和“1+4+5+3”重点工作，开展调研5次。\n"
            "—— 9 ——\n"
            "12\n")
    assert [f.text for f in scan_figures(text)] == ["5", "12"]


def test_a_figure_counts_as_taken_only_where_a_reader_took_it() -> None:
    from jixiao.audit.coverage import figures_taken
    from jixiao.model.location import Location

    text = "source: x\ntitle: y\n\n年初预算 63.72 万元，执行 60.10 万元，培训 5 次\n"
    figures = scan_figures(text)
    assert [f.text for f in figures] == ["63.72", "60.10", "5"]
    budget = Location.at("r.txt", 4, figures[0].column)
    inside_a_cell = Location.at("r.txt", 4, figures[1].column - 1)  # the cell's text begins before the digits
    assert figures_taken(figures, {budget: "63.72"}) == 1
    assert figures_taken(figures, {budget: "63.72", inside_a_cell: " 60.10"}) == 2
    assert figures_taken(figures, {Location.at("r.txt", 5, 1): "5"}) == 0  # another line
    assert figures_taken(figures, {Location("book.xlsx", sheet="表1", cell="B7"): "5"}) == 1  # no line: counted once


# --- numbers on the page that are not the report's (not_the_reports) ---------------


def _scanned(*body: str) -> list[str]:
    return [f.text for f in scan_figures("source: x\ntitle: y\n\n" + "\n".join(body) + "\n")]


def test_the_scan_leaves_out_a_download_sites_fields_but_not_a_label_inside_a_word() -> None:
    assert _scanned("格式:docx   大小:57KB   页数:17页",
                    "上传人:1017848967 2022/6/26 文件大小:57 KB",
                    "资源大小:13.33KB", "全文页数:2页", "下载积分:15金币",
                    "资金来源:财政拨款 120万元") == ["120"]


def test_a_download_sites_field_ends_where_the_report_goes_on() -> None:
    assert _scanned("浏览量:1  年初预算 63.72 万元", "| 发布时间: 2024-05-10 | 执行 60.1 |") == ["63.72", "60.1"]


def test_the_scan_leaves_out_a_sites_notes_sentence_by_sentence() -> None:
    assert _scanned("3、本站不支持迅雷下载,请使用电脑自带的IE浏览器,或者360浏览器下载即可。",
                    "《某局绩效自评表.docx(4页珍藏版)》由会员分享。年初预算 80 万元。",
                    "如需查看完整内容请拨打咨询热线: 400-688-2000") == ["80"]


def test_the_scan_leaves_out_page_markers_of_a_line_of_their_own() -> None:
    assert _scanned("1 / 17", "完成 12 / 15 项") == ["12", "15"]


def test_the_scan_leaves_out_a_content_sites_collection_titles_and_ordinals() -> None:
    assert _scanned("残联项目绩效自评报告(精选6篇)", "项目绩效自评报告精品15篇", "残联项目绩效自评报告(精选6篇)1",
                    "项目绩效自评报告2", "形成调研报告2份,发表论文15篇") == ["2", "15"]


def test_the_scan_leaves_out_the_templates_word_limits_not_its_weights_or_targets() -> None:
    assert _scanned("对照年度目标,说明相关任务目标的完成情况(100字以内)", "（限200字）",
                    "预算执行情况(10分) 满意度≥90%") == ["10", "90"]


def test_the_scan_leaves_out_column_numbers() -> None:
    assert _scanned("列次 0 1 2 3 4 所需材料", "| 栏次 | 1 | 2 | 3 |", "年度资金总额 52.8 52.8 100%") \
        == ["52.8", "52.8", "100"]


def test_the_scan_leaves_out_the_100_of_a_rates_formula() -> None:
    assert _scanned("预算到位(D/C×100%)", "执行率=执行数/预算数*100%", "执行率 100%") == ["100"]


def test_the_scan_leaves_out_row_numbers_after_a_row_number_header() -> None:
    one_cell_a_line = ["序号", "项目名称", "金额", "1", "培训经费", "12", "2", "宣传经费", "8", "3", "办公经费", "2"]
    assert _scanned(*one_cell_a_line) == ["12", "8", "2"]
    rows = ["行次 项目 预算数", "年度资金总额(万元): 1 52.8", "其中:中央资金 2 40", "地方资金 3 12.8"]
    assert _scanned(*rows) == ["52.8", "40", "12.8"]


def test_row_numbers_need_a_header_and_a_run_of_three() -> None:
    assert _scanned("项目名称 金额", "1", "培训经费", "2", "宣传经费", "3") == ["1", "2", "3"]
    assert _scanned("序号 项目名称", "1 培训经费", "2 宣传经费") == ["1", "2"]


def test_the_scan_leaves_out_enumerators_that_lost_their_mark_in_a_run() -> None:
    assert _scanned("1使困难群众基本生活得到保障", "", "2覆盖全镇所有困难群众", "3采用每人不超过500/年标准",
                    "5项工作全部完成", "7使用资金") == ["500", "5", "7"]
    # the 2 of a run glued to the date after it: 1 and 3 are still the run's
    assert _scanned("1使困难群众基本生活得到保障", "220211231日之前发放到位", "3此项项目申报内容与实际相符") == []
    assert _scanned("1使困难群众基本生活得到保障", "320211231日之前发放到位", "3此项项目申报内容与实际相符") == ["1", "3"]


def test_the_scan_leaves_out_a_files_properties_printed_as_text() -> None:
    assert _scanned("张三 x1 3 2021-05-22T04:56:35Z 2022-05-16T06:53:23Z 15.00 2052-11.1.0.11691 9300 22370 0 0 "
                    "False False 附件: 项目资金 52.8 万元", "培训 5 次 False True") == ["52.8", "5"]


def test_the_scan_leaves_out_codes_before_names_form_numbers_and_numbered_goals() -> None:
    assert _scanned("主管部门 219-某镇人民政府 管理制度有效性6-严格执行", "| 公开14表 | 附表3 | 发放调查表100份 |",
                    "目标1：完成培训 目标2: 新增就业2989人, 年度目标100%") == ["6", "100", "2989", "100"]


def test_the_scan_leaves_out_the_reports_date_under_its_label_however_spaced() -> None:
    assert _scanned("报告期:2017 -7 - 25", "报告日期:2017 年7 月 15  日", "资金 2019.12 万元") == ["2019.12"]


def test_the_scan_reads_a_split_year_and_a_lost_nian_as_the_readers_do() -> None:
    assert _scanned("岳阳县20 16 年度部门整体支出", "编制 20 16 人") == ["20", "16"]
    assert _scanned("岳阳县20 16 -度部门整体支出", "上-结转 12.5 万元，本-度支出 30 万元") == ["12.5", "30"]


def test_readers_never_take_a_number_the_scan_leaves_out_as_not_the_reports() -> None:
    from jixiao.audit.coverage import figures_taken, not_the_reports, read_spans

    for name in DOCUMENTS:
        result = load_path(CORPUS / name)
        aside = [f for f, _ in not_the_reports(result.text or "")]
        assert figures_taken(aside, {loc: text for loc, text in read_spans(result.evaluation).items()
                                     if loc.line is not None}) == 0, name
