"""Practice-mode coaching: what to tell the candidate after a turn, and what to try next.

UI-free so that both the TUI and tests use it; it only reads the rubric's verdicts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sim.rubric.assess import assess
from sim.rubric.matching.matcher import SignalMatcher
from sim.rubric.model import Rubric

NEXT_FOR_GAP = {
    "compliance": "dispute",
    "empathy": "hardship",
    "firmness": "angry-customer",
    "self_control": "angry-customer",
}


@dataclass(frozen=True)
class ComplianceWarning:
    """A compliance rule broken in the turn just played."""

    rule: str
    severity: str
    reason: str
    evidence: str = ""

    @property
    def headline(self) -> str:
        """The rule and its severity: 'third_party_disclosure (critical)'."""
        return f"{self.rule} ({self.severity})"

    def __str__(self) -> str:
        quoted = f' - "{self.evidence}"' if self.evidence else ""
        return f"{self.headline}: {self.reason}{quoted}"


@dataclass(frozen=True)
class Coaching:
    warnings: list[ComplianceWarning]  # compliance rules broken in the turn just played
    tip: str | None  # when the debtor escalated: the state's hint


def coach_turn(
    rubric: Rubric,
    turns: Sequence[Mapping[str, Any]],
    facts: Mapping[str, Any],
    hint: str | None,
    mood_before: int | None,
    mood_after: int | None,
    matcher: SignalMatcher,
) -> Coaching:
    """Rules broken by the latest turn, and a tip if the debtor got angrier. The same
    assessment as the report, while the call goes on: a reply still due (after a dispute,
    a hardship) is not a warning until its window has closed."""
    if not turns:
        return Coaching([], None)
    latest = turns[-1]["n"]
    result = assess(rubric, turns, facts, matcher, ended=False)  # the report's own function
    warnings = [
        ComplianceWarning(v.rule, v.severity, v.reason, v.evidence or "")
        for v in result.violations
        if v.turn == latest
    ]
    escalated = mood_before is not None and mood_after is not None and mood_after > mood_before
    tip = (
        (hint or "The debtor is getting more upset: slow down and acknowledge how they feel.")
        if escalated
        else None
    )
    return Coaching(warnings, tip)


def suggest_next(report: Mapping[str, Any], available: Sequence[str]) -> str | None:
    """A scenario that trains the weakest competency, other than the one just played."""
    shown = [c for c in report["scores"] if c not in report.get("not_applicable", [])]
    if not shown:
        return None
    weakest = min(shown, key=lambda c: (report["scores"][c], c))
    choice = NEXT_FOR_GAP.get(weakest)
    if choice in available and choice != report["scenario"]:
        return choice
    others = [s for s in available if s != report["scenario"]]
    return others[0] if others else None
