"""Self-control markers read from the form of a reply, not its words.

Two readings are memoised (``_capitals``, ``insults_in``): the account's capitals and a
debtor line's insult words, which every call of a scenario reads again. They are not state
in the sense DESIGN forbids: each is a pure function of an immutable string, so what it
holds can never change a result, whichever calls ran before or in whichever process; and
each is bounded (``maxsize``), so a long batch cannot grow it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise

from sim.rubric.matching.negation import negated_context
from sim.rubric.matching.text import scan

_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")
_LETTERS = re.compile(r"[A-Za-z]")
ALLOWED_CAPS = frozenset(
    {"FDCPA", "CFPB", "USA", "ACH", "PIN", "SSN", "DOB", "LLC", "INC", "APR", "FCA", "ID"}
    | {"ATM", "IRS", "DMV", "USD", "EST", "PST", "CST", "MST", "EMI", "FAQ", "CEO", "LTD", "PLC"}
    | {"FYI", "ASAP", "PDF", "SMS", "EFT", "NSF", "IVA", "DMP", "CCJ", "GBP", "EUR", "FTC"}
)
INSULT_WORDS = frozenset(
    {
        "idiot",
        "moron",
        "stupid",
        "jerk",
        "liar",
        "crook",
        "thief",
        "scammer",
        "leech",
        "vulture",
        "loser",
        "clown",
        "parasite",
        "deadbeat",
        "lowlife",
        "scum",
        "dumb",
        "pathetic",
    }
)


def shouting(text: str, known: frozenset[str] = frozenset()) -> tuple[int, int] | None:
    """Span of shouted words: any word of three or more capitals anywhere in the reply
    ("pay it TODAY"), other than acronyms (ALLOWED_CAPS, and ``known``: names in capitals
    that the account itself uses, such as a neutral business name "SRS")."""
    if text.lower() == text:  # no capitals at all: most replies
        return None
    words = [
        m
        for m in _CAPS_WORD.finditer(text)
        if m.group() not in ALLOWED_CAPS and m.group() not in known
    ]
    if words:
        return (words[0].start(), words[-1].end())
    return None


def capitals_in(values: Iterable[object]) -> frozenset[str]:
    """The words in capitals that appear in ``values`` (account facts): not shouting."""
    texts = [v for v in values if isinstance(v, str)]
    texts += [item for v in values if isinstance(v, list) for item in v if isinstance(item, str)]
    return _capitals(tuple(texts))


@lru_cache(maxsize=256)
def _capitals(texts: tuple[str, ...]) -> frozenset[str]:
    """Read once per scenario: every call of it has the same account facts."""
    return frozenset(w for text in texts for w in _CAPS_WORD.findall(text))


# An exclamation that closes an apology or thanks is warmth, not aggression: "sorry!!".
_COURTESY = re.compile(r"\b(sorry|apolog\w*|thanks?|thank you|pardon|oops|excuse me)\b", re.I)


def exclaiming(text: str) -> tuple[int, int] | None:
    """Span of runs of exclamation marks ("!!", or three or more in the reply), leaving
    out those that close an apology or thanks."""
    marks = [m.start() for m in re.finditer("!", text) if not _courteous(text, m.start())]
    for a, b in pairwise(marks):
        if b == a + 1:
            return (a, b + 1)
    if len(marks) >= 3:
        return (marks[0], marks[-1] + 1)
    return None


def _courteous(text: str, at: int) -> bool:
    clause = re.split(r"[.?;,]", text[:at].rstrip("!"))[-1]
    return bool(_COURTESY.search(clause))


def echoed_insult(debtor_line: str, reply: str) -> tuple[int, int] | None:
    """An insult word the debtor used that the candidate throws back; quoted or negated
    ("you're not a deadbeat") it is not thrown back."""
    used = insults_in(debtor_line)
    if not used:
        return None
    tokens = scan(reply)
    for k, norm in enumerate(tokens.norms):
        if norm in used and not tokens.quoted[k] and not negated_context(tokens, k, k + 1):
            return (tokens.starts[k], tokens.ends[k])
    return None


@lru_cache(maxsize=4096)
def insults_in(debtor_line: str) -> frozenset[str]:
    """The insult words a debtor line uses. A scenario has a few dozen lines, said again in
    every call of it, so each is read once rather than at every turn."""
    return INSULT_WORDS.intersection(scan(debtor_line).norms)
