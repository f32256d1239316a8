"""The `sim` command: parses arguments, calls the core, prints. Imports stay lazy so that
`sim --help` is fast and only `play` and `replay` load Textual."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sim.errors import SimError, SourceError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.func(args)
    except SourceError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        return EXIT_USAGE
    except SimError as exc:
        print(f"sim: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: one line, not a traceback (SIM_DEBUG=1 shows it)
        if os.environ.get("SIM_DEBUG"):
            raise
        print(
            f"sim: internal error: {type(exc).__name__}: {exc} (please report it; "
            "SIM_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        return 70
    except BrokenPipeError:
        return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sim", description="Collections-call role-play trainer and assessor."
    )
    from sim import __version__

    parser.add_argument("--version", action="version", version=f"sim {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, func: Callable[[argparse.Namespace], int], help_: str):
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    p = command("play", _play, "take a call in the terminal (the candidate UI)")
    p.add_argument("scenario", nargs="?", help="scenario id or YAML path (default: a picker)")
    p.add_argument("--mode", choices=["practice", "assessment"], default="practice")
    p.add_argument("--candidate", help="candidate id (asked for when missing)")
    p.add_argument("--transcripts", help="folder for transcripts (or SIM_TRANSCRIPTS)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--rubric", default="default")

    p = command("run", _run, "play a scenario headless from a file of replies")
    p.add_argument("scenario", help="scenario id or YAML path")
    p.add_argument("--replies", required=True, help="one reply per non-blank line; - for stdin")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--rubric", default="default", help="rubric id or YAML path")
    p.add_argument("--transcript", help="write the transcript here")
    p.add_argument("--candidate", help="candidate id recorded in the transcript")
    p.add_argument("--json", action="store_true", help="print the JSON report")

    p = command("score", _score, "re-assess saved transcripts (files or folders)")
    p.add_argument("transcripts", nargs="+", metavar="TRANSCRIPT")
    p.add_argument("--rubric", default="default")
    p.add_argument("--json", action="store_true")

    p = command("report", _report, "cohort report over transcripts (files or folders)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--role", default=None, help="rank by this role's fit (default: the first)")
    p.add_argument("--format", choices=["table", "csv", "html", "json"], default="table")
    p.add_argument("-o", "--output", help="write to this file instead of stdout")
    p.add_argument("--rubric", default="default")
    p.add_argument("--scenario", help="only this scenario")
    p.add_argument("--candidate", help="only this candidate")
    p.add_argument("--since", help="only calls on or after this date (YYYY-MM-DD)")
    p.add_argument("--until", help="only calls on or before this date (YYYY-MM-DD)")

    p = command("compare", _compare, "two calls side by side, turn by turn and score by score")
    p.add_argument("a", metavar="TRANSCRIPT_A")
    p.add_argument("b", metavar="TRANSCRIPT_B")
    p.add_argument("--rubric", default="default")

    p = command("review", _review, "record a supervisor's override next to a transcript")
    p.add_argument("transcript")
    p.add_argument("--reviewer", required=True)
    p.add_argument("--reason", required=True)
    p.add_argument("--score", action="append", default=[], metavar="COMPETENCY=N")
    p.add_argument("--dismiss", action="append", default=[], metavar="RULE@TURN")
    p.add_argument("--add", action="append", default=[], metavar="RULE@TURN[:SEVERITY]")
    p.add_argument("--rubric", default="default")

    p = command("replay", _replay, "step through a saved call turn by turn (TUI)")
    p.add_argument("transcript")
    p.add_argument("--rubric", default="default")

    p = command("signals", _signals, "probe which signals and rules one reply triggers")
    p.add_argument("text")
    p.add_argument("--scenario", help="use this scenario's account facts")
    p.add_argument("--rubric", default="default")
    p.add_argument("--json", action="store_true")

    p = command("verify", _verify, "check transcripts' integrity chains")
    p.add_argument("transcripts", nargs="+", metavar="TRANSCRIPT")

    command("list", _list, "list the shipped scenarios")

    p = command("validate", _validate, "lint scenarios, rubrics and test plans")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: all)")
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = command("graph", _graph, "the scenario's state graph")
    p.add_argument("scenario")
    p.add_argument("--format", choices=["mermaid", "dot"], default="mermaid")

    p = command("test", _test, "run scenario test plans (*.test.yaml)")
    p.add_argument("paths", nargs="*", metavar="PATH", help="plans or folders (default: all)")

    p = command("explore", _explore, "random walks through a scenario, and plan coverage")
    p.add_argument("scenario")
    p.add_argument("--walks", type=int, default=200)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--plans", nargs="*", help="test plans to measure (default: the scenario's)")

    p = command("new", _new, "scaffold a new scenario and its test plan")
    p.add_argument("kind", choices=["scenario"])
    p.add_argument("name")
    p.add_argument("--dir", default=None, help="folder (default: the scenarios folder)")
    return parser


def _load_scenario(ref: str):
    from sim.paths import SCENARIOS, resolve
    from sim.scenario.loader import load_scenario

    path = resolve(ref, SCENARIOS, "scenario")
    return load_scenario(path), path


def _run(args: argparse.Namespace) -> int:
    from sim.render import report_text
    from sim.replies import read_replies
    from sim.report import to_json
    from sim.rubric.loader import load_rubric
    from sim.session import Session

    scenario, path = _load_scenario(args.scenario)
    rubric = load_rubric(args.rubric)
    replies = read_replies(args.replies)
    session = Session(
        scenario,
        path,
        rubric,
        seed=args.seed,
        candidate=args.candidate,
        mode="headless",
        transcript=args.transcript,
    )
    played = 0
    for text, truncated in replies:
        if session.ended:
            break
        session.reply(text, capture={"truncated": True} if truncated else None)
        played += 1
    session.finish(unused=[t for t, _ in replies[played:]])
    report = session.report()
    sys.stdout.write(to_json(report) if args.json else report_text(report))
    return EXIT_OK


def _score(args: argparse.Namespace) -> int:
    from sim.cohort import transcript_paths
    from sim.render import report_text
    from sim.report import build_report, to_json
    from sim.rubric.loader import load_rubric
    from sim.transcript import load_transcript

    rubric = load_rubric(args.rubric)
    paths = list(transcript_paths(args.transcripts))
    if not paths:
        raise SimError("no transcripts found")
    if len(paths) == 1 and not any(Path(p).is_dir() for p in args.transcripts):
        report = build_report(load_transcript(paths[0]), rubric)
        sys.stdout.write(to_json(report) if args.json else report_text(report))
        return EXIT_OK
    changes = []
    for path in paths:
        record = load_transcript(path)
        report = build_report(record, rubric)
        changes.append((path, (record.end or {}).get("assessment"), report))
    if args.json:
        sys.stdout.write(to_json([r for _, _, r in changes]))
    else:
        from sim.rescore import summary

        sys.stdout.write(summary(changes, rubric.rubric.id))
    return EXIT_OK


def _signals(args: argparse.Namespace) -> int:
    from sim.render import probe_text
    from sim.replies import clean
    from sim.rubric.loader import load_rubric
    from sim.rubric.probe import probe

    rubric = load_rubric(args.rubric).rubric
    facts = _load_scenario(args.scenario)[0].facts() if args.scenario else {}
    text, _ = clean(args.text)
    found, broken = probe(rubric, text, facts)
    violations = [v.as_dict() for v in broken]
    if args.json:
        data = {
            "text": text,
            "signals": [
                {
                    "id": m.signal,
                    "score": m.score,
                    "span": [m.start, m.end],
                    "evidence": m.evidence,
                    "via": m.via,
                    "source": m.source,
                    "status": m.status,
                }
                for m in found
            ],
            "violations": violations,
        }
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(probe_text(text, found, violations))
    return EXIT_OK


def _verify(args: argparse.Namespace) -> int:
    from sim.transcript import verify

    failed = False
    for path in args.transcripts:
        result = verify(path)
        if result.problems:
            failed = True
            print(f"{path}: FAILED: {'; '.join(result.problems)}")
        else:
            state = "complete" if result.complete else "incomplete (the call did not finish)"
            signed = ", signed" if result.signed else ""
            print(f"{path}: ok, {state}{signed}")
    return EXIT_FINDINGS if failed else EXIT_OK


def _list(args: argparse.Namespace) -> int:
    from sim.catalog import scenario_summaries

    for item in scenario_summaries():
        print(f"{item.id:<22}{item.difficulty:<8}{item.title}")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from sim.validate import validate_paths

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


def _graph(args: argparse.Namespace) -> int:
    from sim.scenario.graph import to_dot, to_mermaid

    scenario, _ = _load_scenario(args.scenario)
    sys.stdout.write(to_mermaid(scenario) if args.format == "mermaid" else to_dot(scenario))
    return EXIT_OK


def _test(args: argparse.Namespace) -> int:
    from sim.testplan import plan_files, run_plan

    files = plan_files(args.paths)
    if not files:
        raise SimError("no test plans found (*.test.yaml)")
    passed = failed = 0
    rubrics: dict = {}
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


def _explore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sim.explore import explore, plan_gaps, render
    from sim.rubric.loader import load_rubric
    from sim.testplan import run_plan

    scenario, path = _load_scenario(args.scenario)
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


def _new(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sim.paths import SCENARIOS
    from sim.scaffold import new_scenario

    path, plan = new_scenario(args.name, Path(args.dir) if args.dir else SCENARIOS)
    print(
        f"created {path}\ncreated {plan}\nnext: sim validate {path} && sim test {plan} "
        f"&& sim play {path}"
    )
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from sim.cohort import Filters, build_cohort
    from sim.rubric.loader import load_rubric

    loaded = load_rubric(args.rubric)
    role = args.role or next(iter(loaded.rubric.roles))
    filters = Filters(args.scenario, args.candidate, args.since, args.until)
    cohort = build_cohort(args.paths, loaded, role, filters)
    if args.format == "html":
        from sim.html_report import html as render
    else:
        from sim import cohort_render

        render = {
            "table": cohort_render.table,
            "csv": cohort_render.to_csv,
            "json": cohort_render.to_json,
        }[args.format]
    text = render(cohort)
    if args.output:
        from sim.files import write_atomic

        write_atomic(Path(args.output), text)
        print(f"wrote {args.output} ({len(cohort.rows)} call(s))", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _compare(args: argparse.Namespace) -> int:
    from sim.compare import compare
    from sim.report import build_report
    from sim.rubric.loader import load_rubric
    from sim.transcript import load_transcript

    loaded = load_rubric(args.rubric)
    a, b = (build_report(load_transcript(p), loaded) for p in (args.a, args.b))
    sys.stdout.write(compare(a, b, args.a, args.b))
    return EXIT_OK


def _review(args: argparse.Namespace) -> int:
    from sim.review import add_review, make_review, parse_overrides, review_path
    from sim.rubric.loader import load_rubric
    from sim.transcript import load_transcript

    record = load_transcript(args.transcript)
    rubric = load_rubric(args.rubric).rubric
    overrides = parse_overrides(args.score, args.dismiss, args.add, rubric, len(record.turns))
    add_review(args.transcript, make_review(args.reviewer, args.reason, overrides))
    print(f"recorded {len(overrides)} override(s) in {review_path(args.transcript)}")
    return EXIT_OK


def _replay(args: argparse.Namespace) -> int:
    from sim.report import build_report
    from sim.review import load_reviews
    from sim.rubric.loader import load_rubric
    from sim.transcript import load_transcript

    loaded = load_rubric(args.rubric)
    report = build_report(load_transcript(args.transcript), loaded)
    reviews = load_reviews(args.transcript)

    from sim.tui.replay import ReplayApp  # Textual loads only now

    ReplayApp(report, reviews, title=args.transcript).run()
    return EXIT_OK


def _play(args: argparse.Namespace) -> int:
    from sim.tui.launch import play

    return play(args)
