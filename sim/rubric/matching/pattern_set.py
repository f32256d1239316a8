"""A rubric's patterns, and the replies each can match.

Each signal's patterns run as one regex over the reply's normalised text. Most regexes
cannot match most replies, and finding that out by running them is the matcher's largest
cost. So every regex carries the strings one of which any match must contain
(``patterns.required_literals``), and one Aho-Corasick pass over the reply finds all of
them at once: a regex runs only on a reply that holds one of its strings.

Most patterns cannot reach past a sentence (``patterns.line_local``); they run a sentence
at a time, so the matcher can remember a sentence's matches. The others run on the whole
reply.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

import ahocorasick

from sim.rubric.matching.patterns import Alternatives, line_local, required_literals
from sim.rubric.matching.text import Tokens


@dataclass(frozen=True, slots=True)
class SignalPatterns:
    signal: str
    regex: Alternatives
    sources: list[str]  # as the trainer wrote them, for evidence
    negatable: bool
    order: int  # place in the rubric: on an exact tie the earlier one wins


class PatternSet:
    def __init__(self, entries: list[tuple[SignalPatterns, tuple[str, ...]]]):
        """``entries``: each signal's patterns, with its regex sources (placeholders filled)."""
        self.entries = [entry for entry, _ in entries]
        self._always = 0  # entries with no string to look for: they always run
        self.line_local = 0  # entries whose matches never reach past a sentence
        wanted: dict[str, int] = {}
        for n, (_, sources) in enumerate(entries):
            if line_local(sources):
                self.line_local |= 1 << n
            needs = required_literals(sources)
            if needs is None:
                self._always |= 1 << n
                continue
            for literal in needs:
                wanted[literal] = wanted.get(literal, 0) | 1 << n
        self.spanning = (1 << len(entries)) - 1 - self.line_local
        self._finder = None
        if wanted:
            self._finder = ahocorasick.Automaton()
            for literal, bits in wanted.items():
                self._finder.add_word(literal, bits)
            self._finder.make_automaton()

    def matches(
        self, tokens: Tokens, which: int, lo: int = 0, hi: int | None = None
    ) -> Iterator[tuple[SignalPatterns, int, int, str]]:
        """Matches of the entries in the bit set ``which`` inside words[lo:hi], as
        (entry, i, j, source): the match covers words[i:j]."""
        starts = tokens.offsets
        pos, endpos = starts[lo], starts[len(tokens.norms) if hi is None else hi] - 1
        due = self._always
        if self._finder is not None:
            for _, bits in self._finder.iter(tokens.layout, pos, endpos):
                due |= bits
        due &= which
        while due:
            lowest = due & -due
            due ^= lowest
            entry = self.entries[lowest.bit_length() - 1]
            for m in entry.regex.finditer(tokens.layout, pos, endpos):
                i = bisect_right(starts, m.start()) - 1
                j = bisect_right(starts, max(m.end() - 1, m.start()))
                source = entry.sources[int(m.lastgroup[1:])] if m.lastgroup else entry.sources[0]
                yield entry, i, j, source
