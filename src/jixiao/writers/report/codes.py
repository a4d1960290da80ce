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
