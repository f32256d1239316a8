"""Text analysis for the matcher: words with their spans in the original reply.

Normalisation lowercases, expands contractions ("won't" -> "will not"), drops punctuation
and possessive 's, and keeps money as one token ("$1,240.50" -> "$1240.50"). Each word
remembers the span of the original text it came from, its sentence and clause, and
whether it lies inside quoted or reported speech ("you said you'd get a lawyer").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

from sim.rubric.matching.normalise import plain
from sim.rubric.matching.words import IS_OWNERS, SUFFIXES, WHOLE_WORDS

MAX_ANALYSED_CHARS = 2000

REPORTING = (
    ("you", "said"),
    ("you", "say"),
    ("you", "mentioned"),
    ("you", "told", "me"),
    ("you", "are", "saying"),
    ("you", "asked"),
    ("you", "claimed"),
    ("you", "claim"),
    ("you", "were", "told"),
    ("he", "said"),
    ("she", "said"),
    ("they", "said"),
    ("collector", "said"),
    ("collector", "say"),
    ("caller", "said"),
    ("letter", "said"),
    ("letter", "says"),
    ("someone", "said"),
    ("somebody", "said"),
    ("you", "saying"),
    # a name someone else called: "you called me an idiot", "the last agent calling you a
    # liar", "being called lazy" report it ("I called you a liar" does not)
    *(
        (subject, verb, object_)
        for subject in ("you", "he", "she", "they", "agent", "collector", "caller", "someone")
        for verb in ("called", "calling", "call", "calls")
        for object_ in ("me", "you", "yourself", "us", "him", "her", "them")
        if subject != object_
    ),
    *((be, "called") for be in ("being", "been", "was", "were", "get", "got", "getting")),
)

_SENTENCE_GAP = re.compile(r"[.!?;\n—–]|\s-\s|\s-$|^-\s")
# money, numbers and words; split() keeps them (the group) with the gaps between
_SPLIT = re.compile(r"(\$\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?|[^\W_]+(?:['’][^\W_]+)*)")
_CLAUSE_GAP = re.compile(r"[,:()]")
_SINGLE_QUOTES = "'‘’"
# Single quotes quote speech after these ("you told the last caller 'I'll go to jail'");
# elsewhere they are scare quotes round the speaker's own words ("mark it 'resolved'").
_NAMING = frozenset(
    "said say says told tell tells called calls call quote wrote writes word words like "
    "itself asked mentioned heard claimed".split()
)
_QUOTES = '"“”' + _SINGLE_QUOTES  # an apostrophe inside a word belongs to the word


class Tokens(NamedTuple):
    """A reply's words as parallel lists: the matcher's hot path builds no object a word."""

    norms: list[str]
    starts: list[int]
    ends: list[int]
    sentences: list[int]
    clauses: list[int]
    quoted: list[bool]
    layout: str  # the norms, one sentence a line, so a regex's ^ and $ are a sentence's edges
    offsets: list[int]  # where each word starts in ``layout`` (and one past the end)
    sentence_starts: list[int]  # the first word of each sentence
    after_comma: frozenset[int] = frozenset()  # clauses that begin after a bare comma
    questions: frozenset[int] = frozenset()  # sentences that end in a question mark

    def window(self, i: int, j: int) -> str:
        """words[i:j] as normalised text (one sentence's words are joined by spaces)."""
        return self.layout[self.offsets[i] : self.offsets[j] - 1]


@lru_cache(maxsize=4096)
def expand(raw: str) -> tuple[str, ...]:
    """Normalised word(s) for one raw token."""
    low = raw.lower().replace("’", "'")
    if low.startswith("$") or low[0].isdigit():
        return (low.replace(",", "").replace(" ", ""),)
    if low in WHOLE_WORDS:
        return tuple(WHOLE_WORDS[low].split())
    for suffix, word in SUFFIXES.items():
        if low.endswith(suffix) and len(low) > len(suffix):
            return (low[: -len(suffix)], word)
    if low.endswith("'s"):
        stem = low[:-2]
        return (stem, "is") if stem in IS_OWNERS else (stem,)
    return (low.replace("'", ""),)


_NO_BREAK, _CLAUSE_BREAK, _SENTENCE_BREAK = 0, 1, 2


@lru_cache(maxsize=1024)
def _gap(gap: str) -> tuple[int, str]:
    """What the text between two words does: the break it makes, and its quote marks."""
    if _SENTENCE_GAP.search(gap):
        kind = _SENTENCE_BREAK
    elif _CLAUSE_GAP.search(gap):
        kind = _CLAUSE_BREAK
    else:
        kind = _NO_BREAK
    return kind, "".join(ch for ch in gap if ch in _QUOTES)


def scan(text: str) -> Tokens:
    """Split ``text`` (at most MAX_ANALYSED_CHARS of it) into located, normalised words."""
    folded = plain(text[:MAX_ANALYSED_CHARS])
    parts = _SPLIT.split(folded.text)  # gap, token, gap, token, ..., gap
    norms: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    sentences: list[int] = []
    clauses: list[int] = []
    quoted: list[bool] = []
    columns = (norms, starts, ends, sentences, clauses, quoted)
    sentence = clause = pos = 0
    after_comma: set[int] = set()
    in_quotes = False
    reported_clause = -1
    questions: set[int] = set()  # sentences that end in a question mark
    in_single = single_open = reporting = False
    previous = ""  # the word before, as typed
    # single quotes quote only when they pair up: "the '90s" opens nothing
    singles = sum(gap.count(q) for gap in parts[0::2] for q in _SINGLE_QUOTES)
    paired_singles = singles >= 2 and singles % 2 == 0
    for n in range(1, len(parts), 2):
        gap, raw = parts[n - 1], parts[n]
        if gap != " ":
            if "?" in gap and norms:
                questions.add(sentence)
            kind, marks = _gap(gap)
            if norms and kind:
                clause += 1
                sentence += kind == _SENTENCE_BREAK
                if kind == _CLAUSE_BREAK and gap.strip() == ",":
                    after_comma.add(clause)
                if reporting and kind == _CLAUSE_BREAK:  # "you said, 'I'll go to jail'"
                    reported_clause = clause
            if kind == _SENTENCE_BREAK and not marks:
                in_single = single_open = False  # a stray apostrophe ends with its sentence
            for ch in marks:
                if ch in _SINGLE_QUOTES and paired_singles:
                    single_open = not single_open if ch == "'" else ch == "‘"
                    in_single = single_open and not _NAMING.isdisjoint(norms[-4:])
                else:
                    in_quotes = not in_quotes if ch == '"' else ch == "“"
        reporting = False
        start = pos + len(gap)
        pos = start + len(raw)
        if (
            len(gap) == 1
            and norms
            and norms[-1] == "not"
            and len(norms) >= 2
            and starts[-2] == starts[-1]
            and raw.lower() in _QUESTION_SUBJECTS
            and (  # the auxiliary opens its clause: "who I'm with isn't your concern" denies
                len(norms) == 2 or clauses[-3] != clauses[-2] or norms[-3] in _QUESTION_OPENERS
            )
        ):
            for column in columns:  # "can't you borrow" asks "can you borrow": no negation
                column.pop()
        following = parts[n + 2] if n + 2 < len(parts) else ""
        named = _proper_name(raw, previous, following, bool(norms) and sentences[-1] == sentence)
        previous = raw
        for norm in ("name",) if named else expand(raw):
            if norm == "but" and norms:
                clause += 1
            norms.append(norm)
            starts.append(start)
            ends.append(pos)
            sentences.append(sentence)
            clauses.append(clause)
            quoted.append(in_quotes or in_single or reported_clause == clause)
            if norm in _REPORTING_LAST and _ends_reporting_phrase(norms, clauses):
                reported_clause = clause
                reporting = True
    if "?" in parts[-1] and norms:
        questions.add(sentence)
    _disown(norms, sentences, quoted, questions)
    if len(folded.origin) != len(folded.text) or folded.text is not text[:MAX_ANALYSED_CHARS]:
        spans = [folded.span(a, b) for a, b in zip(starts, ends, strict=True)]
        starts[:] = [a for a, _ in spans]
        ends[:] = [b for _, b in spans]
    return _finish(*columns, frozenset(after_comma), frozenset(questions))


# A claim put in someone else's mouth, or asked back as a question, and then denied is not
# the speaker's claim: "The last agency said you'd be arrested? That isn't true." The
# sentence is read like reported speech (its words count as quoted).
_ATTRIBUTED = re.compile(
    r"\b(whoever|anyone|anybody|someone|somebody|no one|nobody|the (last|previous|other|old) "
    r"(agency|collector|company|caller|person|firm|agent|guy|rep|representative|one)|other "
    r"(agencies|collectors|companies)|(he|she|they|it) (said|told|says|tells)|claiming|claims? to "
    r"be|threaten(ed)? (you|u) with|threatening to|said (you|u) would|saying (they|he|she|you|u)|"
    r"(a|any|another|the) (caller|collector|agency|company|person|agent|letter) (says|said|tells|"
    r"told|claims|claimed|calls)|asked (if|whether|about)|(if|whether) (you are|you re|youre|ur|"
    r"you were|you have been) (worried|scared|afraid|frightened|concerned|nervous))\b"
)
# Asking whether someone else said it disowns it without a denial: "did anyone ever
# threaten you with arrest?"
_REPORTED_WORDS = frozenset(
    "said says saying say told tells claiming claims claimed called calls threatened threatens "
    "mentions mentioned asked worried scared afraid whoever anyone anybody someone somebody "
    "previous last other".split()
)
_ASKED_ABOUT_OTHERS = re.compile(r"^(did|has|have|had) (anyone|anybody|someone|somebody)\b")
_DENIAL = re.compile(
    r"\b((that|this|it|which) (does not|do not|did not|will not|would not|is not going to|"
    r"can not|never) (happen|be us|be true)|not (true|right|accurate|correct|how (it|this) "
    r"works|going to happen|happening|allowed|legal|us)|(was|were|is|are) (wrong|lying|"
    r"mistaken|incorrect)|no right to|should not have|(is|was) a lie|nothing to do with (us|"
    r"this|me)|(will|would) not be (us|me)|(we|i) (do not|would not|will not|never|did not) "
    r"(do|say|send|use) (that|this)|(shows|show|has|have|there is|there are) no|not from us|"
    r"(is|s) a scam|(is|s|was) (illegal|against the law|false|untrue|made up|nonsense|rubbish)|"
    r"not a thing|not a chance|no chance|no way|zero chance|feeding (you|u) a line|"
    r"(is|was|were|are) (lying|making (it|that|this) up|bluffing)|not telling (you|u) the truth|"
    r"(you are|you will|u are|ur) not (be )?(responsible|liable|to blame|in trouble|on "
    r"the hook)|not (your|ur) (fault|debt|responsibility)|not something (we|i) (would|do|will)|"
    r"(please )?(report|hang up)( it| on them)?$|(i am|we are) (so |really |very |truly )?sorry|"
    r"not (okay|ok|acceptable|fair))\b"
    r"|^(no|nope|absolutely not|of course not|not at all|never)\b"
)


def _disown(
    norms: list[str], sentences: list[int], quoted: list[bool], questions: set[int]
) -> None:
    if not norms or not (questions or not _REPORTED_WORDS.isdisjoint(norms)):
        return
    texts: list[str] = []
    for word, s in zip(norms, sentences, strict=True):
        if s == len(texts):
            texts.append(word)
        else:
            texts[-1] += " " + word
    for s, words in enumerate(texts):
        attributed = _ATTRIBUTED.search(words)
        if not (attributed or s in questions):
            continue
        after = s + 1
        while after < len(texts) and after in questions and not attributed:
            after += 1  # "An arrest? Over a credit card? No. That doesn't happen."
        denied = (_DENIAL.search(words) and attributed) or (
            s in questions and _ASKED_ABOUT_OTHERS.search(words)
        )
        for later in texts[after : after + 2]:
            denied = denied or _DENIAL.search(later)
        if denied:
            for k, sentence in enumerate(sentences):
                if sentence == s:
                    quoted[k] = True


_PLUS_ONE = (1).__add__  # offsets: each word and the space (or line break) after it


def _finish(
    norms: list[str],
    starts: list[int],
    ends: list[int],
    sentences: list[int],
    clauses: list[int],
    quoted: list[bool],
    after_comma: frozenset[int] = frozenset(),
    questions: frozenset[int] = frozenset(),
) -> Tokens:
    if not norms or sentences[-1] == 0:
        firsts, layout = [0] if norms else [], " ".join(norms)
    else:
        firsts = [bisect_left(sentences, s) for s in range(sentences[-1] + 1)]
        bounds = zip(firsts, [*firsts[1:], len(norms)], strict=True)
        layout = "\n".join(" ".join(norms[a:b]) for a, b in bounds)
    offsets = list(accumulate(map(_PLUS_ONE, map(len, norms)), initial=0))
    return Tokens(
        norms,
        starts,
        ends,
        sentences,
        clauses,
        quoted,
        layout,
        offsets,
        firsts,
        after_comma,
        questions,
    )


_QUESTION_SUBJECTS = frozenset(
    {"you", "u", "ya", "we", "i", "they", "he", "she", "your", "ur", "it", "that", "there"}
)
_QUESTION_OPENERS = frozenset(
    "why what how so well and but then ok okay now just come on seriously honestly".split()
)
_REPORTING_LAST = frozenset(phrase[-1] for phrase in REPORTING)


def _ends_reporting_phrase(norms: list[str], clauses: list[int]) -> bool:
    for phrase in REPORTING:
        n = len(phrase)
        if len(norms) >= n and tuple(norms[-n:]) == phrase:
            return len(set(clauses[-n:])) == 1
    return False


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """The normalised form of a phrase, as the matcher compares it."""
    return " ".join(scan(text).norms)


# Words that are also names, read as names when capitalised inside a sentence: "Lena Sue
# from Summit", "Bill in accounts", and a street's "Court" after its name ("Elm Court";
# not "County Court" or "Small Claims Court").
_NAME_WORDS = frozenset({"sue", "bill", "chase", "grant", "warren", "court"})
_COURT_KINDS = frozenset(
    "county district supreme claims small high crown federal state civil family superior "
    "municipal circuit magistrates magistrate bankruptcy probate housing the a".split()
)


_OBJECTS = frozenset({"you", "u", "him", "her", "them", "us", "me", "ya", "your", "ur"})


def _proper_name(raw: str, previous: str, following: str, inside_sentence: bool) -> bool:
    if not (inside_sentence and raw[:1].isupper() and not raw.isupper()):
        return False
    word = raw.lower()
    if word not in _NAME_WORDS or following.lower() in _OBJECTS:  # "we will Sue you"
        return False
    if word == "court":
        return previous[:1].isupper() and previous.lower() not in _COURT_KINDS
    return True
