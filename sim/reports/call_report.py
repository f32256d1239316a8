"""A call's report: the contract's JSON shape, built only from the record and the rubric.

Because nothing else goes in (no clock, no machine state), re-scoring a transcript with
the rubric it was played with reproduces the run's report byte for byte.
"""

from __future__ import annotations

import json
from typing import Any

from sim.errors import json_safe
from sim.records.events import EndReason
from sim.records.integrity import integrity_flags
from sim.records.review import Review
from sim.records.transcript import CallRecord
from sim.rubric.assess import Amendment, Assessment, assess
from sim.rubric.loader import LoadedRubric
from sim.rubric.rules import Violation


def assess_record(
    record: CallRecord, loaded: LoadedRubric, amendment: Amendment | None = None
) -> Assessment:
    """The one assessment of a stored call: the report, a re-score and a human review
    all come from here, with the call's outcome, mode and ending."""
    facts = record.header.facts
    end = record.end
    return assess(
        loaded.rubric,
        record.turns,
        facts,
        loaded.matcher(facts),
        outcome=end.outcome if end else None,
        mode=record.header.mode,
        interrupted=end is None or end.reason is EndReason.INTERRUPTED,
        amendment=amendment,
    )


def applicable(report: dict[str, Any]) -> dict[str, int | None]:
    """A report's scores as supervisors' views show them: None (shown "n/a") for each
    competency the call could not show, so it is never read, averaged or compared as a
    number."""
    na = report.get("not_applicable", ())
    return {c: None if c in na else value for c, value in report["scores"].items()}


def build_report(record: CallRecord, loaded: LoadedRubric) -> dict[str, Any]:
    header = record.header
    end = record.end
    result = assess_record(record, loaded)
    turns = []
    for turn, found in zip(record.turns, result.matches, strict=True):
        turns.append(
            {
                "n": turn.n,
                "debtor": turn.debtor,
                "agent": turn.agent,
                "state": turn.state,
                "party": turn.party,
                "mood": turn.mood,
                "latency_ms": turn.latency_ms,
                "signals": [m.as_dict() for m in found],
            }
        )
    last_state = record.turns[-1].to if record.turns else header.start
    return {
        "scenario": header.scenario.id,
        "seed": header.seed,
        "rubric": loaded.rubric.id,
        "candidate": header.candidate,
        "mode": header.mode,
        "outcome": end.outcome if end else None,
        "ended_in": (end.ended_in if end else None) or last_state,
        "complete": record.complete,
        "ended_because": end.because.as_dict() if end and end.because else None,
        "scores": result.scores,
        "not_applicable": result.not_applicable,
        "overall": result.overall,
        "passed": result.passed,
        "verdict": result.verdict,
        "violations": [v.as_dict() for v in result.violations],
        "turns": turns,
        "closing": end.closing.as_dict() if end and end.closing else None,
        "unused_replies": list(end.unused_replies) if end else [],
        "role_fit": result.role_fit,
        "integrity": integrity_flags(record.turns),
        "interview_questions": result.questions,
        "strengths": result.strengths,
        "gaps": result.gaps,
        "notes": result.notes,
        "evidence": {c: [p.as_dict() for p in points] for c, points in result.evidence.items()},
    }


def human_report(
    record: CallRecord, loaded: LoadedRubric, reviews: list[Review]
) -> dict[str, Any] | None:
    """The human verdict: the call assessed again with the reviews in force applied inside
    the assessment (dismissed violations cost nothing, added ones cost what the rubric says
    for their severity, set scores replace the computed ones), so the overall, the pass
    rule and the role fit are the machine's own. None when no review is in force."""
    if not reviews:
        return None
    rubric = loaded.rubric
    dismissed: set[tuple[str, int]] = set()
    added: list[Violation] = []
    scores: dict[str, int] = {}
    for review in reviews:
        for o in review.overrides:
            if o.kind == "score" and o.competency and o.value is not None:
                scores[o.competency] = o.value
            elif o.kind == "dismiss" and o.rule and o.turn is not None:
                dismissed.add((o.rule, o.turn))
            elif o.kind == "add" and o.rule and o.turn is not None and o.severity:
                rule = rubric.rules.get(o.rule)
                reason = f"added by {review.reviewer}: {review.reason}"
                cite = rule.cite if rule else ""
                added.append(
                    Violation(o.rule, o.severity, o.turn, "", None, None, None, reason, cite)
                )
    amendment = Amendment(frozenset(dismissed), tuple(added), scores)
    result = assess_record(record, loaded, amendment)
    return {
        "scores": result.scores,
        "not_applicable": result.not_applicable,
        "overall": result.overall,
        "passed": result.passed,
        "verdict": result.verdict,
        "role_fit": result.role_fit,
        "violations": [v.as_dict() for v in result.violations],
        "dismissed": [{"rule": r, "turn": t} for r, t in sorted(dismissed)],
        "reviews": [r.describe() for r in reviews],
    }


def to_json(report: dict[str, Any] | list[dict[str, Any]]) -> str:
    return json_safe(json.dumps(report, indent=2, ensure_ascii=False)) + "\n"
