"""Load YAML with ``safe_load`` semantics while remembering where every value came from.

PyYAML's composer gives each node a start mark; we build plain Python values from the
node graph ourselves so that every key and value keeps its line and column, duplicate keys
are caught (``safe_load`` silently keeps the last one) and alias bombs are refused.
"""

from __future__ import annotations

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
        if exc.context and exc.context_mark and exc.problem_mark:
            problem += f" ({exc.context} opened at line {exc.context_mark.line + 1})"
        raise SourceError(
            [Diagnostic(path, line, col, "SIM002", "error", f"YAML syntax error: {problem}")]
        ) from None
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
