"""Commands for trainers who write scenarios and rubrics. Heavy imports stay inside each handler."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sim.commands import EXIT_FINDINGS, EXIT_OK, load_scenario, warn
from sim.errors import SimError, SourceError


def validate(args: argparse.Namespace) -> int:
    from sim.authoring.validate import validate_paths

    findings = validate_paths(args.paths, args.rubric)
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

    scenario = load_scenario(args.scenario, args.rubric).scenario
    sys.stdout.write(to_mermaid(scenario) if args.format == "mermaid" else to_dot(scenario))
    return EXIT_OK


def test(args: argparse.Namespace) -> int:
    from sim.authoring.plans import open_plan, plan_files, play_plan

    files = plan_files(args.paths)
    if not files:
        raise SimError("no test plans found (*.test.yaml)")
    gated, refused = [], []
    for path in files:  # every plan through the gate before any is played
        try:
            gated.append(open_plan(path, args.rubric))
        except SourceError as exc:
            refused += exc.diagnostics
    if refused:
        raise SourceError(refused)
    passed = failed = 0
    for plan in gated:
        warn(plan.warnings)
        print(f"plan  {plan.path}: scenario {plan.scenario.id}, rubric {plan.rubric.name}")
        for result in play_plan(plan):
            if result.ok:
                passed += 1
                print(f"ok    {plan.path}: {result.name}")
            else:
                failed += 1
                print(f"FAIL  {plan.path}: {result.name}")
                for failure in result.failures:
                    print(f"      {failure}")
    print(f"{passed} passed, {failed} failed")
    return EXIT_FINDINGS if failed else EXIT_OK


def explore(args: argparse.Namespace) -> int:

    from sim.authoring.explore import explore, plan_gaps, render
    from sim.authoring.plans import run_plan

    gated = load_scenario(args.scenario, args.rubric)
    scenario, path, loaded = gated.scenario, gated.path, gated.rubric
    result = explore(scenario, loaded, walks=args.walks, seed=args.seed)
    default_plan = path.with_name(f"{path.stem}.test.yaml")
    plans = (
        [Path(p) for p in args.plans]
        if args.plans is not None
        else ([default_plan] if default_plan.is_file() else [])
    )
    gaps = (
        plan_gaps(scenario, [r for p in plans for r in run_plan(p, args.rubric)]) if plans else None
    )
    sys.stdout.write(render(scenario, result, gaps, plans, show_all=args.all))
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
