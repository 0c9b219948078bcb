"""Reading authored files safely: bounded size, UTF-8 (with or without BOM), and YAML with positions kept.

YAML is composed into nodes and converted by hand rather than constructed by PyYAML, so that:
- no tag can construct an object (only the core schema's plain types are accepted);
- every value keeps the line and column it came from, for error messages;
- duplicate keys are errors, not silent overwrites;
- anchors and aliases are refused, which also makes "billion laughs" alias bombs impossible to expand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from clekit.problems import Problem

# Authored files are a few dozen kilobytes; anything far larger is a mistake or an attack, not content.
MAX_FILE_BYTES = 2_000_000
MAX_NESTING = 64

YamlPath = tuple[str | int, ...]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"
_PLAIN_SCALAR_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
_scalar_constructor = yaml.constructor.SafeConstructor()
_YAML12_BOOLEANS = {"true", "True", "TRUE", "false", "False", "FALSE"}
_KIND_NAMES = {"timestamp": "date (write it as 2026-11-25)", "int": "whole number", "float": "number"}


def dotted(path: YamlPath) -> str:
    """A YAML path as an author reads it: `questions[1].options[0].text`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


@dataclass
class Positions:
    """Where each value (and each mapping key) of a YAML document starts, as 1-based (line, column)."""

    values: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    # Where each scalar's source starts and ends in the file's text, to place a problem inside a long value.
    spans: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: YamlPath, *, prefer_key: bool = False) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that exists (a missing key points at its parent)."""
        path = tuple(path)
        while path:
            if prefer_key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))


@dataclass
class YamlDocument:
    display_path: str
    data: Any
    positions: Positions
    # Values that could not be converted (a bad date, a tag): already reported, and left as None in `data`, so
    # that validating the rest of the document does not report them a second time.
    unreadable: frozenset[YamlPath] = frozenset()
    text: str = ""

    def problem(self, path: YamlPath, message: str, *, prefer_key: bool = False, **kwargs: Any) -> Problem:
        line, column = self.positions.of(path, prefer_key=prefer_key)
        return Problem(self.display_path, line, column, message, **kwargs)

    def problem_in(self, path: YamlPath, value: str, offset: int, message: str, **kwargs: Any) -> Problem:
        """A problem at character `offset` of the string `value` at `path`: on the line of the file where that
        character is, though the value spans many lines (a `>-` block folds them into one)."""
        span = self.positions.spans.get(tuple(path))
        if span is None:
            return self.problem(path, message, **kwargs)
        index = source_index(self.text[span[0] : span[1]], value, offset) + span[0]
        line = self.text.count("\n", 0, index) + 1
        column = index - (self.text.rfind("\n", 0, index) + 1) + 1
        return Problem(self.display_path, line, column, message, **kwargs)


def source_index(source: str, value: str, offset: int) -> int:
    """Where character `offset` of a scalar's `value` stands in its `source` text.

    The value's characters appear in the source in order; what differs is whitespace (indentation, and folding,
    which turns line breaks into spaces) and the scalar's own markers (quotes, a `>-` header). So the walk matches
    each character of the value with the next equal character of the source, and any run of whitespace with any.
    """
    position = 0
    for character in value[:offset]:
        if character.isspace():
            while position < len(source) and source[position].isspace():
                position += 1
            continue
        found = source.find(character, position)
        if found == -1:
            return 0
        position = found + 1
    while position < len(source) and source[position].isspace():
        position += 1
    target = value[offset] if offset < len(value) else ""
    if target and not target.isspace():
        found = source.find(target, position)
        return found if found != -1 else position
    return position


def read_text(path: Path, display_path: str) -> tuple[str | None, list[Problem]]:
    """Read an authored text file; CRLF and a byte-order mark are accepted, binary and non-UTF-8 are reported."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(display_path, 1, 1, f"cannot read the file: {error.strerror or error}")]
    if len(raw) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 1_000_000
        return None, [
            Problem(display_path, 1, 1, f"file is {len(raw):,} bytes; authored files must be under {limit} MB")
        ]
    if b"\0" in raw:
        return None, [Problem(display_path, 1, 1, "this is a binary file, not UTF-8 text")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        bad = raw[error.start : error.start + 1].hex()
        return None, [Problem(display_path, line, column, f"not UTF-8 text (byte 0x{bad}); save the file as UTF-8")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def load_yaml(path: Path, display_path: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Load one YAML document; on any problem return None and every problem found."""
    text, problems = read_text(path, display_path)
    if text is None:
        return None, problems
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = ": ".join(part for part in (error.context, error.problem) if part)
        hint = syntax_hint(what, text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else "")
        return None, [Problem(display_path, line, column, f"YAML syntax error: {what}{hint}")]
    except yaml.YAMLError as error:
        return None, [Problem(display_path, 1, 1, f"YAML syntax error: {error}")]
    except RecursionError:
        return None, [Problem(display_path, 1, 1, "YAML is nested too deeply to be course content")]
    if root is None:
        return None, [Problem(display_path, 1, 1, "the file is empty")]
    converter = _NodeConverter(display_path)
    data = converter.convert(root, (), depth=0)
    # A document with unreadable values is still returned: the rest of it is checked in the same pass.
    document = YamlDocument(display_path, data, converter.positions, frozenset(converter.unreadable), text)
    return document, converter.problems


# The parser's words, and what they usually mean to an author, most specific first. PyYAML's C and Python
# parsers word some errors differently, so each entry is a fragment both share.
_TAB_HINT = "a tab: YAML indents with spaces only; replace the tab with spaces"
_SYNTAX_HINTS = (
    (
        "while scanning a quoted scalar",
        "a quotation mark is not closed; close it, or drop it and start the text with '>-' on its own line",
    ),
    ("found unexpected end of stream", "a quotation mark or bracket is not closed before the end of the file"),
    ("did not find expected '-' indicator", "wrong indentation; align each '- ' item of a list with the others"),
    ("did not find expected key", "wrong indentation; align this key with the keys above it"),
    (
        "mapping values are not allowed",
        "a ': ' inside a value; put the value in quotes, or start it with '>-' on "
        "its own line (or the indentation is wrong)",
    ),
    ("could not find expected ':'", "a key without its ': ', or a long value that needs '>-'"),
    ("found undefined alias", "a value that starts with '*'; put it in quotes"),
    ("cannot start any token", "a value that starts with '@', '`' or '%'; put it in quotes"),
)


def syntax_hint(what: str, line: str) -> str:
    """Plain words appended to a YAML syntax error, from the parser's message and the line it points at."""
    if "\t" in line:
        return f"; likely cause: {_TAB_HINT}"
    for words, hint in _SYNTAX_HINTS:
        if words in what:
            return f"; likely cause: {hint}"
    return ""


class _NodeConverter:
    def __init__(self, display_path: str):
        self.display_path = display_path
        self.positions = Positions()
        self.problems: list[Problem] = []
        self.unreadable: set[YamlPath] = set()
        self._seen: set[int] = set()
        self._reported_aliases: set[int] = set()

    def _report(self, node: yaml.Node, message: str, path: YamlPath | None = None) -> None:
        if path is not None:
            self.unreadable.add(path)
        self.problems.append(Problem(self.display_path, node.start_mark.line + 1, node.start_mark.column + 1, message))

    def convert(self, node: yaml.Node, path: YamlPath, depth: int) -> Any:
        self.positions.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        # The composer hands back the anchored node itself for every alias, so a node seen twice is an alias.
        if id(node) in self._seen:
            if id(node) not in self._reported_aliases:
                self._reported_aliases.add(id(node))
                self._report(
                    node, "this value is reused through an alias (*name): anchors and aliases are not allowed", path
                )
            self.unreadable.add(path)
            return None
        self._seen.add(id(node))
        if depth > MAX_NESTING:
            self._report(node, f"nested more than {MAX_NESTING} levels deep", path)
            return None
        if isinstance(node, yaml.ScalarNode):
            self.positions.spans[path] = (node.start_mark.index, node.end_mark.index)
            return self._scalar(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                self._report(node, f"YAML tags are not allowed here (found {node.tag!r})", path)
                return None
            return [self.convert(item, (*path, index), depth + 1) for index, item in enumerate(node.value)]
        return self._mapping(node, path, depth)

    def _scalar(self, node: yaml.ScalarNode, path: YamlPath) -> Any:
        if node.tag not in _PLAIN_SCALAR_TAGS:
            self._report(node, f"YAML tags are not allowed (found {node.tag!r}); write plain text", path)
            return None
        if node.tag == _TAG + "str":
            return node.value
        # YAML 1.1 (PyYAML) reads yes/no/on/off as booleans; YAML 1.2 (what editors use) reads them as text. Only
        # true and false are booleans here, so an editor and the checker agree, and `correct: yes` is an error.
        if node.tag == _TAG + "bool" and node.value not in _YAML12_BOOLEANS:
            return node.value
        kind = node.tag.removeprefix(_TAG)
        try:
            return getattr(_scalar_constructor, f"construct_yaml_{kind}")(node)
        except (ValueError, OverflowError, yaml.YAMLError):
            where = f"{dotted(path)}: " if path else ""
            self._report(node, f"{where}{node.value[:40]!r} is not a valid {_KIND_NAMES.get(kind, kind)}", path)
            return None

    def _mapping(self, node: yaml.MappingNode, path: YamlPath, depth: int) -> dict[str, Any]:
        if node.tag != _TAG + "map":
            self._report(node, f"YAML tags are not allowed here (found {node.tag!r})", path)
            return {}
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _TAG + "merge":
                self._report(key_node, "a key must be plain text (merge keys and complex keys are not allowed)")
                continue
            # Keys are taken literally: `no:` is the text "no", not YAML 1.1's boolean false.
            key = key_node.value
            if key in first_seen:
                self._report(key_node, f"duplicate key {key!r} (first defined on line {first_seen[key]})")
                continue
            first_seen[key] = key_node.start_mark.line + 1
            self.positions.keys[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.convert(value_node, (*path, key), depth + 1)
        return result
