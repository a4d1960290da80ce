"""Fuzzing the readers and the command line: whatever the bytes, a reader returns a
result (findings, never an exception) and a command exits 0, 1 or 2 (never 3, the
internal error).

Small by default so that `make unit` stays quick; `make fuzz` runs the same
properties with many more examples (JIXIAO_FUZZ_EXAMPLES, default 25 here).
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.cli import main
from jixiao.commands import EXIT_INTERNAL
from jixiao.readers.load import LoadResult, load_bytes
from tests import hostile
from tests.conftest import CORPUS, REFERENCE

EXAMPLES = int(os.environ.get("JIXIAO_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 25,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
NAMES = ["r.yaml", "r.json", "r.txt", "r.html", "r.docx", "r.pdf", "r.xlsx"]


def read(data: bytes, name: str) -> LoadResult:
    result = load_bytes(data, name)
    assert isinstance(result, LoadResult)
    for finding in result.findings:
        finding.message.encode("utf-8")  # every message can be printed and saved
    return result


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from(NAMES))
def test_random_bytes(data: bytes, name: str) -> None:
    read(data, name)


@FUZZ
@given(st.binary(max_size=512), st.sampled_from(["PK\x03\x04", "%PDF-1.4\n", "<html><table>", "{", "kind: "]))
def test_random_bytes_behind_a_format_signature(tail: bytes, head: str) -> None:
    read(head.encode() + tail, "r")


_JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10 ** 40), max_value=10 ** 40),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=30))
_JSON = st.recursive(_JSON_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=12), inner, max_size=5)), max_leaves=30)


@FUZZ
@given(_JSON, st.sampled_from(["kind", "unit", "report", "basic_data", "self_evaluation", "x"]))
def test_json_documents(value: object, key: str) -> None:
    text = json.dumps({"kind": "overall", key: value}, ensure_ascii=True)
    read(text.encode(), "r.json")


@FUZZ
@given(st.lists(st.sampled_from(["\\ud800", "\\udc00", "\\ud83d\\ude00", "\\\\", "a", "9" * 30, "\\u0000"]),
                max_size=8))
def test_json_escapes_and_long_numbers(pieces: list[str]) -> None:
    text = '{"kind": "overall", "unit": {"name": "' + "".join(pieces) + '", "year": 2023}, "n": ' \
        + ("9" * 5000 if len(pieces) % 2 else "1e999") + "}"
    read(text.encode(), "r.json")


_REFERENCE_TEXT = REFERENCE.read_text(encoding="utf-8")


@FUZZ
@given(st.integers(min_value=0, max_value=len(_REFERENCE_TEXT) - 1),
       st.sampled_from(["1" * 28, "1e26", "-0", "NaN", "\t" * 200, "\ufffd", ": [", "&", "*a", "!!python"]))
def test_reference_with_a_hostile_insertion(position: int, insertion: str) -> None:
    text = _REFERENCE_TEXT[:position] + insertion + _REFERENCE_TEXT[position:]
    result = read(text.encode(), "r.yaml")
    if result.evaluation is not None:
        from jixiao.engine import evaluate

        evaluate(result.evaluation)  # scoring never meets a figure it cannot hold


_TEXT_REPORT = (CORPUS / "01_hunan_nanxian_zhengxie_2021.txt").read_bytes()


@FUZZ
@given(st.integers(min_value=0, max_value=len(_TEXT_REPORT) - 1), st.binary(min_size=1, max_size=64))
def test_text_report_with_spliced_bytes(position: int, splice: bytes) -> None:
    read(_TEXT_REPORT[:position] + splice + _TEXT_REPORT[position + len(splice):], "r.txt")


@FUZZ
@given(st.sampled_from(["A1", "B7", "Z99", "XFD1", "A1048576", "XFD1048576", "AA", "1", ""]),
       st.sampled_from(["1", "1e26", "1e999", "-1e999", "NaN", "abc", "", "#N/A", "#GETTING_DATA", "0.1"]),
       st.sampled_from(["n", "s", "e", "b", "str", "inlineStr", "d", "zz"]),
       st.permutations("rst"))
def test_xlsx_single_cells(ref: str, value: str, kind: str, order: list[str]) -> None:
    read(hostile.xlsx_one_cell(ref or "A1", value, attribute_order="".join(order), cell_type=kind), "r.xlsx")


_TEMPLATE: list[bytes] = []


def _template() -> bytes:
    if not _TEMPLATE:
        from tests.xlsx_helpers import filled_template

        _TEMPLATE.append(filled_template()[0])
    return _TEMPLATE[0]


@FUZZ
@given(st.data())
def test_xlsx_template_with_a_damaged_sheet(data: st.DataObject) -> None:
    source = zipfile.ZipFile(io.BytesIO(_template()))
    sheets = [n for n in source.namelist() if n.startswith("xl/worksheets/")]
    victim = data.draw(st.sampled_from(sheets))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == victim:
                at = data.draw(st.integers(min_value=0, max_value=len(content) - 1))
                junk = data.draw(st.sampled_from([b"<", b">", b'"', b"&", b"\x00", b" s=\"9999\"", b"1e999",
                                                  b"<c r=\"XFD1048576\"><v>1</v></c>"]))
                content = content[:at] + junk + content[at:]
            target.writestr(info, content)
    read(out.getvalue(), "r.xlsx")


@FUZZ
@given(st.integers(min_value=1, max_value=40), st.integers(min_value=0, max_value=100_000))
def test_html_spans(count: int, span: int) -> None:
    read(hostile.html_spans(count, span), "r.html")


@FUZZ
@given(st.binary(max_size=300), st.sampled_from([b"/FlateDecode ", b"/LZWDecode ", b"/ASCIIHexDecode ", b""]))
def test_pdf_streams(stream: bytes, filters: bytes) -> None:
    read(hostile._pdf(stream, filters), "r.pdf")


@FUZZ
@given(st.binary(max_size=2048), st.sampled_from(["check", "score", "import"]))
def test_commands_never_end_in_an_internal_error(data: bytes, command: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.txt"
        path.write_bytes(data)
        args = [command, str(path)] + (["--to", str(Path(tmp) / "out.yaml")] if command == "import" else [])
        try:
            code = main(args)
        except SystemExit as exc:  # argparse
            code = int(exc.code or 0)
        assert code in (0, 1, 2), code
        assert code != EXIT_INTERNAL


@pytest.mark.parametrize("name", NAMES)
def test_empty_input_of_every_format(name: str) -> None:
    assert read(b"", name).findings
