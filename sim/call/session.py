"""A call being played, with its transcript: the one service both `sim run` and the TUI use."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sim import __version__
from sim.call.ending import without_terminal
from sim.call.engine import Call, Turn
from sim.errors import SimError
from sim.records.events import (
    CallEnd,
    Closing,
    EndReason,
    Nudge,
    RubricRef,
    ScenarioRef,
    TranscriptHeader,
    Verdict,
    check_candidate,
)
from sim.records.transcript import CallRecord, TranscriptWriter
from sim.reports.call_report import report_of
from sim.reports.report_model import CallReport
from sim.rubric.assess import earns_nothing
from sim.rubric.loader import LoadedRubric
from sim.scenario.model import Scenario


def make_header(
    scenario: Scenario,
    scenario_path: Path,
    loaded: LoadedRubric,
    seed: int,
    candidate: str | None,
    mode: str,
    started_at: str | None = None,
) -> TranscriptHeader:
    return TranscriptHeader(
        scenario=ScenarioRef(
            scenario.id, scenario.title, hashlib.sha256(scenario_path.read_bytes()).hexdigest()
        ),
        rubric=RubricRef(loaded.rubric.id, loaded.sha256),
        seed=seed,
        program=f"sim {__version__}",
        candidate=candidate,
        mode=mode,
        start=scenario.start,
        facts=scenario.facts(),
        started_at=started_at or datetime.now(UTC).isoformat(timespec="seconds"),
    )


class Session:
    def __init__(
        self,
        scenario: Scenario,
        scenario_path: Path,
        loaded: LoadedRubric,
        *,
        seed: int = 0,
        candidate: str | None = None,
        mode: str = "assessment",
        transcript: str | Path | None = None,
        started_at: str | None = None,
        unique_name: bool = False,
    ):
        """``unique_name``: if ``transcript`` is taken, write beside it with a suffix."""
        if candidate is not None:
            try:
                candidate = check_candidate(candidate)
            except ValueError as exc:
                raise SimError(f"candidate {ascii(candidate)[:80]}: {exc}") from None
        self.scenario = scenario
        self.rubric = loaded
        header = make_header(scenario, scenario_path, loaded, seed, candidate, mode, started_at)
        self.matcher = loaded.matcher(header.facts)
        words = {sid: sig.description for sid, sig in loaded.rubric.signals.items()}
        self.call = Call(scenario, self.matcher, seed, signal_words=words)
        self._writer = (
            TranscriptWriter(transcript, header.as_dict(), unique=unique_name)
            if transcript
            else None
        )
        self.transcript = self._writer.path if self._writer else None
        self.record = CallRecord(header, path=str(self.transcript) if self.transcript else None)
        self._report: CallReport | None = None

    @property
    def ended(self) -> bool:
        return self.call.ended or self.record.end is not None

    def reply(
        self,
        text: str,
        latency_ms: int | None = None,
        capture: dict[str, Any] | None = None,
        *,
        sync: bool = True,
    ) -> Turn:
        """``sync=False``: the turn is written but put on the disk at :meth:`sync`."""
        calming = not earns_nothing(self.record.header.mode, text, capture)
        turn = self.call.reply(text, latency_ms, capture, calming=calming)
        self.record.turns.append(turn)
        self._write({"type": "turn", **turn.as_dict()}, sync=sync)
        return turn

    def sync(self) -> None:
        if self._writer:
            self._writer.sync()

    def nudge(self) -> str:
        line = self.call.nudge()
        nudge = Nudge(after_turn=len(self.record.turns), debtor=line)
        self.record.nudges.append(nudge)
        self._write({"type": "nudge", **nudge.as_dict()})
        return line

    def finish(
        self, reason: EndReason | str | None = None, unused: list[str] | None = None
    ) -> CallRecord:
        """Close the call. ``reason`` is given when it ends without a terminal state."""
        if self.record.end is not None:
            return self.record
        why = EndReason(reason) if reason is not None else None
        if why in (EndReason.AGENT_ENDED, EndReason.SILENCE) and not self.call.ended:
            self.call.end(why)
        complete = self.call.ended and why is not EndReason.INTERRUPTED
        ended_by = why or (EndReason.TERMINAL if complete else EndReason.REPLIES_EXHAUSTED)
        because = (
            self.call.ended_because if complete else without_terminal(ended_by, self.record.turns)
        )
        end = CallEnd(
            outcome=self.call.outcome,
            ended_in=self.call.state,
            complete=complete,
            reason=ended_by,
            closing=Closing(self.call.state, self.call.line) if complete else None,
            unused_replies=unused or [],
            because=because,
        )
        self.record.end = end
        # The verdict at the time, so a later re-score can say what changed. The report
        # never reads it back, so re-scoring with the same rubric stays byte-identical.
        # Each reply is scored with the signals the engine found in it during the call.
        self._report = report = report_of(self.record, self.rubric, self.call.matches)
        self.record.end = end = end.with_assessment(
            Verdict(
                rubric=report.rubric,
                rubric_sha256=self.rubric.sha256,
                scores=report.scores,
                overall=report.overall,
                passed=report.passed,
            )
        )
        self._write({"type": "end", **end.as_dict()})
        self.close()
        return self.record

    def close(self) -> None:
        if self._writer:
            self._writer.close()

    def call_report(self) -> CallReport:
        """The call's report; computed once when the call has been finished."""
        if self._report is not None:
            return self._report
        return report_of(self.record, self.rubric, self.call.matches)

    def report(self) -> dict[str, Any]:
        """:meth:`call_report` as the contract's JSON object, for callers still reading it."""
        return self.call_report().as_dict()

    def _write(self, event: dict[str, Any], *, sync: bool = True) -> None:
        if self._writer:
            self._writer.write(event, sync=sync)
