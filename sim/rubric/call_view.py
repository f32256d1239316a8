"""A recorded call as the assessment sees it: each turn with its detected signals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sim.rubric.matching.matcher import SignalMatch


@dataclass(frozen=True)
class TurnView:
    n: int
    party: str
    events: frozenset[str]  # events of this turn's debtor line
    seen: frozenset[str]  # events up to and including this turn
    debtor: str
    agent: str
    hostile: bool
    matches: Mapping[str, SignalMatch]

    def has(self, signal: str) -> bool:
        return signal in self.matches

    @cached_property
    def said(self) -> str:
        """The reply lower-cased with its spaces folded: two replies that differ only in
        case and spacing say the same thing."""
        return " ".join(self.agent.lower().split())


@dataclass(frozen=True)
class CallView:
    turns: tuple[TurnView, ...]
    facts: Mapping[str, Any]
    ended: bool = True  # False while the call goes on: a window still open is not judged yet
    outcome: str | None = None  # the outcome the call ended in, if any

    def first_turn_with(self, event: str) -> int | None:
        return self._first_turns.get(event)

    @cached_property
    def _first_turns(self) -> dict[str, int]:
        """Each event's first turn, found in one pass (asked once per turn: a scan each time
        made scoring quadratic in the number of turns)."""
        first: dict[str, int] = {}
        for turn in self.turns:
            for event in turn.events:
                first.setdefault(event, turn.n)
        return first


def build_view(
    turns: Sequence[Mapping[str, Any]],
    matches: Sequence[Sequence[SignalMatch]],
    facts: Mapping[str, Any],
    *,
    ended: bool = True,
    outcome: str | None = None,
) -> CallView:
    seen: set[str] = set()
    views = []
    for turn, found in zip(turns, matches, strict=True):
        events = frozenset(turn.get("events", ()))
        seen |= events
        views.append(
            TurnView(
                turn["n"],
                turn.get("party", "debtor"),
                events,
                frozenset(seen),
                turn.get("debtor", ""),
                turn.get("agent", ""),
                bool(turn.get("hostile")),
                {m.signal: m for m in found},
            )
        )
    return CallView(tuple(views), facts, ended, outcome)
