"""Where scenarios, rubrics and transcripts live, and how ids resolve to files.

Two places are searched, in this order:

1. the project folder: ``$SIM_HOME`` if set, else the current directory; its
   ``scenarios/`` and ``rubrics/`` hold a team's own files (and override a shipped file
   of the same id), and ``transcripts/`` is where calls are saved by default;
2. the shipped files, package data under ``sim/data/`` read with ``importlib.resources``,
   so an installed ``sim`` finds them from any directory.
"""

from __future__ import annotations

import atexit
import difflib
import functools
import os
from contextlib import ExitStack
from importlib import resources
from pathlib import Path

from sim.errors import SimError


def _shipped_root() -> Path:
    """The package data folder as a real path (extracted once if installed zipped)."""
    data = resources.files("sim.data")
    if isinstance(data, Path):
        return data
    stack = ExitStack()  # pragma: no cover - only for zipped installs
    atexit.register(stack.close)
    return Path(stack.enter_context(resources.as_file(data)))


SHIPPED = _shipped_root()
SCENARIOS = SHIPPED / "scenarios"  # the shipped scenarios and their test plans
RUBRICS = SHIPPED / "rubrics"  # the shipped default rubric and its learned weights


def home() -> Path:
    """The project folder: ``$SIM_HOME``, else the current directory."""
    return Path(os.environ.get("SIM_HOME") or Path.cwd())


def scenario_dirs() -> list[Path]:
    """The folders searched for scenarios, the project's own first."""
    own = home() / "scenarios"
    return (
        [own, SCENARIOS] if own.is_dir() and own.resolve() != SCENARIOS.resolve() else [SCENARIOS]
    )


def rubric_dirs() -> list[Path]:
    """The folders searched for rubrics, the project's own first."""
    own = home() / "rubrics"
    return [own, RUBRICS] if own.is_dir() and own.resolve() != RUBRICS.resolve() else [RUBRICS]


def project_scenarios() -> Path:
    """Where `sim new scenario` writes: the project's ``scenarios/``, never the package."""
    return home() / "scenarios"


def cache_home() -> Path:
    """Where `sim` keeps what it can work out again (never needed, only faster):
    ``$XDG_CACHE_HOME/sim``, else ``~/.cache/sim``."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sim"


PROGRAM = Path(__file__).resolve().parents[1]  # the sim package: its code and shipped data


@functools.cache
def program_stamp() -> bytes:
    """The name, size and time of every file of the program: what a cache entry keys on so
    that an edited checkout (whose version number has not moved) never reads an old one.
    Taken once a process (it walks the package), for every cache that keys on it."""
    found = []
    for folder, dirs, names in os.walk(PROGRAM):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            stat = os.stat(os.path.join(folder, name))
            found.append(f"{folder}/{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0")
    return "".join(found).encode("utf-8", "surrogatepass")


def transcripts_dir(explicit: str | None = None) -> Path:
    return Path(explicit or os.environ.get("SIM_TRANSCRIPTS") or home() / "transcripts")


def scenario_files() -> list[Path]:
    """Every scenario once by id; a project's own file hides a shipped one of the same id."""
    found: dict[str, Path] = {}
    for folder in scenario_dirs():
        for p in sorted(folder.glob("*.yaml")):
            if not p.name.endswith(".test.yaml"):
                found.setdefault(p.stem, p)
    return sorted(found.values(), key=lambda p: p.stem)


def resolve(ref: str, folders: Path | list[Path], kind: str) -> Path:
    """An id ('angry-customer') in the first of ``folders`` that has it, or a path."""
    path = Path(ref)
    if path.suffix in {".yaml", ".yml"} or os.sep in ref or "/" in ref:
        if not path.is_file():
            raise SimError(f"{ref}: no such {kind} file")
        return path
    searched = [folders] if isinstance(folders, Path) else folders
    for folder in searched:
        candidate = folder / f"{ref}.yaml"
        if candidate.is_file():
            return candidate
    known = sorted(
        {
            p.stem
            for folder in searched
            for p in folder.glob("*.yaml")
            if not p.stem.endswith(".test")
        }
    )
    close = difflib.get_close_matches(ref, known, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise SimError(f"unknown {kind} '{ref}'; {hint}known: {', '.join(known) or 'none'}")
