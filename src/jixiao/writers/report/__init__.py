"""The self-evaluation report (整体支出绩效自评报告 / 项目支出绩效自评表 and report) as DOCX
(公文 format), PDF, HTML and Markdown.

``build_report(result)`` makes the document view (pure data); ``write_report`` lays it out
in the requested formats. The heavy libraries (python-docx, WeasyPrint, matplotlib) are
imported only by the writer that needs them.
"""

from __future__ import annotations

from jixiao.writers.report.build import build_report
from jixiao.writers.report.output import FORMATS, Output, write_report

__all__ = ["FORMATS", "Output", "build_report", "write_report"]
