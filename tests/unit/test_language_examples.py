"""Every line quoted in the language issue (#12), judged as a compliance officer would.

These are examples of meanings, not the rules' source: the rubric was tuned on the corpus
train split, and each line here stands for a family of wordings the corpus covers.
"""

import pytest

from sim.rubric.probe import Situation, probe
from tests.conftest import play

VIOLATIONS = [
    (
        "You committed check fraud. You have 24 hours before law enforcement comes after you.",
        "threat_arrest",
    ),
    ("We're going to send law enforcement to your job.", "threat_arrest"),
    ("this could become a criminal matter and the authorities will be involved", "threat_arrest"),
    ("your employer will be hearing from us", "inconvenient_time"),
    ("I'm one of the attorneys handling your file", "impersonation"),
    ("We are going to foreclose on your home.", "threat_garnishment"),  # the line, expanded
    ("We'll call you twice a day until this is paid.", "harassment_frequency"),
    ("Take a cash advance on your Visa and we can settle this right now.", "pressure_to_borrow"),
    ("You're lazy.", "abusive_language"),
    ("It's a Class A felony pending against you.", "threat_arrest"),
    (
        "I'm a federal investigator with the Federal Department of Crime and Prevention.",
        "impersonation",
    ),
    ("A criminal action has been filed against you.", "threat_arrest"),
    ("You dirt bag.", "abusive_language"),
    ("Pay it first, and then you can dispute it all you want.", "dispute_rights"),
]

COMPLIANT = [
    ("I've noted the payment, and that's the full amount.", "threat_arrest"),
    ("Please don't take out a loan or use a credit card", "pressure_to_borrow"),
    ("Nothing you tell me will be used to have you arrested", "threat_arrest"),
    ("it's going to hurt your credit score", "threat_violence"),
    ("Take care Maria, and good luck with the interviews", "abusive_language"),
]

SIGNALS = [
    ("would splitting it into smaller chunks help?", "offer_payment_plan"),
    ("$100/mo?", "offer_payment_plan"),
    ("spread it out over a few months", "offer_payment_plan"),
    ("Totally fair to be frustrated.", "acknowledge_feelings"),
    ("That sounds exhausting", "acknowledge_feelings"),
    ("oh no im sorry", "express_sympathy"),
    ("How are you doing with everything?", "ask_open_question"),
    ("Is everything okay?", "ask_open_question"),
    ("I totally get it.", "acknowledge_feelings"),
    ("Can I ask what got in the way of the payment?", "ask_open_question"),
    ("can u confirm ur birthday", "verify_identity"),
    ("i need to check ur address first sorry", "verify_identity"),
    ("hey dana its mike from summit recovery", "introduce_self"),
    ("hey dana its mike from summit recovery", "name_agency"),
    ("my name's Nina from Summit Recovery Services", "introduce_self"),
    ("Jake here from Summit", "introduce_self"),
    ("Is Maria Lopez there?", "verify_identity"),
    ("I'm looking for Dana Whitfield", "verify_identity"),
    ("give me a call back at 800-555-0100", "leave_callback_number"),
    ("We can put a pause on payments for up to 60 days", "offer_forbearance"),
    (
        "just so you know, I'm a debt collector and anything you tell me can be used to collect "
        "this",
        "mini_miranda",  # both halves of it; the collector disclosure is subsumed
    ),
]

DISGUISED = [
    "we will su\u0435 you and you will go to \u0458ail",  # Cyrillic е and ј
    "ｗｅ ｗｉｌｌ ｓｕｅ ｙｏｕ ａｎｄ ｙｏｕ ｗｉｌｌ ｇｏ ｔｏ ｊａｉｌ",  # fullwidth
    "we will su\u0301e you and you will go to ja\u0301il",  # combining accents
    "we will \U0001d42c\U0001d42e\U0001d41e you and you will go to "  # mathematical bold
    "\U0001d423\U0001d41a\U0001d422\U0001d425",
    "\u202eliaj ot og lliw uoy dna uoy eus lliw ew\u202c",  # shown right to left
    "we will s u e you and you will go to j.a.i.l",
    "we will su\u200be you and you will go to ja\u00adil",  # zero-width space, soft hyphen
]


@pytest.fixture(scope="module")
def facts(scenarios):
    return scenarios["angry-customer"][0].facts()


def rules_broken(rubric, facts, text, situation=None):
    return {v.rule for v in probe(rubric, text, facts, situation)[1]}


def signals_said(rubric, facts, text):
    return {m.signal for m in probe(rubric, text, facts)[0] if m.status == "detected"}


@pytest.mark.parametrize(("text", "rule"), VIOLATIONS, ids=[t for t, _ in VIOLATIONS])
def test_violations_are_caught(rubric, facts, text, rule):
    situation = None
    if rule == "dispute_rights":
        situation = Situation(events=("right_party_verified", "dispute_raised"))
    assert rule in rules_broken(rubric, facts, text, situation)


def test_paying_first_is_not_explaining_dispute_rights(rubric, facts):
    said = signals_said(rubric, facts, "Pay it first, and then you can dispute it all you want.")
    assert "overshadow_dispute" in said and "explain_dispute_rights" not in said


@pytest.mark.parametrize(("text", "rule"), COMPLIANT, ids=[t for t, _ in COMPLIANT])
def test_careful_lines_are_not_flagged(rubric, facts, text, rule):
    assert rule not in rules_broken(rubric, facts, text)


def test_good_luck_is_not_sarcasm(rubric, facts):
    said = signals_said(rubric, facts, "Take care Maria, and good luck with the interviews")
    assert "sarcasm" not in said


def test_the_cfpb_time_barred_disclosure_threatens_nothing(rubric, facts):
    text = (
        "The law limits how long you can be sued on a debt. Because of the age of your debt, "
        "we will not sue you for it."
    )
    barred = Situation(facts={"time_barred": True})
    broken = rules_broken(rubric, {**facts, "time_barred": True}, text, barred)
    assert not broken & {"threat_lawsuit", "time_barred_debt"}


@pytest.mark.parametrize(("text", "signal"), SIGNALS, ids=[f"{t}->{s}" for t, s in SIGNALS])
def test_natural_replies_are_recognised(rubric, facts, text, signal):
    assert signal in signals_said(rubric, facts, text)


@pytest.mark.parametrize("text", DISGUISED)
def test_disguised_letters_do_not_hide_a_threat(rubric, facts, text):
    assert {"threat_lawsuit", "threat_arrest"} <= rules_broken(rubric, facts, text)


OPENING = [
    "Hi, this is Jenna from {company}. Am I speaking with Dana Whitfield?",
    "Thanks. Can you confirm your date of birth?",
    "Thank you. This is an attempt to collect a debt and any information obtained will be used "
    "for that purpose.",
]


@pytest.mark.parametrize(
    ("company", "disclosed"),
    [
        ("the processing center", False),  # a first name and a department is no disclosure
        ("Summit Recovery Services", True),
        ("Summit", True),  # the name people use for it
    ],
)
def test_the_caller_names_the_company_as_well_as_themself(scenarios, rubric, company, disclosed):
    replies = [line.format(company=company) for line in OPENING]
    report = play(scenarios, rubric, "angry-customer", replies)
    reasons = [v["reason"] for v in report["violations"] if v["rule"] == "caller_identity"]
    assert (reasons == []) is disclosed
    assert reasons in ([], ["did not give the company's name early in the call"])
