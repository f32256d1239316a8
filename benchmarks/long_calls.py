"""Long calls for growth measurements: a sample call's turns cycled to any length.

Each reply is made distinct (so nothing is remembered from one turn to the next) and no
turn records an event, so every rule or contribution waiting for one looks at every turn:
the worst case for anything that grows with the number of turns.
"""

from __future__ import annotations

from itertools import cycle, islice
from pathlib import Path

from sim.records.events import Turn
from sim.records.transcript import CallRecord, load_transcript

SAMPLE = (
    Path(__file__).resolve().parents[1] / "transcripts" / "samples" / "hardship--c-101--model.jsonl"
)


def long_call(turns: int) -> CallRecord:
    """A call of ``turns`` turns with no end event."""
    sample = load_transcript(SAMPLE)
    record = CallRecord(sample.header, path=f"<{turns} turns>")
    for n, turn in enumerate(islice(cycle(sample.turns), turns), start=1):
        d = turn.as_dict()
        d.update(n=n, events=[], agent=f"{turn.agent} Reference {n}.")
        record.turns.append(Turn.from_dict(d))
    return record
