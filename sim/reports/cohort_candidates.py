"""The hiring view of each candidate: running tallies over their calls, not the calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sim.reports.cohort_row import Row
from sim.rubric.model import COMPETENCIES


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
class CandidateTally:
    """One candidate's ranked calls so far, added up; and how many were not ranked."""

    attempts: int = 0
    passes: int = 0
    best: int = 0
    latest: tuple[str, str, int, bool] = ("", "", 0, False)  # (started, path, overall, passed)
    sums: dict[str, int] = field(default_factory=dict)  # of the scores that apply
    counts: dict[str, int] = field(default_factory=dict)
    fit: int = 0
    flags: set[str] = field(default_factory=set)
    not_ranked: int = 0

    def add(self, row: Row, role: str) -> None:
        if not row.ranked:
            self.not_ranked += 1
            return
        self.best = max(self.best, row.overall) if self.attempts else row.overall
        self.attempts += 1
        self.passes += row.passed
        self.latest = max(self.latest, (row.started_at, row.path, row.overall, row.passed))
        for c, value in row.scores.items():
            if value is not None:
                self.sums[c] = self.sums.get(c, 0) + value
                self.counts[c] = self.counts.get(c, 0) + 1
        self.fit += row.role_fit[role]
        self.flags.update(row.critical, row.flags)

    def summary(self, candidate: str) -> CandidateSummary:
        flags = sorted(self.flags)
        if self.not_ranked:
            flags.append(f"{self.not_ranked} call(s) not ranked")
        return CandidateSummary(
            candidate,
            self.attempts,
            self.passes,
            self.best,
            self.latest[2],
            self.latest[3],
            {c: _mean(self.sums.get(c, 0), self.counts.get(c, 0)) for c in COMPETENCIES},
            round(self.fit / self.attempts, 1),
            tuple(flags),
        )


def _mean(total: int, n: int) -> float | None:
    """The mean of the scores that apply; None when none does (never a 0 for "n/a")."""
    return round(total / n, 1) if n else None
