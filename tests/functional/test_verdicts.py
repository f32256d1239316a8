"""Verdicts a candidate would accept (#14), played as a candidate would: through the CLI
and the live call the TUI drives."""

import pytest
import yaml

from sim.call.interactive import LiveCall
from tests.conftest import DATA, review

ARCHETYPES = yaml.safe_load((DATA / "archetypes.yaml").read_text())["archetypes"]

LOCATION_CALL = [
    "Hi, this is Alex from SRS. Please call me back at 800-555-0100. Thanks.",
    "Hi, may I speak with Jordan Reyes?",
    "This is Alex. I'm just confirming location information for Jordan.",
    "I'm with SRS. Is this still the best number to reach Jordan?",
    "Thanks, that's all I needed.",
]


def run(cli, tmp_path, scenario, replies, *extra):
    path = tmp_path / "replies.txt"
    path.write_text("\n".join(replies) + "\n")
    return cli("run", scenario, "--replies", path, "--seed", 1, *extra)


def test_a_lawful_location_call_passes_without_empathy(cli, tmp_path):
    report = run(cli, tmp_path, "unreachable", LOCATION_CALL).stdout
    assert "PASSED" in report and "NOT PASSED" not in report
    assert "Empathy       n/a" in report
    assert "acknowledge the debtor" not in report  # no money was asked, no debtor reached
    data = cli.json("run", "unreachable", "--replies", tmp_path / "replies.txt", "--seed", 1)
    assert data["outcome"] == "location_confirmed" and data["passed"]
    assert data["not_applicable"] == ["empathy"]
    assert data["violations"] == []


def test_a_call_too_short_to_reach_an_outcome_is_incomplete(cli, tmp_path):
    data = cli.json("run", "angry-customer", "--replies", _write(tmp_path, ["Hi, is this Dana?"]))
    assert not data["passed"] and data["outcome"] is None
    assert "incomplete" in data["verdict"] and "needs at least" in data["verdict"]


def test_a_call_that_stops_before_any_outcome_never_passes(cli, tmp_path):
    newcomer = [  # never gives the mini-Miranda; the replies run out before Dana agrees
        "Hi, this is Sam. Is this Dana Whitfield?",
        "Can you confirm your date of birth?",
        "I'm sorry about all those calls, that sounds frustrating.",
        "Could we set up a payment plan that fits your budget?",
        "So $100 on the 15th of each month?",
        "Thanks Dana, I'll send a letter confirming it.",
    ]
    data = cli.json("run", "angry-customer", "--replies", _write(tmp_path, newcomer), "--seed", 1)
    assert data["outcome"] is None and data["complete"] is False
    assert (
        not data["passed"] and "incomplete: the call stopped before any outcome" in data["verdict"]
    )
    assert "mini_miranda" in {v["rule"] for v in data["violations"]}
    text = cli("run", "angry-customer", "--replies", tmp_path / "short.txt", "--seed", 1).stdout
    assert "NOT PASSED" in text and "Stays inside the law" not in text


def _write(tmp_path, replies):
    path = tmp_path / "short.txt"
    path.write_text("\n".join(replies) + "\n")
    return path


def live(scenarios, rubric, sid, mode, tmp_path):
    scenario, path = scenarios[sid]
    return LiveCall(
        scenario, path, rubric, mode=mode, candidate="c-1", seed=4,
        transcripts=tmp_path / mode, clock=lambda: 0.0,
    )  # fmt: skip


def play_typed(call, replies, pasted=()):
    """Each reply typed key by key, or (its index in ``pasted``) pasted whole."""
    warnings = []
    for i, text in enumerate(replies):
        if call.ended:
            break
        if i in pasted:
            call.pasted(len(text))
        else:
            for _ in text:
                call.keystroke()
        result = call.reply(text)
        warnings += [(result.turn["n"], w.rule) for w in result.coaching.warnings]
    return call.finish(None).as_dict(), warnings  # the report as the contract writes it


@pytest.mark.parametrize("sid", sorted(ARCHETYPES))
def test_practice_and_assessment_agree_on_the_same_replies(scenarios, rubric, tmp_path, sid):
    practice, _ = play_typed(
        live(scenarios, rubric, sid, "practice", tmp_path), ARCHETYPES[sid]["model"]
    )
    assessment, _ = play_typed(
        live(scenarios, rubric, sid, "assessment", tmp_path), ARCHETYPES[sid]["model"]
    )
    assert {**practice, "mode": None} == {**assessment, "mode": None}


@pytest.mark.parametrize("sid", sorted(ARCHETYPES))
@pytest.mark.parametrize("kind", ["model", "abusive", "pushover", "robot"])
def test_live_coaching_never_warns_of_what_the_report_does_not_hold(
    scenarios, rubric, tmp_path, sid, kind
):
    report, warnings = play_typed(
        live(scenarios, rubric, sid, "practice", tmp_path), ARCHETYPES[sid][kind]
    )
    final = {(v["turn"], v["rule"]) for v in report["violations"]}
    assert set(warnings) <= final


