"""End to end: `sim score` and `sim report` as a user runs them, each in a process of its own.

Every run is ``python -c RUNNER ARGS``: the command's own ``main(argv)``, then the process's
peak resident memory (VmHWM, which exec resets, so the benchmark's own size never counts) and
the largest of its worker processes'. Wall time is taken outside: start-up included, as a
user waits for it.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sim.sources.locations import RUBRICS

RUNNER = """
import resource, sys
from sim.commands.parser import main
code = main(sys.argv[1:])
hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM"))
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stderr.write(f"\\nPEAK {int(hwm.split()[1])} {workers}\\n")
raise SystemExit(code)
"""


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float  # the command's own process
    workers_mb: float  # the largest worker process it started (0: none)


@dataclass(frozen=True)
class Timing:
    runs: list[Run]

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    def spread(self) -> str:
        times = [r.seconds for r in self.runs]
        return f"{self.median:.2f} s (min {min(times):.2f}, max {max(times):.2f}, n={len(times)})"

    @property
    def peak_mb(self) -> float:
        return max(max(r.peak_mb, r.workers_mb) for r in self.runs)


def run(argv: list[str], env: dict[str, str] | None = None) -> Run:
    """One command in a fresh process; its exit code is not judged (1 = findings)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    seconds = time.perf_counter() - start
    peak = [line for line in done.stderr.splitlines() if line.startswith("PEAK ")]
    if done.returncode not in (0, 1) or not peak:
        raise RuntimeError(f"sim {' '.join(argv[:2])}... failed: {done.stderr[-500:]}")
    own, workers = (int(x) / 1024 for x in peak[-1].split()[1:])
    return Run(seconds, own, workers)


def repeat(argv: list[str], times: int, env: dict[str, str] | None = None) -> Timing:
    return Timing([run(argv, env) for _ in range(times)])


def options(command: str) -> set[str]:
    """The options `sim COMMAND` has today (the cache and --jobs arrive with issue 19 A)."""
    done = subprocess.run(
        [sys.executable, "-m", "sim", command, "--help"], capture_output=True, text=True
    )
    return {word.strip("[],") for word in done.stdout.split() if word.startswith("--")}


def changed_rubric(folder: Path) -> Path:
    """The default rubric with its pass mark moved: every verdict is worked out afresh, but
    no match changes (the match cache, when there is one, serves them)."""
    text = (RUBRICS / "default.yaml").read_text(encoding="utf-8")
    assert "\npass_mark: 65\n" in text, "the default rubric's pass mark moved: update the benchmark"
    path = folder / "changed.yaml"
    path.write_text(text.replace("\npass_mark: 65\n", "\npass_mark: 70\n"), encoding="utf-8")
    return path


def subset(corpus: list[Path], size: int, folder: Path) -> Path:
    """A folder of the first ``size`` calls (hard links: no copying)."""
    target = folder / f"first-{size}"
    if not target.is_dir():
        target.mkdir(parents=True)
        for path in corpus[:size]:
            os.link(path, target / path.name)
    return target


# -- where the time goes ---------------------------------------------------------------------
STAGES = [  # the innermost frame in `sim/...` says the stage; the first that fits wins
    ("match", ("sim/rubric/matching/",)),
    (
        "load",
        ("sim/records/", "sim/sources/", "sim/rubric/loader", "sim/rubric/model", "sim/authoring/"),
    ),
    ("score", ("sim/rubric/", "sim/scenario/")),
    ("render", ("sim/reports/",)),
]


def stage_shares(argv: list[str]) -> tuple[Counter[str], int]:
    """Sample the main thread every millisecond while ``main(argv)`` runs in this process
    and count where it was: imports, load (transcripts, rubric), match, score, render, other.
    Each sample goes to the innermost frame in the package, so JSON parsing counts as load
    and a regex search as match."""
    from sim.commands.parser import main

    counts: Counter[str] = Counter()
    target = threading.main_thread().ident
    stop = threading.Event()
    sep = os.sep

    def stage_of(frame) -> str:  # type: ignore[no-untyped-def]
        while frame is not None:
            name = frame.f_code.co_filename
            if name.startswith("<frozen importlib"):
                return "imports"
            at = name.rfind(f"{sep}sim{sep}")
            if at >= 0:
                local = name[at + 1 :].replace(sep, "/")
                return next((s for s, roots in STAGES if local.startswith(roots)), "other")
            frame = frame.f_back
        return "other"

    def sample() -> None:
        while not stop.wait(0.001):
            frame = sys._current_frames().get(target)  # a sampling profiler
            counts[stage_of(frame)] += 1

    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        with open(os.devnull, "w") as sink:
            out, sys.stdout = sys.stdout, sink
            try:
                main(argv)
            finally:
                sys.stdout = out
    finally:
        stop.set()
        sampler.join()
        sys.setswitchinterval(interval)
    return counts, sum(counts.values())


def scratch() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="sim-bench-"))
    import atexit

    atexit.register(shutil.rmtree, folder, True)
    return folder


if __name__ == "__main__":  # `python endtoend.py ARGV...`: the stage counts, as JSON
    import json

    found, total = stage_shares(sys.argv[1:])
    print(json.dumps({"total": total, **found}))
