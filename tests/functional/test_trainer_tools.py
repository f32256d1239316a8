"""Trainer tools: test plans, graphs, exploration and the scaffold, through the real command."""

import re
from collections import defaultdict

import pydot
import pytest
import yaml

from sim.scenario.loader import load_scenario
from sim.sources.locations import SCENARIOS, scenario_files
from tests.conftest import ROOT

SHIPPED = sorted(p.stem for p in SCENARIOS.glob("*.yaml") if ".test." not in p.name)


def test_shipped_plans_pass(cli):
    result = cli("test")
    assert result.returncode == 0, result.stdout
    assert re.search(r"^\d+ passed, 0 failed$", result.stdout, re.M)


def test_shipped_plans_reach_every_outcome_of_every_scenario():
    reached = defaultdict(set)
    for plan in (ROOT / "sim" / "data" / "scenarios").glob("*.test.yaml"):
        data = yaml.safe_load(plan.read_text())
        for case in data["tests"]:
            reached[data["scenario"]].add((case.get("end") or {}).get("outcome"))
    for path in scenario_files():
        scenario = load_scenario(path)
        assert set(scenario.outcomes) <= reached[scenario.id], scenario.id


def test_a_failing_plan_shows_expected_against_actual(tmp_path, cli):
    plan = tmp_path / "bad.test.yaml"
    plan.write_text(
        "scenario: angry-customer\n"
        "tests:\n"
        "  - name: wrong turn\n"
        "    steps:\n"
        "      - say: Am I speaking with Dana Whitfield?\n"
        "        expect: {state: vent, signals: [mini_miranda], violations: []}\n"
        "    end: {outcome: payment_plan, scores: {empathy: '>= 90'}}\n"
    )
    result = cli("test", plan)
    assert result.returncode == 1
    out = result.stdout
    assert f"{plan}:6:" in out and "expected state 'vent', got 'name_confirmed'" in out
    assert "expected signals ['mini_miranda']" in out
    assert "expected violations [], got ['caller_identity']" in out
    assert "expected outcome 'payment_plan', got None" in out
    assert "expected empathy >= 90" in out
    assert "0 passed, 1 failed" in out


@pytest.mark.parametrize("sid", SHIPPED)
def test_mermaid_graph_is_a_state_diagram(sid, cli):
    result = cli("graph", sid)
    lines = result.stdout.splitlines()
    assert result.returncode == 0 and lines[0] == "stateDiagram-v2"
    scenario = load_scenario(ROOT / "sim" / "data" / "scenarios" / f"{sid}.yaml")
    edge = re.compile(r"^    (\[\*\]|\w+) --> (\[\*\]|\w+)( : [^:]+)?$")
    for line in lines[1:]:
        assert (
            edge.match(line)
            or re.match(r"^    \w+ : outcome \w+$", line)
            or line == '    state "any state" as any_state'
        ), line
    for sid_, state in scenario.states.items():
        if state.terminal:
            assert f"    {sid_} : outcome {state.outcome}" in lines


@pytest.mark.parametrize("sid", SHIPPED)
def test_dot_graph_parses(sid, cli):
    result = cli("graph", sid, "--format", "dot")
    assert result.returncode == 0, result.stderr
    [graph] = pydot.graph_from_dot_data(result.stdout)
    scenario = load_scenario(ROOT / "sim" / "data" / "scenarios" / f"{sid}.yaml")
    nodes = {e.get_source().strip('"') for e in graph.get_edges()} | {
        e.get_destination().strip('"') for e in graph.get_edges()
    }
    assert set(scenario.states) <= nodes


@pytest.mark.parametrize("sid", SHIPPED)
def test_explore_reports_coverage(sid, cli):
    result = cli("explore", sid, "--walks", "60", "--seed", "4")
    assert result.returncode == 0, result.stdout
    out = result.stdout
    assert "stuck walks          0" in out
    assert "Test-plan coverage" in out and "outcomes no plan reaches: 0" in out
    assert re.search(r"states reached\s+\d+/\d+", out)
    again = cli("explore", sid, "--walks", "60", "--seed", "4")
    assert again.returncode == 0
    assert again.stdout == out  # seeded


def test_explore_refuses_a_scenario_that_fails_validation(cli):
    dead_end = ROOT / "tests" / "data" / "diagnostics" / "SIM041-dead-end.yaml"
    result = cli("explore", dead_end, "--walks", "30", "--plans")
    assert result.returncode == 2 and result.stdout == ""
    assert "SIM041 error" in result.stderr


LOOPING = """\
id: looping
title: A call that validates but never ends
summary: Nothing ever lowers patience, so the interrupt that would end it never fires.
debtor: {name: Sam Carter}
account: {creditor: Bank, agency: Agency, balance: 10, days_past_due: 40}
briefing: {goal: Loop.}
variables:
  patience: {initial: 3, min: 0, max: 5}
interrupts:
  - when: {vars: {patience: "<= 0"}}
    goto: hung_up
fallback: {say: ["Again!", "Once more!"]}
outcomes: {hung_up: Hung up.}
start: loop
states:
  loop:
    say: ["Hello?", "Yes?"]
  hung_up:
    terminal: true
    outcome: hung_up
    say: ["Bye.", "Goodbye."]
"""


def test_explore_finds_a_stuck_walk(tmp_path, cli):
    looping = tmp_path / "looping.yaml"
    looping.write_text(LOOPING)
    checked = cli("validate", looping)
    assert checked.returncode == 0, checked.stdout
    result = cli("explore", looping, "--walks", "30", "--plans")
    assert result.returncode == 1, result.stderr
    assert re.search(r"stuck walks\s+[1-9]", result.stdout)
    assert "loop -> loop" in result.stdout


def test_new_scenario_validates_tests_and_plays(tmp_path, cli):
    result = cli("new", "scenario", "Broken Promise", "--dir", tmp_path)
    assert result.returncode == 0, result.stderr
    path, plan = tmp_path / "broken-promise.yaml", tmp_path / "broken-promise.test.yaml"
    assert path.is_file() and plan.is_file()
    assert cli("validate", path).returncode == 0
    tested = cli("test", plan)
    assert tested.returncode == 0, tested.stdout
    replies = tmp_path / "r.txt"
    replies.write_text(
        "Hi, this is Alex from Summit Recovery Services. Am I speaking with Sam Carter?\n"
    )
    assert cli("run", path, "--replies", replies).returncode == 0
    again = cli("new", "scenario", "Broken Promise", "--dir", tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr
