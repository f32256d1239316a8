"""The assessment of a recorded call: scores, violations, role fit, questions, evidence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sim.rubric.call_view import build_view
from sim.rubric.matching.matcher import SignalMatch, SignalMatcher
from sim.rubric.model import COMPETENCIES, Competency, Rubric
from sim.rubric.rules import Violation, evaluate
from sim.rubric.scoring import Point, score
from sim.scenario.conditions import Comparison


@dataclass(frozen=True)
class Assessment:
    matches: list[list[SignalMatch]]
    scores: dict[str, int]
    overall: int
    passed: bool
    verdict: str
    violations: list[Violation]
    evidence: dict[str, list[Point]]
    role_fit: dict[str, int]
    questions: list[str]
    strengths: list[str]
    gaps: list[str]


@dataclass(frozen=True)
class Amendment:
    """A human reviewer's changes, applied inside :func:`assess` so the reviewed scores,
    overall and verdict come from the same rules as the machine's."""

    dismissed: frozenset[tuple[str, int]] = frozenset()  # (rule, turn)
    added: tuple[Violation, ...] = ()
    scores: Mapping[str, int] = field(default_factory=dict)  # set after scoring

    def violations(self, found: Sequence[Violation]) -> list[Violation]:
        kept = [v for v in found if (v.rule, v.turn) not in self.dismissed]
        return sorted([*kept, *self.added], key=lambda v: (v.turn, v.rule))


def assess(
    rubric: Rubric,
    turns: Sequence[Mapping[str, Any]],
    facts: Mapping[str, Any],
    matcher: SignalMatcher,
    amendment: Amendment | None = None,
) -> Assessment:
    matches = matcher.match_many([t.get("agent", "") for t in turns])
    call = build_view(turns, matches, facts)
    violations = evaluate(rubric.rules, call)
    if amendment:
        violations = amendment.violations(violations)
    scores, evidence = score(rubric, call, violations)
    if amendment:
        scores = {**scores, **amendment.scores}
    overall = weighted_score(scores, rubric.weights())
    critical = any(v.severity == "critical" for v in violations)
    passed, verdict = judge(
        rubric,
        scores,
        overall,
        [(v.turn, v.rule) for v in violations if v.severity == "critical"],
        played=bool(turns),
    )
    role_fit = {}
    for role, role_weights in rubric.roles.items():
        fit = weighted_score(scores, role_weights)
        role_fit[role] = min(fit, rubric.critical_role_fit_cap) if critical else fit
    return Assessment(
        matches,
        scores,
        overall,
        passed,
        verdict,
        violations,
        evidence,
        role_fit,
        _questions(rubric, scores, violations),
        *_strengths_gaps(rubric, scores),
    )


def judge(
    rubric: Rubric,
    scores: Mapping[str, int],
    overall: int,
    critical: Sequence[tuple[int, str]],
    *,
    played: bool,
) -> tuple[bool, str]:
    """The pass/fail rule, the one place it lives: whether the call passed, and why or why
    not in plain words. ``critical``: (turn, rule) of each critical violation that stands."""
    if not played:
        return False, "not passed: no reply was given"
    reasons = [f"critical violation in turn {turn} ({rule})" for turn, rule in critical][:3]
    if overall < rubric.pass_mark:
        reasons.append(f"overall {overall} is below the pass mark of {rubric.pass_mark}")
    reasons += [
        f"{c} {scores[c]} is below the floor of {rubric.competency_floor}"
        for c in COMPETENCIES
        if scores[c] < rubric.competency_floor
    ]
    if reasons:
        return False, "not passed: " + "; ".join(reasons)
    return True, f"passed: overall {overall} (pass mark {rubric.pass_mark}), no critical violation"


def weighted_score(scores: Mapping[str, int], weights: Mapping[Competency, float]) -> int:
    """The weighted mean, rounded half up (the same on every platform)."""
    total = sum(weights.values())
    value = sum(scores[c] * w for c, w in weights.items()) / total if total else 0
    return int(value + 0.5)  # round half up, the same on every platform


def _questions(
    rubric: Rubric, scores: Mapping[str, int], violations: Sequence[Violation]
) -> list[str]:
    broken = {v.rule for v in violations}
    asked: list[str] = []
    for q in rubric.questions:
        if q.rule and q.rule not in broken:
            continue
        if not all(Comparison.parse(cmp).holds(scores[c]) for c, cmp in q.when.items()):
            continue
        text = f"{q.ask} (Why: {q.because})"
        if text not in asked:
            asked.append(text)
    return asked[:6]


def _strengths_gaps(rubric: Rubric, scores: Mapping[str, int]) -> tuple[list[str], list[str]]:
    strengths = [
        rubric.strengths[c] for c in COMPETENCIES if scores[c] >= 75 and c in rubric.strengths
    ]
    gaps = [rubric.gaps[c] for c in COMPETENCIES if scores[c] < 60 and c in rubric.gaps]
    return strengths, gaps
