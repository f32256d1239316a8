"""The few things only a real process shows: the installed console script's exit codes,
start-up with --help, stdin from a pipe, and errors as one line on stderr, not a traceback.
Everything else calls `main(argv)` in-process (the `cli` fixture)."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import plan_replies, run_sim

SIM = Path(sys.executable).with_name("sim")  # the console script pip installed


def console(*args, cwd, input=None):
    return subprocess.run(
        [str(SIM), *map(str, args)],
        capture_output=True,
        text=True,
        input=input,
        cwd=cwd,
        timeout=120,
    )


@pytest.mark.skipif(not SIM.exists(), reason="the console script is not installed")
@pytest.mark.parametrize(
    "args,code",
    [
        (["list"], 0),
        (["validate", "no/such/file.yaml"], 1),
        (["run"], 2),
        (["run", "no-such-scenario", "--replies", "-"], 2),
    ],
    ids=["ok", "findings", "bad-usage", "bad-input"],
)
def test_console_script_exit_codes(tmp_path, args, code):
    result = console(*args, cwd=tmp_path, input="Hello?\n")
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    if code == 2:  # the usage, if any, then one line that says what is wrong
        assert result.stderr.strip().splitlines()[-1].startswith(("sim: error:", "sim run: error:"))


def test_help_starts_and_exits_0(tmp_path):
    result = run_sim("--help", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("usage: sim")
    assert "play" in result.stdout and "report" in result.stdout and result.stderr == ""


def test_no_command_prints_help_and_exits_2(tmp_path):
    result = run_sim(cwd=tmp_path)
    assert result.returncode == 2 and result.stdout.startswith("usage: sim")


def test_replies_piped_on_stdin(tmp_path):
    replies = "Hi, this is Alex. Am I speaking with Dana Whitfield?\n"
    result = run_sim("run", "angry-customer", "--replies", "-", cwd=tmp_path, input=replies)
    assert result.returncode == 0, result.stderr
    assert "Outcome:" in result.stdout and result.stderr == ""


def test_reports_are_byte_identical_across_processes(tmp_path, cli):
    """In-process runs share one string-hash seed; separate processes each get their own."""
    replies = tmp_path / "r.txt"
    replies.write_text("\n".join(plan_replies("hardship", "small plan")) + "\n")
    args = ("run", "hardship", "--replies", replies, "--seed", 5, "--json")
    outputs = {
        run_sim(*args, cwd=tmp_path, env={"PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")
    }
    assert outputs == {cli(*args).stdout}
