"""上年结转 on a funds row (``funds.*.carryover``): money carried over from earlier years
and brought into the year, never the year-end 结余结转 that explains unspent money."""

from __future__ import annotations

from jixiao.model.concepts import concept_title
from tests.conftest import check_text

UNSPENT = """
kind: overall
framework: hunan-overall
unit: {name: 测试局, year: 2023}
report:
  performance:
    projects:
      items:
        - {name: 甲专项, initial: 10, final: 10, carryover: 0}
self_evaluation:
  funds: {carryover: 15, full_year: 100.00, final: 90.00}
"""


def test_carryover_brought_in_does_not_explain_unspent_money() -> None:
    _, findings = check_text(UNSPENT)
    assert [f.code for f in findings if f.code == "sum.unexplained-balance"] == ["sum.unexplained-balance"]
    assert not any(f.code == "input.unknown-key" for f in findings)


def test_a_funds_carryover_is_named_shangnian_jiezhuan() -> None:
    assert concept_title("funds.total.carryover") == "年度资金总额（上年结转）"
    assert concept_title("project.甲专项.carryover") == "“甲专项”结余结转"
