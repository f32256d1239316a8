"""What changed when a folder of calls was re-scored with another rubric."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from sim import __version__
from sim.records.events import Verdict
from sim.reports.audited import AuditedCall
from sim.reports.text import NA
from sim.rubric.loader import LoadedRubric
from sim.rubric.model import COMPETENCIES

MOVED_LISTED = 20  # calls whose score moved, listed one a line before "... and N more"


@dataclass(frozen=True)
class Change:
    """One re-scored call: the verdict stored when it was played and the one now. A score
    is None for a competency the call could not show: it neither moves nor counts."""

    path: Path
    candidate: str
    scenario: str
    before: Verdict | None
    scores: dict[str, int | None]
    overall: int
    passed: bool
    human: dict[str, Any] | None  # {"overall", "passed"} of the reviews in force
    problems: tuple[str, ...]
    verified: bool
    report: dict[str, Any] | None = None  # the whole report, for --json

    @classmethod
    def of(cls, call: AuditedCall, *, keep_report: bool) -> Change:
        r, h = call.machine, call.reviewed
        return cls(
            call.path,
            r.candidate or "anonymous",
            r.scenario,
            call.record.end.assessment if call.record.end else None,
            r.applicable,
            r.overall,
            r.passed,
            {"overall": h.overall, "passed": h.passed} if h else None,
            tuple(call.problems),
            call.verified,
            r.as_dict() if keep_report else None,
        )

    def fields(self) -> dict[str, Any]:
        """Every field by name, JSON-ready (the result cache stores changes so)."""
        return {
            **{f.name: getattr(self, f.name) for f in fields(self)},
            "path": str(self.path),
            "before": self.before.as_dict() if self.before else None,
        }

    @classmethod
    def from_fields(cls, data: dict[str, Any]) -> Change:
        """The inverse of :meth:`fields`; ``TypeError``/``KeyError``/``ValueError`` else."""
        before = data["before"]
        return cls(
            **{
                **data,
                "path": Path(data["path"]),
                "before": Verdict.from_dict(before) if before is not None else None,
                "problems": tuple(data["problems"]),
            }
        )

    @property
    def flipped(self) -> bool:
        return self.before is not None and self.before.passed != self.passed

    @property
    def moved(self) -> bool:
        return self.before is not None and (
            self.before.overall != self.overall or bool(self.changed)
        )

    @property
    def changed(self) -> list[str]:
        """The competencies that apply whose score differs from the one stored."""
        before = self.before.scores if self.before else {}
        return [c for c, v in self.scores.items() if v is not None and before.get(c) != v]

    def as_dict(self) -> dict[str, Any]:
        """The report now (as ``sim score --json`` always gave it), with the path, the
        verdict stored when the call was played, the human verdict and any problem."""
        return {
            **(self.report or {}),
            "path": str(self.path),
            "before": self.before.as_dict() if self.before else None,
            "human": self.human,
            "problems": list(self.problems),
        }

    def line(self) -> str:
        before = self.before
        who = f"{self.candidate} / {self.scenario}"
        if before is None:
            return f"  overall {self.overall} ({_passed(self.passed)})  {who}  {self.path}"
        moved = [f"{c} {before.scores.get(c)}->{self.scores[c]}" for c in self.changed]
        why = ", ".join(moved) if moved else "no competency moved: the weights changed"
        flip = f"{_passed(before.passed)} -> {_passed(self.passed)}  " if self.flipped else ""
        human = ""
        if self.human:
            human = f"  [human: {self.human['overall']}, {_passed(self.human['passed'])}]"
        return (
            f"  {flip}overall {before.overall} -> {self.overall} ({why})  {who}  {self.path}{human}"
        )


def _delta(change: Change, competency: str) -> int | None:
    """How far a score moved; None when it does not apply now or had no stored value."""
    now = change.scores[competency]
    then = change.before.scores.get(competency) if change.before else None
    return None if now is None or then is None else now - then


def _passed(value: bool) -> str:
    return "passed" if value else "not passed"


def summary(changes: list[Change], loaded: LoadedRubric) -> str:
    """Flips first (with paths, before -> after), then the calls whose score moved, then
    counts; calls that did not change are counted, not listed. The first line names what
    re-scored them: the rubric, its hash and the program."""
    lines = [
        f"Re-scored {len(changes)} call(s) with rubric '{loaded.rubric.id}' "
        f"(sha256 {loaded.sha256[:12]}), sim {__version__}"
    ]
    flips = [c for c in changes if c.flipped]
    moved = [c for c in changes if c.moved and not c.flipped]
    unknown = [c for c in changes if c.before is None]
    unverified = [c for c in changes if c.problems]
    if flips:
        lines += ["", f"Verdicts that flipped ({len(flips)}):", *(c.line() for c in flips)]
    if moved:
        lines += ["", f"Scores that moved, verdict unchanged ({len(moved)}):"]
        lines += [c.line() for c in moved[:MOVED_LISTED]]
        if len(moved) > MOVED_LISTED:
            lines.append(f"  ... and {len(moved) - MOVED_LISTED} more (--json lists every call)")
    if unknown:
        lines += ["", f"No score stored when played ({len(unknown)}: interrupted calls):"]
        lines += [c.line() for c in unknown]
    if unverified:
        lines += ["", f"Not reliable ({len(unverified)}):"]
        lines += [f"  {c.path}: {'; '.join(c.problems)}" for c in unverified]
    compared = [c for c in changes if c.before is not None]
    lines += [
        "",
        f"{len(compared)} call(s) compared with the scores stored when they were played; "
        f"{len(compared) - len(flips) - len(moved)} unchanged",
    ]
    if compared:
        deltas = {c: [d for x in compared if (d := _delta(x, c)) is not None] for c in COMPETENCIES}
        means = ", ".join(
            f"{c} {sum(d) / len(d):+.1f}" if d else f"{c} {NA}" for c, d in deltas.items()
        )
        lines.append(f"mean change: {means}")
    to_fail = sum(1 for c in flips if c.before and c.before.passed)
    lines.append(f"pass->fail: {to_fail}; fail->pass: {len(flips) - to_fail}")
    return "\n".join(lines) + "\n"


def verdict_text(call: AuditedCall) -> str:
    """What a supervisor reads before a call's machine report: why the call cannot be relied
    on, and the human verdict when a review is in force."""
    out = [f"! NOT RELIABLE: {problem}" for problem in call.problems]
    if h := call.reviewed:
        out.append(f"Human verdict: overall {h.overall}, {h.verdict}")
        out += [f"  {r}" for r in h.reviews]
        out.append("The machine's report follows.")
    elif call.problems:
        out.append(f"Verdict: {call.headline.verdict}")
    return "\n".join(out) + "\n\n" if out else ""
