import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def rubric():
    from sim.rubric.loader import load_rubric

    return load_rubric("default")


@pytest.fixture(scope="session")
def scenarios():
    from sim.scenario.loader import load_scenario
    from sim.sources.locations import scenario_files

    return {p.stem: (load_scenario(p), p) for p in scenario_files()}


def plan_replies(scenario_id, case_name):
    """The replies of one case in a shipped test plan."""
    import yaml

    plan = yaml.safe_load(
        (ROOT / "sim" / "data" / "scenarios" / f"{scenario_id}.test.yaml").read_text()
    )
    case = next(c for c in plan["tests"] if c["name"] == case_name)
    return [step["say"] for step in case["steps"]]


def run_sim(*args, input=None, env=None, cwd=None):
    """Run the real `sim` command in a subprocess."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "sim", *map(str, args)],
        capture_output=True,
        text=True,
        input=input,
        env=full_env,
        cwd=cwd or ROOT,
        timeout=120,
    )


def run_json(*args, **kw):
    result = run_sim(*args, "--json", **kw)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def play(scenarios, rubric, scenario_id, replies, seed=1):
    """Play replies in-process; return the session's report."""
    from sim.call.session import Session

    scenario, path = scenarios[scenario_id]
    session = Session(scenario, path, rubric, seed=seed)
    played = 0
    for text in replies:
        if session.ended:
            break
        session.reply(text)
        played += 1
    session.finish(unused=list(replies[played:]))
    return session.report()
