"""A fast reader for the part of YAML that evaluation and framework files are written in.

Importing PyYAML costs more than starting the interpreter twice, and ``jixiao check``
reads one small file. This reader handles the plain subset those files use — block
mappings and sequences, single-line plain and quoted scalars, block scalars (``|``,
``>``), one-line flow collections, comments — and builds the tree PyYAML's C composer
gives (through :func:`jixiao.located.parse_yaml`): the same texts, null flags, and
lines and columns for every node and key.

Anything else raises :class:`Unsupported`, and ``parse_yaml`` hands the text to
PyYAML, which then gives the answer or the error message. Declining is always safe
and a different tree would be a bug, so every rule here errs towards declining:
whatever is unusual (tabs, anchors, tags, multi-line scalars, document markers, an
indentation that does not line up…) is left to PyYAML, including every syntax error.
"""

from __future__ import annotations

import re

from jixiao.model.location import Location
from jixiao.model.tree import Mapping, Node, Scalar, Sequence


class Unsupported(Exception):
    """The text uses YAML outside the subset, or is not valid YAML."""


class TooLarge(Exception):
    """More nodes than allowed (counted as PyYAML's path counts them)."""


MAX_DEPTH = 100  # deeper documents go to PyYAML (which cuts them at 200)
MAX_KEY = 200  # libyaml gives up on a key 1024 bytes from its colon; CJK takes 3 a character

