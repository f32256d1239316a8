"""Commands for supervisors: review, re-score and compare calls (imports stay lazy)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.commands import EXIT_FINDINGS, EXIT_OK
from sim.errors import SimError

if TYPE_CHECKING:
    from sim.reports.cohort_run import Where


def score(args: argparse.Namespace) -> int:
    from sim.records.chain import key
    from sim.reports.audited import audit
    from sim.reports.call_report import to_json
    from sim.reports.cohort_filters import transcript_paths
    from sim.reports.cohort_run import Run
    from sim.reports.match_cache import MatchCache
    from sim.reports.rescore import Change, summary, verdict_text
    from sim.reports.rescore_map import ScoreJob, score_chunk
    from sim.reports.result_cache import ResultCache
    from sim.reports.text import report_text
    from sim.rubric.loader import load_rubric

    rubric = load_rubric(args.rubric)
    paths = list(transcript_paths(args.transcripts))
    if not paths:
        raise SimError("no transcripts found")
    if len(paths) == 1 and not any(Path(p).is_dir() for p in args.transcripts):
        call = audit(paths[0], rubric)
        report = call.machine.as_dict()
        # A trusted, unreviewed call's report stays byte for byte the run's; the human
        # verdict goes beside the machine's, and a call that cannot be relied on never passes.
        if call.reviewed:
            report["human"] = call.reviewed.as_dict()
        if call.problems:
            report["passed"], report["verdict"] = False, call.headline.verdict
            report["problems"] = call.problems
        if args.json:
            sys.stdout.write(to_json(report))
        else:
            sys.stdout.write(verdict_text(call) + report_text(call.machine))
        return EXIT_OK if call.verified else EXIT_FINDINGS
    where, folder = _scale(args)
    cache = matches = None
    if folder:
        options = ("json",) if args.json else ()
        cache = ResultCache.open(folder, "score", rubric.sha256, key(), options)
        matches = MatchCache.open(folder, rubric)
    changes: list[Change] = []
    skipped = 0
    for part in Run(score_chunk, ScoreJob(rubric, key(), args.json, cache, matches)).parts(
        [str(p) for p in paths], where
    ):
        for done in part:
            if done.change is None:
                print(f"sim: warning: skipped: {done.problem}", file=sys.stderr)
                skipped += 1
            else:
                changes.append(done.change)
    if args.json:
        sys.stdout.write(to_json([c.as_dict() for c in changes]))
    else:
        sys.stdout.write(summary(changes, rubric))
        if skipped:
            sys.stdout.write(f"skipped {skipped} file(s) that could not be read (see above)\n")
    unverified = any(not c.verified for c in changes)
    return EXIT_FINDINGS if skipped or unverified else EXIT_OK


def report(args: argparse.Namespace) -> int:
    from sim.reports.cohort import Filters, build_cohort
    from sim.rubric.loader import load_rubric

    loaded = load_rubric(args.rubric)
    role = args.role or next(iter(loaded.rubric.roles))
    filters = Filters.parse(args.scenario, args.candidate, args.since, args.until, args.mode)
    where, cache = _scale(args)
    cohort = build_cohort(
        args.paths,
        loaded,
        role,
        filters,
        include_unverified=args.include_unverified,
        where=where,
        cache=cache,
    )
    text = _rendered(cohort, args.format)
    for _, why in cohort.skipped:
        print(f"sim: warning: skipped: {why}", file=sys.stderr)
    for warning in cohort.warnings:
        print(f"sim: warning: {warning}", file=sys.stderr)
    for path, problem in cohort.problems():
        print(f"sim: warning: {path}: {problem}", file=sys.stderr)
    if args.output:
        from sim.records.atomic_write import write_atomic

        write_atomic(Path(args.output), text)
        print(f"wrote {args.output} ({len(cohort.rows)} call(s))", file=sys.stderr)
    else:
        for piece in text:  # write(), which the CLI makes safe for a terminal
            sys.stdout.write(piece)
    unreliable = cohort.skipped or cohort.unverified_count
    return EXIT_FINDINGS if unreliable else EXIT_OK


def _rendered(cohort: Any, fmt: str) -> Iterable[str]:
    """The report in ``fmt``; the table and CSV a line at a time, as they are written."""
    from sim.reports import cohort_formats

    if fmt == "table":
        return cohort_formats.table_text(cohort)
    if fmt == "csv":
        return cohort_formats.csv_text(cohort)
    if fmt == "html":
        from sim.reports.cohort_html import html

        return [html(cohort)]
    if fmt == "xapi":
        from sim.reports.xapi import statements

        return [statements(cohort)]
    return [cohort_formats.to_json(cohort)]


def _scale(args: argparse.Namespace) -> tuple[Where, Path | None]:
    """Where the per-call work runs, and the result cache's folder (None: no cache)."""
    from sim.reports.cohort_run import Where, all_cores
    from sim.reports.result_cache import default_folder

    where = Where(all_cores() if args.jobs is None else args.jobs, args.dask)
    if args.no_cache:
        return where, None
    return where, Path(args.cache_dir) if args.cache_dir else default_folder()


def compare(args: argparse.Namespace) -> int:
    from sim.reports.audited import audit
    from sim.reports.compare import compare
    from sim.rubric.loader import load_rubric

    loaded = load_rubric(args.rubric)
    a, b = (_call_of(side, args, loaded) for side in (args.a, args.b))
    sys.stdout.write(compare(audit(a, loaded), audit(b, loaded), str(a), str(b)))
    return EXIT_OK


