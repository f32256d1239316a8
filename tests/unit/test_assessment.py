"""Scoring: context-aware points, self-control beyond keywords, evidence, questions."""

import pytest

from sim.rubric.assess import assess

FACTS = {
    "agency": "Summit Recovery Services",
    "creditor": "Northwind Bank",
    "debtor_name": "Dana Whitfield",
    "balance": 1240.5,
    "judgment_exists": False,
    "suit_authorized": False,
    "reports_to_bureaus": False,
    "fees_authorized": False,
    "first_contact": True,
}


def turn(n, agent, debtor="Okay.", events=("right_party_verified",), party="debtor", hostile=False):
    return {
        "n": n,
        "agent": agent,
        "debtor": debtor,
        "events": list(events),
        "party": party,
        "hostile": hostile,
    }


@pytest.fixture
def judge(rubric):
    def run(*turns, facts=FACTS):
        return assess(rubric.rubric, list(turns), facts, rubric.matcher(facts))

    return run


def points(result, competency, source):
    return [p for p in result.evidence[competency] if p.source == source]


def test_every_score_is_the_clamped_sum_of_its_evidence(judge):
    result = judge(
        turn(1, "I understand how frustrating this is."),
        turn(2, "YOU ARE A DEADBEAT!!! Pay up!!!", hostile=True),
    )
    for competency, evidence in result.evidence.items():
        total = sum(p.points for p in evidence)
        assert result.scores[competency] == max(0, min(100, total))
        for p in evidence:
            if p.source == "base":
                continue
            assert p.turn is not None
            # a missing statement has no span; its label says what was missing
            assert p.evidence or (p.source.startswith("rule:") and p.span is None)


def test_calm_under_hostility_earns_self_control(judge):
    calm = judge(turn(1, "I hear you. Let's find a way through this.", hostile=True))
    flat = judge(turn(1, "I hear you. Let's find a way through this."))
    assert calm.scores["self_control"] > flat.scores["self_control"]
    assert points(calm, "self_control", "marker:calm_under_hostility")


@pytest.mark.parametrize(
    "reply,marker",
    [
        ("WHY ARE YOU NOT PAYING THIS?", "marker:shouting"),
        ("Pay it today!!!", "marker:exclaiming"),
        ("Yeah right, sure you will.", "signal:sarcasm"),
        ("This is your own fault.", "signal:blame"),
    ],
)
def test_loss_of_composure_costs_self_control(judge, reply, marker):
    result = judge(turn(1, reply))
    assert result.scores["self_control"] < 90
    assert points(result, "self_control", marker)


def test_retaliation_and_echoed_insults(judge):
    result = judge(
        turn(
            1,
            "You're the idiot here, not me.",
            debtor="You idiot.",
            events=("right_party_verified", "debtor_insult"),
            hostile=True,
        )
    )
    assert points(result, "self_control", "marker:retaliation")
    echo = points(result, "self_control", "marker:echoed_insult")
    assert echo and echo[0].evidence == "idiot"


def test_pressing_after_a_lawyer_costs_compliance(judge):
    result = judge(
        turn(
            1,
            "Can you make a payment today?",
            events=("right_party_verified", "attorney_represented"),
        )
    )
    rules = {v.rule: v for v in result.violations}
    assert rules["attorney_represented"].severity == "critical"
    assert rules["attorney_represented"].evidence == "Can you make a payment today"
    assert result.scores["compliance"] < 60 and not result.passed


def test_a_plan_after_a_hardship_earns_empathy_and_firmness(judge):
    base = turn(1, "This is an attempt to collect a debt. We can set up a payment plan.")
    after = turn(
        1,
        "This is an attempt to collect a debt. We can set up a payment plan.",
        events=("right_party_verified", "vulnerability_disclosed"),
    )
    assert judge(after).scores["empathy"] > judge(base).scores["empathy"]
    assert judge(after).scores["firmness"] > judge(base).scores["firmness"]


def test_hedged_statement_of_fact_is_major_at_most(judge):
    result = judge(
        turn(
            1,
            "If a court ever issued a judgment, garnishment could become "
            "possible, but there is none.",
        )
    )
    # careful practice (COMPLIANCE.md): the premise is denied, so nothing is threatened
    assert not [v for v in result.violations if v.rule == "threat_garnishment"]
    hedged = judge(turn(1, "If a court issued a judgment, we could garnish your wages."))
    garnishment = [v for v in hedged.violations if v.rule == "threat_garnishment"]
    assert garnishment and garnishment[0].severity == "major"


def test_mini_miranda_after_balance_in_the_same_turn_is_late(judge):
    late = judge(turn(1, "Your balance is $1,240.50. This is an attempt to collect a debt."))
    ok = judge(turn(1, "This is an attempt to collect a debt. Your balance is $1,240.50."))
    assert "mini_miranda" in {v.rule for v in late.violations}
    assert "mini_miranda" not in {v.rule for v in ok.violations}


def test_questions_aim_at_gaps(judge):
    rude = judge(
        turn(
            1,
            "This is an attempt to collect a debt. Your balance is $1,240.50. "
            "When can you pay? We can set up a payment plan. So to confirm, "
            "Friday. I will send a letter.",
            hostile=True,
        ),
        turn(2, "Yeah right!!! SURE YOU WILL.", hostile=True),
    )
    assert any("insulted you" in q for q in rude.questions)
    soft = judge(
        turn(
            1,
            "I understand, that must be so hard. I'm so sorry. "
            "Can you tell me more? Let's work something out together.",
        )
    )
    assert any("no agreement was possible" in q for q in soft.questions)
    assert soft.gaps and any("more firmly" in g for g in soft.gaps)


def test_critical_violation_caps_role_fit(judge, rubric):
    result = judge(turn(1, "You'll go to jail for this."))
    cap = rubric.rubric.critical_role_fit_cap
    assert all(fit <= cap for fit in result.role_fit.values())
    assert result.verdict.startswith("not passed: critical violation in turn 1 (threat_arrest)")
