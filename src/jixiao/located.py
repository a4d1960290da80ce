"""YAML and JSON text read into the located tree (:mod:`jixiao.model.tree`, whose
nodes are re-exported here for the readers), with line and column for every value;
what cannot be read becomes an ``input.syntax`` or ``input.too-large`` finding.

PyYAML's C composer gives the node tree with marks in one pass; scalars keep their
text as written, so ``63.70`` keeps its two decimals and ``1.00`` stays ``1.00``. JSON
is read by the same composer (JSON is YAML for these purposes) after ``json`` has
confirmed it is valid JSON, so both formats report ``path:LINE:COL``.

Importing PyYAML costs more than two interpreter starts, so the YAML that evaluation
and framework files are written in is first read by :mod:`jixiao.yaml_subset`, which
builds the same tree; whatever it declines (and every syntax error) goes to PyYAML.
"""

from __future__ import annotations

from jixiao.findings import Finding, Level
from jixiao.model.location import Location
from jixiao.model.tree import Mapping, Node, Scalar, Sequence
from jixiao.registry import declare

TYPE_CHECKING = False  # typing and PyYAML cost milliseconds to import; annotations only need them for mypy
if TYPE_CHECKING:
    from typing import Any

    import yaml

__all__ = ["MAX_NODES", "MAX_SCALAR", "SYNTAX", "TOO_LARGE", "Mapping", "Node", "Scalar", "Sequence",
           "parse_json", "parse_with_pyyaml", "parse_yaml"]

_NULL_TAG = "tag:yaml.org,2002:null"
CITE_FORMAT = "jixiao 输入格式（docs/input-format.md）"
MAX_NODES = 200_000
MAX_SCALAR = 200_000

SYNTAX = declare(
    "input.syntax", Level.ERROR, "无法读取文件",
    "{problem}", CITE_FORMAT,
    "文件不存在、无法解码或语法错误（YAML/JSON）。命令以状态 2 退出。")
TOO_LARGE = declare(
    "input.too-large", Level.ERROR, "输入过大",
    "输入超过处理上限（{limit}），其余部分未读取", CITE_FORMAT,
    "防止恶意或损坏的文件（如 YAML 别名炸弹、超大单元格）耗尽内存。")
SURROGATE = declare(
    "input.surrogate", Level.WARNING, "字符串含孤立的代理码位",
    "字符串中有 {count} 处孤立的 UTF-16 代理码位（如 {example}），不是有效的文字，已替换为 U+FFFD（�）", CITE_FORMAT,
    "JSON 允许写出 \\ud800 这样不成对的代理码位，但它不代表任何字符，也无法以 UTF-8 保存。"
    "读取时替换为替换符并提示，其余内容照常读取。")


def parse_yaml(text: str, source: str) -> tuple[Node | None, list[Finding]]:
    from jixiao import yaml_subset

    try:
        return yaml_subset.compose(text, source, MAX_NODES), []
    except yaml_subset.Unsupported:
        return parse_with_pyyaml(text, source)
    except yaml_subset.TooLarge:
        return None, [_too_large(source)]


def parse_with_pyyaml(text: str, source: str) -> tuple[Node | None, list[Finding]]:
    """What :func:`parse_yaml` gives, always through PyYAML (imported here, as only
    the YAML the fast reader declines needs it)."""
    import yaml

    # The wheel ships libyaml; fall back to the pure-Python composer if it does not.
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(source, mark.line + 1, mark.column + 1) if mark else Location(source)
        problem = f"YAML 语法错误：{exc.problem or exc.context or '无法解析'}"
        return None, [SYNTAX.finding([loc], problem=problem)]
    except yaml.YAMLError as exc:
        return None, [SYNTAX.finding([Location(source)], problem=f"YAML 无法解析：{exc}")]
    except RecursionError:
        return None, [SYNTAX.finding([Location(source)], problem="YAML 嵌套过深，无法解析")]
    if root is None:
        return None, []
    budget = [MAX_NODES]
    tree = _convert(root, source, 0, budget)
    if budget[0] < 0:
        return None, [_too_large(source)]
    return tree, []


def _too_large(source: str) -> Finding:
    return TOO_LARGE.finding([Location(source)], limit=f"{MAX_NODES} 个节点（别名展开后）")


