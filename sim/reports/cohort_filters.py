"""Which transcripts a cohort reads, and which of them it lists and ranks."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sim.errors import SimError


def transcript_paths(paths: Iterable[str]) -> Iterator[Path]:
    """Each transcript under ``paths`` once, however often a file or folder is given: a
    folder's ``*.jsonl`` files but reviews, at any depth (symlinked folders not entered), in
    path order."""
    return map(Path, transcript_names(paths))


def transcript_names(paths: Iterable[str]) -> Iterator[str]:
    """:func:`transcript_paths` as strings, as the cohort's map takes them: a Path costs
    ~1 KB and a few microseconds, a big folder 50,000 of them."""
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            folder = str(path)
            found, real = _under(folder), os.path.realpath(folder)
        elif path.exists():
            found, real = [str(path)], None
        else:
            raise SimError(f"{raw}: no such transcript or folder")
        for p in found:
            # below a real folder only the file itself can be a link: one lstat, not one a part
            same = real + p[len(folder) :] if real and not os.path.islink(p) else None
            same = same or os.path.realpath(p)
            if same not in seen:
                seen.add(same)
                yield p


def _under(folder: str) -> list[str]:
    """As ``sorted(Path(folder).rglob("*.jsonl"))`` without reviews: a path sorts by its
    parts, which is its text with the separator below every other character."""
    found = [
        os.path.join(top, name)
        for top, dirs, files in os.walk(folder)
        for name in (*dirs, *files)
        if name.endswith(".jsonl") and not name.endswith(".review.jsonl")
    ]
    return sorted(found, key=lambda p: p.replace(os.sep, "\0"))


def parse_day(value: str | None, option: str) -> date | None:
    """A ``--since``/``--until`` date; anything but YYYY-MM-DD is a clear error."""
    if value is None:
        return None
    text = value.strip()
    try:
        if len(text) == len("YYYY-MM-DD"):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise SimError(f"{option} {value}: write the date as YYYY-MM-DD, e.g. 2026-11-05")


@dataclass(frozen=True)
class CallHeader:
    """What the filters read of a transcript's header."""

    scenario: str
    candidate: str | None
    started_at: str | None
    mode: str | None

    @property
    def day(self) -> date | None:
        try:
            return datetime.fromisoformat(self.started_at or "").date()
        except ValueError:
            return None


@dataclass(frozen=True)
class Filters:
    scenario: str | None = None
    candidate: str | None = None
    since: date | None = None  # inclusive
    until: date | None = None
    mode: str | None = None  # None: list every mode, rank assessments; "all": rank all

    @classmethod
    def parse(
        cls,
        scenario: str | None = None,
        candidate: str | None = None,
        since: str | None = None,
        until: str | None = None,
        mode: str | None = None,
    ) -> Filters:
        return cls(
            scenario, candidate, parse_day(since, "--since"), parse_day(until, "--until"), mode
        )

    def candidate_matches(self, stored: str | None) -> bool:
        """``--candidate c-101`` finds 'c-101 Avery': the whole id or its first word,
        ignoring case."""
        if not self.candidate:
            return True
        given, have = self.candidate.strip().casefold(), (stored or "").casefold()
        return have == given or have.split(" ")[0] == given

    def keep(self, header: CallHeader) -> bool:
        day = header.day
        return (
            (not self.scenario or header.scenario == self.scenario)
            and self.candidate_matches(header.candidate)
            and (not self.since or (day is not None and day >= self.since))
            and (not self.until or (day is not None and day <= self.until))
            and (self.mode in (None, "all") or header.mode == self.mode)
        )

    def ranks(self, mode: str | None) -> bool:
        return self.mode == "all" or mode == (self.mode or "assessment")
