"""Indicators read without a table header: numbered rows of a flattened table whose
cells came out of their order (readers/extract/numbered.py), and indicators stated in
the sentences of a project report (readers/extract/narrative.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jixiao.readers.load import load_bytes

HEAD = ("source: https://example.org/t\ntitle: 项目支出绩效自评表\nkind: project-table\n"
        "completeness: partial (cells out of their order)\n\n"
        "项目支出绩效自评表 (2021年度) 项目名称 乡村医疗服务 主管部门 县卫生健康局 实施单位 镇卫生院 "
        "一级 指标 二级指标 三级指标 分值 得分 ")


def read(body: str) -> dict[str, str]:
    result = load_bytes((HEAD + body + "\n").encode("utf-8"), "numbered.txt")
    assert result.evaluation is not None, [f.message for f in result.findings]
    return {f.concept.split(".", 3)[-1]: f.text for f in result.evaluation.facts if f.concept.startswith("indicator.")}


def test_names_then_their_rows_are_read_in_order() -> None:
    got = read("指标1:建立健康档案 500人 480人 5 4.8 指标2:家庭医生签约 数 指标3:老年人体检率 "
               "300人 300人 5 5 90% 85% 4 3.5 质量指标")
    assert got["建立健康档案.weight"] == "5" and got["建立健康档案.score"] == "4.8"
    assert got["家庭医生签约数.score"] == "5" and got["老年人体检率.score"] == "3.5"


def test_runs_that_do_not_fit_are_not_read() -> None:
    # 指标1: a label between the name and its figures; 指标2: a half row; 指标4: bare numbers only
    got = read("指标1:建立健康档案 分值 得分 500人 480人 5 4.8 指标2:开展讲座 12次 12次 2 "
               "指标3:随访人数 40人 38人 3 2.5 指标4:培训次数 4 4 2 2")
    assert set(got) == {"随访人数.weight", "随访人数.score"}


@st.composite
def shuffled_table(draw: st.DrawFn) -> tuple[str, dict[str, tuple[str, str]]]:
    """Rows written as runs of names followed by their figures (the order an
    extraction gives), sometimes with a row's figures lost."""
    count = draw(st.integers(1, 8))
    truth: dict[str, tuple[str, str]] = {}
    words: list[str] = []
    k = 0
    while k < count:
        size = draw(st.integers(1, min(3, count - k)))
        block = range(k + 1, k + 1 + size)
        figures: list[str] = []
        for n in block:
            name = f"服务项目{chr(0x4e00 + n * 7)}{chr(0x4e00 + n * 13)}"
            words.append(f"指标{n}:{name}")
            weight = draw(st.integers(1, 20))
            score = draw(st.integers(0, weight))
            target = draw(st.integers(1, 999))
            row = [f"{target}人", f"{draw(st.integers(0, 999))}人", str(weight), str(score)]
            if draw(st.integers(0, 9)) == 0:
                row = row[:draw(st.integers(0, 3))]  # lost in the copy
            else:
                truth[name] = (str(weight), str(score))
            figures.extend(row)
        words.extend(figures)
        if draw(st.booleans()):
            words.append("质量指标")
        k += size
    return " ".join(words), truth


@given(shuffled_table())
def test_figures_are_never_given_to_another_name(case: tuple[str, dict[str, tuple[str, str]]]) -> None:
    body, truth = case
    got = read(body)
    for key, value in got.items():
        name, role = key.rsplit(".", 1)
        if role in ("weight", "score"):
            assert name in truth, (body, key)
            assert value == truth[name][0 if role == "weight" else 1], (body, key, value)


# --- indicators stated in sentences (extract/narrative.py) ---------------------------------

_WORDS = "培训人次巡诊覆盖率群众满意度道路里程宣传场次建设面积验收合格"


@st.composite
def stated_indicators(draw: st.DrawFn) -> tuple[str, dict[str, tuple[str, str]]]:
    truth: dict[str, tuple[str, str]] = {}
    sentences: list[str] = []
    for k in range(draw(st.integers(1, 5))):
        name = draw(st.text(_WORDS, min_size=2, max_size=6)) + f"{'甲乙丙丁戊'[k]}指标"
        unit = draw(st.sampled_from(["人次", "%", "公里", "场"]))
        target = f"{draw(st.sampled_from(['', '≥', '≤']))}{draw(st.integers(1, 999))}{unit}"
        actual = f"{draw(st.integers(0, 999))}{unit}"
        form = draw(st.sampled_from(["{n}指标值为{t}，实际完成{a}", "{n}目标值{t}，完成值{a}",
                                     "{n}年度指标值为{t}，全年实际完成{a}"]))
        sentences.append(form.format(n=name, t=target, a=actual))
        truth[name] = (target, actual)
        if draw(st.booleans()):
            sentences.append(f"本年度共开展活动{draw(st.integers(1, 99))}次，较上年增加{draw(st.integers(1, 9))}次")
    body = "。".join(sentences) + "。"
    return body, truth


@given(stated_indicators())
def test_a_stated_indicator_is_read_with_its_own_target_and_actual(case: tuple[str, dict[str, tuple[str, str]]]) -> None:
    from jixiao.model.parts import iter_indicators

    body, truth = case
    text = f"2023年度乡村医疗服务项目支出绩效自评报告\n\n一、绩效目标完成情况\n{body}\n"
    result = load_bytes(text.encode("utf-8"), "stated.txt")
    assert result.evaluation is not None
    got = {i.name: (i.target.text if i.target else "", i.actual.text if i.actual else "")
           for _, _, i in iter_indicators(result.evaluation.indicators)}
    assert got == truth, body
