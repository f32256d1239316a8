"""Self-control markers read from the form of a reply, not its words."""

from __future__ import annotations

import re

from sim.rubric.matching.text import scan

_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")
_LETTERS = re.compile(r"[A-Za-z]")
ALLOWED_CAPS = frozenset(
    {"FDCPA", "CFPB", "USA", "ACH", "PIN", "SSN", "DOB", "LLC", "INC", "APR", "FCA", "ID"}
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


def shouting(text: str) -> tuple[int, int] | None:
    """Span of shouted words: two or more ALL-CAPS words, or a reply mostly in capitals."""
    words = [m for m in _CAPS_WORD.finditer(text) if m.group() not in ALLOWED_CAPS]
    letters = _LETTERS.findall(text)
    upper = sum(1 for ch in letters if ch.isupper())
    if len(words) >= 2 or (len(letters) >= 8 and upper / len(letters) > 0.6 and words):
        return (words[0].start(), words[-1].end())
    return None


def exclaiming(text: str) -> tuple[int, int] | None:
    run = re.search(r"!{2,}", text)
    if run:
        return run.span()
    if text.count("!") >= 3:
        return (text.index("!"), text.rindex("!") + 1)
    return None


def echoed_insult(debtor_line: str, reply: str) -> tuple[int, int] | None:
    """An insult word the debtor used that the candidate throws back."""
    used = INSULT_WORDS.intersection(scan(debtor_line).norms)
    if not used:
        return None
    tokens = scan(reply)
    for k, norm in enumerate(tokens.norms):
        if norm in used and not tokens.quoted[k]:
            return (tokens.starts[k], tokens.ends[k])
    return None
