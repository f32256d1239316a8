"""The shipped scenarios, summarised for `sim list` and the picker."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sim.scenario.loader import load_scenario
from sim.sources.locations import scenario_files


@dataclass(frozen=True)
class ScenarioSummary:
    id: str
    title: str
    difficulty: str
    summary: str
    path: Path


def scenario_summaries() -> list[ScenarioSummary]:
    out = []
    for path in scenario_files():
        s = load_scenario(path)
        out.append(ScenarioSummary(s.id, s.title, s.difficulty, s.summary, path))
    return out
