import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"

# Folders under the repo that tools rewrite as a matter of course; the rest is the tests' to keep.
TOOL_DIRS = {".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache"}


def repo_state() -> dict[str, tuple[int, int]]:
    """Every file under the repo (tool folders aside), with its size and modification time."""
    state = {}
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in TOOL_DIRS and not d.endswith(".egg-info")]
        for name in files:
            info = os.stat(os.path.join(folder, name))
            state[os.path.relpath(os.path.join(folder, name), ROOT)] = (
                info.st_size,
                info.st_mtime_ns,
            )
    return state


BEFORE = repo_state()  # taken when pytest loads this file, before any test runs
# Hypothesis writes a cache while the tests are collected; not into the repo's .hypothesis/.
HYPOTHESIS_HOME = Path(tempfile.mkdtemp(prefix="sim-tests-hypothesis-"))
set_hypothesis_home_dir(HYPOTHESIS_HOME)


@pytest.fixture(scope="session", autouse=True)
def sealed_repo(tmp_path_factory):
    """No test may create or change a file under the repo: calls are saved to a temporary
    folder (SIM_TRANSCRIPTS), results and the catalogue cached in another (SIM_CACHE_DIR,
    XDG_CACHE_HOME), Hypothesis keeps its files in a third, and the repo is compared before
    and after the session."""
    before = BEFORE
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SIM_TRANSCRIPTS", str(tmp_path_factory.mktemp("session-transcripts")))
        mp.setenv("SIM_CACHE_DIR", str(tmp_path_factory.mktemp("session-cache")))
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("session-xdg-cache")))
        for name in ("SIM_DEBUG", "SIM_TRANSCRIPT_KEY"):  # the developer's own settings
            mp.delenv(name, raising=False)
        yield
    shutil.rmtree(HYPOTHESIS_HOME, ignore_errors=True)
    after = repo_state()
    if after != before:
        changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
        pytest.fail(f"the tests created or changed files in the repo: {changed}", pytrace=False)


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


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


class Cli:
    """`sim ARGS...` in-process: `sim.commands.parser.main(argv)`, its output captured."""

    def __init__(self, capsys, monkeypatch, cwd):
        self.capsys, self.monkeypatch, self.cwd = capsys, monkeypatch, cwd

    def __call__(self, *args, input=None, cwd=None) -> Result:
        from sim.commands.parser import main

        self.capsys.readouterr()  # drop whatever the test printed before
        with self.monkeypatch.context() as mp:
            mp.chdir(cwd or self.cwd)
            if input is not None:
                mp.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(input.encode())))
            try:
                code = main([str(a) for a in args])
            except SystemExit as exc:  # argparse: bad usage (2), --help and --version (0)
                code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        out, err = self.capsys.readouterr()
        return Result(code, out, err)

    def json(self, *args, **kw):
        """Run with --json; it must succeed."""
        result = self(*args, "--json", **kw)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)


@pytest.fixture
def cli(capsys, monkeypatch, tmp_path):
    """Run `sim` in-process, from an empty temporary working directory."""
    work = tmp_path / "cwd"
    work.mkdir()
    return Cli(capsys, monkeypatch, work)


def record_call(
    rubric, path, scenario_id, replies, *, candidate="c-1 Avery", mode="assessment", day=1, seed=0
):
    """Play ``replies`` in-process into a transcript at ``path``, started on 2026-11-``day``
    (replies left when the call ends are not given); return the path."""
    from sim.call.session import Session
    from sim.scenario.loader import load_scenario
    from sim.sources.locations import SCENARIOS

    scenario = SCENARIOS / f"{scenario_id}.yaml"
    session = Session(
        load_scenario(scenario),
        scenario,
        rubric,
        seed=seed,
        candidate=candidate,
        mode=mode,
        transcript=path,
        started_at=f"2026-11-{day:02d}T09:00:00+00:00",
    )
    for reply in replies:
        if session.ended:
            break
        session.reply(reply)
    session.finish()
    return path


def transcripts(folder):
    """The call transcripts written in ``folder``, by name (not their review sidecars)."""
    return sorted(p for p in folder.glob("*.jsonl") if not p.name.endswith(".review.jsonl"))


def review(cli, path, *args, who="Sam Rivera", why="listened to the call"):
    """`sim review PATH ARGS...` by a named reviewer, for a reason."""
    return cli("review", path, "--reviewer", who, "--reason", why, *args)


def run_sim(*args, cwd, input=None, env=None):
    """Run the real `sim` command in a subprocess, only where the process is the point;
    ``cwd`` is a temporary folder."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "sim", *map(str, args)],
        capture_output=True,
        text=True,
        input=input,
        env=full_env,
        cwd=cwd,
        timeout=120,
    )


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
