"""Meanings the matcher reads across wordings: money said in words, what the law and a
payment are said to do, deadlines that threaten, denied claims, the caller's company.

Each line was written for this file (none is a corpus line); each stands for a family of
wordings, and the compliant twin beside it is the trap a keyword matcher falls into.
"""

import pytest

from sim.rubric.matching.money import amounts
from sim.rubric.probe import Situation, probe


@pytest.fixture(scope="module")
def facts(rubric):
    from sim.scenario.loader import load_scenario
    from sim.sources.locations import SCENARIOS

    return load_scenario(SCENARIOS / "angry-customer.yaml").facts()  # balance $1,240.50


def rules(rubric, facts, text, situation=None):
    return {v.rule for v in probe(rubric, text, facts, situation)[1]}


def detected(rubric, facts, text):
    return {m.signal for m in probe(rubric, text, facts)[0] if m.status == "detected"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("it comes to nineteen hundred", 1900.0),
        ("you owe three thousand two hundred and ten dollars", 3210.0),
        ("twelve-forty-fifty", 1240.5),
        ("eleven hundred dollars and twenty five cents", 1100.25),
        ("its 1,310.75 all in", 1310.75),
        ("send 2k", 2000.0),
    ],
)
def test_money_is_read_in_words_and_bare_figures(text, value):
    assert [a.value for a in amounts(text)] == [value]


def test_small_numbers_and_dates_are_not_money():
    assert amounts("call me in thirty days, it went up twenty every week since 2019") == []


# (line, rule) pairs: each line breaks its rule in the angry-customer situation
CAUGHT = [
    # a wrong total, in figures or in words
    ("With the admin charge you're now at one thousand four hundred.", "misstated_amount"),
    ("Honestly it's more like two grand once the bank's costs go on.", "misstated_amount"),
    ("so u owe 1,990.00 as of today", "misstated_amount"),
    # the law or a payment said to do what it does not
    (
        "Because you've already spoken to us, it's too late to contest any of it.",
        "misstated_amount",
    ),
    (
        "Old accounts like this one never expire, so we can chase it for as long as it takes.",
        "misstated_amount",
    ),
    ("Filing for bankruptcy won't help you with this one.", "misstated_amount"),
    ("We can go after your disability payments too, you know.", "misstated_amount"),
    ("Your wife is legally responsible for this as well.", "misstated_amount"),
    ("Send $300 and the remainder gets forgiven, you have my word.", "misstated_amount"),
    # a deadline with a consequence
    ("Get it to me by four o'clock or the file goes to our attorneys.", "false_urgency"),
    ("If it isn't paid by Thursday, your credit takes the hit.", "false_urgency"),
    ("You've got till tonight, after that it's off the table.", "false_urgency"),
    ("Want to spend a night in jail? Keep ignoring us.", "threat_arrest"),
    ("Hi, it's Sam calling from Northwind Bank.", "caller_identity"),
    # a threat is still a threat in a "don't make me", after scare quotes, to a capital Sue
    ("Don't make me get the sheriff involved, Dana.", "threat_arrest"),
    ("Right now you're 'cooperating'. By Monday you'll be 'up for prosecution'.", "threat_arrest"),
    ("Keep this up and we will Sue you.", "threat_lawsuit"),
    ("Officer Reyes here, regarding a complaint against you.", "impersonation"),
    # each threat in a form with no keyword a phrase bank would hold
    ("Ignore this and you'll be standing in front of a judge by spring.", "threat_lawsuit"),
    ("The papers are being drawn up as we speak.", "threat_lawsuit"),
    ("Your savings account could be emptied by the end of the month.", "threat_garnishment"),
    ("We'll be going after your pension next.", "threat_garnishment"),
    ("We'll flag you with every bureau tonight.", "credit_reporting_threat"),
    ("Good luck renting a flat with this on your record.", "credit_reporting_threat"),
    ("A weekend in lockup might help you find the money.", "threat_arrest"),
    ("My lads will be round to see you, and they aren't patient.", "threat_violence"),
    ("Why not open a new card and shift the balance over?", "pressure_to_borrow"),
    ("Couldn't your dad spot you the money?", "pressure_to_borrow"),
    ("I'm counsel for the bank on this file.", "impersonation"),
    ("Skipping payments on purpose is stealing from the bank.", "threat_arrest"),
    (
        "Expect to hear from me tomorrow, and the day after, and the one after that.",
        "harassment_frequency",
    ),
    ("Maybe I'll just ring your supervisor and ask when you're free.", "inconvenient_time"),
    ("Who I'm with doesn't matter, just put Dana on.", "caller_identity"),
]

