"""`sim play`: check the inputs before the UI starts, then run the candidate app.

Scenarios and the rubric go through the same gate as `sim validate`: a scenario with
errors is refused (exit 2, its diagnostics printed) and the picker offers only those
that pass, saying which it left out."""

from __future__ import annotations

import argparse
import sys

from sim.authoring.gate import catalog, open_rubric, open_scenario
from sim.sources.locations import transcripts_dir


def _warn(diagnostics: list) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)


def play(args: argparse.Namespace) -> int:
    preselected = None
    if args.scenario:
        gated = open_scenario(args.scenario, args.rubric)
        _warn(gated.warnings)
        rubric = gated.rubric
        preselected = (gated.scenario, gated.path)
    else:
        rubric, warnings = open_rubric(args.rubric or "default")
        _warn(warnings)
    found = catalog(args.rubric)
    for left in found.left_out:
        print(f"left out {left.path}: {left.reason}", file=sys.stderr)

    from sim.tui.app import PlayApp, PlayConfig  # Textual loads only now

    config = PlayConfig(
        rubric=rubric,
        catalog=found.summaries,
        preselected=preselected,
        mode=args.mode,
        candidate=args.candidate,
        seed=args.seed,
        transcripts=transcripts_dir(args.transcripts),
    )
    app = PlayApp(config)
    app.run()
    return app.return_code or 0
