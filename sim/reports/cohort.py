"""A cohort of calls: the summary made from the merged facts of every transcript.

The per-transcript work is a map (:mod:`sim.reports.cohort_map`), the cohort a merge of its
results (:mod:`sim.reports.cohort_merge`); this module runs them (:mod:`sim.reports.cohort_run`:
here, on local processes or on Dask) and makes the summaries reports read.

Every call is checked (:mod:`sim.reports.audited`); rankings and the per-candidate view use
only calls that pass their check, finished, and were taken in the modes ranked
(assessments unless asked otherwise). The others are still listed, with why.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim import __version__
from sim.errors import SimError
from sim.records.chain import FROM_ENV, Secret, secret_of
from sim.records.review import cohen_kappa
from sim.reports.cohort_candidates import CandidateSummary, CandidateTally
from sim.reports.cohort_filters import Filters, transcript_names, transcript_paths
from sim.reports.cohort_map import MapJob, call_facts
from sim.reports.cohort_merge import CohortState
from sim.reports.cohort_row import Row
from sim.reports.cohort_run import Chunk, Run, Where
from sim.reports.cohort_spill import SortedSpill
from sim.reports.match_cache import MatchCache
from sim.reports.result_cache import ResultCache
from sim.rubric.loader import LoadedRubric
from sim.rubric.model import COMPETENCIES

__all__ = ["Cohort", "Filters", "Row", "build_cohort", "transcript_paths"]  # as before the split

MIN_AGREEMENT = 5  # reviewed calls before kappa and mean differences mean anything
SCORE_BINS = range(10)  # 0-9, 10-19, ..., 80-89, 90-100


def score_bin(score: int) -> int:
    return min(score // 10, 9)


def bin_label(b: int) -> str:
    """How reports name a histogram bin: '0-9' ... '80-89', '90-100'."""
    return f"{b * 10}-{b * 10 + 9 if b < 9 else 100}"


class Rows:
    """The listed calls of one kind (ranked or not), read off the cohort's rows in order."""

    def __init__(self, rows: SortedSpill[Row], ranked: bool, count: int) -> None:
        self._rows, self._ranked, self._count = rows, ranked, count

    def __iter__(self) -> Iterator[Row]:
        return (r for r in self._rows if r.ranked == self._ranked)

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0


@dataclass
class Cohort:
    """The calls listed (``rows``: in report order, most of them on disk when there are
    many) and every summary, added up as each call comes in."""

    role: str
    provenance: dict[str, Any] = field(default_factory=dict)
    rows: SortedSpill[Row] = field(init=False)
    roles: list[str] = field(init=False)  # the roles a row has a fit for
    histograms: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    outcomes: Counter[str] = field(default_factory=Counter)
    ended_in: Counter[str] = field(default_factory=Counter)
    questions: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    mad: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    pass_pairs: list[tuple[bool, bool]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why), not read
    warnings: list[str] = field(default_factory=list)
    tallies: dict[str, CandidateTally] = field(default_factory=lambda: defaultdict(CandidateTally))
    ranked_count: int = 0
    unverified_count: int = 0  # listed calls that fail their checks
    _problems: list[tuple[Any, str, str]] = field(default_factory=list)  # (row key, path, why)

    def __post_init__(self) -> None:
        self.rows = SortedSpill(self._order)
        self.roles = [self.role]

    def _order(self, row: Row) -> tuple[Any, ...]:
        return (not row.ranked, -row.role_fit[self.role], row.candidate, row.path)

    def add(self, row: Row, questions: Iterable[str]) -> None:
        """List the call; count it in the summaries when it is ranked."""
        if not self.rows:
            self.roles = sorted(row.role_fit)
        self.rows.append(row)
        self.tallies[row.candidate].add(row, self.role)
        self.unverified_count += not row.verified
        self._problems.extend((self._order(row), row.path, why) for why in row.problems)
        if not row.ranked:
            return
        self.ranked_count += 1
        for c, value in row.scores.items():
            if value is not None:
                self.histograms[c][score_bin(value)] += 1
        self.outcomes[row.outcome or "incomplete"] += 1
        self.ended_in[row.ended_in or "unknown"] += 1  # none in a hand-made file
        self.questions[row.candidate].update(questions)
        if row.human:
            self.pass_pairs.append((row.machine["passed"], row.human["passed"]))
            for c in COMPETENCIES:
                human, machine = row.human["scores"][c], row.machine["scores"][c]
                if human is not None and machine is not None:
                    self.mad[c].append(abs(human - machine))

    def problems(self) -> list[tuple[str, str]]:
        """(path, why) of every listed call's problems, in the rows' order: told without
        reading the rows back."""
        return [(path, why) for _, path, why in sorted(self._problems, key=lambda p: p[0])]

    @property
    def ranked(self) -> Rows:
        return Rows(self.rows, True, self.ranked_count)

    @property
    def unranked(self) -> Rows:
        return Rows(self.rows, False, len(self.rows) - self.ranked_count)

    def agreement(self) -> dict[str, Any]:
        """Machine and human agreement over the reviewed ranked calls; the statistics only
        from MIN_AGREEMENT calls, and always with their n."""
        n = len(self.pass_pairs)
        enough = n >= MIN_AGREEMENT
        return {
            "reviewed_calls": n,
            "minimum": MIN_AGREEMENT,
            "mean_abs_difference": {
                c: round(sum(d) / len(d), 2) for c, d in sorted(self.mad.items()) if d
            }
            if enough
            else None,
            "kappa_pass_fail": cohen_kappa(self.pass_pairs) if enough else None,
        }

    def candidates(self) -> list[CandidateSummary]:
        """One summary per candidate with a ranked call, best mean role fit first."""
        out = [t.summary(who) for who, t in self.tallies.items() if t.attempts]
        return sorted(out, key=lambda s: (-s.fit, s.candidate))


