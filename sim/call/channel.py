"""A call played turn by turn over a pair of streams (``sim run --interactive``).

One reply per input line; after the opening and after each reply one JSON line, flushed,
so that any program (a test bot, a web page, a voice front end) can play a call as it
goes; the full report is the last line. A line that cannot be a reply (not UTF-8, blank)
gets a JSON error line and the call waits for the next one.
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO, TextIO

from sim.call.replies import clean
from sim.call.session import Session
from sim.errors import json_safe


def write_line(out: TextIO, data: dict[str, Any]) -> None:
    out.write(json_safe(json.dumps(data, ensure_ascii=False)) + "\n")
    out.flush()


def status(session: Session, signals: list[str]) -> dict[str, Any]:
    """Where the call stands: the contract's keys, after the opening or a reply."""
    call = session.call
    because = call.ended_because if call.ended else None
    return {
        "turn": len(call.turns),
        "debtor": call.line,
        "state": call.state,
        "mood": call.mood,
        "signals": signals,
        "ended": call.ended,
        "outcome": call.outcome,
        "ended_because": because.as_dict() if because else None,
    }


def play(session: Session, replies: BinaryIO, out: TextIO) -> dict[str, Any]:
    """Play the call from ``replies`` until it ends or the input does; return the report
    (also written as the last line)."""
    write_line(out, status(session, []))
    number = 0
    while not session.ended:
        raw = replies.readline()
        if not raw:
            break
        number += 1
        try:
            text, truncated = clean(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
        except UnicodeDecodeError:
            write_line(out, {"error": f"stdin:{number}: not valid UTF-8; reply not sent"})
            continue
        if not text:
            write_line(out, {"error": f"stdin:{number}: an empty reply is not sent"})
            continue
        turn = session.reply(text, capture={"truncated": True} if truncated else None)
        if session.call.ended:
            session.finish()  # the end is on disk before the line that says so
        write_line(out, status(session, [*turn.signals, *session.call.context]))
    session.finish()
    report = session.report()
    write_line(out, report)
    return report
