"""A cohort of calls: one small row per transcript, streamed, with summaries for charts.

Transcripts are read one at a time and only their row is kept (a few hundred bytes), so
memory does not depend on how long the calls were, and summaries are running counts.

Every call is checked (:mod:`sim.reports.audited`); rankings and the per-candidate view use
only calls that pass their check, finished, and were taken in the modes ranked
(assessments unless asked otherwise). The others are still listed, with why.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sim import __version__
from sim.errors import SimError
from sim.records.chain import FROM_ENV, Secret
from sim.records.events import TranscriptHeader
from sim.records.review import SEVERITIES, cohen_kappa
from sim.records.transcript import load_transcript
from sim.reports.audited import AuditedCall, audit
from sim.reports.call_report import applicable
from sim.rubric.loader import LoadedRubric
from sim.rubric.model import COMPETENCIES

MODES = ("assessment", "practice", "headless")
MIN_AGREEMENT = 5  # reviewed calls before kappa and mean differences mean anything


def transcript_paths(paths: Iterable[str]) -> Iterator[Path]:
    """Each transcript under ``paths`` once, however often a file or folder is given."""
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.jsonl") if not p.name.endswith(".review.jsonl"))
        elif path.exists():
            found = [path]
        else:
            raise SimError(f"{raw}: no such transcript or folder")
        for p in found:
            real = p.resolve()
            if real not in seen:
                seen.add(real)
                yield p


SCORE_BINS = range(10)  # 0-9, 10-19, ..., 80-89, 90-100


def score_bin(score: int) -> int:
    return min(score // 10, 9)


def bin_label(b: int) -> str:
    """How reports name a histogram bin: '0-9' ... '80-89', '90-100'."""
    return f"{b * 10}-{b * 10 + 9 if b < 9 else 100}"


def parse_day(value: str | None, option: str) -> date | None:
    """A ``--since``/``--until`` date; anything but YYYY-MM-DD is a clear error."""
    if value is None:
        return None
    text = value.strip()
    try:
        if len(text) == len("YYYY-MM-DD"):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise SimError(f"{option} {value}: write the date as YYYY-MM-DD, e.g. 2026-11-05")


def call_day(header: TranscriptHeader) -> date | None:
    try:
        return datetime.fromisoformat(header.started_at or "").date()
    except ValueError:
        return None


@dataclass(frozen=True)
class Filters:
    scenario: str | None = None
    candidate: str | None = None
    since: date | None = None  # inclusive
    until: date | None = None
    mode: str | None = None  # None: list every mode, rank assessments; "all": rank all

    @classmethod
    def parse(
        cls,
        scenario: str | None = None,
        candidate: str | None = None,
        since: str | None = None,
        until: str | None = None,
        mode: str | None = None,
    ) -> Filters:
        return cls(
            scenario, candidate, parse_day(since, "--since"), parse_day(until, "--until"), mode
        )

    def candidate_matches(self, stored: str | None) -> bool:
        """``--candidate c-101`` finds 'c-101 Avery': the whole id or its first word,
        ignoring case."""
        if not self.candidate:
            return True
        given, have = self.candidate.strip().casefold(), (stored or "").casefold()
        return have == given or have.split(" ")[0] == given

    def keep(self, header: TranscriptHeader) -> bool:
        day = call_day(header)
        return (
            (not self.scenario or header.scenario.id == self.scenario)
            and self.candidate_matches(header.candidate)
            and (not self.since or (day is not None and day >= self.since))
            and (not self.until or (day is not None and day <= self.until))
            and (self.mode in (None, "all") or header.mode == self.mode)
        )

    def ranks(self, mode: str | None) -> bool:
        return self.mode == "all" or mode == (self.mode or "assessment")


@dataclass(frozen=True)
class Row:
    """One call. ``scores``, ``overall``, ``passed`` and ``role_fit`` are the headline
    (the human verdict when reviewed); ``machine`` holds the machine's beside it. A score
    is None for a competency the call could not show (``not_applicable``)."""

    path: str
    candidate: str
    scenario: str
    date: str
    started_at: str
    mode: str
    seed: int | None
    scores: dict[str, int | None]
    not_applicable: tuple[str, ...]
    overall: int
    passed: bool
    verdict_by: str  # "human" or "machine"
    machine: dict[str, Any]  # {"scores", "overall", "passed"}
    human: dict[str, Any] | None  # {"scores", "overall", "passed", "reviews"}
    role_fit: dict[str, int]
    critical: tuple[str, ...]
    violations: dict[str, int]  # counts by severity
    flags: tuple[str, ...]  # integrity flags of the replies
    outcome: str | None
    ended_in: str | None
    complete: bool
    problems: tuple[str, ...]  # why the call cannot be relied on
    verified: bool  # the transcript and its reviews pass their checks
    ranked: bool
    digest: str  # the hash of the transcript's last line: the call's identity

    @classmethod
    def of(cls, call: AuditedCall, *, ranked: bool) -> Row:
        report, head, header = call.report, call.headline, call.record.header
        standing = (call.human or report)["violations"]
        return cls(
            str(call.path),
            report["candidate"] or "anonymous",
            report["scenario"],
            (header.started_at or "")[:10],
            header.started_at or "",
            header.mode or "unknown",
            header.seed,
            head.scores,
            tuple(report["not_applicable"]),
            head.overall,
            head.passed,
            head.by,
            {
                "scores": applicable(report),
                "overall": report["overall"],
                "passed": report["passed"],
            },
            {
                "scores": applicable(call.human),
                **{k: call.human[k] for k in ("overall", "passed", "reviews")},
            }
            if call.human
            else None,
            head.role_fit,
            tuple(sorted({v["rule"] for v in standing if v["severity"] == "critical"})),
            {s: sum(v["severity"] == s for v in standing) for s in SEVERITIES},
            tuple(sorted({f["flag"] for f in report["integrity"]})),
            report["outcome"],
            report["ended_in"],
            call.record.complete,
            tuple(call.problems),
            call.verified,
            ranked,
            call.check.last,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "candidate": self.candidate,
            "scenario": self.scenario,
            "date": self.date,
            "started_at": self.started_at,
            "mode": self.mode,
            "seed": self.seed,
            "scores": self.scores,
            "not_applicable": list(self.not_applicable),
            "overall": self.overall,
            "passed": self.passed,
            "verdict_by": self.verdict_by,
            "machine": self.machine,
            "human": self.human,
            "role_fit": self.role_fit,
            "critical": list(self.critical),
            "violations": self.violations,
            "integrity": list(self.flags),
            "outcome": self.outcome,
            "ended_in": self.ended_in,
            "complete": self.complete,
            "verified": self.verified,
            "problems": list(self.problems),
            "ranked": self.ranked,
            "sha256": self.digest,
        }


@dataclass(frozen=True)
class CandidateSummary:
    """The hiring view of one candidate, over their ranked calls. A mean is over the calls
    a competency applied to; None when it applied to none."""

    candidate: str
    attempts: int
    passes: int
    best: int
    latest: int
    latest_passed: bool
    means: dict[str, float | None]
    fit: float  # mean role fit for the cohort's role
    flags: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "candidate": self.candidate,
            "attempts": self.attempts,
            "passes": self.passes,
            "best": self.best,
            "latest": self.latest,
            "latest_passed": self.latest_passed,
            "means": self.means,
            "fit": self.fit,
            "flags": list(self.flags),
        }


@dataclass
class Cohort:
    role: str
    provenance: dict[str, Any] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    histograms: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    outcomes: Counter[str] = field(default_factory=Counter)
    ended_in: Counter[str] = field(default_factory=Counter)
    questions: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    mad: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    pass_pairs: list[tuple[bool, bool]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why), not read
    warnings: list[str] = field(default_factory=list)

    def add(self, row: Row, call: AuditedCall) -> None:
        """List the call; count it in the summaries when it is ranked."""
        self.rows.append(row)
        if not row.ranked:
            return
        report = call.report
        for c, value in row.scores.items():
            if value is not None:
                self.histograms[c][score_bin(value)] += 1
        self.outcomes[report["outcome"] or "incomplete"] += 1
        self.ended_in[report["ended_in"] or "unknown"] += 1  # none in a hand-made file
        self.questions[row.candidate].update(report["interview_questions"])
        if row.human:
            self.pass_pairs.append((row.machine["passed"], row.human["passed"]))
            for c in COMPETENCIES:
                human, machine = row.human["scores"][c], row.machine["scores"][c]
                if human is not None and machine is not None:
                    self.mad[c].append(abs(human - machine))

    @property
    def ranked(self) -> list[Row]:
        return [r for r in self.rows if r.ranked]

    @property
    def unranked(self) -> list[Row]:
        return [r for r in self.rows if not r.ranked]

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
        by: dict[str, list[Row]] = defaultdict(list)
        for row in self.ranked:
            by[row.candidate].append(row)
        left_out = Counter(r.candidate for r in self.unranked)
        out = []
        for who, rows in by.items():
            latest = max(rows, key=lambda r: (r.started_at, r.path))
            flags = sorted(
                {c for r in rows for c in r.critical} | {f for r in rows for f in r.flags}
            )
            if left_out[who]:
                flags.append(f"{left_out[who]} call(s) not ranked")
            out.append(
                CandidateSummary(
                    who,
                    len(rows),
                    sum(r.passed for r in rows),
                    max(r.overall for r in rows),
                    latest.overall,
                    latest.passed,
                    {c: _mean([r.scores[c] for r in rows]) for c in COMPETENCIES},
                    round(sum(r.role_fit[self.role] for r in rows) / len(rows), 1),
                    tuple(flags),
                )
            )
        return sorted(out, key=lambda s: (-s.fit, s.candidate))


def _mean(values: list[int | None]) -> float | None:
    """The mean of the scores that apply; None when none does (never a 0 for "n/a")."""
    counted = [v for v in values if v is not None]
    return round(sum(counted) / len(counted), 1) if counted else None


def build_cohort(
    paths: Iterable[str],
    loaded: LoadedRubric,
    role: str,
    filters: Filters | None = None,
    *,
    include_unverified: bool = False,
    secret: Secret = FROM_ENV,
) -> Cohort:
    """``secret``: the key the calls' signatures are checked with (by default
    ``SIM_TRANSCRIPT_KEY``; ``sim serve`` gives its own)."""
    rubric = loaded.rubric
    if role not in rubric.roles:
        raise SimError(f"unknown role '{role}'; the rubric has: {', '.join(rubric.roles)}")
    filters = filters or Filters()
    cohort = Cohort(role)
    seen: dict[str, str] = {}  # the hash of a transcript's last line -> its first path
    candidates: set[str] = set()
    scenarios: set[str] = set()
    newest = ""
    for path in transcript_paths(paths):
        # One unreadable file (empty, cut, edited by hand, junk) is flagged and skipped:
        # it never stops the report on the rest of the cohort.
        try:
            record = load_transcript(path)
            candidates.add(record.header.candidate or "anonymous")
            scenarios.add(record.header.scenario.id)
            if not filters.keep(record.header):
                continue
            call = audit(path, loaded, record, secret)
        except SimError as exc:
            cohort.skipped.append((str(path), str(exc)))
            continue
        if call.check.ok and call.check.last in seen:
            cohort.warnings.append(
                f"{path}: the same transcript as {seen[call.check.last]}; counted once"
            )
            continue
        seen.setdefault(call.check.last, str(path))
        newest = max(newest, call.record.header.started_at or "")
        ranks = filters.ranks(call.record.header.mode)
        row = Row.of(call, ranked=ranks and (call.trusted or include_unverified))
        cohort.add(row, call)
    cohort.rows.sort(key=lambda r: (not r.ranked, -r.role_fit[role], r.candidate, r.path))
    cohort.provenance = {
        "rubric": rubric.id,
        "rubric_sha256": loaded.sha256,
        "program": f"sim {__version__}",
        "as_of": newest or None,
    }
    _warn_unmatched(cohort, filters, candidates, scenarios)
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
