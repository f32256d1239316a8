"""Trainer-written patterns cannot hang: what the rubric accepts runs in time in proportion
to the reply (or its square within one word), whatever the pattern."""

import re
import signal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.rubric.matching.patterns import compile_alternatives
from sim.rubric.pattern_safety import unusable


@pytest.mark.parametrize(
    "pattern",
    [
        "(a|aa)+$",  # alternatives where one is the start of another
        "(x|a|xa)+$",
        "(.|a)+$",
        "(a?a)+$",  # an optional part that the next one can also take
        "(?:a{1,2})+$",
        "(?:\\w+\\s?){0,20}$",  # a bounded repeat is still a repeat
        "(?:\\w*x)+",
        "(a|)+",
        "a.*a.*b",  # repeats sharing characters across words
        "\\w*\\w*\\w*x",
        "(?=(a|aa)+$)b",  # a lookaround is checked as a pattern of its own
    ],
)
def test_patterns_that_can_backtrack_for_long_are_refused_by_name(pattern):
    why = unusable(pattern)
    assert why and why.startswith(f"pattern '{pattern}' ")


@pytest.mark.parametrize(
    "pattern",
    [
        "very( very)* sorry",
        "\\w+\\s\\w+$",
        "(?:ab)+c",
        "(?:\\w+ ){0,3}pay",
        "[a-z]x{2,}[a-z]*",
        "(?:[^ \\n]+ ){0,3}pay",  # what {~3} writes out
        "(\\w|a)+$",  # one character class, so no choice at all
        "((?!not |never |no )[a-z]+ ){0,2}x",  # a lookaround is settled once, not retried
    ],
)
def test_patterns_with_one_way_to_match_are_accepted(pattern):
    assert unusable(pattern) is None


def test_a_pattern_that_does_not_compile_says_so_without_talk_of_slowness():
    assert unusable("(unclosed") == (
        "pattern '(unclosed' does not compile: missing ), unterminated subpattern"
    )


class _Slow(Exception):
    pass


def _raise(*_):
    raise _Slow


PARTS = ["a", "b", "ab", "aa", "[ab]", "\\w", ".", "a?", "\\s", " ", "a*", "\\w*", "[^ ]+"]


def _patterns():
    leaf = st.sampled_from(PARTS)
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.tuples(inner, inner).map("".join),
            st.tuples(inner, inner).map(lambda t: f"(?:{t[0]}|{t[1]})"),
            st.tuples(inner, st.sampled_from(["+", "*", "?", "{1,2}", "{0,3}", "{2,}"])).map(
                lambda t: f"(?:{t[0]}){t[1]}"
            ),
        ),
        max_leaves=6,
    ).map(lambda p: p + "$")


@settings(max_examples=150, deadline=None)
@given(_patterns())
def test_every_accepted_pattern_gives_up_quickly_on_a_reply_it_cannot_match(pattern):
    if unusable(pattern):
        return
    regex = compile_alternatives((pattern,))
    old = signal.signal(signal.SIGALRM, _raise)
    try:
        for text in ("a" * 39 + "!", "ab" * 20 + "!", "a " * 20 + "!", "aab" * 13 + "!"):
            signal.setitimer(signal.ITIMER_REAL, 1.0)
            try:
                list(regex.finditer(text))
                re.search(pattern, text)  # and without the matcher's word edges
            except _Slow:
                pytest.fail(f"{pattern!r} took over a second on {text!r}")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, old)
