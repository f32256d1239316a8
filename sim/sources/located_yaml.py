"""Load YAML with ``safe_load`` semantics while remembering where every value came from.

PyYAML's composer gives each node a start mark; we build plain Python values from the
node graph ourselves so that every key and value keeps its line and column, duplicate keys
are caught (``safe_load`` silently keeps the last one) and alias bombs are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sim.errors import Diagnostic, SourceError, one_line

MAX_FILE_BYTES = 2_000_000
MAX_NODES = 200_000
MAX_DEPTH = 64  # nested collections; the shipped files nest about 10 deep

Loc = tuple[str | int, ...]  # mapping keys are str, sequence indexes int

_Loader: type[Any]
try:  # libyaml is much faster when present
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader


@dataclass
class YamlSource:
    """The parsed document plus the (line, col) of every value and mapping key (1-based)."""

    path: str
    data: Any
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """The position of ``loc``, or of its nearest located ancestor."""
        table = self.keys if key else self.values
        loc = tuple(loc)
        while True:
            if loc in table:
                return table[loc]
            if loc in self.values:
                return self.values[loc]
            if not loc:
                return (1, 1)
            loc = loc[:-1]

    def diagnostic(
        self, loc: Loc, code: str, message: str, *, key: bool = False, severity: str = "error"
    ) -> Diagnostic:
        line, col = self.position(loc, key=key)
        return Diagnostic(self.path, line, col, code, severity, message)


def load_yaml(path: str | Path, display: str | None = None) -> YamlSource:
    """Read and parse ``path``; raise :class:`SourceError` with one located diagnostic."""
    shown = display or str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise SourceError([Diagnostic(shown, 1, 1, "SIM001", "error", "file not found")]) from None
    except OSError as exc:
        raise SourceError(
            [Diagnostic(shown, 1, 1, "SIM001", "error", f"cannot read file: {exc.strerror}")]
        ) from None
    if len(raw) > MAX_FILE_BYTES:
        raise SourceError(
            [
                Diagnostic(
                    shown, 1, 1, "SIM003", "error", f"file is larger than {MAX_FILE_BYTES} bytes"
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            [Diagnostic(shown, line, col, "SIM002", "error", "file is not valid UTF-8")]
        ) from None
    return parse_yaml(text, shown)


def parse_yaml(text: str, path: str) -> YamlSource:
    try:
        _check_depth(text, path)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(str(exc.problem or exc.context or "syntax error").split())
        opened = exc.context_mark.line + 1 if exc.context_mark else None
        plain = plain_yaml_error(text, line, col, problem, opened)
        if plain is not None:
            line, col, message = plain
        else:
            message = f"YAML syntax error: {problem}"
            if exc.context and opened and exc.problem_mark:
                message += f" ({exc.context} opened at line {opened})"
        raise SourceError([Diagnostic(path, line, col, "SIM002", "error", message)]) from None
    except yaml.YAMLError as exc:
        msg = " ".join(str(exc).split())
        raise SourceError(
            [Diagnostic(path, 1, 1, "SIM002", "error", f"YAML syntax error: {msg}")]
        ) from None
    except RecursionError:  # pragma: no cover - _check_depth stops it first
        raise SourceError(
            [Diagnostic(path, 1, 1, "SIM003", "error", "document is nested too deeply")]
        ) from None
    source = YamlSource(path, None)
    if node is None:
        return source
    builder = _Builder(source)
    source.data = builder.build(node, ())
    return source


def _check_depth(text: str, path: str) -> None:
    """Refuse a document nested more than MAX_DEPTH deep before it is composed: the
    composer recurses once a level (in C, 100,000 levels overflow the stack). The event
    parser does not recurse, so walking its events is safe at any depth."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise SourceError(
                    [
                        Diagnostic(
                            path,
                            mark.line + 1 if mark else 1,
                            mark.column + 1 if mark else 1,
                            "SIM003",
                            "error",
                            f"document is nested more than {MAX_DEPTH} levels deep",
                        )
                    ]
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


