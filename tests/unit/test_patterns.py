import pickle
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.rubric.matching.patterns import (
    Program,
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


PROGRAM_PATTERNS = [
    "we (will|shall) sue",
    "(?i:thank)",
    "^this is [a-z]+$",
    "\\$?[0-9]+(\\.[0-9]+)?",
    "(?<!am )[a-z]+ calling",
    "(calling|ringing) from (?!the )[a-z]+",
    "debts?|owe",
]
PROGRAM_TEXTS = [
    "we will sue you\nthis is dana from summit",
    "i am calling from northwind bank about your debt of $1240.50",
    "PAY 100 NOW or we sue\n\nok",
    "owes owe debts sue sued suing pursue",
]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(PROGRAM_PATTERNS),
        min_size=1,
        max_size=4,
        unique=True,
    ).map(tuple),
    st.sampled_from(PROGRAM_TEXTS),
)
def test_a_kept_program_runs_as_the_regex_compiled_from_its_text(patterns, text):
    """The compiled program the rubric cache keeps stands for re.compile exactly."""
    body = "|".join(f"(?P<p{i}>{p})" for i, p in enumerate(patterns))
    wanted = re.compile(f"(?<![a-z0-9$])(?:{body})(?![a-z0-9])", re.MULTILINE)
    kept = pickle.loads(pickle.dumps(Program.of(wanted.pattern, int(re.MULTILINE))))
    made = kept.regex()
    assert (made.pattern, made.flags, made.groupindex) == (
        wanted.pattern,
        wanted.flags,
        wanted.groupindex,
    )

    def found(regex):
        return [(m.span(), m.lastgroup) for m in regex.finditer(text)]

    assert found(made) == found(wanted) == found(compile_alternatives(patterns))
