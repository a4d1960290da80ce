"""Rule codes the report writer emits (declared here, listed by ``jixiao rules``)."""

from __future__ import annotations

from jixiao.findings import Level
from jixiao.registry import declare

CITE_RENDER = "jixiao 报告生成：文中数字均由数据生成，缺项明示（docs/render.md）"

RENDER_PLACEHOLDER = declare(
    "complete.render-placeholder", Level.WARNING, "报告中有未填报的内容",
    "生成的报告中“{section}”缺少{items}，已以“（未填报）”标示",
    CITE_RENDER,
    "生成报告时，输入没有提供某一部分（如“七、存在的问题及原因分析”的文字、§二的人员经费）。"
    "报告照常生成，该处写“（未填报）”，不留空白、不作猜测；补齐输入后重新生成即可。")

RENDER_SOLE_PART = declare(
    "sum.render-sole-part", Level.INFO, "唯一分项按合计列示",
    "{part}是{total}的唯一分项，原表记为{written}，与采用的合计{chosen}不符；报告中该行按{chosen}列示",
    CITE_RENDER + "；rules.md R5：合计等于分项之和",
    "合计的几处表述不一致、核算采用了其中一个值时，若某分项是该合计的唯一分项并且照抄了未被采用的数，"
    "报告中该分项与合计取同一值，使表内合计与分项一致，并在此说明原表数字。")
