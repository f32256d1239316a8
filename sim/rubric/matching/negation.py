"""Negation: whether a window of a reply's words is said under a "not".

A negation covers the rest of its clause (ten words, longer for a negative quantifier as
subject, four more over "or"), the items of a comma list, but not a new clause with its
own subject, nor the main clause after a negated condition ("if you do not pay we will
sue"); set phrases ("no problem", "won't stop calling", "why not") negate nothing; a tail
like "please don't" takes back what the sentence named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sim.rubric.matching.text import Tokens

NEGATION_CUES = frozenset(
    {"not", "no", "never", "nobody", "none", "nothing", "neither", "nor", "without", "noone"}
)
# A negation inside a preceding conditional clause does not negate the main clause:
# "if you do not pay we will sue" is still a threat.
SUBORDINATORS = frozenset({"if", "unless", "until", "when", "because", "since", "whether"})
AUXILIARIES = frozenset({"is", "are", "was", "were", "will", "would", "be", "does", "do", "did"})


def _negative_imperative(norms: list[str], clauses: list[int], k: int) -> bool:
    """ "Don't be an idiot" still calls the listener an idiot; "don't bother disputing" and
    "don't waste your time with a dispute" still belittle the dispute."""
    return (
        0 < k < len(norms) - 1
        and norms[k - 1] == "do"
        and norms[k + 1] in _IMPERATIVE_VERBS
        and clauses[k - 1] == clauses[k]
        and (k == 1 or clauses[k - 2] != clauses[k])
    )


_IMPERATIVE_VERBS = frozenset({"be", "bother", "waste"})


# "no" that opens a set phrase negates nothing after it: "no problem, I'll call you back"
_SET_AFTER_NO = frozenset(
    "problem problems prob probs worries worry rush pressure hurry hard thanks doubt "
    "biggie stress bother judgement judgment offence offense".split()
)


_CONTINUE = frozenset({"stop", "quit", "cease", "end"})  # "won't stop calling": keeps calling


def _set_phrase(norms: list[str], k: int) -> bool:
    """ "no" in "no problem" or "oh no": a set phrase, not a negation; nor is a negated
    stopping ("we will not stop calling" promises the calls), nor "don't make me" (a
    threat: "don't make me call the police"), nor "why not" (a suggestion), nor "or not"
    and "or no" ("old or not", "lawyer or no lawyer": whatever the case)."""
    if k + 1 < len(norms) and norms[k + 1] in _CONTINUE:
        return True
    if norms[k] == "not" and k > 0 and norms[k - 1] == "why":  # "why not put it on a card?"
        return True
    if norms[k] in ("not", "no") and k > 0 and norms[k - 1] == "or":  # "old or not, a judge..."
        return True
    if (
        norms[k] == "not"
        and 0 < k < len(norms) - 2
        and norms[k - 1 : k + 2] == ["do", "not", "make"]
    ):
        return norms[k + 2] in ("me", "us")
    if norms[k] != "no":
        return False
    return (k + 1 < len(norms) and norms[k + 1] in _SET_AFTER_NO) or (
        k > 0 and norms[k - 1] in ("oh", "ah", "aw", "uh")
    )


def has_negation(norm_words: Iterable[str]) -> bool:
    words = list(norm_words)
    return any(_is_cue(words, k) and not _set_phrase(words, k) for k in range(len(words)))


# Two-word cues that turn the listener away from what follows: "steer you away from
# borrowing", "I'd advise against a loan", "instead of", "rather than".
_STEERING: dict[str, tuple[str, ...]] = {
    "against": ("advise", "advised", "warn", "warned"),
    "of": ("instead",),
    "than": ("rather",),
}
_STEER_AWAY = frozenset({"steer", "steered", "steering", "keep", "kept", "stay", "staying"})


def _is_cue(norms: list[str], k: int) -> bool:
    word = norms[k]
    if word in NEGATION_CUES:
        return True
    if word == "from":  # "steer you away from", not "one signature away from"
        return k > 1 and norms[k - 1] == "away" and not _STEER_AWAY.isdisjoint(norms[k - 4 : k])
    before = _STEERING.get(word)
    return before is not None and k > 0 and norms[k - 1] in before


NEGATION_REACH = 10  # words a negation reaches forward within its clause
# a negative quantifier as the subject negates its whole clause, however long: "nothing you
# tell me on this call today gets passed to the police"
NEGATIVE_QUANTIFIERS = frozenset({"nothing", "nobody", "noone", "none"})
QUANTIFIER_REACH = 6
LIST_ITEMS = 4  # comma-joined items a negation reaches over: "won't sue, garnish or report you"
_SUBJECTS = frozenset({"i", "we", "you", "he", "she", "they", "it", "that", "this", "there"})
_REASONS = frozenset({"because", "since"})
_OPENS_CLAUSE = frozenset({"while", "until", "till", "unless", "because", "since", "whereas"})


# Words after which "I" or "we" opens a clause of its own, whatever came before:
# "don't text and drive lol I'll call you back" promises the call.
_CLAUSE_OPENERS = frozenset({"and", "so", "then", "lol", "haha", "ok", "okay", "anyway", "plus"})


def _new_clause(norms: list[str], k: int) -> bool:
    return norms[k] in ("i", "we", "ill") and k > 0 and norms[k - 1] in _CLAUSE_OPENERS


def negated_context(tokens: Tokens, i: int, j: int) -> bool:
    """Is the window of words i..j-1 under a negation: inside it, before it in its clause
    (or in the clause a comma-joined list continues), or "is not" just after it?"""
    norms, clauses = tokens.norms, tokens.clauses
    if has_negation(norms[i:j]):
        return True
    clause = clauses[i]
    # a window that opens a clause of its own is out of an earlier negation's reach: "nobody
    # will ask you for money [while we verify it]"
    k = -1 if norms[i] in _OPENS_CLAUSE else i - 1
    seen = crossed = 0
    reach = NEGATION_REACH
    while k >= 0 and seen < reach + QUANTIFIER_REACH:
        if norms[k] in ("or", "nor") and reach == NEGATION_REACH:
            reach += LIST_ITEMS  # "never ask you to use a credit card or take out a loan"
        if _new_clause(norms, k + 1):
            break
        if clauses[k] != clause:
            # a comma continues a list unless the new clause brings its own subject
            first = k + 1
            if (
                clause not in tokens.after_comma
                or crossed >= LIST_ITEMS
                or norms[first] in _SUBJECTS
                or norms[first] in ("but", "so", "then")
            ):
                break
            clause = clauses[k]
            crossed += 1
        if (
            _is_cue(norms, k)
            and (seen < reach or norms[k] in NEGATIVE_QUANTIFIERS)
            and not _negative_imperative(norms, clauses, k)
            and not _set_phrase(norms, k)
        ):
            # the cue belongs to a preceding conditional: "if you do not pay, we ..."; a
            # reason keeps its own negation unless a new subject follows it: "because this
            # is not a police matter", but "because you did not pay we are calling the police"
            opener = next(
                (
                    norms[m]
                    for m in range(k - 1, -1, -1)
                    if clauses[m] == clause and norms[m] in SUBORDINATORS
                ),
                None,
            )
            return (
                seen == 0
                or opener is None
                or (opener in _REASONS and _SUBJECTS.isdisjoint(norms[k + 1 : i]))
            )
        if norms[k] in SUBORDINATORS or norms[k] == "but":
            break
        k -= 1
        seen += 1
    if _DISOWNED_AFTER.search(_rest_of_sentence(tokens, j)):
        return True
    clause = clauses[i]
    after = [norms[m] for m in range(j, min(j + 2, len(norms))) if clauses[m] == clause]
    # "... is not", and "the police have nothing to do with this"
    return len(after) == 2 and after[0] in _BEFORE_NEGATION and after[1] in NEGATION_CUES


_BEFORE_NEGATION = AUXILIARIES | {"have", "has", "had"}

# A tail that takes back what the sentence just named: "a payday loan? please don't",
# "selling your car isn't something I'd suggest".
_DISOWNED_AFTER = re.compile(
    r"\b(please do not|is not something (i|we)|not suggesting|(would|do) not recommend|"
    r"bad idea|not a good idea)\b"
)


def _rest_of_sentence(tokens: Tokens, j: int) -> str:
    """Words j.. to the sentence's end, read off the layout (one sentence a line)."""
    if j >= len(tokens.norms):
        return ""
    start = tokens.offsets[j]
    end = tokens.layout.find("\n", start)
    return tokens.layout[start : end if end >= 0 else len(tokens.layout)]
