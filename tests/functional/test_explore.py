"""`sim explore` at scale: coverage of what can fire, whole lists, stuck walks with their
path, and the branches that no walk and no plan took."""

import re
import time

from sim.scenario.firing import fireable
from sim.scenario.loader import load_scenario
from tests.functional.test_trainer_tools import LOOPING
from tests.scenario_maker import tree_scenario

SHADOWED = """\
id: shadowed
title: Ways out that can and cannot fire
summary: A transition hidden behind an earlier one and an interrupt no variable can reach.
debtor: {name: Sam Carter}
account: {creditor: Bank, agency: Agency, balance: 10, days_past_due: 40}
briefing: {goal: Reassure him.}
variables:
  patience: {initial: 3, min: 0, max: 5}
interrupts:
  - when: {any: [threaten_arrest]}
    goto: hung_up
  - when: {vars: {patience: ">= 9"}}
    goto: hung_up
fallback: {say: ["Again?", "Once more?"], add: {patience: -1}}
outcomes: {agreed: Agreed., hung_up: Hung up.}
start: opening
states:
  opening:
    say: ["Hello?", "Yes?"]
    on:
      - when: {any: [reassure]}
        goto: agreed
      - when: {all: [reassure, acknowledge_feelings]}
        goto: hung_up
  agreed:
    terminal: true
    outcome: agreed
    say: ["Fine.", "Okay then."]
  hung_up:
    terminal: true
    outcome: hung_up
    say: ["Bye.", "Goodbye."]
"""

PLAN = """\
scenario: shadowed
seed: 1
tests:
  - name: reassured
    steps:
      - say: Don't worry, we will sort this out together.
        expect: {state: agreed}
    end: {outcome: agreed}
"""


def test_coverage_counts_only_ways_out_that_can_fire(tmp_path, cli):
    path = tmp_path / "shadowed.yaml"
    path.write_text(SHADOWED)
    assert cli("validate", path).returncode == 0
    # on[1] needs reassure, which on[0] already takes; patience never exceeds 5
    assert fireable(load_scenario(path)) == {
        ("opening", "interrupt[0]"),
        ("opening", "on[0]"),
        ("opening", "fallback"),
    }
    result = cli("explore", path, "--walks", "0")
    assert result.returncode == 0, result.stderr
    assert "transitions reached  0/3" in result.stdout
    assert "on[1]" not in result.stdout and "interrupt[1]" not in result.stdout


def test_a_not_done_guard_after_that_signal_was_surely_heard_cannot_fire(tmp_path):
    text = SHADOWED.replace("goto: agreed\n", "goto: checking\n", 1) + (
        "  checking:\n"
        '    say: ["Sure?", "Really?"]\n'
        "    on:\n"
        "      - when: {not_done: [reassure]}\n"
        "        goto: hung_up\n"
        "      - when: {any: [acknowledge_feelings]}\n"
        "        goto: agreed\n"
    )
    path = tmp_path / "memory.yaml"
    path.write_text(text)
    found = fireable(load_scenario(path))
    assert ("checking", "on[0]") not in found  # every way in heard reassure
    assert {("checking", "on[1]"), ("checking", "fallback")} <= found


def test_branches_no_walk_and_no_plan_took_are_listed(tmp_path, cli):
    path, plan = tmp_path / "shadowed.yaml", tmp_path / "shadowed.test.yaml"
    path.write_text(SHADOWED)
    plan.write_text(PLAN)
    alone = cli("explore", path, "--walks", "0", "--plans")
    assert "Branches no walk took: 3" in alone.stdout
    planned = cli("explore", path, "--walks", "0")  # the scenario's own plan, found beside it
    assert planned.returncode == 0, planned.stderr
    branches = planned.stdout.split("Branches no walk and no plan took: 2\n", 1)[1]
    assert branches == "  opening fallback -> opening\n  opening interrupt[0] -> hung_up\n"


def test_a_hundred_walks_over_three_thousand_states_take_under_ten_seconds(tmp_path, cli):
    path = tmp_path / "generated.yaml"
    path.write_text(tree_scenario(3000))
    started = time.perf_counter()
    result = cli("explore", path, "--walks", "100")
    took = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    assert "states reached" in result.stdout and "/3002" in result.stdout
    assert took < 10, f"sim explore took {took:.1f} s"


def test_all_prints_every_list_uncut(tmp_path, cli):
    path = tmp_path / "generated.yaml"
    path.write_text(tree_scenario(300))
    cut = cli("explore", path, "--walks", "5")
    assert cut.returncode == 0, cut.stderr
    assert "more (--all)" in cut.stdout
    whole = cli("explore", path, "--walks", "5", "--all")
    assert "..." not in whole.stdout
    never = re.search(r"never taken: (.*)\n", whole.stdout)
    assert never
    reached, total = map(int, re.findall(r"transitions reached\s+(\d+)/(\d+)", whole.stdout)[0])
    assert len(never.group(1).split(", ")) == total - reached
    listed = whole.stdout.split("Branches no walk took: ", 1)[1].splitlines()
    assert len(listed) == 1 + total - reached


def test_a_stuck_walk_shows_its_path_with_replies_and_signals(tmp_path, cli):
    path = tmp_path / "looping.yaml"
    path.write_text(LOOPING)
    result = cli("explore", path, "--walks", "4", "--plans")
    assert result.returncode == 1
    assert "walk 1: ... -> loop -> loop" in result.stdout
    steps = re.findall(r'^ +(\d+)\. loop: "(.+)" \[(.+)\] fallback -> loop$', result.stdout, re.M)
    assert [int(n) for n, _, _ in steps[:8]] == list(range(33, 41))  # the last 8 of 40
    assert "... 1 more stuck walks (--all)" in result.stdout
    every = cli("explore", path, "--walks", "4", "--plans", "--all")
    assert len(re.findall(r"^ +\d+\. loop: ", every.stdout, re.M)) == 4 * 40
