"""Scenarios checked before, kept on disk so that the next `sim run` skips the YAML, the
model's validation and the lint (issue 19).

What the gate makes of a scenario file depends only on its bytes, on where it is and how
it was named (its findings name the file as given), on the program, and on the rubric's
terms it was checked against; an entry under the cache home (``$XDG_CACHE_HOME/sim/
scenarios-v1``, one a scenario file) keyed on those serves instead. A file with errors is
never kept, so it is refused on every run; its warnings are kept with it and printed every
time. Entries are read and written as :mod:`sim.sources.cache_entries` says (a damaged one
is ignored and written again).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sim.errors import Diagnostic
from sim.sources import cache_entries

if TYPE_CHECKING:
    from sim.scenario.model import Scenario
    from sim.scenario.terms import Terms

LAYOUT = "scenarios-v1"  # a new layout gets a new folder instead of misreading old entries


@dataclass(frozen=True)
class Entry:
    """A scenario that passed the gate, with what it was checked against."""

    context: str  # the hash of the program and of where the file is, when it was written
    sha256: str  # the file's bytes
    named: str | None  # the rubric the file names (``rubric:``), as written
    terms: Terms  # the rubric's, as the checks saw them
    scenario: Scenario
    warnings: tuple[Diagnostic, ...]


def _context(path: Path) -> str:
    return cache_entries.context(LAYOUT, str(path.resolve()), str(path))


def read(path: Path, data: bytes) -> Entry | None:
    """The entry for the scenario at ``path`` if it was made by this program from these
    bytes; the caller still compares :attr:`Entry.terms` with the rubric's."""
    entry = cache_entries.read(cache_entries.entry_path(LAYOUT, path))
    if not isinstance(entry, Entry) or entry.context != _context(path):
        return None
    return entry if entry.sha256 == hashlib.sha256(data).hexdigest() else None


def write(
    path: Path,
    data: bytes,
    named: str | None,
    terms: Terms,
    scenario: Scenario,
    warnings: list[Diagnostic],
) -> None:
    """Keep the scenario made of ``data`` (a cache that cannot be written only costs speed)."""
    sha256 = hashlib.sha256(data).hexdigest()
    entry = Entry(_context(path), sha256, named, terms, scenario, tuple(warnings))
    cache_entries.write(cache_entries.entry_path(LAYOUT, path), entry)
