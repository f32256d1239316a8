"""`sim run SCENARIO --interactive`: one reply per stdin line, one flushed JSON line per
turn, the report last; and what candidates saw in the four shipped scenarios (issue 13)."""

import itertools
import json

import pytest

from sim.scenario.loader import load_scenario
from sim.sources.locations import SCENARIOS

KEYS = {"turn", "debtor", "state", "mood", "signals", "ended", "outcome", "ended_because"}


def play(cli, scenario, replies, seed=0, *extra):
    """The JSON lines of a call played over --interactive: turn lines, then the report."""
    result = cli("run", scenario, "--interactive", "--seed", seed, *extra, input="\n".join(replies))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    return [line for line in lines if "turn" in line], lines[-1]


def test_each_turn_is_one_json_line_and_the_report_is_last(cli, tmp_path):
    transcript = tmp_path / "call.jsonl"
    result = cli(
        "run",
        "dispute",
        "--interactive",
        "--transcript",
        transcript,
        input="Hi, this is Alex from Summit Recovery Services. Is this Kevin Osei?\n\n"
        "Can you confirm your date of birth?\n",
    )
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 0
    assert [set(line) for line in lines[:2]] == [KEYS, KEYS]
    assert lines[0]["turn"] == 0 and lines[0]["signals"] == [] and not lines[0]["ended"]
    assert lines[1]["state"] == "identifier" and "verify_identity" in lines[1]["signals"]
    assert lines[2] == {"error": "stdin:2: an empty reply is not sent"}
    assert lines[3]["turn"] == 2 and lines[3]["state"] == "verified"
    report = lines[-1]
    assert report["scenario"] == "dispute" and len(report["turns"]) == 2
    assert report["ended_because"]["cause"] == "replies_exhausted"
    assert transcript.is_file()


def test_bad_bytes_get_a_json_error_line_not_a_traceback(cli, monkeypatch):
    import io
    import sys

    from sim.commands.parser import main

    raw = b"Hello, is this Kevin Osei?\n\xff\xfe\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    cli.capsys.readouterr()
    assert main(["run", "dispute", "--interactive"]) == 0
    lines = [json.loads(line) for line in cli.capsys.readouterr().out.splitlines()]
    assert lines[2] == {"error": "stdin:2: not valid UTF-8; reply not sent"}
    assert lines[-1]["scenario"] == "dispute"


def test_an_unknown_scenario_is_a_json_error_line_and_exit_2(cli):
    result = cli("run", "no-such-scenario", "--interactive", input="hello\n")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "no-such-scenario" in json.loads(result.stdout.splitlines()[0])["error"]


def test_interactive_and_replies_cannot_be_given_together(cli, tmp_path):
    replies = tmp_path / "r.txt"
    replies.write_text("hello\n")
    assert cli("run", "dispute", "--interactive", "--replies", replies).returncode == 2
    assert cli("run", "dispute").returncode == 2


def test_the_report_matches_a_run_from_a_file_of_the_same_replies(cli, tmp_path):
    replies = ["Hello, is this Kevin Osei?", "What's your date of birth?", "hmm"]
    _, report = play(cli, "dispute", replies, 4)
    path = tmp_path / "r.txt"
    path.write_text("\n".join(replies))
    assert cli.json("run", "dispute", "--replies", path, "--seed", 4) == report


# -- what was seen -------------------------------------------------------------------------
INTRO = "Hi, this is Alex from Summit Recovery Services. Am I speaking with Kevin Osei?"
TO_THE_DISPUTE = [  # Kevin verified and told what the call is: he disputes the debt
    INTRO,
    "Can you confirm your date of birth?",
    "This is an attempt to collect a debt and any information obtained will be used for that "
    "purpose.",
]


@pytest.mark.parametrize("seed", range(4))
def test_dispute_a_yes_that_explains_ends_well(cli, seed):
    turns, report = play(
        cli,
        "dispute",
        [
            INTRO,
            "Thanks. Can you confirm your date of birth?",
            "This is an attempt to collect a debt and any information obtained will be used "
            "for that purpose. It's about your Brightline Telecom account.",
            "You have the right to dispute all or part of this debt, and I can tell you how.",
            "Yes, email it to us and we'll look into it.",
            "Yes - collection stops while we check. Nothing more will happen on this account "
            "until we've sent you the verification.",
        ],
        seed,
    )
    assert report["outcome"] == "dispute_logged", [t["debtor"] for t in turns]
    assert all("process" not in t["debtor"] for t in turns)


ANSWERED = [  # every scenario where the debtor answers the phone
    "dispute", "angry-customer", "hardship", "missed-promise", "attorney", "stop-calling",
    "time-barred", "hangs-up", "identity-theft",
]  # fmt: skip


def introduction(scenario: str) -> str:
    name = load_scenario(SCENARIOS / f"{scenario}.yaml").debtor.name
    return f"Hi, this is Alex from Summit Recovery Services. Is this {name}?"


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("scenario", ANSWERED)
def test_no_one_asks_who_is_calling_after_an_introduction(cli, scenario, seed):
    turns, _ = play(cli, scenario, [introduction(scenario)], seed)
    assert turns[1]["state"] != turns[0]["state"]
    said = turns[1]["debtor"].lower()
    assert "who" not in said and "calling" not in said, (scenario, said)


