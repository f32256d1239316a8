"""A call as supervisors' commands see it: checked, reviewed, and with one headline.

Every supervisor's view (``report``, ``score``, ``compare``, ``replay``) reads a call
through :func:`audit`, so each checks the transcript's chain, reads only reviews that pass
theirs, and shows the same headline: the human verdict when a review is in force, else the
machine's; never a pass for a call that is incomplete or fails its check.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sim.records.chain import FROM_ENV, Secret
from sim.records.review import ReviewLog, read_reviews
from sim.records.transcript import CallRecord, Verification, load_transcript, verify
from sim.reports.call_report import assess_record, human_report, report_from
from sim.reports.report_model import CallReport, HumanReport
from sim.rubric.loader import LoadedRubric
from sim.rubric.matching.matcher import SignalMatch


@dataclass(frozen=True)
class Headline:
    """The verdict a supervisor reads first; ``by`` says whose it is. ``scores``: None for
    a competency the call could not show."""

    scores: dict[str, int | None]
    overall: int
    passed: bool
    verdict: str
    role_fit: dict[str, int]
    by: str  # "human" or "machine"


@dataclass
class AuditedCall:
    path: Path
    record: CallRecord
    check: Verification
    reviews: ReviewLog
    machine: CallReport
    reviewed: HumanReport | None  # after the reviews in force

    @property
    def problems(self) -> list[str]:
        """Why this call cannot be relied on, in words; empty when it can."""
        out = []
        if not self.check.ok:
            out.append("integrity check failed: " + "; ".join(self.check.problems))
        elif not self.record.complete:
            ended = f" ({self.check.reason})" if self.check.reason else ""
            out.append(f"incomplete: the call did not finish{ended}")
        if not self.reviews.ok:
            out.append(
                f"review not counted ({self.reviews.path.name}): "
                + "; ".join(self.reviews.problems)
            )
        return out

    @property
    def trusted(self) -> bool:
        return not self.problems

    @property
    def verified(self) -> bool:
        """The transcript and its reviews pass their checks (finished or not)."""
        return self.check.ok and self.reviews.ok

    @property
    def headline(self) -> Headline:
        source = self.reviewed or self.machine
        passed = source.passed and self.record.complete and self.check.ok
        verdict = source.verdict
        if source.passed and not passed:
            verdict = "not passed: " + self.problems[0]
        return Headline(
            source.applicable,
            source.overall,
            passed,
            verdict,
            dict(source.role_fit),
            "human" if self.reviewed else "machine",
        )


def audit(
    path: str | Path,
    loaded: LoadedRubric,
    record: CallRecord | None = None,
    secret: Secret = FROM_ENV,
    matches: Sequence[Sequence[SignalMatch]] | None = None,
) -> AuditedCall:
    """Check and assess one call (``record``: the call, when already loaded from ``path``;
    ``secret``: the key its signatures are checked with); :class:`SimError` when it cannot
    be read at all; ``matches``: each reply's signals, when already found."""
    record = record or load_transcript(path)
    check = verify(path, secret)
    reviews = read_reviews(path, check, secret)
    result = assess_record(record, loaded, matches=matches)
    machine = report_from(record, loaded, result)
    human = human_report(record, loaded, reviews.active(), result.matches)  # matched once
    return AuditedCall(Path(path), record, check, reviews, machine, human)
