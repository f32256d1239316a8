"""The `sim` command: parses arguments, calls the core, prints. Imports stay lazy so that
`sim --help` is fast and only `play` and `replay` load Textual."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TextIO

from sim.commands import EXIT_OK, EXIT_USAGE, calls, supervisor, trainer
from sim.errors import SimError, SourceError, terminal_safe

RUBRIC_HELP = "rubric id or YAML path (default: the one the file names, else 'default')"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    with neutralised_output():  # a usage error quotes what was typed
        args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    if args.func not in (calls.play, supervisor.replay):  # the TUI writes escapes on purpose
        with neutralised_output():
            return _run(args)
    return _run(args)


class _Neutralising:
    """A text stream that shows control, C1 and bidi characters as visible escapes, so text
    from a transcript, a scenario or a candidate cannot drive or hide the terminal."""

    def __init__(self, stream: TextIO):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(terminal_safe(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def neutralised_output() -> Iterator[None]:
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Neutralising(out), _Neutralising(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def _run(args: argparse.Namespace) -> int:
    try:
        code: int = args.func(args)
        return code
    except SourceError as exc:
        for diagnostic in exc.diagnostics:
            _error(str(diagnostic))
        return EXIT_USAGE
    except SimError as exc:
        _error(f"sim: error: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `sim test | head`: the reader has gone, nothing to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that the exit's flush is quiet too
        return EXIT_OK
    except OSError as exc:  # a path given that the system refuses (too long, a loop...)
        name = "" if exc.filename is None else str(exc.filename)
        where = f"{name[:100]}...{name[-60:]}: " if len(name) > 200 else f"{name}: " if name else ""
        _error(f"sim: error: {where}{exc.strerror or exc}")
        return EXIT_USAGE
    except Exception as exc:  # a bug: one line, not a traceback (SIM_DEBUG=1 shows it)
        if os.environ.get("SIM_DEBUG"):
            raise
        _error(
            f"sim: internal error: {type(exc).__name__}: {exc} (please report it; "
            "SIM_DEBUG=1 shows the traceback)"
        )
        return 70


def _error(text: str) -> None:
    """One message on stderr, neutralised even where the output is not (play, replay)."""
    print(terminal_safe(text), file=sys.stderr)


def _cohort_options(p: argparse.ArgumentParser) -> None:
    """Where `score` and `report` do their per-call work, and what they may reuse."""
    p.add_argument(
        "--jobs", type=int, default=None, help="processes to use (default: all cores; 1: no pool)"
    )
    p.add_argument(
        "--dask", metavar="ADDRESS", help="run on this Dask scheduler (the extra sim[dask])"
    )
    p.add_argument(
        "--cache-dir",
        help="keep per-call results here (default: $SIM_CACHE_DIR, else $XDG_CACHE_HOME/sim)",
    )
    p.add_argument("--no-cache", action="store_true", help="assess every call again")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sim", description="Collections-call role-play trainer and assessor."
    )
    from sim import __version__

    parser.add_argument("--version", action="version", version=f"sim {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(
        name: str, func: Callable[[argparse.Namespace], int], help_: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    p = command("play", calls.play, "take a call in the terminal (the candidate UI)")
    p.add_argument("scenario", nargs="?", help="scenario id or YAML path (default: a picker)")
    p.add_argument("--mode", choices=["practice", "assessment"], default="practice")
    p.add_argument("--candidate", help="candidate id (asked for when missing)")
    p.add_argument("--transcripts", help="folder for transcripts (or SIM_TRANSCRIPTS)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--rubric", default=None, help=RUBRIC_HELP)

    p = command(
        "run", calls.run, "play a scenario headless: from a file of replies, or turn by turn"
    )
    p.add_argument("scenario", help="scenario id or YAML path")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--replies", help="one reply per non-blank line; - for stdin")
    how.add_argument(
        "--interactive",
        action="store_true",
        help="one reply per stdin line; a JSON line after each turn, the report last",
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--rubric", default=None, help=RUBRIC_HELP)
    p.add_argument("--transcript", help="write the transcript here")
    p.add_argument("--candidate", help="candidate id recorded in the transcript")
    p.add_argument("--json", action="store_true", help="print the JSON report")

    p = command("score", supervisor.score, "re-assess saved transcripts (files or folders)")
    p.add_argument("transcripts", nargs="+", metavar="TRANSCRIPT")
    p.add_argument("--rubric", default="default")
    p.add_argument("--json", action="store_true")
    _cohort_options(p)

    p = command("report", supervisor.report, "cohort report over transcripts (files or folders)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--role", default=None, help="rank by this role's fit (default: the first)")
    p.add_argument("--format", choices=["table", "csv", "html", "json", "xapi"], default="table")
    p.add_argument("-o", "--output", help="write to this file instead of stdout")
    p.add_argument("--rubric", default="default")
    p.add_argument("--scenario", help="only this scenario")
    p.add_argument("--candidate", help="only this candidate")
    p.add_argument("--since", help="only calls on or after this date (YYYY-MM-DD)")
    p.add_argument("--until", help="only calls on or before this date (YYYY-MM-DD)")
    p.add_argument(
        "--mode",
        choices=["assessment", "practice", "headless", "all"],
        help="only calls of this mode, ranked (default: every call listed, assessments ranked)",
    )
    p.add_argument(
        "--include-unverified",
        action="store_true",
        help="rank calls that fail their integrity check or did not finish (still flagged)",
    )
    _cohort_options(p)

    p = command(
        "compare", supervisor.compare, "two calls side by side, turn by turn and score by score"
    )
    p.add_argument("a", metavar="A", help="a transcript, or a candidate id (their latest call)")
    p.add_argument("b", metavar="B", help="a transcript, or a candidate id (their latest call)")
    p.add_argument(
        "--in",
        dest="folders",
        action="append",
        metavar="PATH",
        help="where to look for a candidate's calls (default: the transcripts folder)",
    )
    p.add_argument("--scenario", help="a candidate's latest call of this scenario")
    p.add_argument("--rubric", default="default")

    p = command("review", supervisor.review, "record a supervisor's override next to a transcript")
    p.add_argument("transcript")
    p.add_argument("--reviewer", required=True)
    p.add_argument("--reason", required=True)
    p.add_argument("--score", action="append", default=[], metavar="COMPETENCY=N")
    p.add_argument("--dismiss", action="append", default=[], metavar="RULE@TURN")
    p.add_argument("--add", action="append", default=[], metavar="RULE@TURN[:SEVERITY]")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--amend", type=int, metavar="N", help="replace review N's overrides")
    which.add_argument("--revoke", type=int, metavar="N", help="withdraw review N")
    p.add_argument("--rubric", default="default")

    p = command("replay", supervisor.replay, "step through a saved call turn by turn (TUI)")
    p.add_argument("transcript")
    p.add_argument("--rubric", default="default")

    p = command("signals", calls.signals, "probe which signals and rules one reply triggers")
    p.add_argument("text")
    p.add_argument("--scenario", help="use this scenario's account facts")
    p.add_argument("--rubric", default="default")
    p.add_argument(
        "--expect",
        action="append",
        default=[],
        metavar="SIGNAL",
        help="show why this signal did not count (near misses); by default they are shown "
        "for every signal when the reply matched nothing",
    )
    p.add_argument("--json", action="store_true")

    p = command("verify", supervisor.verify, "check transcripts' integrity chains")
    p.add_argument("transcripts", nargs="+", metavar="TRANSCRIPT")

    p = command("serve", supervisor.serve, "the candidate UI in a browser, for invite links only")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--supervisor-token", help="serve the cohort report at /report?token=T")
    p.add_argument("--dir", help="the server's folder (or SIM_SERVE_DIR; default: ./server)")
    p.add_argument("--max-calls", type=int, default=8, help="concurrent calls (default: 8)")
    p.add_argument("--rate-limit", type=int, default=20, help="token attempts per IP a minute")
    p.add_argument("--rubric", default="default")

    p = command("invite", supervisor.invite, "a single-use invite link for `sim serve`")
    p.add_argument("--candidate", required=True, help="candidate id recorded on the call")
    p.add_argument("--scenario", required=True, help="scenario id")
    p.add_argument("--mode", choices=["practice", "assessment"], default="assessment")
    p.add_argument("--expires", default="48h", help="e.g. 30m, 48h, 7d (default: 48h)")
    p.add_argument("--attempts", type=int, default=1, help="calls the link allows (default: 1)")
    p.add_argument("--dir", help="the server's folder (or SIM_SERVE_DIR; default: ./server)")
    p.add_argument("--url", help="the server's public address (or SIM_SERVE_URL)")

    command("list", calls.list, "list the shipped scenarios")

    p = command("validate", trainer.validate, "lint scenarios, rubrics and test plans")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: all)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--rubric", default=None, help=RUBRIC_HELP)

    p = command("graph", trainer.graph, "the scenario's state graph")
    p.add_argument("scenario")
    p.add_argument("--format", choices=["mermaid", "dot"], default="mermaid")
    p.add_argument("--rubric", default=None, help=RUBRIC_HELP)

    p = command("test", trainer.test, "run scenario test plans (*.test.yaml)")
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="plans, folders or scenario ids (default: all)"
    )
    p.add_argument("--rubric", default=None, help=RUBRIC_HELP)

    p = command("explore", trainer.explore, "random walks through a scenario, and plan coverage")
    p.add_argument("scenario")
    p.add_argument("--walks", type=int, default=200)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--plans", nargs="*", help="test plans to measure (default: the scenario's)")
    p.add_argument("--rubric", default=None, help=RUBRIC_HELP)
    p.add_argument("--all", action="store_true", help="every list in full, every stuck walk")

    p = command("new", trainer.new, "scaffold a new scenario and its test plan")
    p.add_argument("kind", choices=["scenario"])
    p.add_argument("name")
    p.add_argument("--dir", default=None, help="folder (default: the scenarios folder)")
    return parser
