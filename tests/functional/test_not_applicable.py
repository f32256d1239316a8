"""A competency a call could not show (empathy on a location call: no debtor reached) reads
"n/a" wherever a supervisor reads scores, and never counts as a number in a mean."""

import csv
import io
import json

import pytest
import yaml

from sim.reports.audited import audit
from sim.tui.replay import ReplayApp
from tests.conftest import DATA, ROOT, plan_replies, record_call, review
from tests.functional.test_audit import xapi_problems

ARCHETYPES = yaml.safe_load((DATA / "archetypes.yaml").read_text())["archetypes"]
LOCATION = plan_replies("unreachable", "location confirmed")


@pytest.fixture
def cohort(rubric, tmp_path):
    """c-7 Lee: a location call (empathy n/a) and a hardship call (empathy 85);
    c-8 Kim: only a location call."""
    folder = tmp_path / "calls"
    lee, kim = {"candidate": "c-7 Lee", "seed": 1}, {"candidate": "c-8 Kim", "seed": 1}
    record_call(rubric, folder / "lee-location.jsonl", "unreachable", LOCATION, **lee, day=1)
    hardship = ARCHETYPES["hardship"]["model"]
    record_call(rubric, folder / "lee-hardship.jsonl", "hardship", hardship, **lee, day=2)
    record_call(rubric, folder / "kim-location.jsonl", "unreachable", LOCATION, **kim, day=3)
    return folder


def report(cli, folder, fmt, *more):
    result = cli("report", folder, "--format", fmt, *more)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_call_really_cannot_show_empathy(cli, cohort):
    data = cli.json("score", cohort / "lee-location.jsonl")
    assert data["not_applicable"] == ["empathy"] and data["passed"]
    hardship = cli.json("score", cohort / "lee-hardship.jsonl")
    assert hardship["not_applicable"] == [] and hardship["scores"]["empathy"] == 85


def test_json_gives_null_and_means_leave_it_out(cli, cohort):
    data = json.loads(report(cli, cohort, "json"))
    calls = {c["path"].rsplit("/", 1)[1]: c for c in data["calls"]}
    location = calls["lee-location.jsonl"]
    assert location["scores"]["empathy"] is None and location["not_applicable"] == ["empathy"]
    assert location["machine"]["scores"]["empathy"] is None
    assert location["scores"]["compliance"] == 100
    lee, kim = data["candidates"]["c-7 Lee"], data["candidates"]["c-8 Kim"]
    assert lee["means"]["empathy"] == 85.0  # not (85 + 10) / 2, nor (85 + 0) / 2
    assert kim["means"]["empathy"] is None and kim["means"]["compliance"] == 100.0
    assert sum(data["histograms"]["empathy"].values()) == 1  # the hardship call only
    assert sum(data["histograms"]["compliance"].values()) == 3


def test_the_table_says_n_a(cli, cohort):
    lines = report(cli, cohort, "table").splitlines()
    # candidates: name (2 words), calls, pass, best, last, then the four means
    people = {" ".join(line.split()[:2]): line.split() for line in lines[6:8]}
    assert people["c-7 Lee"][6] == "85.0" and people["c-8 Kim"][6] == "n/a"
    location = next(line for line in lines if line.startswith("c-7 Lee") and "unreachable" in line)
    assert location.split()[5] == "n/a"  # name (2 words), scenario, date, mode, empathy


def test_the_csv_says_n_a(cli, cohort):
    candidates, calls = report(cli, cohort, "csv").split("\n\n")
    people = {r["candidate"]: r for r in csv.DictReader(io.StringIO(candidates))}
    assert people["c-7 Lee"]["mean_empathy"] == "85.0"
    assert people["c-8 Kim"]["mean_empathy"] == "n/a"
    rows = {r["transcript"].rsplit("/", 1)[1]: r for r in csv.DictReader(io.StringIO(calls))}
    assert rows["lee-location.jsonl"]["empathy"] == "n/a"
    assert rows["lee-hardship.jsonl"]["empathy"] == "85"