def map_chunk(chunk: Chunk, job: MapJob) -> CohortState:
    """The map and merge of one chunk of transcripts, wherever it runs."""
    state = CohortState(job.filters, job.include_unverified)
    for index, path in chunk:
        state.add(index, call_facts(Path(path), job))
    return state


def build_cohort(
    paths: Iterable[str],
    loaded: LoadedRubric,
    role: str,
    filters: Filters | None = None,
    *,
    include_unverified: bool = False,
    secret: Secret = FROM_ENV,
    where: Where | None = None,
    cache: Path | None = None,
) -> Cohort:
    """``secret``: the key the calls' signatures are checked with (by default
    ``SIM_TRANSCRIPT_KEY``; ``sim serve`` gives its own); ``where``: where the map runs (by
    default here); ``cache``: the result cache's folder (None: no cache)."""
    rubric = loaded.rubric
    if role not in rubric.roles:
        raise SimError(f"unknown role '{role}'; the rubric has: {', '.join(rubric.roles)}")
    filters = filters or Filters()
    key = secret_of(secret)
    results = ResultCache.open(cache, "cohort", loaded.sha256, key) if cache else None
    matches = MatchCache.open(cache, loaded) if cache else None
    job = MapJob(loaded, key, filters, results, include_unverified, matches)
    state = CohortState(filters, include_unverified)
    cohort = Cohort(role)
    found = list(transcript_names(paths))
    for part in Run(map_chunk, job).parts(found, where or Where()):
        state.merge(part)
        for call in state.calls:  # the calls this part added, summed up as they come
            cohort.add(call.row, call.questions)
        state.calls.clear()
    return _finish(cohort, state, loaded, found)


def _finish(cohort: Cohort, state: CohortState, loaded: LoadedRubric, paths: list[str]) -> Cohort:
    cohort.skipped = state.skipped
    cohort.warnings = [
        f"{d.path}: the same transcript as {paths[state.first(d)]}; counted once"
        for d in sorted(state.duplicates, key=lambda d: d.index)
    ]
    cohort.provenance = {
        "rubric": loaded.rubric.id,
        "rubric_sha256": loaded.sha256,
        "program": f"sim {__version__}",
        "as_of": state.newest or None,
    }
    _warn_unmatched(cohort, state.filters, state.candidates, state.scenarios)
    return cohort


def _warn_unmatched(
    cohort: Cohort, filters: Filters, candidates: set[str], scenarios: set[str]
) -> None:
    if filters.candidate and not any(filters.candidate_matches(c) for c in candidates):
        cohort.warnings.append(
            f"--candidate {filters.candidate}: no call of that candidate "
            f"(there are: {', '.join(sorted(candidates)) or 'none'})"
        )
    if filters.scenario and filters.scenario not in scenarios:
        cohort.warnings.append(
            f"--scenario {filters.scenario}: no call of that scenario "
            f"(there are: {', '.join(sorted(scenarios)) or 'none'})"
        )
    if not cohort.rows and not cohort.warnings:
        cohort.warnings.append("no call matches the filters given")
    elif cohort.rows and not cohort.ranked:
        cohort.warnings.append(
            "no call is ranked: none is a verified, finished call of the mode ranked "
            "(see --mode and --include-unverified)"
        )
