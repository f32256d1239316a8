"""Which phrases a reply can match, and where: the content-word index.

A phrase matches a window of the reply only if every content word of the phrase (any word
but a stopword) appears in the window, typos allowed. So a reply need only be compared with
the phrases whose content words it holds, and only in the windows that hold them. Each
distinct reply word is compared with the rubric's content words once and remembered, which
is what makes re-scoring a large corpus fast: the vocabulary of replies is small next to
their number.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from sim.rubric.matching.text import Tokens

TYPO_MIN_LENGTH = 5  # a shorter word must be spelt exactly: "the" is not "theft"
# Words too common to carry a phrase's meaning; every other phrase word must appear in the
# window (typos allowed), so "we will send you" can never pass for "we will sue you".
STOPWORDS = frozenset(
    (
        "a an the i you we he she it they me us him her them my your our their is "
        "am are was were be been to of for in on at by with and or so that this these "
        "those do does did will would can could shall should may might must have "
        "has had just "
    ).split()
)
MEMO_LIMIT = 100_000  # distinct reply words remembered before the memo starts afresh


@dataclass(frozen=True, slots=True)
class Phrase:
    signal: str
    text: str
    norm: str
    size: int  # words
    negated: bool
    threshold: float
    negatable: bool
    content: tuple[str, ...]  # distinct non-stopwords, each needed in the window
    order: int  # place in the rubric: on an exact tie the earlier phrase wins

    @property
    def words(self) -> list[str]:
        return self.norm.split()


def typo_match(word: str, typed: str) -> bool:
    """Is ``typed`` the content word ``word``, allowing one typo in a word of five letters
    or more and two from nine? Short words must match exactly."""
    if word == typed:
        return True
    shorter = min(len(word), len(typed))
    if shorter < TYPO_MIN_LENGTH or abs(len(word) - len(typed)) > 1:
        return False
    return Levenshtein.distance(word, typed) <= (2 if shorter >= 9 else 1)


def holds_every_word(phrase: list[str], window: list[str]) -> bool:
    """Does the window hold every word of the phrase (typos allowed in long words)? A short
    window must not stand for a longer phrase: "good luck with the" is not "... with that"."""
    return all(any(typo_match(word, typed) for typed in window) for word in phrase)


def content_words(words: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w for w in words if w not in STOPWORDS))


class ContentIndex:
    def __init__(self, phrases: list[Phrase]):
        counts: dict[str, int] = {}
        for phrase in phrases:
            for word in phrase.content:
                counts[word] = counts.get(word, 0) + 1
        self._vocabulary = sorted(counts)
        self._bits = {word: 1 << n for n, word in enumerate(self._vocabulary)}
        # each phrase is filed under its rarest content word, and checked whole from there
        self._filed: dict[str, list[tuple[Phrase, int]]] = {}
        self._always: list[Phrase] = []
        for phrase in phrases:
            if not phrase.content:
                self._always.append(phrase)
                continue
            rarest = min(phrase.content, key=lambda w: (counts[w], w))
            mask = sum(self._bits[w] for w in phrase.content)
            self._filed.setdefault(rarest, []).append((phrase, mask))
        self._covers: dict[str, tuple[tuple[str, ...], int]] = {}

    def covers(self, word: str) -> tuple[tuple[str, ...], int]:
        """The content words ``word`` stands for (itself, or within a typo), and their bits."""
        known = self._covers.get(word)
        if known is None:
            if len(self._covers) >= MEMO_LIMIT:
                self._covers.clear()
            found = process.extract(
                word, self._vocabulary, scorer=Levenshtein.distance, score_cutoff=2, limit=None
            )
            words = tuple(sorted(choice for choice, _, _ in found if typo_match(choice, word)))
            known = self._covers[word] = (words, sum(self._bits[w] for w in words))
        return known

    def windows(
        self, tokens: Tokens, lo: int, hi: int
    ) -> list[tuple[Phrase, list[tuple[float, int, int]]]]:
        """Each phrase that sentence words[lo:hi] can match, with its windows that score at
        least its threshold: (score, i, j) for the window words[i:j]."""
        where: dict[str, list[int]] = {}  # content word -> the words that stand for it
        present = 0
        memo = self._covers
        norms = tokens.norms
        for at in range(lo, hi):
            known = memo.get(norms[at]) or self.covers(norms[at])
            if known[1]:
                present |= known[1]
                for content in known[0]:
                    if content in where:
                        where[content].append(at)
                    else:
                        where[content] = [at]
        found = []
        for content in where:
            for phrase, mask in self._filed.get(content, ()):
                if mask & present == mask:
                    spots = [where[w] for w in phrase.content]
                    scored = _in_sentence(phrase, spots, tokens, lo, hi)
                    if scored:
                        found.append((phrase, scored))
        for phrase in self._always:
            scored = _in_sentence(phrase, [], tokens, lo, hi)
            if scored:
                found.append((phrase, scored))
        return found


def _in_sentence(
    phrase: Phrase, spots: list[list[int]], tokens: Tokens, lo: int, hi: int
) -> list[tuple[float, int, int]]:
    """Scored windows inside words[lo:hi], one sentence."""
    latest_start, reach = hi - 1, lo  # a window starts by one word and reaches the other
    exact = True  # each content word appears once
    for positions in spots:
        exact = exact and len(positions) == 1
        latest_start = min(latest_start, positions[-1])
        reach = max(reach, positions[0])
    offsets = tokens.offsets
    target = len(phrase.norm)
    floor = phrase.threshold - 1e-9
    found = []
    for size in range(max(phrase.size - 1, 1), phrase.size + 2):
        for i in range(max(lo, reach - size + 1), min(latest_start, hi - size) + 1):
            j = i + size
            if not exact and not all(any(i <= at < j for at in p) for p in spots):
                continue
            length = offsets[j] - offsets[i] - 1
            # fuzz.ratio can be no higher than the two lengths allow
            if 200 * min(target, length) < floor * (target + length):
                continue
            score = fuzz.ratio(phrase.norm, tokens.window(i, j), score_cutoff=phrase.threshold)
            if score and holds_every_word(phrase.words, tokens.norms[i:j]):
                found.append((score, i, j))
    return found
