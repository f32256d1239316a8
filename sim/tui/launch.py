"""`sim play`: check the inputs before the UI starts, then run the candidate app.

Scenarios and the rubric go through the same gate as `sim validate`: a scenario with
errors is refused (exit 2, its diagnostics printed) and the picker offers only those
that pass, saying which it left out."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from sim.authoring.gate import catalog, open_rubric, open_scenario
from sim.errors import Diagnostic, SimError
from sim.records.events import check_candidate
from sim.scenario.listing import cached_catalog
from sim.sources.locations import transcripts_dir


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
    preselected = None
    if args.scenario:
        gated = open_scenario(args.scenario, args.rubric)
        _warn(gated.warnings)
        rubric = gated.rubric
        preselected = (gated.scenario, gated.path)
    else:
        rubric, warnings = open_rubric(args.rubric or "default")
        _warn(warnings)
    found = cached_catalog(args.rubric, lambda: catalog(args.rubric))
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
