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
from sim.records.transcript import CallRecord
from sim.rubric.assess import assess
from sim.rubric.loader import LoadedRubric


def build_report(record: CallRecord, loaded: LoadedRubric) -> dict[str, Any]:
    header = record.header
    facts = header.facts
    turn_dicts = [t.as_dict() for t in record.turns]  # the rubric reads turns by key
    end = record.end
    result = assess(
        loaded.rubric,
        turn_dicts,
        facts,
        loaded.matcher(facts),
        outcome=end.outcome if end else None,
        mode=header.mode,
        interrupted=end is None or end.reason is EndReason.INTERRUPTED,
    )
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


def to_json(report: dict[str, Any] | list[dict[str, Any]]) -> str:
    return json_safe(json.dumps(report, indent=2, ensure_ascii=False)) + "\n"
