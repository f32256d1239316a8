"""The committed sample cohort is made of calls the current code plays, reproducibly."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_sim

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "transcripts" / "samples"


def test_no_sample_call_is_stale(cli):
    # What a supervisor sees first: re-scoring the samples moves nothing.
    calls = cli.json("score", SAMPLES)
    assert len(calls) == 10
    moved = [
        c["path"]
        for c in calls
        if (c["before"]["scores"], c["before"]["overall"]) != (c["scores"], c["overall"])
    ]
    assert not moved, "stale samples: run python scripts/make_samples.py"
    out = cli("score", SAMPLES).stdout
    assert "10 unchanged" in out
    # what re-scored them: the rubric, its hash and the program
    assert re.match(
        r"Re-scored 10 call\(s\) with rubric 'default' \(sha256 [0-9a-f]{12}\), sim ", out
    )


def test_the_script_reproduces_the_samples_byte_for_byte():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_samples.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("fmt", ["html", "xapi"])
def test_cohort_reports_are_byte_identical_across_processes_and_zones(cli, tmp_path, fmt):
    """Each process has its own string-hash seed, and a supervisor's clock its own zone:
    neither reaches a report."""
    args = ("report", SAMPLES, "--format", fmt)
    outputs = {
        run_sim(*args, cwd=tmp_path, env={"PYTHONHASHSEED": seed, "TZ": zone}).stdout
        for seed, zone in (("1", "UTC"), ("2", "Asia/Tokyo"))
    }
    assert outputs == {cli(*args).stdout}


def test_sim_score_says_why_a_call_ended(cli):
    out = cli("score", SAMPLES / "angry-customer--c-102--abusive.jsonl").stdout.splitlines()
    assert out[1].startswith("Outcome: escalated")
    assert out[2].startswith("Why it ended: Dana demanded a supervisor after a threat.")
