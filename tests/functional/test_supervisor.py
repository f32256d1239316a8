"""Supervisor review: folder re-scoring, cohort reports, compare and human overrides."""

import csv
import io
import json

import pytest
import yaml

from sim.call.session import Session
from sim.scenario.loader import load_scenario
from sim.sources.locations import SCENARIOS
from tests.conftest import DATA, ROOT, record_call, review


def report_json(cli, *args):
    result = cli("report", *args, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


ARCHETYPES = yaml.safe_load((DATA / "archetypes.yaml").read_text())["archetypes"]
ARCHETYPE_KINDS = ["model", "abusive", "pushover", "robot"]


@pytest.fixture(scope="module")
def cohort(rubric, tmp_path_factory):
    """Twelve calls: four candidates, three scenarios, three days."""
    folder = tmp_path_factory.mktemp("cohort")
    kinds = ARCHETYPE_KINDS
    for n, sid in enumerate(["angry-customer", "hardship", "dispute"] * 4):
        kind = kinds[n % 4]
        path = folder / f"{n:02d}-{sid}-{kind}.jsonl"
        replies = ARCHETYPES[sid][kind]
        record_call(rubric, path, sid, replies, candidate=f"cand-{kind}", day=1 + n % 3, seed=n)
    return folder


def test_json_report_rows_and_summaries(cohort, cli):
    data = report_json(cli, cohort, "--role", "charged_off")
    calls = data["calls"]
    assert len(calls) == 12 and data["role"] == "charged_off"
    ranked = [c for c in calls if c["ranked"]]
    assert calls[: len(ranked)] == ranked  # the ranked calls first, then the others
    assert all(c["complete"] and c["verified"] for c in ranked)
    fits = [c["role_fit"]["charged_off"] for c in ranked]
    assert fits == sorted(fits, reverse=True)
    assert sum(data["outcomes"].values()) == len(ranked)
    assert sum(data["histograms"]["empathy"].values()) == len(ranked)
    assert set(data["candidates"]) == {"cand-model", "cand-abusive", "cand-pushover", "cand-robot"}
    assert data["interview_questions"]["cand-pushover"]
    abusive = [c for c in calls if c["candidate"] == "cand-abusive"]
    assert all(c["critical"] and not c["passed"] for c in abusive)


def test_filters(cohort, cli):
    only = report_json(cli, cohort, "--scenario", "hardship", "--candidate", "cand-robot")
    assert [(c["scenario"], c["candidate"]) for c in only["calls"]] == [("hardship", "cand-robot")]
    dated = report_json(cli, cohort, "--since", "2026-11-02", "--until", "2026-11-02")
    assert dated["calls"] and all(c["date"] == "2026-11-02" for c in dated["calls"])


def test_csv_report(cohort, cli):
    result = cli("report", cohort, "--format", "csv")
    assert result.returncode == 0, result.stderr
    people, calls = result.stdout.split("\n\n")
    summary = list(csv.DictReader(io.StringIO(people)))
    assert {r["candidate"] for r in summary} == {f"cand-{k}" for k in ARCHETYPE_KINDS}
    assert {"calls", "passes", "best", "latest", "fit_early_stage"} <= set(summary[0])
    rows = list(csv.DictReader(io.StringIO(calls)))
    assert len(rows) == 12
    assert {
        "candidate",
        "empathy",
        "overall",
        "passed",
        "fit_early_stage",
        "critical_violations",
        "integrity_flags",
        "ended_in",
        "complete",
        "mode",
        "seed",
        "critical_count",
        "major_count",
        "minor_count",
        "rubric",
        "rubric_sha256",
        "program",
    } <= set(rows[0])


def test_html_report_is_self_contained_with_charts(cohort, tmp_path, cli):
    out = tmp_path / "cohort.html"
    result = cli("report", cohort, "--format", "html", "-o", out)
    assert result.returncode == 0 and "wrote" in result.stderr
    page = out.read_text()
    assert page.count("<svg") >= 4 + 4 + 2  # distributions, profiles, endings
    for needle in (
        "Score distributions",
        "Candidate profiles",
        "Where calls ended",
        "Interview questions",
    ):
        assert needle in page
    for network in ("http:", "https:", "src=", "<link", "@import", "url("):
        assert network not in page


def test_table_report(cohort, cli):
    result = cli("report", cohort, "--role", "early_stage")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Cohort by early_stage fit: 12 call(s), ")
    assert lines[1].startswith("rubric default (sha256 ") and "as of 2026-11-03T09:00" in lines[1]
    assert lines[3] == "Candidates (ranked calls only)" and lines[4].startswith("candidate")
    calls = lines.index("Calls")
    assert calls == 5 + 2 + 4  # a summary line for each of the four candidates first


def test_unknown_role_is_a_clear_error(cohort, cli):
    result = cli("report", cohort, "--role", "astronaut")
    assert result.returncode == 2 and "unknown role 'astronaut'" in result.stderr


def test_folder_rescore_summarises_what_changed(cohort, tmp_path, cli):
    strict = tmp_path / "strict.yaml"
    text = (ROOT / "sim" / "data" / "rubrics" / "default.yaml").read_text()
    strict.write_text(
        text.replace("id: default", "id: strict").replace(
            "competency_floor: 30", "competency_floor: 65"
        )
    )
    same = cli("score", cohort)
    assert same.returncode == 0, same.stderr
    assert "mean change: empathy +0.0" in same.stdout and "pass->fail: 0" in same.stdout
    result = cli("score", cohort, "--rubric", strict)
    assert result.returncode == 0
    assert "Re-scored 12 call(s) with rubric 'strict'" in result.stdout
    assert "12 call(s) compared with the scores stored when they were played" in result.stdout
    assert "pass->fail: " in result.stdout and "pass->fail: 0" not in result.stdout


def test_review_round_trip_and_agreement(cohort, tmp_path, cli):
    target = sorted(cohort.glob("*-dispute-robot.jsonl"))[0]
    before = report_json(cli, cohort)["agreement"]
    assert before["reviewed_calls"] == 0 and before["kappa_pass_fail"] is None
    result = review(cli, target, "--score", "empathy=70", who="Sam", why="polite and clear")
    assert result.returncode == 0
    stored = json.loads(target.with_name(target.name + ".review.jsonl").read_text())
    assert stored["reviewer"] == "Sam" and stored["overrides"][0]["value"] == 70
    after = report_json(cli, cohort)
    row = next(c for c in after["calls"] if c["path"] == str(target))
    assert row["human"]["scores"]["empathy"] == 70 and row["machine"]["scores"]["empathy"] != 70
    assert row["scores"]["empathy"] == 70 and row["verdict_by"] == "human"  # the headline
    agreement = after["agreement"]
    assert agreement["reviewed_calls"] == 1
    # one reviewed call says nothing about agreement: no statistic below the minimum
    assert agreement["kappa_pass_fail"] is None and agreement["mean_abs_difference"] is None
    assert cli("verify", target).returncode == 0  # the transcript was not touched
    assert review(cli, target, "--dismiss", "nope@1", who="Sam", why="x").returncode == 2


def test_compare_side_by_side(cohort, cli):
    a = sorted(cohort.glob("*-angry-customer-model.jsonl"))[0]
    b = sorted(cohort.glob("*-angry-customer-abusive.jsonl"))[0]
    result = cli("compare", a, b)
    assert result.returncode == 0
    out = result.stdout
    assert "cand-model" in out and "cand-abusive" in out
    assert "Compliance" in out and "turn 1" in out and "! abusive_language" in out


def test_report_to_an_unwritable_place_leaves_nothing(cohort, tmp_path, cli):
    target = tmp_path / "report.html"
    target.mkdir()  # a directory where the file should go
    result = cli("report", cohort, "--format", "html", "-o", target)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert not list(tmp_path.glob(".report.html.*"))


def test_a_review_uses_the_machine_pass_rule(rubric, tmp_path, cli):
    # The human verdict is the machine's rule applied to the reviewed scores: a call in
    # which the candidate never replied does not pass, whatever the scores say.
    path = SCENARIOS / "hardship.yaml"
    transcript = tmp_path / "silent.jsonl"
    session = Session(load_scenario(path), path, rubric, transcript=transcript)
    session.finish("agent_ended")
    # (empathy is n/a with no turn to the debtor, and cannot be scored)
    scores = [f"--score={c}=100" for c in ("firmness", "self_control", "compliance")]
    recorded = review(cli, transcript, *scores, who="QA", why="test")
    assert recorded.returncode == 0, recorded.stderr
    data = report_json(cli, transcript)
    assert data["calls"][0]["human"]["passed"] is False
    assert data["calls"][0]["passed"] is False
