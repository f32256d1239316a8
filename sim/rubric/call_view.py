"""A recorded call as the assessment sees it: each turn with its detected signals.

The rubric reads a turn through :class:`PlayedTurn`, a protocol the core owns: the
transcript's ``Turn`` record satisfies it as it is, and :class:`ReplyTurn` is the small
record for a turn that was never played (a probe, a test).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

from sim.rubric.matching.matcher import SignalMatch


class PlayedTurn(Protocol):
    """What the assessment reads of a turn: who was spoken to, what happened, what was said."""

    @property
    def n(self) -> int: ...
    @property
    def party(self) -> str | None: ...
    @property
    def events(self) -> Sequence[str]: ...  # events of this turn's debtor line
    @property
    def debtor(self) -> str: ...
    @property
    def agent(self) -> str: ...
    @property
    def hostile(self) -> bool: ...
    @property
    def capture(self) -> Mapping[str, Any]: ...  # how the reply was typed (pasted chars)


@dataclass(frozen=True)
class ReplyTurn:
    """A turn given directly rather than read from a transcript."""

    n: int
    agent: str
    debtor: str = ""
    party: str | None = "debtor"
    events: Sequence[str] = ()
    hostile: bool = False
    capture: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, turn: Mapping[str, Any]) -> ReplyTurn:
        """A turn in the older dict form (``{"n": 1, "agent": ...}``), for callers that
        still pass one; the record's defaults for the keys it leaves out."""
        return cls(
            turn["n"],
            turn.get("agent", ""),
            turn.get("debtor", ""),
            turn.get("party", "debtor"),
            tuple(turn.get("events", ())),
            bool(turn.get("hostile")),
            turn.get("capture") or {},
        )


@dataclass(frozen=True)
class TurnView:
    n: int
    party: str | None
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

    @cached_property
    def said(self) -> frozenset[str]:
        """Every signal detected anywhere in the call."""
        return frozenset(s for turn in self.turns for s in turn.matches)

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


def view_turn(
    turn: PlayedTurn, found: Sequence[SignalMatch], seen_before: frozenset[str]
) -> TurnView:
    """One turn as the rubric reads it; ``seen_before``: the events of the turns before it."""
    events = frozenset(turn.events)
    return TurnView(
        turn.n,
        turn.party,
        events,
        seen_before | events,
        turn.debtor,
        turn.agent,
        turn.hostile,
        {m.signal: m for m in found},
    )


def build_view(
    turns: Sequence[PlayedTurn],
    matches: Sequence[Sequence[SignalMatch]],
    facts: Mapping[str, Any],
    *,
    ended: bool = True,
    outcome: str | None = None,
) -> CallView:
    views: list[TurnView] = []
    for turn, found in zip(turns, matches, strict=True):
        views.append(view_turn(turn, found, views[-1].seen if views else frozenset()))
    return CallView(tuple(views), facts, ended, outcome)
