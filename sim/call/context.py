"""What the call hears besides the rubric's signals: bare short answers and which
identifier a question asks for.

The rubric's matcher hears what a reply does; a "yes" or an "ok" does nothing on its own
and means something only after the debtor's question, so the scenario's state says what
it means there (``when: {any: [affirm]}``). These are small typed tables, not language
models: a short answer is the reply's first clause, or its first word when that word is
one that only answers ("yes", "nope").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sim.scenario.model import ContextSignal

A = ContextSignal.AFFIRM
D = ContextSignal.DENY
K = ContextSignal.ACKNOWLEDGE

# A whole first clause that is a short answer, and what it can mean.
SHORT_ANSWERS: dict[str, frozenset[ContextSignal]] = {
    **dict.fromkeys(
        [
            "yes", "yeah", "yep", "yup", "yea", "ya", "yah", "yeh", "yess", "yes please",
            "correct", "thats right", "that is right", "thats correct", "that is correct",
            "of course", "absolutely", "definitely", "certainly", "exactly", "indeed",
            "uh huh", "it does", "it will", "we will", "i will", "i do", "they will",
            "yes it does", "yes it will", "yes we will", "yes i will", "yes it is", "it is",
            "sure thing", "you bet", "affirmative", "for sure",
        ],
        frozenset({A}),
    ),
    **dict.fromkeys(
        [
            "no", "nope", "nah", "no it is not", "no its not", "not really", "not at all",
            "it doesnt", "it wont", "we wont", "i dont", "no it doesnt", "no it wont",
            "negative", "not yet",
        ],
        frozenset({D}),
    ),
    **dict.fromkeys(
        [
            "got it", "understood", "i see", "noted", "will do", "i understand",
            "makes sense", "gotcha", "i hear you", "fair enough",
        ],
        frozenset({K}),
    ),
    **dict.fromkeys(
        ["ok", "okay", "k", "kk", "okey", "okie", "alright", "all right", "sure", "right",
         "fine", "ok sure", "okay sure", "sure ok", "right ok", "ok then", "okay then"],
        frozenset({A, K}),
    ),
}  # fmt: skip

# A first word that answers whatever follows it ("Yes - collection stops ...").
_ANSWER_WORDS: dict[str, ContextSignal] = {
    **dict.fromkeys(["yes", "yeah", "yep", "yup", "yea", "yess", "yeh", "yah"], A),
    **dict.fromkeys(["no", "nope", "nah"], D),
}
# "No problem, I can help" is not a no.
_NOT_A_NO = frozenset(
    {"problem", "problems", "prob", "probs", "worries", "worry", "rush", "need", "matter"}
)


@dataclass(frozen=True)
class IdentifierQuestion:
    signal: ContextSignal
    pattern: re.Pattern[str]


IDENTIFIER_QUESTIONS = (
    IdentifierQuestion(
        ContextSignal.ASKS_DATE_OF_BIRTH,
        re.compile(r"\b(date of birth|dob|d o b|birth ?days?|birth ?date|born|b ?day|bday)\b"),
    ),
    IdentifierQuestion(
        ContextSignal.ASKS_ADDRESS,
        re.compile(
            r"\b(a+d+r+e+s+|street|zip|post ?code|where (do )?(you|u) (live|stay)|live at)\b"
        ),
    ),
    IdentifierQuestion(
        ContextSignal.ASKS_LAST_FOUR,
        re.compile(r"\b(last|final) (four|4|digits)\b|\bssn\b|\bsocial( security)?( number)?\b"),
    ),
)

_CLAUSE_END = re.compile(r"[.!?,;:]|\s[-\u2013\u2014]+\s|[\u2013\u2014]")
_NOT_WORD = re.compile(r"[^a-z0-9 ]+")


def _words(text: str) -> list[str]:
    return _NOT_WORD.sub(" ", text.lower().replace("'", "").replace("\u2019", "")).split()


def hear(text: str) -> set[ContextSignal]:
    """The context signals of one reply."""
    found: set[ContextSignal] = set()
    first = _words(_CLAUSE_END.split(text.strip(), maxsplit=1)[0])
    found |= SHORT_ANSWERS.get(" ".join(first), frozenset())
    words = _words(text)
    if words and words[0] in _ANSWER_WORDS:
        signal = _ANSWER_WORDS[words[0]]
        if not (signal is D and len(words) > 1 and words[1] in _NOT_A_NO):
            found.add(signal)
    flat = " ".join(words)
    found |= {q.signal for q in IDENTIFIER_QUESTIONS if q.pattern.search(flat)}
    return found


# Each context signal in plain words, for saying why a call ended.
DESCRIPTIONS: dict[str, str] = {
    A: "answers yes",
    D: "answers no",
    K: "acknowledges",
    ContextSignal.ASKS_DATE_OF_BIRTH: "asks for the date of birth",
    ContextSignal.ASKS_ADDRESS: "asks for the address",
    ContextSignal.ASKS_LAST_FOUR: "asks for the last four digits",
}

# Wordings that carry each context signal, for tools that write replies (``sim explore``).
EXAMPLES: dict[ContextSignal, tuple[str, ...]] = {
    A: ("Yes", "Yep, that's right", "Sure"),
    D: ("No", "Nope"),
    K: ("Okay", "Got it"),
    ContextSignal.ASKS_DATE_OF_BIRTH: ("Can you confirm your date of birth?",),
    ContextSignal.ASKS_ADDRESS: ("Can you confirm your address?",),
    ContextSignal.ASKS_LAST_FOUR: ("What are the last four digits of your social?",),
}
