"""The signal matcher: which signals a reply performs, where, and how closely.

Phrases are compared with ``fuzz.ratio`` against word-aligned windows of the reply of
about the phrase's length, so neither the subset trap of ``token_set_ratio`` ("we will not
take legal action" scoring 100 against "we will take legal action") nor the substring trap
of ``partial_ratio`` ("sue" inside "pursue") can fire. Every content word of a phrase (not a
stopword) must appear in the window, typos allowed, so "we will send you" never passes for
"we will sue you". A window under a negation, or inside quoted or reported speech, is kept
as evidence but does not count. Patterns are regular expressions over the normalised text.

Speed comes from not comparing what cannot match. Each distinct reply word is compared
once with the rubric's content words (and remembered), so a reply reaches only the phrases
whose content words it holds, and only the windows that hold them; a pattern runs only
on replies that contain a string every match of it must contain. And since a window never
leaves its sentence (nor do most patterns), each sentence's matches are remembered for the
next reply that says it: scripted openings and disclosures recur in almost every call.
The answer is the same as comparing every phrase with every window:
``tests/unit/test_matcher_equivalence.py`` checks that against a brute-force matcher.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any, NamedTuple

from sim.rubric.matching.learned import Feature, LearnedModel, LexiconIndex, features
from sim.rubric.matching.negation import has_negation, negated_context
from sim.rubric.matching.pattern_set import PatternSet, SignalPatterns
from sim.rubric.matching.patterns import Alternatives, spells_negation
from sim.rubric.matching.phrases import ContentIndex, Phrase, content_words
from sim.rubric.matching.templates import expand_pattern, fill_placeholders, placeholder_values
from sim.rubric.matching.text import Tokens, normalise, scan
from sim.rubric.model import SignalDef

SHORT_PHRASE_CHARS = 8
SHORT_PHRASE_THRESHOLD = 95.0
SENTENCES_REMEMBERED = 20_000  # about 700 bytes each: a sentence's matches, for the next reply
LEARNED_ORDER = 1_000_000  # after every phrase and pattern


class MatchStatus(StrEnum):
    """Whether a match counts, and if not, why (a str: reports and JSON carry the value)."""

    DETECTED = "detected"
    NEGATED = "negated"  # said under a negation
    QUOTED = "quoted"  # the debtor's words, or reported speech
    SUBSUMED = "subsumed"  # a more specific signal in the same reply stands for it
    SUPPRESSED = "suppressed"  # a signal in the same reply cancels it


_RANK = {status: rank for rank, status in enumerate(MatchStatus)}
_DENIED = (MatchStatus.NEGATED, MatchStatus.QUOTED)
_RULED = ("phrase", "pattern")  # what a trainer wrote, not what the learned layer guessed


# a sentence's text, its words, which are quoted, whether it asks
SentenceKey = tuple[str, str, tuple[bool, ...], bool]


class SignalMatch(NamedTuple):  # a NamedTuple: built by the thousand, and cheaply so
    signal: str
    score: float
    start: int
    end: int
    evidence: str
    via: str  # "phrase", "pattern", "learned", or "denied" (a negated match of another signal)
    source: str  # the phrase or pattern that matched
    status: MatchStatus
    order: int = 0  # the phrase's or pattern's place in the rubric: ties go to the earlier one

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.signal, "score": self.score, "span": [self.start, self.end]}

    def rank(self) -> tuple[int, float, int, int, int]:
        """Lower is better: detected first, then the closer, the earlier, the longer match."""
        return (_RANK[self.status], -self.score, self.start, -self.end, self.order)


class SignalMatcher:
    def __init__(
        self,
        signals: Mapping[str, SignalDef],
        facts: Mapping[str, Any] | None = None,
        *,
        lexicons: Mapping[str, Sequence[str]] | None = None,
        learned: LearnedModel | None = None,
        remember: int = SENTENCES_REMEMBERED,
    ):
        """``lexicons``: the word lists ``{@name}`` stands for in patterns. ``remember``: how
        many sentences' matches to keep for replies that repeat them."""
        values = placeholder_values(facts)
        self._learned = learned
        self._concepts = LexiconIndex(
            lexicons or {}, (p for sig in signals.values() for p in sig.patterns)
        )
        self._suppressors = {sid: tuple(sig.suppressed_by) for sid, sig in signals.items()}
        self._subsumers = {sid: tuple(sig.subsumed_by) for sid, sig in signals.items()}
        self._denials = {sid: tuple(sig.said_by_denying) for sid, sig in signals.items()}
        self._denials = {sid: denied for sid, denied in self._denials.items() if denied}
        self._remember = remember
        self.phrases: list[Phrase] = []
        for sid, sig in signals.items():
            for phrase in sig.phrases:
                text = fill_placeholders(phrase, values)
                norm = normalise(text) if text else ""
                if not norm:
                    continue
                threshold = sig.threshold
                if len(norm) < SHORT_PHRASE_CHARS:
                    threshold = max(threshold, SHORT_PHRASE_THRESHOLD)
                words = norm.split()
                self.phrases.append(
                    Phrase(
                        sid,
                        phrase,
                        norm,
                        len(words),
                        has_negation(words),
                        threshold,
                        sig.negatable,
                        content_words(words),
                        len(self.phrases),
                    )
                )
        self._index = ContentIndex(self.phrases)
        patterns: list[tuple[SignalPatterns, tuple[str, ...]]] = []
        for sid, sig in signals.items():
            filled = [
                (p, f)
                for p in sig.patterns
                if (f := fill_placeholders(expand_pattern(p, lexicons or {}), values, escape=True))
            ]
            if filled:
                sources = tuple(f for _, f in filled)
                entry = SignalPatterns(
                    sid,
                    Alternatives(sources),
                    [p for p, _ in filled],
                    sig.negatable,
                    len(self.phrases) + len(patterns),  # a phrase wins an exact tie
                )
                patterns.append((entry, sources))
        self._patterns = PatternSet(patterns)
        self._sentences: OrderedDict[SentenceKey, tuple[SignalMatch, ...]] = OrderedDict()
        self._features: OrderedDict[SentenceKey, tuple[Feature, ...]] = OrderedDict()

    @property
    def sentences_remembered(self) -> int:
        return len(self._sentences)

    def match(self, text: str) -> list[SignalMatch]:
        """Signals the reply performs: the best detected match of each, in reply order."""
        return self.match_many([text])[0]

    def probe(self, text: str) -> list[SignalMatch]:
        """Like :meth:`match`, plus the best negated or quoted match of other signals."""
        return self.match_many([text], keep_rejected=True)[0]

    def match_many(
        self, texts: Sequence[str], *, keep_rejected: bool = False
    ) -> list[list[SignalMatch]]:
        out = []
        for text in texts:
            tokens = scan(text)
            found: dict[str, SignalMatch] = {}
            bounds = tokens.sentence_starts
            for s, lo in enumerate(bounds):
                hi = bounds[s + 1] if s + 1 < len(bounds) else len(tokens.norms)
                for match in self._sentence(tokens, text, lo, hi):
                    _keep(found, _shifted(match, tokens.starts[lo], text))
            if tokens.norms and self._patterns.spanning:
                self._pattern_matches(tokens, text, found, self._patterns.spanning)
            if self._denials:
                self._denial_matches(found)
            if self._learned is not None and tokens.norms:
                self._learned_matches(tokens, text, found, bounds)
            self._suppress(found)
            kept = [m for m in found.values() if keep_rejected or m.status == "detected"]
            kept.sort(key=lambda m: (m.start, m.signal))
            out.append(kept)
        return out

    def learned_verdict(self, tokens: Tokens, signal: str) -> tuple[float, float, list[str]] | None:
        """The learned layer's probability for ``signal`` on a scanned reply, its threshold
        and the words that weighed most (None without a learned layer or for a signal it
        lacks)."""
        if self._learned is None:
            return None
        names = (f.name for f in features(tokens, self._concepts))
        return self._learned.weigh(names, signal)

    def has_patterns(self, signal: str) -> bool:
        return any(entry.signal == signal for entry in self._patterns.entries)

    def _learned_matches(
        self, tokens: Tokens, text: str, found: dict[str, SignalMatch], bounds: list[int]
    ) -> None:
        """What the learned layer decides, where no phrase or pattern spoke for the signal
        (a negated or quoted rule match is not overruled). Each sentence's features are
        remembered like its matches: they depend on nothing outside it."""
        assert self._learned is not None
        said: list[tuple[int, tuple[Feature, ...]]] = []
        for s, lo in enumerate(bounds):
            hi = bounds[s + 1] if s + 1 < len(bounds) else len(tokens.norms)
            key = self._key(tokens, text, lo, hi)
            known = self._features.get(key)
            if known is None:
                known = tuple(
                    Feature(f.name, f.start - lo, f.end - lo)
                    for f in features(tokens, self._concepts, lo, hi)
                )
                if self._remember:
                    self._features[key] = known
                    if len(self._features) > self._remember:
                        self._features.popitem(last=False)
            said.append((lo, known))
        names = [f.name for _, known in said for f in known]
        decisions = [d for d in self._learned.decide(names) if d.signal not in found]
        calmed = self._calmed(tokens, found) if decisions else set()
        for decision in decisions:
            lo, top = next(
                (lo, f) for lo, known in said for f in known if f.name == decision.reasons[0]
            )
            if (decision.signal, tokens.sentences[lo + top.start]) in calmed:
                continue
            start, end = tokens.starts[lo + top.start], tokens.ends[lo + top.end - 1]
            found[decision.signal] = SignalMatch(
                decision.signal,
                round(decision.probability * 100, 1),
                start,
                end,
                text[start:end],
                "learned",
                ", ".join(decision.reasons),
                MatchStatus.DETECTED,
                LEARNED_ORDER,
            )

    def _calmed(self, tokens: Tokens, found: dict[str, SignalMatch]) -> set[tuple[str, int]]:
        """(signal, sentence) pairs the learned layer may not decide: a sentence a phrase or
        pattern read as saying a signal by denying others ("your wages are safe" is a
        reassurance) does not also make the threat its words name."""
        calmed: set[tuple[str, int]] = set()
        for sid, denied in self._denials.items():
            match = found.get(sid)
            if match is None or match.status != "detected" or match.via not in _RULED:
                continue
            sentence = tokens.sentences[bisect_left(tokens.starts, match.start)]
            calmed.update((d, sentence) for d in denied)
        return calmed

    def _denial_matches(self, found: dict[str, SignalMatch]) -> None:
        """A signal said by denying another: the earliest negated match of any of them, or a
        quoted one (someone else's threat reported, the debtor's fear said back)."""
        for sid, denied in self._denials.items():
            if sid in found and found[sid].status == MatchStatus.DETECTED:
                continue
            negated = [found[d] for d in denied if d in found and found[d].status in _DENIED]
            if negated:
                first = min(negated, key=lambda m: (m.start, m.signal))
                found[sid] = first._replace(
                    signal=sid, via="denied", source=first.signal, status=MatchStatus.DETECTED
                )

    def _suppress(self, found: dict[str, SignalMatch]) -> None:
        """A signal whose suppressor was said too was not meant; one whose subsumer was said
        is that signal. Both are kept as evidence, neither counts."""
        said = {sid for sid, m in found.items() if m.status == "detected"}

        def suppressed(sid: str, chain: tuple[str, ...] = ()) -> bool:
            """A suppressor counts only if it is not suppressed itself: a pause offered makes
            "don't worry about paying" no giving up, and so no longer hides the reassurance
            giving up would hide."""
            return any(
                other in said and other not in chain and not suppressed(other, (*chain, sid))
                for other in self._suppressors.get(sid, ())
            )

        for sid in said:
            if suppressed(sid):
                found[sid] = found[sid]._replace(status=MatchStatus.SUPPRESSED)
            elif any(other in said for other in self._subsumers.get(sid, ())):
                found[sid] = found[sid]._replace(status=MatchStatus.SUBSUMED)

    @staticmethod
    def _key(tokens: Tokens, text: str, lo: int, hi: int) -> SentenceKey:
        """All a sentence's answer depends on: its text (which fixes its words' places and
        clauses), its words, which of them are quoted, and whether it asks."""
        base = tokens.starts[lo]
        return (
            text[base : tokens.ends[hi - 1]],
            tokens.window(lo, hi),
            tuple(tokens.quoted[lo:hi]),
            tokens.sentences[lo] in tokens.questions,
        )

    def _sentence(self, tokens: Tokens, text: str, lo: int, hi: int) -> tuple[SignalMatch, ...]:
        """The best match of each signal inside sentence words[lo:hi], its offsets counted
        from the sentence's start (and no evidence text), remembered under ``_key``."""
        base = tokens.starts[lo]
        key = self._key(tokens, text, lo, hi)
        known = self._sentences.get(key)
        if known is not None:
            self._sentences.move_to_end(key)
            return known
        found: dict[str, SignalMatch] = {}
        self._phrase_matches(tokens, text, found, lo, hi)
        self._pattern_matches(tokens, text, found, self._patterns.line_local, lo, hi)
        known = tuple(_shifted(m, -base) for m in found.values())
        if self._remember:
            self._sentences[key] = known
            if len(self._sentences) > self._remember:
                self._sentences.popitem(last=False)
        return known

    def _phrase_matches(
        self, tokens: Tokens, text: str, found: dict[str, SignalMatch], lo: int, hi: int
    ) -> None:
        starts, ends = tokens.starts, tokens.ends
        for phrase, scored in self._index.windows(tokens, lo, hi):
            ranked = sorted((-round(s, 1), starts[i], -ends[j - 1], i, j) for s, i, j in scored)
            for neg_score, start, neg_end, i, j in ranked:
                best = found.get(phrase.signal)
                if best and best.rank() < (0, neg_score, start, neg_end, phrase.order):
                    break  # not even a detected match from here on could beat it
                status = _status(tokens, i, j, phrase.negated, phrase.negatable)
                _keep(found, located(text, tokens, i, j, phrase, -neg_score, status))
                if status == "detected":
                    break

    def _pattern_matches(
        self,
        tokens: Tokens,
        text: str,
        found: dict[str, SignalMatch],
        which: int,
        lo: int = 0,
        hi: int | None = None,
    ) -> None:
        for entry, i, j, source in self._patterns.matches(tokens, which, lo, hi):
            best = found.get(entry.signal)
            if best and best.rank() < (
                0,
                -100.0,
                tokens.starts[i],
                -tokens.ends[j - 1],
                entry.order,
            ):
                continue
            # a pattern that spells out a negation means it: "you will never get a loan again"
            meant = spells_negation(source) and has_negation(tokens.norms[i:j])
            status = _status(tokens, i, j, meant, entry.negatable)
            _keep(found, located(text, tokens, i, j, entry, 100.0, status, source))


