"""A self score is compared with its recomputed score at the rounding the framework
allows (``indicators.score_decimals``), not only at the precision it is written in."""

from __future__ import annotations

from jixiao.findings import Finding
from tests.conftest import check_text


def table(score: str, framework: str = "mof-project-2020") -> str:
    # 完成值 90% 对指标值 95%：复算 90÷95×10 ＝ 9.47 分
    return f"""
kind: project
framework: {framework}
project: {{name: 测试项目, year: 2023}}
indicators:
  - name: 产出指标
    groups:
      - name: 时效指标
        items:
          - {{name: 拨付及时率, target: ≥95%, actual: 90%, weight: 10, score: {score}, reason: 个别批次延后}}
"""


def mismatches(text: str) -> list[Finding]:
    return [f for f in check_text(text)[1] if f.code == "score.mismatch"]


def test_a_whole_score_for_a_recomputed_fraction_is_a_finding_naming_the_rounding() -> None:
    found = mismatches(table("9"))
    assert len(found) == 1
    assert found[0].message.endswith("（按框架，自评得分应与复算结果保留2位小数后一致，不能自行取整〔OBS〕）")


def test_the_score_to_cents_agrees() -> None:
    assert not mismatches(table("9.47"))


def test_a_score_far_off_names_no_rounding_rule() -> None:
    found = mismatches(table("7"))
    assert len(found) == 1 and "取整" not in found[0].message


def test_without_the_setting_a_score_is_read_at_its_own_precision() -> None:
    # mof-2013-overall sets no score_decimals: 9 stands for 8.5–9.5 and agrees with 9.47
    text = """
kind: overall
framework: mof-2013-overall
unit: {name: 测试局, year: 2018}
self_evaluation:
  indicators:
    - name: 产出
      groups:
        - name: 产出时效
          items:
            - {name: 拨付及时率, target: ≥95%, actual: 90%, weight: 10, score: 9, reason: 个别批次延后}
"""
    assert not mismatches(text)
    assert not mismatches(text.replace("score: 9,", "score: 9.47,"))
    assert mismatches(text.replace("score: 9,", "score: 8,"))
