"""The fast matcher skips work, never answers: it agrees with comparing every phrase with
every window and running every pattern on every reply."""

import random
from bisect import bisect_right

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from sim.rubric.matching.matcher import (
    SignalMatch,
    SignalMatcher,
    _keep,
    _status,
    located,
)
from sim.rubric.matching.negation import has_negation
from sim.rubric.matching.patterns import spells_negation
from sim.rubric.matching.phrases import holds_every_word, typo_match
from sim.rubric.matching.text import scan
from sim.rubric.model import SignalDef
from tests.conftest import ROOT

FACTS = {
    "agency": "Summit Recovery Services",
    "creditor": "Northwind Bank",
    "debtor_name": "Dana Whitfield",
    "balance": "1240.50",
}


SIGNALS: dict = {}  # the rubric's signal definitions, for the suppressed_by / subsumed_by step


def brute_force(matcher: SignalMatcher, text: str) -> list[SignalMatch]:
    """What probe() must return, the slow way."""
    tokens = scan(text)
    norms = tokens.norms
    found: dict[str, SignalMatch] = {}
    for phrase in matcher.phrases:
        for size in (phrase.size - 1, phrase.size, phrase.size + 1):
            for i in range(len(norms) - size + 1 if size >= 1 else 0):
                j = i + size
                window = norms[i:j]
                if tokens.sentences[i] != tokens.sentences[j - 1]:
                    continue
                if not all(any(typo_match(c, w) for w in window) for c in phrase.content):
                    continue
                score = fuzz.ratio(phrase.norm, " ".join(window))
                if score < phrase.threshold or not holds_every_word(phrase.norm.split(), window):
                    continue
                status = _status(tokens, i, j, phrase.negated, phrase.negatable)
                _keep(found, located(text, tokens, i, j, phrase, round(score, 1), status))
    for entry in matcher._patterns.entries:
        for m in entry.regex.finditer(tokens.layout) if norms else ():
            i = bisect_right(tokens.offsets, m.start()) - 1
            j = bisect_right(tokens.offsets, max(m.end() - 1, m.start()))
            source = entry.sources[int(m.lastgroup[1:])] if m.lastgroup else entry.sources[0]
            meant = spells_negation(source) and has_negation(tokens.norms[i:j])
            status = _status(tokens, i, j, meant, entry.negatable)
            _keep(found, located(text, tokens, i, j, entry, 100.0, status, source))
    for sid, definition in SIGNALS.items():  # said by denying another signal
        if sid in found and found[sid].status == "detected":
            continue
        denied = [
            found[d]
            for d in definition.said_by_denying
            if d in found and found[d].status in ("negated", "quoted")
        ]
        if denied:
            first = min(denied, key=lambda m: (m.start, m.signal))
            found[sid] = first._replace(
                signal=sid, via="denied", source=first.signal, status="detected"
            )
    said = {sid for sid, m in found.items() if m.status == "detected"}
    for sid in said:
        definition = SIGNALS.get(sid)
        if definition and set(definition.suppressed_by) & said:
            found[sid] = found[sid]._replace(status="suppressed")
        elif definition and set(definition.subsumed_by) & said:
            found[sid] = found[sid]._replace(status="subsumed")
    return sorted(found.values(), key=lambda m: (m.start, m.signal))


@pytest.fixture(scope="module")
def matcher(rubric):
    SIGNALS.update(rubric.rubric.signals)
    return SignalMatcher(rubric.rubric.signals, FACTS, lexicons=rubric.rubric.lexicons)


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def test_calibration_and_scenario_lines_match_as_brute_force(matcher):
    texts = [
        item["text"]
        for item in yaml.safe_load((ROOT / "tests/corpus/tuned-first-calibration.yaml").read_text())
    ]
    for path in sorted((ROOT / "sim" / "data" / "scenarios").glob("*.yaml")):
        texts += list(_strings(yaml.safe_load(path.read_text())))
    assert len(texts) > 400
    for text in texts:
        assert matcher.probe(text) == brute_force(matcher, text), text


def test_replies_built_from_the_phrase_bank_match_as_brute_force(matcher, rubric):
    """Wordings run together, repeated, negated, quoted and misspelt (seeded)."""
    rng = random.Random(7)
    phrases = [p for s in rubric.rubric.signals.values() for p in s.phrases if "{" not in p]
    joins = [". ", ", ", " and ", " - ", ' "', "? ", " but ", " if you don't ", " ", "; "]
    for _ in range(300):
        text = ""
        for _ in range(rng.randint(1, 4)):
            text += rng.choice(["", "not ", "never ", "You said ", "I won't say "])
            text += rng.choice(phrases) + rng.choice(joins)
        for _ in range(rng.randint(0, 3)):  # typos: a letter dropped or doubled
            k = rng.randrange(len(text))
            text = text[:k] + text[k + 1 :] if rng.random() < 0.5 else text[:k] + text[k:]
        assert matcher.probe(text) == brute_force(matcher, text), text


WORDS = sorted(
    {
        w
        for s in yaml.safe_load((ROOT / "sim/data/rubrics/default.yaml").read_text())[
            "signals"
        ].values()
        for p in s.get("phrases", [])
        for w in p.replace("{", " ").replace("}", " ").split()
    }
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(WORDS), st.sampled_from([".", ",", '"', "?", "not", "'s"])),
        max_size=30,
    )
)
def test_any_sequence_of_rubric_words_matches_as_brute_force(matcher, words):
    text = " ".join(words)
    assert matcher.probe(text) == brute_force(matcher, text)


def test_a_remembered_sentence_answers_as_it_would_fresh(rubric):
    """The same sentence after an open quote, a 'do', a reported clause or on its own."""
    matcher = SignalMatcher(rubric.rubric.signals, FACTS)
    texts = [
        "We will sue you. Not be an idiot.",
        '"We will sue you. Not be an idiot.',
        "You said we will sue you. Not be an idiot.",
        "Do. Not be an idiot. We will sue you.",
        "Can't. You said we will sue you!",
        "WE WILL SUE YOU.   not be an IDIOT",
    ]
    for text in texts + texts[::-1]:
        assert matcher.probe(text) == brute_force(matcher, text), text


def test_patterns_that_reach_across_sentences_still_do():
    signals = {
        "threat": SignalDef(description="d", patterns=["sue\\s+you"]),
        "local": SignalDef(description="d", patterns=["sue"]),
    }
    matcher = SignalMatcher(signals, {})
    found = {m.signal: m.evidence for m in matcher.match("We will sue. You know why.")}
    assert found == {"threat": "sue. You", "local": "sue"}
    assert matcher.match("We will sue. You know why.") == brute_force(
        matcher, "We will sue. You know why."
    )


def test_remembering_nothing_answers_the_same(rubric):
    forgetful = SignalMatcher(rubric.rubric.signals, FACTS, remember=0)
    text = "I understand. This is an attempt to collect a debt. I understand."
    assert forgetful.probe(text) == brute_force(forgetful, text)
    assert not forgetful._sentences
