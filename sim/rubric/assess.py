"""The assessment of a recorded call: scores, violations, role fit, questions, evidence.

Live coaching, the report, the result screen and re-scoring all call ``assess`` on the same
turns, so they cannot disagree: coaching only passes ``ended=False``, which leaves a window
that is still open (a reply still due after a dispute) unjudged until it closes.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sim.rubric.call_view import CallView, PlayedTurn, ReplyTurn, build_view
from sim.rubric.matching.matcher import SignalMatch, SignalMatcher
from sim.rubric.model import COMPETENCIES, Competency, Rubric
from sim.rubric.rules import Violation, evaluate
from sim.rubric.scoring import Point, score
from sim.scenario.conditions import Comparison

STRENGTH_FROM = 75  # a competency at or above this is a strength (if nothing contradicts it)
GAP_BELOW = 60
EVIDENCE_CITED = 3  # turns quoted behind a strength or a gap


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
    not_applicable: list[str]  # competencies this call could not show
    notes: list[str]  # what the score left out, and why (pasted replies)


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
    turns: Sequence[PlayedTurn | Mapping[str, Any]],
    facts: Mapping[str, Any],
    matcher: SignalMatcher | None,
    *,
    ended: bool = True,
    outcome: str | None = None,
    mode: str | None = None,
    interrupted: bool = False,
    amendment: Amendment | None = None,
    matches: Sequence[Sequence[SignalMatch]] | None = None,
) -> Assessment:
    """``ended``: False while the call goes on (live coaching). ``outcome``: the outcome the
    call ended in. ``mode``: in an "assessment", a pasted reply earns no positive points.
    ``interrupted``: the call was cut off (Ctrl+C, a closed terminal, no end recorded).
    ``turns``: typed turns; a turn in the older dict form is still read. ``matches``: the
    signals each reply was already found to hold (by the engine, during the call); the
    replies are matched here only when not given (``matcher`` may then be None: building
    one costs more than the assessment)."""
    played = [ReplyTurn.from_mapping(t) if isinstance(t, Mapping) else t for t in turns]
    if matches is None:
        if matcher is None:
            raise TypeError("assess: give the matcher or the matches")
        found = matcher.match_many([t.agent for t in played])
    else:
        found = [list(m) for m in matches]
    call = build_view(played, found, facts, ended=ended, outcome=outcome)
    violations = evaluate(rubric.rules, call)
    if amendment:
        violations = amendment.violations(violations)
    discounted = frozenset(t.n for t in played if earns_nothing(mode, t.agent, t.capture))
    scores, evidence = score(rubric, call, violations, discounted)
    if amendment:
        scores = {**scores, **amendment.scores}
    na = not_applicable(rubric, call)
    overall = weighted_score(scores, rubric.weights(), na)
    critical = any(v.severity == "critical" for v in violations)
    passed, verdict = judge(
        rubric,
        scores,
        overall,
        [(v.turn, v.rule) for v in violations if v.severity == "critical"],
        played=bool(turns),
        not_applicable=na,
        incomplete=_incomplete(len(turns), facts, outcome, interrupted=interrupted, ended=ended),
    )
    role_fit = {}
    for role, role_weights in rubric.roles.items():
        fit = weighted_score(scores, role_weights, na)
        role_fit[role] = min(fit, rubric.critical_role_fit_cap) if critical else fit
    notes = [
        f"Turn {n} was pasted: in an assessment it earns no points and calms no one; "
        "its violations still count."
        for n in sorted(discounted)
    ]
    return Assessment(
        found,
        scores,
        overall,
        passed,
        verdict,
        violations,
        evidence,
        role_fit,
        _questions(rubric, scores, violations, na),
        *_strengths_gaps(rubric, scores, evidence, call, na),
        na,
        notes,
    )


def _incomplete(
    replies: int, facts: Mapping[str, Any], outcome: str | None, *, interrupted: bool, ended: bool
) -> str | None:
    """Why the call is too incomplete to be scored as a normal call, if it is: it is over
    without an outcome (cut off, stopped sooner than the scenario allows any outcome, or
    its replies ran out), so it never passes. A call the candidate or the debtor ended
    has an outcome."""
    needed = int(facts.get("min_replies", 0))
    if not ended or outcome is not None:
        return None
    if interrupted:
        return "the call was interrupted before any outcome"
    if replies < needed:
        return (
            "the call stopped before any outcome; this scenario needs at least "
            f"{needed} replies to reach one"
        )
    return "the call stopped before any outcome: neither the candidate nor the debtor ended it"


def earns_nothing(mode: str | None, text: str, capture: Mapping[str, Any] | None) -> bool:
    """The integrity rule for pasted replies, the one place it lives: in an assessment, a
    reply mostly pasted rather than typed earns no positive points and does not calm the
    debtor; its violations and hostile effects still count."""
    pasted = int((capture or {}).get("pasted") or 0)
    return mode == "assessment" and pasted > 0 and pasted * 2 >= len(text.strip())


def not_applicable(rubric: Rubric, call: CallView) -> list[str]:
    """Competencies this call cannot show: the scenario says so, or no turn had a party the
    competency can be shown to (a voicemail and a roommate cannot receive empathy)."""
    named = set(call.facts.get("not_applicable", ()))
    parties = {t.party for t in call.turns}
    return [
        c
        for c in COMPETENCIES
        if c in named
        or (rubric.competencies[c].shown_to and not parties & set(rubric.competencies[c].shown_to))
    ]


def judge(
    rubric: Rubric,
    scores: Mapping[str, int],
    overall: int,
    critical: Sequence[tuple[int, str]],
    *,
    played: bool,
    not_applicable: Collection[str] = (),
    incomplete: str | None = None,
) -> tuple[bool, str]:
    """The pass/fail rule, the one place it lives: whether the call passed, and why or why
    not in plain words. ``critical``: (turn, rule) of each critical violation that stands;
    ``incomplete``: why the call is too incomplete to assess as a normal call."""
    if not played:
        return False, "not passed: no reply was given"
    reasons = [f"critical violation in turn {turn} ({rule})" for turn, rule in critical][:3]
    if incomplete:  # its scores measure a part of a call: they are not a reason either way
        reasons.append(f"incomplete: {incomplete}")
    elif overall < rubric.pass_mark:
        reasons.append(f"overall {overall} is below the pass mark of {rubric.pass_mark}")
    reasons += [
        f"{c} {scores[c]} is below the floor of {rubric.competency_floor}"
        for c in COMPETENCIES
        if not incomplete and c not in not_applicable and scores[c] < rubric.competency_floor
    ]
    if reasons:
        return False, "not passed: " + "; ".join(reasons)
    return True, f"passed: overall {overall} (pass mark {rubric.pass_mark}), no critical violation"


def weighted_score(
    scores: Mapping[str, int],
    weights: Mapping[Competency, float],
    not_applicable: Collection[str] = (),
) -> int:
    """The weighted mean over the competencies that apply, rounded half up (the same on
    every platform)."""
    used = {c: w for c, w in weights.items() if c not in not_applicable}
    total = sum(used.values())
    value = sum(scores[c] * w for c, w in used.items()) / total if total else 0
    return int(value + 0.5)  # round half up, the same on every platform


def _questions(
    rubric: Rubric, scores: Mapping[str, int], violations: Sequence[Violation], na: list[str]
) -> list[str]:
    broken = {v.rule for v in violations}
    asked: list[str] = []
    for q in rubric.questions:
        if q.rule and q.rule not in broken:
            continue
        if any(c in na for c in q.when):
            continue
        if not all(Comparison.parse(cmp).holds(scores[c]) for c, cmp in q.when.items()):
            continue
        text = f"{q.ask} (Why: {q.because})"
        if text not in asked:
            asked.append(text)
    return asked[:6]


def _strengths_gaps(
    rubric: Rubric,
    scores: Mapping[str, int],
    evidence: Mapping[str, list[Point]],
    call: CallView,
    na: list[str],
) -> tuple[list[str], list[str]]:
    """Each sentence points at the turns behind it. A strength only where the evidence holds
    nothing against it (no lost points, no violation); a gap cites the turns that cost, else
    the little that was shown."""
    strengths: list[str] = []
    gaps: list[str] = []
    for c in COMPETENCIES:
        if c in na or not call.turns:
            continue
        lost = sorted((p for p in evidence[c] if p.points < 0), key=lambda p: p.points)
        earned = [p for p in evidence[c] if p.points > 0 and p.turn is not None]
        missed = _scores_firm_outcome(rubric, c) and _missed_firm_outcome(call)
        if c in rubric.strengths and scores[c] >= STRENGTH_FROM and not (lost or missed):
            cited = _cite(earned) if earned else f"turns 1-{len(call.turns)}: nothing against it"
            strengths.append(f"{_text(rubric.strengths[c], rubric, call)} ({cited})")
        if c in rubric.gaps and scores[c] < GAP_BELOW:
            shown = f"only {_cite(earned)}" if earned else "no turn showed it"
            cited = _cite(lost) if lost else shown
            gaps.append(f"{_text(rubric.gaps[c], rubric, call)} ({cited})")
    return strengths, gaps


def _scores_firm_outcome(rubric: Rubric, c: Competency) -> bool:
    return any(k.marker == "firm_outcome" for k in rubric.competencies[c].contributions)


def _missed_firm_outcome(call: CallView) -> bool:
    """The scenario names its firm, good results and the call ended in none of them: a
    strength in reaching results would contradict the call."""
    firm = call.facts.get("firm_outcomes") or ()
    return bool(firm) and call.outcome not in firm


def _cite(points: Sequence[Point]) -> str:
    """'turn 3: acknowledged the debtor's feelings; turn 5: ...' for the first few points,
    one entry a turn."""
    by_turn: dict[int, list[str]] = {}
    for p in points[:EVIDENCE_CITED]:
        labels = by_turn.setdefault(p.turn or 0, [])
        label = p.label.split(":")[0]
        if label not in labels:
            labels.append(label)
    return "; ".join(f"turn {n}: {', '.join(labels)}" for n, labels in sorted(by_turn.items()))


def _text(sentence: str, rubric: Rubric, call: CallView) -> str:
    """The rubric's sentence with {firm_goal}: the scenario's firm result, or the rubric's."""
    goal = call.facts.get("firm_goal") or rubric.firm_goal
    return sentence.rstrip(".").replace("{firm_goal}", goal)
