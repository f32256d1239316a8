"""A second guard on trainer-written patterns: alternatives that overlap under a repeat.

``(a|aa)+$`` has no nested repeat, but each run of a's splits into alternatives in
exponentially many ways, and Python's engine tries them all before it gives up. Under a
repeat, two alternatives that can start with the same character are refused.
"""

from __future__ import annotations

import re
from typing import Any

try:
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse

_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


def overlapping_alternation(pattern: str) -> str | None:
    """The reason ``pattern`` can backtrack exponentially through overlapping alternatives,
    or None."""
    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return None  # invalid patterns are reported by the other check
    return _walk(list(parsed), repeated=False)


def _walk(items: list[tuple[Any, Any]], repeated: bool) -> str | None:
    for op, arg in items:
        name = str(op)
        if name in _REPEATS:
            _low, high, body = arg
            found = _walk(list(body), repeated or high > 1)
            if found:
                return found
        elif name == "SUBPATTERN":
            found = _walk(list(arg[-1]), repeated)
            if found:
                return found
        elif name == "BRANCH":
            branches = [list(b) for b in arg[1]]
            if repeated and any(not b for b in branches):
                return "alternatives where one is the start of another, under a repeat"
            if repeated:
                firsts = [_first(b) for b in branches]
                for i, one in enumerate(firsts):
                    for other in firsts[i + 1 :]:
                        if one is not None and other is not None and one & other:
                            return "alternatives that can start alike, under a repeat"
            for b in branches:
                found = _walk(b, repeated)
                if found:
                    return found
    return None


def _first(items: list[tuple[Any, Any]]) -> set[int] | None:
    """The characters a branch can start with; None when not simply known."""
    if not items:
        return None
    op, arg = items[0]
    name = str(op)
    if name == "LITERAL":
        return {arg}
    if name == "SUBPATTERN":
        return _first(list(arg[-1]))
    if name in _REPEATS and arg[0] >= 1:
        return _first(list(arg[2]))
    if name == "IN" and all(str(o) == "LITERAL" for o, _ in arg):
        return {a for _, a in arg}
    return None
