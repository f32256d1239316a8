"""The map of cohort work: one transcript (and its review) -> a small typed result.

:func:`call_facts` is pure in its inputs (the file, its review, the rubric, the key and the
filters), so it runs in any process or on any machine, and its result can be cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.errors import SimError
from sim.records.transcript import load_transcript
from sim.reports.audited import audit
from sim.reports.cohort_filters import CallHeader, Filters
from sim.reports.cohort_row import Row
from sim.reports.match_cache import MatchCache
from sim.reports.result_cache import ResultCache, cached
from sim.rubric.loader import LoadedRubric


@dataclass(frozen=True)
class CallFacts:
    """What one transcript gives a cohort. ``header`` is None when the file could not be
    read; ``problem`` says why it is skipped (unreadable, or it could not be assessed);
    ``row`` (never ranked yet: the merge decides) is None when the filters left the call
    out before it was assessed, or it is skipped."""

    path: str
    header: CallHeader | None
    problem: str | None
    row: Row | None
    questions: tuple[str, ...] = ()  # the report's interview questions
    check_ok: bool = False  # the transcript passes its check (duplicates are told by it)
    trusted: bool = False  # verified, finished, reviews counted: may be ranked

    @property
    def whole(self) -> bool:
        """Read as far as it goes whatever the filters (what the cache may keep)."""
        return self.header is None or self.problem is not None or self.row is not None

    def fields(self) -> dict[str, Any]:
        h = self.header
        return {
            "path": self.path,
            "header": [h.scenario, h.candidate, h.started_at, h.mode] if h else None,
            "problem": self.problem,
            "row": self.row.fields() if self.row else None,
            "questions": list(self.questions),
            "check_ok": self.check_ok,
            "trusted": self.trusted,
        }

    @classmethod
    def from_fields(cls, data: dict[str, Any]) -> CallFacts:
        """The inverse of :meth:`fields`; ``TypeError``/``KeyError``/``ValueError`` else."""
        header, row = data["header"], data["row"]
        return cls(
            str(data["path"]),
            CallHeader(*header) if header is not None else None,
            data["problem"],
            Row.from_fields(row) if row is not None else None,
            tuple(data["questions"]),
            bool(data["check_ok"]),
            bool(data["trusted"]),
        )


@dataclass(frozen=True)
class MapJob:
    """Everything the map needs besides the path; sent once to each worker."""

    loaded: LoadedRubric
    secret: bytes | None  # the signing key, resolved where the command runs
    filters: Filters
    cache: ResultCache | None
    include_unverified: bool = False  # rank calls that fail their checks (read by the merge)
    matches: MatchCache | None = None  # each call's matches, when its result is not cached


def call_facts(path: Path, job: MapJob) -> CallFacts:
    """One transcript's facts (from the cache when it holds these exact inputs' result)."""
    return cached(
        job.cache,
        path,
        lambda: _assess(path, job),
        CallFacts.from_fields,
        lambda facts: facts.fields() if facts.whole else None,
    )


def _assess(path: Path, job: MapJob) -> CallFacts:
    # One unreadable file (empty, cut, edited by hand, junk) is flagged and skipped:
    # it never stops the report on the rest of the cohort.
    try:
        record = load_transcript(path)
    except SimError as exc:
        return CallFacts(str(path), None, str(exc), None)
    h = record.header
    header = CallHeader(h.scenario.id, h.candidate, h.started_at, h.mode)
    if not job.filters.keep(header):
        return CallFacts(str(path), header, None, None)
    try:
        found = job.matches.matches(record, job.loaded) if job.matches else None
        call = audit(path, job.loaded, record, job.secret, found)
    except SimError as exc:
        return CallFacts(str(path), header, str(exc), None)
    return CallFacts(
        str(path),
        header,
        None,
        Row.of(call, ranked=False),
        call.machine.interview_questions,
        call.check.ok,
        call.trusted,
    )
