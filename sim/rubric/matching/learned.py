"""The learned layer: a linear model per signal over the words of a reply, for wordings no
phrase or pattern foresaw.

Features are the reply's normalised words, their first letters ("arre*") and word pairs,
and the rubric's lexicon concepts they belong to (``@law_enforcement`` for "cops",
"sheriff", "the authorities"), each marked ``not:`` inside a negation and ``q:`` inside
quoted or reported speech, so "nobody is going to arrest you" and "we will have you
arrested" give different features; and the word that opens a question ("?what").
The weights are trained from the corpus's train split by ``scripts/train_matcher.py`` and
committed beside the rubric; nothing is random at run time. A decision explains itself:
the features that carried it are its evidence, and its span is the words they came from.
"""

from __future__ import annotations

import json
import math
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from sim.rubric.matching.negation import negated_context
from sim.rubric.matching.templates import word_lists
from sim.rubric.matching.text import Tokens

MAX_PHRASE_WORDS = 3  # the longest lexicon entry matched as a concept
# A longer word also gives its first letters as a feature ("arre*" for arrest, arrested,
# arresting), a crude stem that carries a meaning to inflections and typos the training
# lines lacked. Trained on four fifths of the train split and measured on the fifth, three
# ways round: recall +1.1 points, 3 more violations caught, 3 fewer careful lines flagged,
# 3 more false signals in 938 replies; stems only of words over six letters gained half.
STEM_LETTERS = 4


class Feature(NamedTuple):  # a NamedTuple: made by the hundred for every new sentence
    name: str
    start: int  # first word
    end: int  # one past the last word


class LexiconIndex:
    """Which lexicon concepts a run of words belongs to."""

    def __init__(self, lexicons: Mapping[str, Sequence[str]], patterns: Iterable[str] = ()):
        """``patterns``: the rubric's; a lexicon they name as ``{!name}`` (a list of common
        words, say) is no concept: it would mark nearly every sentence."""
        self._concepts: dict[tuple[str, ...], tuple[str, ...]] = {}
        excluded = word_lists(patterns)
        for name, entries in lexicons.items():
            if name in excluded:
                continue
            for entry in entries:
                key = tuple(entry.lower().split())
                if 0 < len(key) <= MAX_PHRASE_WORDS:
                    self._concepts[key] = (*self._concepts.get(key, ()), name)

    def at(self, words: Sequence[str], k: int) -> list[tuple[str, int]]:
        """(concept, length) of each entry that starts at words[k]."""
        found = []
        for size in range(1, MAX_PHRASE_WORDS + 1):
            for name in self._concepts.get(tuple(words[k : k + size]), ()):
                found.append((name, size))
        return found


def features(
    tokens: Tokens, concepts: LexiconIndex, lo: int = 0, hi: int | None = None
) -> list[Feature]:
    """The features of words[lo:hi] (one sentence, or the whole reply)."""
    norms = tokens.norms
    hi = len(norms) if hi is None else hi
    found = []
    for k in range(lo, hi):
        word, mark = norms[k], _mark(tokens, k)
        found.append(Feature(mark + word, k, k + 1))
        if len(word) > STEM_LETTERS:
            found.append(Feature(mark + word[:STEM_LETTERS] + "*", k, k + 1))
        if k + 1 < hi and tokens.sentences[k] == tokens.sentences[k + 1]:
            found.append(Feature(mark + word + "_" + norms[k + 1], k, k + 2))
        for name, size in concepts.at(norms, k):
            found.append(Feature(mark + "@" + name, k, k + size))
    # the word that opens a question ("?what", "?can", "?is"): an invitation to explain and a
    # statement share their words, not their form. On held-out fifths of the train split,
    # three ways round: 7 fewer false signals in 981 replies, recall -0.2 points, 2 fewer
    # violations caught in 1,232 (a bare "it is a question" feature as well: 3 fewer false
    # signals, recall -0.3)
    for k in tokens.sentence_starts:
        if lo <= k < hi and tokens.sentences[k] in tokens.questions:
            found.append(Feature("?" + norms[k], k, k + 1))
    return found


def _telling(name: str) -> bool:
    """Can this feature explain a decision: a concept, or a word or pair with a word that is
    not just glue ("up", "the", "to")? "if you" and "i am" alone decide nothing: on held-out
    fifths of the train split, letting such pairs decide gave 4 more false signals in 938
    replies and no more recall."""
    bare = name.split(":", 1)[-1]
    if bare.startswith("@"):
        return True
    if "_" in bare:
        return any(_content(part) for part in bare.split("_"))
    return _content(bare)


