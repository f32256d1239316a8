"""The signal matcher: which signals a reply performs, where, and how closely.

Phrases are compared with ``fuzz.ratio`` against word-aligned windows of the reply of
about the phrase's length, so neither the subset trap of ``token_set_ratio`` ("we will not
take legal action" scoring 100 against "we will take legal action") nor the substring trap
of ``partial_ratio`` ("sue" inside "pursue") can fire. A window under a negation, or inside
quoted or reported speech, is kept as evidence but does not count. Patterns are regular
expressions over the normalised text. All windows of a batch of replies are scored by one
``process.cdist`` call per phrase length.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from sim.rubric.model import SignalDef
from sim.rubric.patterns import compile_alternatives
from sim.rubric.text import Word, analyse, has_negation, negated_context, normalise

SHORT_PHRASE_CHARS = 8
CONTENT_WORD_SIMILARITY = 75.0
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
SHORT_PHRASE_THRESHOLD = 95.0
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_RANK = {"detected": 0, "negated": 1, "quoted": 2}


@dataclass(frozen=True, slots=True)
class SignalMatch:
    signal: str
    score: float
    start: int
    end: int
    evidence: str
    via: str  # "phrase" or "pattern"
    source: str  # the phrase or pattern that matched
    status: str  # "detected", "negated" or "quoted"

    def as_dict(self) -> dict:
        return {"id": self.signal, "score": self.score, "span": [self.start, self.end]}


@dataclass(frozen=True, slots=True)
class _Phrase:
    signal: str
    text: str
    norm: str
    negated: bool
    threshold: float
    negatable: bool
    content: tuple[str, ...]


def placeholder_values(facts: Mapping | None) -> dict[str, str]:
    facts = facts or {}
    values = {k: str(v) for k, v in facts.items() if isinstance(v, str) and v}
    name = values.get("debtor_name", "")
    if name:
        values["debtor_first"] = name.split()[0]
        values["debtor_last"] = name.split()[-1]
    return values


class SignalMatcher:
    def __init__(self, signals: Mapping[str, SignalDef], facts: Mapping | None = None):
        values = placeholder_values(facts)
        self._groups: dict[int, list[_Phrase]] = {}
        self._patterns: list[tuple[str, re.Pattern[str], list[str], bool]] = []
        for sid, sig in signals.items():
            for phrase in sig.phrases:
                text = _fill(phrase, values)
                norm = normalise(text) if text else ""
                if not norm:
                    continue
                threshold = sig.threshold
                if len(norm) < SHORT_PHRASE_CHARS:
                    threshold = max(threshold, SHORT_PHRASE_THRESHOLD)
                words = norm.split()
                content = tuple(w for w in words if w not in STOPWORDS)
                entry = _Phrase(
                    sid, phrase, norm, has_negation(words), threshold, sig.negatable, content
                )
                self._groups.setdefault(len(words), []).append(entry)
            filled = [(p, f) for p in sig.patterns if (f := _fill(p, values, escape=True))]
            if filled:
                regex = compile_alternatives(tuple(f for _, f in filled))
                self._patterns.append((sid, regex, [p for p, _ in filled], sig.negatable))
        self._queries = {n: [p.norm for p in g] for n, g in self._groups.items()}
        self._cutoff = {n: min(p.threshold for p in g) for n, g in self._groups.items()}

    def match(self, text: str) -> list[SignalMatch]:
        """Signals the reply performs: the best detected match of each, in reply order."""
        return self.match_many([text])[0]

    def probe(self, text: str) -> list[SignalMatch]:
        """Like :meth:`match`, plus the best negated or quoted match of other signals."""
        return self.match_many([text], keep_rejected=True)[0]

    def match_many(
        self, texts: Sequence[str], *, keep_rejected: bool = False
    ) -> list[list[SignalMatch]]:
        analysed = [analyse(t) for t in texts]
        best: list[dict[str, SignalMatch]] = [{} for _ in texts]
        self._phrases(analysed, texts, best)
        for k, words in enumerate(analysed):
            if words:
                self._pattern_matches(words, texts[k], best[k])
        out = []
        for found in best:
            kept = [m for m in found.values() if keep_rejected or m.status == "detected"]
            kept.sort(key=lambda m: (m.start, m.signal))
            out.append(kept)
        return out

    def _phrases(
        self, analysed: list[list[Word]], texts: Sequence[str], best: list[dict[str, SignalMatch]]
    ) -> None:
        windows = _windows(analysed, {size for n in self._groups for size in (n - 1, n, n + 1)})
        for length, phrases in self._groups.items():
            owners: list[tuple[int, int, int]] = []
            strings: list[str] = []
            for size in (length - 1, length, length + 1):
                if size in windows:
                    owners += windows[size][0]
                    strings += windows[size][1]
            if not strings:
                continue
            scores = process.cdist(
                self._queries[length],
                strings,
                scorer=fuzz.ratio,
                score_cutoff=self._cutoff[length],
                dtype=np.float32,
            )
            for row, col in zip(*np.nonzero(scores), strict=True):
                phrase = phrases[row]
                score = round(float(scores[row, col]), 1)
                if score < phrase.threshold:
                    continue
                k, i, j = owners[col]
                words = analysed[k]
                if not _has_content(phrase.content, words[i:j]):
                    continue
                status = _status(words, i, j, phrase.negated, phrase.negatable)
                _keep(
                    best[k],
                    SignalMatch(
                        phrase.signal,
                        score,
                        words[i].start,
                        words[j - 1].end,
                        texts[k][words[i].start : words[j - 1].end],
                        "phrase",
                        phrase.text,
                        status,
                    ),
                )

    def _pattern_matches(self, words: list[Word], text: str, found: dict[str, SignalMatch]) -> None:
        norm, starts = _layout(words)
        for sid, regex, sources, negatable in self._patterns:
            for m in regex.finditer(norm):
                i = _word_at(starts, m.start())
                j = _word_at(starts, max(m.end() - 1, m.start())) + 1
                status = _status(words, i, j, False, negatable)
                start, end = words[i].start, words[j - 1].end
                source = sources[int(m.lastgroup[1:])] if m.lastgroup else sources[0]
                _keep(
                    found,
                    SignalMatch(sid, 100.0, start, end, text[start:end], "pattern", source, status),
                )


def _windows(
    analysed: list[list[Word]], sizes: set[int]
) -> dict[int, tuple[list[tuple[int, int, int]], list[str]]]:
    """Every run of ``size`` words inside one sentence, built once per size."""
    out: dict[int, tuple[list[tuple[int, int, int]], list[str]]] = {
        size: ([], []) for size in sizes if size >= 1
    }
    for k, words in enumerate(analysed):
        norms = [w.norm for w in words]
        sentence = [w.sentence for w in words]
        for size, (owners, strings) in out.items():
            for i in range(len(words) - size + 1):
                if sentence[i] == sentence[i + size - 1]:
                    owners.append((k, i, i + size))
                    strings.append(" ".join(norms[i : i + size]))
    return out


def _layout(words: list[Word]) -> tuple[str, list[int]]:
    """The reply's normalised text, one sentence a line, and where each word starts in it."""
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for n, w in enumerate(words):
        if n:
            parts.append("\n" if w.sentence != words[n - 1].sentence else " ")
            pos += 1
        starts.append(pos)
        parts.append(w.norm)
        pos += len(w.norm)
    return "".join(parts), starts


def _fill(text: str, values: Mapping[str, str], *, escape: bool = False) -> str | None:
    missing = False

    def sub(m: re.Match[str]) -> str:
        nonlocal missing
        value = values.get(m.group(1))
        if value is None:
            missing = True
            return ""
        return re.escape(normalise(value)) if escape else value

    filled = _PLACEHOLDER.sub(sub, text)
    return None if missing else filled


def _has_content(content: tuple[str, ...], window: list[Word]) -> bool:
    norms = [w.norm for w in window]
    return all(
        word in norms or any(fuzz.ratio(word, other) >= CONTENT_WORD_SIMILARITY for other in norms)
        for word in content
    )


def _status(words: list[Word], i: int, j: int, phrase_negated: bool, negatable: bool) -> str:
    if any(w.quoted for w in words[i:j]):
        return "quoted"
    if negatable and negated_context(words, i, j) != phrase_negated:
        return "negated"
    return "detected"


def _keep(found: dict[str, SignalMatch], match: SignalMatch) -> None:
    current = found.get(match.signal)
    if current is None or (_RANK[match.status], -match.score, match.start) < (
        _RANK[current.status],
        -current.score,
        current.start,
    ):
        found[match.signal] = match


def _word_at(starts: list[int], offset: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo
