"""Diagnostics a trainer can act on: plain words at the right line, a suggestion for every
misspelt name, no library wording, and every code documented with a mistake and its fix."""

import re

import pytest

from sim.sources.diagnostics import CATALOG
from tests.conftest import DATA, ROOT

BASE = (ROOT / "sim" / "data" / "scenarios" / "dispute.yaml").read_text()
DOCS = (ROOT / "docs" / "diagnostics.md").read_text()
HINT = "    hint: Introduce yourself, then confirm it is Kevin Osei.\n"


def line_of(text, needle):
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def check(tmp_path, text, cli):
    path = tmp_path / "s.yaml"
    path.write_text(text)
    result = cli("validate", path)
    assert result.returncode == 1
    return result.stdout.replace(f"{path}:", "")


CASES = {
    "tab": (
        lambda t: t.replace("\ndebtor:\n  name", "\ndebtor:\n\tname", 1),
        "\tname",
        "SIM002 error: a tab character in the indentation: YAML indents with spaces only",
    ),
    "comparison": (
        lambda t: t.replace("interrupts:\n", "interrupts:\n  - when: {vars: {anger: >= 9}}\n", 1),
        "anger: >= 9",
        'SIM002 error: a comparison must be in quotes: write ">= 9"',
    ),
    "comparison in a block": (
        lambda t: t.replace(
            "interrupts:\n",
            "interrupts:\n  - when:\n      vars:\n        anger: >= 9\n    goto: hung_up\n",
            1,
        ),
        "anger: >= 9",
        'SIM002 error: a comparison must be in quotes: write ">= 9"',
    ),
    "dedented key": (
        lambda t: t.replace(HINT, HINT[2:], 1),
        HINT[2:].rstrip("\n"),
        "SIM002 error: 'hint' is indented 2 spaces, less than the line after it (4)",
    ),
    "misaligned key": (
        lambda t: t.replace(HINT, HINT[1:], 1),
        HINT[1:].rstrip("\n"),
        "SIM002 error: 'hint' is indented 3 spaces but the line above is at 4",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_yaml_mistakes_in_plain_words_at_their_line(tmp_path, name, cli):
    change, needle, message = CASES[name]
    text = change(BASE)
    assert text != BASE
    out = check(tmp_path, text, cli)
    assert out.startswith(f"{line_of(text, needle)}:"), out
    assert message in out, out
    assert "cannot start any token" not in out


def test_no_library_wording_for_an_empty_list_or_a_reversed_range(tmp_path, cli):
    text = BASE.replace('say: ["Kevin speaking.", "Hello, this is Kevin."]', "say: []", 1).replace(
        "variables:\n", "variables:\n  tally: {initial: 14, min: 10, max: 0}\n", 1
    )
    out = check(tmp_path, text, cli)
    assert "SIM013 error: states.opening.say: needs at least one item (it is empty)" in out
    assert "SIM011 error: variables.tally: min 10 is greater than max 0" in out


def test_a_misspelt_key_gets_a_suggestion(tmp_path, cli):
    out = check(tmp_path, BASE.replace("\n  opening:\n", "\n  opening:\n    sya: [hi]\n", 1), cli)
    assert "SIM010 error: unknown key 'sya' at states.opening.sya; did you mean 'say'?" in out


def test_a_misspelt_state_definition_is_suggested_where_it_is_used(tmp_path, cli):
    out = check(tmp_path, BASE.replace("\n  identifier:\n", "\n  identifeir:\n", 1), cli)
    assert "SIM020 error: 'identifier' is not a state; did you mean 'identifeir'?" in out


@pytest.mark.parametrize(
    "change, message",
    [
        (("goto: identifier", "goto: identifer"), "did you mean 'identifier'?"),
        (("add: {patience: -1}", "add: {patiense: -1}"), "did you mean 'patience'?"),
        (("outcome: hung_up", "outcome: hung_upp"), "did you mean 'hung_up'?"),
    ],
)
def test_every_unknown_name_gets_a_suggestion(tmp_path, change, message, cli):
    assert change[0] in BASE
    out = check(tmp_path, BASE.replace(*change, 1), cli)
    assert message in out, out


def test_no_diagnostic_speaks_the_library(tmp_path, cli):
    outputs = [cli("validate", f).stdout for f in sorted((DATA / "diagnostics").iterdir())]
    for out in outputs:
        for words in ("Input should", "after validation", "Value error", "pydantic", "[type="):
            assert words not in out, out


def test_every_code_is_documented_with_a_mistake_and_its_fix():
    pages = dict(re.findall(r"^## (SIM\d{3}) [^\n]*\n(.*?)(?=^## |\Z)", DOCS, re.M | re.S))
    assert set(pages) == set(CATALOG)
    for code, page in pages.items():
        assert "Mistake" in page and "Fix" in page, code


def test_every_unsafe_pattern_is_reported_at_its_own_line(cli):
    fixture = DATA / "diagnostics" / "SIM028-unsafe-pattern.yaml"
    out = cli("validate", fixture).stdout
    assert f"{fixture}:15:9: SIM028 error: pattern '(police|police officers)+ coming' has " in out
    assert f"{fixture}:16:9: SIM028 error: pattern '(sheriffs+)+ coming' nests" in out


def test_a_pattern_made_ambiguous_by_its_lexicon_is_refused_at_its_own_line(tmp_path, cli):
    text = (DATA / "diagnostics" / "SIM028-unsafe-pattern.yaml").read_text()
    text = text.replace("[police, sheriff, the authorities]", "[police, police officers]")
    text = text.replace('"(police|police officers)+ coming"', '"({@law_enforcement} )+coming"')
    text = text.replace('"(sheriffs+)+ coming"', '"(a?a)+ coming"')
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text(text)
    result = cli("validate", rubric)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        f"{rubric}:15:9: SIM028 error: pattern '({{@law_enforcement}} )+coming' with its "
        "lexicons written out has alternatives that can start alike, under a repeat"
    )
    assert lines[1].startswith(f"{rubric}:16:9: SIM028 error: pattern '(a?a)+ coming' has ")
