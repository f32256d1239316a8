"""The silence end state counts for reachability and is drawn; Mermaid's own words can be
state ids."""

import re

from tests.conftest import ROOT

GUIDE = (ROOT / "docs" / "authoring.md").read_text()
EXAMPLE = GUIDE.split("# example: complete scenario\n", 1)[1].split("```", 1)[0]

SILENT = EXAMPLE.replace(
    "outcomes:\n",
    "silence: {end_after: 45, end_state: gone_quiet}\n\noutcomes:\n  no_answer: Lee went quiet.\n",
) + (
    "\n  gone_quiet:\n    terminal: true\n    outcome: no_answer\n"
    '    say: ["...", "Hello? *click*"]\n'
)


def test_the_silence_end_state_is_reachable(tmp_path, cli):
    path = tmp_path / "silent.yaml"
    path.write_text(SILENT)
    result = cli("validate", path)
    assert result.returncode == 0, result.stdout
    assert "SIM040" not in result.stdout and "SIM042" not in result.stdout


def test_the_silence_end_state_is_drawn(tmp_path, cli):
    path = tmp_path / "silent.yaml"
    path.write_text(SILENT)
    mermaid = cli("graph", path).stdout
    assert "    any_state --> gone_quiet : silence 45s" in mermaid
    dot = cli("graph", path, "--format", "dot").stdout
    assert '"__any" -> "gone_quiet" [label="silence 45s", style=dotted];' in dot


def test_mermaid_reserved_words_as_state_ids(tmp_path, cli):
    text = EXAMPLE
    for old, new in [("defensive", "note"), ("new_date", "state"), ("embarrassed", "class")]:
        text = re.sub(rf"\b{old}\b", new, text)
    path = tmp_path / "reserved.yaml"
    path.write_text(text)
    assert cli("validate", path).returncode == 0
    out = cli("graph", path).stdout
    for sid in ("note", "state", "class"):
        assert f'    state "{sid}" as state_{sid}' in out
        assert not re.search(rf"^    {sid} (-->|:)", out, re.M)
        assert not re.search(rf"--> {sid}( |$)", out, re.M)
    assert "state_class --> state_note" in out
