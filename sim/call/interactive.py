"""An interactive call: the Session plus what only a live candidate produces.

It measures how long each reply took (from the debtor's line to Enter), counts keystrokes
and pasted characters, refuses empty replies, cuts oversized ones, and in practice mode
returns coaching. The clock is injected so the UI can be tested without waiting.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sim.call.coaching import Coach, Coaching
from sim.call.engine import Call
from sim.call.replies import MAX_REPLY_CHARS, clean
from sim.call.session import Session
from sim.errors import SimError
from sim.records.events import EndReason, Turn
from sim.reports.report_model import CallReport
from sim.rubric.loader import LoadedRubric
from sim.scenario.model import Scenario

_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass
class ReplyResult:
    turn: Turn | None
    notice: str | None = None  # e.g. "reply was cut to 2000 characters"
    coaching: Coaching = field(default_factory=lambda: Coaching([], None))


def transcript_path(
    folder: Path, scenario_id: str, candidate: str | None, now: datetime | None = None
) -> Path:
    """The transcript's name: scenario, candidate and time. An id the name cannot spell as
    given (``c/1``, ``c 1``, a non-Latin name) gets a short hash of itself, so two such ids
    never share a name; two calls in the same second get a suffix when the file is created
    (``Session(unique_name=True)``)."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    raw = candidate or "anonymous"
    who = _SAFE.sub("-", raw).strip("-")[:40] or "anonymous"
    if who != raw:
        who += "-" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return folder / f"{scenario_id}--{who}--{stamp}.jsonl"


class LiveCall:
    def __init__(
        self,
        scenario: Scenario,
        scenario_path: Path,
        rubric: LoadedRubric,
        *,
        mode: str,
        candidate: str | None,
        seed: int,
        transcripts: Path | None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.mode = mode
        self.clock = clock
        path = transcript_path(transcripts, scenario.id, candidate) if transcripts else None
        self.session = Session(
            scenario,
            scenario_path,
            rubric,
            seed=seed,
            candidate=candidate,
            mode=mode,
            transcript=path,
            unique_name=True,
        )
        self.transcript = self.session.transcript
        self.started = clock()
        self._line_shown = clock()
        self._keystrokes = 0
        self._pasted = 0
        self._ended_by: str | None = None  # why the call was ended early ('silence')
        header = self.session.record.header
        self._coach = Coach(rubric.rubric, header.facts) if mode == "practice" else None

    @property
    def call(self) -> Call:
        return self.session.call

    @property
    def ended(self) -> bool:
        return self.session.ended

    @property
    def line(self) -> str:
        """What the debtor is saying now."""
        return self.call.line

    @property
    def mood(self) -> int | None:
        return self.call.mood

    def elapsed(self) -> float:
        return self.clock() - self.started

    def keystroke(self) -> None:
        self._keystrokes += 1

    def pasted(self, chars: int) -> None:
        self._pasted += chars

    def reply(self, raw: str, *, sync: bool = True) -> ReplyResult:
        """``sync=False``: the turn is in the transcript at once but reaches the disk at
        :meth:`sync` (the UI calls it once the debtor's answer is on screen); a call the
        debtor ended is closed on the disk at once either way."""
        text, truncated = clean(raw)
        if not text:
            return ReplyResult(None, "Type a reply first: an empty reply is not sent.")
        latency = round((self.clock() - self._line_shown) * 1000)
        capture = {"keystrokes": self._keystrokes, "pasted": self._pasted}
        if truncated:
            capture["truncated"] = True
        mood_before, state_before = self.call.mood, self.call.state
        turn = self.session.reply(text, latency, capture, sync=sync)
        if self.call.ended:
            self.session.finish()  # on disk before the result is asked for: a kill keeps it
        self._keystrokes = self._pasted = 0
        self._line_shown = self.clock()
        coaching = Coaching([], None)
        if self._coach:
            matches = self.call.matches[-1]
            entered = self.call.state != state_before and not self.call.ended
            coaching = self._coach.turn(
                turn, matches, self.call.hint, mood_before, self.call.mood, entered
            )
        notice = f"Your reply was cut to {MAX_REPLY_CHARS} characters." if truncated else None
        return ReplyResult(turn, notice, coaching)

    def sync(self) -> None:
        self.session.sync()

    def nudge(self) -> str:
        return self.session.nudge()

    def end(self, reason: str) -> None:
        """End the call early, without a terminal state: 'silence' when the line went quiet."""
        if not self.ended:
            self.call.end(reason)
            self._ended_by = reason
            self.session.finish(reason)

    def end_reason(self, requested: EndReason | str | None = None) -> EndReason | str | None:
        """Why the call is being closed, for its transcript.

        An early end (silence) is kept; a call the debtor ended in a terminal state needs
        no reason; otherwise it is ``requested`` ('agent_ended' when the candidate hangs up).
        """
        if self._ended_by:
            return self._ended_by
        return None if self.call.ended else requested

    def finish(self, requested: EndReason | str | None = None) -> CallReport:
        """Close the call (see ``end_reason``) and return its report."""
        self.session.finish(self.end_reason(requested))
        return self.session.call_report()

    def interrupt(self) -> None:
        """Close the transcript as an interrupted call (Ctrl+C, a closed terminal). If that
        cannot be written (a full disk), the turns already written still read as an
        interrupted call."""
        if self.session.record.end is None:
            with contextlib.suppress(SimError):
                self.session.finish(EndReason.INTERRUPTED)
