"""One call as a cohort lists it: a small typed row, kept instead of the whole report."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sim.records.review import SEVERITIES
from sim.reports.audited import AuditedCall


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
        report, human, head, header = call.machine, call.reviewed, call.headline, call.record.header
        standing = (human or report).violations
        return cls(
            str(call.path),
            report.candidate or "anonymous",
            report.scenario,
            (header.started_at or "")[:10],
            header.started_at or "",
            header.mode or "unknown",
            header.seed,
            head.scores,
            report.not_applicable,
            head.overall,
            head.passed,
            head.by,
            {"scores": report.applicable, "overall": report.overall, "passed": report.passed},
            {
                "scores": human.applicable,
                "overall": human.overall,
                "passed": human.passed,
                "reviews": list(human.reviews),
            }
            if human
            else None,
            head.role_fit,
            tuple(sorted({v.rule for v in standing if v.severity == "critical"})),
            {s: sum(v.severity == s for v in standing) for s in SEVERITIES},
            tuple(sorted({f.flag for f in report.integrity})),
            report.outcome,
            report.ended_in,
            call.record.complete,
            tuple(call.problems),
            call.verified,
            ranked,
            call.check.last,
        )

    def fields(self) -> dict[str, Any]:
        """Every field by name, JSON-ready (the result cache stores rows so)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_fields(cls, data: dict[str, Any]) -> Row:
        """The inverse of :meth:`fields`; ``TypeError``/``KeyError`` for anything else."""
        tuples = {k: tuple(data[k]) for k in ("not_applicable", "critical", "flags", "problems")}
        return cls(**{**data, **tuples})

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
