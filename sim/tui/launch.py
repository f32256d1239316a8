"""`sim play`: check the inputs before the UI starts, then run the candidate app."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from sim.errors import SimError
from sim.records.events import check_candidate
from sim.rubric.loader import load_rubric
from sim.scenario.catalog import scenario_summaries
from sim.scenario.loader import load_scenario
from sim.sources.locations import SCENARIOS, resolve, transcripts_dir


def play(args: argparse.Namespace) -> int:
    candidate = None
    if args.candidate is not None:
        try:
            candidate = check_candidate(args.candidate)
        except ValueError as exc:
            raise SimError(f"--candidate: {exc}") from None
    transcripts = transcripts_dir(args.transcripts)
    check_writable_folder(transcripts)
    rubric = load_rubric(args.rubric)
    preselected = None
    if args.scenario:
        path = resolve(args.scenario, SCENARIOS, "scenario")
        preselected = (load_scenario(path), path)
    catalog = scenario_summaries()

    from sim.tui.app import PlayApp, PlayConfig  # Textual loads only now

    config = PlayConfig(
        rubric=rubric,
        catalog=catalog,
        preselected=preselected,
        mode=args.mode,
        candidate=candidate,
        seed=args.seed,
        transcripts=transcripts,
    )
    app = PlayApp(config)
    app.run()
    return app.return_code or 0


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
