"""The authoring guide cannot drift: its example is validated and played; schemas stay in sync."""

import json
import re
from pathlib import Path

import jsonschema

from sim.authoring.schemas import SCHEMAS, render
from sim.sources.located_yaml import load_yaml
from tests.conftest import ROOT

GUIDE = (ROOT / "docs" / "authoring.md").read_text()


def block(marker):
    for body in re.findall(r"```(?:yaml|text)\n(.*?)```", GUIDE, re.S):
        if body.startswith(f"# example: {marker}\n"):
            return body.split("\n", 1)[1]
    raise AssertionError(f"no '{marker}' block in the guide")


def test_guide_example_validates_and_plays(tmp_path, cli):
    scenario = tmp_path / "broken-promise.yaml"
    scenario.write_text(block("complete scenario"))
    validated = cli("validate", scenario)
    assert validated.returncode == 0 and validated.stdout == "", validated.stdout
    replies = tmp_path / "replies.txt"
    replies.write_text(block("replies"))
    report = cli.json("run", scenario, "--replies", replies)
    assert report["outcome"] == "payment_plan" and report["passed"], report["verdict"]
    assert [t["state"] for t in report["turns"]] == [
        "opening",
        "name_confirmed",
        "verified",
        "embarrassed",
        "new_date",
    ]
    graph = cli("graph", scenario)
    assert graph.returncode == 0 and "agreed : outcome payment_plan" in graph.stdout


def test_guide_names_the_editor_schema_line():
    assert "# yaml-language-server: $schema=../schemas/scenario.schema.json" in GUIDE


def test_published_schemas_match_the_models():
    for name, model in SCHEMAS.items():
        assert (ROOT / "schemas" / name).read_text() == render(model), (
            f"schemas/{name} is stale: run python scripts/write_schemas.py"
        )


def test_shipped_files_satisfy_the_published_schemas():
    scenario_schema = json.loads((ROOT / "schemas" / "scenario.schema.json").read_text())
    plan_schema = json.loads((ROOT / "schemas" / "testplan.schema.json").read_text())
    for path in sorted((ROOT / "sim" / "data" / "scenarios").glob("*.yaml")):
        schema = plan_schema if path.name.endswith(".test.yaml") else scenario_schema
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(load_yaml(path).data))
        assert not errors, (path.name, errors[0].message)


def test_the_schema_rejects_what_the_loader_rejects():
    schema = json.loads((ROOT / "schemas" / "scenario.schema.json").read_text())
    data = load_yaml(ROOT / "sim" / "data" / "scenarios" / "dispute.yaml").data
    data["states"]["opening"]["sya"] = ["typo"]
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data))


def test_the_shipped_rubric_satisfies_the_rubric_schema_and_a_typo_does_not():
    schema = json.loads((ROOT / "schemas" / "rubric.schema.json").read_text())
    data = load_yaml(ROOT / "sim" / "data" / "rubrics" / "default.yaml").data
    validator = jsonschema.Draft202012Validator(schema)
    assert not list(validator.iter_errors(data))
    data["signals"]["insult"]["polarity"] = "nasty"
    data["signals"]["insult"]["patern"] = ["typo"]
    assert len(list(validator.iter_errors(data))) >= 2


def test_every_file_a_schema_points_to_is_in_the_repo():
    for name in SCHEMAS:
        named = re.findall(r"[\w./-]+\.md\b", (ROOT / "schemas" / name).read_text())
        assert all((ROOT / path).is_file() for path in named), (name, named)


def test_the_shipped_rubrics_and_the_docs_name_no_file_outside_the_repo():
    """A trainer reading the rubric or the docs can open every document they point at."""
    shipped = [*(ROOT / "sim" / "data").rglob("*.yaml"), *(ROOT / "docs").glob("*.md")]
    for path in shipped:
        for named in re.findall(r"[\w./-]*[A-Z]\w*\.md\b", path.read_text()):
            found = [p for p in ROOT.rglob(Path(named).name) if ".venv" not in p.parts]
            assert found, f"{path.relative_to(ROOT)} names {named}, which is not in the repo"
