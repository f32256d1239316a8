"""What a user waits for at the keyboard: each command's start-up, `sim play`'s first frame,
and Enter to the debtor's next line, in a real pseudo-terminal (no tmux needed).

The pseudo-terminal answers as a terminal with synchronised output does, so the program
wraps each frame in begin/end marks; a text shows when the frame holding it is finished
(what the terminal then draws at once), looked for with the escape sequences dropped.
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
from collections.abc import Iterator
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

    def ms(self) -> str:
        """Milliseconds, as a wait at the keyboard is told: p50, p90 and the worst."""
        return (
            f"p50 {self.median():.1f} ms, p90 {self.quantile(0.9):.1f} ms, "
            f"max {max(self.values):.1f} ms (n={len(self.values)})"
        )


def timed(argv: list[str], runs: int, env: dict[str, str], cwd: Path) -> Spread:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, env=env, cwd=cwd, check=False)
        times.append(time.perf_counter() - start)
    return Spread(times)


def plan_replies(case: int = 0, scenario: str = SCENARIO) -> list[str]:
    plan = yaml.safe_load((SCENARIOS / f"{scenario}.test.yaml").read_text(encoding="utf-8"))
    return [str(step["say"]) for step in plan["tests"][case]["steps"] if "say" in step]


READING = 1.0  # seconds spent on the briefing before Start call (a reader takes longer)
LOST = 3.0  # seconds after which an answer not in view counts as never shown
SYNC_QUERY = b"\x1b[?2026$p"  # does the terminal draw a frame at once (synchronised output)?
SYNC_REPLY = b"\x1b[?2026;2$y"  # yes, as most terminals in use today answer
SYNC_END = b"\x1b[?2026l"  # the end of a frame: the terminal draws it now


class Pty:
    """One program on a pseudo-terminal (120x40 unless told) that answers like a terminal with
    synchronised output: the program wraps each frame in begin/end marks and the screen
    changes only at the end mark, so a frame counts from the moment its last byte is read,
    as a user sees it (not from the first characters of a half-written frame)."""

    def __init__(
        self, argv: list[str], env: dict[str, str], cwd: Path, size: tuple[int, int] = (120, 40)
    ):
        columns, lines = size
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**env, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(lines)},
            cwd=cwd,
            start_new_session=True,
        )
        os.close(slave)
        self.pending = b""  # a frame not finished yet

    def frames(self, timeout: float) -> Iterator[tuple[float, bytes]]:
        """Each frame finished within ``timeout`` seconds: when its end was read, and its
        text with the escape sequences dropped."""
        deadline = time.perf_counter() + timeout
        while (left := deadline - time.perf_counter()) > 0:
            if not select.select([self.master], [], [], min(left, 0.05))[0]:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the program has gone
                return
            at = time.perf_counter()
            if SYNC_QUERY in self.pending[-16:] + chunk:
                os.write(self.master, SYNC_REPLY)
            *done, self.pending = (self.pending + chunk).split(SYNC_END)
            for frame in done:
                yield at, ESCAPES.sub(b"", frame)

    def wait_for(self, *texts: str, timeout: float = 20) -> float:
        """When the frame that shows the last of ``texts`` (each after the one before, in
        the frames finished from now on) was finished."""
        wants = [text.encode() for text in texts]
        seen = b""
        for at, frame in self.frames(timeout):
            seen += frame
            found = 0
            for want in wants:
                found = seen.find(want, found)
                if found < 0:
                    break
            else:
                return at
        raise TimeoutError(f"{texts!r} did not show in {timeout} s")

    def drain(self, quiet: float = 0.06) -> None:
        """Read until the program has finished no frame for ``quiet`` seconds."""
        while any(True for _ in self.frames(quiet)):
            pass

    def send(self, data: str) -> float:
        os.write(self.master, data.encode())
        return time.perf_counter()

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        os.close(self.master)


def play_argv(folder: Path, scenario: str = SCENARIO, mode: str = "practice") -> list[str]:
    return [
        *sim_command(),
        "play",
        scenario,
        "--mode",
        mode,
        "--candidate",
        "bench",
        "--transcripts",
        str(folder / "transcripts"),
    ]


def first_frame(runs: int, env: dict[str, str], folder: Path) -> Spread:
    """`sim play SCENARIO` from exec to the frame with the briefing's title finished."""
    title = yaml.safe_load((SCENARIOS / f"{SCENARIO}.yaml").read_text(encoding="utf-8"))["title"]
    times = []
    for _ in range(runs):
        term = Pty(play_argv(folder), env, folder)
        try:
            times.append(term.wait_for(title[:20]) - term.started)
        finally:
            term.close()
    return Spread(times)


def debtor_lines(scenario: str, replies: list[str]) -> list[str]:
    """What the debtor answers to each reply (seed 0, as `sim play` plays by default; the
    mode changes no line when the replies are typed)."""
    from sim.call.session import Session
    from sim.rubric.loader import load_rubric
    from sim.scenario.loader import load_scenario

    path = SCENARIOS / f"{scenario}.yaml"
    session = Session(load_scenario(path), path, load_rubric("default"), seed=0)
    lines = []
    for text in replies:
        if session.ended:
            break
        session.reply(text)
        lines.append(session.call.line)
    return lines


@dataclass(frozen=True)
class Waits:
    """What a candidate waited for in calls, in milliseconds."""

    start: list[float]  # Start call (after READING the briefing) to the debtor's first line
    replies: list[float]  # Enter on a reply to the debtor's answer
    unseen: list[str]  # the answers that never came into view (within LOST seconds)


def play_call(
    scenario: str, mode: str, env: dict[str, str], folder: Path, size: tuple[int, int]
) -> Waits:
    """Play the scenario's first test plan as a user would: type a reply, let the screen
    settle, press Enter. Each wait runs from Enter to the end of the frame that shows the
    reply and, below it, the debtor's whole answer (its start and its last word: a line only
    half scrolled into view does not count)."""
    replies = plan_replies(0, scenario)
    answers = debtor_lines(scenario, replies)
    waits = Waits([], [], [])
    term = Pty(play_argv(folder, scenario, mode), env, folder, size)
    try:
        term.wait_for("Start call")
        for _ in term.frames(READING):  # reading the briefing
            pass
        pressed = term.send("\r")
        waits.start.append(1000 * (term.wait_for("Debtor:") - pressed))
        term.drain()
        for reply, answer in zip(replies, answers, strict=False):
            term.send(reply)
            term.drain()
            pressed = term.send("\r")
            try:
                shown = term.wait_for(
                    f"You: {reply[:16]}", f"Debtor: {answer[:16]}", answer.split()[-1], timeout=LOST
                )
            except TimeoutError:
                waits.unseen.append(answer)
                continue
            waits.replies.append(1000 * (shown - pressed))
            term.drain()
    finally:
        term.close()
    return waits


def play_calls(
    scenarios: list[str],
    mode: str,
    env: dict[str, str],
    folder: Path,
    size: tuple[int, int] = (80, 24),
) -> Waits:
    """Each scenario's first test plan played in ``mode``, on a terminal of 80x24 unless
    told, where the conversation soon outgrows the screen and every new line scrolls it."""
    calls = [play_call(scenario, mode, env, folder, size) for scenario in scenarios]
    return Waits(
        [ms for call in calls for ms in call.start],
        [ms for call in calls for ms in call.replies],
        [answer for call in calls for answer in call.unseen],
    )
