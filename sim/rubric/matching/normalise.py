"""Text is made plain before anything reads it, keeping where each character came from.

Hostile or careless typing must not hide a word from the matcher: compatibility forms
(fullwidth, mathematical bold, ligatures) are folded by NFKC, accents are dropped,
letters that look Latin (Cyrillic "е", Greek "ο") become Latin, zero-width characters
and soft hyphens vanish, a right-to-left override is read in display order, and a word
spelt out as s p a c e d or d.o.t.t.e.d letters is joined. Every character of the plain
text remembers the index of the character of the original it came from, so evidence
spans still point into what the candidate typed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

# Characters that render as nothing: zero-width space/joiners, word joiner, BOM, soft hyphen.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
_RLO, _PDF, _RLI, _PDI = "\u202e", "\u202c", "\u2067", "\u2069"

# Letters of other scripts that look like Latin ones (the common part of Unicode's
# confusables table for Cyrillic and Greek), folded to their Latin skeleton.
_CONFUSABLES = str.maketrans(
    {
        **dict(zip("аеорсухіјѕԁԛԝвнкмтгЬ", "aeopcyxijsdqwbhkmtrb", strict=True)),
        **dict(zip("АЕОРСУХІЈЅВНКМТ", "AEOPCYXIJSBHKMT", strict=True)),
        **dict(zip("αοιρτνυκχεΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "aoiptvukxeABEZHIKMNOPTYX", strict=True)),
        "ӏ": "l",
        "ɡ": "g",
        "ı": "i",
        "ℓ": "l",
    }
)
# Three or more single letters with one separator between each: "s u e", "s.u.e", "s-u-e".
_SPELLED = re.compile(r"(?<![^\W\d_])(?:[^\W\d_][ .\-*_]){2,}[^\W\d_](?![^\W\d_])")


class Plain(NamedTuple):
    text: str
    origin: tuple[int, ...]  # origin[k]: index in the original of plain character k

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of plain characters [start, end)."""
        if start >= end:
            at = self.origin[start] if start < len(self.origin) else self._end()
            return at, at
        run = self.origin[start:end]  # reversed under a right-to-left override
        return min(run), max(run) + 1

    def _end(self) -> int:
        return self.origin[-1] + 1 if self.origin else 0


# A word with its letters starred out ("f***", "s***bag") keeps its place as a word: each
# star becomes "x", so patterns can name a censored word ("[a-z]x{2,}").
_CENSORED = re.compile(r"(?<=[^\W\d_])\*+|\*+(?=[^\W\d_])")


@lru_cache(maxsize=4096)
def plain(text: str) -> Plain:
    """``text`` folded for matching; identity (no copy of the map work) for plain ASCII."""
    if "*" in text:
        text = _CENSORED.sub(lambda m: "x" * len(m.group()), text)  # same length: same map
    if text.isascii() and not _SPELLED.search(text):
        return Plain(text, tuple(range(len(text))))
    chars: list[str] = []
    origin: list[int] = []
    for at, ch in _display_order(text):
        if ch in _INVISIBLE or ch in _BIDI_CONTROLS:
            continue
        folded = _fold(ch)
        chars.extend(folded)
        origin.extend([at] * len(folded))
    return _join_spelled("".join(chars), origin)


def _fold(ch: str) -> str:
    if ch.isascii():
        return ch
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFKC", base).translate(_CONFUSABLES)


def _display_order(text: str) -> list[tuple[int, str]]:
    """Characters with their indices, a right-to-left override's run reversed as shown."""
    out: list[tuple[int, str]] = []
    run: list[tuple[int, str]] | None = None
    for at, ch in enumerate(text):
        if ch in (_RLO, _RLI):
            run = []
        elif ch in (_PDF, _PDI) and run is not None:
            out.extend(reversed(run))
            run = None
        elif run is not None:
            run.append((at, ch))
        else:
            out.append((at, ch))
    if run:
        out.extend(reversed(run))
    return out


def _join_spelled(text: str, origin: list[int]) -> Plain:
    if not _SPELLED.search(text):
        return Plain(text, tuple(origin))
    chars: list[str] = []
    kept: list[int] = []
    last = 0
    for m in _SPELLED.finditer(text):
        chars.append(text[last : m.start()])
        kept.extend(origin[last : m.start()])
        for k in range(m.start(), m.end(), 2):
            chars.append(text[k])
            kept.append(origin[k])
        last = m.end()
    chars.append(text[last:])
    kept.extend(origin[last:])
    return Plain("".join(chars), tuple(kept))
