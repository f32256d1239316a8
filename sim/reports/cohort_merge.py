"""The merge of cohort work: the facts of consecutive transcripts folded into one state.

:meth:`CohortState.merge` is associative: merging the states of runs of transcripts in
the order given, however they were grouped, gives the state of reading them one by one,
so the map can run on any number of processes or machines and the report stays the same.
A transcript met again (the same last line's hash) is counted once, at its first path.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from sim.reports.cohort_filters import Filters
from sim.reports.cohort_map import CallFacts
from sim.reports.cohort_row import Row


def identity(digest: str) -> bytes:
    """A transcript's hash in 16 bytes: enough to tell calls apart, small to keep."""
    return hashlib.blake2b(digest.encode(), digest_size=16).digest()


@dataclass(frozen=True)
class Duplicate:
    index: int  # where the path came in the order given
    path: str
    digest: str


@dataclass(frozen=True)
class Listed:
    """A call the cohort lists: its row (ranked or not) and what the summaries add up."""

    index: int  # where the path came in the order given
    row: Row
    questions: tuple[str, ...]
    check_ok: bool


@dataclass
class CohortState:
    filters: Filters
    include_unverified: bool = False
    calls: list[Listed] = field(default_factory=list)  # in the order given, until taken
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why), not read
    duplicates: list[Duplicate] = field(default_factory=list)
    # a transcript's identity -> where its first path came in the order given: kept for
    # every call, so a few dozen bytes each rather than the hash and path as strings
    seen: dict[bytes, int] = field(default_factory=dict)
    candidates: set[str] = field(default_factory=set)  # of every call read, for warnings
    scenarios: set[str] = field(default_factory=set)
    newest: str = ""  # the latest start of a call listed

    def add(self, index: int, facts: CallFacts) -> None:
        """Fold in the transcript that comes ``index``-th in the order given."""
        if facts.header is not None:
            self.candidates.add(facts.header.candidate or "anonymous")
            self.scenarios.add(facts.header.scenario)
            if not self.filters.keep(facts.header):
                return
        if facts.row is None:  # a call left out by the filters has no problem and no row
            self.skipped.append((facts.path, str(facts.problem)))
            return
        ranks = self.filters.ranks(facts.header.mode if facts.header else None)
        row = replace(facts.row, ranked=ranks and (facts.trusted or self.include_unverified))
        self._list(Listed(index, row, facts.questions, facts.check_ok))

    def first(self, duplicate: Duplicate) -> int:
        """Where the first path of the transcript ``duplicate`` repeats came."""
        return self.seen[identity(duplicate.digest)]

    def _list(self, call: Listed) -> None:
        if call.check_ok and identity(call.row.digest) in self.seen:
            self.duplicates.append(Duplicate(call.index, call.row.path, call.row.digest))
            return
        self.seen.setdefault(identity(call.row.digest), call.index)
        self.newest = max(self.newest, call.row.started_at)
        self.calls.append(call)

    def merge(self, later: CohortState) -> CohortState:
        """This state followed by ``later``'s (the transcripts that came after); in place."""
        self.candidates |= later.candidates
        self.scenarios |= later.scenarios
        self.skipped += later.skipped
        self.duplicates += later.duplicates
        for call in later.calls:  # against the earlier calls' hashes only: later's come next
            if call.check_ok and identity(call.row.digest) in self.seen:
                self.duplicates.append(Duplicate(call.index, call.row.path, call.row.digest))
            else:
                self.newest = max(self.newest, call.row.started_at)
                self.calls.append(call)
        for key, index in later.seen.items():
            self.seen.setdefault(key, index)
        return self
