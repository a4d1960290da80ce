"""The corpus documents read from their published text against their hand
transcriptions in examples/: the same findings, and the same facts except where the
transcription placed figures the text leaves in doubt (which the reader reports
instead of guessing)."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.conftest import CORPUS, EXAMPLES
from tests.readers_support import READER_CODES, facts, findings, loaded

PAIRS = {
    "08_anhui_chizhou_tangxi_weituo_2022.txt": ("anhui-chizhou-tangxi-weituo-2022.yaml", Counter()),
    "09_sichuan_qingshen_fgj_gongzi_2023.txt": ("sichuan-qingshen-fgj-gongzi-2023.yaml", Counter()),
    "12_basicdata_2018_wanglu.txt": ("basicdata-2018-wanglu.yaml", Counter({
        # 部门整体支出预算调整 1922.76 2690.62: two figures under three columns in flattened
        # text (reported as input.ambiguous-row); 其中:公车购置 29.46 29.46 is placed by
        # 公务用车购置和维护经费 less 公车运行维护, as the transcription has it
        ("budget_adjustment.budget", "1922.76", "万元", 2): 1,
        ("budget_adjustment.final", "2690.62", "万元", 2): 1,
        # 年初预算为1922.76 — the copy is cut off right after it
        ("funds.total.initial", "1922.76", "万元", 2): 1,
    })),
}


@pytest.mark.parametrize("document", sorted(PAIRS))
def test_same_facts_as_the_transcription(document: str) -> None:
    example, only_transcribed = PAIRS[document]
    read = facts(loaded(CORPUS / document))
    transcribed = facts(loaded(EXAMPLES / example))
    assert read - transcribed == Counter()
    assert transcribed - read == only_transcribed


@pytest.mark.parametrize("document", sorted(PAIRS))
def test_same_findings_as_the_transcription(document: str) -> None:
    example, _ = PAIRS[document]
    assert findings(loaded(CORPUS / document), skip=READER_CODES) == findings(loaded(EXAMPLES / example))
