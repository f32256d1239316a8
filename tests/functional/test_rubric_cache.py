"""A rubric loaded and checked once is kept under the cache home, so the next `sim run`
skips YAML, the models and the pattern checks (issue 19); what comes of it never differs
from a fresh load, and an entry is trusted only for the very bytes it was made from."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sim.errors import SourceError
from sim.rubric.loader import load_rubric
from sim.sources.locations import RUBRICS
from tests.conftest import ROOT, plan_replies, run_sim


def cache_files(cache: Path) -> list[Path]:
    return sorted(p for p in cache.rglob("*") if p.is_file())


def sim_run(cwd: Path, cache: Path, *args: str) -> str:
    """`sim run angry-customer` in a fresh process, its cache home under ``cache``."""
    replies = cwd / "replies.txt"
    replies.write_text("\n".join(plan_replies("angry-customer", "model plan")) + "\n")
    env = {"XDG_CACHE_HOME": str(cache)}
    done = run_sim("run", "angry-customer", "--replies", replies, *args, cwd=cwd, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_warm_run_reports_as_the_cold_one_and_keeps_its_entry_under_the_cache_home(tmp_path):
    work, cache = tmp_path / "work", tmp_path / "cache"
    work.mkdir()
    cold = sim_run(work, cache, "--json")
    (entry,) = cache_files(cache / "sim" / "rubrics-v1")
    written = entry.read_bytes(), entry.stat().st_mtime_ns
    assert sim_run(work, cache, "--json") == cold
    assert (entry.read_bytes(), entry.stat().st_mtime_ns) == written  # read, not made again
    assert sorted(p.name for p in work.iterdir()) == ["replies.txt"]
    elsewhere = tmp_path / "other-cache"
    assert sim_run(work, elsewhere, "--json") == cold  # a cold run with another cache home
    assert all(p.is_relative_to(cache / "sim") for p in cache_files(cache))


def test_a_corrupt_entry_is_ignored_and_written_again(tmp_path):
    work, cache = tmp_path / "work", tmp_path / "cache"
    work.mkdir()
    cold = sim_run(work, cache)
    (entry,) = cache_files(cache / "sim" / "rubrics-v1")
    good = entry.read_bytes()
    for damaged in (good[: len(good) // 2], b"\0" * 40, good[:40] + b"x" + good[41:]):
        entry.write_bytes(damaged)
        assert sim_run(work, cache) == cold
        rewritten = entry.read_bytes(), entry.stat().st_mtime_ns
        assert rewritten[0] != damaged
        assert sim_run(work, cache) == cold
        assert (entry.read_bytes(), entry.stat().st_mtime_ns) == rewritten  # now trusted


def test_a_cache_home_that_cannot_be_written_only_costs_time(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert sim_run(work, blocked, "--json") == sim_run(work, tmp_path / "cache", "--json")
    assert blocked.read_text() == "not a folder"


@pytest.fixture
def own_rubric(tmp_path, monkeypatch):
    """A copy of the default rubric and its weights in a folder of its own, cached under
    tmp_path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "rubrics"
    folder.mkdir()
    shutil.copy(RUBRICS / "default.yaml", folder / "default.yaml")
    shutil.copy(RUBRICS / "default.learned.json", folder / "default.learned.json")
    return folder / "default.yaml"


def test_a_cached_rubric_is_the_rubric_loaded_afresh(own_rubric, tmp_path):
    cold = load_rubric(own_rubric)
    assert cache_files(tmp_path / "cache")
    warm = load_rubric(own_rubric)
    assert (warm.rubric, warm.sha256, warm.findings) == (cold.rubric, cold.sha256, cold.findings)
    reply = "We may have to take legal action and report this to the credit bureaus."
    assert warm.build_matcher(None).match(reply) == cold.build_matcher(None).match(reply)


def test_an_entry_serves_only_the_bytes_it_was_made_from(own_rubric):
    first = load_rubric(own_rubric)
    weights = own_rubric.parent / "default.learned.json"
    weights.write_text(weights.read_text() + "\n")
    assert load_rubric(own_rubric).sha256 != first.sha256
    text = own_rubric.read_text()
    own_rubric.write_text(
        text.replace("signals:", "signals:\n  broken: {description: x, patterns: ['(a+)+']}", 1)
    )
    with pytest.raises(SourceError, match="nests unbounded repeats"):
        load_rubric(own_rubric)


WORK_LEFT = """
import sys
from sim.rubric.loader import load_rubric
from sim.rubric.matching.patterns import made
from sim.scenario.loader import load_scenario
from sim.sources.locations import SCENARIOS

matcher = load_rubric().matcher(load_scenario(SCENARIOS / "angry-customer.yaml").facts())
for reply in sys.argv[1:]:
    matcher.match(reply)
print(made())
"""


def test_after_a_run_the_next_process_finds_every_pattern_of_that_scenario_worked_out(tmp_path):
    work, cache = tmp_path / "work", tmp_path / "cache"
    work.mkdir()
    replies = plan_replies("angry-customer", "model plan")
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(ROOT)}

    def work_left() -> int:
        """How many patterns a fresh process analyses or compiles to match the replies."""
        argv = [sys.executable, "-c", WORK_LEFT, *replies]
        done = subprocess.run(
            argv, capture_output=True, text=True, cwd=work, env=env, check=True, timeout=120
        )
        return int(done.stdout)

    assert work_left() > 0  # nothing cached: every pattern parsed, its regex compiled
    sim_run(work, cache)  # the placeholders filled from angry-customer's facts, kept
    assert work_left() == 0
