"""A 基础数据表 flattened with its empty cells lost: a 其中 row with fewer figures than
columns is placed where the whole row less its other parts gives its figures."""

from __future__ import annotations

from jixiao.model.overall import OverallEvaluation
from jixiao.readers.load import load_bytes

HEAD = "部门整体支出绩效评价基础数据表 经费控制情况 2022年决算数 2023年预算数 2023年决算数 "


def read(body: str) -> tuple[dict[str, str], set[str]]:
    result = load_bytes((HEAD + body + "\n").encode("utf-8"), "basic.txt")
    assert isinstance(result.evaluation, OverallEvaluation), [f.message for f in result.findings]
    return ({f.concept: f.text for f in result.evaluation.facts if f.concept.startswith("three_public.")},
            {f.code for f in result.findings})


def test_a_part_placed_by_the_whole_less_the_other_part() -> None:
    facts, codes = read("三公经费 8.5 30 26 公务用车购置和维护经费 6.5 24 21.5 其中:公车购置 18 16.5 "
                        "公车运行维护 6.5 6 5 出国经费 公务接待 2 6 4.5")
    assert facts["three_public.car_purchase.budget"] == "18"
    assert facts["three_public.car_purchase.final"] == "16.5"
    assert "three_public.car_purchase.prior_final" not in facts
    assert "input.ambiguous-row" not in codes


def test_a_part_that_fits_two_placements_stays_unread() -> None:
    # the whole less the other part is 0, 0, 5: ``0 5`` fits 决算数 with either of the first two
    facts, codes = read("公务用车购置和维护经费 3 3 8 其中:公车购置 0 5 公车运行维护 3 3 3")
    assert not any(k.startswith("three_public.car_purchase.") for k in facts)
    assert "input.ambiguous-row" in codes


def test_a_part_that_fits_no_placement_stays_unread() -> None:
    facts, codes = read("公务用车购置和维护经费 6.5 24 21.5 其中:公车购置 17 16.5 公车运行维护 6.5 6 5")
    assert not any(k.startswith("three_public.car_purchase.") for k in facts)
    assert "input.ambiguous-row" in codes
