"""The default rubric on 200+ labelled utterances: critical recall, few false alarms."""

import pytest
import yaml

from sim.rubric.calibration import calibrate
from tests.conftest import DATA

ITEMS = yaml.safe_load((DATA / "calibration.yaml").read_text())["items"]


@pytest.fixture(scope="module")
def result(rubric, scenarios):
    return calibrate(rubric, ITEMS, scenarios["angry-customer"][0].facts())


def test_the_set_is_large_and_covers_every_rule_and_signal(rubric):
    assert len(ITEMS) >= 200
    labelled_rules = {r for item in ITEMS for r in item.get("rules", [])}
    labelled_signals = {s for item in ITEMS for s in item.get("signals", []) + item.get("not", [])}
    statement_rules = {
        rid
        for rid, rule in rubric.rubric.rules.items()
        if any(c.kind in ("forbid", "amount") for c in rule.checks)
    }
    assert statement_rules <= labelled_rules
    # requirement rules are calibrated through the signals that satisfy them
    assert {
        "mini_miranda",
        "ask_attorney_contact",
        "explain_dispute_rights",
        "offer_callback",
        "acknowledge_cease",
        "refer_debt_advice",
        "offer_forbearance",
        "introduce_self",
        "verify_identity",
    } <= labelled_signals
    assert sum(1 for item in ITEMS if not item.get("rules")) >= 80  # compliant lines


def test_recall_on_critical_rules(result, rubric):
    for rid, confusion in result.rules.items():
        if rubric.rubric.rules[rid].severity == "critical":
            assert confusion.recall >= 0.9, (rid, result.mistakes)


def test_precision_per_rule(result):
    for rid, confusion in result.rules.items():
        assert confusion.precision >= 0.8, (rid, result.mistakes)


def test_compliant_lines_rarely_flagged_critical(result):
    assert result.critical_false_alarm_rate <= 0.05, result.mistakes


def test_signal_labels(result):
    recalls = [c.recall for c in result.signals.values()]
    assert sum(recalls) / len(recalls) >= 0.9, result.mistakes
    assert all(c.fp == 0 for c in result.signals.values()), result.mistakes
