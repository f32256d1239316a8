"""What a user waits for at the keyboard: each command's start-up, `sim play`'s first frame,
and Enter to the debtor's next line, in a real pseudo-terminal (no tmux needed).

The pseudo-terminal's output is read raw; escape sequences are dropped and the text looked
for in what is left, so a line shows as soon as the program has written it.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import statistics
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from sim.sources.locations import SCENARIOS

ESCAPES = re.compile(rb"\x1b(\[[0-9;?<=>$ ]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|P[^\x1b]*\x1b\\|.)")
SCENARIO = "angry-customer"


def sim_command() -> list[str]:
    """The installed `sim` script beside this Python, as a user types it; else -m sim."""
    script = Path(sys.executable).with_name("sim")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sim"]


@dataclass(frozen=True)
class Spread:
    values: list[float]

    def median(self) -> float:
        return statistics.median(self.values)

    def quantile(self, q: float) -> float:
        ordered = sorted(self.values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def __str__(self) -> str:
        v = self.values
        return f"{self.median():.3f} s (min {min(v):.3f}, max {max(v):.3f}, n={len(v)})"


def timed(argv: list[str], runs: int, env: dict[str, str], cwd: Path) -> Spread:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, env=env, cwd=cwd, check=False)
        times.append(time.perf_counter() - start)
    return Spread(times)


def plan_replies(case: int = 0) -> list[str]:
    plan = yaml.safe_load((SCENARIOS / f"{SCENARIO}.test.yaml").read_text(encoding="utf-8"))
    return [str(step["say"]) for step in plan["tests"][case]["steps"] if "say" in step]


class Pty:
    """One program on a pseudo-terminal of 120x40."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path):
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**env, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"},
            cwd=cwd,
            start_new_session=True,
        )
        os.close(slave)
        self.seen = b""

    def wait_for(self, text: str, timeout: float = 20) -> float:
        """Seconds until ``text`` shows in output not read before; all output is consumed."""
        want = text.encode()
        self.seen = b""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    break
                self.seen += chunk
                if want in ESCAPES.sub(b"", self.seen):
                    return time.perf_counter()
        raise TimeoutError(f"{text!r} did not show in {timeout} s")

    def drain(self, quiet: float = 0.15) -> None:
        """Read until the program has written nothing for ``quiet`` seconds."""
        while select.select([self.master], [], [], quiet)[0]:
            try:
                os.read(self.master, 65536)
            except OSError:
                return

    def send(self, data: str) -> float:
        os.write(self.master, data.encode())
        return time.perf_counter()

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        os.close(self.master)


def play_argv(folder: Path) -> list[str]:
    return [
        *sim_command(),
        "play",
        SCENARIO,
        "--candidate",
        "bench",
        "--transcripts",
        str(folder / "transcripts"),
    ]


def first_frame(runs: int, env: dict[str, str], folder: Path) -> Spread:
    """`sim play SCENARIO` from exec to the briefing's title on screen."""
    title = yaml.safe_load((SCENARIOS / f"{SCENARIO}.yaml").read_text(encoding="utf-8"))["title"]
    times = []
    for _ in range(runs):
        term = Pty(play_argv(folder), env, folder)
        try:
            times.append(term.wait_for(title[:20]) - term.started)
        finally:
            term.close()
    return Spread(times)


def debtor_lines(replies: list[str]) -> list[str]:
    """What the debtor answers to each reply (seed 0, as `sim play` plays by default)."""
    from sim.call.session import Session
    from sim.rubric.loader import load_rubric
    from sim.scenario.loader import load_scenario

    path = SCENARIOS / f"{SCENARIO}.yaml"
    session = Session(load_scenario(path), path, load_rubric("default"), seed=0)
    lines = []
    for text in replies:
        if session.ended:
            break
        session.reply(text)
        lines.append(session.call.line)
    return lines


def enter_to_line(calls: int, env: dict[str, str], folder: Path) -> Spread:
    """Type each reply, let the screen settle, press Enter: the time until the first
    characters of the debtor's answer are written to the terminal."""
    times = []
    for case in range(calls):
        replies = plan_replies(case)
        answers = debtor_lines(replies)
        term = Pty(play_argv(folder), env, folder)
        try:
            term.wait_for("Start call")
            term.drain()
            term.send("\r")  # the briefing's Start call
            term.wait_for("Debtor:")
            term.drain()
            for reply, answer in zip(replies, answers, strict=False):
                term.send(reply)
                term.drain()
                pressed = term.send("\r")
                times.append(term.wait_for(answer[:16]) - pressed)
                term.drain()
        finally:
            term.close()
    return Spread(times)
