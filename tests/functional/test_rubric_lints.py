"""A rubric linted on its own: questions whose condition cannot be read or met, and signals
that say the same as another."""

from tests.conftest import DATA

QUESTION = DATA / "diagnostics" / "SIM053-unaskable-question.yaml"


def test_a_question_condition_that_is_not_a_comparison_is_refused_in_plain_words(tmp_path, cli):
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text(QUESTION.read_text().replace('"> 100"', '"lots"'))
    result = cli("validate", rubric)
    assert result.returncode == 1
    assert result.stdout.startswith(
        f"{rubric}:43:11: SIM011 error: questions.0.when: 'lots' is not a comparison; "
    )


def test_a_question_within_the_score_range_is_fine(tmp_path, cli):
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text(QUESTION.read_text().replace('"> 100"', '"< 70"'))
    result = cli("validate", rubric)
    assert "SIM053" not in result.stdout


def test_signals_that_differ_only_in_case_and_spacing_are_duplicates(cli):
    fixture = DATA / "diagnostics" / "SIM052-duplicate-signal.yaml"
    out = cli("validate", fixture).stdout
    assert (
        "signal 'name_empathy' has the same phrases and patterns as 'acknowledge_feelings'" in out
    )
