"""The typed records of a call: one way in (from_dict) and one way out (as_dict)."""

import json
from pathlib import Path

import pytest

from sim.errors import SimError
from sim.records.events import (
    CallEnd,
    Closing,
    EndReason,
    Nudge,
    TranscriptHeader,
    Turn,
    Verdict,
)
from sim.records.transcript import TranscriptWriter, load_transcript

SAMPLES = Path(__file__).resolve().parents[2] / "transcripts" / "samples"
RECORDS = {"header": TranscriptHeader, "turn": Turn, "nudge": Nudge, "end": CallEnd}


def sample_lines():
    for path in sorted(SAMPLES.glob("*.jsonl")):
        if path.name.endswith(".review.jsonl"):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            event = json.loads(line)
            body = {k: v for k, v in event.items() if k not in {"type", "prev", "hash", "mac"}}
            yield event["type"], body


def test_every_sample_line_round_trips_exactly():
    kinds = set()
    for kind, body in sample_lines():
        assert RECORDS[kind].from_dict(body).as_dict() == body
        kinds.add(kind)
    assert {"header", "turn", "end"} <= kinds


def test_built_records_round_trip():
    turn = Turn(n=1, state="greet", debtor="Hello?", agent="Hi", to="verify", via="on[0]")
    end = CallEnd(
        complete=True,
        outcome="paid",
        ended_in="done",
        reason=EndReason.TERMINAL,
        closing=Closing("done", "Bye."),
        unused_replies=["later"],
        assessment=Verdict("default", "ab" * 32, {"empathy": 70}, 70, True),
    )
    for record in (turn, end, Nudge(2, "Hello? Are you there?")):
        assert type(record).from_dict(record.as_dict()) == record
    assert end.as_dict()["reason"] == "terminal"
    assert json.loads(json.dumps(end.as_dict()))["assessment"]["passed"] is True


def test_end_reasons_are_the_recorded_strings():
    assert {r.value for r in EndReason} == {
        "terminal",
        "replies_exhausted",
        "agent_ended",
        "silence",
        "interrupted",
    }
    assert CallEnd.from_dict({"complete": False, "reason": "silence"}).reason is EndReason.SILENCE


def test_a_line_that_is_not_the_record_is_an_error_naming_the_line(tmp_path):
    path = tmp_path / "t.jsonl"
    writer = TranscriptWriter(path, {"scenario": {"id": "x"}, "seed": 1})
    writer.write({"type": "turn", "n": "one", "agent": "hi", "debtor": "", "state": "s"})
    writer.close()
    with pytest.raises(SimError, match=r"t\.jsonl:2: not a valid turn event"):
        load_transcript(path)
