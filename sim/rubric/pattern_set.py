"""A rubric's patterns, and the replies each can match.

Each signal's patterns run as one regex over the reply's normalised text. Most regexes
cannot match most replies, and finding that out by running them is the matcher's largest
cost. So every regex carries the strings one of which any match must contain
(``patterns.required_literals``), and one Aho-Corasick pass over the reply finds all of
them at once: a regex runs only on a reply that holds one of its strings.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

import ahocorasick

from sim.rubric.patterns import required_literals
from sim.rubric.text import Tokens


@dataclass(frozen=True, slots=True)
class SignalPatterns:
    signal: str
    regex: re.Pattern[str]
    sources: list[str]  # as the trainer wrote them, for evidence
    negatable: bool
    order: int  # place in the rubric: on an exact tie the earlier one wins


class PatternSet:
    def __init__(self, entries: list[tuple[SignalPatterns, tuple[str, ...]]]):
        """``entries``: each signal's patterns, with its regex sources (placeholders filled)."""
        self.entries = [entry for entry, _ in entries]
        self._always = 0  # entries with no string to look for: they always run
        wanted: dict[str, int] = {}
        for n, (_, sources) in enumerate(entries):
            needs = required_literals(sources)
            if needs is None:
                self._always |= 1 << n
                continue
            for literal in needs:
                wanted[literal] = wanted.get(literal, 0) | 1 << n
        self._finder = None
        if wanted:
            self._finder = ahocorasick.Automaton()
            for literal, bits in wanted.items():
                self._finder.add_word(literal, bits)
            self._finder.make_automaton()

    def matches(self, tokens: Tokens) -> Iterator[tuple[SignalPatterns, int, int, str]]:
        """Every match as (entry, i, j, source): it covers words[i:j]."""
        norm = tokens.layout
        due = self._always
        if self._finder is not None:
            for _, bits in self._finder.iter(norm):
                due |= bits
        starts = tokens.offsets
        while due:
            lowest = due & -due
            due ^= lowest
            entry = self.entries[lowest.bit_length() - 1]
            for m in entry.regex.finditer(norm):
                i = bisect_right(starts, m.start()) - 1
                j = bisect_right(starts, max(m.end() - 1, m.start()))
                source = entry.sources[int(m.lastgroup[1:])] if m.lastgroup else entry.sources[0]
                yield entry, i, j, source
