import pytest

from sim.rubric.patterns import UnsafePattern, compile_pattern


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
