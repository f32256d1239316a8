"""A call's report: the contract's JSON shape, built only from the record and the rubric.

Because nothing else goes in (no clock, no machine state), re-scoring a transcript with
the rubric it was played with reproduces the run's report byte for byte.
"""

from __future__ import annotations

import json

from sim.records.integrity import integrity_flags
from sim.records.transcript import CallRecord
from sim.rubric.assess import assess
from sim.rubric.loader import LoadedRubric


def build_report(record: CallRecord, loaded: LoadedRubric) -> dict:
    header = record.header
    facts = header.get("facts", {})
    result = assess(loaded.rubric, record.turns, facts, loaded.matcher(facts))
    end = record.end or {}
    turns = []
    for turn, found in zip(record.turns, result.matches, strict=True):
        turns.append(
            {
                "n": turn["n"],
                "debtor": turn["debtor"],
                "agent": turn["agent"],
                "state": turn["state"],
                "party": turn.get("party"),
                "mood": turn.get("mood"),
                "latency_ms": turn.get("latency_ms"),
                "signals": [m.as_dict() for m in found],
            }
        )
    last_state = record.turns[-1]["to"] if record.turns else header.get("start")
    return {
        "scenario": header["scenario"]["id"],
        "seed": header.get("seed"),
        "rubric": loaded.rubric.id,
        "candidate": header.get("candidate"),
        "mode": header.get("mode"),
        "outcome": end.get("outcome"),
        "ended_in": end.get("ended_in", last_state),
        "complete": record.complete,
        "scores": result.scores,
        "overall": result.overall,
        "passed": result.passed,
        "verdict": result.verdict,
        "violations": [v.as_dict() for v in result.violations],
        "turns": turns,
        "closing": _closing(end.get("closing")),
        "unused_replies": end.get("unused_replies", []),
        "role_fit": result.role_fit,
        "integrity": integrity_flags(record.turns),
        "interview_questions": result.questions,
        "strengths": result.strengths,
        "gaps": result.gaps,
        "evidence": {c: [p.as_dict() for p in points] for c, points in result.evidence.items()},
    }


def to_json(report: dict) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def _closing(closing: dict | None) -> dict | None:
    """The debtor's last line; rebuilt so key order never depends on where it came from."""
    return {"state": closing["state"], "debtor": closing["debtor"]} if closing else None
