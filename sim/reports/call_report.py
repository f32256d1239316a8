"""A call's report: the contract's JSON shape, built only from the record and the rubric.

Because nothing else goes in (no clock, no machine state), re-scoring a transcript with
the rubric it was played with reproduces the run's report byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sim.errors import json_safe
from sim.records.events import EndReason
from sim.records.integrity import integrity_flags
from sim.records.transcript import CallRecord
from sim.reports.report_model import (
    CallReport,
    HumanReport,
    ReportSignal,
    ReportTurn,
)
from sim.rubric.assess import Amendment, Assessment, assess
from sim.rubric.loader import LoadedRubric
from sim.rubric.matching.matcher import SignalMatch
from sim.rubric.rules import Violation

if TYPE_CHECKING:  # a report is made without reading reviews: sim run need not import them
    from sim.records.review import Review


def assess_record(
    record: CallRecord,
    loaded: LoadedRubric,
    amendment: Amendment | None = None,
    *,
    matches: Sequence[Sequence[SignalMatch]] | None = None,
) -> Assessment:
    """The one assessment of a stored call: the report, a re-score and a human review
    all come from here, with the call's outcome, mode and ending. ``matches``: each
    reply's signals when already found."""
    facts = record.header.facts
    end = record.end
    return assess(
        loaded.rubric,
        record.turns,
        facts,
        loaded.matcher(facts) if matches is None else None,
        outcome=end.outcome if end else None,
        mode=record.header.mode,
        interrupted=end is None or end.reason is EndReason.INTERRUPTED,
        amendment=amendment,
        matches=matches,
    )


def report_of(
    record: CallRecord,
    loaded: LoadedRubric,
    matches: Sequence[Sequence[SignalMatch]] | None = None,
) -> CallReport:
    """The call's report. ``matches``: the signals already found in each reply (by the
    engine, during the call), so no reply is matched twice."""
    return report_from(record, loaded, assess_record(record, loaded, matches=matches))


def report_from(record: CallRecord, loaded: LoadedRubric, result: Assessment) -> CallReport:
    """The report of a call already assessed (``result``: its :func:`assess_record`)."""
    header = record.header
    end = record.end
    turns = tuple(
        ReportTurn(
            n=turn.n,
            debtor=turn.debtor,
            agent=turn.agent,
            state=turn.state,
            party=turn.party,
            mood=turn.mood,
            latency_ms=turn.latency_ms,
            signals=tuple(ReportSignal(m.signal, m.score, (m.start, m.end)) for m in found),
        )
        for turn, found in zip(record.turns, result.matches, strict=True)
    )
    last_state = record.turns[-1].to if record.turns else header.start
    return CallReport(
        scenario=header.scenario.id,
        seed=header.seed,
        rubric=loaded.rubric.id,
        candidate=header.candidate,
        mode=header.mode,
        outcome=end.outcome if end else None,
        ended_in=(end.ended_in if end else None) or last_state,
        complete=record.complete,
        ended_because=end.because if end else None,
        scores=result.scores,
        not_applicable=tuple(result.not_applicable),
        overall=result.overall,
        passed=result.passed,
        verdict=result.verdict,
        violations=tuple(result.violations),
        turns=turns,
        closing=end.closing if end else None,
        unused_replies=tuple(end.unused_replies) if end else (),
        role_fit=result.role_fit,
        integrity=tuple(integrity_flags(record.turns)),
        interview_questions=tuple(result.questions),
        strengths=tuple(result.strengths),
        gaps=tuple(result.gaps),
        notes=tuple(result.notes),
        evidence={c: tuple(points) for c, points in result.evidence.items()},
    )


def human_report(
    record: CallRecord,
    loaded: LoadedRubric,
    reviews: list[Review],
    matches: Sequence[Sequence[SignalMatch]] | None = None,
) -> HumanReport | None:
    """The human verdict: the call assessed again with the reviews in force applied inside
    the assessment (dismissed violations cost nothing, added ones cost what the rubric says
    for their severity, set scores replace the computed ones), so the overall, the pass
    rule and the role fit are the machine's own. None when no review is in force.
    ``matches``: each reply's signals, as the machine's assessment found them."""
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
    result = assess_record(record, loaded, amendment, matches=matches)
    return HumanReport(
        scores=result.scores,
        not_applicable=tuple(result.not_applicable),
        overall=result.overall,
        passed=result.passed,
        verdict=result.verdict,
        role_fit=result.role_fit,
        violations=tuple(result.violations),
        dismissed=tuple(sorted(dismissed)),
        reviews=tuple(r.describe() for r in reviews),
    )


def to_json(report: dict[str, Any] | list[dict[str, Any]]) -> str:
    return json_safe(json.dumps(report, indent=2, ensure_ascii=False)) + "\n"
