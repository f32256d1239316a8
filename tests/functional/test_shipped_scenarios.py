"""The shipped scenarios are carried everywhere a user looks for them: `sim list`, the
README's scenario table and the authoring guide's list, with the ids the design requires."""

import re

import pytest
import yaml

from sim.scenario.loader import load_scenario
from sim.sources.locations import SCENARIOS
from tests.conftest import ROOT

REQUIRED = {"angry-customer", "hardship", "dispute", "unreachable"}
SITUATIONS = {
    "missed-promise",
    "attorney",
    "stop-calling",
    "time-barred",
    "hangs-up",
    "identity-theft",
}
SHIPPED = {p.stem: load_scenario(p) for p in SCENARIOS.glob("*.yaml") if ".test." not in p.name}


def table(markdown, heading):
    """The `id` column and the second column of the first table under ``heading``."""
    section = markdown.split(heading, 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"^\| `([a-z0-9-]+)` \| ([^|]+?) \|", section, re.M))


def test_the_required_ids_and_the_seed_situations_ship():
    assert set(SHIPPED) >= REQUIRED | SITUATIONS


def test_sim_list_shows_every_shipped_scenario_with_its_title_and_difficulty(cli):
    result = cli("list")
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert set(rows) == set(SHIPPED)
    for sid, scenario in SHIPPED.items():
        assert scenario.title in rows[sid] and scenario.difficulty in rows[sid]


def test_the_readme_lists_every_shipped_scenario_with_its_difficulty():
    listed = table((ROOT / "README.md").read_text(), "## Scenarios\n")
    assert listed == {sid: s.difficulty for sid, s in SHIPPED.items()}


def test_the_authoring_guide_points_to_every_shipped_scenario():
    listed = table(
        (ROOT / "docs" / "authoring.md").read_text(), "## Learn from the shipped scenarios\n"
    )
    assert set(listed) == set(SHIPPED)


@pytest.mark.parametrize("sid", sorted(SITUATIONS))
def test_each_new_situation_plays_a_lawful_call_that_passes_and_an_unlawful_one_that_fails(
    sid, cli
):
    plan = yaml.safe_load((SCENARIOS / f"{sid}.test.yaml").read_text())
    verdicts = {(case["end"].get("passed"), case["end"]["outcome"]) for case in plan["tests"]}
    assert {passed for passed, _ in verdicts} >= {True, False}, verdicts
    result = cli("test", sid)
    assert result.returncode == 0, result.stdout
    assert re.search(r"^\d+ passed, 0 failed$", result.stdout, re.M), result.stdout