def _call_of(side: str, args: argparse.Namespace, loaded: Any) -> Path:
    """A transcript, or a candidate's latest ranked call (of ``--scenario``) in ``--in``."""
    from sim.reports.cohort import Filters, build_cohort
    from sim.sources.locations import transcripts_dir

    if Path(side).is_file():
        return Path(side)
    folders = args.folders or [str(transcripts_dir())]
    role = next(iter(loaded.rubric.roles))
    cohort = build_cohort(folders, loaded, role, Filters(args.scenario, side))
    calls = cohort.ranked
    if not calls:
        where = ", ".join(folders)
        raise SimError(
            f"{side}: not a transcript, nor a candidate with a ranked call in {where}"
            + (f" of scenario {args.scenario}" if args.scenario else "")
        )
    return Path(max(calls, key=lambda r: (r.started_at, r.path)).path)


def review(args: argparse.Namespace) -> int:
    from sim.records.review import Action, add_review, make_review, parse_overrides, review_path
    from sim.reports.audited import audit
    from sim.rubric.loader import load_rubric

    loaded = load_rubric(args.rubric)
    call = audit(args.transcript, loaded)
    if not call.check.ok:
        raise SimError(
            f"{args.transcript}: cannot review a call that fails its check: {call.check.state()}"
        )
    standing = (call.reviewed or call.machine).violations
    overrides = parse_overrides(
        args.score,
        args.dismiss,
        args.add,
        loaded.rubric,
        len(call.record.turns),
        standing,
        call.machine.not_applicable,
    )
    action, target = Action.REVIEW, None
    if args.amend is not None:
        action, target = Action.AMEND, args.amend
    elif args.revoke is not None:
        action, target = Action.REVOKE, args.revoke
    recorded = add_review(
        args.transcript, make_review(args.reviewer, args.reason, overrides, action, target)
    )
    print(f"recorded review {recorded.number} in {review_path(args.transcript)}")
    after = audit(args.transcript, loaded).headline
    machine = call.machine
    print(
        f"{after.by} verdict: overall {after.overall}, {_passed(after.passed)} "
        f"(machine: {machine.overall}, {_passed(machine.passed)})"
    )
    return EXIT_OK


def _passed(value: bool) -> str:
    return "passed" if value else "not passed"


def replay(args: argparse.Namespace) -> int:
    from sim.reports.audited import audit
    from sim.rubric.loader import load_rubric

    call = audit(args.transcript, load_rubric(args.rubric))
    for problem in call.problems:
        print(f"sim: warning: {args.transcript}: {problem}", file=sys.stderr)

    from sim.tui.replay import ReplayApp  # Textual loads only now

    ReplayApp(call, title=args.transcript).run()
    return EXIT_OK


def verify(args: argparse.Namespace) -> int:
    from sim.records.review import verify_reviews
    from sim.records.transcript import verify

    failed = False
    for path in args.transcripts:  # every file is checked, whatever the ones before held
        result = verify(path)
        failed = failed or not result.ok
        print(f"{path}: {result.state()}")
        if result.ok:
            reviews = verify_reviews(path, result)
            if reviews is not None:
                failed = failed or not reviews.ok
                print(f"{reviews.path}: {reviews.state()}")
    return EXIT_FINDINGS if failed else EXIT_OK


def _server_folder(explicit: str | None) -> Path:
    import os

    from sim.sources.locations import home

    return Path(explicit or os.environ.get("SIM_SERVE_DIR") or home() / "server")


def serve(args: argparse.Namespace) -> int:
    from sim.web.invites import ServerFolder
    from sim.web.server import ServeConfig, serve

    if args.max_calls < 1 or args.rate_limit < 1:
        raise SimError("--max-calls and --rate-limit must be at least 1")
    if not 0 <= args.port <= 65535:
        raise SimError(f"--port {args.port}: a port is 0 to 65535")
    config = ServeConfig(
        folder=ServerFolder(_server_folder(args.dir)),
        host=args.host,
        port=args.port,
        supervisor_token=args.supervisor_token,
        max_calls=args.max_calls,
        rate_limit=args.rate_limit,
        rubric=args.rubric,
    )
    try:
        serve(config)
    except (OSError, UnicodeError) as exc:  # the address: taken, not ours, not a name
        why = getattr(exc, "strerror", None) or exc
        raise SimError(f"cannot listen on {args.host}:{args.port} ({why})") from None
    return EXIT_OK


def invite(args: argparse.Namespace) -> int:
    import os

    from sim.records.events import check_candidate
    from sim.scenario.loader import find_scenario
    from sim.web.invites import ServerFolder, parse_duration

    try:  # refused now, not when the candidate opens the link
        candidate = check_candidate(args.candidate)
    except ValueError as exc:
        raise SimError(f"--candidate: {exc}") from None
    scenario, _ = find_scenario(args.scenario)
    seconds = parse_duration(args.expires)
    folder = ServerFolder(_server_folder(args.dir))
    token = folder.create(candidate, scenario.id, args.mode, seconds, args.attempts)
    base = (args.url or os.environ.get("SIM_SERVE_URL") or "http://127.0.0.1:8000").rstrip("/")
    print(f"{base}/call/{token}")
    print(
        f"{candidate}: {scenario.id} ({args.mode}), {args.attempts} call(s), "
        f"expires in {args.expires}",
        file=sys.stderr,
    )
    return EXIT_OK
