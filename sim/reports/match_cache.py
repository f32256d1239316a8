"""The second level of the result cache: each call's matches, keyed on what they depend on.

A result entry is keyed on the whole rubric, so any change to it (a pass mark, a weight, a
rule's severity) misses. What a call's replies match depends only on the replies' text, the
matching fingerprint (:mod:`sim.rubric.fingerprint`) and the program's version, so a
re-score after such a change reads the matches and runs only the assessment. Entries
share the result cache's folder and its checks: a cut or edited entry is ignored and
written again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim import __version__
from sim.records.transcript import CallRecord
from sim.reports.result_cache import ResultCache, sha256_of
from sim.rubric.fingerprint import MatchingInputs
from sim.rubric.loader import LoadedRubric
from sim.rubric.matching.matcher import MatchStatus, SignalMatch

LAYOUT = "matches-v1"
Matches = list[list[SignalMatch]]


def _fields(matches: Sequence[Sequence[SignalMatch]]) -> list[list[list[Any]]]:
    return [[list(m) for m in reply] for reply in matches]


def _read(stored: Any) -> Matches:
    """The inverse of :func:`_fields`; ``TypeError``/``ValueError`` for anything else."""
    out = []
    for reply in stored:
        found = []
        for signal, score, start, end, evidence, via, source, status, order in reply:
            found.append(
                SignalMatch(
                    str(signal),
                    float(score),
                    int(start),
                    int(end),
                    str(evidence),
                    str(via),
                    str(source),
                    MatchStatus(status),
                    int(order),
                )
            )
        out.append(found)
    return out


@dataclass(frozen=True)
class MatchCache:
    store: ResultCache  # its folder and entry checks; its context is not used
    inputs: MatchingInputs

    @classmethod
    def open(cls, folder: Path, loaded: LoadedRubric) -> MatchCache:
        return cls(ResultCache(folder / LAYOUT, ""), MatchingInputs.of(loaded))

    def matches(self, record: CallRecord, loaded: LoadedRubric) -> Matches:
        """The matches of ``record``'s replies: cached, else found and stored (keyed on what
        they are read from, not on the file, which the caller has read already)."""
        fingerprint = self.inputs.fingerprint(record.header.facts)
        replies = (t.agent.encode("utf-8", "surrogatepass") for t in record.turns)
        key = sha256_of(LAYOUT.encode(), __version__.encode(), fingerprint.encode(), *replies)
        stored = self.store.get(key)
        if stored is not None:
            try:
                found = _read(stored)
            except (TypeError, ValueError):
                found = None
            if found is not None and len(found) == len(record.turns):
                return found
        found = match_record(record, loaded)
        self.store.put(key, _fields(found))
        return found


def match_record(record: CallRecord, loaded: LoadedRubric) -> Matches:
    """Each reply's matches, as the assessment would find them."""
    matcher = loaded.matcher(record.header.facts)
    return matcher.match_many([t.agent for t in record.turns])
