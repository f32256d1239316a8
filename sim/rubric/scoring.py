"""Competency scores with the evidence for every point."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sim.rubric import style
from sim.rubric.call_view import CallView, TurnView
from sim.rubric.matching.money import amounts
from sim.rubric.model import Context, Contribution, Marker, ProgramIds, Rubric
from sim.rubric.rules import Violation, reassuring_mention

Marks = dict[Marker, tuple[int, int] | None]


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


# A date a commitment can be held to: a weekday, a day of the month, a month with a day,
# tomorrow or today, next week or month, a numeric date, payday.
_DATE = re.compile(
    r"\b((mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|today|tonight|payday|"
    r"next (week|month)|\d{1,2}(st|nd|rd|th)|\d{1,2}/\d{1,2}|"
    r"(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}|may \d{1,2})\b",
    re.IGNORECASE,
)


def markers(turn: TurnView, ids: ProgramIds, known_caps: frozenset[str] = frozenset()) -> Marks:
    """The markers present in a turn, with their spans (None: the whole reply).
    ``ids``: the rubric's signals of lost composure, provoking events and commitments;
    ``known_caps``: words in capitals the account uses (not shouting)."""
    found: Marks = {}
    shout = style.shouting(turn.agent, known_caps)
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
    commitment = next((turn.matches[s] for s in ids.commitments if turn.has(s)), None)
    if commitment and amounts(turn.agent) and _DATE.search(turn.agent):
        found["concrete_commitment"] = (commitment.start, commitment.end)
    return found


def _first_span(turn: TurnView, ids: ProgramIds) -> tuple[int, int] | None:
    spans = [(m.start, m.end) for s, m in turn.matches.items() if s in ids.loss_of_control]
    return min(spans) if spans else None


def call_markers(rubric: Rubric, call: CallView) -> list[Marks]:
    """Each turn's markers; the last turn also carries ``firm_outcome`` when the call ended
    in an outcome its scenario names as a firm, good result."""
    known = style.capitals_in(call.facts.values())
    found = [markers(t, rubric.program, known) for t in call.turns]
    if found and call.outcome and call.outcome in call.facts.get("firm_outcomes", ()):
        found[-1]["firm_outcome"] = None
    return found


def score(
    rubric: Rubric,
    call: CallView,
    violations: Sequence[Violation],
    discounted: frozenset[int] = frozenset(),
) -> tuple[dict[str, int], dict[str, list[Point]]]:
    """Each competency's score and its evidence. ``discounted``: turns whose positive points
    do not count (a pasted reply in an assessment); their violations still do."""
    turn_markers = call_markers(rubric, call)
    marked = {m for marks in turn_markers for m in marks}
    scores: dict[str, int] = {}
    evidence: dict[str, list[Point]] = {}
    for cid, comp in rubric.competencies.items():
        points = [Point(cid, comp.base, "starting point", source="base")]
        for contribution in comp.contributions:
            if contribution.signal not in call.said and contribution.marker not in marked:
                continue  # shown in no turn: nothing to earn or lose
            earned = _contribution_points(cid, contribution, rubric, call, turn_markers)
            points.extend(_discount(earned, discounted))
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


def _discount(points: list[Point], turns: frozenset[int]) -> list[Point]:
    return [
        replace(p, points=0, label=f"{p.label} (pasted reply: not counted)")
        if p.turn in turns and p.points > 0
        else p
        for p in points
    ]


def _contribution_points(
    cid: str, c: Contribution, rubric: Rubric, call: CallView, turn_markers: list[Marks]
) -> list[Point]:
    """The points one contribution earns, turn by turn; a reply that repeats one that already
    earned them earns nothing more (a repeated demand counts once), though a repeated
    insult still costs. A mention the compliance rules find reassuring costs nothing ("the
    time limit for legal action has passed" is no threat of suit)."""
    out: list[Point] = []
    earned_by: set[str] = set()
    for turn, marks in zip(call.turns, turn_markers, strict=True):
        if len(out) >= c.max_count:
            break
        if not _context_holds(c.when, turn, call) or (c.points > 0 and turn.said in earned_by):
            continue
        before = len(out)
        reassuring = c.points < 0 and c.signal and reassuring_mention(rubric.rules, c.signal, turn)
        if c.signal and turn.has(c.signal) and not reassuring:
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
        if len(out) > before:
            earned_by.add(turn.said)
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
