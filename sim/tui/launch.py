"""`sim play`: check the inputs before the UI starts, then run the candidate app.

Scenarios and the rubric go through the same gate as `sim validate`: a scenario with
errors is refused (exit 2, its diagnostics printed) and the picker offers only those
that pass, saying which it left out."""

from __future__ import annotations

import argparse
import functools
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sim.authoring.catalogue import offered
from sim.errors import Diagnostic, SimError
from sim.records.events import check_candidate
from sim.scenario.listing import passed_cleanly
from sim.scenario.loader import load_scenario
from sim.sources.locations import resolve, scenario_dirs, transcripts_dir

if TYPE_CHECKING:
    from sim.rubric.loader import LoadedRubric


def _warn(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)


def play(args: argparse.Namespace) -> int:
    candidate = None
    if args.candidate is not None:
        try:
            candidate = check_candidate(args.candidate)
        except ValueError as exc:
            raise SimError(f"--candidate: {exc}") from None
    transcripts = transcripts_dir(args.transcripts)
    check_writable_folder(transcripts)
    found = offered(args.rubric)
    preselected = None
    rubric: LoadedRubric | Callable[[], LoadedRubric]
    if args.scenario and passed_cleanly(
        found, path := resolve(args.scenario, scenario_dirs(), "scenario")
    ):
        # Unchanged since it passed the gate with nothing to say: the briefing shows now,
        # and the rubric (the slow part) loads while the candidate reads it.
        scenario = load_scenario(path)
        preselected = (scenario, path)
        rubric = functools.partial(_rubric_for, args.rubric, scenario.rubric, path)
    elif args.scenario:
        from sim.authoring.gate import open_scenario  # the rubric and the checks: slow

        gated = open_scenario(args.scenario, args.rubric)
        _warn(gated.warnings)
        rubric = gated.rubric
        preselected = (gated.scenario, gated.path)
    else:
        from sim.authoring.gate import open_rubric

        rubric, warnings = open_rubric(args.rubric or "default")
        _warn(warnings)
    for left in found.left_out:
        print(f"left out {left.path}: {left.reason}", file=sys.stderr)

    from sim.tui.app import PlayApp, PlayConfig  # Textual loads only now

    config = PlayConfig(
        rubric=rubric,
        catalog=found.summaries,
        preselected=preselected,
        mode=args.mode,
        candidate=candidate,
        seed=args.seed,
        transcripts=transcripts,
    )
    app = PlayApp(config)
    app.run()
    return app.return_code or 0


def _rubric_for(given: str | None, named: str | None, scenario: Path) -> LoadedRubric:
    """The rubric the call is scored with, as the gate finds it (given, else named)."""
    from sim.authoring.gate import open_rubric
    from sim.rubric.loader import rubric_ref

    return open_rubric(given or rubric_ref(named, scenario), warnings=False)[0]


def check_writable_folder(folder: Path) -> None:
    """Fail before the call, not after its first turn, if transcripts cannot be saved."""
    if folder.exists() and not folder.is_dir():
        raise SimError(f"{folder}: not a folder (transcripts are saved in a folder)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise SimError(
            f"{folder}: cannot save transcripts there ({exc.strerror or type(exc).__name__})"
        ) from None
