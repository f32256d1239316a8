"""A debtor who listens: call memory, short answers in context, identifier questions,
clarifying lines that never repeat, a voicemail that never answers back, and why the
call ended."""

import itertools
import textwrap

import pytest

from sim.call.context import hear
from sim.call.engine import Call
from sim.rubric.matching.matcher import SignalMatcher
from sim.scenario.loader import load_scenario
from sim.scenario.model import ContextSignal as C

SCENARIO = """
id: tiny
title: Tiny
summary: A call that listens.
debtor: {name: Pat Doe}
account: {creditor: Acme, agency: Summit Recovery Services, balance: 10, days_past_due: 40}
briefing: {goal: Listen.}
answered_by: voicemail
variables:
  patience: {initial: 3, min: 0, max: 5}
  anger: {initial: 2, min: 0, max: 10}
reactions:
  - when: {any: [insult]}
    add: {anger: 9}
interrupts:
  - when: {any: [threaten_arrest]}
    goto: hung_up
  - when: {vars: {patience: "<= 0"}}
    goto: hung_up
  - when: {vars: {anger: ">= 10"}}
    goto: hung_up
start: greeting
states:
  greeting:
    say: "Hi, it's Pat, leave a message. *beep*"
    on:
      - when: {any: [leave_callback_number]}
        goto: answers
    fallback:
      say: "(The message is recorded. Later Pat picks up.) Hello?"
      goto: answers
  answers:
    party: debtor
    say:
      - text: Who's calling?
        when: {not_done: [introduce_self]}
      - text: Okay. What do you need?
        when: {done: [introduce_self]}
    on:
      - when: {any: [verify_identity, asks_date_of_birth, asks_address]}
        goto: verified
    fallback:
      say:
        - text: Sorry, who is this?
          when: {not_done: [introduce_self]}
        - text: Sure, but what do you need?
          when: {done: [introduce_self]}
      add: {patience: -1}
  verified:
    party: debtor
    awaits: whether the calls will stop
    say:
      - text: It's the 3rd of May. Will the calls stop?
        when: {any: [asks_date_of_birth]}
      - text: 1 Main Street. Will the calls stop?
        when: {any: [asks_address]}
      - text: Yes, that's me. Will the calls stop?
        when: {none: [asks_date_of_birth, asks_address]}
    on:
      - when: {any: [affirm]}
        goto: done
      - when: {any: [deny]}
        goto: hung_up
    fallback:
      say:
        - I asked whether the calls will stop.
        - Will they stop or not?
        - text: Last time. Will the calls stop?
          when: {patience: "<= 1"}
      add: {patience: -1}
  done: {terminal: true, outcome: fine, say: Thanks.}
  hung_up: {terminal: true, outcome: hung_up, say: "*click*"}
"""


@pytest.fixture
def tiny(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(textwrap.dedent(SCENARIO))
    return load_scenario(path)


@pytest.fixture
def call(tiny, rubric):
    words = {sid: s.description for sid, s in rubric.rubric.signals.items()}

    def make(seed=0):
        return Call(tiny, SignalMatcher(rubric.rubric.signals, tiny.facts()), seed, words)

    return make


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("yes", {C.AFFIRM}),
        ("Yep.", {C.AFFIRM}),
        ("sure", {C.AFFIRM, C.ACKNOWLEDGE}),
        ("right", {C.AFFIRM, C.ACKNOWLEDGE}),
        ("ok", {C.AFFIRM, C.ACKNOWLEDGE}),
        ("no", {C.DENY}),
        ("Nope, sorry", {C.DENY}),
        ("got it", {C.ACKNOWLEDGE}),
        ("Yes - collection stops while we check.", {C.AFFIRM}),
        ("yes. sorry. its the loan", {C.AFFIRM}),
        ("No, it's not a sales call.", {C.DENY}),
        ("No problem, I can help with that.", set()),
        ("no prob. when is a better time to call u back", set()),
        ("I hope so", set()),
        ("can u confirm ur birthday", {C.ASKS_DATE_OF_BIRTH}),
        ("What's your DOB?", {C.ASKS_DATE_OF_BIRTH}),
        ("Could you confirm the address we have on file?", {C.ASKS_ADDRESS}),
        ("thx maria, can u confirm ur adress", {C.ASKS_ADDRESS}),
        ("whats the last 4 of ur social", {C.ASKS_LAST_FOUR}),
    ],
)
def test_short_answers_and_identifier_questions_are_heard(reply, expected):
    assert hear(reply) == expected


