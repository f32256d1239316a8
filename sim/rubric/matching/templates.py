"""How rubric text becomes matchable: placeholders filled from the scenario's facts
(``{agency}``, ``{debtor_first}``...), lexicon references (``{@name}``: any entry;
``{!name}``: one word that is no entry) and word gaps (``{~N}``) written out. The one
home of placeholder filling: the matcher, the rubric loader's checks and `sim explore`
all use it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sim.rubric.matching.text import normalise

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")  # not a quantifier such as {3}
LEXICON_REFERENCE = re.compile(r"\{[@!](\w+)\}")
_OTHER_WORD = re.compile(r"\{!(\w+)\}")
_GAP = re.compile(r"\{~(\d)\}")


# Placeholders made from the facts rather than found in them.
DERIVED_PLACEHOLDERS = frozenset(
    {"debtor_first", "debtor_last", "creditor_short", "agency_short", "balance", "balance_whole"}
)


def placeholder_values(facts: Mapping[str, Any] | None) -> dict[str, str]:
    facts = facts or {}
    values = {k: str(v) for k, v in facts.items() if isinstance(v, str) and v}
    name = values.get("debtor_name", "")
    if name:
        values["debtor_first"] = name.split()[0]
        values["debtor_last"] = name.split()[-1]
    balance = facts.get("balance")
    if isinstance(balance, int | float) and not isinstance(balance, bool) and balance > 0:
        values["balance"] = f"{balance:.2f}"  # "1240.50", as the reply's money is normalised
        values["balance_whole"] = str(int(balance))
    for key in ("creditor", "agency"):  # "Northwind" for "Northwind Bank", as people say it
        words = values.get(key, "").split()
        if len(words) > 1 and len(words[0]) > 3:
            values[f"{key}_short"] = words[0]
    return values


def fill_placeholders(text: str, values: Mapping[str, str], *, escape: bool = False) -> str | None:
    """``text`` with ``{agency}``, ``{debtor_first}``... filled from ``values`` (escaped and
    normalised for a pattern); None when a placeholder has no value. The one home of
    placeholder filling."""
    missing = False

    def sub(m: re.Match[str]) -> str:
        nonlocal missing
        value = values.get(m.group(1))
        if value is None:
            missing = True
            return ""
        return re.escape(normalise(value)) if escape else value

    filled = PLACEHOLDER.sub(sub, text)
    return None if missing else filled


def word_lists(patterns: Iterable[str]) -> frozenset[str]:
    """The lexicons ``patterns`` name as ``{!name}``: words a slot excludes, not a concept."""
    return frozenset(name for pattern in patterns for name in _OTHER_WORD.findall(pattern))


def expand_pattern(pattern: str, lexicons: Mapping[str, Sequence[str]]) -> str:
    """``{@name}``: any word or phrase of the lexicon ``name``; ``{!name}``: one word that
    is not an entry of ``name`` (a given name is a word that is not a common word);
    ``{~N}``: up to N words."""

    def entries(name: str) -> str:
        return "(?:" + "|".join(sorted(lexicons.get(name, ()), key=len, reverse=True)) + ")"

    pattern = _GAP.sub(lambda m: f"(?:[^ \\n]+ ){{0,{m.group(1)}}}", pattern)
    pattern = _OTHER_WORD.sub(
        lambda m: (
            rf"\b(?!{entries(m.group(1))}\b)[a-z]+" if lexicons.get(m.group(1)) else r"\b[a-z]+"
        ),
        pattern,
    )
    return LEXICON_REFERENCE.sub(lambda m: entries(m.group(1)), pattern)
