"""Shared by the command handlers: exit codes, and scenarios through the gate."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.authoring.gate import Gated
    from sim.errors import Diagnostic

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def warn(diagnostics: Iterable[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)


def load_scenario(ref: str, rubric: str | None = None) -> Gated:
    """A scenario by id (in scenarios/) or by path, checked as `sim validate` checks it:
    errors refuse to run (SourceError: printed, exit 2); warnings are printed here."""
    from sim.authoring.gate import open_scenario  # imports stay lazy for a fast --help

    gated = open_scenario(ref, rubric)
    warn(gated.warnings)
    return gated
