"""A scenario that passed the gate is kept under the cache home, so the next `sim run`
reads no YAML and checks nothing again (issue 19); what comes of it never differs from a
fresh check, and an entry serves only the very bytes, place and rubric it was made from."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim.sources.locations import RUBRICS, SCENARIOS
from tests.conftest import ROOT, plan_replies

LAYOUT = Path("sim") / "scenarios-v1"


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def cache(tmp_path, monkeypatch):
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


@pytest.fixture
def replies(tmp_path) -> Path:
    path = tmp_path / "replies.txt"
    path.write_text("\n".join(plan_replies("angry-customer", "model plan")) + "\n")
    return path


def run(cli, replies: Path, *args: str):
    return cli("run", "angry-customer", "--replies", str(replies), *args)


def test_a_warm_run_reports_as_the_cold_one_and_writes_only_under_the_cache_home(
    cli, cache, replies, tmp_path
):
    cold = run(cli, replies, "--json")
    assert cold.returncode == 0, cold.stderr
    (entry,) = files_under(cache / LAYOUT)
    written = entry.read_bytes(), entry.stat().st_mtime_ns
    warm = run(cli, replies, "--json")
    assert (warm.stdout, warm.stderr) == (cold.stdout, cold.stderr)
    assert (entry.read_bytes(), entry.stat().st_mtime_ns) == written  # read, not made again
    assert list(cli.cwd.iterdir()) == []
    outside = [p for p in files_under(tmp_path) if not p.is_relative_to(cache / "sim")]
    assert outside == [replies]


def test_a_corrupt_entry_is_ignored_and_written_again(cli, cache, replies):
    cold = run(cli, replies).stdout
    (entry,) = files_under(cache / LAYOUT)
    good = entry.read_bytes()
    for damaged in (good[: len(good) // 2], b"\0" * 40, good[:40] + b"x" + good[41:]):
        entry.write_bytes(damaged)
        assert run(cli, replies).stdout == cold
        rewritten = entry.read_bytes(), entry.stat().st_mtime_ns
        assert rewritten[0] != damaged
        assert run(cli, replies).stdout == cold
        assert (entry.read_bytes(), entry.stat().st_mtime_ns) == rewritten  # now trusted


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A project folder with its own copy of angry-customer, and SIM_HOME pointing at it."""
    home = tmp_path / "project"
    (home / "scenarios").mkdir(parents=True)
    (home / "rubrics").mkdir()
    (home / "scenarios" / "angry-customer.yaml").write_bytes(
        (SCENARIOS / "angry-customer.yaml").read_bytes()
    )
    monkeypatch.setenv("SIM_HOME", str(home))
    return home / "scenarios" / "angry-customer.yaml"


def debtor_lines(result) -> list[str]:
    assert result.returncode == 0, result.stderr
    return [turn["debtor"] for turn in json.loads(result.stdout)["turns"]]


def test_a_changed_scenario_is_not_served_from_the_cache(cli, cache, replies, project):
    text = project.read_text(encoding="utf-8")
    assert "robocall" in debtor_lines(run(cli, replies, "--json"))[0]
    project.write_text(text.replace("robocall", "telecall"), encoding="utf-8")  # same size
    assert "telecall" in debtor_lines(run(cli, replies, "--json"))[0]
    project.write_text(text + "\nunknown_key: 1\n", encoding="utf-8")
    for _ in range(2):
        refused = run(cli, replies)
        assert (refused.returncode, refused.stdout) == (2, "")
        assert "SIM010" in refused.stderr


def test_warnings_are_printed_every_run_and_another_rubric_checks_the_scenario_again(
    cli, cache, replies, project
):
    """The entry was made against a rubric that defines a signal the scenario uses; the
    default rubric does not, so the same bytes are refused with it."""
    text = project.read_text(encoding="utf-8")
    text = text.replace("reactions:\n", "reactions:\n  - when: {any: [extra_signal]}\n", 1)
    orphan = '  orphan:\n    say: ["One.", "Two."]\n    terminal: true\n    outcome: hung_up\n'
    project.write_text(text.replace("\nstates:\n", "\nstates:\n" + orphan, 1), encoding="utf-8")
    rubric = (RUBRICS / "default.yaml").read_text(encoding="utf-8")
    extra = "signals:\n  extra_signal: {description: x, phrases: ['purple elephant']}"
    own = project.parents[1] / "rubrics" / "own.yaml"
    own.write_text(rubric.replace("signals:", extra, 1), encoding="utf-8")
    first = run(cli, replies, "--rubric", "own")
    assert first.returncode == 0, first.stderr
    assert "SIM040 warning: state 'orphan'" in first.stderr
    again = run(cli, replies, "--rubric", "own")
    assert (again.stdout, again.stderr) == (first.stdout, first.stderr)
    with_default = run(cli, replies)
    assert with_default.returncode == 2
    assert "SIM021 error: unknown signal 'extra_signal'" in with_default.stderr


LOADED = """
import sys
from sim.commands.parser import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("\\n".join(sorted(sys.modules)))
"""

# what only reading and checking a file afresh needs
FRESH_ONLY = (
    "yaml",
    "sim.sources.located_yaml",
    "sim.sources.validation",
    "sim.scenario.loader",
    "sim.scenario.lint",
    "sim.rubric.lint",
    "sim.rubric.pattern_safety",
)


def test_a_warm_run_imports_no_yaml_reader_validation_or_lints(tmp_path, replies):
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-c", LOADED, "run", "angry-customer", "--replies", str(replies)]

    def modules() -> set[str]:
        done = subprocess.run(
            argv, capture_output=True, text=True, cwd=work, env=env, check=True, timeout=120
        )
        return set(done.stdout.splitlines())

    assert set(FRESH_ONLY) <= modules()  # cold: the files read and checked
    assert sorted(modules() & set(FRESH_ONLY)) == []
