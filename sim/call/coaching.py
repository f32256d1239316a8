"""Practice-mode coaching: what to tell the candidate after a turn, and what to try next.

UI-free so that both the TUI and tests use it; it only reads the rubric's verdicts.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sim.reports.report_model import CallReport
from sim.rubric.call_view import CallView, PlayedTurn, TurnView, view_turn
from sim.rubric.matching.matcher import SignalMatch
from sim.rubric.model import Rubric
from sim.rubric.rules import evaluate

ESCALATION_TIP = "The debtor is getting more upset: slow down and acknowledge how they feel."


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
    tip: str | None  # the hint of a state just entered, or advice when the debtor escalated


class Coach:
    """Coaching for one practice call, built a turn at a time.

    Each turn is read into the rubric's view of the call once, with the signals the engine
    already found in its reply: no reply is matched again, so matching (most of the cost)
    is one reply a turn however long the call; the rules then walk the view built so far.
    They are the report's own (``evaluate`` on the same view), judged while the call goes
    on: a reply still due (after a dispute, a hardship) is not a warning until its window
    has closed."""

    def __init__(self, rubric: Rubric, facts: Mapping[str, Any]):
        self._rubric = rubric
        self._facts = facts
        self._turns: list[TurnView] = []

    def turn(
        self,
        turn: PlayedTurn,
        matches: Sequence[SignalMatch],
        hint: str | None,
        mood_before: int | None,
        mood_after: int | None,
        entered: bool = False,
    ) -> Coaching:
        """Rules broken by this turn (the call's latest), and a tip: the hint of the state
        the call now stands in when it has just ``entered`` it or the debtor got angrier
        (then general advice if the state has none). ``matches``: the signals detected in
        its reply."""
        seen = self._turns[-1].seen if self._turns else frozenset[str]()
        self._turns.append(view_turn(turn, matches, seen))
        call = CallView(tuple(self._turns), self._facts, ended=False)
        warnings = [
            ComplianceWarning(v.rule, v.severity, v.reason, v.evidence or "")
            for v in evaluate(self._rubric.rules, call)
            if v.turn == turn.n
        ]
        escalated = mood_before is not None and mood_after is not None and mood_after > mood_before
        if escalated:
            return Coaching(warnings, hint or ESCALATION_TIP)
        return Coaching(warnings, hint if entered else None)


def suggest_next(
    report: CallReport | Mapping[str, Any], available: Mapping[str, Collection[str]]
) -> str | None:
    """A scenario that trains the weakest competency the call could show (each scenario
    says what it trains: ``available`` maps its id to its ``assessed.trains``), other than
    the one just played; else the first other scenario (``report``: the record, or its dict
    from a caller not yet on the record)."""
    r = CallReport.read(report)
    shown = {c: value for c, value in r.applicable.items() if value is not None}
    if not shown:
        return None
    weakest = min(shown, key=lambda c: (shown[c], c))
    others = [sid for sid in available if sid != r.scenario]
    trains = [sid for sid in others if weakest in available[sid]]
    choices = trains or others
    return choices[0] if choices else None
