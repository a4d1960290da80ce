"""Labels as published copies write them, and the page around the report, each as a
small document."""

from __future__ import annotations

from jixiao.audit.coverage import identity
from jixiao.model.evaluation import Evaluation
from jixiao.readers.extract.labels import is_furniture, label_key
from jixiao.readers.extract.normalize import is_traditional, simplified
from jixiao.readers.load import load_bytes


def read(text: str) -> tuple[dict[str, str], Evaluation]:
    result = load_bytes(text.encode("utf-8"), "labels.txt")
    assert result.evaluation is not None, [f.message for f in result.findings]
    return {f.concept: f.text for f in result.evaluation.facts}, result.evaluation


def test_column_marks_points_and_a_lost_bracket_are_not_part_of_a_label() -> None:
    assert label_key("全年预算数(A)") == "全年预算数"
    assert label_key("执行率（B/A）") == "执行率"
    assert label_key("全年执行数(B") == "全年执行数"
    assert label_key("分值（10分）") == "分值"
    assert label_key("财政供养人员情况(人") == "财政供养人员情况"  # unit note, closing bracket lost
    assert label_key("经费控制情况（万元") == "经费控制情况"
    assert label_key("执行率(B/A1") == "执行率"  # the closing bracket read as a 1
    assert label_key("得分(20分*执行率)") == "得分"
    assert label_key("执行率(B/A1000") != "执行率"  # a figure after a mark is no broken mark
    text = "\n".join(["项目支出绩效自评表（2022年度）", "| 项目名称 | 道路养护 |",
                      "| 资金情况（万元） | 全年预算数(A) | 全年执行数(B) | 分值 | 执行率(B/A) | 自评得分 |",
                      "| 年度资金总额 | 120 | 110 | 10 | 91.67% | 9.17 |"])
    got, _ = read(text)
    assert got["funds.total.full_year"] == "120" and got["funds.total.score"] == "9.17"


def test_traditional_characters_are_read_as_simplified() -> None:
    text = "\n".join(["某局2023年度部門整體支出績效自評報告", "一、部門（單位）基本情況", "（三）人員情況",
                      "本部門編制15人，實有在職人員14人，退休人員6人。"])
    got, ev = read(text)
    assert got == {"staff.authorized": "15", "staff.in_service": "14", "staff.retired": "6"}
    assert ev.title == "某局2023年度部门整体支出绩效自评报告"
    # a simplified document is not converted (乾县 stays, not 干县)
    assert not is_traditional(["本部门编制15人，实有在职人员14人，成效显著。乾县项目按期完成。"])
    assert is_traditional(["本部門編制15人，實有在職人員14人。"])


def test_operator_variants() -> None:
    assert simplified("═100%", convert=False) == "=100%"
    assert simplified("≧95%", convert=False) == "≥95%"


def test_a_year_with_its_opening_bracket_lost() -> None:
    text = "\n".join(["项目支出绩效自评表", "2019年度)", "| 项目名称 | 道路养护 |",
                      "| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 |",
                      "| 年度资金总额 | 100 | 120 | 110 |"])
    _, ev = read(text)
    assert ev.project is not None and ev.project.year == 2019


def test_page_furniture_is_never_the_title_or_the_unit() -> None:
    for line in ["发布日期：2025-04-29", "浏览量:1 | | | |", "索引号: zsjfzzx/2025-00002", "【打印本页】【关闭窗口】",
                 "首页 > 通知公告 > 绩效自评报告", "2023年度部门整体支出绩效自评报告.docx"]:
        assert is_furniture(line), line
    assert not is_furniture("某局2023年度部门整体支出绩效自评报告")
    text = "\n".join(["首页 > 政务公开 > 财政预决算", "某局2023年度部门整体支出绩效自评报告", "发布日期：2024-05-10",
                      "2023年度部门整体支出绩效自评报告.pdf", "一、部门（单位）基本情况", "（三）人员情况",
                      "本部门编制15人，实有在职人员14人。"])
    _, ev = read(text)
    assert ev.title == "某局2023年度部门整体支出绩效自评报告"


