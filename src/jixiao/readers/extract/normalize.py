"""Text as the label tables expect it, character for character.

- Traditional characters are converted to simplified ones with OpenCC (``t2s``), so
  a report published in traditional characters (部門整體支出績效自評報告) is read
  with the same labels. A conversion that would change the length of a text is done
  character by character, so every offset — and so every location — stays valid.
- Pinyin glosses a conversion left after characters (``當(dāng)前``, ``補(bǔ)貼``) are
  dropped, the characters around them keeping their locations.
- Operator variants some templates use are written as the usual ones (``═`` and
  ``﹦`` as ``=``, ``≧`` as ``≥``, ``≦`` as ``≤``).

- A page that prints every 年 as ``-`` (``20 16 -度``, ``上-结转``; a font the copy lost):
  when the document has no 年 at all and ``-度`` at least twice, a ``-`` right before
  度 or right after 上/本/当/全/今/去/明 and before a character is read as 年. A document
  that writes 年 anywhere is left as it is, and so is every other ``-``.

Applied to every piece of a document before extraction; the text shown under
findings keeps the document's own characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import opencc

from jixiao.readers.document import Document, Paragraph, Piece, Table, join_pieces

_OPERATORS = str.maketrans({"═": "=", "﹦": "=", "≧": "≥", "≦": "≤"})


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


_TRADITIONAL_SHARE = 0.05  # of the CJK characters changed by t2s: the document is traditional


def simplified(text: str, convert: bool = True) -> str:
    """``text`` in usual operators and (``convert``) simplified characters, of the
    same length."""
    out = text.translate(_OPERATORS)
    if not convert or out.isascii():
        return out
    cc = _converter()
    converted = str(cc.convert(out))
    if len(converted) == len(out):
        return converted
    return "".join(c if len(c := cc.convert(ch)) == 1 else ch for ch in out)


def _pieces(doc: Document) -> list[Piece]:
    out: list[Piece] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            out.append(block.piece)
        elif isinstance(block, Table):
            out.extend(cell.piece for row in block.rows for cell in row)
    return out


def is_traditional(texts: list[str]) -> bool:
    """Whether a document is written in traditional characters: a simplified text has
    a few characters OpenCC would change (著, 乾 in names), a traditional one many."""
    sample = "".join(texts)[:20000]
    cjk = [c for c in sample if "\u4e00" <= c <= "\u9fff"]
    if not cjk:
        return False
    converted = str(_converter().convert("".join(cjk)))
    if len(converted) != len(cjk):
        return True
    changed = sum(a != b for a, b in zip(cjk, converted, strict=True))
    return bool(changed / len(cjk) >= _TRADITIONAL_SHARE)


# a gloss: pinyin with at least one tone mark, in brackets right after a character
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])\((?=[a-zü]*[" + _TONED + r"])[a-zü" + _TONED + r"]{1,7}\)")
_GLOSSED = 3  # glosses in a document before they are taken for a conversion's


def _drop_glosses(piece: Piece) -> None:
    kept: list[Piece] = []
    start = 0
    for m in _GLOSS.finditer(piece.text):
        kept.append(piece.slice(start, m.start()))
        start = m.end()
    if not kept:
        return
    kept.append(piece.slice(start, len(piece.text)))
    joined = join_pieces([k for k in kept if k.text], "")
    if joined.marks:
        piece.text, piece.marks = joined.text, joined.marks


_LOST_NIAN = re.compile(r"-(?=度)|(?<=[上本当全今去明])-(?=[\u4e00-\u9fff])")
_LOST_NIAN_SEEN = 2  # -度 in a document without 年 before the dashes are taken for it


def nian_as_dash(texts: Iterable[str]) -> bool:
    """Whether a document prints every 年 as ``-`` (see the module docstring)."""
    texts = list(texts)
    return not any("年" in t for t in texts) and sum(t.count("-度") for t in texts) >= _LOST_NIAN_SEEN


def nian_restored(text: str) -> str:
    """``text`` with the dashes of a page that prints 年 as ``-`` read as 年 (same length)."""
    return _LOST_NIAN.sub("年", text)


NIAN_AS_DASH_NOTE = "原文的“年”印作“-”（如“-度”“上-结转”），读取时按“年”理解"


def normalize_document(doc: Document) -> list[str]:
    """Every paragraph and cell of ``doc`` in place (see the module docstring); the
    repairs made, as notes for the reader of the result."""
    repairs: list[str] = []
    pieces = _pieces(doc)
    if nian_as_dash(p.text for p in pieces):
        for piece in pieces:
            piece.text = nian_restored(piece.text)
        repairs.append(NIAN_AS_DASH_NOTE)
    if sum(len(_GLOSS.findall(p.text)) for p in pieces[:200]) >= _GLOSSED:
        for piece in pieces:
            _drop_glosses(piece)
    convert = is_traditional([p.text for p in pieces])
    for piece in pieces:
        text = simplified(piece.text, convert)
        if text != piece.text:
            piece.text = text
    return repairs