_COMPARISON = re.compile(r"(?::|-)\s+((?:>=|<=|==|!=|>|<)\s*-?\d+(?:\.\d+)?)\s*(?:[,}\]#]|$)")
_KEY = re.compile(r"^(\s*)(?:- )?([^\s#:][^:#]*):(?:\s|$)")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def plain_yaml_error(
    text: str, line: int, col: int, problem: str, opened: int | None = None
) -> tuple[int, int, str] | None:
    """The commonest YAML mistakes in plain words, at the line where the mistake is: a tab,
    an unquoted comparison, a key that does not line up. None: keep the parser's words."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    here = lines[line - 1]
    # a tab in the indentation (YAML indents with spaces only)
    for n in (line, line - 1):
        if 1 <= n <= len(lines):
            lead = lines[n - 1][: len(lines[n - 1]) - len(lines[n - 1].lstrip(" \t"))]
            if "\t" in lead:
                return (
                    n,
                    lead.index("\t") + 1,
                    "a tab character in the indentation: YAML indents with spaces only; "
                    "replace the tab with spaces",
                )
    if "\t" in here[: max(col, 1)] and "cannot start any token" in problem:
        return (
            line,
            here.index("\t") + 1,
            "a tab character where YAML expects a value: use spaces",
        )
    found = _COMPARISON.search(here)
    if found:
        return (
            line,
            found.start(1) + 1,
            f'a comparison must be in quotes: write "{found.group(1)}" (YAML reads a bare '
            f"{found.group(1)[0]} as the start of a block of text)",
        )
    if "expected key" in problem or "mapping values are not allowed" in problem:
        # the key whose indentation is off: this line, or the one above when that one's
        # value swallowed this line as more text
        above = next(
            (
                n
                for n in range(line - 1, 0, -1)
                if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")
            ),
            None,
        )
        if "mapping values" in problem and above is not None:
            prev = lines[above - 1]
            key = _KEY.match(prev)
            if key and _indent(prev) < _indent(here):
                return (
                    above,
                    _indent(prev) + 1,
                    f"'{key.group(2).strip()}' is indented {_indent(prev)} spaces, less than "
                    f"the line after it ({_indent(here)}): YAML reads the next lines as its "
                    "text. Line up keys of one mapping with the same number of spaces",
                )
        if "expected key" in problem and above is not None:
            want = _indent(lines[above - 1])
            key = _KEY.match(here)
            name = f"'{key.group(2).strip()}'" if key else "this line"
            return (
                line,
                _indent(here) + 1,
                f"{name} is indented {_indent(here)} spaces but the line above is at {want}: "
                "keys of one mapping must line up, with the same number of spaces",
            )
    return None


class _Builder:
    def __init__(self, source: YamlSource):
        self.source = source
        self.count = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise SourceError(
                [
                    self.source.diagnostic(
                        loc,
                        "SIM003",
                        f"document expands to more than {MAX_NODES} values (an alias bomb?)",
                    )
                ]
            )
        self.source.values.setdefault(loc, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # dates stay text: a trainer's "1985-03-14" is not a datetime
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            raise SourceError(
                [
                    self.source.diagnostic(
                        loc, "SIM002", f"YAML value error: {' '.join(str(exc.problem).split())}"
                    )
                ]
            ) from None
        except (ValueError, OverflowError) as exc:  # e.g. an integer of over 4,300 digits
            raise SourceError(
                [self.source.diagnostic(loc, "SIM002", f"YAML value error: {one_line(str(exc))}")]
            ) from None

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        self.constructor.flatten_mapping(node)
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise SourceError(
                    [
                        Diagnostic(
                            self.source.path,
                            key_node.start_mark.line + 1,
                            key_node.start_mark.column + 1,
                            "SIM002",
                            "error",
                            "mapping keys must be plain values",
                        )
                    ]
                )
            # Keys are always their text: YAML 1.1 would read `on:` as True and `1:` as 1.
            key = key_node.value
            here = (*loc, key)
            pos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in out:
                raise SourceError(
                    [
                        Diagnostic(
                            self.source.path, *pos, "SIM004", "error", f"duplicate key '{key}'"
                        )
                    ]
                )
            self.source.keys[here] = pos
            out[key] = self.build(value_node, here)
        return out