def _content(word: str) -> bool:
    return len(word) > 3 and word not in GLUE


GLUE = frozenset(
    "that this with from have just will would could should been were what when your "
    "they them then than there their here some about into over also only very really "
    "well okay yeah".split()
)


def _mark(tokens: Tokens, k: int) -> str:
    if tokens.quoted[k]:
        return "q:"
    return "not:" if negated_context(tokens, k, k + 1) else ""


@dataclass(frozen=True)
class Decision:
    signal: str
    probability: float
    reasons: tuple[str, ...]  # the features that carried it, strongest first


class LearnedModel:
    """Weights per signal; a signal is decided when its probability reaches its threshold.

    The weights are held sparsely, feature by feature (most features weigh for a few signals
    only), in plain Python and flat arrays: a reply's totals are a few hundred additions, a
    command that matches does not import numpy (about 80 ms of `sim run`'s start), and the
    loaded-rubric cache reads the model back in under a millisecond."""

    def __init__(
        self,
        weights: Mapping[str, Mapping[str, float]],
        bias: Mapping[str, float],
        thresholds: Mapping[str, float],
    ):
        self._signals = sorted(bias)
        column = {sid: j for j, sid in enumerate(self._signals)}
        by_feature: dict[str, dict[int, float]] = {}
        for sid, table in weights.items():
            for name, weight in table.items():
                by_feature.setdefault(name, {})[column[sid]] = weight
        names = sorted(by_feature)
        self._row = {name: r for r, name in enumerate(names)}  # a feature's row
        self._start = array("I", [0])  # row r's weights are [start[r], start[r + 1])
        self._signal = array("H")  # the signal each weight is for
        self._weight = array("d")
        for name in names:
            for j, weight in sorted(by_feature[name].items()):
                self._signal.append(j)
                self._weight.append(weight)
            self._start.append(len(self._weight))
        self._telling = bytes(_telling(name) for name in names)
        self._bias = [bias[sid] for sid in self._signals]
        self._thresholds = [thresholds.get(sid, 0.5) for sid in self._signals]
        # the threshold as a total of weights
        self._cut = [math.log(t / (1.0 - t)) for t in self._thresholds]

    @classmethod
    def load(cls, path: Path) -> LearnedModel:
        data = json.loads(path.read_text())
        return cls(data["weights"], data["bias"], data["thresholds"])

    def _totals(self, names: Iterable[str]) -> tuple[list[str], list[int], list[float]]:
        kept = [n for n in dict.fromkeys(names) if n in self._row]  # said twice counts once
        rows = [self._row[n] for n in kept]
        totals = list(self._bias)
        signal, weight, start = self._signal, self._weight, self._start
        for r in rows:
            for k in range(start[r], start[r + 1]):
                totals[signal[k]] += weight[k]
        return kept, rows, totals

    def _weight_of(self, r: int, j: int) -> float:
        for k in range(self._start[r], self._start[r + 1]):
            if self._signal[k] == j:
                return self._weight[k]
        return 0.0

    def weigh(self, names: Iterable[str], signal: str) -> tuple[float, float, list[str]] | None:
        """One signal's probability, its threshold and the words that weighed most for it
        (None when the model knows no such signal): for a trainer asking why it missed."""
        if signal not in self._signals:
            return None
        j = self._signals.index(signal)
        kept, rows, totals = self._totals(names)
        weighed = sorted(
            ((self._weight_of(r, j), n) for r, n in zip(rows, kept, strict=True)),
            key=lambda wn: (-wn[0], wn[1]),
        )
        return _probability(totals[j]), self._thresholds[j], [n for w, n in weighed[:3] if w > 0]

    def decide(self, names: Iterable[str]) -> list[Decision]:
        """The signals the words decide, each with the (at most three) features that carried
        it, strongest first; a decision nothing telling carried is not made."""
        kept, rows, totals = self._totals(names)
        decisions = []
        for j, total in enumerate(totals):
            if total < self._cut[j]:
                continue
            carried = sorted(
                (-w, k)
                for k, r in enumerate(rows)
                if self._telling[r] and (w := self._weight_of(r, j)) > 0
            )[:3]
            if carried:
                reasons = tuple(kept[k] for _, k in carried)
                decisions.append(Decision(self._signals[j], _probability(total), reasons))
        return decisions


def _probability(total: float) -> float:
    return 1.0 / (1.0 + math.exp(-total))