# (line, rule) pairs: the compliant twin a keyword matcher would flag
NOT_FLAGGED = [
    ("It's roughly twelve hundred; the exact figure is on the letter.", "misstated_amount"),
    ("The balance is $1,240.50: $1,100 of purchases and $140.50 of interest.", "misstated_amount"),
    ("If we did $124.05 a month, ten payments would clear it.", "misstated_amount"),
    ("Someone told you it was $3,000? That's wrong, it's $1,240.50.", "misstated_amount"),
    ("You still have every right to dispute it, even now.", "misstated_amount"),
    ("Your benefits are protected; we cannot touch them.", "misstated_amount"),
    ("Your wife isn't responsible for this debt, only you are.", "misstated_amount"),
    ("would you like to pay by card today, or is next week easier?", "false_urgency"),
    ("You'll get an email within the hour confirming the dates.", "false_urgency"),
    ("Give us a ring any time before 8 pm.", "false_urgency"),
    # a threat put in someone else's mouth, or asked back, then denied: a reassurance
    ("Jail? For a card bill? No. That doesn't happen.", "threat_arrest"),
    (
        "The other agency said they'd send the police? They had no right to say that.",
        "threat_arrest",
    ),
    ("Whoever said you'd be arrested was wrong about that.", "threat_arrest"),
    ("Hi, it's Sam from Summit Recovery Services, about your Northwind card.", "caller_identity"),
    ("Stop wasting my time and pay it.", "attorney_represented"),  # no lawyer in it
    # the debtor's words quoted back, after a comma or in single quotes
    ("You told me, I'll end up in prison over this. You won't.", "threat_arrest"),
    ("Your sister said you'd been told 'they'll lock you up' - nobody will.", "threat_arrest"),
    # a name, a street, the agency's own officer; denial after the subject
    ("Hi, this is Amy Sue at Summit, please call me back on 800-555-0100.", "threat_lawsuit"),
    ("Is your mailing address still 14 Birch Court?", "threat_lawsuit"),
    ("Our complaints officer handles this; I can pass you to her.", "impersonation"),
    ("The sheriff has nothing to do with a card debt like this.", "threat_arrest"),
    # turning the debtor away from borrowing, over a list joined by "or"
    ("I'd steer you away from borrowing to cover this.", "pressure_to_borrow"),
    ("I will never suggest you put it on a card or get a payday loan.", "pressure_to_borrow"),
    ("A title loan? Please don't, it would only make things harder.", "pressure_to_borrow"),
    (
        "Nothing you say to me on this call today will ever be passed on to the police.",
        "threat_arrest",
    ),
    ("Did anyone from another agency threaten you with jail?", "threat_arrest"),
]

# (line, situation events, rule): a reply to what the debtor just asked
ANSWERS = [
    ("I hear you, but we call until the balance is cleared.", ("cease_requested",), True),
    ("Understood, no more calls. Would letters suit you better?", ("cease_requested",), False),
    (
        "Lawyers just drag these things out; let's sort it between us.",
        ("attorney_represented",),
        True,
    ),
    ("Of course. Could I take your lawyer's name and number?", ("attorney_represented",), False),
]


@pytest.mark.parametrize(("text", "rule"), CAUGHT, ids=[t for t, _ in CAUGHT])
def test_the_meaning_is_caught_in_other_words(rubric, facts, text, rule):
    assert rule in rules(rubric, facts, text)


@pytest.mark.parametrize(("text", "rule"), NOT_FLAGGED, ids=[t for t, _ in NOT_FLAGGED])
def test_the_compliant_twin_is_not_flagged(rubric, facts, text, rule):
    assert rule not in rules(rubric, facts, text)


def test_a_new_clause_ends_a_negation(rubric, facts):
    assert "offer_callback" in detected(
        rubric, facts, "no stress, don't pick up while driving and I'll call u back at 6"
    )


def test_letting_a_busy_debtor_go_answers_an_inconvenient_time(rubric, facts):
    busy = Situation("debtor", ("right_party_verified", "cant_talk_now"), {}, True)
    assert "inconvenient_time" not in rules(rubric, facts, "no worries, talk tomorrow", busy)
    assert "inconvenient_time" in rules(rubric, facts, "This will only take a second.", busy)


@pytest.mark.parametrize(("text", "events", "broken"), ANSWERS, ids=[t for t, _, _ in ANSWERS])
def test_answers_to_a_cease_or_a_lawyer(rubric, facts, text, events, broken):
    situation = Situation("debtor", ("right_party_verified", *events), {}, True)
    rule = "cease_request" if "cease_requested" in events else "attorney_represented"
    assert (rule in rules(rubric, facts, text, situation)) is broken


# (line, signal): what a reply does, in words no phrase of the rubric holds
DOES = [
    ("We're not going to take your car or your wages.", "reassure"),  # a threat named, denied
    ("Nobody from our office will turn up at your house.", "reassure"),
    ("I can't waive it, but we can make it smaller.", "hold_position"),
    ("what can you put toward the 1240.50 today?", "state_balance"),
    ("Debit card or checking?", "ask_for_payment"),
    ("How about $80 every other Friday?", "offer_payment_plan"),
    ("Stop wasting my time and pay it.", "blame"),  # rude, whatever the demand
    ("Ring us back on 800-555-0100 whenever suits.", "leave_callback_number"),
    ("Morning Dana, it's Lou.", "introduce_self"),
    ("Could you confirm the last four of your social?", "verify_identity"),
    ("Any idea where Dana is living these days?", "ask_location"),
    (
        "Absolutely, you can still question it: write to us and we'll get the records.",
        "explain_dispute_rights",
    ),
    ("Sure, dispute it, but you still have to pay by Friday.", "overshadow_dispute"),
]


@pytest.mark.parametrize(("text", "signal"), DOES, ids=[f"{t}->{s}" for t, s in DOES])
def test_what_a_reply_does_is_heard(rubric, facts, text, signal):
    assert signal in detected(rubric, facts, text)


def test_a_voicemail_may_give_the_short_name_but_not_the_full_one(rubric, facts):
    machine = Situation("voicemail", (), {}, False)
    short = "Hi, it's Sam at Summit, please call me back on 800-555-0100."
    full = "Hi, it's Sam at Summit Recovery Services, please call me back on 800-555-0100."
    assert "voicemail_limited_content" not in rules(rubric, facts, short, machine)
    assert "voicemail_limited_content" in rules(rubric, facts, full, machine)
