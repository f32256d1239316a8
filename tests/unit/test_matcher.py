"""The signal matcher: negation, contractions, typos, quotes, and the subset/substring traps."""

import pytest

from sim.rubric.matching.matcher import SignalMatcher
from sim.rubric.matching.money import amounts
from sim.rubric.matching.text import normalise, scan
from sim.rubric.model import SignalDef

FACTS = {
    "agency": "Summit Recovery Services",
    "creditor": "Northwind Bank",
    "debtor_name": "Dana Whitfield",
}


@pytest.fixture(scope="module")
def matcher(rubric):
    return SignalMatcher(rubric.rubric.signals, FACTS)


def detected(matcher, text):
    return {m.signal for m in matcher.match(text)}


def test_contractions_expand():
    assert normalise("I won't, you can't, we'll, it's, don't") == (
        "i will not you can not we will it is do not"
    )


def test_spans_point_into_the_original_text(matcher):
    text = "Okay.   I understand how frustrating this is!"
    match = next(m for m in matcher.match(text) if m.signal == "acknowledge_feelings")
    assert text[match.start : match.end] == match.evidence
    assert match.evidence.startswith("I understand")


@pytest.mark.parametrize(
    "text,signal",
    [
        ("I do not understand", "acknowledge_feelings"),  # subset trap
        ("I don't understand what you mean", "acknowledge_feelings"),
        ("We'll pursue a payment plan with you", "threaten_lawsuit"),  # 'sue' in 'pursue'
        ("I know this is a lot", "give_up"),  # 'no' in 'know'
        ("We will send you verification of the debt", "threaten_lawsuit"),  # one word away
        ("we will not take legal action", "threaten_lawsuit"),  # token_set_ratio trap
        ("Nobody goes to jail over a credit-card debt.", "threaten_arrest"),
        ("I'm not going to threaten you with court", "threaten_lawsuit"),
        ("I'm not an attorney; I'm a collector with Summit Recovery.", "impersonate"),
        ("There's no processing fee to pay by bank transfer.", "mention_fee"),
        ("You said you'd call a lawyer — that's your right.", "impersonate"),
        ('You told me "I will sue you" earlier, and that is fine.', "threaten_lawsuit"),
        # a time to call read back is no commitment; a dispute sent in writing is no payment
        ("Shall I ring you around 6, is that ok?", "secure_commitment"),
        ("I'll call back after 7, would that work?", "secure_commitment"),
        ("Send us something in writing saying what's wrong.", "ask_for_payment"),
        ("We can lower it and drop it to $40 a month.", "give_up"),
        ("If this isn't settled we'll talk again next month.", "voicemail_forbidden"),
        ("What's the best number to reach you on?", "ask_location"),
        ("Honestly, it isn't your fault that the hours were cut.", "blame"),  # not "is your"
        ("nobodys gonna arrest you over a card bill", "threaten_arrest"),  # texting "nobody's"
    ],
)
def test_traps_do_not_fire(matcher, text, signal):
    assert signal not in detected(matcher, text)


@pytest.mark.parametrize(
    "text,signal",
    [
        ("I understand how frustrating this is.", "acknowledge_feelings"),
        ("I undrestand how frustating this is", "acknowledge_feelings"),  # typos
        ("we will take legal action", "threaten_lawsuit"),
        ("If you don't pay we will sue you", "threaten_lawsuit"),  # negation in the condition
        ("If this isn't paid by Friday, a warrant goes out.", "threaten_arrest"),
        ("Can't you just put it on a credit card?", "suggest_borrowing"),  # not a negation
        ("Why don't you borrow it from your parents?", "suggest_borrowing"),
        ("This is Alex from Summit Recovery Services.", "name_agency"),
        (
            "This is an attempt to collect a debt, and any information obtained will be used "
            "for that purpose.",
            "mini_miranda",
        ),
    ],
)
def test_positive_matches(matcher, text, signal):
    assert signal in detected(matcher, text)


def test_negated_and_quoted_are_reported_by_the_probe(matcher):
    found = {m.signal: m.status for m in matcher.probe("Nobody goes to jail over this.")}
    assert found["threaten_arrest"] == "negated"
    quoted = {m.signal: m.status for m in matcher.probe('You said "we will sue you".')}
    assert quoted["threaten_lawsuit"] == "quoted"


def test_reported_speech_ends_at_the_clause(matcher):
    tokens = scan("You said you'd sue, but I will sue you")
    sued = [q for n, q in zip(tokens.norms, tokens.quoted, strict=True) if n == "sue"]
    assert sued == [True, False]


def test_short_phrases_need_a_near_exact_match():
    m = SignalMatcher({"s": SignalDef(description="d", phrases=["sorry"])})
    assert not m.match("sorta")
    assert m.match("sorry")


def test_placeholders_take_facts_and_missing_facts_drop_the_phrase():
    sig = {"name_agency": SignalDef(description="d", phrases=["{agency}"], patterns=["{agency}"])}
    assert SignalMatcher(sig, FACTS).match("Summit Recovery Services here")
    assert not SignalMatcher(sig, {}).match("Summit Recovery Services here")


def test_a_counted_repeat_is_not_a_placeholder():
    """A pattern like "[0-9]{3}" was once read as a placeholder named "3" and dropped."""
    sig = {"phone": SignalDef(description="d", patterns=["[0-9]{3} [0-9]{3} [0-9]{4}"])}
    assert SignalMatcher(sig, {}).match("ring 800-555-0100 any time")


def test_amounts_are_parsed():
    assert [a.value for a in amounts("It's $1,212.40, or 300 dollars a month")] == [1212.4, 300.0]


def test_match_many_equals_match_one_by_one(matcher):
    texts = ["I understand.", "We will sue you.", "", "Thanks, Dana. Can you confirm your DOB?"]
    assert matcher.match_many(texts) == [matcher.match(t) for t in texts]


def test_huge_input_is_bounded(matcher):
    assert isinstance(matcher.match("I understand. " * 100_000), list)


def test_the_learned_layer_sees_whether_a_sentence_asks():
    from sim.rubric.matching.learned import LexiconIndex, features
    from sim.rubric.matching.text import scan

    def names(text):
        return {f.name for f in features(scan(text), LexiconIndex({}))}

    assert "?what" in names("Okay. What would work for you this month?")
    assert not any(n.startswith("?") for n in names("What would work for you is a plan."))
