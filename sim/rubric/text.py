"""Text analysis for the matcher: words with their spans in the original reply.

Normalisation lowercases, expands contractions ("won't" -> "will not"), drops punctuation
and possessive 's, and keeps money as one token ("$1,240.50" -> "$1240.50"). Each word
remembers the span of the original text it came from, its sentence and clause, and
whether it lies inside quoted or reported speech ("you said you'd get a lawyer").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MAX_ANALYSED_CHARS = 2000

NEGATION_CUES = frozenset(
    {"not", "no", "never", "nobody", "none", "nothing", "neither", "nor", "without", "noone"}
)
# A negation inside a preceding conditional clause does not negate the main clause:
# "if you do not pay we will sue" is still a threat.
SUBORDINATORS = frozenset({"if", "unless", "until", "when", "because", "since", "whether"})
AUXILIARIES = frozenset({"is", "are", "was", "were", "will", "would", "be", "does", "do", "did"})
REPORTING = (
    ("you", "said"),
    ("you", "say"),
    ("you", "mentioned"),
    ("you", "told", "me"),
    ("you", "are", "saying"),
    ("you", "asked"),
    ("you", "claimed"),
    ("you", "claim"),
)

_TOKEN = re.compile(r"\$\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?|[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE_GAP = re.compile(r"[.!?;\n—–]|\s-\s|\s-$|^-\s")
_CLAUSE_GAP = re.compile(r"[,:()]")
_QUOTES = '"“”'

_WHOLE = {
    "whats": "what is",
    "thats": "that is",
    "theres": "there is",
    "hows": "how is",
    "won't": "will not",
    "can't": "can not",
    "cannot": "can not",
    "shan't": "shall not",
    "ain't": "is not",
    "let's": "let us",
    "y'all": "you all",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "cant": "can not",
    "wont": "will not",
    "isnt": "is not",
    "arent": "are not",
    "wasnt": "was not",
    "werent": "were not",
    "wouldnt": "would not",
    "couldnt": "could not",
    "shouldnt": "should not",
    "havent": "have not",
    "hasnt": "has not",
    "im": "i am",
    "ive": "i have",
    "youre": "you are",
    "okay": "ok",
}
_SUFFIX = {"n't": "not", "'re": "are", "'m": "am", "'ll": "will", "'ve": "have", "'d": "would"}
_IS_OWNERS = frozenset(
    {
        "it",
        "that",
        "there",
        "here",
        "what",
        "where",
        "who",
        "he",
        "she",
        "this",
        "how",
        "everything",
        "nothing",
        "everyone",
        "nobody",
        "someone",
    }
)


@dataclass(frozen=True, slots=True)
class Word:
    norm: str
    start: int
    end: int
    sentence: int
    clause: int
    quoted: bool


@lru_cache(maxsize=4096)
def expand(raw: str) -> tuple[str, ...]:
    """Normalised word(s) for one raw token."""
    low = raw.lower().replace("’", "'")
    if low.startswith("$") or low[0].isdigit():
        return (low.replace(",", "").replace(" ", ""),)
    if low in _WHOLE:
        return tuple(_WHOLE[low].split())
    for suffix, word in _SUFFIX.items():
        if low.endswith(suffix) and len(low) > len(suffix):
            return (low[: -len(suffix)], word)
    if low.endswith("'s"):
        stem = low[:-2]
        return (stem, "is") if stem in _IS_OWNERS else (stem,)
    return (low.replace("'", ""),)


def analyse(text: str) -> list[Word]:
    """Split ``text`` (at most MAX_ANALYSED_CHARS of it) into located, normalised words."""
    text = text[:MAX_ANALYSED_CHARS]
    words: list[Word] = []
    sentence = clause = 0
    in_quotes = False
    reported_clause = -1
    last_end = 0
    for match in _TOKEN.finditer(text):
        gap = text[last_end : match.start()]
        if words:
            if _SENTENCE_GAP.search(gap):
                sentence += 1
                clause += 1
            elif _CLAUSE_GAP.search(gap):
                clause += 1
        for ch in gap:
            if ch in _QUOTES:
                in_quotes = not in_quotes if ch == '"' else ch == "“"
        last_end = match.end()
        if _inverted_question(words, match):
            words.pop()  # "can't you borrow" asks "can you borrow": the 'not' negates nothing
        for norm in expand(match.group()):
            if norm == "but" and words:
                clause += 1
            words.append(
                Word(
                    norm,
                    match.start(),
                    match.end(),
                    sentence,
                    clause,
                    in_quotes or reported_clause == clause,
                )
            )
            if _ends_reporting_phrase(words):
                reported_clause = clause
    return words


_QUESTION_SUBJECTS = frozenset({"you", "we", "i", "they", "he", "she"})


def _inverted_question(words: list[Word], match: re.Match[str]) -> bool:
    if len(words) < 2 or match.group().lower() not in _QUESTION_SUBJECTS:
        return False
    last, before = words[-1], words[-2]
    contracted = last.norm == "not" and (before.start, before.end) == (last.start, last.end)
    return contracted and last.end == match.start() - 1


def _negative_imperative(words: list[Word], k: int) -> bool:
    """ "Don't be an idiot" still calls the listener an idiot."""
    return (
        0 < k < len(words) - 1
        and words[k - 1].norm == "do"
        and words[k + 1].norm == "be"
        and (k == 1 or words[k - 2].clause != words[k].clause)
    )


_REPORTING_LAST = frozenset(phrase[-1] for phrase in REPORTING)


def _ends_reporting_phrase(words: list[Word]) -> bool:
    if words[-1].norm not in _REPORTING_LAST:
        return False
    for phrase in REPORTING:
        n = len(phrase)
        if len(words) >= n and tuple(w.norm for w in words[-n:]) == phrase:
            return len({w.clause for w in words[-n:]}) == 1
    return False


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """The normalised form of a phrase, as the matcher compares it."""
    return " ".join(w.norm for w in analyse(text))


def has_negation(norm_words) -> bool:
    return any(w in NEGATION_CUES for w in norm_words)


def negated_context(words: list[Word], i: int, j: int) -> bool:
    """Is the window words[i:j] under a negation (inside it, just before it, or 'is not' after)?"""
    if has_negation(w.norm for w in words[i:j]):
        return True
    clause = words[i].clause
    k = i - 1
    seen = 0
    while k >= 0 and words[k].clause == clause and seen < 5:
        if words[k].norm in NEGATION_CUES and not _negative_imperative(words, k):
            # the cue belongs to a preceding conditional: "if you do not pay, we ..."
            return seen == 0 or not any(
                words[m].norm in SUBORDINATORS
                for m in range(k - 1, -1, -1)
                if words[m].clause == clause
            )
        if words[k].norm in SUBORDINATORS:
            break
        k -= 1
        seen += 1
    after = [w.norm for w in words[j : j + 2] if w.clause == clause]
    return len(after) == 2 and after[0] in AUXILIARIES and after[1] in NEGATION_CUES


_MONEY = re.compile(
    r"\$\s?(\d[\d,]*(?:\.\d{1,2})?)|(\d[\d,]*(?:\.\d{1,2})?)\s?(?:dollars|usd)\b", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Amount:
    value: float
    start: int
    end: int


def amounts(text: str) -> list[Amount]:
    """Money amounts stated in ``text`` ("$1,240.50", "300 dollars")."""
    found = []
    for m in _MONEY.finditer(text[:MAX_ANALYSED_CHARS]):
        digits = (m.group(1) or m.group(2)).replace(",", "")
        try:
            found.append(Amount(round(float(digits), 2), m.start(), m.end()))
        except ValueError:  # pragma: no cover - the pattern only admits digits
            continue
    return found