def test_a_voicemail_never_answers_back(call):
    """A threat on a recording is recorded (and scored), but the greeting does not hang up."""
    c = call()
    turn = c.reply("You will be arrested if you don't call us back.")
    assert "threaten_arrest" in turn.signals
    assert not c.ended and c.state == "answers" and "click" not in c.line


def test_the_debtor_does_not_ask_for_what_was_already_given(call):
    """What the candidate said to the debtor is remembered; a message left on the
    voicemail was not heard by whoever picks up later."""
    c = call()
    c.reply("Hi, this is Alex from Summit Recovery Services, please call me back.")
    assert c.line == "Who's calling?"
    c.reply("This is Alex from Summit Recovery Services.")
    assert c.line == "Sure, but what do you need?"
    unknown = call()
    unknown.reply("hmm")
    unknown.reply("hmm")
    assert unknown.line == "Sorry, who is this?"


def test_identifiers_are_answered_as_asked(call):
    for seed in range(6):
        c = call(seed)
        c.reply("hmm")
        c.reply("Can you confirm your date of birth?")
        assert c.line.startswith("It's the 3rd of May")
        c = call(seed)
        c.reply("hmm")
        c.reply("can u confirm ur address")
        assert c.line.startswith("1 Main Street")


def test_a_yes_and_a_no_mean_what_the_state_says(call):
    for answer, outcome in (("yep", "fine"), ("Yes - they stop today.", "fine"), ("no", "hung_up")):
        c = call()
        c.reply("hmm")
        c.reply("What's your date of birth?")
        c.reply(answer)
        assert c.outcome == outcome, answer


def test_clarifying_lines_never_repeat_and_patience_says_why(call):
    for seed in range(10):
        c = call(seed)
        c.reply("hmm")
        c.reply("What's your date of birth?")
        said = [c.line]
        while not c.ended:
            c.reply("The weather is nice today.")
            said.append(c.line)
        assert all(a != b for a, b in itertools.pairwise(said)), said
        because = c.ended_because
        assert c.outcome == "hung_up" and because is not None
        assert because.cause == "patience" and because.turns == [3, 4, 5]
        assert "patience ran out after 3 replies (turns 3, 4 and 5)" in because.says
        assert "whether the calls will stop" in because.says


def test_a_threat_ending_the_call_is_named(call):
    c = call()
    c.reply("hmm")
    c.reply("Pat, you will be arrested tomorrow.")
    assert c.outcome == "hung_up"
    assert c.ended_because.cause == "said" and c.ended_because.turns == [2]
    assert "arrest" in c.ended_because.says


def test_older_line_conditions_still_read_as_variables(tiny):
    """``when: {patience: "<= 1"}`` on a line is the older form of ``when: {vars: ...}``."""
    line = tiny.states["verified"].fallback.say[2]
    assert str(line.when.vars["patience"]) == "<= 1" and not line.when.any


def test_an_insult_that_angers_the_debtor_past_the_limit_is_named(call):
    c = call()
    c.reply("hmm")
    c.reply("You are an idiot.")
    because = c.ended_because
    assert c.outcome == "hung_up" and because.cause == "mood" and because.turns == [2]
    assert "anger rose too high (turn 2): name-calling" in because.says


def test_a_reply_that_ends_the_call_by_matching_nothing_says_what_was_awaited(tmp_path, rubric):
    path = tmp_path / "tiny.yaml"
    path.write_text(
        textwrap.dedent(SCENARIO).replace(
            "      add: {patience: -1}\n  done:", "      goto: hung_up\n  done:"
        )
    )
    scenario = load_scenario(path)
    c = Call(scenario, SignalMatcher(rubric.rubric.signals, scenario.facts()), 0)
    c.reply("hmm")
    c.reply("What's your date of birth?")
    c.reply("The weather is nice.")
    assert c.ended_because.cause == "no_answer" and c.ended_because.turns == [3]
    assert "Turn 3 did not give whether the calls will stop." in c.ended_because.says
