"""The kind of a published report from its title, and a project's self-evaluation
written as a report (no table), each as a small document."""

from __future__ import annotations

from jixiao.model.concepts import is_text_figure
from jixiao.readers.load import load_bytes

PROJECT_REPORT = """\
关于2023年度农村公路养护项目支出绩效自评报告

一、项目基本情况
农村公路养护项目由县交通运输局实施，主要用于全县农村公路日常养护。
二、项目资金使用情况
该项目年初预算资金120万元，全年预算150万元，到位资金150万元，实际支出142.5万元，预算执行率95%。
三、绩效目标完成情况
全年完成养护里程320公里，群众满意度达到96%。
四、存在的问题
部分路段养护不及时。
五、下一步改进措施
加强养护巡查。
六、自评结论
经自评，该项目得分92分，等级为优。
"""


def test_a_project_report_without_a_table() -> None:
    result = load_bytes(PROJECT_REPORT.encode("utf-8"), "project.txt")
    ev = result.evaluation
    assert ev is not None, [f.message for f in result.findings]
    assert ev.kind == "project"
    got = {f.concept: f.text for f in ev.facts if not is_text_figure(f.concept)}
    assert got == {"funds.total.initial": "120", "funds.total.full_year": "150", "funds.total.in_place": "150",
                   "funds.total.final": "142.5", "funds.total.rate": "95%", "total.score": "92"}
    assert ev.project is not None and ev.project.name == "农村公路养护项目"
    assert ev.problems is not None and ev.problems.value == "部分路段养护不及时。"
    assert ev.improvements is not None and ev.conclusion is not None
    assert "92分" in ev.conclusion.value


def test_titles_name_the_kind() -> None:
    body = "\n一、基本情况\n本单位编制15人，实有在职人员14人。\n"
    for title, kind in [("某局2023年度部门绩效自评报告", "overall"),
                        ("某局2023年度部门整体支出绩效自评报告", "overall"),
                        ("2023年度乡村振兴衔接资金专项资金绩效自评报告", "project"),
                        ("2023年度重点生态功能区转移支付绩效自评报告", "project")]:
        result = load_bytes((title + body + "年初预算资金20万元，实际支出18万元。\n").encode("utf-8"), "k.txt")
        assert result.evaluation is not None, title
        assert result.evaluation.kind == kind, title


def test_a_project_table_is_not_replaced_by_sentences() -> None:
    text = "\n".join([
        "项目支出绩效自评表（2022年度）",
        "| 项目名称 | 道路养护 | 主管部门 | 交通运输局 |",
        "| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
        "| 年度资金总额 | 100 | 120.5 | 110.25 | 10 | 91.49% | 9.15 |",
        "说明：年初预算资金99万元。"])
    result = load_bytes(text.encode("utf-8"), "t.txt")
    assert result.evaluation is not None
    got = {f.concept: f.text for f in result.evaluation.facts if not is_text_figure(f.concept)}
    assert got["funds.total.initial"] == "100"
    assert result.evaluation.project is not None and result.evaluation.project.name == "道路养护"


SENTENCE_INDICATORS = """2023年度乡村医疗服务项目支出绩效自评报告

一、项目基本情况
本项目全年预算150万元，实际支出150万元，预算执行率100%。

二、绩效目标完成情况
（一）产出指标。1.培训村医人次指标值为300人次，实际完成320人次；2.巡诊覆盖率目标值≥95%，完成值98%。
（二）满意度指标。群众满意度指标值为≥90%，实际完成93%。本年度完成巡诊12次，较上年增加2次。
"""


def test_indicators_stated_in_sentences_of_a_project_report() -> None:
    from jixiao.model.parts import iter_indicators

    result = load_bytes(SENTENCE_INDICATORS.encode("utf-8"), "project.txt")
    ev = result.evaluation
    assert ev is not None
    got = {i.name: (i.target.text if i.target else None, i.actual.text if i.actual else None, i.location)
           for _, _, i in iter_indicators(ev.indicators)}
    assert {k: v[:2] for k, v in got.items()} == {"培训村医人次": ("300人次", "320人次"), "巡诊覆盖率": ("≥95%", "98%"),
                                                  "群众满意度": ("≥90%", "93%")}
    where = got["巡诊覆盖率"][2]
    assert where is not None and where.line == 7 and where.column == 39
