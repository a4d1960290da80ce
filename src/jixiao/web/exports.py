"""Downloads: a data document rendered as the report (DOCX, PDF, HTML), the attached
tables (XLSX) or the fill-in template (XLSX)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import Response

from jixiao.store.errors import NotFound
from jixiao.web import reading

MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "template": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SUFFIX = {"docx": "docx", "pdf": "pdf", "html": "html", "xlsx": "xlsx", "template": "xlsx"}


def response(data: dict[str, Any], fmt: str, name: str, *, with_findings: bool = False) -> Response:
    if fmt not in MEDIA:
        raise NotFound(f"不支持的导出格式“{fmt}”；可用：docx、pdf、html、xlsx")
    with_findings = with_findings and fmt in ("docx", "pdf", "html")
    content = reading.export(data, fmt, with_findings=with_findings)
    suffix = "-填报模板" if fmt == "template" else "-附核查问题" if with_findings else ""
    filename = f"{name}{suffix}.{SUFFIX[fmt]}"
    disposition = "inline" if fmt in ("pdf", "html") else "attachment"
    return Response(content, media_type=MEDIA[fmt], headers={
        "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(filename)}"})