# Declined anywhere: what YAML does not print, and tab, CR (CRLF is made LF first),
# NEL, the line and paragraph separators and the byte order mark. The characters
# past U+00FF are looked for one by one: a regex class holding them takes a
# millisecond to compile, more than reading a file.
_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_ODD = ("\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
# jixiao.located marks a scalar null when it resolves to null and its style is None
# (plain). PyYAML's C loader, the one jixiao uses, reports plain scalars with style
# "" instead, so on that path no YAML scalar is ever marked null ("key:" reads as the
# text "", "key: null" as "null"); only the pure-Python loader would mark them. The
# subset gives what the C loader path gives. Should located's rule change to mark
# plain nulls, this is the one switch to turn on with it.
PLAIN_NULL = False
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_KEY_END = re.compile(r":(?: |$)")
# A plain scalar inside a flow collection stops at these; ':', '?' and '#' in it are
# read differently by libyaml versions, so stopping there ends in a decline.
_FLOW_PLAIN = re.compile(r"[^,\[\]{}:#?]*")
_DQ_SPECIAL = re.compile(r'["\\]')
_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t"}


def compose(text: str, source: str, max_nodes: int) -> Node | None:
    """The located tree of ``text`` (``None`` for an empty document).

    Raises :class:`Unsupported` when PyYAML must read it, :class:`TooLarge` past
    ``max_nodes`` nodes.
    """
    if "\r" in text:  # a CRLF is one line break to YAML; a lone CR stays and is declined
        text = text.replace("\r\n", "\n")
    if _CONTROLS.search(text) or any(odd in text for odd in _ODD):
        raise Unsupported
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates, which PyYAML cannot encode either
            raise Unsupported from None
    return _Reader(text.split("\n"), source, max_nodes).document()


def _spaces(line: str, pos: int) -> int:
    """The first position from ``pos`` on that is not a space."""
    end = len(line)
    while pos < end and line[pos] == " ":  # usually none or one: cheaper than a pattern
        pos += 1
    return pos


def _end_of_line(line: str, pos: int) -> None:
    """Only spaces and a comment may follow a node on its line."""
    rest = line[pos:]
    if rest and (rest[0] != " " or rest.lstrip(" ")[:1] not in ("", "#")):
        raise Unsupported


def _quoted(line: str, start: int) -> tuple[str, int]:
    """A quoted scalar closed on its own line: its text and the position after it."""
    parts = []
    if line[start] == "'":
        pos = start + 1
        while True:
            end = line.find("'", pos)
            if end < 0:
                raise Unsupported  # continues on the next line
            parts.append(line[pos:end])
            if not line.startswith("'", end + 1):
                return "".join(parts), end + 1
            parts.append("'")
            pos = end + 2
    pos = start + 1
    while True:
        found = _DQ_SPECIAL.search(line, pos)
        if found is None:
            raise Unsupported
        parts.append(line[pos:found.start()])
        if found.group() == '"':
            return "".join(parts), found.end()
        escape = line[found.end():found.end() + 1]
        if escape in _ESCAPES:
            parts.append(_ESCAPES[escape])
            pos = found.end() + 1
        elif escape == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", line[found.end() + 1:found.end() + 5]):
            code = int(line[found.end() + 1:found.end() + 5], 16)
            if 0xD800 <= code <= 0xDFFF:
                raise Unsupported
            parts.append(chr(code))
            pos = found.end() + 5
        else:
            raise Unsupported  # the rarer escapes, and a line continued by "\"


def _plain(text: str, loc: Location) -> Scalar:
    return _new(Scalar, (text, loc, PLAIN_NULL and text in _NULLS))


_new = tuple.__new__  # builds a named tuple (Location, Scalar) from a ready tuple


def _plain_start(line: str, pos: int, stops: str) -> bool:
    """Whether a plain scalar may start at ``pos``: not on an indicator, except a
    ``-`` that is not one (``-1.93``)."""
    ch = line[pos]
    if ch not in _INDICATORS:
        return True
    return ch == "-" and pos + 1 < len(line) and line[pos + 1] not in stops


def _fold(chunks: list[tuple[str | None, bool]], folded: bool, chomp: str) -> str:
    """A block scalar's text from its lines after the indentation, as libyaml joins
    them: ``(None, True)`` is an empty line, ``(text, has_break)`` a content line."""
    out: list[str] = []
    leading_break = ""
    trailing_breaks = ""
    leading_blank = False
    for text, has_break in chunks:
        if text is None:
            trailing_breaks += "\n"
            continue
        # Folding joins two lines by a space, unless either is more indented
        # (starts with a space) or empty lines stand between them.
        if folded and leading_break == "\n" and not leading_blank and not text.startswith(" "):
            if not trailing_breaks:
                out.append(" ")
        else:
            out.append(leading_break)
        out.append(trailing_breaks)
        trailing_breaks = ""
        leading_blank = text.startswith(" ")
        out.append(text)
        leading_break = "\n" if has_break else ""
    if chomp != "-":
        out.append(leading_break)
    if chomp == "+":
        out.append(trailing_breaks)
    return "".join(out)


class _Reader:
    """Reads line by line; ``self.i`` is the next line not yet consumed.

    Each collection sits at one column (its keys' or dashes'); a node's ``parent`` is
    the column of the collection holding it, the indentation YAML measures it by.
    """

    def __init__(self, lines: list[str], source: str, max_nodes: int) -> None:
        self.lines = lines
        self.source = source
        self.i = 0
        self.budget = max_nodes

    def loc(self, row: int, col: int) -> Location:
        return _new(Location, (self.source, row + 1, col + 1, None, None, None, None, None, None, None))

    def count(self) -> None:
        self.budget -= 1
        if self.budget < 0:
            raise TooLarge

    def skip(self) -> int:
        """Move to the next line with content; its indentation, or -1 at the end."""
        lines = self.lines
        while self.i < len(lines):
            line = lines[self.i]
            body = line.lstrip(" ")
            if body and body[0] != "#":
                if line.startswith(("---", "...")):
                    raise Unsupported  # document markers
                return len(line) - len(body)
            self.i += 1
        return -1

    def document(self) -> Node | None:
        lines = self.lines
        while self.i < len(lines) and lines[self.i].lstrip(" ")[:1] in ("", "#"):
            self.i += 1
        if self.i < len(lines) and lines[self.i].startswith("---"):
            _end_of_line(lines[self.i], 3)  # one explicit start, alone on its line
            self.i += 1
            if self.skip() < 0:
                raise Unsupported  # "---" alone is an empty scalar to PyYAML
        indent = self.skip()
        if indent < 0:
            return None
        row = self.i
        line = lines[row]
        if line[indent] in "[{":
            node, end = self.flow(row, indent, 0)
            _end_of_line(line, end)
            self.i = row + 1
        else:
            node = self.block(indent, 0)
        if self.skip() >= 0:
            raise Unsupported  # less indented than the root, or a second root
        return node

    def is_entry(self, row: int, col: int) -> bool:
        line = self.lines[row]
        return line[col] == "-" and (col + 1 == len(line) or line[col + 1] == " ")

    def key_at(self, row: int, col: int) -> tuple[str, int] | None:
        """The key of a ``key: value`` entry starting at ``col``, and the column of its
        colon; ``None`` when the line holds no such entry."""
        line = self.lines[row]
        if line[col] in "'\"":
            text, end = _quoted(line, col)
            if _KEY_END.match(line, end) and end - col <= MAX_KEY:
                return text, end
            return None
        if line[col] in _INDICATORS:
            return None
        # The first ":" followed by a space or ending the line (a pattern is slower).
        end = len(line)
        colon = line.find(":", col)
        while 0 <= colon < end - 1 and line[colon + 1] != " ":
            colon = line.find(":", colon + 1)
        if colon < 0:
            return None
        key = line[col:colon]
        if " #" in key:
            return None  # the colon is in a comment
        if key.endswith(" ") or key == "<<" or len(key) > MAX_KEY:
            raise Unsupported
        return key, colon

    def block(self, indent: int, depth: int) -> Node:
        """The block collection whose first line is ``self.i``, at column ``indent``."""
        if self.is_entry(self.i, indent):
            return self.sequence(self.i, indent, depth, indentless=False)
        return self.mapping(self.i, indent, depth)

    def mapping(self, row: int, col: int, depth: int) -> Mapping:
        self.count()
        entries: list[tuple[str, Location, Node]] = []
        node = Mapping(entries, self.loc(row, col))
        while True:
            found = self.key_at(row, col)
            if found is None:
                raise Unsupported
            key, colon = found
            entries.append((key, self.loc(row, col), self.value(row, colon + 1, col, depth + 1, True)))
            indent = self.skip()
            if indent != col:
                if indent > col:
                    raise Unsupported  # a scalar continued, or a stray indentation
                return node
            row = self.i

    def sequence(self, row: int, col: int, depth: int, indentless: bool) -> Sequence:
        self.count()
        items: list[Node] = []
        node = Sequence(items, self.loc(row, col))
        while True:
            items.append(self.value(row, col + 1, col, depth + 1, False))
            indent = self.skip()
            if indent == col and self.is_entry(self.i, col):
                row = self.i
                continue
            # An indentless sequence ("key:" then "- a" at the key's column) ends at
            # the mapping's next key; any other one only at a lesser indentation.
            if indent < col or (indent == col and indentless):
                return node
            raise Unsupported

    def value(self, row: int, col: int, parent: int, depth: int, in_mapping: bool) -> Node:
        """The node after ``key:`` or ``-``, where ``col`` is just past the indicator."""
        if depth > MAX_DEPTH:
            raise Unsupported
        line = self.lines[row]
        start = _spaces(line, col)
        if start == len(line) or line[start] == "#":
            # Nothing on this line: the node is on the following lines, or is empty
            # (PyYAML marks an empty value just past its indicator).
            self.i = row + 1
            indent = self.skip()
            if indent > parent:
                return self.block(indent, depth)
            if indent == parent and in_mapping and self.is_entry(self.i, indent):
                return self.sequence(self.i, indent, depth, indentless=True)
            self.count()
            return _plain("", self.loc(row, col))
        ch = line[start]
        if ch in "|>":
            return self.block_scalar(row, start, parent)
        if not in_mapping and ch not in "[{" and self.key_at(row, start) is not None:
            return self.mapping(row, start, depth)  # "- key: value" starts a mapping
        self.i = row + 1
        if ch in "[{":
            node, end = self.flow(row, start, depth)
            _end_of_line(line, end)
            return node
        self.count()
        if ch in "'\"":
            text, end = _quoted(line, start)
            _end_of_line(line, end)
            return Scalar(text, self.loc(row, start))
        if not _plain_start(line, start, " "):
            raise Unsupported  # "- - a", "key: - a", anchors, tags, aliases…
        comment = line.find(" #", start)
        text = line[start:comment if comment >= 0 else len(line)].rstrip(" ")
        if ": " in text or text.endswith(":"):
            raise Unsupported  # "a: b: c" is an error
        return _plain(text, self.loc(row, start))

    def block_scalar(self, row: int, col: int, parent: int) -> Scalar:
        """A ``|`` or ``>`` scalar; PyYAML marks it at the indicator."""
        line = self.lines[row]
        pos = col + 1
        chomp = ""
        if pos < len(line) and line[pos] in "+-":
            chomp = line[pos]
            pos += 1
        _end_of_line(line, pos)  # an indentation indicator ("|2") is declined here
        lines = self.lines
        last = len(lines) - 1  # the text after the final line break: no break of its own
        r = row + 1
        # Leading empty lines, then the first content line sets the indentation.
        widest = 0
        while r < last and not lines[r].strip(" "):
            widest = max(widest, len(lines[r]))
            r += 1
        body = lines[r].lstrip(" ") if r < len(lines) else ""
        indent = len(lines[r]) - len(body) if body else -1
        if indent <= parent or widest > indent:
            raise Unsupported  # empty scalar, or a blank line wider than the text
        chunks: list[tuple[str | None, bool]] = [(None, True)] * (r - row - 1)
        while r < len(lines):
            text = lines[r]
            if not text.strip(" ") and len(text) <= indent:
                if r == last:
                    break
                chunks.append((None, True))
            elif len(text) - len(text.lstrip(" ")) >= indent:  # spaces past the indentation are text
                chunks.append((text[indent:], r < last))
            else:
                break
            r += 1
        self.i = r
        self.count()
        return Scalar(_fold(chunks, line[col] == ">", chomp), self.loc(row, col))

    def flow(self, row: int, start: int, depth: int) -> tuple[Node, int]:
        """A flow collection closed on its own line; the node and the position after it."""
        if depth > MAX_DEPTH:
            raise Unsupported
        self.count()
        line = self.lines[row]
        closing = "]" if line[start] == "[" else "}"
        items: list[Node] = []
        entries: list[tuple[str, Location, Node]] = []
        node: Node = Sequence(items, self.loc(row, start)) if closing == "]" else Mapping(entries, self.loc(row, start))
        pos = _spaces(line, start + 1)
        if line.startswith(closing, pos):
            return node, pos + 1
        while True:
            if closing == "]":
                item, pos = self.flow_item(row, pos, depth + 1)
                items.append(item)
            else:
                key_pos = pos
                if pos < len(line) and line[pos] in "'\"":
                    key, pos = _quoted(line, pos)
                else:
                    key, pos = self.flow_plain(row, pos)
                if not line.startswith(": ", pos) or pos - key_pos > MAX_KEY:
                    raise Unsupported  # "{a}", "{a : b}", "{a:b}"…
                item, pos = self.flow_item(row, _spaces(line, pos + 2), depth + 1)
                entries.append((key, self.loc(row, key_pos), item))
            pos = _spaces(line, pos)
            if line.startswith(",", pos):
                pos = _spaces(line, pos + 1)
                if pos == len(line) or line[pos] in ",]}":
                    raise Unsupported  # a trailing or empty entry, or a line break
                continue
            if line.startswith(closing, pos):
                return node, pos + 1
            raise Unsupported

    def flow_item(self, row: int, pos: int, depth: int) -> tuple[Node, int]:
        line = self.lines[row]
        if pos < len(line) and line[pos] in "[{":
            return self.flow(row, pos, depth)
        self.count()
        if pos < len(line) and line[pos] in "'\"":
            text, end = _quoted(line, pos)
            return Scalar(text, self.loc(row, pos)), end
        text, end = self.flow_plain(row, pos)
        return _plain(text, self.loc(row, pos)), end

    def flow_plain(self, row: int, pos: int) -> tuple[str, int]:
        line = self.lines[row]
        if pos == len(line) or not _plain_start(line, pos, " ,[]{}:#?"):
            raise Unsupported
        match = _FLOW_PLAIN.match(line, pos)
        assert match is not None  # the pattern matches the empty string
        text = match.group().rstrip(" ")
        return text, pos + len(text)