@pytest.mark.parametrize(
    ("scenario", "intro", "answers"),
    [
        (
            "dispute",
            INTRO,
            {"date of birth": "July 21st, 1991", "address": "Harbor View", "last four": "5521"},
        ),
        (
            "angry-customer",
            "Hi, this is Alex from Summit Recovery Services. Is this Dana Whitfield?",
            {"date of birth": "March 14th, 1985", "address": "418 Alder", "last four": "0093"},
        ),
        (
            "hardship",
            "Hello, this is Alex from Summit Recovery Services. Is this Maria Lopez?",
            {"date of birth": "November 2nd, 1979", "address": "22 Birch", "last four": "8120"},
        ),
        *[
            (scenario, introduction(scenario), answers)
            for scenario, answers in [
                (
                    "missed-promise",
                    {"date of birth": "September 8th", "address": "56 Mill", "last four": "2207"},
                ),
                (
                    "attorney",
                    {
                        "date of birth": "February 17th",
                        "address": "300 Linden",
                        "last four": "7310",
                    },
                ),
                (
                    "stop-calling",
                    {"date of birth": "June 30th", "address": "14 Orchard", "last four": "1187"},
                ),
                (
                    "time-barred",
                    {"date of birth": "April 22nd", "address": "7 Juniper", "last four": "0448"},
                ),
                (
                    "hangs-up",
                    {"date of birth": "December 3rd", "address": "88 Canal", "last four": "0394"},
                ),
                (
                    "identity-theft",
                    {"date of birth": "August 15th", "address": "19 Fern", "last four": "4417"},
                ),
            ]
        ],
    ],
)
def test_identifiers_are_answered_as_asked(cli, scenario, intro, answers):
    for seed in range(3):
        for asked, answer in answers.items():
            turns, _ = play(cli, scenario, [intro, f"Can you confirm your {asked} please?"], seed)
            assert turns[-1]["state"] == "verified"
            assert answer in turns[-1]["debtor"], (asked, turns[-1]["debtor"])
            others = [a for a in answers.values() if a != answer]
            assert not any(other in turns[-1]["debtor"] for other in others)


@pytest.mark.parametrize(
    ("asked", "answer"),
    [("date of birth", "May 30th"), ("address", "71 Quarry Road"), ("last four", "7781")],
)
def test_jordan_answers_the_identifier_asked_when_calling_back(cli, asked, answer):
    for seed in range(3):
        turns, _ = play(
            cli,
            "unreachable",
            [
                "Hi, this is Priya from SRS. Please call me back on 800-555-0100.",
                "Hi, could I speak to Jordan Reyes please?",
                "This is Priya. I'm trying to get in touch with Jordan - would you happen to "
                "have a current phone number for them?",
                "I'm calling from SRS. Could you ask Jordan to call me back on 800-555-0100?",
                "Yes please, ask Jordan to call me back on 800-555-0100.",
                f"Thanks for calling back. Can you confirm your {asked}?",
            ],
            seed,
        )
        assert turns[-1]["state"] == "jordan_verified", [t["state"] for t in turns]
        assert answer in turns[-1]["debtor"]


def test_unreachable_an_introduction_with_a_question_is_heard(cli):
    start = [
        "Hi, this is Priya from SRS. Please call me back on 800-555-0100.",
        "Hi, could I speak to Jordan Reyes please?",
        "This is Priya. I'm just trying to get in touch with Jordan - would you happen to "
        "have a current phone number for them?",
    ]
    turns, _ = play(cli, "unreachable", start)
    assert turns[-1]["state"] == "asks_company", [t["debtor"] for t in turns]
    assert "sales call" not in turns[-1]["debtor"]


TO_THE_ROOMMATE = [
    "Hi, this is Priya from SRS. Please call me back on 800-555-0100.",
    "Hi, could I speak to Jordan Reyes please?",
]


@pytest.mark.parametrize("seed", range(4))
def test_unreachable_the_neutral_name_answers_which_company(cli, seed):
    """The briefing says to give 'SRS'; the roommate who asked which company hears it."""
    turns, _ = play(
        cli,
        "unreachable",
        [*TO_THE_ROOMMATE, "My name is Priya.", "I'm with SRS."],
        seed,
    )
    assert turns[-2]["state"] == "asks_company", [t["state"] for t in turns]
    assert turns[-1]["state"] == "gives_number", [t["debtor"] for t in turns]
    assert "name_agency_alias" in turns[-1]["signals"]


@pytest.mark.parametrize("seed", range(4))
def test_unreachable_the_neutral_name_answers_who_is_calling(cli, seed):
    turns, _ = play(cli, "unreachable", [*TO_THE_ROOMMATE, "I'm with SRS."], seed)
    assert turns[-1]["state"] == "asks_company", [t["debtor"] for t in turns]
    assert "SRS" in turns[-1]["debtor"] and "what company" not in turns[-1]["debtor"].lower()


