"""Rubrics loaded and checked before, kept on disk so that the next process skips the work.

Loading the default rubric is mostly checking its patterns (each one's lexicons written
out and read by Python's re parser), then YAML and the learned weights: most of what a
`sim run` waited for. What comes of it depends only on the bytes of the rubric file and of
the weights it names, on where the file is (weights are looked for beside it) and on the
program, so an entry under the cache home (``$XDG_CACHE_HOME/sim/rubrics-v1``, one a
rubric file) keyed on those serves instead. A hit means the same bytes passed the checks
already; a file they refuse is never kept, so it is reported on every run (its lint
findings are kept with it, and so are reported every time too). A run adds the regexes
its scenario's filled placeholders needed (:func:`stale`).

An entry that is cut, edited or unreadable is ignored and written again, never trusted
(:mod:`sim.sources.cache_entries`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sim.errors import Diagnostic
from sim.rubric.matching import patterns
from sim.rubric.matching.patterns import Analysis, Program
from sim.sources import cache_entries

if TYPE_CHECKING:
    from sim.rubric.matching.learned import LearnedModel
    from sim.rubric.model import Rubric

LAYOUT = "rubrics-v1"  # a new layout gets a new folder instead of misreading old entries


@dataclass(frozen=True)
class Entry:
    """A loaded rubric, as far as it can be kept: its matchers are built afresh."""

    context: str  # the hash of the program and of where the file is, when it was written
    sha256: str  # the rubric's bytes and its weights' (LoadedRubric.sha256)
    rubric: Rubric
    learned: LearnedModel | None
    findings: tuple[Diagnostic, ...]  # the rubric's own lint
    analyses: Mapping[str, Analysis]  # its patterns', as the matcher will use them
    programs: Mapping[tuple[str, ...], Program]  # its signals' regexes, compiled


def context(path: Path) -> str:
    """What an entry for ``path`` depends on besides the bytes: the program and the place."""
    return cache_entries.context(LAYOUT, str(path.resolve()))


def entry_path(path: Path) -> Path:
    return cache_entries.entry_path(LAYOUT, path)


def read(path: Path) -> Entry | None:
    """The entry for the rubric at ``path`` if one was written by this program for this
    place; the caller still compares its :attr:`Entry.sha256` with the files' bytes, then
    calls :func:`use`."""
    entry = cache_entries.read(entry_path(path))
    if not isinstance(entry, Entry) or entry.context != context(path):
        return None
    return entry


# each entry read or written, and how much pattern work this process had done by then
_SEEN: dict[Path, int] = {}


def use(path: Path, entry: Entry) -> None:
    """Let the matcher take the entry's analyses and compiled regexes."""
    patterns.remember(entry.analyses, entry.programs)
    _SEEN[entry_path(path)] = patterns.made()


def stale(path: Path) -> bool:
    """Has this process worked out patterns since it read or wrote ``path``'s entry (the
    regexes of a scenario's filled placeholders, say)?"""
    return _SEEN.get(entry_path(path)) != patterns.made()


def write(
    path: Path,
    sha256: str,
    rubric: Rubric,
    learned: LearnedModel | None,
    findings: tuple[Diagnostic, ...],
) -> None:
    """Keep the rubric, with every pattern analysis and regex this process has (a cache that
    cannot be written only costs speed)."""
    analyses, programs = patterns.known()
    entry = Entry(context(path), sha256, rubric, learned, findings, analyses, programs)
    if cache_entries.write(entry_path(path), entry):
        _SEEN[entry_path(path)] = patterns.made()
