"""A second guard on trainer-written patterns: choices a backtracking engine may retry.

Python's engine backtracks: when a match fails it goes back to its last choice (which
alternative, one more repeat or stop) and tries the other. ``(a|aa)+$`` has no nested
repeat, but each run of a's splits into alternatives in exponentially many ways, and on a
39-character reply the engine tries them all before it gives up.

The rule here makes that impossible: inside anything that repeats, every choice must be
settled by the next character. Two alternatives may not start alike, and a repeat may not
be able both to go on and to stop at the same character (``(a?a)+``, ``(a{1,2})+``). Then
a repeat's body matches each stretch of text in one way only, and a failed match costs
time in proportion to the reply. Outside repeats a choice is tried at most once per
alternative, so it is free. Character sets are compared on a sample of characters (all of
ASCII, a few others, and every character the pattern names), and whatever this cannot read
counts as overlapping everything.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from sim.rubric.matching.patterns import UnsafePattern, analysed, parsed

try:
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse

Parsed = Any  # the re parser's own structures (lists of (op, arg) tuples), untyped
Chars = frozenset[str]

# Every character a pattern's parts are compared on: ASCII and a few that stand for the
# rest (a letter, a digit, a space and a line break outside ASCII).
SAMPLE: Chars = frozenset(chr(c) for c in range(128)) | frozenset("é٣\u00a0\u2028中")
_BOUNDED = 20  # a repeat of at most this many counts as bounded
_IGNORECASE, _DOTALL = int(re.IGNORECASE), int(re.DOTALL)
_ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT"}
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


FIX = (
    "it could take minutes on one reply; rewrite it so that inside a repeat each choice "
    "starts with a different character and nothing repeats inside a repeat, e.g. "
    "'very( very)*' rather than '(very|very very)+'"
)


def unusable(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used, in a trainer's words (naming it), or None."""
    try:
        analysed(pattern)  # check_pattern's verdict, and what the matcher will want of it
    except UnsafePattern as exc:
        why = str(exc)
        if why.startswith("invalid pattern"):
            return why.replace("invalid pattern ", "pattern ", 1).replace(
                "': ", "' does not compile: ", 1
            )
        return f"{why}: {FIX}"
    reason = overlapping_alternation(pattern)
    return f"pattern '{pattern}' has {reason}: {FIX}" if reason else None


class Ambiguous(Exception):
    """A choice inside a repeat that the next character does not settle."""


@lru_cache(maxsize=4096)
def overlapping_alternation(pattern: str) -> str | None:
    """Why ``pattern`` can backtrack for long: a choice under a repeat that the next
    character does not settle (exponential), or two unbounded repeats that can each take
    the same characters (a power of the reply's length); or None."""
    try:
        tree = parsed(pattern)
    except re.error:
        return None  # invalid patterns are reported by the other check
    try:
        _Checker(SAMPLE | frozenset(pattern)).check(
            list(tree), (frozenset(), frozenset()), False, int(tree.state.flags)
        )
    except (Ambiguous, RecursionError) as exc:
        return str(exc) or "too deeply nested to check"
    return None