def test_a_download_sites_fields_and_notes_are_furniture_and_never_facts() -> None:
    site = ["格式:docx   大小:57KB   页数:17页", "上传人:1017848967 2022/6/26 文件大小:57 KB", "下载积分:15金币",
            "3、本站不支持迅雷下载,请使用电脑自带的IE浏览器,或者360浏览器下载即可。",
            "下面是小编精心整理的部门整体支出绩效自评报告,欢迎阅读。"]
    for line in site:
        assert is_furniture(line), line
    text = "\n".join([*site, "某局2023年度部门整体支出绩效自评报告", "一、部门（单位）基本情况", "（三）人员情况",
                      "本部门编制15人，实有在职人员14人。"])
    _, ev = read(text)
    assert ev.title == "某局2023年度部门整体支出绩效自评报告"
    assert ev.facts and all(f.location.line is not None and f.location.line > len(site) for f in ev.facts)


def test_the_unit_named_on_the_cover() -> None:
    text = "\n".join(["2023年度部门整体支出绩效自评报告", "部门(单位)名称:  某市城市管理监督指挥中心  ",
                      "一、部门（单位）基本情况", "（三）人员情况", "本部门编制15人，实有在职人员14人。"])
    _, ev = read(text)
    assert ev.unit is not None and ev.unit.name == "某市城市管理监督指挥中心"


def test_a_file_name_gives_the_title_only_without_its_extension_and_only_as_a_last_resort() -> None:
    text = "\n".join(["2023年度某县交通运输局部门整体支出绩效自评报告.pdf", "一、部门（单位）基本情况", "（三）人员情况",
                      "本部门编制15人，实有在职人员14人。"])
    _, ev = read(text)
    assert ev.title == "2023年度某县交通运输局部门整体支出绩效自评报告"
    assert ev.unit is not None and ev.unit.name == "某县交通运输局" and ev.unit.year == 2023


def test_a_basic_data_table_under_anchors_whose_unit_note_lost_its_bracket() -> None:
    text = "\n".join(["2023年度部门整体支出绩效评价基础数据表", "", " ", "", "财政供养人员情况(人", "", "编制数", "",
                      "2023 年实际在职人数", "", "控制率", "", "46", "", "50", "", "108.70%", ""])
    got, _ = read(text)
    assert got["staff.authorized"] == "46" and got["staff.in_service"] == "50"
    assert got["staff.control_rate"] == "108.70%"


def test_the_unit_named_by_its_code_on_a_cover_line() -> None:
    text = "\n".join(["411001-衡山县贯塘乡人民政府2023年部门决算公开", "", "2023年度部门整体支出绩效评价基础数据表", "",
                      " ", "", "财政供养人员情况(人", "", "编制数", "", "实际在职人数", "", "控制率", "", "46", "", "50", "",
                      "108.70%", ""])
    _, ev = read(text)
    unit = getattr(ev, "unit", None)
    assert unit is not None and unit.name == "衡山县贯塘乡人民政府" and unit.year == 2023


_NIAN_AS_DASH = """岳阳县20 16 -度部门(单位)整体支出
绩效评价自评报告
部门(单位)名称 岳阳县湖滨建设服务中心
一、部门(单位)基本概况
人员编制 | 12 | 实有人数 | 11
二、部门(单位)收支情况
-度收入情况(万元)
机构名称 | 收入合计 | 上-结转 | 公共财政拨款 | 其他收入
局机关及二级机构汇总 | 150.5 | 20.5 | 100 | 30
"""


def test_a_page_that_prints_nian_as_a_dash() -> None:
    # no 年 anywhere and -度 twice: 20 16 -度 is the year, 上-结转 the column 上年结转
    result = load_bytes(_NIAN_AS_DASH.encode("utf-8"), "r.txt")
    assert result.evaluation is not None
    assert identity(result.evaluation)["year"] == 2016
    got = {f.concept: f.text for f in result.evaluation.facts}
    assert got["revenue.carryover.final"] == "20.5" and got["revenue.total.final"] == "150.5"
    assert result.evaluation.notes is not None and "“年”印作“-”" in result.evaluation.notes.value


def test_dashes_stay_dashes_where_the_document_writes_nian() -> None:
    text = _NIAN_AS_DASH.replace("部门(单位)名称", "2016年 部门(单位)名称")
    result = load_bytes(text.encode("utf-8"), "r.txt")
    assert result.evaluation is not None
    assert "revenue.carryover.final" not in {f.concept for f in result.evaluation.facts}
