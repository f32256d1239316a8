"""What to play next after a practice call: the weakest competency the call could show."""

from dataclasses import replace
from pathlib import Path

from sim.call.coaching import suggest_next
from sim.records.transcript import load_transcript
from sim.reports.call_report import report_of

SAMPLE = Path(__file__).resolve().parents[2] / "transcripts/samples/hardship--c-101--model.jsonl"
ALL = ["angry-customer", "hardship", "dispute", "unreachable"]


def test_the_weakest_shown_competency_picks_the_next_scenario(rubric):
    report = report_of(load_transcript(SAMPLE), rubric)
    weak_compliance = replace(
        report,
        scores={"empathy": 0, "firmness": 90, "self_control": 90, "compliance": 40},
        not_applicable=("empathy",),
    )
    assert suggest_next(weak_compliance, ALL) == "dispute"
    assert suggest_next(weak_compliance.as_dict(), ALL) == "dispute"
    weak_empathy = replace(weak_compliance, not_applicable=())
    # the hardship scenario trains empathy, but it is the one just played
    assert suggest_next(weak_empathy, ALL) == "angry-customer"
    nothing_shown = replace(weak_compliance, not_applicable=tuple(report.scores))
    assert suggest_next(nothing_shown, ALL) is None
