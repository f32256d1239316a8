"""A cohort of calls: one small row per transcript, streamed, with summaries for charts.

Transcripts are read one at a time and only their row is kept (a few hundred bytes), so
memory does not depend on how long the calls were, and summaries are running counts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.errors import SimError
from sim.records.events import TranscriptHeader
from sim.records.review import apply_reviews, cohen_kappa, load_reviews
from sim.records.transcript import load_transcript
from sim.reports.call_report import build_report
from sim.rubric.loader import LoadedRubric
from sim.rubric.model import COMPETENCIES


def transcript_paths(paths: Iterable[str]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*.jsonl") if not p.name.endswith(".review.jsonl")
            )
        elif path.exists():
            yield path
        else:
            raise SimError(f"{raw}: no such transcript or folder")


SCORE_BINS = range(10)  # 0-9, 10-19, ..., 80-89, 90-100


def score_bin(score: int) -> int:
    return min(score // 10, 9)


def bin_label(b: int) -> str:
    """How reports name a histogram bin: '0-9' ... '80-89', '90-100'."""
    return f"{b * 10}-{b * 10 + 9 if b < 9 else 100}"


@dataclass(frozen=True)
class Filters:
    scenario: str | None = None
    candidate: str | None = None
    since: str | None = None  # ISO date, inclusive
    until: str | None = None

    def keep(self, header: TranscriptHeader) -> bool:
        date = (header.started_at or "")[:10]
        return (
            (not self.scenario or header.scenario.id == self.scenario)
            and (not self.candidate or header.candidate == self.candidate)
            and (not self.since or date >= self.since)
            and (not self.until or date <= self.until)
        )


@dataclass(frozen=True)
class Row:
    path: str
    candidate: str
    scenario: str
    date: str
    scores: dict[str, int]
    overall: int
    passed: bool
    role_fit: dict[str, int]
    critical: tuple[str, ...]
    flags: tuple[str, ...]
    outcome: str | None
    ended_in: str | None
    human: dict[str, Any] | None  # {"scores", "overall", "passed"} after reviews

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "candidate": self.candidate,
            "scenario": self.scenario,
            "date": self.date,
            "scores": self.scores,
            "overall": self.overall,
            "passed": self.passed,
            "role_fit": self.role_fit,
            "critical": list(self.critical),
            "integrity": list(self.flags),
            "outcome": self.outcome,
            "ended_in": self.ended_in,
            "human": self.human,
        }


@dataclass
class Cohort:
    role: str
    rows: list[Row] = field(default_factory=list)
    histograms: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    outcomes: Counter[str] = field(default_factory=Counter)
    ended_in: Counter[str] = field(default_factory=Counter)
    questions: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    mad: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    pass_pairs: list[tuple[bool, bool]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why), not read

    def agreement(self) -> dict[str, Any]:
        return {
            "reviewed_calls": len(self.pass_pairs),
            "mean_abs_difference": {
                c: round(sum(d) / len(d), 2) for c, d in sorted(self.mad.items()) if d
            },
            "kappa_pass_fail": cohen_kappa(self.pass_pairs),
        }

    def candidates(self) -> dict[str, dict[str, float]]:
        """Each candidate's mean score per competency."""
        sums: dict[str, Counter[str]] = defaultdict(Counter)
        counts: Counter[str] = Counter()
        for row in self.rows:
            sums[row.candidate].update(row.scores)
            counts[row.candidate] += 1
        return {c: {k: round(v / counts[c], 1) for k, v in sums[c].items()} for c in sorted(sums)}


def build_cohort(
    paths: Iterable[str], loaded: LoadedRubric, role: str, filters: Filters | None = None
) -> Cohort:
    rubric = loaded.rubric
    if role not in rubric.roles:
        raise SimError(f"unknown role '{role}'; the rubric has: {', '.join(rubric.roles)}")
    filters = filters or Filters()
    cohort = Cohort(role)
    for path in transcript_paths(paths):
        # One unreadable file (empty, cut, edited by hand, a bad review beside it) is
        # flagged and skipped: it never stops the report on the rest of the cohort.
        try:
            record = load_transcript(path)
            if not filters.keep(record.header):
                continue
            reviews = load_reviews(path)
        except SimError as exc:
            cohort.skipped.append((str(path), str(exc)))
            continue
        report = build_report(record, loaded)
        human = apply_reviews(report, reviews, rubric)
        row = Row(
            str(path),
            report["candidate"] or "anonymous",
            report["scenario"],
            (record.header.started_at or "")[:10],
            report["scores"],
            report["overall"],
            report["passed"],
            report["role_fit"],
            tuple(sorted({v["rule"] for v in report["violations"] if v["severity"] == "critical"})),
            tuple(sorted({f["flag"] for f in report["integrity"]})),
            report["outcome"],
            report["ended_in"],
            {k: human[k] for k in ("scores", "overall", "passed")} if human else None,
        )
        cohort.rows.append(row)
        for c, value in report["scores"].items():
            cohort.histograms[c][score_bin(value)] += 1
        cohort.outcomes[report["outcome"] or "incomplete"] += 1
        cohort.ended_in[report["ended_in"] or "unknown"] += 1  # none in a hand-made file
        cohort.questions[row.candidate].update(report["interview_questions"])
        if human:
            cohort.pass_pairs.append((report["passed"], human["passed"]))
            for c in COMPETENCIES:
                cohort.mad[c].append(abs(human["scores"][c] - report["scores"][c]))
    cohort.rows.sort(key=lambda r: (-r.role_fit[role], r.candidate, r.path))
    return cohort