def _shifted(match: SignalMatch, by: int, text: str | None = None) -> SignalMatch:
    """``match`` moved ``by`` characters, with its evidence taken from ``text`` if given."""
    start, end = match.start + by, match.end + by
    evidence = text[start:end] if text is not None else ""
    return SignalMatch(
        match.signal,
        match.score,
        start,
        end,
        evidence,
        match.via,
        match.source,
        match.status,
        match.order,
    )


def located(
    text: str,
    tokens: Tokens,
    i: int,
    j: int,
    origin: Phrase | SignalPatterns,
    score: float,
    status: MatchStatus,
    pattern: str | None = None,
) -> SignalMatch:
    """The match of ``origin`` (a phrase, or a signal's patterns, of which ``pattern`` matched)
    on words[i:j] of the reply."""
    start, end = tokens.starts[i], tokens.ends[j - 1]
    if pattern is None:
        assert isinstance(origin, Phrase)
        via, source = "phrase", origin.text
    else:
        via, source = "pattern", pattern
    return SignalMatch(
        origin.signal, score, start, end, text[start:end], via, source, status, origin.order
    )


def _status(tokens: Tokens, i: int, j: int, phrase_negated: bool, negatable: bool) -> MatchStatus:
    if any(tokens.quoted[i:j]):
        return MatchStatus.QUOTED
    if negatable and negated_context(tokens, i, j) != phrase_negated:
        return MatchStatus.NEGATED
    return MatchStatus.DETECTED


def _keep(found: dict[str, SignalMatch], match: SignalMatch) -> None:
    current = found.get(match.signal)
    if current is None or match.rank() < current.rank():
        found[match.signal] = match
