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

RENDER_EXPLANATION_UNMATCHED = declare(
    "complete.explanation-unmatched", Level.WARNING, "问题说明找不到对应的核查发现",
    "问题说明所指的问题编号“{finding}”不对应本次核查的任何发现，该说明未采用",
    CITE_RENDER,
    "输入的“问题说明”（explanations）按问题编号（check --format json 的 id）说明某一核查发现。"
    "数据修改后发现可能已消失或编号已变；此时该说明不再清除报告首页的“草稿”标记。"
    "按本次核查的编号重新填写，或删去已不需要的说明。")

RENDER_TEXT_FIGURE = declare(
    "complete.section-text-figure", Level.WARNING, "本节原文未写出字段所填的数字",
    "“{section}”的原文未写出{label}{figure}（本节字段所填）；报告照录原文",
    CITE_RENDER,
    "报告照录单位所写的本节原文（如“（三）人员情况”“二、一般公共预算支出情况”），而核查使用本节各字段"
    "所填的数字。原文中找不到某个字段所填的数字时，原文与字段不一致：改正原文或字段，使两者相同。")
