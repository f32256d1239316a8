"""Scoring: context-aware points, self-control beyond keywords, evidence, questions."""

import pytest

from sim.records.events import Turn
from sim.rubric.assess import assess
from sim.rubric.loader import MATCHERS_KEPT, load_rubric

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
    """A turn as the transcript records it: the assessment reads the record itself."""
    return Turn(
        n=n,
        state="",
        debtor=debtor,
        agent=agent,
        to="",
        party=party,
        events=list(events),
        hostile=hostile,
    )


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


def test_mini_miranda_before_or_with_the_balance_counts(judge):
    # "...about a balance of $412.37. This is an attempt to collect a debt..." in one reply
    same = judge(
        turn(1, "I'm calling about a balance of $1,240.50. This is an attempt to collect a debt.")
    )
    first = judge(turn(1, "This is an attempt to collect a debt. Your balance is $1,240.50."))
    late = judge(
        turn(1, "Your balance is $1,240.50."),
        turn(2, "This is an attempt to collect a debt."),
    )
    assert "mini_miranda" not in {v.rule for v in same.violations}
    assert "mini_miranda" not in {v.rule for v in first.violations}
    assert [v.turn for v in late.violations if v.rule == "mini_miranda"] == [1]


def test_a_mini_miranda_once_given_is_not_flagged_later(judge):
    result = judge(
        turn(1, "Hi, this is Alex from Summit Recovery Services.", events=()),
        turn(2, "This is an attempt to collect a debt.", events=()),
        turn(3, "Thank you for confirming."),
        turn(4, "Your balance is $1,240.50. Can you pay it today?"),
    )
    assert "mini_miranda" not in {v.rule for v in result.violations}


def test_a_call_that_never_gives_the_mini_miranda_is_not_clean(judge):
    result = judge(
        turn(1, "Thanks for confirming, Dana."),
        turn(2, "I'm calling about your Northwind Bank card."),
        turn(3, "Could we set something up?"),
    )
    missed = [v for v in result.violations if v.rule == "mini_miranda"]
    assert len(missed) == 1 and "never said" in missed[0].reason
    assert result.scores["compliance"] < 100
    assert not any("inside the law" in s for s in result.strengths)


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


MM = (
    "This is an attempt to collect a debt and any information obtained will be used for "
    "that purpose."
)


def test_a_secured_commitment_outscores_a_repeated_demand(judge):
    closer = judge(
        turn(1, MM),
        turn(2, "Could we set up a payment plan that fits your budget?"),
        turn(3, "So to confirm, $100 on the 15th of each month?"),
        turn(4, "I'll send you a confirmation in writing today."),
    )
    rude = judge(
        turn(1, MM),
        turn(2, "Stop wasting my time and pay it."),
        turn(3, "Stop wasting my time and pay it."),
    )
    commitment = points(closer, "firmness", "marker:concrete_commitment")
    assert commitment and commitment[0].turn == 3
    assert len(points(rude, "firmness", "signal:ask_for_payment")) == 1  # earns once
    assert closer.scores["firmness"] > rude.scores["firmness"]
    assert closer.scores["firmness"] >= 75 and not any("firmly" in g for g in closer.gaps)


def test_a_scenario_names_its_firm_result(judge):
    dispute = {**FACTS, "firm_goal": "the dispute logged and the process explained"}
    result = judge(
        turn(1, MM),
        turn(2, "I understand.", events=("right_party_verified", "dispute_raised")),
        facts=dispute,
    )
    assert any("the dispute logged and the process explained" in g for g in result.gaps)
    assert not any("payment" in g for g in result.gaps if "firmly" in g)
    logged = judge(
        turn(1, MM),
        turn(
            2,
            "You have the right to dispute this debt. I'll log your dispute today.",
            events=("right_party_verified", "dispute_raised"),
        ),
        facts=dispute,
    )
    assert logged.scores["firmness"] > result.scores["firmness"]


@pytest.mark.parametrize(
    "reply",
    ["You're going to pay it TODAY.", "PAY IT or we'll sue you."],
)
def test_a_shouted_word_anywhere_costs_self_control(judge, reply):
    result = judge(turn(1, reply, hostile=True))
    assert points(result, "self_control", "marker:shouting")
    assert not points(result, "self_control", "marker:calm_under_hostility")


def test_an_acronym_the_account_uses_is_not_shouting(judge):
    facts = {**FACTS, "notes": ["Use the neutral business name 'SRS'."]}
    result = judge(turn(1, "I'm calling from SRS.", party="voicemail", events=()), facts=facts)
    assert not points(result, "self_control", "marker:shouting")