def test_a_reply_still_due_is_not_a_warning_yet(scenarios, rubric, tmp_path):
    # hardship: the debtor discloses a job loss; acknowledging it, offering a plan and free
    # advice may take three replies, so the first of them is not yet "ignoring" it
    report, warnings = play_typed(
        live(scenarios, rubric, "hardship", "practice", tmp_path), ARCHETYPES["hardship"]["model"]
    )
    assert report["passed"]
    assert "vulnerability_ignored" not in {rule for _, rule in warnings}


def test_a_pasted_reply_earns_nothing_in_an_assessment(scenarios, rubric, tmp_path):
    replies = ARCHETYPES["angry-customer"]["model"]
    empathic = 3  # "I understand how frustrating that is, and I'm sorry about all those calls."
    typed, _ = play_typed(
        live(scenarios, rubric, "angry-customer", "assessment", tmp_path), replies
    )
    pasted, _ = play_typed(
        live(scenarios, rubric, "angry-customer", "assessment", tmp_path / "p"),
        replies,
        pasted={empathic},
    )
    n = empathic + 1
    earned = [p for p in pasted["evidence"]["empathy"] if p["turn"] == n]
    assert earned and all(p["points"] == 0 for p in earned)
    assert pasted["scores"]["empathy"] < typed["scores"]["empathy"]
    assert any(f"Turn {n} was pasted" in note for note in pasted["notes"])
    assert {"turn": n, "flag": "pasted"}.items() <= next(
        f for f in pasted["integrity"] if f["flag"] == "pasted"
    ).items()


def test_a_pasted_violation_still_counts(scenarios, rubric, tmp_path):
    replies = ["Hi, is this Dana Whitfield?", "You'll go to jail if you don't pay."]
    report, _ = play_typed(
        live(scenarios, rubric, "angry-customer", "assessment", tmp_path), replies, pasted={1}
    )
    assert any(v["rule"] == "threat_arrest" for v in report["violations"])


def test_a_review_keeps_what_the_call_could_not_show(cli, tmp_path):
    transcript = tmp_path / "call.jsonl"
    replies = _write(tmp_path, LOCATION_CALL)
    report = cli.json("run", "unreachable", "--replies", replies, "--transcript", transcript)
    same = f"firmness={report['scores']['firmness']}"
    review(cli, transcript, "--score", same, who="r", why="same score")
    human = cli.json("score", transcript)["human"]
    assert human["passed"] and human["overall"] == report["overall"]


def test_the_dispute_names_its_own_firm_result(scenarios, rubric):
    from tests.conftest import play

    pushover = play(scenarios, rubric, "dispute", ARCHETYPES["dispute"]["pushover"])
    firmness = [g for g in pushover["gaps"] if "firmly" in g]
    assert firmness and "logging the dispute" in firmness[0]
    assert "payment or next step" not in firmness[0]
    model = play(scenarios, rubric, "dispute", ARCHETYPES["dispute"]["model"])
    assert model["scores"]["firmness"] >= 75
    assert not [g for g in model["gaps"] if "firmly" in g]


@pytest.mark.parametrize("sid", sorted(ARCHETYPES))
def test_a_model_call_reaches_its_scenarios_firm_result(scenarios, rubric, sid):
    from tests.conftest import play

    firm = scenarios[sid][0].assessed.firm_outcomes
    model = play(scenarios, rubric, sid, ARCHETYPES[sid]["model"])
    assert firm and model["outcome"] in firm
    assert not [g for g in model["gaps"] if "firmly" in g], model["gaps"]


@pytest.mark.parametrize("sid", ["attorney", "stop-calling", "time-barred", "identity-theft"])
def test_where_payment_is_not_the_goal_the_feedback_does_not_press_for_one(scenarios, rubric, sid):
    from tests.conftest import play

    goal = scenarios[sid][0].assessed.firm_goal
    pushover = play(scenarios, rubric, sid, ARCHETYPES[sid]["pushover"])
    [firmness] = [g for g in pushover["gaps"] if "firmly" in g]
    assert goal and goal in firmness and "payment or next step" not in firmness


@pytest.mark.parametrize("sid", ["dispute", "identity-theft"])
def test_the_advice_never_speaks_of_money_the_call_did_not_ask_for(scenarios, rubric, sid):
    from tests.conftest import play

    model = play(scenarios, rubric, sid, ARCHETYPES[sid]["model"])
    assert not any(s["id"] == "ask_for_payment" for t in model["turns"] for s in t["signals"])
    advice = " ".join(model["gaps"] + model["strengths"] + model["interview_questions"])
    assert "asking for money" not in advice


