"""Shared by the command handlers: exit codes and scenario lookup."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.scenario.model import Scenario

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def load_scenario(ref: str) -> tuple[Scenario, Path]:
    """A scenario by id (in scenarios/) or by path, with the path it came from."""
    from sim.scenario.loader import find_scenario  # imports stay lazy for a fast --help

    return find_scenario(ref)
