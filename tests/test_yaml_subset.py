"""The fast YAML reader against PyYAML: the same located tree, or a decline.

``jixiao.yaml_subset`` reads the YAML evaluation files are written in without
importing PyYAML; whatever it reads must give exactly the tree of the PyYAML path
(``located.parse_with_pyyaml``), and whatever PyYAML rejects it must decline.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Callable
from collections.abc import Sequence as Sequence_
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

import jixiao
from jixiao import located, yaml_subset
from jixiao.located import Mapping, Node, Scalar, Sequence, parse_with_pyyaml, parse_yaml

ROOT = Path(__file__).resolve().parent.parent
FAST_PATH = sorted([*ROOT.glob("examples/*.yaml"), *ROOT.glob("src/jixiao/frameworks/data/*.yaml")])
ALL_YAML = sorted({*FAST_PATH, *ROOT.glob("src/jixiao/readers/data/*.yaml"), *ROOT.glob("tests/**/*.yaml")})


def shape(node: Node | None) -> Any:
    """The tree as nested tuples, for a readable assertion diff."""
    if isinstance(node, Scalar):
        return (node.location.line, node.location.column, node.text, node.null)
    if isinstance(node, Sequence):
        return (node.location.line, node.location.column, [shape(item) for item in node.items])
    if isinstance(node, Mapping):
        return (node.location.line, node.location.column,
                [(key, loc.line, loc.column, shape(value)) for key, loc, value in node.entries])
    return node


def read(text: str) -> bool:
    """Read ``text`` both ways; ``True`` when the subset accepted it (and agreed)."""
    try:
        tree = yaml_subset.compose(text, "t.yaml", located.MAX_NODES)
    except yaml_subset.Unsupported:
        return False
    expected, findings = parse_with_pyyaml(text, "t.yaml")
    assert not findings, f"accepted what PyYAML rejects: {findings[0].message}"
    assert shape(tree) == shape(expected)
    assert tree == expected
    return True


# Every YAML file of the repository

@pytest.mark.parametrize("path", ALL_YAML, ids=lambda p: str(p.relative_to(ROOT)))
def test_repository_files_read_the_same_or_are_declined(path: Path) -> None:
    read(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FAST_PATH, ids=lambda p: p.name)
def test_examples_and_frameworks_take_the_fast_path(path: Path) -> None:
    assert read(path.read_text(encoding="utf-8"))


def test_check_does_not_import_pyyaml() -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(jixiao.__file__).parent.parent)}
    script = ("import sys\n"
              "import jixiao.located\n"
              "assert 'yaml' not in sys.modules, 'imported by jixiao.located'\n"
              "from jixiao.cli import main\n"
              f"main(['check', {str(ROOT / 'examples' / 'reference-lusong-2023.yaml')!r}])\n"
              "assert 'yaml' not in sys.modules, 'imported by jixiao check'\n")
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]


# Readable cases

ACCEPTED = {
    "empty values (marked just past the colon or dash)": "a:\nb:   # 注释\nc:\n- \n-\n- x\n-",
    "null words stay text, as on the PyYAML path": "a: null\nb: ~\nc: NULL\nd: 'null'\n",
    "numbers as written": "a: 63.70\nb: -1.93\nc: 1.00\nd: 0x1F\ne: 1e3\nf: 2023年12月31日\n",
    "CJK and full-width punctuation": "名称: 六届三次全会（第2次），≥95%：达标／完成\n'全　角': x\u3000\n",
    "colons and hashes inside plain scalars": "a: a:b\nb: http://x.cn/a#b\nc: x # 注释: 不是值\nd: 12:30\n",
    "indicators after the first character": "a: x[1], {y}, z & *w !v |u >t 'q' \"p\" %o @n `m\n",
    "quoted scalars and keys": "'it''s': 'a # b'\n\"k: v\": \"q\\\"\\\\\\n\\t\\u4e2d\"\nc: '  spaced  '\n",
    "duplicate keys kept": "a: 1\na: 2\n",
    "indentless and compact sequences": "key:\n- a\n- b: 1\n  c:\n  - x\n  d: 2\nnext: 1\n",
    "nested collections with comments between": "a:\n  # 注释\n    # 缩进不一的注释\n  b:\n    - 1\n\n    -   c: 2\n        d: 3\n",
    "indented root": "  a: 1\n  b:\n   - 2\n",
    "block scalars": ("a: |\n  x\n   y\n\n  z\n\n\nb: |-\n  x\n\nc: |+\n  x\n\n\nd: >\n  x\n  y\n\n  z\n"
                      "   w\n  v\ne: >-  # 注释\n  x\n  y\nf: |\n\n  前有空行\n"),
    "block scalar with blank lines holding spaces": "a: |\n  x\n     \n  \n  y\n  ",
    "block scalar at the end without a line break": "a: >-\n  x\n  y",
    "block scalar in a sequence": "- |\n x\n- a: >\n    y\n",
    "one-line flow collections": ("a: [a, b]\nb: []\nc: {}\nd: {name: 六届三次全会, target: 1次, weight: 4}\n"
                                  "e: [[1, 2], {k: 'v', \"w\": [x]}]\nf: [-1, a b, ~]\n"),
    "flow root": "{\"a\": 1, 'b': [x, y]}\n",
    "CRLF line ends": "a: b  \r\nc: |\r\n  x\r\n  y\r\n",
    "leading document start": "# 注释\n---\na: 1\n",
    "comments only": "# 只有注释\n\n   # 缩进的注释\n",
    "empty text": "",
}

DECLINED = {
    "tab in indentation": "a:\n\tb: 1\n",
    "tab after a key": "a:\t1\n",
    "anchor": "a: &x 1\n",
    "alias": "a: 1\nb: *a\n",
    "tag": "a: !!str 1\n",
    "directive": "%YAML 1.1\n---\na: 1\n",
    "second document": "---\na: 1\n---\nb: 2\n",
    "document end": "a: 1\n...\n",
    "document start alone": "---\n",
    "document start with content": "--- a\n",
    "plain scalar over two lines": "a: b\n  c\n",
    "quoted scalar over two lines": "a: 'b\n  c'\n",
    "double-quoted line continuation": "a: \"b\\\n  c\"\n",
    "rare escapes": "a: \"\\x41\\e\\/\"\n",
    "complex key": "? a\n: b\n",
    "flow over two lines": "a: [b,\n  c]\n",
    "trailing comma in flow": "a: [b, c, ]\n",
    "colon in a flow scalar": "a: {t: 12:30}\n",
    "merge key": "<<: {a: 1}\nb: 2\n",
    "byte order mark": "\ufeffa: 1\n",
    "mapping value inside a value": "a: b: c\n",
    "key without space after colon": "a:b\n",
    "space before the colon": "a : b\n",
    "nested compact sequence": "- - a\n",
    "sequence entry as a value": "a: - b\n",
    "indentation indicator": "a: |2\n   x\n",
    "empty block scalar": "a: |\nb: 1\n",
    "scalar on the line after its key": "a:\n  b\n",
    "line separator": "a: x\u2028y\n",
    "next line": "a: x\x85y\n",
    "control character": "a: x\x07\n",
    "lone CR": "a: b\rc: d\n",
    "stray indentation": "a:\n    b: 1\n  c: 2\n",
    "sequence after a scalar value": "a: 1\n- b\n",
    "reserved indicator": "a: @b\n",
    "root scalar": "just text\n",
    "quoted value with trailing text": "a: 'b' c\n",
    "comment without a space": "a: 'b'#c\n",
    "very long key": "k" * 300 + ": 1\n",
}


@pytest.mark.parametrize("text", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_accepted(text: str) -> None:
    assert read(text)


@pytest.mark.parametrize("text", DECLINED.values(), ids=DECLINED.keys())
def test_declined(text: str) -> None:
    with pytest.raises(yaml_subset.Unsupported):
        yaml_subset.compose(text, "t.yaml", located.MAX_NODES)


def test_declined_syntax_errors_get_pyyaml_message() -> None:
    tree, findings = parse_yaml("kind: overall\nunit: a: b\n", "bad.yaml")
    assert tree is None and findings[0].code == "input.syntax"
    assert findings[0].locations[0].render() == "bad.yaml:2:8"


def test_node_limit_is_the_same_on_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    text = FAST_PATH[0].read_text(encoding="utf-8")
    monkeypatch.setattr(located, "MAX_NODES", 50)
    fast = parse_yaml(text, "t.yaml")
    assert fast == parse_with_pyyaml(text, "t.yaml")
    assert fast[0] is None and fast[1][0].code == "input.too-large"


def test_deep_nesting_is_left_to_pyyaml() -> None:
    text = "".join(" " * depth + f"k{depth}:\n" for depth in range(yaml_subset.MAX_DEPTH + 5))
    with pytest.raises(yaml_subset.Unsupported):
        yaml_subset.compose(text, "t.yaml", located.MAX_NODES)
    assert parse_yaml(text, "t.yaml") == parse_with_pyyaml(text, "t.yaml")


# Generated documents: a small grammar of the subset, with YAML's special characters

SPECIAL = ":#-,[]{}'\"&*!|>%@`?~ "
LETTERS = "ab09." + SPECIAL + "中文≥％（），：　\u00a0"
SAFE_WORDS = ["kind", "名称", "63.70", "-1.93", "1次", "≥95%", "null", "~", "a b", "x:y", "a#b", "1.00", "六届三次全会",
              "是", "http://x.cn", "a-b", "-x", "中 文"]
STYLES = ["plain", "plain", "single", "double"]
COMMENTS = ["", "", "", " # 注释", "  #: x", " #"]


class Grammar:
    """Documents of the subset. ``pick`` and ``number`` are Hypothesis draws (which
    shrink) or a seeded ``Random`` (which is fast, for many documents)."""

    def __init__(self, pick: Callable[[Sequence_[Any]], Any], number: Callable[[int, int], int]) -> None:
        self.pick = pick
        self.number = number

    def word(self) -> str:
        if self.number(0, 2):
            return str(self.pick(SAFE_WORDS))
        return "".join(self.pick(LETTERS) for _ in range(self.number(0, 5)))

    def scalar(self) -> str:
        style, text = self.pick(STYLES), self.word()
        if style == "single":
            return "'" + text.replace("'", "''") + "'"
        if style == "double":
            escapes = {"\\": "\\\\", '"': '\\"', "中": self.pick(["中", "\\u4e2d"]), " ": self.pick([" ", "\\t"])}
            return '"' + "".join(escapes.get(ch, ch) for ch in text) + '"'
        return text

    def flow(self, depth: int) -> str:
        kind = self.pick(["scalar", "[]", "{}"]) if depth < 3 else "scalar"
        size = self.number(0, 3)
        if kind == "[]":
            return "[" + ", ".join(self.flow(depth + 1) for _ in range(size)) + "]"
        if kind == "{}":
            return "{" + ", ".join(f"{self.scalar()}: {self.flow(depth + 1)}" for _ in range(size)) + "}"
        return self.scalar()

    def collection(self, kind: str, indent: int, depth: int) -> list[str]:
        """The lines of a mapping or sequence whose keys or dashes are at ``indent``."""
        out: list[str] = []
        for _ in range(self.number(1, 3)):
            if kind == "map":
                out += self.entry(" " * indent + self.scalar() + ":", indent, depth, True)
            elif self.number(0, 3) == 0 and depth < 4:  # "- key: value" starting a mapping
                gap = self.number(1, 3)
                lines = self.collection("map", indent + 1 + gap, depth + 1)
                lines[0] = " " * indent + "-" + " " * gap + lines[0].lstrip(" ")
                out += lines
            else:
                out += self.entry(" " * indent + "-", indent, depth, False)
        return out

    def entry(self, head: str, indent: int, depth: int, in_mapping: bool) -> list[str]:
        comment = self.pick(COMMENTS)
        kind = self.pick(["scalar", "scalar", "block", "flow", "empty", "map", "seq"] if depth < 4 else ["scalar"])
        if kind in ("map", "seq"):
            inner = indent + self.number(1, 4)
            if kind == "seq" and in_mapping and self.number(0, 1):
                inner = indent  # an indentless sequence
            return [head + comment, *self.collection(kind, inner, depth + 1)]
        if kind == "empty":
            return [head + comment]
        if kind == "block":
            inner = indent + self.number(1, 3)
            lines = [f"{head} {self.pick(['|', '>'])}{self.pick(['', '-', '+'])}{comment}"]
            for _ in range(self.number(1, 4)):
                text = self.word()
                lines.append(" " * (inner + self.pick([0, 0, 1, 2])) + text if text else "")
            return lines
        value = self.flow(0) if kind == "flow" else self.scalar()
        return [head + " " * self.number(1, 2) + value + comment]

    def document(self) -> str:
        """A document, with blank and comment lines here and there, trailing spaces,
        CRLF or not, a final line break or not."""
        out = []
        for line in self.collection(self.pick(["map", "map", "seq"]), 0, 0):
            if self.number(0, 9) == 0:
                out.append(self.pick(["", "   ", "# 注释", "      # 深处的注释"]))
            out.append(line + " " * self.pick([0, 0, 0, 0, 1, 2]))
        newline = self.pick(["\n", "\n", "\n", "\r\n"])
        return self.pick(["", "", "", "---\n", "# 头注\n"]) + newline.join(out) + self.pick(["", newline])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_generated_documents(data: st.DataObject) -> None:
    grammar = Grammar(lambda options: data.draw(st.sampled_from(options)),
                      lambda low, high: data.draw(st.integers(low, high)))
    event("accepted" if read(grammar.document()) else "declined")


@settings(max_examples=150, deadline=None)
@given(st.randoms(use_true_random=True))
def test_generated_documents_in_bulk(rnd: random.Random) -> None:
    grammar = Grammar(rnd.choice, rnd.randint)
    for _ in range(30):
        text = grammar.document()
        note(repr(text))
        event("accepted" if read(text) else "declined")


# The example files, cut and damaged

SOURCES = [path.read_text(encoding="utf-8").split("\n") for path in FAST_PATH]
ODD = [*SPECIAL, "\t", "\r", "\x85", "\u2028", "\ufeff", "\x00", "中", "：", " #", ": ", "- ", "'", '"']


def mutate(lines: list[str], draw: Any) -> None:
    i = draw(st.integers(0, len(lines) - 1))
    line = lines[i]
    at = draw(st.integers(0, len(line)))
    op = draw(st.sampled_from(["delete", "duplicate", "indent", "dedent", "insert", "remove", "trail", "blank",
                               "comment", "swap", "join", "split"]))
    if op == "delete" and len(lines) > 1:
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, line)
    elif op == "indent":
        lines[i] = " " * draw(st.integers(1, 2)) + line
    elif op == "dedent":
        lines[i] = line.removeprefix(" ")
    elif op == "insert":
        lines[i] = line[:at] + draw(st.sampled_from(ODD)) + line[at:]
    elif op == "remove":
        lines[i] = line[:at] + line[at + 1:]
    elif op == "trail":
        lines[i] = line + " " * draw(st.integers(1, 3))
    elif op == "blank":
        lines.insert(i, " " * draw(st.integers(0, 6)))
    elif op == "comment":
        lines.insert(i, " " * draw(st.integers(0, 6)) + "# 注释")
    elif op == "swap" and i + 1 < len(lines):
        lines[i], lines[i + 1] = lines[i + 1], line
    elif op == "join" and i + 1 < len(lines):
        lines[i:i + 2] = [line + " " + lines[i + 1].lstrip(" ")]
    elif op == "split":
        lines[i:i + 1] = [line[:at], " " * draw(st.integers(0, 8)) + line[at:]]


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SOURCES), st.data())
def test_damaged_examples(source: list[str], data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(source) - 1))
    lines = source[start:start + data.draw(st.integers(1, 40))]
    margin = min((len(line) - len(line.lstrip(" ")) for line in lines if line.strip(" ")), default=0)
    lines = [line[margin:] for line in lines]
    for _ in range(data.draw(st.integers(0, 3))):
        mutate(lines, data.draw)
    newline = data.draw(st.sampled_from(["\n", "\n", "\r\n"]))
    event("accepted" if read(newline.join(lines) + data.draw(st.sampled_from(["", newline]))) else "declined")
