"""Shared by the command handlers: exit codes and scenario lookup."""

from __future__ import annotations

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def load_scenario(ref: str):
    """A scenario by id (in scenarios/) or by path, with the path it came from."""
    from sim.scenario.loader import load_scenario as load
    from sim.sources.locations import SCENARIOS, resolve

    path = resolve(ref, SCENARIOS, "scenario")
    return load(path), path
