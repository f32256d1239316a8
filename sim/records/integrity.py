"""Integrity flags: signs that a reply was not typed by the candidate during the call."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sim.records.events import Turn

FAST_CHARS_PER_SECOND = 15.0  # sustained typing faster than this is implausible
MIN_CHARS_FOR_SPEED = 40


@dataclass(frozen=True)
class IntegrityFlag:
    """A sign that the reply in ``turn`` was not typed by the candidate during the call."""

    turn: int
    flag: str  # "repeated_reply", "pasted", "truncated" or "implausibly_fast"
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {"turn": self.turn, "flag": self.flag, "detail": self.detail}


def integrity_flags(turns: Sequence[Turn]) -> list[IntegrityFlag]:
    flags: list[IntegrityFlag] = []
    earlier: dict[str, int] = {}
    for turn in turns:
        n, text = turn.n, turn.agent.strip()
        capture = turn.capture
        key = " ".join(text.lower().split())
        if key and key in earlier:
            flags.append(
                IntegrityFlag(n, "repeated_reply", f"identical to the reply in turn {earlier[key]}")
            )
        elif key:
            earlier[key] = n
        if capture.get("pasted"):
            flags.append(IntegrityFlag(n, "pasted", f"{capture['pasted']} characters pasted"))
        if capture.get("truncated"):
            flags.append(IntegrityFlag(n, "truncated", "reply was longer than allowed and was cut"))
        latency = turn.latency_ms
        typed = capture.get("keystrokes")
        if latency and typed is not None and len(text) >= MIN_CHARS_FOR_SPEED:
            rate = len(text) / max(latency / 1000, 0.001)
            if rate > FAST_CHARS_PER_SECOND and not capture.get("pasted"):
                flags.append(
                    IntegrityFlag(n, "implausibly_fast", f"{rate:.0f} characters per second")
                )
    return flags
