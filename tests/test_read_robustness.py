"""Bad input never crashes a reader and never runs away: arbitrary text and bytes,
truncated and corrupt files, XML entity tricks, zip bombs, enormous cells."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.model.location import Location
from jixiao.model.values import parse_value
from jixiao.readers.document import Piece
from jixiao.readers.extract.figures import cell_figure, scan
from jixiao.readers.extract.labels import label_key, points_of
from jixiao.readers.load import LoadResult, load_bytes
from tests.conftest import REFERENCE_TEXT

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Text made of what budget documents are made of, so the parsers get exercised.
ALPHABET = st.sampled_from(list("0123456789.,%％．，。：:；;、（）()≥≤<>=+-— \t\n\u3000|/年月日万元人个次分"
                                "其中共在职退休预算执行数得分合计总额项目支出基本人员公用经费附件一二三四五六七八九十是"))
DOCUMENTISH = st.text(ALPHABET, max_size=400)


def _ok(result: LoadResult) -> None:
    assert isinstance(result, LoadResult)
    if result.evaluation is None:
        assert result.findings, "an unreadable input must say why"


@FAST
@given(DOCUMENTISH)
def test_sentence_scan_on_any_text(text: str) -> None:
    for fig in scan(text):
        assert 0 <= fig.label_start <= fig.start < fig.end <= len(text)
        assert fig.number in text.translate(str.maketrans("０１２３４５６７８９．", "0123456789."))


@FAST
@given(st.text(max_size=80))
def test_cells_and_labels_on_any_text(text: str) -> None:
    piece = Piece(text, [(0, Location("x", 1, 1))])
    fig = cell_figure(piece)
    if fig is not None:
        assert fig.text and fig.text in text
    label_key(text)
    points_of(text)
    parse_value(text)


@FAST
@given(DOCUMENTISH)
def test_text_reader_on_documentish_text(text: str) -> None:
    _ok(load_bytes(("2023年度某局整体支出绩效自评报告\n一、部门（单位）基本情况\n" + text).encode("utf-8"), "x.txt"))
    _ok(load_bytes(("附件3\n\t一级指标\n\t二级指标\n\t三级指标\n\t分值\n\t得分\n\n" + text).encode(), "y.txt"))


@FAST
@given(st.binary(max_size=600))
def test_any_bytes(data: bytes) -> None:
    _ok(load_bytes(data, "blob"))


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=100))
def test_reference_text_cut_anywhere(percent: int) -> None:
    data = REFERENCE_TEXT.read_bytes()
    _ok(load_bytes(data[: len(data) * percent // 100], "cut.txt"))


@pytest.mark.parametrize("fraction", [0.0, 0.1, 0.5, 0.9, 0.99])
def test_truncated_published_files(reference_docx: Path, reference_html: Path, reference_pdf: Path,
                                   fraction: float) -> None:
    for path in (reference_docx, reference_html, reference_pdf):
        data = path.read_bytes()
        _ok(load_bytes(data[: int(len(data) * fraction)], path.name))


def test_corrupt_docx(reference_docx: Path) -> None:
    data = bytearray(reference_docx.read_bytes())
    for at in range(200, len(data), len(data) // 25):
        data[at] ^= 0xFF
    result = load_bytes(bytes(data), "corrupt.docx")
    _ok(result)


def _docx(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", document_xml)
        for name, content in (extra or {}).items():
            zf.writestr(name, content)
    return buf.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_docx_billion_laughs_is_refused() -> None:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    lol = (f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>'
           f'<w:document {W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')
    result = load_bytes(_docx(lol.encode()), "lol.docx")
    assert result.evaluation is None
    assert "DTD" in result.findings[0].message


def test_docx_external_entity_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("机密", encoding="utf-8")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
           f'<w:document {W}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
    result = load_bytes(_docx(xxe.encode()), "xxe.docx")
    assert result.evaluation is None
    assert all("机密" not in f.message for f in result.findings)


def test_docx_zip_bomb_is_refused() -> None:
    body = (f'<w:document {W}><w:body><w:p><w:r><w:t>'.encode() + b"0" * (80 * 1024 * 1024)
            + b"</w:t></w:r></w:p></w:body></w:document>")
    result = load_bytes(_docx(body), "bomb.docx")
    assert result.evaluation is None
    assert "过大" in result.findings[0].message or "压缩比" in result.findings[0].message


def test_docx_without_document_part() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/styles.xml", "<x/>")
    result = load_bytes(buf.getvalue(), "empty.docx")
    assert result.evaluation is None and "document.xml" in result.findings[0].message


def test_docx_enormous_spans_are_bounded() -> None:
    cells = "".join(f'<w:tc><w:tcPr><w:gridSpan w:val="999999999"/></w:tcPr><w:p><w:r><w:t>{i}</w:t></w:r></w:p></w:tc>'
                    for i in range(50))
    xml = f'<w:document {W}><w:body><w:tbl><w:tr>{cells}</w:tr></w:tbl></w:body></w:document>'
    _ok(load_bytes(_docx(xml.encode()), "spans.docx"))


def test_html_enormous_spans_and_cells() -> None:
    big = "<td rowspan='1000000000' colspan='99999999'>年度资金总额</td>" + "<td>" + "九" * 300_000 + "</td>"
    page = f"<html><body><table><tr>{big}</tr>" + "<tr><td>1</td></tr>" * 300 + "</table></body></html>"
    _ok(load_bytes(page.encode("utf-8"), "big.html"))


def test_enormous_text_line() -> None:
    result = load_bytes(("一、部门（单位）基本情况\n" + "共48人，" * 400_000).encode(), "long.txt")
    _ok(result)
    assert any(f.code == "input.too-large" for f in result.findings)


def test_pdf_garbage_after_header() -> None:
    _ok(load_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 1000, "bad.pdf"))
