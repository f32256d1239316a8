"""Test plans are checked like code: every name against the scenario and rubric, with a
suggestion; a case that can never fail is an error; `sim test` takes ids and says when it
is given a scenario."""

import re

from tests.conftest import ROOT

STEP = "Hi, this is Alex from Summit Recovery Services. Am I speaking with Dana Whitfield?"


def plan(tmp_path, body, name="p.test.yaml"):
    path = tmp_path / name
    path.write_text(f"scenario: angry-customer\ntests:\n{body}")
    return path


def test_every_name_in_a_plan_is_checked_with_did_you_mean(tmp_path, cli):
    path = plan(
        tmp_path,
        "  - name: misspelt\n"
        "    steps:\n"
        f"      - say: {STEP}\n"
        "        expect:\n"
        "          state: name_confirmd\n"
        "          signals: [verify_identiy]\n"
        "          vars: {angr: '>= 1'}\n"
        "          violations: [mini_mirand]\n"
        "    end: {outcome: payment_pln, ended_in: agreemnt, violations: [caller_identiy]}\n",
    )
    result = cli("validate", path)
    assert result.returncode == 1
    out = result.stdout
    for line, wrong, right in [
        (7, "state 'name_confirmd'", "name_confirmed"),
        (8, "signal 'verify_identiy'", "verify_identity"),
        (9, "variable 'angr'", "anger"),
        (10, "rule 'mini_mirand'", "mini_miranda"),
        (11, "outcome 'payment_pln'", "payment_plan"),
        (11, "state 'agreemnt'", "agreement"),
        (11, "rule 'caller_identiy'", "caller_identity"),
    ]:
        found = [ln for ln in out.splitlines() if wrong in ln]
        assert found, (wrong, out)
        assert found[0].startswith(f"{path}:{line}:") and " SIM071 error" in found[0]
        assert f"did you mean '{right}'?" in found[0]


def test_a_plan_with_errors_is_refused_by_sim_test(tmp_path, cli):
    path = plan(
        tmp_path,
        f"  - name: never fails\n    steps:\n      - say: {STEP}\n"
        "        expect: {not_signals: [debt_disclosre]}\n    end: {outcome: hung_up}\n",
    )
    result = cli("test", path)
    assert result.returncode == 2
    assert "SIM071 error: signal 'debt_disclosre' is not in rubric 'default', so this " in (
        result.stderr
    )
    assert "passed" not in result.stdout


def test_a_case_that_expects_nothing_is_an_error(tmp_path, cli):
    path = plan(tmp_path, "  - name: idle\n    steps:\n      - say: Hello?\n")
    result = cli("validate", path)
    assert result.returncode == 1 and ":3:11: SIM072 error" in result.stdout


def test_a_case_without_an_outcome_is_a_warning_not_a_keyerror(tmp_path, cli):
    path = plan(
        tmp_path,
        f"  - name: no outcome\n    steps:\n      - say: {STEP}\n"
        "        expect: {state: name_confirmed}\n    end: {passed: false}\n",
    )
    result = cli("test", path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SIM073 warning" in result.stderr and "1 passed, 0 failed" in result.stdout


def test_sim_test_takes_a_scenario_id(cli):
    result = cli("test", "dispute")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "scenarios/dispute.test.yaml" in result.stdout
    assert re.search(r"^\d+ passed, 0 failed$", result.stdout, re.M)
    unknown = cli("test", "dispute-x")
    assert unknown.returncode == 2 and "no test plan for scenario 'dispute-x'" in unknown.stderr


def test_sim_test_on_a_scenario_says_so(cli):
    result = cli("test", ROOT / "sim" / "data" / "scenarios" / "dispute.yaml")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "is a scenario, not a test plan" in result.stderr
    assert "scenarios/dispute.test.yaml" in result.stderr


def test_sim_test_names_the_scenario_and_rubric_it_used(cli):
    result = cli("test", "dispute")
    assert "scenario dispute, rubric default" in result.stdout


def test_sim_test_piped_into_head_exits_quietly():
    import subprocess
    import sys

    proc = subprocess.run(
        f"'{sys.executable}' -m sim test | head -1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.stdout.count("\n") == 1
    assert "BrokenPipeError" not in proc.stderr and "internal error" not in proc.stderr
