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
        ("the figure is 1,180 dollars 25 cents", 1180.25),
        ("send 2k", 2000.0),
        ("ur balance is 2400 now", 2400.0),  # a bare figure after what states the debt
    ],
)
def test_money_is_read_in_words_and_bare_figures(text, value):
    assert [a.value for a in amounts(text)] == [value]


def test_small_numbers_and_dates_are_not_money():
    assert amounts("call me in thirty days, it went up twenty every week since 2019") == []
    assert amounts("you owe 30 days of notes, the balance is 120 days old") == []


def test_digits_read_out_one_by_one_are_the_figure_they_spell():
    assert [a.value for a in amounts("that's one two four zero point five zero")] == [1240.5]
    assert amounts("call me on eight hundred five five five one two one two") == []


def test_the_true_balance_read_digit_by_digit_is_not_misstated(rubric, facts):
    said = "the amount owed is one two four zero point five zero dollars, sir"
    assert "misstated_amount" not in rules(rubric, facts, said)


# (line, rule) pairs: each line breaks its rule in the angry-customer situation
CAUGHT = [
    # the balance given away on the caller's own say-so: an amount misstated (nothing)
    ("Look, I'll just wipe the balance, call it a fresh start.", "misstated_amount"),
    ("Between us, you no longer owe anything at all.", "misstated_amount"),
    # a deadline invented as an offer ending
    ("That discount comes off the table at six tonight.", "false_urgency"),
    ("Legal wants the whole thing cleared before Friday, I'm afraid.", "false_urgency"),
    ("Once the call's over it gets flagged for court, so let's fix it now.", "false_urgency"),
    ("The client's given us just 72 hours on this one.", "false_urgency"),
    ("Leave it a month and the total doubles if you don't act.", "misstated_amount"),
    # a first name and a department is no disclosure of who is calling
    ("Hiya, Tom here from the finance team, got a sec?", "caller_identity"),
    ("Settle now or the figure jumps back to the original amount.", "false_urgency"),
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
    # the whole debt due at a near, invented time; paying told to meet a clock
    ("Look, the full amount is due tomorrow morning.", "false_urgency"),
    ("i need the money by 4pm, no excuses", "false_urgency"),
    ("You'll want to have it paid before noon.", "false_urgency"),
    ("Hurry, this discount expires at close of business.", "false_urgency"),
    ("Tick tock, the clock is running on this offer.", "false_urgency"),
    ("Miss this and you lose the reduced rate if it isn't signed by tonight.", "false_urgency"),
    # force promised without the word "hurt"
    ("Somebody needs to teach you some manners, and we have guys for that.", "threat_violence"),
    ("Folks who never pay tend to have accidents, you know.", "threat_violence"),
    # who is calling held back
    ("I'll say who I am once you tell me who you are.", "caller_identity"),
    ("What firm I'm with doesn't matter, is Kevin there?", "caller_identity"),
    # a part payment said to end the whole debt
    ("Send us 250 now and we'll wipe the account clean.", "misstated_amount"),
    ("Put a hundred bucks down and that closes the file for good.", "misstated_amount"),
    # a total read off the file, grown, or the whole of it, when it is not the balance
    ("Right, I'm showing $1,615 on my screen with what's accrued.", "misstated_amount"),
    ("Settle for $500 now or it goes back up to the full $2,300.", "misstated_amount"),
    ("What I need is the full amount, which is seventeen hundred.", "misstated_amount"),
    # growth where nothing is added, and what a payment does to a credit file
    ("Every month you wait, the fees keep stacking up.", "misstated_amount"),
    ("Make one payment and it comes right off your record.", "misstated_amount"),
    ("Pay today and we'll list the account as always on time.", "misstated_amount"),
    ("One payment and the charges stop for good, never again.", "misstated_amount"),
    # a near clock tied to what it averts, to a condition, or to someone else's timetable
    ("Best to clear it today to avoid a court date.", "false_urgency"),
    ("I can hold the lower figure, but only if you pay right now.", "false_urgency"),
    ("I'll need the money before close of business or it's escalated.", "false_urgency"),
    (
        "The solicitors review the file next Monday, so you've got the weekend, that's it.",
        "false_urgency",
    ),
    ("Proceedings will begin in five business days without another notice.", "false_urgency"),
    ("Don't waste your breath disputing it, just pay.", "dispute_rights"),
    ("don't bother with a dispute, it always comes back valid", "dispute_rights"),
    # harm left to the imagination, or sent round; money taken at source, a thing as security
    ("Ignore us again and see what happens to that van of yours.", "threat_violence"),
    ("Hang up once more and we will track you down.", "threat_violence"),
    ("Dodge me again and some guys will sort this out with you face to face.", "threat_violence"),
    ("We'll just take it straight from your wages, simpler for everyone.", "threat_garnishment"),
    ("Far as we're concerned, your truck is collateral now.", "threat_garnishment"),
    # a question asked with a negative, typed as texted, still suggests it
    ("cant u borrow it from ur mom", "pressure_to_borrow"),
    ("Isn't there someone who could lend you the money?", "pressure_to_borrow"),
    # who is calling withheld as none of the debtor's business ("isn't your" still denies)
    ("Which agency I work for isn't your concern right now.", "caller_identity"),
    ("You don't need to know where I'm ringing from, just pay it.", "caller_identity"),
    ("I'm not obligated to tell you my company, ma'am.", "caller_identity"),
    # what the debtor did, named a crime; the debtor's doing held up to them
    ("Skipping out on a loan you signed for is basically stealing.", "threat_arrest"),
    ("Dodging us like this counts as fraud where I'm from.", "threat_arrest"),
    # a name called, whatever the word
    ("You absolute clown, do you think this goes away?", "abusive_language"),
    ("I called you a liar because that's what you are.", "abusive_language"),
    ("Honestly you're the laziest customer on my list.", "abusive_language"),
]

