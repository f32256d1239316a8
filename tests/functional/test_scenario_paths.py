"""Scripted calls through every shipped scenario reach the outcomes a trainer designed."""

from collections import defaultdict

import pytest
import yaml

from tests.conftest import DATA, play

PATHS = yaml.safe_load((DATA / "paths.yaml").read_text())["paths"]


@pytest.mark.parametrize("path", PATHS, ids=[f"{p['scenario']}:{p['name']}" for p in PATHS])
def test_path_passes_through_expected_states(path, scenarios, rubric):
    report = play(scenarios, rubric, path["scenario"], path["replies"])
    states = [t["state"] for t in report["turns"]]
    if report["complete"]:
        states.append(report["ended_in"])
    assert states == path["states"]
    assert report["outcome"] == path["outcome"]


def test_each_scenario_has_three_outcomes_covered_by_paths(scenarios):
    outcomes = defaultdict(set)
    for path in PATHS:
        outcomes[path["scenario"]].add(path["outcome"])
    for sid in ("angry-customer", "hardship", "dispute", "unreachable"):
        assert len(outcomes[sid]) >= 3, sid
