"""One gate: every command that loads a scenario, rubric or plan checks it as `sim validate`
does. Errors refuse to run (exit 2, the diagnostics printed); warnings print and run."""

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

GUIDE = (ROOT / "docs" / "authoring.md").read_text()
EXAMPLE = GUIDE.split("# example: complete scenario\n", 1)[1].split("```", 1)[0]
REPLIES = GUIDE.split("# example: replies\n", 1)[1].split("```", 1)[0]


def write(folder, name, text):
    path = folder / name
    path.write_text(text)
    return path


@pytest.fixture
def replies(tmp_path):
    return write(tmp_path, "replies.txt", REPLIES)


# A misspelt signal (SIM021); the debt discussed before the identity check (SIM060).
BROKEN = {
    "SIM021": lambda t: t.replace(
        "[acknowledge_feelings, express_sympathy]", "[acknowledge_feeling]"
    ),
    "SIM060": lambda t: t.replace(
        "      - when: {any: [verify_identity]}\n        goto: name_confirmed",
        "      - when: {any: [verify_identity]}\n        goto: name_confirmed\n"
        "      - when: {any: [state_balance]}\n        goto: new_date",
        1,
    ),
}


def broken(tmp_path, code):
    text = BROKEN[code](EXAMPLE)
    assert text != EXAMPLE
    return write(tmp_path, f"broken-{code.lower()}.yaml", text)


@pytest.mark.parametrize("code", ["SIM021", "SIM060"])
def test_run_refuses_what_validate_rejects(tmp_path, replies, code, cli):
    path = broken(tmp_path, code)
    validated = cli("validate", path)
    assert validated.returncode == 1 and f" {code} error" in validated.stdout
    for args in (
        ["run", path, "--replies", replies],
        ["graph", path],
        ["explore", path, "--walks", "3"],
        ["signals", "hello", "--scenario", path],
    ):
        result = cli(*args)
        assert result.returncode == 2, (args, result.stdout)
        assert result.stdout == ""
        assert f" {code} error" in result.stderr and f"{path}:" in result.stderr
        assert "Traceback" not in result.stderr


def test_a_misspelt_signal_is_refused_with_a_suggestion(tmp_path, replies, cli):
    path = broken(tmp_path, "SIM021")
    result = cli("run", path, "--replies", replies)
    assert "unknown signal 'acknowledge_feeling' (not in rubric 'default')" in result.stderr
    assert "did you mean 'acknowledge_feelings'?" in result.stderr


def test_a_dead_end_is_refused(tmp_path, replies, cli):
    dead_end = ROOT / "tests" / "data" / "diagnostics" / "SIM041-dead-end.yaml"
    result = cli("run", dead_end, "--replies", replies)
    assert result.returncode == 2 and " SIM041 error" in result.stderr


def test_play_refuses_a_scenario_that_fails_before_the_ui_starts(tmp_path, cli):
    path = broken(tmp_path, "SIM060")
    result = cli("play", path, "--candidate", "c-1", "--transcripts", tmp_path)
    assert result.returncode == 2 and " SIM060 error" in result.stderr
    assert not list(tmp_path.glob("*.jsonl"))


def test_test_refuses_a_plan_whose_scenario_fails(tmp_path, cli):
    write(tmp_path, "broken-promise.yaml", BROKEN["SIM021"](EXAMPLE))
    plan = write(
        tmp_path,
        "broken-promise.test.yaml",
        "scenario: broken-promise\ntests:\n  - name: x\n    steps: [{say: Hello?}]\n"
        "    end: {outcome: hung_up}\n",
    )
    result = cli("test", plan)
    assert result.returncode == 2 and " SIM021 error" in result.stderr
    assert "passed" not in result.stdout


def test_warnings_print_and_the_call_runs(tmp_path, replies, cli):
    text = EXAMPLE.replace("outcomes:\n", "outcomes:\n  settled: Never reached.\n")
    path = write(tmp_path, "warned.yaml", text)
    result = cli("run", path, "--replies", replies)
    assert result.returncode == 0, result.stderr
    assert " SIM042 warning" in result.stderr
    assert "payment_plan" in result.stdout


def shipped_copy(tmp_path):
    home = tmp_path / "home"
    shutil.copytree(ROOT / "sim" / "data" / "scenarios", home / "scenarios")
    shutil.copytree(ROOT / "sim" / "data" / "rubrics", home / "rubrics")
    return home


def sim_at(home, *args):
    env = {**os.environ, "SIM_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "sim", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=home,
        timeout=120,
    )


def test_list_shows_only_scenarios_that_pass_and_says_why_others_are_left_out(tmp_path):
    home = shipped_copy(tmp_path)
    # a signal the rubric no longer has: the scenario's transitions would be dead
    write(home / "scenarios", "broken-promise.yaml", BROKEN["SIM021"](EXAMPLE))
    write(home / "scenarios", "not-yaml.yaml", "title: [unclosed\n")
    result = sim_at(home, "list")
    assert result.returncode == 0
    assert "angry-customer" in result.stdout and "broken-promise" not in result.stdout
    assert "left out" in result.stderr and "broken-promise.yaml" in result.stderr
    assert "SIM021 error: unknown signal 'acknowledge_feeling'" in result.stderr
    assert "not-yaml.yaml" in result.stderr and "SIM002" in result.stderr


def test_the_picker_catalog_leaves_out_what_fails(tmp_path, rubric):
    from sim.scenario.catalog import scenario_catalog

    good = write(tmp_path, "broken-promise.yaml", EXAMPLE)
    bad = broken(tmp_path, "SIM060")
    found = scenario_catalog(rubric.terms(), files=[good, bad])
    assert [s.id for s in found.summaries] == ["broken-promise"]
    [left] = found.left_out
    assert left.path == bad and "SIM060" in left.reason


def test_a_duplicate_id_is_left_out_of_the_catalog(tmp_path, rubric):
    from sim.scenario.catalog import scenario_catalog

    one = write(tmp_path, "a.yaml", EXAMPLE)
    two = write(tmp_path, "b.yaml", EXAMPLE)
    found = scenario_catalog(rubric.terms(), files=[one, two])
    assert len(found.summaries) == 1 and "SIM030" in found.left_out[0].reason
