"""A footnote, not a headline: our matcher's `match_many` against rapidfuzz's raw `cdist`
kernel on the reply-by-phrase pairs comparing everything with everything would score.

The two are different algorithms, the corpus is built from the rubric's own phrases (most
sentences repeat) and only matching is timed; it says how the matching kernel compares,
nothing about what a user waits for (see the end-to-end figures).
"""

from __future__ import annotations

import random
import time

from rapidfuzz import fuzz, process

from sim.rubric.loader import LoadedRubric
from sim.rubric.matching.text import scan

OPENERS = ["", "Okay, ", "Look, ", "I hear you. ", "Right, so ", "Honestly, "]
FILLERS = ["let me check the account", "I want to help you with this", "is now a good time"]


def phrase_corpus(loaded: LoadedRubric, n: int, seed: int = 11) -> list[str]:
    """Replies built from the rubric's phrase bank, fillers and typos (seeded)."""
    rng = random.Random(seed)
    phrases = [p for s in loaded.rubric.signals.values() for p in s.phrases if "{" not in p]
    out = []
    for _ in range(n):
        parts = [rng.choice(OPENERS) + rng.choice(phrases)]
        if rng.random() < 0.7:
            parts.append(rng.choice(FILLERS))
        text = ". ".join(parts) + rng.choice([".", "?", "!"])
        if rng.random() < 0.2:  # a typo
            i = rng.randrange(1, len(text) - 1)
            text = text[:i] + text[i + 1 :]
        out.append(text)
    return out


def per_reply(loaded: LoadedRubric, facts: dict[str, str], n: int) -> str:
    """One reply at a time, nothing remembered: what a live turn costs (issue #12 holds its
    p99 to 5 ms)."""
    replies = phrase_corpus(loaded, n, seed=13)
    matcher = loaded.build_matcher(facts, remember=0)
    matcher.match(replies[0])  # the first use compiles what the matcher compiles lazily
    took = []
    for text in replies:
        start = time.perf_counter()
        matcher.match(text)
        took.append(time.perf_counter() - start)
    took.sort()
    p50, p99 = took[len(took) // 2] * 1000, took[int(len(took) * 0.99)] * 1000
    return (
        f"p50 {p50:.2f} ms, p99 {p99:.2f} ms, {n / sum(took):,.0f} replies/s "
        f"({n:,} phrase-bank replies, one at a time)"
    )


def kernel_ratio(loaded: LoadedRubric, facts: dict[str, str], n: int) -> str:
    replies = phrase_corpus(loaded, n)
    matcher = loaded.build_matcher(facts, remember=0)  # nothing remembered: every sentence afresh
    start = time.perf_counter()
    matcher.match_many(replies)
    ours = time.perf_counter() - start

    queries: dict[int, list[str]] = {}
    for phrase in matcher.phrases:
        queries.setdefault(phrase.size, []).append(phrase.norm)
    sizes = {s for k in queries for s in (k - 1, k, k + 1) if s >= 1}
    windows: dict[int, list[str]] = {size: [] for size in sizes}
    for text in replies:
        tokens = scan(text)
        norms, sentences = tokens.norms, tokens.sentences
        for size in sizes:
            for i in range(len(norms) - size + 1):
                if sentences[i] == sentences[i + size - 1]:
                    windows[size].append(" ".join(norms[i : i + size]))
    start = time.perf_counter()
    for k, group in queries.items():
        pool = [w for size in (k - 1, k, k + 1) for w in windows.get(size, [])]
        process.cdist(group, pool, scorer=fuzz.ratio, score_cutoff=80, workers=1)
    kernel = time.perf_counter() - start
    return (
        f"match_many {n / ours:,.0f} replies/s, rapidfuzz cdist {n / kernel:,.0f} replies/s, "
        f"ours/kernel = {kernel / ours:.2f} ({n:,} phrase-bank replies, matching only)"
    )
