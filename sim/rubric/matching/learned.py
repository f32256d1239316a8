"""The learned layer: a linear model per signal over the words of a reply, for wordings no
phrase or pattern foresaw.

Features are the reply's normalised words and word pairs, and the rubric's lexicon
concepts they belong to (``@law_enforcement`` for "cops", "sheriff", "the authorities"),
each marked ``not:`` inside a negation and ``q:`` inside quoted or reported speech, so
"nobody is going to arrest you" and "we will have you arrested" give different features.
The weights are trained from the corpus's train split by ``scripts/train_matcher.py`` and
committed beside the rubric; nothing is random at run time. A decision explains itself:
the features that carried it are its evidence, and its span is the words they came from.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sim.rubric.matching.text import Tokens, negated_context

MAX_PHRASE_WORDS = 3  # the longest lexicon entry matched as a concept


@dataclass(frozen=True)
class Feature:
    name: str
    start: int  # first word
    end: int  # one past the last word


class LexiconIndex:
    """Which lexicon concepts a run of words belongs to."""

    def __init__(self, lexicons: Mapping[str, Sequence[str]]):
        self._concepts: dict[tuple[str, ...], tuple[str, ...]] = {}
        for name, entries in lexicons.items():
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


def features(tokens: Tokens, concepts: LexiconIndex) -> list[Feature]:
    norms = tokens.norms
    marks = [_mark(tokens, k) for k in range(len(norms))]
    found = []
    for k, word in enumerate(norms):
        found.append(Feature(marks[k] + word, k, k + 1))
        if k + 1 < len(norms) and tokens.sentences[k] == tokens.sentences[k + 1]:
            found.append(Feature(marks[k] + word + "_" + norms[k + 1], k, k + 2))
        for name, size in concepts.at(norms, k):
            found.append(Feature(marks[k] + "@" + name, k, k + size))
    return found


def _telling(name: str) -> bool:
    """Can this feature explain a decision: a concept, or a pair or word that is not just
    glue ("up", "the", "to")?"""
    bare = name.split(":", 1)[-1]
    return bare.startswith("@") or "_" in bare or (len(bare) > 3 and bare not in GLUE)


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
    start: int  # the words that carried it
    end: int
    reasons: tuple[str, ...]  # the features that carried it, strongest first


class LearnedModel:
    """Weights per signal; a signal is decided when its probability reaches its threshold."""

    def __init__(
        self,
        weights: Mapping[str, Mapping[str, float]],
        bias: Mapping[str, float],
        thresholds: Mapping[str, float],
    ):
        self._bias = dict(bias)
        self._thresholds = dict(thresholds)
        self._by_feature: dict[str, list[tuple[str, float]]] = {}
        for signal, table in weights.items():
            for name, weight in table.items():
                self._by_feature.setdefault(name, []).append((signal, weight))

    @classmethod
    def load(cls, path: Path) -> LearnedModel:
        data = json.loads(path.read_text())
        return cls(data["weights"], data["bias"], data["thresholds"])

    @property
    def signals(self) -> list[str]:
        return sorted(self._bias)

    def weigh(self, found: Sequence[Feature], signal: str) -> tuple[float, float, list[str]] | None:
        """One signal's probability, its threshold and the words that weighed most for it
        (None when the model knows no such signal): for a trainer asking why it missed."""
        if signal not in self._bias:
            return None
        total = self._bias[signal]
        weighed: list[tuple[float, str]] = []
        for name in dict.fromkeys(f.name for f in found):
            for sid, weight in self._by_feature.get(name, ()):
                if sid == signal:
                    total += weight
                    weighed.append((weight, name))
        weighed.sort(key=lambda wn: (-wn[0], wn[1]))
        probability = 1.0 / (1.0 + math.exp(-total))
        return probability, self._thresholds.get(signal, 0.5), [n for w, n in weighed[:3] if w > 0]

    def decide(self, found: Sequence[Feature]) -> list[Decision]:
        totals = dict(self._bias)
        carried: dict[str, list[tuple[float, Feature]]] = {}
        seen: set[str] = set()
        for feature in found:
            if feature.name in seen:  # a word said twice counts once
                continue
            seen.add(feature.name)
            for signal, weight in self._by_feature.get(feature.name, ()):
                totals[signal] += weight
                if weight > 0:
                    carried.setdefault(signal, []).append((weight, feature))
        decisions = []
        for signal, total in sorted(totals.items()):
            probability = 1.0 / (1.0 + math.exp(-total))
            if probability < self._thresholds.get(signal, 0.5) or signal not in carried:
                continue
            strongest = [
                (weight, feature)
                for weight, feature in sorted(carried[signal], key=lambda wf: (-wf[0], wf[1].start))
                if _telling(feature.name)
            ][:3]
            if not strongest:
                continue  # nothing that could explain it: no decision
            top = strongest[0][1]
            decisions.append(
                Decision(
                    signal,
                    probability,
                    top.start,
                    top.end,
                    tuple(f.name for _, f in strongest),
                )
            )
        return decisions
