"""Tables whose cells were run together without separators (readers/extract/runtogether.py)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from jixiao.engine import evaluate
from jixiao.findings import Level
from jixiao.model.evaluation import all_indicators
from jixiao.readers.extract.runtogether import split_run
from jixiao.readers.load import load_bytes

HEAD = "项目支出绩效自评表(2023年度)项目名称乡村道路养护主管部门县交通运输局实施单位县公路事务中心"
FUNDS = "项目资金(万元)全年预算数(A)全年执行数(B)分值执行率(B/A)得分"
INDICATORS = "绩效指标一级指标二级指标三级指标分值年度指标值实际完成值得分"


def read(text: str) -> tuple[dict[str, str], list[str], list[str]]:
    result = load_bytes(text.encode("utf-8"), "run.txt")
    assert result.evaluation is not None, [f.message for f in result.findings]
    found = list(result.findings) + evaluate(result.evaluation).findings
    errors = [f"{f.code} {f.message}" for f in found if f.level is Level.ERROR]
    notes = result.evaluation.notes.value.splitlines() if result.evaluation.notes else []
    return {f.concept: f.text for f in result.evaluation.facts}, errors, notes


def test_a_project_table_run_together_is_read_by_its_header() -> None:
    text = (HEAD + FUNDS + "年度资金总额:15015010100.00%10其中:本年财政拨款150150"
            + INDICATORS + "产出指标(50分)数量指标道路养护里程30≥40公里42公里30时效指标按时完工率20100%100%20"
            + "效益指标(30分)社会效益指标群众出行条件改善30明显改善明显改善30"
            + "满意度指标(10分)服务对象满意度指标群众满意度10≥90%95%10总分100100")
    got, errors, _ = read(text)
    assert got["funds.total.full_year"] == "150" and got["funds.total.final"] == "150"
    assert got["funds.total.weight"] == "10" and got["funds.total.rate"] == "100.00%"
    assert got["funds.total.score"] == "10"
    assert got["funds.fiscal.full_year"] == "150" and got["funds.fiscal.final"] == "150"
    assert got["indicator.产出指标.数量指标.道路养护里程.weight"] == "30"
    assert got["indicator.产出指标.数量指标.道路养护里程.score"] == "30"
    assert got["indicator.产出指标.时效指标.按时完工率.score"] == "20"
    assert got["indicator.效益指标.社会效益指标.群众出行条件改善.weight"] == "30"
    assert got["indicator.满意度指标.服务对象满意度指标.群众满意度.score"] == "10"
    assert got["total.score"] == "100"
    assert errors == []


def test_a_split_that_could_go_two_ways_is_not_read() -> None:
    # 30显著改善有所改善25: the worded target and actual differ, so where one ends is unknown
    text = (HEAD + FUNDS + "年度资金总额:10010010100.00%10"
            + INDICATORS + "产出指标(30分)数量指标道路养护里程30≥40公里42公里30"
            + "效益指标(60分)社会效益指标群众出行条件30显著改善有所改善25通行时间缩短30≤30分钟25分钟30总分10095")
    got, errors, notes = read(text)
    assert got["indicator.产出指标.数量指标.道路养护里程.weight"] == "30"
    assert not any("群众出行条件" in concept for concept in got)
    assert any("无法确定如何拆分" in n and "显著改善有所改善" in n for n in notes)
    assert errors == []  # what was left out is not available, not missing from the table


def test_a_funds_row_whose_split_is_not_certain_is_not_read() -> None:
    # 1001001010: no rate to check the amounts against, so 100/100 or 1001/0 … are all possible
    text = HEAD + FUNDS + "年度资金总额:100100101" + INDICATORS + "产出指标(50分)数量指标道路养护里程30≥40公里42公里30"
    got, _, notes = read(text)
    assert "funds.total.full_year" not in got
    assert any("100100101" in n for n in notes)


def test_prose_is_never_split() -> None:
    prose = ("本年度全年预算数为150万元，全年执行数为120万元，执行率为80%，得分为7.2分，"
             "分值为9分，产出指标完成较好，效益指标基本达到预期。" * 2)
    assert split_run(prose) is None


# --- property: a split never invents a boundary ------------------------------------------

_NAME_CHARS = "道路养护里程完成率覆盖培训人数群众满意度宣传活动场次建设面积改善出行"
_UNITS = ["%", "公里", "人", "次", "个", "万元", ""]


@st.composite
def indicator_rows(draw: st.DrawFn) -> list[tuple[str, ...]]:
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.text(_NAME_CHARS, min_size=2, max_size=8))
        weight = draw(st.integers(1, 30))
        score = draw(st.integers(0, weight))
        unit = draw(st.sampled_from(_UNITS))
        op = draw(st.sampled_from(["", "≥", "≤"]))
        target = f"{op}{draw(st.integers(0, 5000))}{unit}"
        actual = f"{draw(st.integers(0, 5000))}{unit}"
        rows.append((name, str(weight), target, actual, str(score)))
    return rows


@st.composite
def funds_rows(draw: st.DrawFn) -> tuple[str, ...]:
    budget = draw(st.integers(1, 100000))
    spent = draw(st.integers(0, budget * 2))
    weight = draw(st.integers(1, 20))
    rate = (Decimal(spent) / Decimal(budget) * 100).quantize(Decimal("0.01"))
    score = (Decimal(weight) * min(rate, Decimal(100)) / 100).quantize(Decimal("0.01"))
    return (str(budget), str(spent), str(weight), f"{rate}%", str(score.normalize()) if score else "0")


@given(funds_rows(), indicator_rows())
def test_every_cell_of_a_split_is_a_cell_of_the_table(funds: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    cells = ["项目资金(万元)", "全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分", "年度资金总额:",
             *funds, "绩效指标", "一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分",
             "产出指标(50分)", "数量指标"]
    for row in rows:
        cells.extend(row)
    text = "".join(cells)
    bounds = {0}
    at = 0
    for cell in cells:
        at += len(cell)
        bounds.add(at)
    split = split_run(text)
    assert split is not None
    doubtful = [range(a, b + 1) for a, b in split.doubtful]
    for start, end in split.cells:
        if start == end:
            continue
        inside = any(start in r and end in r for r in doubtful)
        assert inside or (start in bounds and end in bounds), (text, text[start:end])


# --- 到位资金 (funds in place) --------------------------------------------------------

def test_funds_in_place_read_from_a_sentence_and_from_a_table_column() -> None:
    report = ("2023年度乡村道路养护项目支出绩效自评报告\n\n一、项目基本情况\n\n"
              "本项目全年预算150万元，实际到位资金120万元，实际支出118万元，预算执行率98.33%。\n")
    got, _, _ = read(report)
    assert got["funds.total.in_place"] == "120" and got["funds.total.final"] == "118"
    table = (HEAD + "项目资金(万元)全年预算数(A)到位资金全年执行数(B)分值执行率(B/A)得分"
             + "年度资金总额:1501401201080.00%8" + INDICATORS
             + "产出指标(90分)数量指标道路养护里程90≥40公里42公里90总分10098")
    got, _, _ = read(table)
    assert got["funds.total.full_year"] == "150" and got["funds.total.in_place"] == "140"
    assert got["funds.total.final"] == "120" and got["funds.total.rate"] == "80.00%"


def test_columns_not_read_are_no_labels_inside_names() -> None:
    # 行次 and 完成率 head columns of other tables; in a run they are words of a name
    text = HEAD + FUNDS + "年度资金总额:1010.00%0" + INDICATORS + "产出指标(50分)数量指标出行次数10≥5人5人8完成率覆盖10≥5人5人8"
    split = split_run(text)
    assert split is not None
    cells = [text[a:b] for a, b in split.cells]
    assert "出行次数" in cells and "完成率覆盖" in cells


# --- a run cut at spaces, with a broken header -------------------------------------------

BROKEN = ("2022年度项目绩效自评表\n"
          "项目名称乡村道路养护主管部门县交通运输局项目实施单位县公路中心 预算执行情况 (万元) (20 分)"
          "预算数(A)执行数(B)执行率(B/A1得分(20分*执行率)年度财政 资金总额20018090%18度效标 "
          "二级指标三级指标年初目标值 (A)实际完成值 (B)得分产出 指标数量指标养护里程≥50公里52公里30"
          "质量指标验收合格率100%100%20\n")


def test_a_run_cut_at_spaces_with_a_broken_header_is_read_as_one_table() -> None:
    # 执行率(B/A1: the mark's bracket read as a 1; 年度财政 资金总额, 产出 指标: labels a
    # space cuts in two; 得分(20分*执行率): the block's points in the score header;
    # 度效标: words after the row's figures are a cell of their own
    got, errors, _ = read(BROKEN)
    assert (got["funds.total.full_year"], got["funds.total.final"], got["funds.total.rate"],
            got["funds.total.score"], got["funds.total.weight"]) == ("200", "180", "90%", "18", "20")
    # the header starts at 二级指标 when its 一级指标 cell is lost; 产出 指标 is still a 一级 name
    assert got["indicator.产出指标.数量指标.养护里程.score"] == "30"
    assert got["indicator.产出指标.质量指标.验收合格率.score"] == "20"
    assert errors == []


def test_a_space_joins_a_label_only_when_the_second_half_starts_none_longer() -> None:
    # 财政 资金总额: 财政资金 across the space would cut 资金总额, a longer label, in two
    split = split_run(FUNDS + "财政 资金总额:10010010100.00%10" + INDICATORS)
    assert split is not None
    text = FUNDS + "财政 资金总额:10010010100.00%10" + INDICATORS
    cells = [text[a:b] for a, b in split.cells]
    assert "资金总额:" in cells and "财政 资金" not in cells
    # 产出 指标(50分): the halves make a 一级 name, taken whole with its points
    text = INDICATORS + "产出 指标(50分)数量指标道路养护里程30≥40公里42公里30"
    joined = split_run(text)
    assert joined is not None
    assert [text[a:b] for a, b in joined.cells][8:11] == ["产出 指标(50分)", "数量指标", "道路养护里程"]


CUT = ("2022年度项目绩效自评表\n"
       "项目名称园区建设补助主管部门县发展改革局项目实施单位县园区中心 预算执行情况 (万元) (20 分)"
       "预算数(A)执行数(B)执行率(B/A1得分(20分*执行率)年度财政 资金总额20018090%18度效标 "
       "二级指标三级指标年初目标值 (A)实际完成值 (B)得分产出 指标数量指标养护里程≥50公里52公里30"
       "效益 指标经济效益园区年产值达到2亿元2亿元2.6亿元20可持续影响园区建成后持续带动周边")


def test_a_row_after_a_label_that_names_an_indicator_and_a_row_cut_off() -> None:
    # 效益 指标: a 一级 name, though the header lost its 一级指标 column; 经济效益 (a 2013
    # indicator's name) may name the row or stand above it, so the row is read from it;
    # 达到2亿元: a figure inside a name; 可持续影响……: the row the copy stops in
    got, errors, notes = read(CUT + "\n[text cut off here in the available copy]\n")
    assert got["indicator.效益指标.#1.经济效益园区年产值达到2亿元.score"] == "20"
    assert got["indicator.产出指标.数量指标.养护里程.score"] == "30"
    result = load_bytes((CUT + "\n[text cut off here in the available copy]\n").encode("utf-8"), "run.txt")
    assert result.evaluation is not None
    values = {item.name: (item.target.text if item.target else None, item.actual.text if item.actual else None)
              for _c, _g, item in all_indicators(result.evaluation)}
    assert values["经济效益园区年产值达到2亿元"] == ("2亿元", "2.6亿元")
    assert errors == []
    assert not any("无法确定如何拆分" in n for n in notes)
    # not cut off: the words at the end are no row, and the stretch is not split
    _got, _errors, notes = read(CUT + "\n")
    assert any("无法确定如何拆分" in n and "2.6亿元" in n for n in notes)