def test_a_negated_echo_is_not_retaliation(judge):
    result = judge(
        turn(
            1,
            "You're not a deadbeat at all, and I'm not here to judge you.",
            debtor="You people treat me like a deadbeat.",
            events=("right_party_verified", "debtor_insult"),
            hostile=True,
        )
    )
    assert not points(result, "self_control", "marker:echoed_insult")
    assert not points(result, "self_control", "marker:retaliation")
    assert points(result, "self_control", "marker:calm_under_hostility")


def test_an_apology_with_exclamation_marks_is_not_aggression(judge):
    result = judge(
        turn(1, "sorry!! im cat from summit recovery services", events=("debtor_insult",))
    )
    assert result.scores["self_control"] >= 90
    assert not [p for p in result.evidence["self_control"] if p.points < 0]


def test_strengths_follow_from_the_evidence(judge):
    result = judge(
        turn(1, "Your balance is $1,240.50. " + MM),
        turn(2, "I understand how frustrating this is. I'm so sorry."),
        turn(3, "Could you pay something today?"),
        turn(4, "I can't promise that. Pay it today or we'll take you to court."),
    )
    assert result.violations
    assert not any("inside the law" in s for s in result.strengths)
    assert not any("hostile" in s for s in result.strengths)
    for sentence in result.strengths + result.gaps:
        assert "turn" in sentence  # each sentence points at its turns
    calm = judge(turn(1, MM), turn(2, "I hear you, let's sort this out.", hostile=True))
    assert any("turn 2: stayed calm while the debtor was hostile" in s for s in calm.strengths)


def test_no_strength_in_results_when_the_call_missed_every_firm_outcome(rubric):
    facts = {**FACTS, "firm_outcomes": ["payment_plan"]}
    turns = [
        turn(1, MM + " Your balance is $1,240.50."),
        turn(2, "The balance is still due. When can you pay?"),
        turn(3, "We can set up a payment plan. So to confirm, $100 on the 15th?"),
        turn(4, "I will send a confirmation in writing."),
    ]
    matcher = rubric.matcher(facts)
    hung_up = assess(rubric.rubric, turns, facts, matcher, outcome="hung_up")
    agreed = assess(rubric.rubric, turns, facts, matcher, outcome="payment_plan")
    assert hung_up.scores["firmness"] >= 75
    assert not any("moving towards" in s for s in hung_up.strengths)
    assert any("moving towards" in s for s in agreed.strengths)


def test_a_repeated_reply_earns_once_but_a_repeated_insult_costs_twice(judge):
    result = judge(
        turn(1, MM),
        turn(2, "The balance is still due."),
        turn(3, "The balance is still due."),
        turn(4, "You idiot."),
        turn(5, "You idiot."),
    )
    assert len(points(result, "firmness", "signal:hold_position")) == 1
    assert len(points(result, "self_control", "signal:insult")) == 2


def test_a_turn_in_the_older_dict_form_is_assessed_as_its_record(rubric):
    turns = [
        turn(1, MM + " Your balance is $1,240.50."),
        turn(2, "YOU ARE A DEADBEAT!!! Pay up!!!", debtor="You idiot.", hostile=True),
    ]
    matcher = rubric.matcher(FACTS)
    typed = assess(rubric.rubric, turns, FACTS, matcher)
    as_dicts = assess(rubric.rubric, [t.as_dict() for t in turns], FACTS, matcher)
    assert as_dicts == typed
    assert typed.violations and typed.scores["self_control"] < 60


def test_a_rubric_keeps_the_matchers_it_used_last():
    loaded = load_rubric("default")  # its own: the session's rubric is shared
    facts = [{**FACTS, "debtor_name": f"Dana Whitfield{i}"} for i in range(MATCHERS_KEPT + 1)]
    first = loaded.matcher(facts[0])
    assert loaded.matcher(dict(facts[0])) is first  # the same facts: the same matcher
    second = loaded.matcher(facts[1])
    for f in facts[2:MATCHERS_KEPT]:
        loaded.matcher(f)
    loaded.matcher(facts[0])  # used again: now the most recent
    loaded.matcher(facts[MATCHERS_KEPT])  # one more than are kept: the oldest goes
    assert loaded.matcher(facts[0]) is first
    assert loaded.matcher(facts[1]) is not second


def test_matches_given_need_no_matcher_and_give_the_same_assessment(rubric):
    turns = [
        turn(1, "Hi Dana, this is an attempt to collect a debt from Summit Recovery Services."),
        turn(2, "I understand this is stressful. Could we set up a payment plan today?"),
    ]
    matched = assess(rubric.rubric, turns, FACTS, rubric.matcher(FACTS))
    given = assess(rubric.rubric, turns, FACTS, None, matches=matched.matches)
    assert given == matched
    with pytest.raises(TypeError):
        assess(rubric.rubric, turns, FACTS, None)
