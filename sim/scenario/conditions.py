"""Conditions are data: comparisons on debtor variables and sets of detected signals.

A comparison is written ``">= 7"``, ``"< 3"``, ``"== 0"``, ``"!= 2"`` or a bare number
(meaning ``==``). Nothing here is ever evaluated as Python.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

_OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}
_COMPARISON = re.compile(r"^\s*(>=|<=|==|!=|>|<)?\s*(-?\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class Comparison:
    op: str
    value: float

    @classmethod
    def parse(cls, raw: str | int | float) -> Comparison:
        if isinstance(raw, bool):  # yes/no/true/false: a YAML word, not a number
            raise ValueError(f"'{raw}' is not a comparison; write a number or e.g. '>= 7'")
        if isinstance(raw, int | float):
            return cls("==", float(raw))
        match = _COMPARISON.match(str(raw))
        if not match:
            raise ValueError(
                f"'{raw}' is not a comparison; write e.g. '>= 7', '< 3', '== 0' or a number"
            )
        return cls(match.group(1) or "==", float(match.group(2)))

    def holds(self, actual: float) -> bool:
        return _OPS[self.op](actual, self.value)

    def possible(self, lo: float, hi: float) -> bool:
        """Does a whole number from ``lo`` to ``hi`` satisfy it?"""
        near = {lo, hi, *(math.floor(self.value) + d for d in (-1, 0, 1, 2))}
        return any(self.holds(n) for n in near if lo <= n <= hi)

    def __str__(self) -> str:
        value = int(self.value) if self.value == int(self.value) else self.value
        return f"{self.op} {value}"


def vars_hold(conditions: Mapping[str, Comparison], variables: Mapping[str, float]) -> bool:
    return all(cmp.holds(variables.get(name, 0)) for name, cmp in conditions.items())
