"""Integrity flags: signs that a reply was not typed by the candidate during the call."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sim.records.events import Turn

FAST_CHARS_PER_SECOND = 15.0  # sustained typing faster than this is implausible
MIN_CHARS_FOR_SPEED = 40


def integrity_flags(turns: Sequence[Turn]) -> list[dict[str, Any]]:
    flags: list[dict[str, Any]] = []
    earlier: dict[str, int] = {}
    for turn in turns:
        n, text = turn.n, turn.agent.strip()
        capture = turn.capture
        key = " ".join(text.lower().split())
        if key and key in earlier:
            flags.append(
                {
                    "turn": n,
                    "flag": "repeated_reply",
                    "detail": f"identical to the reply in turn {earlier[key]}",
                }
            )
        elif key:
            earlier[key] = n
        if capture.get("pasted"):
            flags.append(
                {"turn": n, "flag": "pasted", "detail": f"{capture['pasted']} characters pasted"}
            )
        if capture.get("truncated"):
            flags.append(
                {
                    "turn": n,
                    "flag": "truncated",
                    "detail": "reply was longer than allowed and was cut",
                }
            )
        latency = turn.latency_ms
        typed = capture.get("keystrokes")
        if latency and typed is not None and len(text) >= MIN_CHARS_FOR_SPEED:
            rate = len(text) / max(latency / 1000, 0.001)
            if rate > FAST_CHARS_PER_SECOND and not capture.get("pasted"):
                flags.append(
                    {
                        "turn": n,
                        "flag": "implausibly_fast",
                        "detail": f"{rate:.0f} characters per second",
                    }
                )
    return flags
