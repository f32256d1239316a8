"""Commands a candidate or a script uses to take calls. Heavy imports stay inside each handler."""

from __future__ import annotations

import argparse
import json
import sys

from sim.commands import EXIT_OK, load_scenario, warn
from sim.errors import SimError, json_safe


def run(args: argparse.Namespace) -> int:
    if args.interactive:
        return _interactive(args)
    from sim.call.replies import read_replies
    from sim.call.session import Session
    from sim.reports.call_report import to_json
    from sim.reports.text import report_text

    gated = load_scenario(args.scenario, args.rubric)
    scenario, path, rubric = gated.scenario, gated.path, gated.rubric
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
    report = session.call_report()
    sys.stdout.write(to_json(report.as_dict()) if args.json else report_text(report))
    rubric.keep()
    return EXIT_OK


def _interactive(args: argparse.Namespace) -> int:
    """Turn by turn over stdio; a setup error is also a JSON line, so a program reading
    stdout learns why nothing else comes."""
    from sim.call.channel import play, write_line
    from sim.call.session import Session

    try:
        gated = load_scenario(args.scenario, args.rubric)
        session = Session(
            gated.scenario,
            gated.path,
            gated.rubric,
            seed=args.seed,
            candidate=args.candidate,
            mode="headless",
            transcript=args.transcript,
        )
    except SimError as exc:
        write_line(sys.stdout, {"error": str(exc)})
        raise
    play(session, sys.stdin.buffer, sys.stdout)
    gated.rubric.keep()
    return EXIT_OK


def signals(args: argparse.Namespace) -> int:
    from sim.call.replies import clean
    from sim.reports.text import probe_text
    from sim.rubric.loader import load_rubric
    from sim.rubric.matching.near_miss import near_misses
    from sim.rubric.probe import probe

    facts = load_scenario(args.scenario, args.rubric).scenario.facts() if args.scenario else {}
    text, _ = clean(args.text)
    loaded = load_rubric(args.rubric)
    unknown = [s for s in args.expect if s not in loaded.rubric.signals]
    if unknown:
        raise SimError(f"--expect: unknown signal '{unknown[0]}' (see the rubric's signals)")
    found, broken = probe(loaded, text, facts)
    violations = [v.as_dict() for v in broken]
    detected = any(m.status == "detected" for m in found)
    asked = args.expect or ([] if detected else sorted(loaded.rubric.signals))
    misses = near_misses(loaded.matcher(facts), text, asked, limit=3)
    if not args.expect:
        misses = misses[:8]  # nothing matched: the closest few of all signals
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
            "near_misses": [m.as_dict() for m in misses],
        }
        sys.stdout.write(json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n")
    else:
        sys.stdout.write(probe_text(text, found, violations, misses))
    return EXIT_OK


def list(args: argparse.Namespace) -> int:
    from sim.authoring.catalogue import offered

    found = offered()
    for item in found.summaries:
        print(f"{item.id:<22}{item.difficulty:<8}{item.title}")
    for left in found.left_out:
        print(f"left out {left.path}: it does not pass sim validate", file=sys.stderr)
        warn(left.diagnostics)
    return EXIT_OK


def play(args: argparse.Namespace) -> int:
    from sim.tui.launch import play

    return play(args)
