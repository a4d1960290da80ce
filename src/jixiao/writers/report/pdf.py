"""The report as PDF: the HTML page laid out by WeasyPrint, with the CJK fonts embedded
(subsets). Fonts are found through jixiao's fontconfig file (see ``jixiao.writers.fonts``),
so the official names resolve to licensed fonts where installed, else to Noto CJK."""

from __future__ import annotations

from pathlib import Path

from jixiao.writers.report.view import ReportDocument


def html_for_pdf(doc: ReportDocument) -> str:
    from jixiao.writers.report.html import to_html
    from jixiao.writers.report.output import svg_data_uri

    return to_html(doc, svg_data_uri)


def prepare(fonts_dir: Path | None = None) -> None:
    """Point fontconfig at jixiao's configuration before WeasyPrint first lays out text."""
    from jixiao.writers.fonts import configured_fonts_dir, use_fontconfig

    use_fontconfig(configured_fonts_dir(fonts_dir))


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint alone (the benchmark's baseline)."""
    import weasyprint

    data = weasyprint.HTML(string=html).write_pdf()
    assert data is not None
    return bytes(data)


def to_pdf(doc: ReportDocument, *, fonts_dir: Path | None = None) -> bytes:
    prepare(fonts_dir)
    return html_to_pdf(html_for_pdf(doc))