class _Checker:
    """The walk over a parsed pattern, right to left, comparing character sets on
    ``alphabet``. What may come after a part is a pair of sets: the characters that carry
    on inside the innermost repeat around it (its body, its next round), and those that
    come once that repeat is left."""

    def __init__(self, alphabet: Chars):
        self.alphabet = alphabet
        # the characters each unbounded repeat met so far (right of the part being read)
        # can take, and how much the loose ones among them weigh (see _choice)
        self.loops: list[Chars] = []
        self.weight = 0

    def first(self, items: list[tuple[Any, Any]], flags: int) -> Chars:
        """The characters a non-empty match of ``items`` can start with."""
        inside, escape = self.check(items, (frozenset(), frozenset()), False, flags, dry=True)
        return inside | escape

    def check(
        self,
        items: list[tuple[Any, Any]],
        after: tuple[Chars, Chars],
        repeated: bool,
        flags: int,
        *,
        dry: bool = False,
    ) -> tuple[Chars, Chars]:
        """Check a sequence followed by ``after``; return what the sequence, then what
        follows it, can start with (the same pair). ``dry``: only compute that."""
        inside, escape = after
        for op, arg in reversed(items):
            name = str(op)
            if name == "BRANCH":
                starts = [
                    self.check(list(b), (inside, escape), repeated, flags, dry=dry) for b in arg[1]
                ]
                if repeated and not dry and _overlap([i | e for i, e in starts]):
                    raise Ambiguous("alternatives that can start alike, under a repeat")
                inside = frozenset().union(*(i for i, _ in starts))
                escape = frozenset().union(*(e for _, e in starts))
            elif name in _REPEATS:
                low, high, sub = arg
                parts = list(sub)
                own = self.first(parts, flags)
                right = list(self.loops)
                follow = (own, inside | escape) if high > 1 else (inside, escape)
                self.check(parts, follow, repeated or high > 1, flags, dry=dry)
                if not dry:
                    self._choice(own, (inside, escape), repeated, (low, high), parts, right, flags)
                nullable = low == 0 or _nullable(parts)
                inside, escape = (inside | own, escape) if nullable else (own, frozenset())
            elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
                group = arg[-1] if name == "SUBPATTERN" else arg
                inner = flags | (int(arg[1]) if name == "SUBPATTERN" else 0)
                inside, escape = self.check(list(group), (inside, escape), repeated, inner, dry=dry)
            elif name in ("ASSERT", "ASSERT_NOT") and not dry:
                # a lookaround is settled on its own and never retried from outside: a
                # choice inside it does not multiply with the repeats around it
                _Checker(self.alphabet).check(
                    list(arg[1]), (frozenset(), frozenset()), False, flags
                )
            elif name in ("AT", "ASSERT", "ASSERT_NOT"):
                continue  # zero width
            elif name == "LITERAL" and not flags & _IGNORECASE:
                inside, escape = frozenset((chr(arg),)), frozenset()
            else:
                inside, escape = self.chars(name, arg, flags), frozenset()
        return inside, escape

    def _choice(
        self,
        own: Chars,
        after: tuple[Chars, Chars],
        repeated: bool,
        count: tuple[int, int],
        parts: list[tuple[Any, Any]],
        right: list[Chars],
        flags: int,
    ) -> None:
        """A repeat's choice, one more round or stop: settled by the next character?"""
        (inside, escape), (low, high) = after, count
        if high > 1 and _nullable(parts):
            raise Ambiguous("a repeat of something that can match nothing")
        if low == high:
            return
        if repeated and own & inside:
            raise Ambiguous("a repeat that can go on or stop at the same character")
        if high > _BOUNDED:
            takes = self.every(parts, flags)
            shared = takes & frozenset().union(*right)
            if own & (inside | escape) and shared:
                # it can give back characters a later repeat takes: each way of sharing
                # them is tried, a power of the reply's length; across words, of every word
                self.weight += 2 if " " in shared else 1
                if self.weight > 1:
                    raise Ambiguous(
                        "repeats that can take the same characters from each other (as "
                        "'.*a.*' or '\\w*\\w*\\w*' do)"
                    )
            self.loops.append(takes)

    def every(self, items: list[tuple[Any, Any]], flags: int) -> Chars:
        """Every character a match of ``items`` can hold."""
        found: set[str] = set()
        for op, arg in items:
            name = str(op)
            if name == "BRANCH":
                for branch in arg[1]:
                    found |= self.every(list(branch), flags)
            elif name in _REPEATS:
                found |= self.every(list(arg[2]), flags)
            elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
                group = arg[-1] if name == "SUBPATTERN" else arg
                found |= self.every(list(group), flags)
            elif name not in ("AT", "ASSERT", "ASSERT_NOT"):
                found |= self.chars(name, arg, flags)
        return frozenset(found)

    def chars(self, name: str, arg: Any, flags: int) -> Chars:
        """The characters one single-character part matches; all of them when not known."""
        fold = bool(flags & _IGNORECASE)
        if name == "LITERAL":
            return _folded(chr(arg), fold)
        if name == "NOT_LITERAL":
            return self.alphabet - _folded(chr(arg), fold)
        if name == "ANY":
            return self.alphabet if flags & _DOTALL else self.alphabet - {"\n"}
        if name == "IN":
            return self.members(arg, fold)
        return self.alphabet

    def members(self, items: Any, fold: bool) -> Chars:
        """The characters a class (``[a-z\\d]``, ``[^ ]``) matches."""
        found: set[str] = set()
        negated = False
        for op, arg in items:
            name = str(op)
            if name == "NEGATE":
                negated = True
            elif name == "LITERAL":
                found |= _folded(chr(arg), fold)
            elif name == "RANGE" and arg[1] - arg[0] < 512:
                found |= {c for n in range(arg[0], arg[1] + 1) for c in _folded(chr(n), fold)}
            elif name == "CATEGORY" and str(arg) in _CATEGORIES:
                category = re.compile(_CATEGORIES[str(arg)])
                found |= {c for c in self.alphabet if category.match(c)}
            else:
                return self.alphabet
        return frozenset(self.alphabet - found if negated else found)


def _overlap(sets: list[Chars]) -> bool:
    seen: set[str] = set()
    for chars in sets:
        if seen & chars:
            return True
        seen |= chars
    return False


def _nullable(items: list[tuple[Any, Any]]) -> bool:
    return bool(sre_parse.SubPattern(sre_parse.State(), items).getwidth()[0] == 0)


def _folded(char: str, fold: bool) -> Chars:
    return frozenset({char, char.lower(), char.upper()} if fold else {char})
