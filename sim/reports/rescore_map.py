"""The map of ``sim score`` over folders: one transcript -> its :class:`Change`, or why it
could not be read. The merge is the concatenation of the chunks' lists, in order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sim.errors import SimError
from sim.records.transcript import load_transcript
from sim.reports.audited import audit
from sim.reports.cohort_run import Chunk
from sim.reports.match_cache import MatchCache
from sim.reports.rescore import Change
from sim.reports.result_cache import ResultCache, cached
from sim.rubric.loader import LoadedRubric


@dataclass(frozen=True)
class ScoreJob:
    loaded: LoadedRubric
    secret: bytes | None
    keep_report: bool  # --json: each change carries the whole report
    cache: ResultCache | None
    matches: MatchCache | None = None  # each call's matches, when its result is not cached


@dataclass(frozen=True)
class Scored:
    path: str
    change: Change | None  # None when the file could not be read
    problem: str | None = None


def score_chunk(chunk: Chunk, job: ScoreJob) -> list[Scored]:
    return [scored(Path(path), job) for _, path in chunk]


def scored(path: Path, job: ScoreJob) -> Scored:
    """One call re-scored (from the cache when it holds these exact inputs' result)."""
    return cached(
        job.cache,
        path,
        lambda: _score(path, job),
        lambda stored: Scored(str(path), Change.from_fields(stored)),
        lambda done: done.change.fields() if done.change else None,
    )


def _score(path: Path, job: ScoreJob) -> Scored:
    try:
        record = load_transcript(path)
        found = job.matches.matches(record, job.loaded) if job.matches else None
        call = audit(path, job.loaded, record, job.secret, found)
    except SimError as exc:  # one unreadable file never stops the rest
        return Scored(str(path), None, str(exc))
    return Scored(str(path), Change.of(call, keep_report=job.keep_report))
