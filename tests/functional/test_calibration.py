"""The matcher measured on the corpus test split, which nothing was tuned on.

The marks of issue #12 (MARKS) are what the matcher must reach; FLOOR is what it reached
when this file last changed, so that no change makes it worse unnoticed. Raise the floor
as the figures improve; when they reach the marks, the strict xfail below starts failing
and must be turned into a plain test.
"""

from collections import Counter

import pytest
import yaml

from sim.rubric.calibration import MARKS, load_corpus, load_shared, measure, split_of
from sim.scenario.loader import load_scenario
from sim.sources.locations import SCENARIOS
from tests.conftest import ROOT

CORPUS = load_corpus(ROOT / "tests" / "corpus")
TEST = [line for line in CORPUS if line.split == "test"]
FLOOR = {"caught": 0.80, "flagged": 0.055, "recall": 0.865, "false_signals": 0.145}


@pytest.fixture(scope="module")
def figures(rubric, scenarios):
    return measure(rubric, TEST, scenarios["angry-customer"][0].facts())


def test_the_corpus_is_large_and_covers_every_rule_and_signal(rubric):
    assert len(CORPUS) >= 3000
    kinds = Counter(line.kind for line in CORPUS)
    assert min(kinds.values()) >= 800, kinds
    broken = {r for line in CORPUS for r in line.rules}
    assert broken == set(rubric.rubric.rules)
    said = {s for line in CORPUS for s in line.signals}
    # added after the corpus was written; measured through the rule checks it sets aside
    later = {
        "disclose_time_bar",
        "pose_as_creditor",
        "reveal_agency",
        "name_agency_alias",
        "waive_balance",
        "vague_company",
    }
    assert said == set(rubric.rubric.signals) - later


def test_the_split_is_fixed_by_the_text_alone():
    assert split_of("We will sue you.") == split_of("  we will  SUE you. ")
    share = len(TEST) / len(CORPUS)
    assert 0.28 < share < 0.36, share
    assert all(line.split == "train" for line in CORPUS if line.id.startswith("tuned-"))


def test_test_split_figures_hold_the_floor(figures):
    assert figures.caught_rate >= FLOOR["caught"], figures.caught_rate
    assert figures.flagged_rate <= FLOOR["flagged"], figures.flagged_rate
    assert figures.positive_recall >= FLOOR["recall"], figures.positive_recall
    assert figures.false_signal_rate <= FLOOR["false_signals"], figures.false_signal_rate


@pytest.mark.xfail(strict=True, reason="the marks of issue #12 are not reached yet")
def test_test_split_figures_reach_the_marks(figures):
    assert MARKS and not figures.misses_marks(), figures.misses_marks()


def test_an_amount_is_judged_only_against_a_balance_the_set_states(tmp_path, rubric):
    """The shared format names a balance in its context when a line depends on it; a line
    whose context names none states a figure nobody can call wrong."""
    said = "Your balance comes to $300 even, and I can split it over three months."
    items = [
        {"id": "c-1", "text": said, "context": "Said to the verified debtor."},
        {"id": "c-2", "text": said, "context": "Said to the debtor; the balance is $1,240.50."},
    ]
    (tmp_path / "compliant.yaml").write_text(yaml.safe_dump(items))
    for name in ("violations.yaml", "signals.yaml"):
        (tmp_path / name).write_text("[]\n")
    lines = load_shared(tmp_path)
    facts = load_scenario(SCENARIOS / "angry-customer.yaml").facts()
    figures = measure(rubric, lines[:1], facts)
    assert figures.flagged == 0
    figures = measure(rubric, lines[1:], facts)
    assert figures.flagged == 1 and "misstated_amount" in figures.rules
