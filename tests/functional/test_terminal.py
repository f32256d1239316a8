"""The real program in a real terminal: tmux types with send-keys and reads with capture-pane."""

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from sim.records.transcript import load_transcript, verify

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

REPLIES = [
    "Hi, this is Alex from Summit Recovery Services. Am I speaking with Dana Whitfield?",
    "Thanks, Dana. For security, can you confirm your date of birth?",
]


class Terminal:
    """One program in a tmux pane, on a private tmux server (``tmux -L``) of its own: a
    server the developer already runs would ignore the environment given here."""

    def __init__(self, command: list[str], env: dict, cwd: Path):
        self.server = f"sim-test-{uuid.uuid4().hex[:12]}"
        self.name = "call"
        environment = {**os.environ, **env, "TERM": "xterm-256color"}
        environment.pop("TMUX", None)  # not a client of the developer's own tmux
        self.tmux(
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            self.name,
            "-x",
            "100",
            "-y",
            "30",
            "-c",
            str(cwd),
            shlex.join(command),
            env=environment,
        )
        self.socket = self.tmux("display-message", "-p", "#{socket_path}").strip()

    def tmux(self, *args: str, env: dict | None = None) -> str:
        out = subprocess.run(
            ["tmux", "-L", self.server, *args],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        return out.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def wait_for(self, text: str, times: int = 1, timeout: float = 30) -> str:
        """Wait until ``text`` shows (``times`` times); lines wrap, so keep it short."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if screen.count(text) >= times:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", self.name, "-l", text)

    def say(self, reply: str) -> None:
        """Type a reply as a person would: see it in the box, press Enter, see the box clear."""
        self.type(reply)
        self.wait_for(reply[-12:])
        self.key("Enter")
        self.wait_for("Type what you would say")

    def key(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys)

    def pid(self) -> int:
        return int(self.tmux("list-panes", "-t", self.name, "-F", "#{pane_pid}").split()[0])

    def close(self) -> None:
        """Close the window: the program gets SIGHUP."""
        subprocess.run(
            ["tmux", "-L", self.server, "kill-session", "-t", self.name], capture_output=True
        )

    def kill_server(self) -> None:
        """End the private server and remove its socket."""
        subprocess.run(["tmux", "-L", self.server, "kill-server"], capture_output=True)
        Path(self.socket).unlink(missing_ok=True)


@pytest.fixture
def calls(tmp_path):
    """Where the program saves its calls (SIM_TRANSCRIPTS)."""
    folder = tmp_path / "calls"
    folder.mkdir()
    return folder


@pytest.fixture
def terminal(tmp_path, calls):
    opened = []

    def open_(*args):
        term = Terminal(
            [sys.executable, "-m", "sim", "play", *args],
            {"SIM_TRANSCRIPTS": str(calls)},
            cwd=tmp_path,
        )
        opened.append(term)
        return term

    yield open_
    for term in opened:
        term.kill_server()


def test_a_call_in_a_real_terminal(terminal, calls):
    term = terminal("angry-customer", "--candidate", "tmux-1", "--seed", "3")
    term.wait_for("Start call")
    term.key("Enter")
    term.wait_for("Debtor:")
    for reply in REPLIES:
        term.say(reply)
    screen = term.wait_for("Debtor:", times=3)
    assert screen.count("You:") == 2 and "Anger" in screen
    term.key("C-e")
    screen = term.wait_for("Overall")
    assert "Empathy" in screen and "Compliance" in screen
    term.key("q")
    [path] = list(calls.glob("angry-customer--tmux-1--*.jsonl"))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and load_transcript(path).end is None:
        time.sleep(0.2)
    record = load_transcript(path)
    assert [t["agent"] for t in record.turns] == REPLIES
    assert record.end["reason"] == "agent_ended" and verify(path).ok


def test_sigkill_mid_call_keeps_every_completed_turn(terminal, calls, cli):
    term = terminal("hardship", "--candidate", "kill-1", "--mode", "assessment")
    term.wait_for("Start call")
    term.key("Enter")
    term.wait_for("Debtor:")
    for reply in [
        "Hello, this is Alex calling from Summit Recovery Services. May I speak with Maria Lopez?",
        "Thank you. Could you confirm your address?",
    ]:
        term.say(reply)
    term.wait_for("Debtor:", times=3)
    term.type("This is an attempt to collect a debt and I am half way through typ")
    term.wait_for("half way through typ")
    os.kill(term.pid(), signal.SIGKILL)
    [path] = list(calls.glob("hardship--kill-1--*.jsonl"))
    record = load_transcript(path)
    assert len(record.turns) == 2 and not record.complete and record.end is None
    result = verify(path)
    assert result.ok and not result.complete
    assert cli("score", path).returncode == 0


def test_closing_the_terminal_marks_the_call_interrupted(terminal, calls):
    term = terminal("dispute", "--candidate", "hup-1")
    term.wait_for("Start call")
    term.key("Enter")
    term.wait_for("Debtor:")
    term.say("Hi, this is Alex from Summit Recovery Services. Am I speaking with Kevin Osei?")
    term.close()  # tmux kill-session: the program gets SIGHUP, as when a window is closed
    [path] = list(calls.glob("dispute--hup-1--*.jsonl"))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and load_transcript(path).end is None:
        time.sleep(0.2)
    record = load_transcript(path)
    assert len(record.turns) == 1 and not record.complete
    assert record.end is not None and record.end["reason"] == "interrupted"
    assert verify(path).ok
