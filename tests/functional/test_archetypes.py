"""Archetype agents on every scenario: the orderings any trainer expects."""

import pytest
import yaml

from tests.conftest import DATA, play

ARCHETYPES = yaml.safe_load((DATA / "archetypes.yaml").read_text())["archetypes"]


@pytest.fixture(scope="module")
def reports(scenarios, rubric):
    return {
        sid: {kind: play(scenarios, rubric, sid, replies) for kind, replies in agents.items()}
        for sid, agents in ARCHETYPES.items()
    }


@pytest.mark.parametrize("sid", sorted(ARCHETYPES))
def test_model_agent_passes(reports, sid):
    model = reports[sid]["model"]
    assert model["passed"], (model["scores"], model["violations"])
    assert not [v for v in model["violations"] if v["severity"] == "critical"]


@pytest.mark.parametrize("sid", sorted(ARCHETYPES))
def test_abusive_agent_fails_on_a_critical_violation(reports, sid):
    abusive = reports[sid]["abusive"]
    assert not abusive["passed"]
    assert any(v["severity"] == "critical" for v in abusive["violations"])


@pytest.mark.parametrize("sid", sorted(ARCHETYPES))
def test_orderings(reports, sid):
    r = {kind: rep["scores"] for kind, rep in reports[sid].items()}
    assert r["model"]["compliance"] > r["abusive"]["compliance"]
    assert r["model"]["self_control"] > r["abusive"]["self_control"]
    assert r["model"]["firmness"] > r["pushover"]["firmness"]
    assert r["model"]["empathy"] > r["robot"]["empathy"]
    assert reports[sid]["model"]["overall"] > reports[sid]["abusive"]["overall"]


@pytest.mark.parametrize("sid", sorted(ARCHETYPES))
def test_one_sided_agents_do_not_pass(reports, sid):
    for kind in ("pushover", "robot"):
        assert not reports[sid][kind]["passed"], (kind, reports[sid][kind]["verdict"])
