"""docs/web.md shows the workflow table the code enforces."""

from __future__ import annotations

from jixiao.store.workflow import markdown_table
from tests.web.conftest import ROOT


def test_docs_show_the_workflow_table() -> None:
    text = (ROOT / "docs" / "web.md").read_text(encoding="utf-8")
    shown = text.split("<!-- workflow-table -->\n", 1)[1].split("<!-- /workflow-table -->", 1)[0]
    assert shown == markdown_table()