def test_a_firm_outcome_must_be_one_of_the_outcomes(cli, tmp_path):
    from sim.sources.locations import SCENARIOS

    text = (SCENARIOS / "dispute.yaml").read_text()
    bad = tmp_path / "dispute.yaml"
    bad.write_text(
        text.replace("firm_outcomes: [dispute_logged]", "firm_outcomes: [dispute_loged]")
    )
    result = cli("validate", bad)
    assert result.returncode != 0
    assert (
        "SIM027" in result.stdout + result.stderr
        and "dispute_logged" in result.stdout + result.stderr
    )


def test_an_interrupted_call_is_incomplete_not_scored_as_normal(scenarios, rubric, tmp_path, cli):
    call = live(scenarios, rubric, "angry-customer", "assessment", tmp_path)
    for reply in ARCHETYPES["angry-customer"]["model"][:5]:  # enough replies, no outcome yet
        call.reply(reply)
    call.interrupt()  # Ctrl+C
    report = cli.json("score", call.transcript)
    assert report["complete"] is False and report["outcome"] is None
    assert not report["passed"] and "interrupted" in report["verdict"]


def _self_control(cli, tmp_path, scenario, replies):
    data = cli.json("run", scenario, "--replies", _write(tmp_path, replies), "--seed", 1)
    lost = [p["label"] for p in data["evidence"]["self_control"] if p["points"] < 0]
    return data, lost


@pytest.mark.parametrize(
    "answer",
    [
        "You can't be sued... the time limit for legal action has passed.",
        "Legal action is off the table, the time limit has passed.",
        "We could take you to court if we had a judgment, but there isn't one and the time "
        "limit has passed.",
    ],
)
def test_a_lawful_time_barred_answer_is_not_intimidation(cli, tmp_path, answer):
    replies = list(ARCHETYPES["time-barred"]["model"])
    replies[4] = answer  # Harold: "can you take me to court over this?"
    data, lost = _self_control(cli, tmp_path, "time-barred", replies)
    assert data["violations"] == [] and data["outcome"] == "payment_plan"
    assert lost == [] and data["scores"]["self_control"] == 90


def test_a_garnishment_denied_in_the_same_reply_is_not_intimidation(cli, tmp_path):
    replies = [*ARCHETYPES["angry-customer"]["model"][:3], "Garnishing wages needs a court "
               "judgment, and there isn't one, so nothing like that is happening."]  # fmt: skip
    data, lost = _self_control(cli, tmp_path, "angry-customer", replies)
    assert data["violations"] == [] and lost == []


def test_a_threat_of_suit_still_costs_self_control(cli, tmp_path):
    replies = list(ARCHETYPES["time-barred"]["model"])
    replies[4] = "If you don't pay, we will take legal action."
    data, lost = _self_control(cli, tmp_path, "time-barred", replies[:5])
    assert "tried to intimidate with legal action" in lost
    assert {"threat_lawsuit", "time_barred_debt"} <= {v["rule"] for v in data["violations"]}


def test_a_gap_points_at_what_the_call_did_show(cli, tmp_path):
    replies = [*ARCHETYPES["angry-customer"]["model"][:3], "Can you pay the balance today?"]
    data = cli.json("run", "angry-customer", "--replies", _write(tmp_path, replies), "--seed", 1)
    [firmness] = [g for g in data["gaps"] if "firmly" in g]
    assert "no turn showed it" not in firmness and "turn 4: asked for a payment" in firmness


def test_practice_coaching_matches_each_reply_once(scenarios, rubric, tmp_path, monkeypatch):
    """Coaching is built a turn at a time: the work of a turn does not grow with the call
    (counted in replies matched, not timed)."""
    call = live(scenarios, rubric, "hardship", "practice", tmp_path)
    matched: list[str] = []
    real = call.session.matcher.match_many

    def counting(texts, **options):
        matched.extend(texts)
        return real(texts, **options)

    monkeypatch.setattr(call.session.matcher, "match_many", counting)
    per_turn = []
    for text in ARCHETYPES["hardship"]["model"]:
        before = len(matched)
        call.reply(text)
        if call.ended:  # the report at the end reads the whole call once
            break
        per_turn.append(len(matched) - before)
    assert len(per_turn) >= 5
    assert per_turn == [1] * len(per_turn)


def test_practice_shows_a_state_hint_when_the_call_enters_it(scenarios, rubric, tmp_path):
    """A scenario's hint is coaching for the state the call has reached, shown when the
    call gets there, not only when the debtor gets angrier."""
    scenario = scenarios["hardship"][0]
    call = live(scenarios, rubric, "hardship", "practice", tmp_path)
    tips = []
    for text in ARCHETYPES["hardship"]["model"]:
        before = call.call.state
        result = call.reply(text)
        if call.ended:
            break
        hint = scenario.states[call.call.state].hint
        if call.call.state != before and hint:
            assert result.coaching.tip == hint
        tips.append(result.coaching.tip)
    assert any(tips), "no hint shown on the way through the call"
