"""Hostile inputs, built small: each reproduces one class of docs/robustness.md.

Shared by tests/test_robustness.py (one test per class) and tests/test_fuzz.py; the
functions used by :func:`jixiao.readers.isolated.run_isolated` live here because a child
process must import them by name.
"""

from __future__ import annotations

import io
import os
import time
import zipfile
import zlib

from tests.conftest import REFERENCE

REFERENCE_TEXT = REFERENCE.read_text(encoding="utf-8")


def with_figure(old: str, new: str) -> str:
    """The reference evaluation with one written figure replaced."""
    assert old in REFERENCE_TEXT
    return REFERENCE_TEXT.replace(old, new, 1)


def abort_reader(data: bytes, name: str) -> object:
    """A reader that takes the process down as a native library's abort does."""
    os.abort()


def slow_reader(data: bytes, name: str) -> object:
    time.sleep(30)
    return None


def greedy_reader(data: bytes, name: str) -> object:
    """A reader that allocates without bound."""
    hoard = []
    while True:
        hoard.append(bytearray(64 * 1024 * 1024))


def zip_bytes(parts: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in parts.items():
            zf.writestr(name, content)
    return buffer.getvalue()


_CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?>'
                  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                  '<Default Extension="xml" ContentType="application/xml"/>'
                  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                  'officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="word/document.xml"/></Relationships>')
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_with_table(rows: int, columns: int) -> bytes:
    """A DOCX whose body is one table of ``rows`` × ``columns`` short cells."""
    cell = "<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>"
    row = "<w:tr>" + cell * columns + "</w:tr>"
    body = f'<w:document xmlns:w="{W}"><w:body><w:tbl>{row * rows}</w:tbl></w:body></w:document>'
    return zip_bytes({"[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": _RELS, "word/document.xml": body})


def html_spans(count: int, span: int) -> bytes:
    cells = "".join(f'<td rowspan="{span}" colspan="{span}">1</td>' for _ in range(count))
    return f"<html><body><table><tr>{cells}</tr></table></body></html>".encode()


def pdf_flate_bomb(decompressed: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``decompressed`` bytes of spaces."""
    stream = zlib.compress(b" " * decompressed, 9)
    return _pdf(stream, b"/Filter /FlateDecode ")


def pdf_many_chars(count: int) -> bytes:
    """A one-page PDF that draws ``count`` characters with one font."""
    text = b"BT /F1 1 Tf 0 0 Td (" + b"1" * count + b") Tj ET"
    return _pdf(text, b"")


_PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")
_FILE_ID = b"0123456789abcdef"


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray(len(data))
    i = j = 0
    for n, byte in enumerate(data):
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out[n] = byte ^ s[(s[i] + s[j]) % 256]
    return bytes(out)


def pdf_encrypted_flate_bomb(decompressed: int) -> bytes:
    """A one-page PDF encrypted with the standard handler (RC4, 40 bits, empty user
    password: it opens without one) whose content stream inflates to ``decompressed``
    bytes of spaces. Encrypted, the stream is not Flate data in the file's bytes."""
    import hashlib

    owner = bytes(range(32))
    permissions = -4
    key = hashlib.md5(_PAD + owner + permissions.to_bytes(4, "little", signed=True) + _FILE_ID).digest()[:5]
    user = _rc4(key, _PAD)
    object_key = hashlib.md5(key + (4).to_bytes(3, "little") + (0).to_bytes(2, "little")).digest()[:10]
    stream = _rc4(object_key, zlib.compress(b" " * decompressed, 9))
    encrypt = (b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P " + str(permissions).encode()
               + b" /O <" + owner.hex().encode() + b"> /U <" + user.hex().encode() + b"> >>")
    return _pdf(stream, b"/Filter /FlateDecode ", extra=[encrypt],
                trailer=b"/Encrypt 6 0 R /ID [<" + _FILE_ID.hex().encode() + b"> <"
                + _FILE_ID.hex().encode() + b">] ")


def pdf_pages(count: int, declared: int | None = None) -> bytes:
    """A PDF of ``count`` empty pages whose page tree declares ``declared`` of them."""
    first = 3
    kids = b" ".join(f"{first + n} 0 R".encode() for n in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(count if declared is None else declared).encode()
               + b" >>"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * count
    return _pdf_objects(objects, b"")


def _pdf(stream: bytes, filters: bytes, extra: list[bytes] | None = None, trailer: bytes = b"") -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< " + filters + b"/Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *(extra or []),
    ]
    return _pdf_objects(objects, trailer)


def _pdf_objects(objects: list[bytes], trailer: bytes) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R ".encode() + trailer
              + f">>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def xlsx_one_cell(ref: str, value: str = "1", *, attribute_order: str = "rst", cell_type: str = "n") -> bytes:
    """A workbook whose only sheet holds one cell at ``ref`` (its <dimension> says so too)."""
    attrs = {"r": f'r="{ref}"', "s": 's="0"', "t": f't="{cell_type}"'}
    cell_attrs = " ".join(attrs[a] for a in attribute_order)
    value_xml = f"<is><t>{value}</t></is>" if cell_type == "inlineStr" else f"<v>{value}</v>"
    row = "".join(ch for ch in ref if ch.isdigit())
    sheet = ('<?xml version="1.0" encoding="UTF-8"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<dimension ref="A1:{ref}"/><sheetData><row r="{row}"><c {cell_attrs}>{value_xml}</c></row>'
             "</sheetData></worksheet>")
    workbook = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    root_rels = ('<?xml version="1.0" encoding="UTF-8"?>'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                 'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    types = ('<?xml version="1.0" encoding="UTF-8"?>'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
             'spreadsheetml.sheet.main+xml"/>'
             '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
             'officedocument.spreadsheetml.worksheet+xml"/></Types>')
    return zip_bytes({"[Content_Types].xml": types, "_rels/.rels": root_rels, "xl/workbook.xml": workbook,
                      "xl/_rels/workbook.xml.rels": rels, "xl/worksheets/sheet1.xml": sheet})
