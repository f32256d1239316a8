"""`sim play`: check the inputs before the UI starts, then run the candidate app."""

from __future__ import annotations

import argparse

from sim.rubric.loader import load_rubric
from sim.scenario.catalog import scenario_summaries
from sim.scenario.loader import load_scenario
from sim.sources.locations import resolve, scenario_dirs, transcripts_dir


def play(args: argparse.Namespace) -> int:
    rubric = load_rubric(args.rubric)
    preselected = None
    if args.scenario:
        path = resolve(args.scenario, scenario_dirs(), "scenario")
        preselected = (load_scenario(path), path)
    catalog = scenario_summaries()

    from sim.tui.app import PlayApp, PlayConfig  # Textual loads only now

    config = PlayConfig(
        rubric=rubric,
        catalog=catalog,
        preselected=preselected,
        mode=args.mode,
        candidate=args.candidate,
        seed=args.seed,
        transcripts=transcripts_dir(args.transcripts),
    )
    app = PlayApp(config)
    app.run()
    return app.return_code or 0
