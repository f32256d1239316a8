"""`sim validate`: every diagnostic in the catalog, on a broken fixture, at its line."""

import json

import pytest

from sim.sources.diagnostics import CATALOG
from sim.sources.locations import RUBRICS, SCENARIOS
from tests.conftest import DATA, ROOT

FIXTURES = sorted((DATA / "diagnostics").glob("SIM*"))
DOCS = (ROOT / "docs" / "diagnostics.md").read_text()


def expectation(path):
    _, _, code, _, line = path.read_text().splitlines()[0].split()
    return code, int(line)


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name for f in FIXTURES])
def test_each_diagnostic_is_reported_at_its_line(fixture, cli):
    code, line = expectation(fixture)
    # a duplicate id needs the scenario it duplicates
    args = [SCENARIOS / "dispute.yaml", fixture] if code == "SIM030" else [fixture]
    result = cli("validate", *args)
    assert f"{fixture}:{line}:" in result.stdout and f" {code} " in result.stdout, result.stdout
    reported = [ln for ln in result.stdout.splitlines() if f" {code} " in ln]
    assert any(ln.startswith(f"{fixture}:{line}:") for ln in reported), reported
    severity = CATALOG[code][0]
    assert f"{code} {severity}:" in reported[0]
    assert result.returncode == (1 if severity == "error" else 0)
    assert "Traceback" not in result.stderr


def test_every_code_has_a_fixture_and_a_documented_page():
    covered = {expectation(f)[0] for f in FIXTURES} | {"SIM001"}
    assert covered == set(CATALOG)
    for code in CATALOG:
        assert f"## {code}" in DOCS, code


def test_missing_file(cli):
    result = cli("validate", "no/such/file.yaml")
    assert result.returncode == 1 and "SIM001 error: file not found" in result.stdout


def test_shipped_content_is_clean(cli):
    result = cli("validate")
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert "0 error(s), 0 warning(s)" in result.stderr


def test_json_format_for_editors(cli):
    fixture = DATA / "diagnostics" / "SIM020-undefined-state.yaml"
    result = cli("validate", fixture, "--format", "json")
    assert result.returncode == 1  # an error was found
    data = json.loads(result.stdout)
    assert data[0]["code"] == "SIM020" and data[0]["line"] == expectation(fixture)[1]
    assert set(data[0]) == {"path", "line", "col", "code", "severity", "message"}


def test_a_renamed_signal_the_program_relies_on_is_reported(tmp_path, cli):
    # A trainer renames `sarcasm` everywhere but in the ids the program relies on:
    # scoring would silently stop seeing sarcasm as lost composure, so validate says so.
    head, program = (
        (ROOT / "sim" / "data" / "rubrics" / "default.yaml").read_text().split("\nprogram:\n")
    )
    rubric = tmp_path / "renamed.yaml"
    rubric.write_text(head.replace("sarcasm", "snark") + "\nprogram:\n" + program)
    lines = rubric.read_text().splitlines()
    line = 1 + next(i for i, ln in enumerate(lines) if ln.startswith("  loss_of_control:"))
    result = cli("validate", rubric, SCENARIOS / "angry-customer.yaml")
    assert result.returncode == 1
    assert f"{rubric}:{line}:" in result.stdout
    assert "SIM021 error: unknown signal 'sarcasm'" in result.stdout


def test_a_rubric_must_declare_the_ids_the_program_relies_on(tmp_path, cli):
    head, _ = (RUBRICS / "default.yaml").read_text().split("\nprogram:\n")
    rubric = tmp_path / "undeclared.yaml"
    rubric.write_text(head)
    result = cli("validate", rubric)
    assert result.returncode == 1
    assert "SIM012 error" in result.stdout and "program" in result.stdout
