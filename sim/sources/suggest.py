"""Did-you-mean: the closest known name to a misspelt one, for diagnostics."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(name: str, known: Iterable[str]) -> str | None:
    found = difflib.get_close_matches(name, sorted(set(known)), n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` when a known name is close, else ``""``."""
    found = closest(name, known)
    return f"; did you mean '{found}'?" if found else ""
