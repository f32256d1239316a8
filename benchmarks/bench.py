"""Performance figures, printed next to their targets (issue 19), never asserted:
`python benchmarks/bench.py [--quick] [--corpus DIR] [--sizes 1000,10000,50000]`.

What a user waits for, measured as they wait for it:

1. a realistic corpus: calls played through the real engine by adaptive agents (see
   benchmarks/corpus.py), with the share of sentences said before;
2. `sim score` (a changed rubric with no cache; a moved pass mark over cached matches)
   and `sim report`, each run a process of its own: replies/s and calls/s, median of N
   with min-max; cold and warm when `sim report` has a result cache;
3. where `sim report`'s time goes (sampled: imports, load, match, score, render);
4. `sim report` at growing cohort sizes, with peak memory;
5. start-up of each command against `python -c pass`, `sim play`'s first frame, and Enter
   to the debtor's next line in a real pseudo-terminal (80x24, both modes, every reply of
   some test plans; p50/p90/max and n), with Start call to the debtor's first line;
6. footnotes: matching one reply at a time (p50/p99), the matching kernel against rapidfuzz's
   cdist, and scoring by call length.

Quick mode (CI) uses small sizes and says so beside every target it cannot reach in size.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import corpus, endtoend, terminal  # noqa: E402
from benchmarks.endtoend import Timing  # noqa: E402
from sim.sources.locations import SCENARIOS  # noqa: E402

MODES = ("practice", "assessment")


def line(label: str, figure: str, target: str = "") -> None:
    print(f"{label:<46}{figure}" + (f"   [target: {target}]" if target else ""))


def rate(count: int, timing: Timing, unit: str) -> str:
    times = [r.seconds for r in timing.runs]
    return (
        f"{count / timing.median:,.0f} {unit}/s "
        f"(min {count / max(times):,.0f}, max {count / min(times):,.0f})"
    )


def throughput(files: list[Path], folder: Path, runs: int, options: set[str]) -> None:
    replies = sum(1 for _ in corpus.agent_lines(files))
    calls = len(files)
    data = endtoend.subset(files, calls, folder)
    rubric = str(endtoend.changed_rubric(folder))
    cached = "--cache-dir" in options
    print(f"\n== end to end over {calls:,} calls ({replies:,} replies), each run a fresh process")

    def fresh(n: int) -> tuple[list[str], dict[str, str]]:
        cache = folder / f"cache-{time.monotonic_ns()}-{n}"
        return (["--cache-dir", str(cache)] if cached else []), {"XDG_CACHE_HOME": str(cache)}

    score_options = endtoend.options("score")
    if "--no-cache" in score_options:  # every reply matched afresh: nothing hidden
        nocache = endtoend.repeat(["score", str(data), "--rubric", rubric, "--no-cache"], runs)
        line("sim score, changed rubric, no cache", rate(replies, nocache, "replies"))
        line("", f"{rate(calls, nocache, 'calls')}; {nocache.spread()}")
    if "--cache-dir" in score_options:
        # a re-score after the pass mark moved: the matches of an earlier score are cached
        # (each run gets a copy of them alone: no result of the changed rubric is cached)
        filled = folder / "cache-matches-filled"
        endtoend.run(["score", str(data), "--cache-dir", str(filled)])
        scored = []
        for n in range(runs):
            cache = folder / f"cache-rescore-{n}"
            shutil.copytree(filled / "matches-v1", cache / "matches-v1")
            argv = ["score", str(data), "--rubric", rubric, "--cache-dir", str(cache)]
            scored.append(endtoend.run(argv, {"XDG_CACHE_HOME": str(cache)}))
        score = Timing(scored)
        label = "sim score, changed pass mark, matches cached"
    else:
        score = endtoend.repeat(["score", str(data), "--rubric", rubric], runs)
        label = "sim score, changed rubric"
    line(label, rate(replies, score, "replies"), ">= 15,000 replies/s")
    line("", f"{rate(calls, score, 'calls')}; {score.spread()}")

    cold = []
    for n in range(runs):
        extra, env = fresh(n)
        cold.append(endtoend.run(["report", str(data), "--format", "csv", *extra], env))
    timing = Timing(cold)
    per10k = timing.median * 10_000 / calls
    line("sim report, cold", timing.spread(), "10,000 calls <= 4 s")
    line("", f"{rate(calls, timing, 'calls')}; {per10k:.2f} s per 10,000 calls at this rate")
    if cached:
        extra, env = fresh(runs)
        argv = ["report", str(data), "--format", "csv", *extra]
        endtoend.run(argv, env)  # fills the cache
        warm = endtoend.repeat(argv, runs, env)
        line("sim report, warm (cached)", warm.spread(), "10,000 calls <= 1 s")
        line("", f"{rate(calls, warm, 'calls')}; {warm.median * 10_000 / calls:.2f} s per 10,000")
    else:
        line("sim report, warm (cached)", "n/a (sim report has no --cache-dir yet)", "<= 1 s")
    line("  --jobs", "default (all cores)" if "--jobs" in options else "n/a (one process)")

    argv = ["report", str(data), "--format", "csv"]  # as the cold runs, in one process
    if "--jobs" in options:
        argv += ["--jobs", "1"]
    if "--no-cache" in options:
        argv += ["--no-cache"]
    done = subprocess.run(
        [sys.executable, str(Path(endtoend.__file__)), *argv],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "XDG_CACHE_HOME": str(folder / "cache-stages")},
    )
    counts = json.loads(done.stdout.splitlines()[-1])
    total = counts.pop("total") or 1
    shares = ", ".join(
        f"{stage} {n / total:.0%}" for stage, n in sorted(counts.items(), key=lambda kv: -kv[1])
    )
    line("sim report, time by stage", f"{shares} ({total:,} samples, one process)")


def scaling(files: list[Path], folder: Path, sizes: list[int], options: set[str]) -> None:
    print("\n== sim report by cohort size (one run each, peak resident memory)")
    for size in sizes:
        if size > len(files):
            line(f"  {size:,} calls", f"skipped (the corpus has {len(files):,})")
            continue
        cache = folder / f"cache-scale-{size}"
        extra = ["--cache-dir", str(cache)] if "--cache-dir" in options else []
        data = endtoend.subset(files, size, folder)
        r = endtoend.run(
            ["report", str(data), "--format", "csv", *extra], {"XDG_CACHE_HOME": str(cache)}
        )
        workers = f", workers up to {r.workers_mb:.0f} MB" if r.workers_mb else ""
        line(
            f"  {size:,} calls",
            f"{r.seconds:.2f} s, {size / r.seconds:,.0f} calls/s, peak {r.peak_mb:.0f} MB{workers}",
            "50,000 calls <= 80 MB" if size == max(sizes) else "",
        )


def startup(folder: Path, runs: int, quick: bool) -> None:
    print(f"\n== start-up, median of {runs} (min-max), in a pseudo-terminal where it draws")
    env = {**os.environ, "XDG_CACHE_HOME": str(folder / "cache-startup")}
    sim = terminal.sim_command()
    replies = folder / "ten-replies.txt"
    replies.write_text("\n".join((terminal.plan_replies(0) * 10)[:10]) + "\n", encoding="utf-8")
    bare = terminal.timed([sys.executable, "-c", "pass"], runs, env, folder)
    line("python -c pass", str(bare))
    run = [*sim, "run", terminal.SCENARIO, "--replies", str(replies)]
    # each in a cache home of its own: the scenario and rubric loaded, checked and compiled afresh
    cold = terminal.Spread(
        [
            terminal.timed(
                run, 1, {**env, "XDG_CACHE_HOME": str(folder / f"cold-{n}")}, folder
            ).values[0]
            for n in range(runs)
        ]
    )
    first = terminal.timed([*sim, "list"], 1, env, folder)  # fills the catalogue cache
    terminal.timed(run, 1, env, folder)  # fills the rubric and scenario caches, as a first run does
    figures = [
        ("sim --help", [*sim, "--help"], ""),
        ("sim list", [*sim, "list"], "<= 0.15 s"),
        ("sim run (10 replies)", run, "<= 0.25 s"),
    ]
    for label, argv, target in figures:
        spread = terminal.timed(argv, runs, env, folder)
        line(label, f"{spread}, {spread.median() / bare.median():.1f}x bare", target)
        if label == "sim list":
            line("", f"first run (catalogue not cached yet) {first.median():.3f} s")
        if argv is run:
            line("", f"first run (rubric and scenario not cached yet) {cold}")
    frame = terminal.first_frame(runs, env, folder)
    line("sim play, first frame", str(frame), "<= 0.4 s")
    typing_waits(folder, env, quick)


def typing_waits(folder: Path, env: dict[str, str], quick: bool) -> None:
    """Enter to the debtor's next line, in both modes, over every reply of the first test
    plan of some scenarios (quick) or all of them."""
    scenarios = (
        ["angry-customer", "time-barred"]
        if quick
        else sorted(p.name.removesuffix(".test.yaml") for p in SCENARIOS.glob("*.test.yaml"))
    )
    played = {m: terminal.play_calls(scenarios, m, env, folder) for m in MODES}
    every = terminal.Spread([ms for waits in played.values() for ms in waits.replies])
    unseen = sum(len(waits.unseen) for waits in played.values())
    line(
        "Enter to the debtor's next line",
        f"{every.ms()}, {len(scenarios)} scenarios x {len(MODES)} modes, 80x24"
        + (f"; answers never in view: {unseen}" if unseen else ""),
        "p90 <= 16 ms",
    )
    for mode, waits in played.items():
        line(f"  {mode}", terminal.Spread(waits.replies).ms())
    start = terminal.Spread([ms for waits in played.values() for ms in waits.start])
    line("Start call to the first line", start.ms())


def footnotes(quick: bool) -> None:
    from benchmarks.kernel import kernel_ratio, per_reply
    from benchmarks.long_calls import long_call
    from sim.reports.call_report import assess_record
    from sim.rubric.loader import load_rubric
    from sim.scenario.loader import load_scenario
    from sim.sources.locations import SCENARIOS

    print("\n== footnotes (not what a user waits for)")
    loaded = load_rubric("default")
    facts = load_scenario(SCENARIOS / "angry-customer.yaml").facts()
    line("matching one reply", per_reply(loaded, facts, 1000 if quick else 5000), "p99 <= 5 ms")
    line("matching kernel", kernel_ratio(loaded, facts, 1000 if quick else 10_000))
    assess_record(long_call(50), loaded)  # the matcher's first use
    figures = []
    for size in [500, 2000] if quick else [1000, 4000, 16_000]:
        start = time.process_time()
        assess_record(long_call(size), loaded)
        figures.append(f"{size:,} turns {time.process_time() - start:.2f} s")
    line("scoring one call by its length", ", ".join(figures), "linear")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI (< 1 minute)")
    parser.add_argument("--corpus", type=Path, help="keep (and reuse) the generated calls here")
    parser.add_argument("--calls", type=int, help="the cohort timed end to end (default 10,000)")
    parser.add_argument("--sizes", help="cohort sizes for memory, e.g. 1000,10000,50000")
    parser.add_argument("--runs", type=int, help="runs per figure (median of N)")
    args = parser.parse_args()
    calls = args.calls or (200 if args.quick else 10_000)
    sizes = [
        int(s) for s in (args.sizes or ("100" if args.quick else "1000,10000,50000")).split(",")
    ]
    runs = args.runs or (3 if args.quick else 5)
    folder = endtoend.scratch()
    mode = "quick: small cohorts, start-up weighs more" if args.quick else "full"
    print(f"sim benchmark ({mode}), Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")

    start = time.perf_counter()
    files = corpus.generate(args.corpus or folder / "corpus", max(calls, *sizes))
    lines = list(corpus.agent_lines(files))
    sentences, exact, loose = corpus.repeated_share(lines)
    line(
        "corpus",
        f"{len(files):,} calls, {len(lines):,} replies, {sentences:,} sentences: "
        f"{exact:.0%} said before ({loose:.0%} ignoring case and punctuation); "
        f"{time.perf_counter() - start:.1f} s to play",
    )
    options = endtoend.options("report")
    throughput(files[:calls], folder, runs, options)
    scaling(files, folder, sizes, options)
    startup(folder, runs, args.quick)
    footnotes(args.quick)
    print(f"\n(total {time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