# (line, rule) pairs: the compliant twin a keyword matcher would flag
NOT_FLAGGED = [
    ("I can waive the late fee this once, the balance stays $1,240.50.", "misstated_amount"),
    ("Don't worry about paying this month; we'll pause it and talk in June.", "misstated_amount"),
    ("It's roughly twelve hundred; the exact figure is on the letter.", "misstated_amount"),
    ("The balance is $1,240.50: $1,100 of purchases and $140.50 of interest.", "misstated_amount"),
    ("If we did $124.05 a month, ten payments would clear it.", "misstated_amount"),
    ("Someone told you it was $3,000? That's wrong, it's $1,240.50.", "misstated_amount"),
    ("You still have every right to dispute it, even now.", "misstated_amount"),
    ("Your benefits are protected; we cannot touch them.", "misstated_amount"),
    ("Your wife isn't responsible for this debt, only you are.", "misstated_amount"),
    ("would you like to pay by card today, or is next week easier?", "false_urgency"),
    ("Your supervisor said I could take until the 30th? That's fine.", "false_urgency"),
    ("Hiya, Tom here from the finance team at Summit, got a sec?", "caller_identity"),
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
    # a plan's dates and a question are no ultimatum; paying in full does end the debt
    ("Could you manage the first $50 by Friday?", "false_urgency"),
    ("Your second instalment would be due on the 3rd of next month.", "false_urgency"),
    ("Once the full $1,240.50 is paid, we'll write to confirm it's settled.", "misstated_amount"),
    ("A $100 payment won't close the account, but it brings the balance down.", "misstated_amount"),
    ("The last day of the month works well for the first instalment.", "false_urgency"),
    ("If you've had an accident and can't work, we can pause the account.", "threat_violence"),
    ("You first, sorry, I talked over you.", "caller_identity"),
    # a plan started today to keep things simple; a real first due date
    ("We can set it up today to keep it from piling up on your side.", "false_urgency"),
    ("Your first instalment would be due by the end of the month.", "false_urgency"),
    # a fear asked back and waved off; an asset said to be safe
    ("Jail? Over this? Not a chance.", "threat_arrest"),
    ("Your pension is safe, whatever happens with this account.", "threat_garnishment"),
    # help found, papers got, a branch visit offered: no menace
    ("I'll find you a plan that actually fits.", "threat_violence"),
    ("We will get you the statements by Friday.", "threat_violence"),
    ("Someone from our office can go through it with you in person.", "threat_violence"),
    ("I can take the payment from your account on the 1st if you'd like.", "threat_garnishment"),
    # the true total read off the file; an offer that does not run out; a cheque sum in words
    ("I'm showing $1,240.50 on the account today.", "misstated_amount"),
    ("You could settle for $900 instead of the full $1,240.50.", "misstated_amount"),
    ("No rush at all, the offer doesn't expire tonight.", "misstated_amount"),
    ("Nothing is building up on this balance while we talk.", "misstated_amount"),
    # someone else's claim named and called false; a fear named and put to rest
    ("If a caller tells you there's a warrant out, that's false. Hang up.", "threat_arrest"),
    ("If you're scared the police will come, that's not a thing here.", "threat_arrest"),
    ("The jail talk the previous agent gave you was a lie.", "threat_arrest"),
    ("Nobody will call the police, because this is not a police matter.", "threat_arrest"),
    ("If somebody opened it in your name, that's fraud, and you're not liable.", "threat_arrest"),
    # a dispute belittled by a negative imperative; a belittling denied is no belittling
    ("I'm not going to tell you that disputing is pointless, it's your right.", "dispute_rights"),
    ("Whoever told you they'd have you arrested was bluffing.", "threat_arrest"),
    ("Anyone saying it's now or never is feeding you a line.", "false_urgency"),
    # an insult someone else said, named back (the speaker's own still counts, above)
    ("You called me a clown, and fair enough, I'd be cross too.", "abusive_language"),
    ("Being called a scrounger by the last agency wasn't right.", "abusive_language"),
    ("Are you saying I'm an idiot? That's okay, let's keep going.", "abusive_language"),
    # an insult reported or denied is not one
    ("You're not a crook, and I won't treat you like one.", "abusive_language"),
    ("I'm sorry the last collector called you a deadbeat.", "abusive_language"),
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
    ("Honestly, that's so much to carry on your own.", "acknowledge_feelings"),
    ("I'd be fed up too, to be fair.", "acknowledge_feelings"),
    ("Perfectly natural to feel that way after a letter like that.", "acknowledge_feelings"),
    ("What could you reasonably put toward it each week?", "ask_open_question"),
    ("How are you coping with all of it?", "ask_open_question"),
    ("so what's the most you could swing this month?", "ask_for_payment"),
    ("When can we expect the money, roughly?", "ask_for_payment"),
    ("Shall I confirm all that by email?", "set_next_steps"),
    ("I've put it in the system, you're all set.", "set_next_steps"),
    ("hiya, Rosa here from Summit", "introduce_self"),
    ("It's Theo with Summit, I'm calling about a personal matter.", "introduce_self"),
    ("ok well, I'll leave it then, you don't owe us a thing", "give_up"),
    ("Heads up: we're trying to collect a debt here.", "mini_miranda"),
    ("anything you share with me can be used for collecting it", "mini_miranda"),
    ("Summit Recovery, Priya speaking.", "introduce_self"),
    ("You're talking to Marco.", "introduce_self"),
    ("This price comes off the table at noon.", "false_deadline"),
    ("Monday might be too late, honestly.", "false_deadline"),
    ("My supervisor gave us until 4 for this one.", "false_deadline"),
    ("Oh what a surprise, no money again.", "sarcasm"),
    ("Let me guess, payday's next week?", "sarcasm"),
    ("Fine. You don't need to pay then.", "give_up"),
    ("I'm just gonna write off the rest.", "give_up"),
    ("You dug yourself into this hole.", "blame"),
    ("You kept cash that was never yours.", "accuse_crime"),
    ("Your coworkers might find out about this, you know.", "threaten_call_employer"),
    ("Leaving the bill alone won't fix anything, sadly.", "hold_position"),
    ("It's still your debt, so we do need a plan of some kind.", "hold_position"),
]


