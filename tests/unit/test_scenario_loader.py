"""Every mistake a trainer can make in YAML is one located diagnostic, never a traceback."""

import pytest

from sim.errors import SourceError
from sim.scenario.loader import load_scenario
from tests.conftest import ROOT

BASE = (ROOT / "sim" / "data" / "scenarios" / "angry-customer.yaml").read_text()


def load_text(tmp_path, text):
    path = tmp_path / "s.yaml"
    path.write_text(text) if isinstance(text, str) else path.write_bytes(text)
    return load_scenario(path)


def error_of(tmp_path, text):
    with pytest.raises(SourceError) as info:
        load_text(tmp_path, text)
    return info.value.diagnostics[0]


def line_of(text, needle):
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_shipped_scenarios_load(scenarios):
    assert {"angry-customer", "hardship", "dispute", "unreachable"} <= set(scenarios)
    for scenario, _ in scenarios.values():
        assert len(scenario.states) >= 10
        assert len(scenario.outcomes) >= 3
        # every line varies: SIM046, which test_shipped_content_is_clean holds them to


def test_yaml_syntax_error(tmp_path):
    d = error_of(tmp_path, "id: x\ntitle: [unclosed\n")
    assert d.code == "SIM002" and d.line == 3


def test_unknown_key_points_at_the_key(tmp_path):
    text = BASE.replace("  opening:\n    say:", "  opening:\n    sayy: [x]\n    say:", 1)
    d = error_of(tmp_path, text)
    assert d.code == "SIM010" and "sayy" in d.message
    assert d.line == line_of(text, "sayy")


def test_wrong_type(tmp_path):
    text = BASE.replace("balance: 1240.50", "balance: lots")
    d = error_of(tmp_path, text)
    assert d.code == "SIM011" and d.line == line_of(text, "balance: lots")


def test_missing_key(tmp_path):
    text = BASE.replace("title: Angry customer, fifth call this week\n", "")
    d = error_of(tmp_path, text)
    assert d.code == "SIM012" and "title" in d.message


def test_transition_to_undefined_state(tmp_path):
    text = BASE.replace("goto: name_confirmed", "goto: nowhere", 1)
    d = error_of(tmp_path, text)
    assert d.code == "SIM020" and "nowhere" in d.message
    assert d.line == line_of(text, "goto: nowhere")


def test_undefined_variable(tmp_path):
    text = BASE.replace("add: {anger: -1}", "add: {angr: -1}", 1)
    d = error_of(tmp_path, text)
    assert d.code == "SIM022" and "angr" in d.message


def test_bad_comparison(tmp_path):
    text = BASE.replace('anger: ">= 10"', 'anger: "about ten"')
    d = error_of(tmp_path, text)
    assert d.code == "SIM011" and "comparison" in d.message


def test_terminal_state_without_outcome(tmp_path):
    text = BASE.replace("    terminal: true\n    outcome: hung_up\n", "    terminal: true\n")
    d = error_of(tmp_path, text)
    assert d.code == "SIM023"


def test_duplicate_key(tmp_path):
    text = BASE.replace("difficulty: medium", "difficulty: medium\ndifficulty: hard")
    d = error_of(tmp_path, text)
    assert d.code == "SIM004" and d.line == line_of(text, "difficulty: hard")


def test_alias_bomb_is_refused_quickly(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 9):
        bomb += f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 10) + "]\n"
    d = error_of(tmp_path, bomb)
    assert d.code == "SIM003"


def test_invalid_utf8(tmp_path):
    d = error_of(tmp_path, b"id: x\ntitle: \xff\xfe\n")
    assert d.code == "SIM002" and d.line == 2


def test_empty_file(tmp_path):
    d = error_of(tmp_path, "")
    assert d.code == "SIM011"


def test_diagnostic_format(tmp_path):
    text = BASE.replace("goto: name_confirmed", "goto: nowhere", 1)
    d = error_of(tmp_path, text)
    assert str(d).startswith(f"{tmp_path / 's.yaml'}:{d.line}:{d.col}: SIM020 error: ")
