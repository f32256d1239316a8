"""Competency scores with the evidence for every point."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sim.rubric import style
from sim.rubric.call_view import CallView, TurnView
from sim.rubric.model import Context, Contribution, ProgramIds, Rubric
from sim.rubric.rules import Violation


@dataclass(frozen=True)
class Point:
    """One line of a score's explanation."""

    competency: str
    points: int
    label: str
    turn: int | None = None
    source: str | None = None  # "signal:id", "marker:id", "rule:id" or "base"
    evidence: str = ""
    span: tuple[int, int] | None = None
    similarity: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "turn": self.turn,
            "source": self.source,
            "points": self.points,
            "label": self.label,
            "evidence": self.evidence,
            "span": list(self.span) if self.span else None,
            "similarity": self.similarity,
        }


def markers(turn: TurnView, ids: ProgramIds) -> dict[str, tuple[int, int] | None]:
    """The style markers present in a turn, with their spans (None: the whole reply).
    ``ids``: the rubric's signals of lost composure and the provoking events."""
    found: dict[str, tuple[int, int] | None] = {}
    shout = style.shouting(turn.agent)
    if shout:
        found["shouting"] = shout
    bang = style.exclaiming(turn.agent)
    if bang:
        found["exclaiming"] = bang
    echo = style.echoed_insult(turn.debtor, turn.agent)
    if echo:
        found["echoed_insult"] = echo
    lost = bool(found) or any(turn.has(s) for s in ids.loss_of_control)
    provoked = turn.hostile or any(e in turn.events for e in ids.provocations)
    if provoked and lost:
        found["retaliation"] = next(iter(found.values()), None) or _first_span(turn, ids)
    elif provoked and turn.agent.strip():
        found["calm_under_hostility"] = None
    return found


def _first_span(turn: TurnView, ids: ProgramIds) -> tuple[int, int] | None:
    spans = [(m.start, m.end) for s, m in turn.matches.items() if s in ids.loss_of_control]
    return min(spans) if spans else None


def score(
    rubric: Rubric, call: CallView, violations: Sequence[Violation]
) -> tuple[dict[str, int], dict[str, list[Point]]]:
    turn_markers = [markers(t, rubric.program) for t in call.turns]
    scores: dict[str, int] = {}
    evidence: dict[str, list[Point]] = {}
    for cid, comp in rubric.competencies.items():
        points = [Point(cid, comp.base, "starting point", source="base")]
        for contribution in comp.contributions:
            points.extend(_contribution_points(cid, contribution, call, turn_markers))
        for v in violations:
            cost = comp.violation_points.get(v.severity)  # type: ignore[call-overload]
            if cost:
                points.append(
                    Point(
                        cid,
                        -cost,
                        f"{v.severity} violation of {v.rule}: {v.reason}",
                        v.turn,
                        f"rule:{v.rule}",
                        v.evidence,
                        v.span,
                        v.similarity,
                    )
                )
        scores[cid] = max(0, min(100, sum(p.points for p in points)))
        evidence[cid] = points
    return scores, evidence


def _contribution_points(
    cid: str, c: Contribution, call: CallView, turn_markers: list[dict[str, tuple[int, int] | None]]
) -> list[Point]:
    out: list[Point] = []
    for turn, marks in zip(call.turns, turn_markers, strict=True):
        if len(out) >= c.max_count:
            break
        if not _context_holds(c.when, turn, call):
            continue
        if c.signal and turn.has(c.signal):
            m = turn.matches[c.signal]
            out.append(
                Point(
                    cid,
                    c.points,
                    c.label,
                    turn.n,
                    f"signal:{c.signal}",
                    m.evidence,
                    (m.start, m.end),
                    m.score,
                )
            )
        elif c.marker and c.marker in marks:
            span = marks[c.marker]
            text = turn.agent[span[0] : span[1]] if span else turn.agent
            out.append(Point(cid, c.points, c.label, turn.n, f"marker:{c.marker}", text, span))
    return out


def _context_holds(when: Context, turn: TurnView, call: CallView) -> bool:
    if when.parties and turn.party not in when.parties:
        return False
    if when.debtor_hostile is not None and turn.hostile != when.debtor_hostile:
        return False
    if when.after_event:
        first = call.first_turn_with(when.after_event)
        if first is None or turn.n < first:
            return False
        if when.within is not None and turn.n >= first + when.within:
            return False
    return True