def parse_json(text: str, source: str) -> tuple[Node | None, list[Finding]]:
    """The located tree of a JSON text. Findings with a tree are warnings (stray
    surrogates replaced); findings without one say why it could not be read."""
    import json  # imported here: YAML, the common input, never needs it

    # Bounded before the work: ``json.loads`` builds every value of the document before
    # the tree's own node cap could apply (a 50 MB array is gigabytes of objects). Every
    # value after the first follows a ',' or opens a container, so this count is at least
    # the number of values (commas inside strings count too: an over-estimate).
    nodes = text.count(",") + text.count("[") + text.count("{")
    if nodes > MAX_NODES:
        return None, [TOO_LARGE.finding([Location(source)], limit=f"{MAX_NODES} 个节点")]
    text, warnings = _replace_lone_surrogates(text, source)
    try:
        # Numbers stay the text they were written as: no float rounding, and no int
        # conversion (which refuses more than 4,300 digits) — the tree keeps text anyway.
        data = json.loads(text, parse_int=str, parse_float=str)
    except json.JSONDecodeError as exc:
        loc = Location(source, exc.lineno, exc.colno)
        return None, [SYNTAX.finding([loc], problem=f"JSON 语法错误：{exc.msg}")]
    except RecursionError:
        return None, [SYNTAX.finding([Location(source)], problem="JSON 嵌套过深，无法解析")]
    # Tabs are only whitespace outside JSON strings (inside they must be escaped), so
    # turning them into spaces keeps every column and lets the YAML composer read it.
    node, findings = parse_yaml(text.replace("\t", " "), source)
    if findings or node is None:
        return _from_python(data, Location(source)), warnings
    return node, warnings


# A JSON escape: a surrogate pair, a lone high or low surrogate, or any other escape
# (matched so that an escaped backslash before "u" is not read as an escape).
_ESCAPE = (r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"
           r"|(u[dD][89a-fA-F][0-9a-fA-F]{2})|.)")


def _replace_lone_surrogates(text: str, source: str) -> tuple[str, list[Finding]]:
    r"""JSON may write ``"\ud800"``, a UTF-16 surrogate without its pair: no character,
    and no UTF-8 output can hold it. Each becomes ``\ufffd`` (same length, so columns
    stay) with one warning for the file."""
    if "\\u" not in text:
        return text, []
    import re

    lone: list[int] = []

    def fix(m: re.Match[str]) -> str:
        if m.group(1) is None:
            return m.group(0)
        lone.append(m.start())
        return "\\ufffd"

    fixed = re.sub(_ESCAPE, fix, text, flags=re.DOTALL)
    if not lone:
        return text, []
    first = lone[0]
    line = text.count("\n", 0, first) + 1
    column = first - (text.rfind("\n", 0, first) + 1) + 1
    return fixed, [SURROGATE.finding([Location(source, line, column)], count=len(lone),
                                     example=text[first:first + 6])]


def _convert(node: yaml.Node, source: str, depth: int, budget: list[int]) -> Node:
    import yaml

    loc = Location(source, node.start_mark.line + 1, node.start_mark.column + 1)
    # Aliases make the composed graph share nodes; expanding them is bounded so a
    # "billion laughs" file costs a finding, not the machine's memory.
    budget[0] -= 1
    if depth > 200 or budget[0] < 0:
        return Scalar("", loc, null=True)
    if isinstance(node, yaml.ScalarNode):
        return Scalar(str(node.value), loc, null=node.tag == _NULL_TAG and node.style is None)
    if isinstance(node, yaml.SequenceNode):
        return Sequence([_convert(child, source, depth + 1, budget) for child in node.value], loc)
    if isinstance(node, yaml.MappingNode):
        entries: list[tuple[str, Location, Node]] = []
        for key_node, value_node in node.value:
            key_loc = Location(source, key_node.start_mark.line + 1,
                               key_node.start_mark.column + 1)
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "<复合键>"
            entries.append((key, key_loc, _convert(value_node, source, depth + 1, budget)))
        return Mapping(entries, loc)
    return Scalar("", loc, null=True)  # pragma: no cover


def _from_python(data: object, loc: Location) -> Node:
    """A tree without line numbers, for JSON the composer cannot read."""
    if isinstance(data, dict):
        return Mapping([(str(k), loc, _from_python(v, loc)) for k, v in data.items()], loc)
    if isinstance(data, list):
        return Sequence([_from_python(v, loc) for v in data], loc)
    if data is None:
        return Scalar("", loc, null=True)
    if isinstance(data, bool):
        return Scalar("true" if data else "false", loc)
    return Scalar(str(data), loc)
