"""A call being played, with its transcript: the one service both `sim run` and the TUI use."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from sim import __version__
from sim.call.engine import Call, Turn
from sim.records.transcript import CallRecord, TranscriptWriter
from sim.reports.call_report import build_report
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
) -> dict:
    return {
        "scenario": {
            "id": scenario.id,
            "title": scenario.title,
            "sha256": hashlib.sha256(scenario_path.read_bytes()).hexdigest(),
        },
        "rubric": {"id": loaded.rubric.id, "sha256": loaded.sha256},
        "seed": seed,
        "program": f"sim {__version__}",
        "candidate": candidate,
        "mode": mode,
        "start": scenario.start,
        "facts": scenario.facts(),
        "started_at": started_at or datetime.now(UTC).isoformat(timespec="seconds"),
    }


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
    ):
        self.scenario = scenario
        self.rubric = loaded
        header = make_header(scenario, scenario_path, loaded, seed, candidate, mode, started_at)
        self.matcher = loaded.matcher(header["facts"])
        self.call = Call(scenario, self.matcher, seed)
        self.record = CallRecord(header, path=str(transcript) if transcript else None)
        self._writer = TranscriptWriter(transcript, header) if transcript else None
        self._report: dict | None = None

    @property
    def ended(self) -> bool:
        return self.call.ended or self.record.end is not None

    def reply(self, text: str, latency_ms: int | None = None, capture: dict | None = None) -> Turn:
        turn = self.call.reply(text, latency_ms, capture)
        data = turn.as_dict()
        self.record.turns.append(data)
        self._write({"type": "turn", **data})
        return turn

    def nudge(self) -> str:
        line = self.call.nudge()
        event = {"after_turn": len(self.record.turns), "debtor": line}
        self.record.nudges.append(event)
        self._write({"type": "nudge", **event})
        return line

    def finish(self, reason: str | None = None, unused: list[str] | None = None) -> CallRecord:
        """Close the call. ``reason`` is given when it ends without a terminal state."""
        if self.record.end is not None:
            return self.record
        if reason in ("agent_ended", "silence") and not self.call.ended:
            self.call.end(reason)
        complete = self.call.ended and reason != "interrupted"
        end = {
            "outcome": self.call.outcome,
            "ended_in": self.call.state,
            "complete": complete,
            "reason": reason or ("terminal" if complete else "replies_exhausted"),
            "closing": {"state": self.call.state, "debtor": self.call.line} if complete else None,
            "unused_replies": unused or [],
        }
        self.record.end = end
        # The verdict at the time, so a later re-score can say what changed. The report
        # never reads it back, so re-scoring with the same rubric stays byte-identical.
        self._report = report = build_report(self.record, self.rubric)
        end["assessment"] = {
            "rubric": report["rubric"],
            "rubric_sha256": self.rubric.sha256,
            "scores": report["scores"],
            "overall": report["overall"],
            "passed": report["passed"],
        }
        self._write({"type": "end", **end})
        self.close()
        return self.record

    def close(self) -> None:
        if self._writer:
            self._writer.close()

    def report(self) -> dict:
        """The call's report; computed once when the call has been finished."""
        if self._report is not None:
            return self._report
        return build_report(self.record, self.rubric)

    def _write(self, event: dict) -> None:
        if self._writer:
            self._writer.write(event)
