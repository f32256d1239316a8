"""Cohort work at scale: `sim report` over 1k/10k/50k calls, cold and warm, by --jobs.

python benchmarks/cohort_scale.py                 # 1,000 and 10,000 calls
python benchmarks/cohort_scale.py --sizes 1000 10000 50000 --runs 3

The corpus: the committed sample calls copied under new candidates and start times, each
copy re-sealed so that it passes its check (distinct calls, not duplicates). Each figure is
a fresh `sim report DIR --format csv` process: wall time (median of --runs) and its peak
resident memory (VmHWM of the process and its pool). Targets from issue #19: warm 10,000
calls <= 1 s, cold <= 4 s, 50,000 calls <= 80 MB peak.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sim.records.chain import GENESIS, line_text, seal

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "transcripts" / "samples"


def corpus(folder: Path, size: int) -> None:
    """``size`` distinct, verifiable calls in ``folder``."""
    templates = [
        [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines()]
        for p in sorted(SAMPLES.glob("*.jsonl"))
        if not p.name.endswith(".review.jsonl")
    ]
    for n in range(size):
        prev, lines = GENESIS, []
        for line in templates[n % len(templates)]:
            event = {k: v for k, v in line.items() if k not in {"hash", "mac", "prev"}}
            if event["type"] == "header":
                event["candidate"] = f"c-{n % 997:03d} Cand{n % 997}"
                event["started_at"] = f"2026-11-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:00+00:00"
            sealed = seal(prev, event, None)
            prev = sealed["hash"]
            lines.append(line_text(sealed))
        (folder / f"{n // 1000:03d}" / f"call-{n:06d}.jsonl").parent.mkdir(exist_ok=True)
        (folder / f"{n // 1000:03d}" / f"call-{n:06d}.jsonl").write_text("".join(lines))


PEAK = """
import resource, runpy, sys
sys.argv = ["sim", *sys.argv[1:]]
try:
    runpy.run_module("sim", run_name="__main__")
except SystemExit:
    pass
own = resource.getrusage(resource.RUSAGE_SELF)
pool = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = own.ru_utime + own.ru_stime + pool.ru_utime + pool.ru_stime
print(f"PEAK {own.ru_maxrss / 1024:.1f} {pool.ru_maxrss / 1024:.1f} {cpu:.2f}", file=sys.stderr)
"""


def report(folder: Path, cache: Path, *options: str) -> tuple[float, float, float, float]:
    """Wall seconds, peak MB of the main process and of its largest worker, and CPU
    seconds (user + system, the pool's included): on a shared machine the CPU time is the
    steadier figure."""
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", PEAK, "report", str(folder), "--format", "csv", *options],
        capture_output=True,
        text=True,
        env={**os.environ, "SIM_CACHE_DIR": str(cache)},
        check=False,
    )
    seconds = time.perf_counter() - start
    if out.returncode not in (0, 1):
        raise SystemExit(f"sim report failed ({out.returncode}): {out.stderr[-500:]}")
    peak = next(line for line in out.stderr.splitlines() if line.startswith("PEAK"))
    own, pool, cpu = (float(x) for x in peak.split()[1:])
    return seconds, own, pool, cpu


def line(size: int, what: str, runs: list[tuple[float, float, float, float]], target: str) -> None:
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[3] for r in runs)
    own, pool = max(r[1] for r in runs), max(r[2] for r in runs)
    print(
        f"{size:>6,} calls  {what:<18} {wall:6.2f} s wall {cpu:6.2f} s CPU  peak {own:.0f} MB"
        + (f" (largest worker {pool:.0f} MB)" if pool > 1 else "")
        + (f"  (target at 10,000: {target})" if target else ""),
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--no-uncached", action="store_true", help="cold and warm cache only")
    args = parser.parse_args()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder, cache = Path(tmp) / "calls", Path(tmp) / "cache"
            folder.mkdir()
            corpus(folder, size)
            for jobs in () if args.no_uncached else ("1", "2"):
                runs = [
                    report(folder, cache, "--no-cache", "--jobs", jobs) for _ in range(args.runs)
                ]
                line(size, f"--jobs {jobs} uncached", runs, "")
            line(size, "cold cache", [report(folder, cache, "--jobs", "2")], "<= 4 s")
            warm = [report(folder, cache, "--jobs", "2") for _ in range(max(args.runs, 3))]
            line(size, "warm cache", warm, "<= 1 s")
            line(size, "warm, --jobs 1", [report(folder, cache, "--jobs", "1")], "")


if __name__ == "__main__":
    main()
