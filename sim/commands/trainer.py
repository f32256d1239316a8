"""Commands for trainers who write scenarios and rubrics. Heavy imports stay inside each handler."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sim.commands import EXIT_FINDINGS, EXIT_OK, load_scenario
from sim.errors import SimError


def validate(args: argparse.Namespace) -> int:
    from sim.authoring.validate import validate_paths

    findings = validate_paths(args.paths)
    if args.format == "json":
        sys.stdout.write(json.dumps([d.as_dict() for d in findings.diagnostics], indent=2) + "\n")
    else:
        for d in findings.diagnostics:
            print(d)
        print(
            f"{findings.files} file(s): {findings.errors} error(s), "
            f"{len(findings.diagnostics) - findings.errors} warning(s)",
            file=sys.stderr,
        )
    return EXIT_FINDINGS if findings.errors else EXIT_OK


def graph(args: argparse.Namespace) -> int:
    from sim.scenario.graph import to_dot, to_mermaid

    scenario, _ = load_scenario(args.scenario)
    sys.stdout.write(to_mermaid(scenario) if args.format == "mermaid" else to_dot(scenario))
    return EXIT_OK


def test(args: argparse.Namespace) -> int:
    from sim.authoring.plans import plan_files, run_plan

    files = plan_files(args.paths)
    if not files:
        raise SimError("no test plans found (*.test.yaml)")
    passed = failed = 0
    rubrics: dict[str, Any] = {}
    for path in files:
        for result in run_plan(path, rubrics):
            if result.ok:
                passed += 1
                print(f"ok    {path}: {result.name}")
            else:
                failed += 1
                print(f"FAIL  {path}: {result.name}")
                for failure in result.failures:
                    print(f"      {failure}")
    print(f"{passed} passed, {failed} failed")
    return EXIT_FINDINGS if failed else EXIT_OK


def explore(args: argparse.Namespace) -> int:

    from sim.authoring.explore import explore, plan_gaps, render
    from sim.authoring.plans import run_plan
    from sim.rubric.loader import load_rubric

    scenario, path = load_scenario(args.scenario)
    loaded = load_rubric("default")
    result = explore(scenario, loaded, walks=args.walks, seed=args.seed)
    default_plan = path.with_name(f"{path.stem}.test.yaml")
    plans = (
        [Path(p) for p in args.plans]
        if args.plans is not None
        else ([default_plan] if default_plan.is_file() else [])
    )
    gaps = plan_gaps(scenario, [r for p in plans for r in run_plan(p)]) if plans else None
    sys.stdout.write(render(scenario, result, gaps, plans))
    return EXIT_FINDINGS if result.stuck else EXIT_OK


def new(args: argparse.Namespace) -> int:

    from sim.authoring.scaffold import new_scenario
    from sim.sources.locations import project_scenarios

    path, plan = new_scenario(args.name, Path(args.dir) if args.dir else project_scenarios())
    print(
        f"created {path}\ncreated {plan}\nnext: sim validate {path} && sim test {plan} "
        f"&& sim play {path}"
    )
    return EXIT_OK