def test_the_neutral_name_on_a_voicemail_is_not_naming_the_agency(cli):
    _, report = play(
        cli, "unreachable", ["Hi, this is Priya from SRS. Please call me back on 800-555-0100."]
    )
    heard = {signal["id"] for signal in report["turns"][0]["signals"]}
    assert "name_agency_alias" in heard and "name_agency" not in heard
    assert report["violations"] == []
    _, named = play(
        cli,
        "unreachable",
        ["Hi, this is Priya from Summit Recovery Services. Please call me back on 800-555-0100."],
    )
    assert [v["rule"] for v in named["violations"]] == ["voicemail_limited_content"]


def test_unreachable_not_a_sales_call_is_heard(cli):
    for seed in range(4):
        turns, _ = play(
            cli,
            "unreachable",
            [
                "Hi, this is Priya from SRS. Please call me back on 800-555-0100.",
                "Hi, could I speak to Jordan Reyes please?",
                "Hmm, okay.",
                "No, it's not a sales call.",
                "My name is Priya.",
            ],
            seed,
        )
        said = [t["debtor"] for t in turns]
        assert not any(a == b for a, b in itertools.pairwise(said)), said
        assert not turns[-1]["ended"] and turns[-1]["state"] == "asks_company", said


@pytest.mark.parametrize(
    "message",
    [
        "Hi, this is Priya from SRS. Please call me back on 800-555-0100.",
        "Jordan, pay up or you'll be arrested. Call us.",
        "Uh... hello? Is anyone there?",
    ],
)
def test_the_voicemail_never_answers_back(cli, message):
    for seed in range(4):
        turns, _ = play(cli, "unreachable", [message], seed)
        assert turns[0]["state"] == "voicemail"
        assert not turns[1]["ended"] and turns[1]["state"] == "home_line"
        assert "click" not in turns[1]["debtor"] and "Don't call" not in turns[1]["debtor"]


@pytest.mark.parametrize("seed", range(6))
def test_a_repeated_disclosure_is_not_answered_with_the_same_line(cli, seed):
    turns, _ = play(
        cli,
        "dispute",
        [INTRO, "You owe $412.37 to Brightline Telecom.", "Your balance is $412.37."],
        seed,
    )
    said = [t["debtor"] for t in turns]
    assert said[2] != said[3], said


@pytest.mark.parametrize(
    ("scenario", "replies", "outcome"),
    [
        (
            "hardship",
            [
                "Hi, this is Sam from Summit Recovery Services. Is this Maria Lopez?",
                "can u confirm ur birthday",
                "yes. sorry. its the loan",
            ],
            None,
        ),
        (
            "angry-customer",
            [
                "hi its alex from summit recovery services, is this dana whitfield",
                "can u confirm ur birthday",
                "this is an attempt to collect a debt and any info will be used for that",
                "sorry, that sounds really frustrating",
                "what could u manage each month",
                "ok",
                "yes",
                "right",
            ],
            "payment_plan",
        ),
    ],
)
def test_newcomers_in_plain_words_are_understood(cli, scenario, replies, outcome):
    turns, report = play(cli, scenario, replies)
    assert all(not t["ended"] or t["outcome"] != "hung_up" for t in turns)
    assert report["outcome"] == outcome, [t["debtor"] for t in turns]
    assert len({t["state"] for t in turns}) == len(turns), [t["state"] for t in turns]


@pytest.mark.parametrize("seed", range(3))
def test_patience_running_out_says_why(cli, seed):
    turns, report = play(
        cli,
        "dispute",
        [
            *TO_THE_DISPUTE,
            "Hmm.",
            "Okay then.",
            "Right.",
        ],
        seed,
    )
    because = report["ended_because"]
    assert turns[-1]["ended_because"] == because
    assert report["outcome"] == "hung_up" and because["cause"] == "patience"
    assert because["turns"] == [4, 5, 6]
    assert "what happens with his dispute" in because["says"]


def test_a_threat_ending_the_call_is_named(cli):
    _, report = play(cli, "dispute", [INTRO, "Pay now or you will be arrested."])
    because = report["ended_because"]
    assert report["outcome"] == "escalated" and because["cause"] == "said"
    assert because["turns"] == [2] and "arrest" in because["says"]


@pytest.mark.parametrize("seed", range(4))
def test_kevin_refers_back_to_what_he_was_told(cli, seed):
    """A 'no' to 'is collection on hold?' after his dispute rights were explained: Kevin
    says he was told he could dispute it."""
    turns, _ = play(
        cli,
        "dispute",
        [
            *TO_THE_DISPUTE,
            "You have the right to dispute this debt, and I can explain how.",
            "Yes, email it to us.",
            "No.",
        ],
        seed,
    )
    assert turns[-1]["state"] == "pushback", [t["state"] for t in turns]
    assert turns[-1]["debtor"].startswith(("You just told me I can dispute", "You said I had"))
