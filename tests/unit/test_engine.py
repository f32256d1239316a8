"""The call engine: seeded line choice, reactions, fallbacks, interrupts, terminal states."""

import pytest

from sim.call.engine import Call, CallOver
from sim.rubric.matching.matcher import SignalMatcher
from sim.scenario.loader import load_scenario
from tests.conftest import ROOT


@pytest.fixture
def make_call(scenarios, rubric):
    def make(sid="angry-customer", seed=0):
        scenario, _ = scenarios[sid]
        return Call(scenario, SignalMatcher(rubric.rubric.signals, scenario.facts()), seed)

    return make


def test_same_seed_same_lines(make_call):
    lines = []
    for _ in range(2):
        call = make_call(seed=5)
        said = [call.line] + [call.reply("hmm").debtor for _ in range(2)]
        lines.append(said)
    assert lines[0] == lines[1]


def test_different_seeds_can_pick_other_wordings(make_call):
    openings = {make_call(seed=s).line for s in range(20)}
    assert len(openings) >= 2


def test_fallback_drains_patience_and_the_debtor_hangs_up(make_call):
    call = make_call()
    for _ in range(3):
        turn = call.reply("blah blah")
        assert turn.via in ("fallback", "interrupt[2]")
    assert call.ended and call.outcome == "hung_up"
    with pytest.raises(CallOver):
        call.reply("hello?")


def test_reactions_move_the_mood(make_call):
    call = make_call()
    before = call.mood
    call.reply("I understand how frustrating this is.")
    assert call.mood == before - 1
    call.reply("You are an idiot.")
    assert call.mood == before + 2


def test_interrupt_wins_over_state_transitions(make_call):
    call = make_call()
    turn = call.reply("Am I speaking with Dana Whitfield? You'll go to jail.")
    assert turn.via == "interrupt[0]" and call.outcome == "escalated"


def test_turn_records_what_happened(make_call):
    call = make_call()
    turn = call.reply("Hi, this is Alex. Am I speaking with Dana Whitfield?")
    assert turn.state == "opening" and turn.to == "name_confirmed"
    assert "verify_identity" in turn.signals and turn.party == "unknown"


def test_conditional_line_variants(rubric, tmp_path):
    """The scenario-wide fallback says 'about done' only once patience is <= 1; each
    fallback costs one of the three. (Opening's own fallback is removed to reach it.)"""
    text = (ROOT / "sim" / "data" / "scenarios" / "angry-customer.yaml").read_text()
    own = '    fallback:\n      say: ["Who are you looking for?", "Yeah, and you want...?"]\n'
    own += "      add: {patience: -1}\n"
    assert text.count(own) == 1
    path = tmp_path / "angry-customer.yaml"
    path.write_text(text.replace(own, ""))
    scenario = load_scenario(path)
    second, third = set(), set()
    for seed in range(30):
        call = Call(scenario, SignalMatcher(rubric.rubric.signals, scenario.facts()), seed)
        call.reply("blah blah")  # patience 2
        second.add(call.line)
        call.reply("blah blah")  # patience 1
        third.add(call.line)
    assert not any("about done" in line for line in second)
    assert any("about done" in line for line in third)
    assert third - {line for line in third if "about done" in line}  # the others still come


def test_silence_ends_in_the_scenario_end_state(make_call):
    call = make_call()
    assert call.nudge()
    call.end("silence")
    assert call.outcome == "hung_up"


def test_a_fallback_that_stays_says_its_own_lines(make_call):
    call = make_call()
    turn = call.reply("blah blah")
    assert turn.via == "fallback" and turn.state == turn.to == "opening"
    assert call.line in ("Who are you looking for?", "Yeah, and you want...?")


def test_an_edge_that_ends_the_call_says_why(make_call):
    call = make_call()
    call.reply("Am I speaking with Dana Whitfield? You'll go to jail.")
    assert call.ended and call.ended_because is not None
    assert call.ended_because.turns == [1]
