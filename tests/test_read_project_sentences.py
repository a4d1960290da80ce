"""A project report's funds, identity and score stated in sentences
(readers/extract/funds_sentences.py, readers/extract/project_identity.py), each as a
small document."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from jixiao.audit.coverage import identity
from jixiao.model.concepts import is_text_figure
from jixiao.readers.load import load_bytes


def _facts(text: str) -> dict[str, str]:
    result = load_bytes(text.encode("utf-8"), "report.txt")
    assert result.evaluation is not None, [f.message for f in result.findings]
    return {f.concept: f.text for f in result.evaluation.facts if not is_text_figure(f.concept)}


def _report(body: str, title: str = "2022年度乡村道路养护项目支出绩效自评报告") -> str:
    return f"{title}\n一、项目基本情况\n{body}\n二、存在的问题\n无。\n"


# --- the column of an amount: the column word before it in its sentence ---------------

def test_a_total_word_takes_the_column_of_the_clause_before_it() -> None:
    got = _facts(_report("我校2022年按生均1000元安排，共计239万元，其中上级资金179.25万元，本级59.75万元。"
                         "全年财政安排支出共计87.06万元，余款安排下年支出。"))
    assert got["funds.total.full_year"] == "239"
    assert got["funds.superior.full_year"] == "179.25"
    assert got["funds.local.full_year"] == "59.75"
    assert got["funds.total.final"] == "87.06"  # 安排支出: the last column word wins
    assert "1000" not in "".join(got.values())  # 生均1000元 is a standard, not the project's funds


def test_each_source_with_its_spending_and_rate() -> None:
    got = _facts(_report("截止12月31日中央资金完成636.75万元，预算执行率81.97%，省级资金完成288.26万元，"
                         "预算执行率99.28%；其他资金（上年结转）完成44.85万元，预算执行率99.91%。"))
    assert got == {"funds.central.final": "636.75", "funds.central.rate": "81.97%",
                   "funds.province.final": "288.26", "funds.province.rate": "99.28%",
                   "funds.carried_over.final": "44.85", "funds.carried_over.rate": "99.91%"}


def test_parts_after_qizhong_in_the_next_sentence_take_the_column_of_their_total() -> None:
    got = _facts(_report("上级下达补助资金合计118万元。其中，中央资金76万元（一般公共预算：30万元；彩票公益金：46万元）；"
                         "省级资金42万元。"))
    assert got == {"funds.total.full_year": "118", "funds.central.full_year": "76",
                   "funds.province.full_year": "42"}


def test_unnamed_parts_several_levels_comparisons_and_balances_are_not_read() -> None:
    got = _facts(_report("2023年中、省下达补助资金合计90万元。上级下达资金总额118万元，其中：甲镇补助资金10万元、"
                         "乙镇补助资金2万元。物资储备112万元，高于控制指标32万元。实际支出100万元，结余18万元。"))
    assert got == {"funds.total.full_year": "118", "funds.total.final": "100"}


def test_investment_planned_and_done() -> None:
    got = _facts(_report("项目计划投资2179万元，截至年底完成投资1800万元。"))
    assert got == {"funds.total.full_year": "2179", "funds.total.final": "1800"}


def test_a_transfer_payment_is_not_spending() -> None:
    got = _facts(_report("2023年中央下达转移支付资金100万元，实际支出90万元，执行率90%。"))
    assert got == {"funds.total.full_year": "100", "funds.total.final": "90", "funds.total.rate": "90%"}


def test_the_first_share_of_a_list_is_not_the_whole() -> None:
    got = _facts(_report("上级下达甲镇10万元；乙镇20万元；丙镇30万元。到位资金150万元；实际支出142.5万元。"))
    assert got == {"funds.total.in_place": "150", "funds.total.final": "142.5"}


def test_an_amount_fully_in_place_is_also_the_amount_in_place() -> None:
    got = _facts(_report("1.项目资金到位情况。市财政局下达我局森林防火经费75.96万元，全部到位。"
                         "2.项目资金执行情况。森林防火经费执行率为100%。"))
    assert got == {"funds.total.full_year": "75.96", "funds.total.in_place": "75.96", "funds.total.rate": "100%"}


def test_amounts_in_yuan_keep_their_unit_and_precision() -> None:
    result = load_bytes(_report("到位资金14280元，已兑现救助资金14280元。").encode("utf-8"), "r.txt")
    assert result.evaluation is not None
    facts = {f.concept: f for f in result.evaluation.facts if not is_text_figure(f.concept)}
    assert facts["funds.total.in_place"].text == "14280元"
    assert facts["funds.total.final"].value == Decimal("14280") and facts["funds.total.final"].unit == "元"


def test_sources_short_of_their_total_are_an_incomplete_list_not_read() -> None:
    result = load_bytes(_report("上级财政下达补贴资金9765万元，已全部发放到农户手中。"
                                "中央财政补贴资金下达资金8887万元。").encode("utf-8"), "r.txt")
    assert result.evaluation is not None
    got = {f.concept: f.text for f in result.evaluation.facts if not is_text_figure(f.concept)}
    assert got == {"funds.total.full_year": "9765"}
    assert result.evaluation.notes is not None and "来源不全" in result.evaluation.notes.value


def test_who_gave_the_funds_is_not_their_source() -> None:
    got = _facts(_report("2020年市财政给予村组补助经费预算495.56万元，实际支出495.56万元。"))
    assert got == {"funds.total.full_year": "495.56", "funds.total.final": "495.56"}


def test_a_heading_buried_in_a_flattened_line_ends_the_sentence() -> None:
    got = _facts(_report("共计239万元，其中上级资金179.25万元，本级59.75万元二、资金使用情况"
                         "全年财政安排支出共计87.06万元"))
    assert got["funds.total.final"] == "87.06"


def test_the_goals_paragraph_states_the_budget() -> None:
    got = _facts(_report("项目年初总体目标为：地方投入补助资金877.99万元，结转资金44.89万元。"))
    assert got == {"funds.local.full_year": "877.99", "funds.carried_over.full_year": "44.89"}


def test_the_balance_of_an_earlier_year_is_carried_over() -> None:
    got = _facts(_report("2019年度补贴资金预算数60万元，其中中央资金47.336万元，2018年度补贴结余资金12.664万元。",
                         title="2019年度农机购置补贴支出绩效自评报告"))
    assert got == {"funds.total.full_year": "60", "funds.central.full_year": "47.336",
                   "funds.carried_over.full_year": "12.664"}


def test_parts_read_beside_an_unnamed_part_are_not_all_of_them() -> None:
    result = load_bytes(_report("2019年度补贴资金预算数60万元，其中包括甲镇补贴资金60万，"
                                "2018年度补贴结余资金12.664万元。",
                                title="2019年度农机购置补贴支出绩效自评报告").encode("utf-8"), "r.txt")
    assert result.evaluation is not None
    assert {f.concept: f.text for f in result.evaluation.facts if not is_text_figure(f.concept)} == {"funds.total.full_year": "60"}
    assert result.evaluation.notes is not None and "12.664" in result.evaluation.notes.value


def test_the_corps_is_a_source_of_its_own() -> None:
    # 新疆生产建设兵团 has a province-level budget: 兵团资金 is a source like 省级资金
    got = _facts(_report("2019年度补贴资金预算数60万元，其中中央资金40万元，兵团资金20万元。"))
    assert got == {"funds.total.full_year": "60", "funds.central.full_year": "40",
                   "funds.corps.full_year": "20"}


def test_a_balance_beside_sources_that_make_the_total_is_its_carryover() -> None:
    # the named sources already make the 60: last year's balance is carried over beside
    # the budget (上年结转), not a part of it
    got = _facts(_report("2019年度补贴资金预算数60万元，其中包括兵团补贴资金60万，"
                         "2018年度补贴结余资金12.664万元。",
                         title="2019年度农机购置补贴支出绩效自评报告"))
    assert got == {"funds.total.full_year": "60", "funds.corps.full_year": "60",
                   "funds.total.carryover": "12.664"}


def test_table_text_run_together_is_not_prose() -> None:
    got = _facts(_report("预算执行情况(万元)预算数(A)执行数(B)执行率(B/A)年度财政资金总额10001000100%20。"
                         "实际支出10万元。"))
    assert got == {"funds.total.final": "10"}



def test_cells_run_together_after_a_unit_are_not_prose() -> None:
    """An indicator row flattened into a line (成本指标 办公所需成本 4 分, 15万元 / 15万元) is
    no sentence about spending, though 成本 and 万元 stand in it."""
    got = _facts(_report("预算执行率10一100%9财务管理制度有效性7成本指标(10分)办公所需成本415万元15万元4"
                         "维修所需成本335万元35万元3\n实际支出10万元，执行率98%。"))
    assert got == {"funds.total.final": "10", "funds.total.rate": "98%"}

@given(st.integers(1, 9999), st.integers(1, 9999), st.integers(0, 2), st.sampled_from(["，", "；"]))
def test_a_funds_sentence_reads_each_amount_into_its_own_column(budget: int, spent: int, order: int,
                                                                 sep: str) -> None:
    clauses = [f"全年预算{budget}万元", f"到位资金{budget}万元", f"实际支出{spent}.5万元"]
    clauses = clauses[order:] + clauses[:order]
    got = _facts(_report("该项目" + sep.join(clauses) + "。"))
    assert got == {"funds.total.full_year": str(budget), "funds.total.in_place": str(budget),
                   "funds.total.final": f"{spent}.5"}


# --- the project, its unit and year; the stated score --------------------------------

def _identity(text: str) -> dict[str, object]:
    result = load_bytes(text.encode("utf-8"), "report.txt")
    assert result.evaluation is not None, [f.message for f in result.findings]
    return identity(result.evaluation)


def test_the_title_names_the_unit_the_year_and_the_project() -> None:
    got = _identity(_report("实际支出10万元。", title="某州民政局2020年边境村组补助经费绩效评价自评报告"))
    assert got == {"year": 2020, "kind": "project", "project": "边境村组补助经费", "unit": "某州民政局"}


def test_the_project_on_the_line_under_a_generic_title() -> None:
    for under in ("（市级森林防火补助经费项目）", "2021年城乡临时救助备用金"):
        text = f"某市林业局2021年度\n项目绩效自评报告\n{under}\n一、项目基本情况\n实际支出10万元。\n"
        got = _identity(text)
        assert got["project"] == under.strip("（）"), under
        assert got["unit"] == "某市林业局" and got["year"] == 2021


def test_a_title_run_together_with_the_first_heading_and_the_year_of_the_opening() -> None:
    text = ("《某校专项资金绩效自评价报告.docx》由会员分享，可在线阅读。\n"
            "某县第四中学专项资金绩效自评价报告一、基本情况我校2022年按生均800元安排，共计120万元。\n")
    got = _identity(text)
    assert got["unit"] == "某县第四中学" and got["year"] == 2022


def test_a_stated_total_score() -> None:
    for sentence, score in (("经综合自评，该项目绩效自评得分94.9分，现将情况报告如下：", "94.9"),
                            ("对资金投入和使用情况进行评价，自评分为100分。", "100")):
        got = _facts(_report(sentence))
        assert got == {"total.score": score}, sentence


def test_a_score_cell_run_together_with_its_value() -> None:
    # a table header copied without separators: the 自评得分 cell and its value
    head = "项目支出绩效自评表(2022年)项目名称乡村道路养护主管部门县交通局"
    got = _facts(head + "实施单位县公路中心自评得分96.5财政审核评分项目资金(万元)\n")
    assert got.get("total.score") == "96.5"
    for text in ("自评得分90以上为优秀", "自评得分90-100为优", "自评得分100%"):  # a range, a rate: no score
        assert "total.score" not in _facts(head + "实施单位县公路中心" + text + "项目资金(万元)\n"), text


def test_pinyin_glosses_left_by_a_conversion_are_dropped_and_figures_keep_their_place() -> None:
    line = "2023年上級財政下達(dá)耕地地力保護(hù)補(bǔ)貼資金9765萬元。"
    text = f"臨河區(qū)2023年耕地地力保護(hù)補(bǔ)貼項目支出績效自評報(bào)告\n一、項目基本情況\n{line}\n"
    result = load_bytes(text.encode("utf-8"), "r.txt")
    assert result.evaluation is not None
    assert result.evaluation.title == "临河区2023年耕地地力保护补贴项目支出绩效自评报告"
    fact = next(f for f in result.evaluation.facts if f.concept == "funds.total.full_year")
    assert fact.text == "9765"
    assert (fact.location.line, fact.location.column) == (3, line.index("9765") + 1)


# --- several projects in one report (readers/extract/project_lists.py) ------------------

def _projects(text: str) -> dict[str, dict[str, str]]:
    """Each listed project's figures as written, by the project's name as read."""
    result = load_bytes(text.encode("utf-8"), "report.txt")
    assert result.evaluation is not None, [f.message for f in result.findings]
    listed = getattr(result.evaluation, "projects", None)
    if listed is None:
        return {}
    out = {item.name: {role: getattr(item, role).text for role in ("full_year", "in_place", "final", "rate")
                       if getattr(item, role) is not None} for item in listed.items}
    if listed.count is not None:
        out["(count)"] = {"count": listed.count.text}
    return out


def test_projects_between_semicolons_each_with_its_budget() -> None:
    got = _projects(_report("2024年度，中央、市级下达转移支付慈善会项目40万元；城乡低保、特困供养、临时救助项目2.75万元；"
                            "福利彩票公益金支出项目276.42万元；民政管理工作经费17万元。"))
    # 支出 in a project's name does not make its budget the report's spending
    assert got == {"慈善会项目": {"full_year": "40"}, "城乡低保、特困供养、临时救助项目": {"full_year": "2.75"},
                   "福利彩票公益金支出项目": {"full_year": "276.42"}, "民政管理工作经费": {"full_year": "17"}}
    assert "funds.total.final" not in _facts(_report("福利彩票公益金支出项目276.42万元；民政管理工作经费17万元。"))


def test_projects_after_fenbieshi_and_the_amount_they_add_up_to() -> None:
    got = _projects(_report("2021年部门预算项目支出87.5万元，分别是科技活动交流经费5万元，科技项目评审及系统维护费18万元，"
                            "省级科技计划项目验收工作经费16万元。"))
    assert got == {"部门预算项目支出": {"full_year": "87.5"}, "科技活动交流经费": {"full_year": "5"},
                   "科技项目评审及系统维护费": {"full_year": "18"}, "省级科技计划项目验收工作经费": {"full_year": "16"}}


def test_projects_opened_by_yishi_with_budget_spending_and_rate() -> None:
    got = _projects(_report("2022年我单位自评项目35个，一是用于其他教育管理事务支出，即人才计划补助经费合计75万元，"
                            "已于本年度支出75万元，预算完成率100%。主要用于人才计划；二是小学教育支出，即教育强国推进工程合计"
                            "676.47万元，于本年度支出676.47万元，预算完成率100%。"))
    assert got == {"(count)": {"count": "35"},
                   "其他教育管理事务支出": {"full_year": "75", "final": "75", "rate": "100%"},
                   "小学教育支出": {"full_year": "676.47", "final": "676.47", "rate": "100%"}}


def test_one_project_to_a_labelled_paragraph() -> None:
    got = _projects(_report("1、项目名称：2023年民族宗教专项资金，金额为12万元，资金来源为州财政局。\n"
                            "2、项目名称：第二批民族宗教专项资金，金额为19.5万元。"))
    assert got == {"2023年民族宗教专项资金": {"full_year": "12"}, "第二批民族宗教专项资金": {"full_year": "19.5"}}


def test_sources_and_towns_shares_are_not_projects() -> None:
    got = _projects(_report("上级下达补助资金总额118万元，其中：甲镇补助资金10万元、乙镇补助资金2万元、丙镇补助资金106万元。"
                            "共计239万元，其中上级资金179.25万元，本级59.75万元。"))
    assert got == {}


# --- a funds block of label/value pairs, a row per source (readers/extract/paired_funds.py) ---

_PAIRED = """\
岳阳市某区财政支出项目绩效评价自评报告
项目名称        优 抚
项目单位     某区民政局
一、项目基本概况 |
项目起止时间 |
2016 年 1 月起至 2016 年 12 月止 |
计划安排资金 (万元) |
170 |
实际到位资金 (万元) |
170 |
实际支出 (万元) |
179.6 |
结余(万元) |
0 |
其中:中央财政 |
其中:中央财政 |
其中:中央财政 |
其中:中央财政 |
省财政 |
170 |
省财政 |
170 |
省财政 |
170 |
省财政 |
其它 |
其它 |
9.6 |
其它 |
9.6 |
其它 |
二、项目支出明细情况 |
"""


def test_funds_as_label_value_pairs_and_a_row_per_source_repeating_its_label() -> None:
    got = _facts(_PAIRED)
    assert got == {"funds.total.full_year": "170", "funds.total.in_place": "170", "funds.total.final": "179.6",
                   "funds.total.balance": "0", "funds.province.full_year": "170", "funds.province.in_place": "170",
                   "funds.province.final": "170", "funds.other.in_place": "9.6", "funds.other.final": "9.6"}


def test_a_source_not_written_once_per_column_is_not_placed() -> None:
    text = _PAIRED.replace("省财政 |\n170 |\n省财政 |\n170 |\n省财政 |\n170 |\n省财政 |\n",
                           "省财政 |\n170 |\n省财政 |\n170 |\n")
    got = _facts(text)
    assert not any(k.startswith(("funds.province", "funds.other")) for k in got), got


def test_the_unit_the_spaced_out_name_and_the_year_of_the_project_period() -> None:
    assert _identity(_PAIRED) == {"year": 2016, "kind": "project", "project": "优抚", "unit": "某区民政局"}


def test_a_project_title_under_portal_furniture_names_the_kind() -> None:
    text = ("当前位置:首页>公告公示\n日期:2024-06-05 11:24  来源:某区农牧局\n分享到:\n"
            "某区2023年耕地地力保护补贴项目支出绩效自评报告\n"
            "一、项目基本情况\n2023年上级财政下达补贴资金9765万元，发放资金9765万元。\n")
    result = load_bytes(text.encode("utf-8"), "page.txt")
    assert result.evaluation is not None and result.evaluation.kind == "project"
    assert result.evaluation.title == "某区2023年耕地地力保护补贴项目支出绩效自评报告"
    got = {f.concept: f.text for f in result.evaluation.facts if not is_text_figure(f.concept)}
    assert got == {"funds.total.full_year": "9765", "funds.total.final": "9765"}


_NAME_WORDS = "农村道路养护困难群众救助科技交流人才培训宣传慈善运行"


@st.composite
def project_list(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    truth: dict[str, str] = {}
    items: list[str] = []
    for k in range(draw(st.integers(2, 6))):
        name = draw(st.text(_NAME_WORDS, min_size=2, max_size=6)) + "甲乙丙丁戊己"[k] \
            + draw(st.sampled_from(["项目", "经费", "工作经费", "补助"]))
        amount = f"{draw(st.integers(1, 9999))}" + draw(st.sampled_from(["", ".5", ".25"]))
        truth[name] = amount
        items.append(f"{name}{amount}万元")
    sep = draw(st.sampled_from(["；", ";"]))
    return "2024年度下达" + sep.join(items) + "。", truth


@given(project_list())
def test_each_listed_project_gets_its_own_amount(case: tuple[str, dict[str, str]]) -> None:
    sentence, truth = case
    got = _projects(_report(sentence))
    assert {name: figures["full_year"] for name, figures in got.items()} == truth, sentence


def test_the_unit_that_signs_the_report_above_its_date() -> None:
    text = _report("实际支出16万元。", title="关心下一代专项资金项目自评报告") + "某市委办公室\n2018年6月5日\n"
    got = _identity(text)
    assert got["unit"] == "某市委办公室" and got["project"] == "关心下一代专项资金项目"
