"""Why a reply did not count as a signal: the closest candidates and what stopped each.

For a trainer asking "why didn't this count as acknowledging feelings?": each of the
signal's phrases at its best window in the reply (below its threshold, or missing a
word), each match that was found but set aside (negated, quoted, subsumed, suppressed),
and the learned layer's probability against its threshold, with the words it weighed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from sim.rubric.matching.matcher import MatchStatus, SignalMatcher
from sim.rubric.matching.negation import negated_context
from sim.rubric.matching.phrases import typo_match
from sim.rubric.matching.text import Tokens, scan

SET_ASIDE = {
    MatchStatus.NEGATED: "negated: said under a negation",
    MatchStatus.QUOTED: "quoted: the debtor's words, or reported speech",
    MatchStatus.SUBSUMED: "subsumed: a more specific signal in the same reply stands for it",
    MatchStatus.SUPPRESSED: "suppressed: a signal in the same reply cancels it",
}


@dataclass(frozen=True)
class NearMiss:
    signal: str
    via: str  # "phrase", "pattern" or "learned"
    candidate: str  # the phrase, pattern or the learned layer's words
    score: float  # similarity 0-100, or the learned probability as a percentage
    needed: float  # the threshold it had to reach
    reason: str  # what stopped it, in words
    evidence: str = ""  # the words of the reply it was compared with

    def as_dict(self) -> dict[str, object]:
        return {
            "signal": self.signal,
            "via": self.via,
            "candidate": self.candidate,
            "score": self.score,
            "needed": self.needed,
            "reason": self.reason,
            "evidence": self.evidence,
        }


def near_misses(
    matcher: SignalMatcher, text: str, signals: Iterable[str], *, limit: int = 5
) -> list[NearMiss]:
    """The closest candidates of each of ``signals`` that did not count, closest first."""
    wanted = set(signals)
    found = {m.signal: m for m in matcher.probe(text)}
    tokens = scan(text)  # once: every signal's candidates are weighed on the same words
    misses: list[NearMiss] = []
    for sid in sorted(wanted):
        match = found.get(sid)
        if match and match.status == MatchStatus.DETECTED:
            continue
        if match:
            misses.append(
                NearMiss(
                    sid,
                    match.via,
                    match.source,
                    match.score,
                    match.score,
                    SET_ASIDE[match.status],
                    match.evidence,
                )
            )
        misses += _phrase_misses(matcher, text, tokens, sid)[:limit]
        learned = matcher.learned_verdict(tokens, sid)
        if learned is not None:
            probability, threshold, words = learned
            misses.append(
                NearMiss(
                    sid,
                    "learned",
                    ", ".join(words) or "(no telling word)",
                    round(probability * 100, 1),
                    round(threshold * 100, 1),
                    f"learned probability {probability:.2f} below its threshold {threshold:.2f}",
                )
            )
        if not any(m.signal == sid for m in misses) and matcher.has_patterns(sid):
            misses.append(NearMiss(sid, "pattern", "", 0.0, 100.0, "no pattern matched"))
    misses.sort(key=lambda m: (-m.score / max(m.needed, 1e-9), m.signal, m.candidate))
    return misses


def _phrase_misses(
    matcher: SignalMatcher, text: str, tokens: Tokens, signal: str
) -> list[NearMiss]:
    norms = tokens.norms
    out = []
    for phrase in matcher.phrases:
        if phrase.signal != signal:
            continue
        best = (0.0, 0, 0)
        for size in range(max(phrase.size - 1, 1), phrase.size + 2):
            for i in range(0, max(len(norms) - size + 1, 0)):
                j = i + size
                if tokens.sentences[i] != tokens.sentences[j - 1]:
                    continue
                score = fuzz.ratio(phrase.norm, tokens.window(i, j))
                if score > best[0]:
                    best = (score, i, j)
        score, i, j = best
        if not score:
            continue
        window = norms[i:j]
        missing = [w for w in phrase.words if not any(typo_match(w, t) for t in window)]
        stopped = []
        if score < phrase.threshold:
            stopped.append(f"below threshold ({score:.1f} < {phrase.threshold:.0f})")
        if missing:
            stopped.append("missing word(s): " + ", ".join(missing))
        if stopped:
            reason = "; ".join(stopped)
        elif any(tokens.quoted[i:j]):
            reason = SET_ASIDE[MatchStatus.QUOTED]
        elif phrase.negatable and negated_context(tokens, i, j) != phrase.negated:
            reason = SET_ASIDE[MatchStatus.NEGATED]
        else:
            reason = "matched, but another match of the signal was kept"
        evidence = text[tokens.starts[i] : tokens.ends[j - 1]] if j > i else ""
        out.append(
            NearMiss(
                signal, "phrase", phrase.text, round(score, 1), phrase.threshold, reason, evidence
            )
        )
    out.sort(key=lambda m: -m.score)
    return out
