"""Validate a located YAML document against a pydantic model, keeping positions in errors."""

from __future__ import annotations

from typing import TypeVar, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from sim.errors import Diagnostic, SourceError
from sim.sources.located_yaml import YamlSource
from sim.sources.suggest import did_you_mean

M = TypeVar("M", bound=BaseModel)

_CODES = {"extra_forbidden": "SIM010", "missing": "SIM012", "too_long": "SIM005"}


def validate(source: YamlSource, model: type[M]) -> M:
    if not isinstance(source.data, dict):
        raise SourceError([source.diagnostic((), "SIM011", "the file must be a mapping of keys")])
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        raise SourceError(_diagnostics(source, exc, model)) from None


def _diagnostics(
    source: YamlSource, exc: ValidationError, model: type[BaseModel]
) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for error in exc.errors(include_url=False):
        loc = _data_loc(source.data, error["loc"], missing=error["type"] == "missing")
        kind = error["type"]
        code = _CODES.get(kind, "SIM011")
        if kind == "too_short" and loc and loc[-1] in ("say", "nudge"):
            code = "SIM013"
        where = ".".join(str(p) for p in loc) or "(top level)"
        if kind == "extra_forbidden" and loc:
            message = f"unknown key '{loc[-1]}' at {where}" + did_you_mean(
                str(loc[-1]), _keys(model)
            )
        elif kind == "missing" and loc:
            message = f"missing required key '{loc[-1]}' at {where}"
        else:
            message = f"{where}: {_plain(error)}"
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


_PLAIN = {
    "string_type": "should be text",
    "int_type": "should be a whole number",
    "int_parsing": "should be a whole number",
    "int_from_float": "should be a whole number",
    "float_type": "should be a number",
    "float_parsing": "should be a number",
    "bool_type": "should be true or false",
    "bool_parsing": "should be true or false",
    "list_type": "should be a list, e.g. [a, b]",
    "dict_type": "should be a mapping of keys, e.g. {key: value}",
    "model_type": "should be a mapping of keys",
    "model_attributes_type": "should be a mapping of keys",
    "string_pattern_mismatch": "should be lowercase letters, digits and _ (or - in an id), "
    "starting with a letter",
}


def _plain(error: ErrorDetails) -> str:
    """Pydantic's message in a trainer's words."""
    kind = error["type"]
    got = error.get("input")
    shown = f" (it is {got!r})" if isinstance(got, str | int | float | bool) else ""
    if kind in _PLAIN:
        return _PLAIN[kind] + shown
    if kind == "too_short":
        return "needs at least one item (it is empty)"
    if kind == "string_too_short":
        return "needs some text (it is empty)"
    ctx = error.get("ctx") or {}
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        words = {
            "greater_than": "more than",
            "greater_than_equal": "at least",
            "less_than": "less than",
            "less_than_equal": "at most",
        }[kind]
        limit = next(iter(ctx.values()), "")
        return f"should be {words} {limit}{shown}"
    message = str(error["msg"]).removeprefix("Value error, ")
    return message.removeprefix("Input ").replace("after validation", "").strip()


def _keys(model: type[BaseModel]) -> set[str]:
    """Every key the format has, in any of its models: what an unknown key is compared to."""
    found: set[str] = set()
    todo: list[object] = [model]
    seen: set[int] = set()
    while todo:
        tp = todo.pop()
        if id(tp) in seen:
            continue
        seen.add(id(tp))
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            for name, info in tp.model_fields.items():
                found.add(info.alias or name)
                todo.append(info.annotation)
        else:
            todo.extend(get_args(tp))
    return found


def _is_data_key(part: object) -> bool:
    # pydantic adds union-member tags such as 'str' or 'list[...]' to locations
    return isinstance(part, int) or (
        isinstance(part, str) and "[" not in part and part not in {"str", "Line", "function-before"}
    )