def test_the_html_says_n_a(cli, cohort):
    page = report(cli, cohort, "html")
    summary = page.split("id='candidate-summary'")[1].split("</table>")[0]
    kim = next(row for row in summary.split("<tr>") if "c-8 Kim" in row)
    assert "<td>n/a</td>" in kim
    lee = next(row for row in summary.split("<tr>") if "c-7 Lee" in row)
    assert "<td>85.0</td>" in lee
    calls = page.split("id='calls'")[1]
    location = next(
        row
        for row in calls.split("<tr>")
        if "lee-location" in row or ("c-7 Lee" in row and "unreachable" in row)
    )
    assert "<td>n/a</td>" in location
    profiles = page.split("Candidate profiles")[1].split("<h2>")[0]
    kim_profile = next(card for card in profiles.split("<div class='card'>") if "c-8 Kim" in card)
    assert '<rect x="130" y="2" width="0"' in kim_profile and ">n/a</text>" in kim_profile


def test_xapi_leaves_it_out_of_the_scores(cli, cohort):
    statements = json.loads(report(cli, cohort, "xapi"))
    ext = "https://collections-sim.invalid/xapi/extensions/scores"
    location = [
        s for s in statements if s["object"]["definition"]["name"]["en-US"] == "unreachable"
    ]
    assert location
    for s in location:  # xAPI takes no nulls: the score is left out, and named
        extensions = s["context"]["extensions"]
        assert "empathy" not in extensions[ext] and extensions[ext]["compliance"] == 100
        assert extensions[ext.replace("scores", "not-applicable")] == ["empathy"]
        assert xapi_problems(s) == []


def test_compare_says_n_a(cli, cohort):
    out = cli("compare", cohort / "lee-location.jsonl", cohort / "lee-hardship.jsonl").stdout
    empathy = next(line for line in out.splitlines() if line.startswith("Empathy"))
    assert empathy.split() == ["Empathy", "n/a", "85"]


def test_a_rescore_does_not_count_what_does_not_apply(cli, cohort, tmp_path):
    """A rubric that starts empathy higher moves the hardship call's empathy, not the
    location call's: that one is n/a and stays unchanged."""
    text = (ROOT / "sim" / "data" / "rubrics" / "default.yaml").read_text()
    start = text.index("  empathy:\n")
    at = text.index("    base: 10", start)
    richer = tmp_path / "richer.yaml"
    richer.write_text(text[:at] + "    base: 15" + text[at + len("    base: 10") :])
    out = cli("score", cohort, "--rubric", richer).stdout
    assert "lee-location" not in out.split("3 call(s) compared")[0]
    assert "2 unchanged" in out
    assert "mean change: empathy +5.0" in out


def test_sim_score_of_one_call_says_n_a(cli, cohort):
    out = cli("score", cohort / "lee-location.jsonl").stdout
    assert "Empathy       n/a" in out


async def test_the_replay_says_n_a(rubric, cohort):
    audited = audit(cohort / "lee-location.jsonl", rubric)
    app = ReplayApp(audited, title="location")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("e")
        summary = str(app.screen.query_one("#turn").render())
        empathy = next(line for line in summary.splitlines() if line.startswith("Empathy"))
        assert "n/a" in empathy and "10" not in empathy


def test_a_review_cannot_score_what_does_not_apply(cli, cohort):
    location = cohort / "lee-location.jsonl"
    refused = review(cli, location, "--score", "empathy=90", why="kind voice")
    assert refused.returncode == 2 and "empathy does not apply to this call" in refused.stderr
    assert not (cohort / "lee-location.jsonl.review.jsonl").exists()
    assert review(cli, location, "--score", "firmness=90", why="kind voice").returncode == 0
    # the human verdict still leaves out what the call could not show
    data = json.loads(report(cli, location, "json"))
    [row] = data["calls"]
    assert row["verdict_by"] == "human" and row["human"]["scores"]["firmness"] == 90
    assert row["scores"]["empathy"] is None and row["human"]["scores"]["empathy"] is None
    assert row["passed"]
