"""`sim run`, `sim score`, `sim list`, `sim signals` end to end through the real command."""

import json

import pytest

from tests.conftest import ROOT, plan_replies

CASES = {
    "model_plan": ("angry-customer", "model plan"),
    "abusive_hang_up": ("angry-customer", "abusive hang up"),
    "small_plan": ("hardship", "small plan"),
    "dispute_logged": ("dispute", "dispute logged"),
    "callback_after_location_call": ("unreachable", "callback after location call"),
}


def replies(name):
    return plan_replies(*CASES[name])


def replies_file(tmp_path, name):
    path = tmp_path / f"{name}.txt"
    path.write_text("\n".join(replies(name)) + "\n")
    return path


@pytest.mark.parametrize(
    "name", ["model_plan", "small_plan", "dispute_logged", "callback_after_location_call"]
)
def test_run_is_byte_identical_twice(tmp_path, name, cli):
    replies = replies_file(tmp_path, name)
    scenario = CASES[name][0]
    first = cli("run", scenario, "--replies", replies, "--seed", 7, "--json")
    second = cli("run", scenario, "--replies", replies, "--seed", 7, "--json")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    text = cli("run", scenario, "--replies", replies, "--seed", 7)
    assert text.returncode == 0 and "Outcome:" in text.stdout


def test_report_has_the_contract_shape(tmp_path, cli):
    report = cli.json(
        "run", "angry-customer", "--replies", replies_file(tmp_path, "model_plan"), "--seed", 7
    )
    for key in (
        "scenario",
        "seed",
        "rubric",
        "outcome",
        "ended_in",
        "complete",
        "scores",
        "overall",
        "passed",
        "violations",
        "turns",
        "role_fit",
        "integrity",
        "interview_questions",
    ):
        assert key in report
    assert report["scenario"] == "angry-customer" and report["seed"] == 7
    assert set(report["scores"]) == {"empathy", "firmness", "self_control", "compliance"}
    assert all(isinstance(v, int) and 0 <= v <= 100 for v in report["scores"].values())
    turn = report["turns"][0]
    assert {"n", "debtor", "agent", "state", "latency_ms", "signals"} <= set(turn)
    signal = turn["signals"][0]
    assert set(signal) == {"id", "score", "span"}
    start, end = signal["span"]
    assert 0 <= start < end <= len(turn["agent"])


def test_replies_from_stdin(cli):
    text = "\n".join(replies("model_plan"))
    result = cli("run", "angry-customer", "--replies", "-", "--json", input=text)
    assert result.returncode == 0 and json.loads(result.stdout)["outcome"] == "payment_plan"


def test_leftover_replies_are_reported(tmp_path, cli):
    path = tmp_path / "r.txt"
    path.write_text("\n".join([*replies("abusive_hang_up"), "one more", "and another"]))
    report = cli.json("run", "angry-customer", "--replies", path)
    assert report["complete"] and report["unused_replies"][-2:] == ["one more", "and another"]


def test_running_out_of_replies_is_incomplete(tmp_path, cli):
    path = tmp_path / "r.txt"
    path.write_text("Hi, this is Alex. Am I speaking with Dana Whitfield?\n")
    report = cli.json("run", "angry-customer", "--replies", path)
    assert report["complete"] is False and report["outcome"] is None
    assert report["ended_in"] == "name_confirmed"


def test_score_reproduces_the_run_report_exactly(tmp_path, cli):
    transcript = tmp_path / "call.jsonl"
    run = cli(
        "run",
        "hardship",
        "--replies",
        replies_file(tmp_path, "small_plan"),
        "--seed",
        3,
        "--transcript",
        transcript,
        "--json",
    )
    assert run.returncode == 0, run.stderr
    score = cli("score", transcript, "--json")
    assert score.returncode == 0, score.stderr
    assert score.stdout == run.stdout


def test_score_with_another_rubric_reassesses(tmp_path, cli):
    transcript = tmp_path / "call.jsonl"
    cli.json(
        "run",
        "hardship",
        "--replies",
        replies_file(tmp_path, "small_plan"),
        "--transcript",
        transcript,
    )
    strict = tmp_path / "strict.yaml"
    text = (ROOT / "sim" / "data" / "rubrics" / "default.yaml").read_text()
    strict.write_text(
        text.replace("id: default", "id: strict").replace("pass_mark: 65", "pass_mark: 95")
    )
    default = cli.json("score", transcript)
    other = cli.json("score", transcript, "--rubric", strict)
    assert default["passed"] and not other["passed"]
    assert other["rubric"] == "strict" and default["scores"] == other["scores"]


def test_list_names_every_scenario(cli):
    result = cli("list")
    assert result.returncode == 0
    for sid in ("angry-customer", "hardship", "dispute", "unreachable"):
        assert sid in result.stdout


def test_signals_probe_shows_spans_and_rules(cli):
    data = cli.json("signals", "If this isn't paid by Friday, a warrant goes out.")
    ids = {s["id"]: s for s in data["signals"]}
    assert ids["threaten_arrest"]["evidence"] == "warrant"
    assert "threat_arrest" in [v["rule"] for v in data["violations"]]
    plain = cli("signals", "Nobody goes to jail over a credit-card debt.")
    assert plain.returncode == 0, plain.stderr
    assert "negated: does not count" in plain.stdout
    assert "Rules this reply would break" not in plain.stdout


def test_signals_probe_uses_scenario_facts(cli):
    data = cli.json(
        "signals", "Hi, it's Alex from Summit Recovery Services", "--scenario", "hardship"
    )
    assert "name_agency" in {s["id"] for s in data["signals"]}


def test_signals_explains_a_near_miss(cli):
    data = cli.json("signals", "we will not sue you", "--expect", "threaten_lawsuit")
    reasons = [m["reason"] for m in data["near_misses"] if m["signal"] == "threaten_lawsuit"]
    assert any(r.startswith("negated") for r in reasons), reasons
    assert any(m["via"] == "learned" for m in data["near_misses"])


def test_signals_shows_the_closest_candidates_when_nothing_matched(cli):
    result = cli("signals", "hmm right ok then")
    assert result.returncode == 0
    assert "No signal detected." in result.stdout
    assert "Near misses (closest first):" in result.stdout
    assert "below threshold" in result.stdout


def test_signals_expect_names_a_missing_word(cli):
    result = cli("signals", "I hear", "--expect", "acknowledge_feelings")
    assert result.returncode == 0
    assert "missing word(s): you" in result.stdout


def test_signals_expect_an_unknown_signal_is_a_usage_error(cli):
    result = cli("signals", "hello", "--expect", "acknowledge_feeling")
    assert result.returncode == 2
    assert "unknown signal 'acknowledge_feeling'" in result.stderr
    assert "Traceback" not in result.stderr
