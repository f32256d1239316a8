import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.rubric.matching.patterns import (
    UnsafePattern,
    compile_alternatives,
    line_local,
    required_literals,
)


def compile_pattern(pattern):
    return compile_alternatives((pattern,))


@pytest.mark.parametrize("pattern", ["(a+)+b", "(\\w*)*x", "(a|b)\\1", "(?:x+y*)+"])
def test_catastrophic_patterns_are_refused(pattern):
    with pytest.raises(UnsafePattern):
        compile_pattern(pattern)


def test_patterns_are_anchored_to_word_edges():
    regex = compile_pattern("sue")
    assert regex.search("we will sue you")
    assert not regex.search("we will pursue it")


def test_invalid_pattern_is_a_clear_error():
    with pytest.raises(UnsafePattern, match="invalid pattern"):
        compile_pattern("(unclosed")


@pytest.mark.parametrize(
    ("patterns", "needs"),
    [
        (("sue",), ("sue",)),
        (("thank(s| you)( so much)?",), ("thank",)),
        (("debts?|owe",), ("debt", "owe")),
        (("f+u+c+k",), ("fu",)),
        (("[a-z]+ (speaking|calling) from",), ("calling", "speaking")),
        (("credit", "credit report"), ("credit",)),  # a longer string adds nothing
        (("(?i)sue",), None),  # case-blind: no literal to look for
        (("[a-z]+ [0-9]+",), tuple("0123456789")),  # a digit is rarer than a space
        (("[a-z]+ [0-9]+", "[a-z]+ x"), (" x", *"0123456789")),
        (("[a-z]+ .",), (" ",)),
        (("[a-z]+.",), None),
        (("sue", "x?"), None),  # one pattern with no requirement runs always
    ],
)
def test_required_literals(patterns, needs):
    assert required_literals(patterns) == needs


WORDS = ["sue", "you", "we", "will", "credit", "report", "owe", "debt", "s", "fuuck", "$5", "not"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=12),
    st.sampled_from(
        [
            "we (will|shall) sue",
            "f+u+c+k[a-z]*",
            "(credit )?report(ed)?",
            "\\$[0-9]+ (a|per) (month|week)",
            "(you )?(still )?owe",
            "debts?|owes?",
        ]
    ),
)
def test_a_text_without_the_required_literals_never_matches(words, pattern):
    text = " ".join(words)
    needs = required_literals((pattern,))
    assert needs
    if compile_pattern(pattern).search(text):
        assert any(need in text for need in needs)


@pytest.mark.parametrize(
    ("pattern", "local"),
    [
        ("sue you", True),
        ("this is [a-z]+$", True),
        ("(?<!am )[a-z]+ calling", True),
        ("[^\\s]+ owe", True),
        ("sue\\s+you", False),  # \s takes a line break
        ("[^a]+b", False),
        ("(?s)a.b", False),
        ("\\Asue", False),  # the start of the whole reply, not of a sentence
        ("x?", False),  # matches nothing at all
    ],
)
def test_line_local(pattern, local):
    assert line_local((pattern,)) is local
