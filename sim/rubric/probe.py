"""The rubric probe: what one reply does, and which rules it breaks on its own.

A single reply cannot show what is missing from a whole call, so only these checks run:
the statement checks (forbid, amount); a ``respond`` check whose window is one turn (the
reply is that turn: "I can't talk, I'm driving" must be answered now); and the order
check of the mini-Miranda, only where the situation says it has not been given yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sim.rubric.call_view import ReplyTurn, build_view
from sim.rubric.loader import LoadedRubric
from sim.rubric.matching.matcher import SignalMatch
from sim.rubric.rules import Violation, evaluate

STATEMENT_CHECKS = frozenset({"forbid", "amount"})


@dataclass(frozen=True)
class Situation:
    """Where a single reply is said: to whom, after what, on which account."""

    party: str = "debtor"
    events: tuple[str, ...] = ("right_party_verified",)  # what happened before the reply
    facts: Mapping[str, Any] = field(
        default_factory=dict
    )  # account facts that differ from the scenario's
    disclosed: bool = True  # the mini-Miranda was given earlier in the call


def probe(
    loaded: LoadedRubric, text: str, facts: Mapping[str, Any], situation: Situation | None = None
) -> tuple[list[SignalMatch], list[Violation]]:
    situation = situation or Situation()
    found = loaded.matcher(facts).probe(text)
    detected = [m for m in found if m.status == "detected"]
    turn = ReplyTurn(1, text, party=situation.party, events=situation.events)
    view = build_view([turn], [detected], facts)
    kinds = STATEMENT_CHECKS | {"respond_now"}
    if not situation.disclosed:
        kinds |= {"require_before"}
    return found, evaluate(loaded.rubric.rules, view, kinds)
