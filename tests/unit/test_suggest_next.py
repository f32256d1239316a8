"""What to play next after a practice call: the weakest competency the call could show."""

from dataclasses import replace
from pathlib import Path

from sim.call.coaching import suggest_next
from sim.records.transcript import load_transcript
from sim.reports.call_report import report_of

SAMPLE = Path(__file__).resolve().parents[2] / "transcripts/samples/hardship--c-101--model.jsonl"
ALL = {
    "angry-customer": ("self_control", "firmness"),
    "hardship": ("empathy",),
    "dispute": ("compliance",),
    "unreachable": ("compliance",),
}


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
    # the hardship scenario trains empathy, but it is the one just played: the first other
    assert suggest_next(weak_empathy, ALL) == "angry-customer"
    # a competency no scenario trains: the first other scenario
    assert suggest_next(weak_empathy, {"hardship": ("empathy",), "x": ()}) == "x"
    nothing_shown = replace(weak_compliance, not_applicable=tuple(report.scores))
    assert suggest_next(nothing_shown, ALL) is None


def test_every_competency_is_trained_by_a_shipped_scenario(scenarios, rubric):
    """Whatever a call was weakest at, the result has a scenario to suggest for it."""
    trained = {c for scenario, _ in scenarios.values() for c in scenario.assessed.trains}
    assert trained == set(rubric.rubric.competencies)


def test_the_catalogue_carries_what_each_scenario_trains_through_its_cache(scenarios):
    from sim.authoring.catalogue import offered

    built, cached = offered(), offered()  # the second is read back from the cache
    for found in (built, cached):
        trains = {s.id: s.trains for s in found.summaries}
        assert trains == {sid: tuple(sc.assessed.trains) for sid, (sc, _) in scenarios.items()}
