"""The package as a supervisor installs it: a wheel in a fresh venv, run from elsewhere.

The wheel is built from a copy of the source in tmp_path (a build never writes into the
repository) and installed with --no-deps into a venv that sees this venv's dependencies
through a .pth file, so the test needs no network.
"""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import ROOT, plan_replies, run_sim


def _run(cmd, cwd, env=None, timeout=300):
    result = subprocess.run(
        [str(c) for c in cmd], capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout
    )
    assert result.returncode == 0, f"{cmd}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(sim executable, python executable) of a non-editable install in a fresh venv."""
    base = tmp_path_factory.mktemp("installed")
    src = base / "src"
    src.mkdir()
    shutil.copytree(ROOT / "sim", src / "sim", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    build = ["wheel", "-q", "--no-deps", "--no-build-isolation", "-w", base / "dist", src]
    _run([sys.executable, "-m", "pip", *build], cwd=base)
    (wheel,) = (base / "dist").glob("collections_sim-*.whl")
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=base)
    python = venv / "bin" / "python"
    purelib = Path(
        _run(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], base
        ).stdout.strip()
    )
    # the dependencies (textual, pydantic, ...) come from this venv, after the fresh one's own
    (purelib / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    _run(
        [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel],
        cwd=base,
    )
    return venv / "bin" / "sim", python


def _env():
    env = {k: v for k, v in os.environ.items() if k not in {"SIM_HOME", "SIM_TRANSCRIPTS"}}
    env.pop("PYTHONPATH", None)
    return env


def test_the_wheel_ships_the_scenarios_plans_and_rubric(installed):
    _, python = installed
    out = _run(
        [
            python,
            "-c",
            "import sim, importlib.resources as r; d = r.files('sim.data');"
            "print(sim.__file__);"
            "print(sorted(p.name for p in (d / 'scenarios').iterdir()));"
            "print(sorted(p.name for p in (d / 'rubrics').iterdir()))",
        ],
        cwd=installed[0].parent,
        env=_env(),
    ).stdout.splitlines()
    assert str(ROOT) not in out[0], out[0]  # the installed copy, not this work tree
    assert "angry-customer.yaml" in out[1] and "angry-customer.test.yaml" in out[1]
    assert "default.yaml" in out[2] and "default.learned.json" in out[2]


def test_an_installed_sim_lists_runs_and_scores_from_any_directory(installed, tmp_path):
    sim, _ = installed
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = _env()
    listed = _run([sim, "list"], elsewhere, env).stdout
    assert "angry-customer" in listed and "unreachable" in listed

    replies = elsewhere / "replies.txt"
    replies.write_text("\n".join(plan_replies("angry-customer", "model plan")) + "\n")
    call = elsewhere / "call.jsonl"
    ran = _run(
        [
            sim,
            "run",
            "angry-customer",
            "--replies",
            replies,
            "--seed",
            7,
            "--json",
            "--transcript",
            call,
        ],
        elsewhere,
        env,
    )
    report = json.loads(ran.stdout)
    # the same call as the work tree's: the installed data are the shipped files, unchanged
    here = run_sim("run", "angry-customer", "--replies", replies, "--seed", 7, "--json", cwd=ROOT)
    assert ran.stdout == here.stdout
    assert report["scenario"] == "angry-customer"

    scored = _run([sim, "score", elsewhere / "call.jsonl", "--json"], elsewhere, env)
    assert json.loads(scored.stdout) == report
    _run([sim, "test"], elsewhere, env)
    _run([sim, "validate"], elsewhere, env)


def test_a_projects_own_scenarios_are_searched_first(installed, tmp_path):
    sim, _ = installed
    project = tmp_path / "project"
    (project / "scenarios").mkdir(parents=True)
    text = (ROOT / "sim" / "data" / "scenarios" / "dispute.yaml").read_text()
    own = text.replace("title: Billing error dispute", "title: Our own dispute")
    assert own != text
    (project / "scenarios" / "dispute.yaml").write_text(own)
    env = _env()
    listed = _run([sim, "list"], project, env).stdout
    assert "Our own dispute" in listed and "angry-customer" in listed
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert "Our own dispute" not in _run([sim, "list"], elsewhere, env).stdout
    assert "Our own dispute" in _run([sim, "list"], elsewhere, {**env, "SIM_HOME": project}).stdout
