"""The catalogue's records, and the catalogue kept on disk so that `sim list` and the picker
need not check every scenario again (pydantic models, the rubric, the linter) while nothing
they depend on has changed.

This module imports nothing heavy: a catalogue read from the cache costs a few file reads.
It is keyed on the bytes of every scenario and rubric file that could be read, the rubric
asked for, and the size and time of every file of the program itself (an edited checkout
rebuilds it). Only a catalogue with nothing left out is kept, so a broken file is reported
on every run. A missing, unreadable or corrupt entry is rebuilt, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim import __version__
from sim.errors import Diagnostic
from sim.sources.locations import cache_home, home, program_stamp, rubric_dirs, scenario_dirs

if TYPE_CHECKING:  # a summary is read from the cache without the pydantic models
    from sim.scenario.model import Scenario

FORMAT = 3
NAMED_RUBRIC = re.compile(rb"^rubric:[ \t]*[\"']?([^\"'\s#]+)", re.MULTILINE)


@dataclass(frozen=True)
class ScenarioSummary:
    id: str
    title: str
    difficulty: str
    summary: str
    path: Path
    clean: bool = False  # it passed with no warning either: `sim play` may skip the gate
    trains: tuple[str, ...] = ()  # the competencies it is good practice for

    @classmethod
    def of(cls, scenario: Scenario, path: Path, *, clean: bool = False) -> ScenarioSummary:
        return cls(
            scenario.id,
            scenario.title,
            scenario.difficulty,
            scenario.summary,
            path,
            clean,
            tuple(scenario.assessed.trains),
        )


@dataclass(frozen=True)
class LeftOut:
    """A scenario file not offered, and why."""

    path: Path
    diagnostics: list[Diagnostic]

    @property
    def reason(self) -> str:
        first = self.diagnostics[0]
        more = len(self.diagnostics) - 1
        return f"{first}" + (f" (and {more} more)" if more else "")


@dataclass
class Catalog:
    summaries: list[ScenarioSummary] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)


def cached_catalog(rubric: str | None, build: Callable[[], Catalog]) -> Catalog:
    """The catalogue checked against ``rubric`` (None: each scenario's own): from the cache
    while nothing it depends on has changed, else ``build()``, kept if nothing is left out."""
    entry = _entry_path(rubric)
    key = _key(rubric)
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
        if data["format"] == FORMAT and data["key"] == key:
            return Catalog([_summary(item) for item in data["summaries"]])
    except (OSError, ValueError, KeyError, TypeError):
        pass  # no entry yet, or one that cannot be trusted: build it afresh
    found = build()
    if not found.left_out:
        _store(entry, {"format": FORMAT, "key": key, "summaries": found.summaries})
    return found


def passed_cleanly(found: Catalog, path: Path) -> bool:
    """Whether the catalogue says the scenario at ``path`` passes its checks with nothing
    to warn about (so the command may show it before the rubric is loaded)."""
    where = path.resolve()
    return any(s.clean and s.path.resolve() == where for s in found.summaries)


def _summary(item: dict[str, Any]) -> ScenarioSummary:
    return ScenarioSummary(
        str(item["id"]),
        str(item["title"]),
        str(item["difficulty"]),
        str(item["summary"]),
        Path(item["path"]),
        item.get("clean") is True,
        tuple(str(c) for c in item.get("trains", ())),
    )


def _entry_path(rubric: str | None) -> Path:
    """One entry per project folder and rubric asked for."""
    name = hashlib.sha256(_bytes(f"{home().resolve()}\0{rubric or ''}")).hexdigest()[:20]
    return cache_home() / "catalog" / f"{name}.json"


def _key(rubric: str | None) -> str:
    digest = hashlib.sha256(_bytes(f"{FORMAT}\0{__version__}\0{rubric or ''}\0"))
    files = [p for place in (*scenario_dirs(), *rubric_dirs()) for p in sorted(place.iterdir())]
    if rubric and Path(rubric).is_file():  # a rubric given by path, outside the folders
        files.append(Path(rubric))
    seen: set[Path] = set()
    for path in files:
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        data = path.read_bytes()
        digest.update(_bytes(f"{path.resolve()}\0") + hashlib.sha256(data).digest())
        named = NAMED_RUBRIC.search(data)  # a scenario naming a rubric file beside it
        if named and named[1].endswith((b".yaml", b".yml")):
            files.append(path.parent / os.fsdecode(named[1]))
    digest.update(program_stamp())
    return digest.hexdigest()


def _bytes(text: str) -> bytes:
    """Names as given, even one holding a byte that is not UTF-8 (a lone surrogate)."""
    return text.encode("utf-8", "surrogatepass")


def _store(entry: Path, data: dict[str, object]) -> None:
    """Written whole or not at all (a temporary file renamed); a cache that cannot be
    written (read-only home, full disk) only costs speed."""
    text = json.dumps(data, default=_plain, indent=1)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        partial = entry.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, entry)
    except OSError:
        pass


def _plain(value: object) -> object:
    if isinstance(value, ScenarioSummary):
        return {**asdict(value), "path": str(value.path)}
    raise TypeError(type(value).__name__)