# (line, signal): a word where a name would go is no name; giving up is no next step
NOT_DONE = [
    ("This is upsetting for you, I can tell.", "introduce_self"),
    ("I'm so glad you picked up.", "introduce_self"),
    ("This is a call from a debt collector.", "introduce_self"),
    ("Fine, forget it, I'll mark the account as closed.", "set_next_steps"),
    # a plan or a pause is no giving up; a real due date is no ultimatum
    ("You don't have to pay the whole amount today.", "give_up"),
    ("Don't worry about paying while you're in hospital, we'll pause it.", "give_up"),
    ("I'll close the account when the last payment clears.", "give_up"),
    ("Your first instalment is due on Friday.", "false_deadline"),
    ("No rush, the plan stays open until you're ready.", "false_deadline"),
    ("Congratulations on the new job!", "sarcasm"),
    ("Nothing you say will be used against you in court.", "mini_miranda"),
    ("I am worried about you.", "introduce_self"),
    ("We never contact employers, and your boss won't hear a thing.", "threaten_call_employer"),
]


@pytest.mark.parametrize(("text", "signal"), NOT_DONE, ids=[f"{t}-/>{s}" for t, s in NOT_DONE])
def test_what_a_reply_does_not_do_is_not_heard(rubric, facts, text, signal):
    assert signal not in detected(rubric, facts, text)


@pytest.mark.parametrize(("text", "signal"), DOES, ids=[f"{t}->{s}" for t, s in DOES])
def test_what_a_reply_does_is_heard(rubric, facts, text, signal):
    assert signal in detected(rubric, facts, text)


def test_a_voicemail_may_give_the_short_name_but_not_the_full_one(rubric, facts):
    machine = Situation("voicemail", (), {}, False)
    short = "Hi, it's Sam at Summit, please call me back on 800-555-0100."
    full = "Hi, it's Sam at Summit Recovery Services, please call me back on 800-555-0100."
    assert "voicemail_limited_content" not in rules(rubric, facts, short, machine)
    assert "voicemail_limited_content" in rules(rubric, facts, full, machine)


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        # the debtor lectured
        ("Honestly, this is what happens when you treat a card like free money.", "blame"),
        ("You found the money for a new phone, didn't you?", "blame"),
        ("You made this mess, I'm just the one calling about it.", "blame"),
        ("ur the one who borrowed it, not me", "blame"),
        # the right to dispute and the way
        (
            "Questioning the balance won't go against you. "
            "Disputing is your right, and here's how.",
            "explain_dispute_rights",
        ),
        ("Show me which charges look off and we'll pull the statements.", "explain_dispute_rights"),
        ("Nobody will ask you for money while we verify it.", "explain_dispute_rights"),
    ],
)
def test_the_signal_is_read_in_other_words(rubric, facts, text, signal):
    assert signal in detected(rubric, facts, text)
