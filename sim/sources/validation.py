"""Validate a located YAML document against a pydantic model, keeping positions in errors."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from sim.errors import Diagnostic, SourceError
from sim.sources.located_yaml import YamlSource

M = TypeVar("M", bound=BaseModel)

_CODES = {"extra_forbidden": "SIM010", "missing": "SIM012", "too_long": "SIM005"}


def validate(source: YamlSource, model: type[M]) -> M:
    if not isinstance(source.data, dict):
        raise SourceError([source.diagnostic((), "SIM011", "the file must be a mapping of keys")])
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        raise SourceError(_diagnostics(source, exc)) from None


def _diagnostics(source: YamlSource, exc: ValidationError) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for error in exc.errors(include_url=False):
        loc = _data_loc(source.data, error["loc"], missing=error["type"] == "missing")
        kind = error["type"]
        code = _CODES.get(kind, "SIM011")
        if kind == "too_short" and loc and loc[-1] in ("say", "nudge"):
            code = "SIM013"
        where = ".".join(str(p) for p in loc) or "(top level)"
        if kind == "extra_forbidden" and loc:
            message = f"unknown key '{loc[-1]}' at {where}"
        elif kind == "missing" and loc:
            message = f"missing required key '{loc[-1]}' at {where}"
        else:
            detail = error["msg"].removeprefix("Value error, ")
            message = f"{where}: {detail}"
        found.append(source.diagnostic(loc, code, message, key=kind == "extra_forbidden"))
    found.sort(key=lambda d: (d.line, d.col))
    return found


def _data_loc(
    data: object, parts: tuple[int | str, ...], *, missing: bool
) -> tuple[int | str, ...]:
    """The parts of a pydantic error location that are keys or indexes of the document:
    pydantic adds union-member tags such as 'str' or 'list[...]', which a key of the
    document (even one written 'a[b') is told apart from by being there."""
    loc: list[int | str] = []
    node = data
    for i, part in enumerate(parts):
        in_dict = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]  # type: ignore[index]
        elif not (missing and i == len(parts) - 1 and isinstance(part, str)):
            continue  # a tag pydantic added, not a key of the document
        loc.append(part)
    return tuple(loc)
