"""Where shipped scenarios, rubrics and transcripts live, and how ids resolve to files."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from sim.errors import SimError

ROOT = Path(os.environ.get("SIM_HOME") or Path(__file__).resolve().parents[2])
SCENARIOS = ROOT / "scenarios"
RUBRICS = ROOT / "rubrics"


def transcripts_dir(explicit: str | None = None) -> Path:
    return Path(explicit or os.environ.get("SIM_TRANSCRIPTS") or ROOT / "transcripts")


def scenario_files() -> list[Path]:
    return sorted(p for p in SCENARIOS.glob("*.yaml") if not p.name.endswith(".test.yaml"))


def resolve(ref: str, folder: Path, kind: str) -> Path:
    """An id ('angry-customer') in ``folder``, or a path to a YAML file."""
    path = Path(ref)
    if path.suffix in {".yaml", ".yml"} or os.sep in ref or "/" in ref:
        if not path.is_file():
            raise SimError(f"{ref}: no such {kind} file")
        return path
    candidate = folder / f"{ref}.yaml"
    if candidate.is_file():
        return candidate
    known = sorted(p.stem for p in folder.glob("*.yaml") if not p.stem.endswith(".test"))
    close = difflib.get_close_matches(ref, known, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise SimError(f"unknown {kind} '{ref}'; {hint}known: {', '.join(known) or 'none'}")
