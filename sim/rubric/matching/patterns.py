"""Trainer-written regular expressions, guarded against catastrophic backtracking.

Patterns run on normalised text (lowercase, no punctuation) and are anchored to word edges.
A pattern that nests unbounded repeats ("(a+)+") or uses back-references is refused when the
rubric loads, so no reply can make matching take exponential time.

Reading patterns with Python's re parser is most of what a rubric costs before it matches,
so each pattern is parsed once for all its checks, what the matcher wants of it is worked
out once a process (:func:`analysed`), and each regex is kept as the compiler's program
(:class:`Program`); the loaded-rubric cache hands both to the next process (:func:`remember`).
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # the re compiler's engine
import contextlib
import re
import re._compiler as sre_compiler  # type: ignore[import-not-found]  # Python 3.11+
import re._parser as sre_parse  # type: ignore[import-not-found]  # Python 3.11+
import sys
from collections.abc import Iterator, Mapping
from functools import lru_cache
from re import _constants as sre_constants  # type: ignore[attr-defined]
from typing import Any, NamedTuple

Parsed = Any  # the re parser's own structures (lists of (op, arg) tuples), untyped
Match = re.Match[str]

_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
_UNBOUNDED = sre_constants.MAXREPEAT


class UnsafePattern(ValueError):
    pass


@lru_cache(maxsize=16)
def parsed(pattern: str) -> Parsed:
    """``pattern`` as the re parser reads it (raises re.error), parsed once for the checks
    made of it one after another: parsing is most of what a rubric's patterns cost before
    they run. Few are kept (the default rubric's trees weigh ~10 MB). A tree is shared, so
    readers must not change it."""
    return sre_parse.parse(pattern)


@lru_cache(maxsize=4096)
def check_pattern(pattern: str) -> None:
    """Raise UnsafePattern if ``pattern`` is invalid or can backtrack catastrophically."""
    try:
        tree = parsed(pattern)
    except re.error as exc:
        raise UnsafePattern(f"invalid pattern '{pattern}': {exc.msg}") from None
    _check(tree, inside_repeat=False, pattern=pattern)


class Analysis(NamedTuple):
    """What the matcher needs to know of a pattern that passed :func:`check_pattern`."""

    need: frozenset[str] | None  # strings one of which a match holds (see required_literals)
    local: bool  # its matches stay on one line (see line_local)


class Program(NamedTuple):
    """A regex as Python's re compiler leaves it (the ``_sre`` program it runs), so that a
    later process can make it again without parsing or compiling: what the loaded-rubric
    cache keeps. The same interpreter makes and reads it (the cache keys on its version)."""

    pattern: str
    flags: int
    code: list[int]
    groups: int
    groupindex: dict[str, int]
    indexgroup: tuple[str | None, ...]

    @classmethod
    def of(cls, pattern: str, flags: int) -> Program:
        """What ``re.compile(pattern, flags)`` makes, step by step as it makes it."""
        tree = sre_parse.parse(pattern, flags)
        groupindex = dict(tree.state.groupdict)
        indexgroup: list[str | None] = [None] * tree.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        code = [int(c) for c in sre_compiler._code(tree, flags)]
        return cls(
            pattern,
            flags | tree.state.flags,
            code,
            tree.state.groups - 1,
            groupindex,
            tuple(indexgroup),
        )

    def regex(self) -> re.Pattern[str]:
        return _sre.compile(*self)  # type: ignore[no-any-return]


_ANALYSED: dict[str, Analysis] = {}
_PROGRAMS: dict[tuple[str, ...], Program] = {}
_KEPT = 8192  # analyses, and as many programs (a long-lived process forgets, then redoes)
_made = 0  # analyses and programs this process worked out rather than was told


def analysed(pattern: str) -> Analysis:
    """Check ``pattern`` (raises UnsafePattern) and work out what the matcher needs to know
    of it, once a process, unless :func:`remember` was told already."""
    global _made
    found = _ANALYSED.get(pattern)
    if found is None:
        check_pattern(pattern)
        if len(_ANALYSED) >= _KEPT:
            _ANALYSED.clear()
        found = _ANALYSED[pattern] = Analysis(_pattern_need(pattern), _pattern_local(pattern))
        _made += 1
    return found


def remember(known: Mapping[str, Analysis], programs: Mapping[tuple[str, ...], Program]) -> None:
    """Take analyses and regex programs an earlier process worked out for patterns that
    passed the check (the loaded-rubric cache), so this one parses none of them again."""
    _ANALYSED.update(known)
    _PROGRAMS.update(programs)


def known() -> tuple[dict[str, Analysis], dict[tuple[str, ...], Program]]:
    """Every analysis and program this process has, to keep for the next one."""
    return dict(_ANALYSED), dict(_PROGRAMS)


def made() -> int:
    """How many analyses and programs this process has worked out itself so far."""
    return _made


@lru_cache(maxsize=1024)
def compile_alternatives(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for several patterns; group ``p<i>`` tells which one matched.

    Text is matched one sentence a line, so ``^`` and ``$`` mean a sentence's edges.
    """
    for pattern in patterns:
        analysed(pattern)
    found = _PROGRAMS.get(patterns) or _program(patterns)
    if found is not None:
        with contextlib.suppress(RuntimeError, TypeError, ValueError):  # not this Python's
            return found.regex()
    return re.compile(_alternation(patterns), re.MULTILINE)


def _alternation(patterns: tuple[str, ...]) -> str:
    body = "|".join(rf"(?P<p{i}>{p})" for i, p in enumerate(patterns))
    return rf"(?<![a-z0-9$])(?:{body})(?![a-z0-9])"


def _program(patterns: tuple[str, ...]) -> Program | None:
    """The regex for ``patterns`` compiled as a program to keep, or None when this Python's
    re compiler works otherwise than :meth:`Program.of` expects."""
    global _made
    try:
        found = Program.of(_alternation(patterns), int(re.MULTILINE))
    except (AttributeError, TypeError, ValueError):
        return None
    if len(_PROGRAMS) >= _KEPT:
        _PROGRAMS.clear()
    _PROGRAMS[patterns] = found
    _made += 1
    return found


class Alternatives:
    """:func:`compile_alternatives`, checked when made and compiled the first time it runs:
    most of a rubric's regexes never meet a reply that could match them (the matcher runs
    one only on a reply that holds one of its required literals), and compiling them all
    would be much of a process's start-up."""

    __slots__ = ("_regex", "patterns")

    def __init__(self, patterns: tuple[str, ...]):
        for pattern in patterns:
            analysed(pattern)
        self.patterns = patterns
        self._regex: re.Pattern[str] | None = None

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[Match]:
        if self._regex is None:
            self._regex = compile_alternatives(self.patterns)
        return self._regex.finditer(text, pos, endpos)


@lru_cache(maxsize=1024)
def required_literals(patterns: tuple[str, ...]) -> tuple[str, ...] | None:
    """Strings one of which any match of any of ``patterns`` must contain, or None if unknown.

    A cheap prefilter in the spirit of RE2's: a reply that contains none of them cannot match,
    so its regex is never run. The answer errs towards None, never towards a wrong string.
    """
    found: set[str] = set()
    for pattern in patterns:
        need = analysed(pattern).need
        if need is None:
            return None
        found |= need
    # a string that holds another needs no check of its own; shortest first, each is checked
    # against those kept only (one it holds that was dropped holds a kept one itself)
    kept: list[str] = []
    for n in sorted(found, key=lambda s: (len(s), s)):
        if not any(o in n for o in kept):
            kept.append(n)
    return tuple(sorted(kept))


def _pattern_need(pattern: str) -> frozenset[str] | None:
    """One pattern's requirement (worked out once, by :func:`analysed`, however many
    scenarios' pattern sets hold it: a set differs by its filled placeholders; most of its
    patterns do not)."""
    tree = parsed(pattern)
    if tree.state.flags & re.IGNORECASE:
        return None
    need = _need(tree)
    return None if need is None else frozenset(need)


def _need(sequence: Parsed) -> set[str] | None:
    """The most selective requirement among a sequence's parts (see required_literals)."""
    options: list[set[str]] = []
    run: list[str] = []
    for op, arg in sequence:
        if op == sre_constants.LITERAL:
            run.append(chr(arg))
            continue
        need = None
        if op in _REPEATS and arg[0] >= 1 and _single_literal(arg[2]):
            # "f+u+c+k" always holds "fu": the first f-run's last f, then the first u
            char = chr(arg[2][0][1])
            options.append({"".join(run) + char})
            run = [char]
            continue
        if run:
            options.append({"".join(run)})
            run = []
        if op == sre_constants.IN:
            need = _class_chars(arg)  # "[0-9]": one of ten digits, rarer than any letter
        elif op == sre_constants.SUBPATTERN and not arg[1] & re.IGNORECASE:
            need = _need(arg[-1])
        elif op == sre_constants.BRANCH:
            branches = [_need(branch) for branch in arg[1]]
            if all(b is not None for b in branches):
                need = set().union(*(b for b in branches if b is not None))
        elif op in _REPEATS and arg[0] >= 1:
            need = _need(arg[2])
        if need and "" not in need:
            options.append(need)
    if run:
        options.append({"".join(run)})
    if not options:
        return None
    return max(options, key=_selectivity)


def _selectivity(need: set[str]) -> tuple[int, int]:
    """Longer strings are rarer; a bare space is in every sentence, so it ranks last."""
    return (0 if all(not n.strip() for n in need) else min(map(len, need)), -len(need))


def _class_chars(items: Any) -> set[str] | None:
    """The characters a small character class (at most ten, no negation) can match."""
    chars: set[str] = set()
    for op, arg in items:
        if op == sre_constants.LITERAL:
            chars.add(chr(arg))
        elif op == sre_constants.RANGE and arg[1] - arg[0] < 10:
            chars.update(chr(c) for c in range(arg[0], arg[1] + 1))
        else:
            return None
    return chars if 0 < len(chars) <= 10 else None


@lru_cache(maxsize=1024)
def line_local(patterns: tuple[str, ...]) -> bool:
    """Does every match of ``patterns`` stay on one line, blind to the lines around it?

    True when no part of a pattern (lookarounds included) can match a line break, none
    matches the empty string and none anchors to the whole text (``\\A``, ``\\Z``). Such
    patterns give the same matches on a sentence alone as on the whole reply, which lets
    the matcher remember a sentence's matches. The answer errs towards False.
    """
    return all(analysed(pattern).local for pattern in patterns)


def _pattern_local(pattern: str) -> bool:
    tree = parsed(pattern)
    if tree.getwidth()[0] == 0:
        return False
    return _local(tree, dotall=bool(tree.state.flags & re.DOTALL))


_NEWLINE = ord("\n")
_WHOLE_TEXT = {sre_constants.AT_BEGINNING_STRING, sre_constants.AT_END_STRING}
# character classes that hold a line break
_BREAKING = {
    sre_constants.CATEGORY_SPACE,
    sre_constants.CATEGORY_NOT_DIGIT,
    sre_constants.CATEGORY_NOT_WORD,
    sre_constants.CATEGORY_LINEBREAK,
}
_SAFE_CLASSES = {
    sre_constants.CATEGORY_DIGIT,
    sre_constants.CATEGORY_WORD,
    sre_constants.CATEGORY_NOT_SPACE,
    sre_constants.CATEGORY_NOT_LINEBREAK,
}


def _local(sequence: Parsed, *, dotall: bool) -> bool:
    for op, arg in sequence:
        if op == sre_constants.LITERAL:
            ok = arg != _NEWLINE
        elif op == sre_constants.ANY:
            ok = not dotall
        elif op == sre_constants.IN:
            ok = not _class_breaks(arg)
        elif op == sre_constants.AT:
            ok = arg not in _WHOLE_TEXT
        elif op == sre_constants.SUBPATTERN:
            ok = _local(arg[-1], dotall=dotall or bool(arg[1] & re.DOTALL))
        elif op == sre_constants.BRANCH:
            ok = all(_local(branch, dotall=dotall) for branch in arg[1])
        elif op in _REPEATS:
            ok = _local(arg[2], dotall=dotall)
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            ok = _local(arg[1], dotall=dotall)
        else:  # NOT_LITERAL, group references, anything unforeseen
            ok = False
        if not ok:
            return False
    return True


def _class_breaks(items: Parsed) -> bool:
    negated = holds = False
    for op, arg in items:
        if op == sre_constants.NEGATE:
            negated = True
        elif op == sre_constants.LITERAL:
            holds = holds or arg == _NEWLINE
        elif op == sre_constants.RANGE:
            holds = holds or arg[0] <= _NEWLINE <= arg[1]
        elif op == sre_constants.CATEGORY and arg in _BREAKING:
            holds = True
        elif not (op == sre_constants.CATEGORY and arg in _SAFE_CLASSES):
            return True  # not foreseen: assume it can
    return holds != negated


def _single_literal(sequence: Parsed) -> bool:
    return len(sequence) == 1 and sequence[0][0] == sre_constants.LITERAL


def _check(tree: Parsed, *, inside_repeat: bool, pattern: str) -> None:
    for op, arg in tree:
        if op == sre_constants.GROUPREF or op == sre_constants.GROUPREF_EXISTS:
            raise UnsafePattern(f"pattern '{pattern}' uses a back-reference")
        if op in _REPEATS:
            _low, high, sub = arg
            unbounded = high == _UNBOUNDED or high > 20
            if unbounded and inside_repeat:
                raise UnsafePattern(
                    f"pattern '{pattern}' nests unbounded repeats (slow on some replies)"
                )
            _check(sub, inside_repeat=inside_repeat or unbounded, pattern=pattern)
        elif op == sre_constants.SUBPATTERN:
            _check(arg[-1], inside_repeat=inside_repeat, pattern=pattern)
        elif op == sre_constants.BRANCH:
            for branch in arg[1]:
                _check(branch, inside_repeat=inside_repeat, pattern=pattern)
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            _check(arg[1], inside_repeat=inside_repeat, pattern=pattern)


_NEGATION_WORD = re.compile(
    r"(?<![a-z])(not|no|never|nothing|nobody|none|without|neither|nor)(?![a-z])"
)


def spells_negation(pattern: str) -> bool:
    """Does the pattern itself name a negation word (so a negation it matches is meant)?"""
    return bool(_NEGATION_WORD.search(pattern))
