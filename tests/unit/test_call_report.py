"""The report as a typed record: one way out (the contract's JSON), one strict way in."""

import json
from pathlib import Path

import pytest
import yaml

from sim.call.session import Session
from sim.records.transcript import load_transcript
from sim.reports.audited import audit
from sim.reports.call_report import report_of, to_json
from sim.reports.report_model import CallReport, ReportError
from sim.reports.text import report_text
from sim.rubric.matching.matcher import SignalMatcher
from tests.conftest import transcripts

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "transcripts" / "samples"
ARCHETYPES = yaml.safe_load((ROOT / "tests" / "data" / "archetypes.yaml").read_text())["archetypes"]


@pytest.fixture(scope="module")
def sample_reports(rubric):
    return [report_of(load_transcript(p), rubric) for p in transcripts(SAMPLES)]


def test_every_sample_report_reads_back_as_itself(sample_reports):
    assert len(sample_reports) >= 8
    for report in sample_reports:
        data = json.loads(to_json(report.as_dict()))
        again = CallReport.from_dict(data)
        assert again == report
        assert to_json(again.as_dict()) == to_json(report.as_dict())


def test_the_text_view_reads_the_record_and_its_dict_alike(sample_reports):
    for report in sample_reports:
        assert report_text(report.as_dict()) == report_text(report)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("scores"), "report: 'scores' is missing"),
        (lambda d: d.update(seed="7"), "report: 'seed' is not a whole number"),
        (lambda d: d.update(passed=1), "report: 'passed' is not true or false"),
        (lambda d: d["turns"][1].update(mood="calm"), "report turns[1]: 'mood' is not a whole"),
        (lambda d: d["turns"][0]["signals"][0].update(span=[3]), "signals[0]: 'span' is not a"),
        (lambda d: d["violations"].insert(0, "threat"), "report violations[0] is not a JSON"),
        (lambda d: d["scores"].update(empathy=None), "report scores: 'empathy' is not a whole"),
        (lambda d: d.update(ended_because={"cause": "?"}), "report: 'ended_because': "),
    ],
)
def test_a_corrupt_report_is_refused_saying_where(sample_reports, change, message):
    broken = next(r for r in sample_reports if r.violations and r.turns[0].signals)
    data = json.loads(to_json(broken.as_dict()))
    change(data)
    with pytest.raises(ReportError) as caught:
        CallReport.from_dict(data)
    assert message in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("foreign", [None, [], "report", {"type": "header", "seed": 1}])
def test_something_that_is_no_report_is_refused(foreign):
    with pytest.raises(ReportError, match="report"):
        CallReport.from_dict(foreign)


@pytest.fixture
def matched(monkeypatch):
    """Every reply any matcher reads, in order."""
    texts: list[str] = []
    real = SignalMatcher.match_many

    def counting(self, replies, **options):
        texts.extend(replies)
        return real(self, replies, **options)

    monkeypatch.setattr(SignalMatcher, "match_many", counting)
    return texts


def test_a_live_call_matches_each_reply_once(scenarios, rubric, tmp_path, matched):
    """The report at the end reuses the signals the engine found during the call: each
    reply is matched once, and the report is the one a re-score of the transcript gives."""
    scenario, path = scenarios["angry-customer"]
    session = Session(scenario, path, rubric, seed=2, transcript=tmp_path / "call.jsonl")
    for text in ARCHETYPES["angry-customer"]["model"]:
        if not session.ended:
            session.reply(text)
    session.finish()
    report = session.call_report()
    assert len(report.turns) >= 4 and any(t.signals for t in report.turns)
    assert matched == [t.agent for t in report.turns]
    rescored = report_of(load_transcript(tmp_path / "call.jsonl"), rubric)
    assert to_json(rescored.as_dict()) == to_json(report.as_dict())


def test_a_reviewed_call_is_matched_once_for_both_verdicts(rubric, matched):
    """The machine's report and the human verdict read the same signals: each reply of a
    reviewed call is matched once."""
    call = audit(SAMPLES / "dispute--c-102--robot.jsonl", rubric)
    assert call.reviewed is not None and call.reviewed.reviews
    assert matched == [t.agent for t in call.record.turns]
